"""The windows as Linux users get them: the xcb platform on a real (virtual) X server.

Offscreen Qt follows the Windows key scheme, where Quit has no key, so a clash with Ctrl+Q
cannot show there; and it draws no frames, so only a window manager tells whether a window
fits the screen. Each test starts its own Xvfb (and openbox) and runs the app in a child
process (``gui/xcb_probe.py``); it is skipped where no X server can be started.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from typing import Any

import pytest

from support.xserver import XDisplay, xvfb


def _probe(display: XDisplay, what: str, language: str = "en") -> dict[str, Any]:
    env = {**os.environ, "DISPLAY": display.name, "QT_QPA_PLATFORM": "xcb"}
    env.pop("WAYLAND_DISPLAY", None)
    done = subprocess.run(
        [sys.executable, "-m", "gui.xcb_probe", what, language],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, f"the app did not run under xcb:\n{done.stderr}"
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["platform"] == "xcb"
    return result


def test_no_two_actions_of_a_window_share_a_key() -> None:
    with xvfb() as display:
        found = _probe(display, "shortcuts")
    assert "Ctrl+Q" in found["quit"], "the X11 key scheme, where Quit is Ctrl+Q"
    for window, actions in found["windows"].items():
        owners: dict[str, list[str]] = defaultdict(list)
        for action in actions:
            for key in action["keys"]:
                owners[key].append(action["name"])
        shared = {key: names for key, names in owners.items() if len(names) > 1}
        assert shared == {}, f"keys bound twice in the {window} window"
    main_keys = {a["name"]: a["keys"] for a in found["windows"]["main"]}
    assert "Ctrl+Q" in main_keys["&Quit"]
    assert main_keys["Mark as R&ead"] == ["Ctrl+K"]
    assert {"Del", "Ctrl+D"} <= set(main_keys["&Delete"]), "Delete as the platform has it"


@pytest.mark.parametrize(
    ("language", "title"), [("en", "Inbox — Hongyan"), ("zh_CN", "收件箱 — 鸿雁 Hongyan")]
)
def test_the_main_window_fits_a_1366x768_screen_under_a_window_manager(
    language: str, title: str
) -> None:
    with xvfb(window_manager=True) as display:
        shown = _probe(display, "geometry", language)
    left, top, width, height = shown["frame"]
    area_left, area_top, area_width, area_height = shown["area"]
    assert (area_width, area_height) <= (1366, 768)
    assert area_left <= left and left + width <= area_left + area_width
    assert area_top <= top and top + height <= area_top + area_height, "status bar cut off"
    assert shown["inner"][3] < height, "framed by the window manager"
    if shown["title"] is not None:  # read with xprop, where it is installed
        assert shown["title"] == title, "the app's name once"
