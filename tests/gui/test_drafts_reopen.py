"""Opening a message in Drafts or the Outbox from the list: the compose window comes back with
everything that was saved; saving again replaces the draft, sending removes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.core.accounts import Identity, ServerSettings
from hongyan.core.outbox import OUTBOX, Outbox
from hongyan.core.secrets import Secret
from hongyan.gui.app import Hongyan
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.context import AppContext
from support.certs import CertificateAuthorities
from support.smtpd import SmtpServer

SALES = Identity(
    display_name="Acme 销售", address="sales@example.test", signature="Acme Sales\n010-1234"
)


@pytest.fixture
def app(qtbot: QtBot, context: AppContext) -> Hongyan:
    context.accounts.add(make_account("li@example.test", signature="Li Lei", identities=[SALES]))
    context.accounts.add(make_account("work@example.test", display_name="Li (work)"), default=True)
    context.accounts.save()
    running = Hongyan(context, tray=False)
    qtbot.addWidget(running.window)
    return running


def _write_and_save(qtbot: QtBot, app: Hongyan, attachment: Path) -> ComposeWindow:
    window = ComposeWindow.new_message(app.context, attachments=[attachment])
    qtbot.addWidget(window)
    assert window.select_sender("li@example.test", "sales@example.test")  # not the default
    window.to.setText("王芳 <wang@example.test>, zhao@example.test")
    window.cc.setText("boss@example.test")
    window.bcc.setText("archive@example.test")
    window.subject.setText("报价单")
    window.body.moveCursor(window.body.textCursor().MoveOperation.Start)
    window.body.insertPlainText("你好，\n报价单见附件。")
    assert window.save_draft()
    window.close()
    return window


def _open_from_the_list(qtbot: QtBot, app: Hongyan, folder: str) -> ComposeWindow:
    """Open the first message of ``folder`` the way a user does: select it, press Enter."""
    app.window.open_folder(folder)
    qtbot.waitUntil(lambda: app.window.message_model.rowCount() >= 1)
    app.window.select_row(0)
    before = len(app.compose_windows)
    qtbot.keyClick(app.window.message_list, Qt.Key.Key_Return)
    assert len(app.compose_windows) == before + 1
    opened = app.compose_windows[-1]
    assert isinstance(opened, ComposeWindow)
    qtbot.addWidget(opened)
    return opened


def test_a_saved_draft_opens_again_with_everything_as_saved(
    qtbot: QtBot, app: Hongyan, tmp_path: Path
) -> None:
    sheet = tmp_path / "报价单.xlsx"
    sheet.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 20)
    saved = _write_and_save(qtbot, app, sheet)

    reopened = _open_from_the_list(qtbot, app, "Drafts")
    assert reopened.identity() == SALES, "the identity it was saved with, not the default"
    assert reopened.account_name() == "li@example.test"
    for field in ("to", "cc", "bcc", "subject"):
        assert getattr(reopened, field).text() == getattr(saved, field).text(), field
    assert reopened.to.text() == "王芳 <wang@example.test>, zhao@example.test"
    assert reopened.body.toPlainText() == saved.body.toPlainText()
    assert reopened.body.toPlainText().count("Acme Sales") == 1, "signature not added twice"
    assert [(a.filename, a.read()) for a in reopened.attachments] == [
        ("报价单.xlsx", sheet.read_bytes())
    ]
    assert reopened.attachment_list.count() == 1
    assert reopened.windowTitle() == "报价单"


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no stacking
def test_changing_a_reopened_draft_and_saving_keeps_one_draft(
    qtbot: QtBot, app: Hongyan, tmp_path: Path
) -> None:
    sheet = tmp_path / "a.txt"
    sheet.write_text("x")
    _write_and_save(qtbot, app, sheet)
    reopened = _open_from_the_list(qtbot, app, "Drafts")
    reopened.subject.setText("报价单（修订）")
    assert reopened.save_draft()
    store = app.context.store
    assert [m.subject for m in store.list("Drafts")] == ["报价单（修订）"]
    assert store.count("Trash") == 0, "the replaced version is not left in Trash"

    # Opening it again while its window is open brings that window up, no second copy.
    app.window.open_folder("Drafts")
    qtbot.waitUntil(lambda: app.window.message_model.rowCount() == 1)
    reopened.show()
    app.window.select_row(0)
    count = len(app.compose_windows)
    qtbot.keyClick(app.window.message_list, Qt.Key.Key_Return)
    assert len(app.compose_windows) == count


@pytest.mark.integration
def test_sending_a_reopened_draft_empties_drafts_and_files_it_in_sent(
    qtbot: QtBot,
    app: Hongyan,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    tmp_path: Path,
) -> None:
    context = app.context
    li = context.accounts.get("li@example.test")
    smtp = ServerSettings(
        smtp_server.host, smtp_server.tls_port, "ssl", "sender@example.test",
        trust_cert_pem=pki.ca_pem.read_text(),
    )  # fmt: skip
    context.accounts.update(
        li.__class__(**{**li.__dict__, "smtp": smtp, "smtp_same_credentials": False})
    )
    context.passwords.set("li@example.test", "smtp", Secret("smtp-Pa55"), remember=True)
    note = tmp_path / "note.txt"
    note.write_text("附件内容")
    _write_and_save(qtbot, app, note)
    reopened = _open_from_the_list(qtbot, app, "Drafts")

    with qtbot.waitSignal(app.window.fetcher.send_did_finish, timeout=30_000):
        assert reopened.send()
        assert context.store.count("Drafts") == 0
        assert context.store.count(OUTBOX) == 1
    assert context.store.count(OUTBOX) == 0
    (sent,) = context.store.list("Sent")
    assert sent.subject == "报价单" and sent.from_addr == "sales@example.test"
    (delivered,) = smtp_server.messages
    assert set(delivered.rcpt_tos) == {
        "wang@example.test", "zhao@example.test", "boss@example.test", "archive@example.test"
    }  # fmt: skip
    assert context.store.count("Trash") == 0


def test_a_message_waiting_in_the_outbox_opens_editable_and_goes_back_on_send(
    qtbot: QtBot, app: Hongyan, tmp_path: Path
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("x")
    window = _write_and_save(qtbot, app, note)
    draft = window.current_draft()
    store = app.context.store
    store.delete([window.draft_id or 0])
    from hongyan.core.message.compose import build_message

    queued = Outbox(store).queue(build_message(draft, SALES), "li@example.test")

    reopened = _open_from_the_list(qtbot, app, OUTBOX)
    assert store.count(OUTBOX) == 0, "taken out of the Outbox while it is changed"
    assert reopened.draft_id == queued and store.get(queued).folder == "Drafts"
    assert reopened.identity() == SALES
    reopened.to.setText("wang@example.test")
    # Send starts the Outbox sender (this account's server is not there: it stays queued).
    with qtbot.waitSignal(app.window.fetcher.send_did_finish, timeout=30_000):
        assert reopened.send()
    assert store.count("Drafts") == 0
    (waiting,) = Outbox(store).entries()
    assert waiting.to == "wang@example.test"


def test_sending_a_draft_deleted_meanwhile_still_queues_the_message(
    qtbot: QtBot, app: Hongyan, tmp_path: Path
) -> None:
    """The draft behind an open window was deleted for good (its row id is free again): Send
    must queue the message and not mistake the queued copy for the old draft."""
    note = tmp_path / "note.txt"
    note.write_text("x")
    _write_and_save(qtbot, app, note)
    reopened = _open_from_the_list(qtbot, app, "Drafts")
    store = app.context.store
    store.delete([reopened.draft_id or 0])
    store.delete([reopened.draft_id or 0])
    with qtbot.waitSignal(app.window.fetcher.send_did_finish, timeout=30_000):
        assert reopened.send()
    (waiting,) = Outbox(store).entries()
    assert waiting.subject == "报价单"
    assert store.count("Drafts") == 0


def test_a_reply_saved_as_draft_marks_the_original_answered_when_sent(
    qtbot: QtBot, app: Hongyan
) -> None:
    from gui.conftest import fill_inbox

    (original,) = fill_inbox(app.context, 1)
    reply = ComposeWindow.for_message(app.context, original, "reply")
    qtbot.addWidget(reply)
    assert reply.save_draft()
    reply.close()
    reopened = _open_from_the_list(qtbot, app, "Drafts")
    assert reopened.subject.text() == "Re: Message 0"
    assert reopened.in_reply_to == original
    with qtbot.waitSignal(app.window.fetcher.send_did_finish, timeout=30_000):
        assert reopened.send()
    assert "R" in app.context.store.get(original).flags
