"""Start the Qt application and show the main window."""

from __future__ import annotations

import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from hongyan import APP_NAME, __version__
from hongyan.core.integration.requests import LaunchRequest
from hongyan.core.paths import app_paths
from hongyan.core.resources import resource_path
from hongyan.gui.launch_handler import LaunchHandler
from hongyan.gui.main_window import MainWindow
from hongyan.gui.single_instance import SingleInstance


def create_application(argv: list[str]) -> QApplication:
    """Return the running QApplication, creating it (with names and icon) if needed."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "hongyan", *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("Hongyan 鸿雁")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("hongyan")
    icon = resource_path("icons", "hongyan.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def run_app(argv: list[str], request: LaunchRequest | None = None) -> int:
    """Serve ``request`` (default: show the window), in the running Hongyan if there is one."""
    request = request or LaunchRequest.show()
    app = create_application(argv)
    instance = SingleInstance(app_paths())
    if not instance.claim(request):
        return 0  # the running Hongyan took the request
    window = MainWindow()

    def show_window() -> None:
        window.showNormal()
        window.raise_()
        window.activateWindow()

    # No compose window or fetching yet in this branch: every request brings the window up.
    handler = LaunchHandler(show_window=show_window, parent=window)
    instance.request_did_arrive.connect(handler.handle)
    handler.handle(request)
    code = app.exec()
    instance.close()
    return code
