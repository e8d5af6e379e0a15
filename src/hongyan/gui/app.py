"""Start the Qt application: the profile, the language, the main window, the tray, the timers.

:class:`Hongyan` is the one object that owns the windows of a running app. It opens the
profile into an :class:`AppContext`, shows the main window, opens compose windows, dialogs
and the tray, gets mail at start-up and every N minutes, and rebuilds the main window when
the language changes.
"""

from __future__ import annotations

import gc
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from hongyan import APP_NAME, __version__
from hongyan.core.errors import HongyanError
from hongyan.core.integration.requests import ComposeRequest, LaunchRequest
from hongyan.core.paths import app_paths
from hongyan.core.resources import resource_path
from hongyan.core.settings import Settings
from hongyan.gui.collector import MainThreadCollector
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import Translators, core_text
from hongyan.gui.launch_handler import LaunchHandler
from hongyan.gui.main_window import MainWindow
from hongyan.gui.message_window import MessageWindow
from hongyan.gui.outbox_timer import OutboxTimer
from hongyan.gui.send_later import when_text
from hongyan.gui.single_instance import SingleInstance
from hongyan.gui.tray import TrayIcon
from hongyan.gui.undo_send import Held, UndoSend
from hongyan.gui.window_layout import use_settings_home

if TYPE_CHECKING:  # imported when first needed: the compose window is not needed to start
    from hongyan.gui.compose_templates import TemplateStart
    from hongyan.gui.compose_window import ComposeWindow


