"""What the main window remembers across restarts, and where Qt keeps its own settings.

The size and place of the window (maximised or not), its splitters, and for each folder the
list's column widths and sort order are kept in ``layout.ini`` in the settings home (the
config folder of :mod:`hongyan.core.paths`, below ``HONGYAN_HOME`` when that is set). It is a
cache of the user's arrangement, not a setting: losing it costs a drag, so it is written by
Qt's QSettings (an INI file written whole) rather than through the settings schema.

Qt writes settings of its own too: its file dialog remembers the last folder and view in
``QtProject.conf`` in the user's config folder. :func:`use_settings_home` points Qt's
per-user settings folder at the settings home, so a portable install leaves nothing behind.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from hongyan.core.paths import AppPaths, ensure_dir

LAYOUT_FILE = "layout.ini"

#: The size the window opens at the first time, when the screen has room for it.
PREFERRED_SIZE = QSize(1180, 760)

#: Room kept around a window the first time, for the frame and title bar a window manager adds
#: (not known before the window is shown) and a panel the work area may not account for.
FRAME_ALLOWANCE = QSize(16, 48)


def use_settings_home(paths: AppPaths) -> None:
    """Send Qt's per-user settings files (``QtProject.conf``) into ``paths.config_dir``.

    On Linux and macOS both formats are INI files under a per-user folder that Qt takes from
    XDG_CONFIG_HOME; on Windows the native format is the registry, which this leaves alone.
    """
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(paths.config_dir))


def fitted(rect: QRect, area: QRect) -> QRect:
    """``rect`` made to fit within ``area``: shrunk where it is larger, then moved inside."""
    size = rect.size().boundedTo(area.size())
    left = min(max(rect.left(), area.left()), area.right() - size.width() + 1)
    top = min(max(rect.top(), area.top()), area.bottom() - size.height() + 1)
    return QRect(left, top, size.width(), size.height())


def first_geometry(area: QRect) -> QRect:
    """Where the window opens the first time: the preferred size, or less on a small screen
    (with room for the frame), centred in the screen's work area."""
    room = area.size() - FRAME_ALLOWANCE
    size = PREFERRED_SIZE.boundedTo(room)
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(area.center())
    return rect


def _work_area(window: QMainWindow) -> QRect:
    """The available geometry (without panels and docks) of the window's screen."""
    handle = window.windowHandle()
    screen: QScreen | None = handle.screen() if handle is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 700)


class WindowLayout:
    """Saves and restores the main window's arrangement in ``layout.ini``."""

    def __init__(self, paths: AppPaths) -> None:
        self._paths = paths
        self.settings = QSettings(str(paths.config_dir / LAYOUT_FILE), QSettings.Format.IniFormat)

    # -- the window ------------------------------------------------------------------------
    def restore_window(self, window: QMainWindow) -> None:
        """Size and place ``window`` as it was (maximised or not), else as the first time.

        Before the window is shown its frame is not known; :meth:`keep_on_screen` checks
        again once it is.
        """
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and window.restoreGeometry(geometry):
            self.keep_on_screen(window)
            return
        window.setGeometry(first_geometry(_work_area(window)))

    def keep_on_screen(self, window: QMainWindow) -> None:
        """Shrink and move ``window`` so that it, frame and all, is inside the work area
        (a window saved on a bigger monitor, or a first size the frame did not fit with)."""
        if window.isMaximized() or window.isFullScreen():
            return
        inner, frame = window.geometry(), window.frameGeometry()
        allowed = _work_area(window).adjusted(
            inner.left() - frame.left(),
            inner.top() - frame.top(),
            inner.right() - frame.right(),
            inner.bottom() - frame.bottom(),
        )
        if not allowed.contains(inner):
            window.setGeometry(fitted(inner, allowed))

    def restore_splitters(self, splitters: dict[str, QSplitter]) -> None:
        """Once the window has its size (the first show): restored earlier, the splitters
        would be stretched again when the window is laid out."""
        for name, splitter in splitters.items():
            state = self.settings.value(f"splitters/{name}")
            if isinstance(state, QByteArray):
                splitter.restoreState(state)

    def save_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        """Keep the window's geometry and (when given: it was shown) its splitters."""
        self.settings.setValue("window/geometry", window.saveGeometry())
        for name, splitter in splitters.items():
            self.settings.setValue(f"splitters/{name}", splitter.saveState())
        self.sync()

    # -- the message list, per folder --------------------------------------------------------
    def restore_columns(self, key: str, header: QHeaderView) -> bool:
        """Column widths, order and sort of the list for ``key`` (a folder); False if none."""
        state = self.settings.value(f"columns/{_key(key)}")
        return isinstance(state, QByteArray) and header.restoreState(state)

    def save_columns(self, key: str, header: QHeaderView) -> None:
        self.settings.setValue(f"columns/{_key(key)}", header.saveState())

    def sync(self) -> None:
        """Write ``layout.ini`` now (Qt also writes it when the app ends)."""
        ensure_dir(self._paths.config_dir)
        self.settings.sync()


def _key(folder: str) -> str:
    """A folder name as a QSettings key: ``/`` separates groups there, so nested folders
    ("Projects/2026") get another separator."""
    return folder.replace("%", "%25").replace("/", "%2F")
