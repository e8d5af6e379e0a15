"""Interrupting work from outside: Ctrl-C at a long-running ``hongyan`` command, as a user
at a terminal gives it, and kill -9 in the middle of a piece of work (plan E41)."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def killed_when_done(code: str, *args: str, once_it_says: str) -> Iterator[None]:
    """Run Python ``code`` with ``args`` in a child; once its first stdout line starts with
    ``once_it_says`` (the work is under way), run the block, then kill -9 the child."""
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith(once_it_says), child.stderr.read() if child.stderr else ""
        yield
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
