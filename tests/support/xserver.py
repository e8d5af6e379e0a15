"""A private X server (Xvfb) and window manager (openbox) for tests that need the real xcb
platform: offscreen Qt uses the Windows key scheme and draws no window frames, so shortcut
clashes and window geometry can only be checked under X (see testing-notes.md).

The display number is chosen by Xvfb itself (``-displayfd``), so parallel test runs never
collide; the processes are ended by their own PIDs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

SCREEN = "1366x768x24"


@dataclass(frozen=True)
class XDisplay:
    """A running Xvfb: its ``DISPLAY`` value and the size of its screen."""

    name: str
    screen: str
    window_manager: bool


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_window_manager(display: str) -> None:
    """Until the window manager has announced itself on the root window (EWMH)."""
    xprop = shutil.which("xprop")
    if xprop is None:
        time.sleep(1.0)
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        announced = subprocess.run(
            [xprop, "-root", "_NET_SUPPORTING_WM_CHECK"],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            text=True,
        )
        if "window id" in announced.stdout:
            return
        time.sleep(0.05)


@contextmanager
def xvfb(*, window_manager: bool = False, screen: str = SCREEN) -> Iterator[XDisplay]:
    """Start Xvfb (and openbox when asked); skip the test when they cannot be started."""
    binary = shutil.which("Xvfb")
    if binary is None:
        pytest.skip("Xvfb is not installed (Debian: apt-get install xvfb)")
    if window_manager and shutil.which("openbox") is None:
        pytest.skip("openbox is not installed (Debian: apt-get install openbox)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [binary, "-displayfd", str(write_end), "-screen", "0", screen, "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as announced:
        number = announced.readline().strip()  # written once the server accepts clients
    if not number:
        _stop(server)
        pytest.skip("Xvfb could not start an X server here")
    display = f":{number}"
    manager = None
    try:
        if window_manager:
            manager = subprocess.Popen(
                ["openbox", "--sm-disable"],
                env={**os.environ, "DISPLAY": display},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            _wait_for_window_manager(display)
        yield XDisplay(display, screen, window_manager)
    finally:
        if manager is not None:
            _stop(manager)
        _stop(server)
