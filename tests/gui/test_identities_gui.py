"""Identities in the GUI: the Identities tab of Account properties and the compose From list."""

from __future__ import annotations

import email
import email.policy

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.core.accounts import AccountBook, Identity
from hongyan.core.paths import app_paths
from hongyan.gui.account_properties import AccountPropertiesDialog
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.context import AppContext
from hongyan.gui.identities import IdentityDialog
from support.mail import message

SALES = Identity(
    display_name="Acme 销售",
    address="sales@example.test",
    reply_to="orders@example.test",
    signature="Acme Sales\n010-1234",
)


@pytest.fixture
def accounts(context: AppContext) -> AppContext:
    context.accounts.add(make_account("li@example.test", signature="Li Lei", identities=[SALES]))
    context.accounts.add(make_account("work@example.test", display_name="Li (work)"), default=True)
    context.accounts.save()
    return context


def _fill_next_identity_dialog(**fields: str) -> None:
    """Type ``fields`` into the identity dialog about to open, then press OK."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, IdentityDialog):
            QTimer.singleShot(20, fill)
            return
        for name, text in fields.items():
            widget = getattr(dialog, name)
            if name == "signature":
                widget.setPlainText(text)
            else:
                widget.setText(text)
        dialog.accept()

    QTimer.singleShot(0, fill)


def test_the_from_list_shows_every_account_and_identity_with_the_default_chosen(
    qtbot: QtBot, accounts: AppContext
) -> None:
    window = ComposeWindow.new_message(accounts)
    qtbot.addWidget(window)
    labels = [window.from_box.itemText(i) for i in range(window.from_box.count())]
    assert labels == [
        "Li Lei <li@example.test>",
        "Acme 销售 <sales@example.test>  —  li@example.test",
        "Li (work) <work@example.test>",
    ]
    assert window.from_box.currentIndex() == 2, "the default account's own address"


def test_choosing_an_identity_swaps_the_signature_and_sends_as_it(
    qtbot: QtBot, accounts: AppContext
) -> None:
    window = ComposeWindow.new_message(accounts, to=["anna@example.org"], subject="Offer")
    qtbot.addWidget(window)
    window.body.setPlainText("Our offer is attached in spirit.")  # no warning: replaced
    assert window.select_sender("li@example.test", "li@example.test")
    assert window.body.toPlainText().endswith("\n\n-- \nLi Lei")
    assert window.select_sender("li@example.test", "SALES@example.test")
    text = window.body.toPlainText()
    assert text.startswith("Our offer") and text.endswith("-- \nAcme Sales\n010-1234")
    assert "Li Lei" not in text
    window.body.setPlainText(text.replace("attached in spirit", "below"))
    assert window.send()
    [queued] = accounts.store.list("Outbox")
    assert queued.account == "li@example.test", "sent through the identity's account"
    sent = email.message_from_bytes(
        accounts.store.read_bytes(queued.id), policy=email.policy.default
    )
    assert sent["From"].addresses[0].addr_spec == "sales@example.test"
    assert sent["From"].addresses[0].display_name == "Acme 销售"
    assert str(sent["Reply-To"]) == "orders@example.test"


def test_a_reply_comes_from_the_identity_the_original_was_addressed_to(
    qtbot: QtBot, accounts: AppContext
) -> None:
    original = message(
        subject="Order 42",
        body="Please send the invoice.",
        sender="Anna <anna@example.org>",
        to="Acme Sales <sales@example.test>",
        message_id="<order42@example.org>",
    )
    message_id = accounts.store.add("Inbox", original, account="li@example.test")
    window = ComposeWindow.for_message(accounts, message_id, "reply")
    qtbot.addWidget(window)
    assert window.from_box.currentText().startswith("Acme 销售 <sales@example.test>")
    assert window.body.toPlainText().endswith("-- \nAcme Sales\n010-1234")
    assert "anna@example.org" in window.to.text()

    from_list = message(subject="News", sender="list@example.org", to="all@lists.example")
    list_id = accounts.store.add("Inbox", from_list, account="li@example.test")
    reply = ComposeWindow.for_message(accounts, list_id, "reply")
    qtbot.addWidget(reply)
    assert reply.from_box.currentText().startswith("Li Lei <li@example.test>"), (
        "addressed to none of them: the receiving account answers"
    )


def test_the_identities_tab_adds_edits_and_removes_identities(
    qtbot: QtBot, accounts: AppContext
) -> None:
    dialog = AccountPropertiesDialog(accounts, accounts.accounts.get("li@example.test"))
    qtbot.addWidget(dialog)
    tab = dialog.identities
    assert [tab.list.item(i).text() for i in range(tab.list.count())] == [
        "Li Lei <li@example.test>  (this account's own)",
        "Acme 销售 <sales@example.test>",
    ]
    _fill_next_identity_dialog(display_name="Li Lei", address="lei@alias.example")
    added = tab.add_identity()
    assert added is not None and added.address == "lei@alias.example"
    tab.list.setCurrentRow(1)
    _fill_next_identity_dialog(organisation="Acme Ltd")
    assert tab.edit_identity() is not None
    tab.list.setCurrentRow(2)
    tab.remove_identity()
    dialog.accept()
    saved = AccountBook.load(app_paths()).get("li@example.test")
    assert [(i.address, i.organisation) for i in saved.identities] == [
        ("sales@example.test", "Acme Ltd")
    ]


def test_an_identity_with_a_bad_or_taken_address_is_refused_in_plain_words(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    monkeypatch.setattr(
        "hongyan.gui.identities.QMessageBox.warning",
        lambda _parent, _title, text: seen.append(text),
    )
    dialog = IdentityDialog(taken={"li@example.test"})
    qtbot.addWidget(dialog)
    dialog.address.setText("not an address")
    dialog.accept()
    dialog.address.setText("LI@example.test")
    dialog.accept()
    dialog.address.setText("ok@example.test")
    dialog.display_name.setText("Evil\u2028Bcc: x@example.org")
    dialog.accept()
    assert dialog.result() == 0 and dialog.result_identity is None
    assert "is not an e-mail address" in seen[0]
    assert "already an address of this account" in seen[1]
    assert "line breaks or control characters" in seen[2]
