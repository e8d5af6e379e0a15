"""Asking for a password the keyring (or the account's password command) does not give.

Every password the GUI needs comes through :meth:`PasswordStore.obtain`, the one way the
CLI uses too: stored passwords, then whatever else the core learns to consult, and only then
this dialog. The typed password is kept as the account says (keyring or this run only).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from hongyan.core.accounts import Account
from hongyan.core.secrets import Kind, PasswordStore, Secret


class _DeclinedError(Exception):
    """The user cancelled the password dialog."""


def obtain_password(
    passwords: PasswordStore, account: Account, kind: Kind, parent: QWidget | None
) -> Secret | None:
    """The password for ``kind`` of ``account``; None when the user cancels the question.

    Raises:
        HongyanError: the core could not give one and cannot ask (as it says).
    """
    user, _stored_as = passwords.credentials(account, kind)
    label = QCoreApplication.translate("MailFetcher", "Password of {user} for {account}:").format(
        user=user, account=account.name
    )

    def ask(_prompt: str) -> str:
        text, ok = QInputDialog.getText(
            parent,
            QCoreApplication.translate("MailFetcher", "Password"),
            label,
            QLineEdit.EchoMode.Password,
        )
        if not ok or not text:
            raise _DeclinedError
        return text

    try:
        return passwords.obtain(account, kind, ask)
    except _DeclinedError:
        return None


def stored_password(passwords: PasswordStore, account: Account, kind: Kind) -> Secret | None:
    """The password the core has without asking anyone (its password command included), or None.

    Raises:
        PasswordCommandFailed: the account's password command gave none (as it says).
    """
    return passwords.lookup(account, kind)
