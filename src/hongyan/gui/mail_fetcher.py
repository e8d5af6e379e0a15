"""Get Mail and Send: the engine's fetch and send run in workers, one task per account.

Each account fetches in its own task with its own line in the status bar; Cancel stops them
all. A password the keyring does not have is asked for on the GUI thread before the task
starts, but only once the server's certificate is known to be trusted: an untrusted one is
shown first (:mod:`certificate_dialog`), since no password would be sent to it anyway. The
fetch itself runs in a child process (see :mod:`hongyan.gui.fetch_process`); the GUI shows
what arrived every few hundred messages and when the task reports success. When the fetches
are done (and at start-up), the bodies of the new mail are indexed for search in another
child process (:func:`~hongyan.gui.fetch_process.index_in_child`).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from hongyan.core.accounts import Account
from hongyan.core.errors import HongyanError
from hongyan.core.outbox import FlushReport
from hongyan.core.secrets import Secret
from hongyan.core.sync import AccountResult, LeftOnServer, Progress
from hongyan.core.syncresult import megabytes
from hongyan.core.texts import joined
from hongyan.core.tls import CertificateInfo, CertificateNotTrusted, accept_certificate
from hongyan.gui import outgoing
from hongyan.gui.certificate_dialog import ask_about
from hongyan.gui.connection_check import CertificateQuestion, certificate_problem
from hongyan.gui.context import AppContext
from hongyan.gui.fetch_process import fetch_in_child, index_in_child
from hongyan.gui.fetch_status import StatusPanel
from hongyan.gui.i18n import core_text, labelled
from hongyan.gui.password_prompt import obtain_password, stored_password
from hongyan.gui.store_source import arrived_samples
from hongyan.gui.tasks import Task, TaskControl

#: While mail arrives, the list and the counts are refreshed at most this often.
REFRESH_SECONDS = 5.0


class MailFetcher(QObject):
    """Starts fetch and send tasks and shows them in a :class:`StatusPanel`.

    Signals:
        mail_is_arriving: a fetch wrote messages (every few seconds while it runs, and at its
            end); the window shows them without reading the index on the GUI thread.
        mail_did_arrive: (count, [(sender, subject), …]) after a fetch brought new mail.
        fetch_did_finish: every fetch task has ended (success, failure or cancel).
        send_did_finish: (messages sent, problems needing the user) after an Outbox flush.
        outbox_did_flush: (FlushReport) after an Outbox flush: what waits, what went late.
        search_index_did_update: the bodies of new mail became searchable (a search shown
            while they were being indexed may now find more).
    """

    mail_is_arriving = Signal()
    mail_did_arrive = Signal(int, list)
    fetch_did_finish = Signal()
    send_did_finish = Signal(int, list)
    outbox_did_flush = Signal(object)
    search_index_did_update = Signal()

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self._window = parent
        self.panel: StatusPanel | None = None
        self.tasks: dict[str, Task[Any]] = {}
        self.errors: list[str] = []
        self._last_refresh = time.monotonic()
        self.indexing: Task[Any] | None = None
        QTimer.singleShot(0, self, self.index_new_mail)  # what the last run left pending

    def attach(self, panel: StatusPanel) -> None:
        self.panel = panel

    def detach(self) -> None:
        """The window goes away (language change): running tasks finish without a panel."""
        self.panel = None

    @property
    def busy(self) -> bool:
        return bool(self.tasks)

    # -- fetching --------------------------------------------------------------------------
    def _check_then_ask(self, key: str, account: Account) -> None:
        """No password is stored: look at the server's certificate first (worker), then ask."""
        self.tasks[key] = self.context.tasks.run(
            op=lambda control: certificate_problem(account.pop3, control),
            success=lambda problem: self._checked(key, account, problem),
            failure=lambda _message: self._checked(key, account, None),  # the fetch will say
        )

    def _checked(self, key: str, account: Account, problem: CertificateNotTrusted | None) -> None:
        self.tasks.pop(key, None)
        if problem is not None:
            question = CertificateQuestion(problem, ["pop3"], [problem.endpoint])
            if not ask_about(
                [question], self._window, lambda _kinds, info: self._pin(account, info)
            ):
                return
            account = self.context.accounts.get(account.name)
        try:
            secret = obtain_password(self.context.passwords, account, "pop3", self._window)
        except HongyanError as exc:
            self._ended(key, labelled(account.name, core_text(exc)), error=True)
            return
        if secret is not None:
            self._start_fetch(key, account, secret)

    def _pin(self, account: Account, info: CertificateInfo) -> None:
        """Save the certificate the user accepted for ``account``'s POP3 server."""
        pinned = dataclasses.replace(account, pop3=accept_certificate(account.pop3, info))
        self.context.accounts.update(pinned)
        self.context.accounts.save()
        self.context.signals.accounts_did_change.emit()

    def get_mail(self, names: list[str] | None = None, *, scheduled: bool = False) -> None:
        """Fetch the named accounts, or all accounts included in Get All; then send."""
        if self.context.store_moving:
            if self.panel is not None and not scheduled:
                self.panel.message.setText(
                    self.tr("The mail store is being moved or rebuilt; try again then.")
                )
            return
        book = self.context.accounts
        accounts = [book.get(n) for n in names] if names else book.for_get_all()
        if not accounts and not scheduled and self.panel is not None:
            self.panel.message.setText(self.tr("There is no account to get mail from."))
        for account in accounts:
            key = f"fetch:{account.name}"
            if key in self.tasks:
                continue
            try:
                secret = stored_password(self.context.passwords, account, "pop3")
            except HongyanError as exc:  # its password command failed: say so, even when timed
                self._ended(key, labelled(account.name, core_text(exc)), error=True)
                continue
            if secret is not None:
                self._start_fetch(key, account, secret)
            elif not scheduled:
                self._check_then_ask(key, account)
        self.send_outbox()

    def _start_fetch(self, key: str, account: Account, secret: Secret) -> None:
        root = self.context.store.root
        newest = self.context.store.connection.execute("SELECT max(id) FROM messages").fetchone()
        before = int(newest[0] or 0)
        own = frozenset(i.address.lower() for _a, i in self.context.accounts.senders())

        def fetch(control: TaskControl) -> tuple[AccountResult, list[tuple[str, str]]]:
            result = fetch_in_child(account, root, secret, control, own)
            # What the notification names is read here too: on the GUI thread, the first
            # read after a big fetch re-reads the index (measured: 58 ms for 10 000 mails).
            samples = arrived_samples(root, account.name, before) if result.downloaded else []
            return result, samples

        task = self.context.tasks.run(
            op=fetch,
            progress=lambda progress: self._progress(key, progress),
            success=lambda fetched: self._fetched(key, *fetched),
            failure=lambda message: self._ended(key, f"{account.name}: {message}", error=True),
            cancelled=lambda: self._ended(
                key, self.tr("{account}: cancelled").format(account=account.name)
            ),
        )
        self.tasks[key] = task
        if self.panel is not None:
            self.panel.start_job(key, account.name, task.cancel)

    def _progress(self, key: str, progress: Progress) -> None:
        if self.panel is not None:
            done, total = progress.messages_done, progress.messages_total
            text = self.tr("{done} of {total}").format(done=done, total=total)
            self.panel.update_job(key, done, total, text)
        now = time.monotonic()
        if now - self._last_refresh >= REFRESH_SECONDS:  # show what already arrived
            self._last_refresh = now
            self.mail_is_arriving.emit()

    def _fetched(self, key: str, result: AccountResult, samples: list[tuple[str, str]]) -> None:
        if result.error is not None:
            self._ended(key, labelled(result.account, core_text(result.error)), error=True)
        else:
            self._ended(key, self._summary(result))
        if self.panel is None:  # the window that started it was rebuilt: tell the new one
            self.context.signals.store_did_change.emit()
        else:
            self.mail_is_arriving.emit()
        if result.downloaded:
            self.mail_did_arrive.emit(result.downloaded, samples)

    def _summary(self, result: AccountResult) -> str:
        if result.warnings and not result.downloaded and not result.left_on_server:
            return labelled(result.account, core_text(result.warnings[0]))
        text = self.tr("{account}: %n new message(s)", "", result.downloaded).format(
            account=result.account
        )
        if result.left_on_server:
            text = core_text(joined([text, self._left(result.left_on_server)]))
        if result.cancelled:
            text += " " + self.tr("(cancelled; the rest comes next time)")
        return text

    def _left(self, left: list[LeftOnServer]) -> str:
        """The messages a fetch left on the server (plan G58): which, why, what to do. The
        status bar shows the start; its tooltip the whole text."""
        items = [
            self.tr("“{subject}” ({size}) from {sender}: {reason}").format(
                subject=message.subject or self.tr("(no subject)"),
                size=megabytes(message.size),
                sender=message.sender or self.tr("unknown sender"),
                reason=core_text(message.reason),
            )
            for message in left
        ]
        text = labelled(self.tr("%n left on the server", "", len(left)), core_text(joined(items)))
        if any(message.raise_limit_to_mb is not None for message in left):
            text += self.tr(
                ". To download it, raise the size limit in the account's properties (Advanced)."
            )
        return text

    def _ended(self, key: str, message: str, *, error: bool = False) -> None:
        self.tasks.pop(key, None)
        if error:
            self.errors.append(message)
        if self.panel is not None:
            self.panel.finish_job(key, message)
        if key.startswith("fetch:") and not any(k.startswith("fetch:") for k in self.tasks):
            self.fetch_did_finish.emit()
            self.index_new_mail()

    # -- indexing new mail for search -------------------------------------------------------
    def index_new_mail(self) -> None:
        """Index the bodies of fetched mail in a child process, unless that runs already,
        nothing is pending, or the store is being moved or rebuilt (it stops then too)."""
        if self.indexing is not None or self.context.store_moving or self.context.closed:
            return
        if self.context.store.pending_count() == 0:
            return
        root = self.context.store.root
        self.indexing = self.context.tasks.run(
            op=lambda control: index_in_child(
                root, control, should_stop=lambda: self.context.store_moving
            ),
            success=lambda count: self._indexed(again=count > 0),
            failure=lambda _message: self._indexed(again=False),
            cancelled=lambda: self._indexed(again=False),
        )

    def _indexed(self, *, again: bool) -> None:
        """The pass ended: tell a search shown meanwhile; go on if mail arrived since (not
        after a pass that indexed nothing: what is left then is for the next open)."""
        self.indexing = None
        self.search_index_did_update.emit()
        if again and not any(k.startswith("fetch:") for k in self.tasks):
            self.index_new_mail()

    # -- sending ---------------------------------------------------------------------------
    def send_outbox(self) -> None:
        """Send everything in the Outbox (after Send, and after each Get Mail)."""
        key = "send"
        if key in self.tasks or self.context.store.count("Outbox") == 0:
            return
        root = self.context.store.root
        accounts = {a.name: a for a in self.context.accounts}
        secrets = outgoing.smtp_secrets(self.context)
        clock = self.context.clock
        task = self.context.tasks.run(
            op=lambda control: outgoing.flush_outbox(root, accounts, secrets, clock),
            success=self._sent,
            failure=lambda message: self._ended(key, message, error=True),
        )
        self.tasks[key] = task
        if self.panel is not None:
            self.panel.start_job(key, self.tr("Sending"))

    def _sent(self, report: FlushReport) -> None:
        lines = report.lines()
        problems = [labelled(f"“{e.subject}”", core_text(e.last_error)) for e in report.problems]
        self.errors.extend(problems)
        self._ended("send", core_text(lines[-1]) if lines else "")
        self.context.signals.store_did_change.emit()
        self.send_did_finish.emit(len(report.sent), problems)
        self.outbox_did_flush.emit(report)
