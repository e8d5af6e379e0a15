"""Serving a launch request in the running Hongyan: show, compose or fetch.

The single-instance server and the first launch both end here, so a request is served the
same way whether it started this process or arrived from another one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from hongyan.core.integration.requests import ComposeRequest, LaunchRequest


class LaunchHandler(QObject):
    """Turns :class:`LaunchRequest` objects into calls on the running app.

    Args:
        show_window: bring the main window to the front (showNormal, raise, activate).
        compose: open a compose window for the request; None while the app has none.
        fetch: get mail from all accounts; None while the app cannot fetch.
    """

    def __init__(
        self,
        *,
        show_window: Callable[[], None],
        compose: Callable[[ComposeRequest], None] | None = None,
        fetch: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._show_window = show_window
        self._compose = compose
        self._fetch = fetch

    def handle(self, request: LaunchRequest) -> None:
        if request.kind == "compose" and request.compose is not None and self._compose:
            self._compose(request.compose)
        elif request.kind == "fetch" and self._fetch is not None:
            self._fetch()
            if not request.background:
                self._show_window()
        elif not request.background:
            self._show_window()