def create_application(argv: list[str]) -> QApplication:
    """Return the running QApplication, creating it (with names and icon) if needed."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "hongyan", *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("hongyan")
    icon = resource_path("icons", "hongyan.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


class Hongyan(QObject):
    """The running app: one profile, one main window, any number of compose windows."""

    def __init__(self, context: AppContext, *, tray: bool = True) -> None:
        super().__init__()
        self.context = context
        use_settings_home(context.paths)
        self.compose_windows: list[QWidget] = []
        self.message_windows: list[MessageWindow] = []
        # Messages sent later go when due (outbox_timer.py); Undo Send takes one back.
        self.outbox_timer = OutboxTimer(
            context,
            send=lambda: self.window.fetcher.send_outbox(),
            sending=lambda: "send" in self.window.fetcher.tasks,
            parent=self,
        )
        self.undo_send = UndoSend(context, self._reopen_draft, self._say, self)
        self.window = self._new_main_window()
        self.outbox_timer.late_did_send.connect(self._sent_late)
        context.signals.store_did_change.connect(self.outbox_timer.update)
        self.tray = TrayIcon(self) if tray else None
        if self.tray is not None:
            self.tray.get_mail_requested.connect(lambda: self.window.fetcher.get_mail())
            self.tray.write_requested.connect(lambda: self.compose("new", 0))
            self.tray.show_requested.connect(self.show_window)
            self.tray.quit_requested.connect(self.quit)
        # Launch requests (this launch's, and later ones handed over by the single instance).
        self.launch_handler = LaunchHandler(
            show_window=self.show_window,
            compose=self.compose_request,
            fetch=lambda: self.window.fetcher.get_mail(),
            parent=self,
        )
        self.check_timer = QTimer(self)
        self.check_timer.timeout.connect(self._timed_check)
        self._apply_check_interval()

    def _new_main_window(self) -> MainWindow:
        window = MainWindow(self.context)
        window.compose_requested.connect(self.compose)
        window.options_requested.connect(self.show_options)
        window.accounts_requested.connect(self.show_accounts)
        window.account_properties_requested.connect(self.show_account_properties)
        window.quit_requested.connect(self.quit)
        window.fetcher.mail_did_arrive.connect(self._mail_arrived)
        window.file_open_requested.connect(self.open_file)
        window.template_requested.connect(self.compose_template)
        window.auto_replies_requested.connect(self.show_auto_replies)
        window.fetcher.outbox_did_flush.connect(self.outbox_timer.flushed)
        window.fetcher.fetch_did_finish.connect(self._fetches_ended)
        self._add_status_widgets(window)
        return window

    def _add_status_widgets(self, window: MainWindow) -> None:
        """Undo Send's bar and "Automatic replies on", left of the jobs in the status bar."""
        from hongyan.gui.auto_reply import AutoReplyIndicator

        window.statusBar().insertPermanentWidget(0, self.undo_send.attach(window))
        indicator = AutoReplyIndicator(self.context, window)
        indicator.overview_requested.connect(self.show_auto_replies)
        window.statusBar().insertPermanentWidget(0, indicator)

    def start(self, request: LaunchRequest | None = None) -> None:
        """Show the window (unless started in the background) and serve the launch request."""
        request = request or LaunchRequest.show()
        # A background start (at login) stays out of sight even where the desktop has no tray:
        # launching Hongyan again hands "show" to this instance and brings the window up.
        if not request.background:
            self.window.show()
        self.outbox_timer.start()  # what fell due while Hongyan was not running goes now
        if not self.context.accounts.names():
            QTimer.singleShot(0, self.show_wizard)
        elif request.kind != "fetch" and self.context.settings.get("check_at_startup"):
            QTimer.singleShot(500, lambda: self.window.fetcher.get_mail())
        self.launch_handler.handle(request)

    def compose_request(self, wish: ComposeRequest) -> None:
        """A compose window prefilled from Send To or a mailto: link (in ``compose_windows``)."""
        from hongyan.gui.compose_window import ComposeWindow

        window = ComposeWindow.new_message(
            self.context,
            to=wish.to,
            cc=wish.cc,
            subject=wish.subject,
            body=wish.body,
            attachments=[a.path for a in wish.attachments],
        )
        window.bcc.setText(", ".join(wish.bcc))
        self._show_compose_window(window)
        window.raise_()
        window.activateWindow()

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    # -- windows ---------------------------------------------------------------------------
    def compose(self, kind: str, message_id: int) -> QWidget | None:
        from hongyan.gui.compose_window import ComposeWindow
        from hongyan.gui.drafts_opener import OPEN, compose_for

        try:
            if kind == "new":
                window = ComposeWindow.new_message(self.context)
            elif kind == OPEN:
                opened = compose_for(
                    self.context,
                    message_id,
                    open_windows=[*self.compose_windows, *self.message_windows],
                    parent=self.window,
                    delete_message=lambda i, asking: self.window.delete_message(i, asking),
                )
                if opened is None or opened in (*self.compose_windows, *self.message_windows):
                    return opened  # declined, or the message's window was brought up
                if isinstance(opened, MessageWindow):
                    return self._show_message_window(opened)
                window = opened
            else:
                window = ComposeWindow.for_message(self.context, message_id, kind)
        except HongyanError as exc:
            QMessageBox.warning(self.window, self.tr("Cannot write"), core_text(exc))
            return None
        return self._show_compose_window(window)

    def compose_template(self, name: str, message_id: int) -> None:
        """New Message from Template (``message_id`` 0) or Reply with Template: the template
        (and the original) are read in a worker, then the window opens."""
        from hongyan.gui.compose_templates import read_template_start

        read_template_start(
            self.context,
            name,
            message_id or None,
            success=self._compose_from_template,
            failure=lambda message: self._cannot_write(message),
        )

    def _compose_from_template(self, start: TemplateStart) -> None:
        from hongyan.gui.compose_window import ComposeWindow

        try:
            window = ComposeWindow.for_template(self.context, start)
        except HongyanError as exc:
            self._cannot_write(core_text(exc))
            return
        self._show_compose_window(window)

    def _cannot_write(self, message: str) -> None:
        QMessageBox.warning(self.window, self.tr("Cannot write"), message)

    def _show_compose_window(self, window: ComposeWindow) -> ComposeWindow:
        """Show a compose window; what it queues is sent by the fetcher's Outbox run, what
        it queues for later by the Outbox timer."""
        window.message_did_queue.connect(self.window.fetcher.send_outbox)
        window.message_did_schedule.connect(self._scheduled)
        self.compose_windows = [w for w in self.compose_windows if w.isVisible()]
        self.compose_windows.append(window)
        window.show()
        return window

    def _show_message_window(self, window: MessageWindow) -> MessageWindow:
        """Show a message in its own window; a stored message shown there counts as read."""
        window.compose_requested.connect(self.compose)
        window.compose_from_file_requested.connect(self.compose_from_file)
        window.template_requested.connect(self.compose_template)
        window.message_did_show.connect(lambda message_id: self.window.mark_read(message_id))
        self.message_windows = [w for w in self.message_windows if w.isVisible()]
        self.message_windows.append(window)
        window.show()
        return window

    def open_file(self, path: Path) -> MessageWindow:
        """File → Open…: a saved message file in a message window, read-only."""
        return self._show_message_window(MessageWindow.for_file(self.context, path))

    def compose_from_file(self, kind: str, data: bytes) -> QWidget | None:
        """Reply, Reply All or Forward to a message opened from a file."""
        from hongyan.gui.compose_window import ComposeWindow

        try:
            window = ComposeWindow.for_data(self.context, data, kind)
        except HongyanError as exc:
            QMessageBox.warning(self.window, self.tr("Cannot write"), core_text(exc))
            return None
        return self._show_compose_window(window)

    def show_wizard(self) -> None:
        from hongyan.gui.account_wizard import AccountWizard

        wizard = AccountWizard(self.context, self.window)
        if wizard.exec() and wizard.created is not None and wizard.wants_mail_now():
            self.window.fetcher.get_mail([wizard.created.name])

    def show_accounts(self) -> None:
        from hongyan.gui.account_properties import AccountsDialog

        AccountsDialog(self.context, self.window).exec()

    def show_account_properties(self, name: str) -> None:
        from hongyan.gui.account_properties import AccountPropertiesDialog

        if name in self.context.accounts:
            account = self.context.accounts.get(name)
            AccountPropertiesDialog(self.context, account, self.window).exec()

    def show_auto_replies(self) -> None:
        from hongyan.gui.auto_reply import AutoRepliesDialog

        AutoRepliesDialog(self.context, self.window).exec()

    def show_options(self) -> None:
        from hongyan.gui.options_dialog import OptionsDialog

        language = self.context.settings.get("language")
        if OptionsDialog(self.context, self.window).exec():
            self._apply_check_interval()
            if self.context.settings.get("language") != language:
                self.apply_language()

    def apply_language(self) -> None:
        """Install the translators for the language setting and rebuild the main window."""
        if self.context.translators is not None:
            self.context.translators.apply(self.context.settings.get("language"))
        old = self.window
        old.save_layout()  # the new window opens as the old one was
        self.window = self._new_main_window()
        if old.isVisible():
            self.window.show()
        old.fetcher.detach()
        old.close()
        old.deleteLater()

    # -- mail ------------------------------------------------------------------------------
    def _apply_check_interval(self) -> None:
        minutes = int(self.context.settings.get("check_every_minutes"))
        if minutes > 0:
            self.check_timer.start(minutes * 60_000)
        else:
            self.check_timer.stop()

    def _timed_check(self) -> None:
        self.window.fetcher.get_mail(scheduled=True)

    def _fetches_ended(self) -> None:
        """Automatic replies are written by the fetch: send them when it is done."""
        if not self.context.closed:
            self.window.fetcher.send_outbox()

    # -- sending later and Undo Send ----------------------------------------------------------
    def _scheduled(self, held: Held, undo: bool) -> None:
        """A compose window queued a message for later (or for Undo Send's delay)."""
        self.outbox_timer.update()
        if undo:
            self.undo_send.hold(held)
            return
        self._say(
            self.tr("“{subject}” waits in the Outbox until {time}.").format(
                subject=held.subject or self.tr("(no subject)"), time=when_text(held.send_at)
            )
        )

    def _reopen_draft(self, draft_id: int) -> None:
        """Undo Send took a message back: open it again, without a send time."""
        from hongyan.gui.compose_window import ComposeWindow

        try:
            window = ComposeWindow.for_draft(self.context, draft_id)
        except HongyanError as exc:
            self._say(core_text(exc))
            return
        window.schedule.set_time(None)
        self._show_compose_window(window)
        window.raise_()
        window.activateWindow()

    def _say(self, text: str) -> None:
        self.window.status_panel.message.setText(text)

    def _sent_late(self, title: str, text: str) -> None:
        """Messages went late (Hongyan was not running at their time): say so in the status
        bar and, where there is a tray, in a notification."""
        self._say(text.replace("\n", " "))  # each line a sentence saying when it was due
        if self.tray is not None and self.context.settings.get("notifications"):
            self.tray.notify(title, text)

    def _mail_arrived(self, count: int, samples: list[tuple[str, str]]) -> None:
        if self.tray is not None and self.context.settings.get("notifications"):
            self.tray.notify_new_mail(count, samples)

    def quit(self) -> None:
        self.outbox_timer.stop()
        for window in [*self.compose_windows, *self.message_windows]:
            window.close()
        self.window.close()
        self.context.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()


