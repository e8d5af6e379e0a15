"""Templates in the desktop app: the placeholder menu, New Message from Template filled for the
recipient typed in To, Reply with Template, the warning about placeholders that would go out
wrong, and Save as Template."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable
from email.message import EmailMessage

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan.core.message.compose import Draft
from hongyan.core.templates import PLACEHOLDERS, Templates
from hongyan.gui.app import Hongyan
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.context import AppContext
from hongyan.gui.message_window import MessageWindow
from hongyan.gui.templates_menu import TemplateListMenu
from support.mail import message
from support.sending import Clock

# 2027-01-15 08:00 UTC: {{date}} is written for this day.
TODAY = Clock(1_800_000_000.0)

THANKS = Draft(
    subject="感谢您的购买",
    body="{{recipient_name}}，您好：\n\n感谢您购买我们的产品。\n\n{{my_name}}\n{{date}}",
)


@pytest.fixture
def office(context: AppContext) -> AppContext:
    """One account (Li Lei, signature below the text), a template, a clock."""
    context.accounts.add(make_account("li@example.test", signature="李雷\n鸿雁软件"))
    context.accounts.save()
    Templates(context.store).save("thanks", THANKS)
    context.clock = TODAY
    return context


def _window(qtbot: QtBot, context: AppContext, **prefill: object) -> ComposeWindow:
    window = ComposeWindow.new_message(context, **prefill)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    return window


def _menu_texts(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def _answer_box(choose: Callable[[QMessageBox], object]) -> list[str]:
    """Handle the next message box with ``choose``; the texts of the boxes seen."""
    seen: list[str] = []

    def act() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            choose(box)
        else:
            QTimer.singleShot(20, act)

    QTimer.singleShot(0, act)
    return seen


def _button(text: str) -> Callable[[QMessageBox], object]:
    def click(box: QMessageBox) -> object:
        (button,) = [b for b in box.buttons() if b.text() == text]
        button.click()
        return None

    return click


def test_the_placeholder_menu_lists_every_placeholder_and_inserts_it_at_the_cursor(
    qtbot: QtBot, office: AppContext
) -> None:
    window = _window(qtbot, office, body="Dear ,")
    menu = window.templates.placeholder_menu
    texts = _menu_texts(menu)
    assert len(texts) == len(PLACEHOLDERS)
    assert texts[0] == "Recipient's name\t{{recipient_name}}"
    assert "Today's date\t{{date}}" in texts
    cursor = window.body.textCursor()
    cursor.setPosition(len("Dear "))
    window.body.setTextCursor(cursor)
    menu.actions()[0].trigger()
    assert window.body.toPlainText().startswith("Dear {{recipient_name}},")


def test_the_placeholder_menu_speaks_chinese(
    qtbot: QtBot, office: AppContext, chinese: None
) -> None:
    window = _window(qtbot, office)
    texts = _menu_texts(window.templates.placeholder_menu)
    assert texts[0] == "收件人姓名\t{{recipient_name}}"
    assert window.action_templates.iconText() == "模板", "a toolbar button: no accelerator"


def test_new_message_from_template_fills_what_it_can_and_the_recipient_once_typed(
    qtbot: QtBot, office: AppContext
) -> None:
    app = Hongyan(office, tray=False)
    qtbot.addWidget(app.window)
    menu = app.window.new_from_template_menu
    qtbot.waitUntil(lambda: _menu_texts(menu) == ["thanks"])
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: len(app.compose_windows) == 1)
    window = app.compose_windows[0]
    assert isinstance(window, ComposeWindow)
    qtbot.addWidget(window)
    assert window.subject.text() == "感谢您的购买"
    text = window.body.toPlainText()
    assert text.startswith("{{recipient_name}}，您好："), "no recipient yet: left to fill"
    assert "Li Lei\nJanuary 15, 2027" in text, "the sender and the day are known at once"
    assert text.endswith("-- \n李雷\n鸿雁软件"), "the signature below, once"

    window.to.setText("王小明 <wang@example.cn>")
    window.to.editingFinished.emit()  # the user leaves the To field
    assert window.body.toPlainText().startswith("王小明，您好：")

    window.to.setText("张伟 <zhang@example.cn>")  # a wrong address corrected
    window.to.editingFinished.emit()
    assert window.body.toPlainText().startswith("张伟，您好："), "re-filled: text untouched"

    window.body.setPlainText(window.body.toPlainText().replace("感谢", "非常感谢"))
    window.to.setText("赵敏 <zhao@example.cn>")
    window.to.editingFinished.emit()
    assert window.body.toPlainText().startswith("张伟，您好："), "the edited text is the user's"
    window._dirty = False  # closed without the question at the end of the test


def test_reply_with_template_quotes_the_original_below_as_a_reply_does(
    qtbot: QtBot, office: AppContext
) -> None:
    original = message(
        subject="询价：鸿雁邮件",
        body="请问企业版多少钱？",
        sender="陈静 <chen@company.example>",
        to="li@example.test",
        message_id="<ask@company.example>",
    )
    asked = office.store.add("Inbox", original, account="li@example.test")
    app = Hongyan(office, tray=False)
    qtbot.addWidget(app.window)
    main = app.window
    main.show()
    main.select_row(0)
    menu = main.reply_template_menu
    assert menu in [a.menu() for a in main.message_menu().actions()], "in the right-click menu"
    qtbot.waitUntil(lambda: _menu_texts(menu) == ["thanks"])
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: len(app.compose_windows) == 1)
    window = app.compose_windows[0]
    assert isinstance(window, ComposeWindow)
    qtbot.addWidget(window)
    assert window.subject.text() == "Re: 询价：鸿雁邮件"
    assert "chen@company.example" in window.to.text()
    text = window.body.toPlainText()
    assert text.startswith("陈静，您好：\n\n感谢您购买我们的产品。"), "filled for the author"
    assert "> 请问企业版多少钱？" in text, "the original quoted below"
    assert text.index("感谢您购买") < text.index("> 请问企业版多少钱？")
    assert window.in_reply_to == asked


def test_an_unknown_placeholder_is_named_and_nothing_is_sent_until_the_user_confirms(
    qtbot: QtBot, office: AppContext
) -> None:
    window = _window(
        qtbot,
        office,
        to=["王小明 <wang@example.cn>"],
        subject="Offer",
        body="Dear {{recipent_name}},\n\nour offer for {{recipient_company}} follows.",
    )
    seen = _answer_box(_button("Go Back"))
    assert window.send() is False
    assert "{{recipent_name}}" in seen[0], "the typo is named"
    assert "Recipient's company" in seen[0], "and the one with no value"
    assert office.store.count("Outbox") == 0, "blocked"
    assert window.body.toPlainText().startswith("Dear {{recipent_name}},"), "left to fix"

    seen = _answer_box(_button("Send Anyway"))
    assert window.send() is True
    assert seen, "asked again"
    (queued,) = office.store.list("Outbox")
    sent = _text_of(office.store.read_bytes(queued.id))
    assert sent.startswith("Dear {{recipent_name}},"), "sent as written, as the user chose"
    assert "our offer for  follows." in sent, "no value: left empty"


def test_placeholders_inserted_by_hand_are_filled_at_send_and_quotes_are_left_alone(
    qtbot: QtBot, office: AppContext
) -> None:
    original = message(
        subject="合同",
        body="模板里的 {{不是占位符}} 原样保留。",
        sender="王小明 <wang@example.cn>",
        to="li@example.test",
    )
    asked = office.store.add("Inbox", original, account="li@example.test")
    window = ComposeWindow.for_message(office, asked, "reply")
    qtbot.addWidget(window)
    window.body.moveCursor(window.body.textCursor().MoveOperation.Start)
    window.body.insertPlainText("{{recipient_name}}：关于“{{original_subject}}”，收到。\n")
    assert window.send() is True, "no question: all known, and the quote is not checked"
    (queued,) = office.store.list("Outbox")
    sent = _text_of(office.store.read_bytes(queued.id))
    assert sent.startswith("王小明：关于“合同”，收到。")
    assert "> 模板里的 {{不是占位符}} 原样保留。" in sent, "the original's words unchanged"


def _text_of(data: bytes) -> str:
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    body = parsed.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def test_save_as_template_stores_the_text_without_the_signature(
    qtbot: QtBot, office: AppContext
) -> None:
    window = _window(
        qtbot, office, subject="报价单", body="{{recipient_name}}，您好：\n报价单见附件。"
    )

    def name_it() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QInputDialog):
            assert dialog.textValue() == "报价单", "the subject is the proposed name"
            dialog.setTextValue("quotation")
            dialog.accept()
        else:
            QTimer.singleShot(20, name_it)

    QTimer.singleShot(0, name_it)
    window.templates.action_save.trigger()
    templates = Templates(office.store)
    qtbot.waitUntil(lambda: templates.find("quotation") is not None)
    saved = templates.get("quotation").draft
    assert saved.subject == "报价单"
    assert saved.body.rstrip("\n") == "{{recipient_name}}，您好：\n报价单见附件。"
    use_menu = window.templates.use_menu
    qtbot.waitUntil(lambda: "quotation" in _menu_texts(use_menu))

    seen = _answer_box(_button("&Yes"))
    window.templates.save("Quotation")  # the same name in another case
    qtbot.waitUntil(lambda: bool(seen))
    assert "exists already" in seen[0]
    qtbot.waitUntil(lambda: [t.name for t in templates.list()] == ["Quotation", "thanks"])


def test_use_template_puts_its_text_at_the_cursor(qtbot: QtBot, office: AppContext) -> None:
    window = _window(qtbot, office, to=["王小明 <wang@example.cn>"])
    qtbot.waitUntil(lambda: _menu_texts(window.templates.use_menu) == ["thanks"])
    window.templates.use_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: window.subject.text() == "感谢您的购买")
    assert window.body.toPlainText().startswith("王小明，您好：")
    assert window.body.toPlainText().endswith("-- \n李雷\n鸿雁软件")


def test_the_template_menus_say_when_there_is_none(qtbot: QtBot, context: AppContext) -> None:
    menu = TemplateListMenu(context, "Templates")
    qtbot.addWidget(menu)
    qtbot.wait(100)
    (empty,) = menu.actions()
    assert empty.text() == "No templates yet" and not empty.isEnabled()


def test_a_message_window_replies_with_a_template_from_the_arrow_beside_reply(
    qtbot: QtBot, office: AppContext
) -> None:
    asked = office.store.add(
        "Inbox",
        message(subject="Order 4711", sender="Tom Baker <tom@example.net>", to="li@example.test"),
        account="li@example.test",
    )
    app = Hongyan(office, tray=False)
    qtbot.addWidget(app.window)
    reading = app.compose("open", asked)
    assert isinstance(reading, MessageWindow)
    qtbot.addWidget(reading)
    qtbot.waitUntil(lambda: reading.data is not None)  # read in a worker
    menu = reading.reply_template_menu
    assert menu.isEnabled()
    qtbot.waitUntil(lambda: _menu_texts(menu) == ["thanks"])
    menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: len(app.compose_windows) == 1)
    window = app.compose_windows[0]
    assert isinstance(window, ComposeWindow)
    qtbot.addWidget(window)
    assert window.subject.text() == "Re: Order 4711"
    assert window.body.toPlainText().startswith("Tom Baker，您好：")


def test_the_original_subject_in_a_message_that_answers_none_is_asked_about(
    qtbot: QtBot, office: AppContext
) -> None:
    window = _window(
        qtbot, office, to=["wang@example.cn"], subject="Re: {{original_subject}}", body="Hi"
    )
    seen = _answer_box(_button("Go Back"))
    assert window.send() is False
    assert "Subject of the original message" in seen[0]
