"""Get Mail and Send: the engine's fetch and send run in workers, one task per account.

Each account fetches in its own task with its own line in the status bar; Cancel stops them
all. A password the keyring does not have is asked for on the GUI thread before the task
starts. The worker opens its own connection to the store (SQLite connections stay on the
thread that made them); the GUI sees the new messages when the task reports success.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from hongyan.core.accounts import Account
from hongyan.core.secrets import Secret
from hongyan.core.store import Store
from hongyan.gui.context import AppContext
from hongyan.gui.fetch_status import StatusPanel
from hongyan.gui.tasks import Task, TaskControl


class MailFetcher(QObject):
    """Starts fetch and send tasks and shows them in a :class:`StatusPanel`.

    Signals:
        mail_did_arrive: (count, [(sender, subject), …]) after a fetch brought new mail.
        fetch_did_finish: every fetch task has ended (success, failure or cancel).
    """

    mail_did_arrive = Signal(int, list)
    fetch_did_finish = Signal()

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self._window = parent
        self.panel: StatusPanel | None = None
        self.tasks: dict[str, Task[Any]] = {}
        self.errors: list[str] = []

    def attach(self, panel: StatusPanel) -> None:
        self.panel = panel

    def detach(self) -> None:
        """The window goes away (language change): running tasks finish without a panel."""
        self.panel = None

    @property
    def busy(self) -> bool:
        return bool(self.tasks)

    # -- fetching --------------------------------------------------------------------------
    def get_mail(self, names: list[str] | None = None, *, scheduled: bool = False) -> None:
        """Fetch the named accounts, or all accounts included in Get All."""
        book = self.context.accounts
        accounts = [book.get(n) for n in names] if names else book.for_get_all()
        if not accounts and not scheduled and self.panel is not None:
            self.panel.message.setText(self.tr("There is no account to get mail from."))
        for account in accounts:
            key = f"fetch:{account.name}"
            if key in self.tasks or not self._have_password(account, "pop3", ask=not scheduled):
                continue
            self._start_fetch(key, account)

    def _have_password(self, account: Account, kind: str, *, ask: bool) -> bool:
        user, stored_as = self.context.passwords.credentials(account, kind)  # type: ignore[arg-type]
        if self.context.passwords.get(account.name, stored_as) is not None:
            return True
        if not ask:
            return False
        text, ok = QInputDialog.getText(
            self._window,
            self.tr("Password"),
            self.tr("Password of {user} for {account}:").format(user=user, account=account.name),
            QLineEdit.EchoMode.Password,
        )
        if not ok or not text:
            return False
        self.context.passwords.set(
            account.name, stored_as, Secret(text), remember=account.remember_password
        )
        return True

    def _start_fetch(self, key: str, account: Account) -> None:
        root = self.context.store.root
        passwords = self.context.passwords

        def op(control: TaskControl) -> Any:
            from hongyan.core.sync import (  # type: ignore[import-untyped,unused-ignore]
                fetch_accounts,
            )

            with Store.open(root) as store:
                return fetch_accounts(
                    store, [account], passwords, progress=control.progress, cancel=control.cancel
                )

        task = self.context.tasks.run(
            op=op,
            progress=lambda *args: self._progress(key, *args),
            success=lambda result: self._fetched(key, account, result),
            failure=lambda message: self._ended(key, f"{account.name}: {message}", error=True),
            cancelled=lambda: self._ended(key, self.tr("Cancelled.")),
        )
        self.tasks[key] = task
        if self.panel is not None:
            self.panel.start_job(key, account.name, task.cancel)

    def _progress(self, key: str, *args: Any) -> None:
        numbers = [a for a in args if isinstance(a, int)]
        text = next((a for a in args if isinstance(a, str)), "")
        if self.panel is not None and len(numbers) >= 2:
            done, total = numbers[-2], numbers[-1]
            self.panel.update_job(
                key,
                done,
                total,
                text or self.tr("{done} of {total}").format(done=done, total=total),
            )

    def _fetched(self, key: str, account: Account, result: Any) -> None:
        ids = list(getattr(result, "new_ids", []) or [])
        self._ended(
            key, self.tr("{account}: %n new message(s)", "", len(ids)).format(account=account.name)
        )
        self.context.signals.store_did_change.emit()
        if ids:
            samples = []
            for message_id in ids[:3]:
                row = self.context.store.get(message_id)
                samples.append((row.from_name or row.from_addr, row.subject))
            self.mail_did_arrive.emit(len(ids), samples)

    def _ended(self, key: str, message: str, *, error: bool = False) -> None:
        self.tasks.pop(key, None)
        if error:
            self.errors.append(message)
        if self.panel is not None:
            self.panel.finish_job(key, message)
        if not any(k.startswith("fetch:") for k in self.tasks):
            self.fetch_did_finish.emit()

    # -- sending ---------------------------------------------------------------------------
    def send_outbox(self) -> None:
        """Send everything in the Outbox (after Send, and after each Get Mail)."""
