"""The tray icon: Get Mail, Write, Show and Quit, and a notification when new mail arrives."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from hongyan.core.resources import resource_path


class TrayIcon(QObject):
    """Owns the QSystemTrayIcon when the desktop has a tray; does nothing otherwise.

    Signals:
        get_mail_requested, write_requested, show_requested, quit_requested: menu choices
            (a click on the icon shows the main window).
    """

    get_mail_requested = Signal()
    write_requested = Signal()
    show_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon: QSystemTrayIcon | None = None
        self.last_notification: tuple[str, str] | None = None
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        self.icon = QSystemTrayIcon(QIcon(str(resource_path("icons", "hongyan.svg"))), self)
        self.icon.setToolTip(self.tr("Hongyan"))
        menu = QMenu()
        self._menu = menu
        for text, signal in (
            (self.tr("Get Mail"), self.get_mail_requested),
            (self.tr("Write"), self.write_requested),
            (self.tr("Show Hongyan"), self.show_requested),
        ):
            action = QAction(text, menu)
            action.triggered.connect(signal)
            menu.addAction(action)
        menu.addSeparator()
        quit_action = QAction(self.tr("Quit"), menu)
        quit_action.triggered.connect(self.quit_requested)
        menu.addAction(quit_action)
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        self.icon.show()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_requested.emit()

    def new_mail_text(
        self, count: int, senders_and_subjects: Sequence[tuple[str, str]]
    ) -> tuple[str, str]:
        """Title and text of the notification: the count, then "sender — subject" lines."""
        title = self.tr("%n new message(s)", "", count)
        lines = [f"{sender} — {subject}" for sender, subject in senders_and_subjects[:3]]
        if count > len(lines) and lines:
            lines.append("…")
        return title, "\n".join(lines)

    def notify_new_mail(self, count: int, senders_and_subjects: Sequence[tuple[str, str]]) -> None:
        """Show "3 new messages" with the first senders and subjects."""
        title, text = self.new_mail_text(count, senders_and_subjects)
        self.last_notification = (title, text)
        if self.icon is not None:
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 8000)

    def notify(self, title: str, text: str) -> None:
        """Any other notification (a message sent late)."""
        self.last_notification = (title, text)
        if self.icon is not None:
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 8000)

    def set_unread(self, unread: int) -> None:
        if self.icon is not None:
            tip = self.tr("Hongyan")
            if unread:
                tip += " — " + self.tr("%n unread message(s)", "", unread)
            self.icon.setToolTip(tip)
