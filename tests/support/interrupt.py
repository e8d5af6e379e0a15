"""Ctrl-C at a long-running ``hongyan`` command, as a user at a terminal gives it."""

from __future__ import annotations

import signal
import subprocess
import sys

COMMAND = "import sys; from hongyan.cli import main; sys.exit(main())"


def interrupted(*args: str, once_it_says: str) -> tuple[int, str, str]:
    """Run ``hongyan ARGS``, send SIGINT when its first stderr line starts with
    ``once_it_says`` (the work is under way then), and return (exit status, stdout, stderr).
    """
    child = subprocess.Popen(
        [sys.executable, "-c", COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    line = child.stderr.readline()
    assert line.startswith(once_it_says), line
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    return child.returncode, out, err