@dataclass
class RunningApp:
    """What :func:`start_app` started: the app, its profile and the single-instance server."""

    app: QApplication
    hongyan: Hongyan
    instance: SingleInstance
    collector: MainThreadCollector

    def stop(self) -> None:
        """Close the windows, the profile and the server (the end of :func:`run_app`)."""
        self.hongyan.quit()
        self.instance.close()
        self.collector.stop()


def start_app(argv: list[str], request: LaunchRequest | None = None) -> RunningApp | None:
    """Hand ``request`` to the running Hongyan (None), or start this one serving it.

    Raises:
        HongyanError: the running Hongyan did not take the request.
    """
    request = request or LaunchRequest.show()
    app = create_application(argv)
    paths = app_paths()
    instance = SingleInstance(paths)
    if not instance.claim(request):
        return None  # the running Hongyan took the request
    translators = Translators(app)
    translators.apply(Settings.load(paths).get("language"))
    try:
        context = AppContext.open(paths, translators=translators)
    except HongyanError:
        instance.close()
        raise
    hongyan = Hongyan(context)
    instance.request_did_arrive.connect(hongyan.launch_handler.handle)
    hongyan.start(request)
    # Cycles holding Qt objects must be freed here, not in a worker thread (see collector.py).
    collector = MainThreadCollector(hongyan)
    collector.start()
    return RunningApp(app, hongyan, instance, collector)


def run_app(argv: list[str], request: LaunchRequest | None = None) -> int:
    """Serve ``request`` (default: show the window), in the running Hongyan if there is one."""
    try:
        running = start_app(argv, request)
    except HongyanError as exc:
        QMessageBox.critical(None, "Hongyan", core_text(exc))
        return 1
    if running is None:
        return 0
    # Everything built so far lives as long as the app: keep it out of the garbage collector's
    # full passes, which otherwise walk it all and pause the event loop.
    gc.freeze()
    code = running.app.exec()
    running.hongyan.context.close()
    running.instance.close()
    running.collector.stop()
    return code
