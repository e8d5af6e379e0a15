"""The compose window: prefilled windows, attachments, drafts, the forgotten-attachment check."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QTimer, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.gui.compose_window import ComposeWindow, mentions_attachment
from hongyan.gui.context import AppContext
from support.mail import message


@pytest.fixture
def with_accounts(context: AppContext) -> AppContext:
    context.accounts.add(make_account("li@example.test", signature="Li Lei\n13800000000"))
    context.accounts.add(make_account("work@example.test", display_name="Li (work)"), default=True)
    context.accounts.save()
    return context


def _answer_next_question(button: QMessageBox.StandardButton) -> list[str]:
    """Click ``button`` in the next message box; returns the texts of the boxes seen."""
    seen: list[str] = []

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.button(button).click()
        else:
            QTimer.singleShot(20, click)

    QTimer.singleShot(0, click)
    return seen


def test_mentions_of_attachments_in_english_and_chinese() -> None:
    assert mentions_attachment("请查收附件中的报价单")
    assert mentions_attachment("I have attached the report")
    assert mentions_attachment("Please find enclosed the invoice")
    assert not mentions_attachment("Let us meet tomorrow at ten.")
    assert not mentions_attachment("Thanks!\n> the attached file was broken")


def test_new_message_from_send_to_is_prefilled_with_the_default_account(
    qtbot: QtBot, with_accounts: AppContext, tmp_path: Path
) -> None:
    report = tmp_path / "报告.pdf"
    report.write_bytes(b"%PDF-1.4 " + b"x" * 3000)
    window = ComposeWindow.new_message(
        with_accounts, to=["boss@example.test"], subject="Report", attachments=[report]
    )
    qtbot.addWidget(window)
    assert window.from_box.currentData() == "work@example.test"
    assert window.to.text() == "boss@example.test"
    assert window.subject.text() == "Report"
    assert window.attachment_list.count() == 1
    assert window.attachment_list.item(0).text() == "报告.pdf (3 KB)"


def test_files_dropped_or_pasted_on_the_text_become_attachments(
    qtbot: QtBot, with_accounts: AppContext, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8" + b"0" * 100)
    window = ComposeWindow.new_message(with_accounts)
    qtbot.addWidget(window)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(photo))])
    window.body.insertFromMimeData(data)
    assert [a.filename for a in window.attachments] == ["photo.jpg"]
    assert "photo.jpg" not in window.body.toPlainText()


def test_the_signature_of_the_chosen_account_is_below_the_text(
    qtbot: QtBot, with_accounts: AppContext
) -> None:
    with_accounts.accounts.set_default("li@example.test")
    window = ComposeWindow.new_message(with_accounts, body="Hello")
    qtbot.addWidget(window)
    assert window.body.toPlainText() == "Hello\n\n-- \nLi Lei\n13800000000"


def test_sending_without_the_mentioned_attachment_asks_first(
    qtbot: QtBot, with_accounts: AppContext
) -> None:
    window = ComposeWindow.new_message(
        with_accounts, to=["a@example.test"], subject="合同", body="合同见附件。"
    )
    qtbot.addWidget(window)
    seen = _answer_next_question(QMessageBox.StandardButton.No)
    assert window.send() is False
    assert seen and "mentions an attachment" in seen[0]


def test_save_draft_stores_it_in_drafts_and_replaces_the_previous_save(
    qtbot: QtBot, with_accounts: AppContext
) -> None:
    window = ComposeWindow.new_message(with_accounts, subject="Plans", body="First version")
    qtbot.addWidget(window)
    assert window.save_draft()
    window.body.setPlainText("Second version")
    assert window.save_draft()
    assert with_accounts.store.count("Drafts") == 1
    (draft,) = with_accounts.store.list("Drafts")
    assert "D" in draft.flags and draft.subject == "Plans"
    assert b"Second version" in with_accounts.store.read_bytes(draft.id)
    assert with_accounts.store.count("Trash") == 0, "an old save is not left in Trash"


def test_reply_all_is_prefilled_from_the_stored_message(
    qtbot: QtBot, with_accounts: AppContext
) -> None:
    original = message(
        subject="会议安排",
        body="周五下午三点开会。",
        sender="王芳 <wang@example.test>",
        to="work@example.test, zhao@example.test",
        message_id="<meeting@example.test>",
    )
    message_id = with_accounts.store.add("Inbox", original, account="li@example.test")
    window = ComposeWindow.for_message(with_accounts, message_id, "reply_all")
    qtbot.addWidget(window)
    # Fetched by li@ but addressed to work@ (one of the user's accounts): answered as work@,
    # the identity the original reached, as Thunderbird does.
    assert window.from_box.currentData() == "work@example.test"
    assert "wang@example.test" in window.to.text()
    assert "zhao@example.test" in window.cc.text()
    assert "work@example.test" not in window.cc.text(), "never reply to yourself"
    assert window.subject.text() == "Re: 会议安排"
    assert "> 周五下午三点开会。" in window.body.toPlainText()
    built = email.message_from_bytes(
        with_accounts.store.read_bytes(message_id), policy=email.policy.default
    )
    assert window.current_draft().in_reply_to == built["Message-ID"]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no stacking
def test_send_to_from_the_file_manager_opens_a_prefilled_window(
    qtbot: QtBot, with_accounts: AppContext, tmp_path: Path
) -> None:
    from hongyan.core.integration.requests import LaunchRequest, compose_request
    from hongyan.gui.app import Hongyan

    sheet = tmp_path / "预算.xlsx"
    sheet.write_bytes(b"PK" + b"0" * 5000)
    app = Hongyan(with_accounts, tray=False)
    qtbot.addWidget(app.window)
    wish = compose_request(to=["cfo@example.test"], subject="预算", files=[str(sheet)])
    app.launch_handler.handle(LaunchRequest.compose_with(wish))
    window = app.compose_windows[-1]
    assert isinstance(window, ComposeWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.to.text() == "cfo@example.test"
    assert window.subject.text() == "预算"
    assert [a.filename for a in window.attachments] == ["预算.xlsx"]
