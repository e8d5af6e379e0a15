"""Run by tests under a real X server (``python -m gui.xcb_probe WHAT LANGUAGE``): opens the
windows as the app does and prints what the test checks, as JSON on the last line.

``shortcuts``: every action of the main, message and compose windows with its keys.
``geometry``: the main window's frame, its screen's work area and its title as X shows it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from typing import Any

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from hongyan.core.paths import app_paths
from hongyan.gui.app import Hongyan, create_application
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import Translators
from support.mail import message


def _settle(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def _keys_of(window: QWidget) -> list[dict[str, Any]]:
    found = []
    for action in window.findChildren(QAction):
        keys = [k.toString() for k in action.shortcuts() if not k.isEmpty()]
        if keys:
            found.append({"name": action.text(), "keys": keys})
    for shortcut in window.findChildren(QShortcut):
        keys = [k.toString() for k in shortcut.keys() if not k.isEmpty()]  # noqa: SIM118
        if keys:
            found.append({"name": f"shortcut {shortcut.objectName()}", "keys": keys})
    return found


def shortcuts(app: QApplication, hongyan: Hongyan) -> dict[str, Any]:
    from hongyan.gui.compose_window import ComposeWindow
    from hongyan.gui.message_window import MessageWindow

    context = hongyan.context
    message_id = context.store.add("Inbox", message(subject="Keys"))
    reading = MessageWindow.for_message(
        context, message_id, delete_message=hongyan.window.delete_message
    )
    compose = ComposeWindow.new_message(context)
    for window in (hongyan.window, reading, compose):
        window.show()
    _settle(app, 0.5)
    return {
        "platform": app.platformName(),
        "quit": [k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)],
        "windows": {
            "main": _keys_of(hongyan.window),
            "message": _keys_of(reading),
            "compose": _keys_of(compose),
        },
    }


def _x_title(window: QWidget) -> str | None:
    xprop = shutil.which("xprop")
    if xprop is None:
        return None
    shown = subprocess.run(
        [xprop, "-id", str(int(window.winId())), "_NET_WM_NAME"],
        capture_output=True,
        text=True,
    ).stdout
    return shown.partition("=")[2].strip().strip('"') or None


def geometry(app: QApplication, hongyan: Hongyan) -> dict[str, Any]:
    window = hongyan.window
    window.show()
    deadline = time.monotonic() + 15
    while window.frameGeometry() == window.geometry() and time.monotonic() < deadline:
        _settle(app, 0.1)  # until the window manager has framed it
    _settle(app, 1.0)  # and the window has moved within the screen
    frame, inner = window.frameGeometry(), window.geometry()
    screen = window.screen()
    area = screen.availableGeometry()
    return {
        "platform": app.platformName(),
        "frame": frame.getRect(),
        "inner": inner.getRect(),
        "area": area.getRect(),
        "title": _x_title(window),
    }


def main() -> None:
    what, language = sys.argv[1], sys.argv[2]
    app = create_application([])
    translators = Translators(app)
    translators.apply(language)
    context = AppContext.open(app_paths(), translators=translators)
    hongyan = Hongyan(context, tray=False)
    result = {"shortcuts": shortcuts, "geometry": geometry}[what](app, hongyan)
    hongyan.quit()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
