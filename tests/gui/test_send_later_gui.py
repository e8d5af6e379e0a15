"""Send Later, the Outbox's send times and Undo Send in the desktop app: queued with the time,
shown in the Outbox, sent by the running app when due (aiosmtpd, a clock the test moves), sent
at start-up with "late" when the time passed while Hongyan was not running, taken back by
Undo, and never lost to a kill during Undo's delay."""

from __future__ import annotations

import email
import email.policy
from datetime import datetime
from email.message import EmailMessage

import pytest
from pytestqt.qtbot import QtBot

from hongyan.core.integration.requests import LaunchRequest
from hongyan.core.message.compose import Draft, build_message
from hongyan.core.outbox import Outbox
from hongyan.core.secrets import Secret
from hongyan.gui.app import Hongyan
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.context import AppContext
from hongyan.gui.message_model import COLUMN_KEYS
from hongyan.gui.send_later import monday_morning, tomorrow_morning, when_text
from support.certs import CertificateAuthorities
from support.interrupt import killed_when_done
from support.sending import PASSWORD, Clock, account_for
from support.smtpd import SmtpServer

pytestmark = pytest.mark.integration

NO_RAISE = pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt


def _sending_app(
    qtbot: QtBot,
    context: AppContext,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    clock: Clock,
) -> Hongyan:
    """The app with one account sending through the test SMTP server, on ``clock``; it gets
    no mail (no POP3 server here) and looks at the wall clock every 50 ms."""
    account = account_for(smtp_server, pki, include_in_get_all=False)
    if account.name not in context.accounts:
        context.accounts.add(account)
        context.accounts.save()
    context.passwords.set(account.name, "pop3", Secret(PASSWORD), remember=True)
    context.settings.set("check_at_startup", False)
    context.clock = clock
    app = Hongyan(context, tray=False)
    app.outbox_timer.poll_seconds = 0.05
    qtbot.addWidget(app.window)
    return app


def _compose(qtbot: QtBot, app: Hongyan, subject: str) -> ComposeWindow:
    window = app.compose("new", 0)
    assert isinstance(window, ComposeWindow)
    qtbot.addWidget(window)
    window.to.setText("王小明 <wang@example.test>")
    window.subject.setText(subject)
    window.body.setPlainText("下周一上午九点开会。")
    return window


def _parsed(data: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_the_offered_times_are_tomorrow_at_eight_and_the_next_monday_at_nine() -> None:
    friday_night = datetime(2026, 12, 4, 22, 30)
    assert tomorrow_morning(friday_night) == datetime(2026, 12, 5, 8, 0)
    assert monday_morning(friday_night) == datetime(2026, 12, 7, 9, 0)
    sunday = datetime(2026, 12, 6, 10, 0)
    assert monday_morning(sunday) == datetime(2026, 12, 7, 9, 0)
    monday_early = datetime(2026, 12, 7, 7, 0)
    assert monday_morning(monday_early) == datetime(2026, 12, 14, 9, 0), "a week ahead"
    new_year_eve = datetime(2026, 12, 31, 23, 0)
    assert tomorrow_morning(new_year_eve) == datetime(2027, 1, 1, 8, 0)


def test_send_later_queues_with_the_time_and_the_outbox_shows_it(
    qtbot: QtBot, context: AppContext, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    clock = Clock()
    app = _sending_app(qtbot, context, smtp_server, pki, clock)
    window = _compose(qtbot, app, "周一的会议")
    menu = window.send_later_menu
    menu.update_times()
    monday = monday_morning(datetime.fromtimestamp(clock.now)).timestamp()
    assert menu.action_monday.text().endswith(when_text(monday)), "the entry says when"
    menu.action_monday.trigger()
    assert not window.isVisible(), "queued: the window closed"
    (entry,) = Outbox(context.store).entries()
    assert entry.send_at == monday and entry.subject == "周一的会议"
    assert "waits in the Outbox until" in app.window.status_panel.message.text()

    main = app.window
    column = COLUMN_KEYS.index("send_at")
    assert main.message_list.isColumnHidden(column), "no Send At column in the Inbox"
    main.open_folder("Outbox")
    assert not main.message_list.isColumnHidden(column)
    model = main.message_model
    qtbot.waitUntil(lambda: model.data(model.index(0, column)) == when_text(monday))
    qtbot.wait(200)
    assert smtp_server.messages == [], "nothing goes before its time"


def test_the_running_app_sends_a_message_when_its_time_comes(
    qtbot: QtBot, context: AppContext, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    clock = Clock()
    app = _sending_app(qtbot, context, smtp_server, pki, clock)
    when = clock.now + 3600
    assert _compose(qtbot, app, "Quarterly figures").send_later(when)
    qtbot.waitUntil(lambda: app.outbox_timer.next_due == when)
    qtbot.wait(300)  # the timer looked several times: not due
    assert smtp_server.messages == [] and context.store.count("Outbox") == 1

    clock.now = when + 1
    qtbot.waitUntil(lambda: len(smtp_server.messages) == 1, timeout=30_000)
    qtbot.waitUntil(lambda: context.store.count("Sent") == 1)
    assert context.store.count("Outbox") == 0
    (delivered,) = smtp_server.messages
    sent = _parsed(delivered.data)
    assert sent["Subject"] == "Quarterly figures"
    assert sent["Date"].datetime.timestamp() == when, "dated at its time"
    assert "X-Hongyan-Send-At" not in sent, "the time never leaves the machine"
    qtbot.waitUntil(lambda: app.outbox_timer.next_due is None)
    qtbot.wait(200)
    assert len(smtp_server.messages) == 1, "sent once"


@NO_RAISE
@pytest.mark.parametrize(
    "request_kind",
    ["show", "autostart fetch"],
)
def test_a_time_passed_while_hongyan_was_closed_is_sent_at_start_and_said_to_be_late(
    qtbot: QtBot,
    context: AppContext,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    request_kind: str,
) -> None:
    yesterday = Clock()
    app = _sending_app(qtbot, context, smtp_server, pki, Clock(yesterday.now + 3 * 3600 + 60))
    account = context.accounts.get("work")
    draft = Draft(to=["wang@example.test"], subject="晚到的信", body="早上好。")
    Outbox(context.store, clock=yesterday).queue(
        build_message(draft, account), account.name, send_at=yesterday.now + 60
    )
    request = (
        LaunchRequest.show() if request_kind == "show" else LaunchRequest.fetch(background=True)
    )
    app.start(request)  # the autostart at login: hongyan --background --fetch
    qtbot.waitUntil(lambda: len(smtp_server.messages) == 1, timeout=30_000)
    status = app.window.status_panel.message
    qtbot.waitUntil(lambda: "late" in status.text())
    assert "3 hours late" in status.text() and "晚到的信" in status.text()
    assert app.window.isVisible() == (request_kind == "show")


@NO_RAISE
def test_undo_send_takes_the_message_back_into_a_compose_window(
    qtbot: QtBot, context: AppContext, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    clock = Clock()
    app = _sending_app(qtbot, context, smtp_server, pki, clock)
    context.settings.set("undo_send_seconds", 10)
    assert _compose(qtbot, app, "Oops, wrong file").send()
    (entry,) = Outbox(context.store).entries()
    assert entry.send_at == clock.now + 10, "held for the delay"
    bar = app.undo_send.bar
    assert bar is not None and not bar.isHidden()
    assert bar.label.text() == "Sending “Oops, wrong file” in 10 s"
    clock.now += 4
    qtbot.waitUntil(lambda: bar.label.text() == "Sending “Oops, wrong file” in 6 s")

    bar.undo_button.click()
    qtbot.waitUntil(bar.isHidden)
    reopened = app.compose_windows[-1]
    assert isinstance(reopened, ComposeWindow) and reopened.isVisible()
    qtbot.addWidget(reopened)
    assert reopened.subject.text() == "Oops, wrong file"
    assert "wang@example.test" in reopened.to.text()
    assert reopened.schedule.send_at is None, "no send time: Send sends it"
    assert context.store.count("Outbox") == 0 and context.store.count("Drafts") == 1
    clock.now += 60
    qtbot.wait(300)
    assert smtp_server.messages == [], "taken back: never sent"


def test_without_undo_the_message_goes_when_the_delay_is_over(
    qtbot: QtBot, context: AppContext, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    clock = Clock()
    app = _sending_app(qtbot, context, smtp_server, pki, clock)
    context.settings.set("undo_send_seconds", 5)
    assert _compose(qtbot, app, "Fine as it is").send()
    qtbot.wait(200)
    assert smtp_server.messages == []
    clock.now += 5
    qtbot.waitUntil(lambda: len(smtp_server.messages) == 1, timeout=30_000)
    bar = app.undo_send.bar
    assert bar is not None
    qtbot.waitUntil(bar.isHidden)


CHILD = """
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from hongyan.core.paths import app_paths
from hongyan.gui.compose_window import ComposeWindow
from hongyan.gui.context import AppContext
context = AppContext.open(app_paths())
context.settings.set("undo_send_seconds", 30)
window = ComposeWindow.new_message(
    context, to=["wang@example.test"], subject="Sent, then killed", body="Still here?"
)
assert window.send()
print("queued", flush=True)
time.sleep(600)
"""


@NO_RAISE
def test_a_kill_during_the_undo_delay_loses_nothing_and_the_next_start_sends_it(
    qtbot: QtBot,
    context: AppContext,
    smtp_server: SmtpServer,
    pki: CertificateAuthorities,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    account = account_for(smtp_server, pki, include_in_get_all=False)
    context.accounts.add(account)
    context.accounts.save()
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    with killed_when_done(CHILD, once_it_says="queued"):
        pass  # kill -9 while the message waits for Undo's 30 seconds
    assert context.store.count("Outbox") == 1, "in the durable Outbox"
    app = _sending_app(qtbot, context, smtp_server, pki, Clock(datetime.now().timestamp() + 60))
    app.start(LaunchRequest.show())
    qtbot.waitUntil(lambda: len(smtp_server.messages) == 1, timeout=30_000)
    assert _parsed(smtp_server.messages[0].data)["Subject"] == "Sent, then killed"
    qtbot.waitUntil(lambda: context.store.count("Sent") == 1)
    assert context.store.count("Outbox") == 0


@NO_RAISE
def test_a_waiting_message_opened_again_keeps_its_time(
    qtbot: QtBot, context: AppContext, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    clock = Clock()
    app = _sending_app(qtbot, context, smtp_server, pki, clock)
    when = tomorrow_morning(datetime.fromtimestamp(clock.now)).timestamp()
    assert _compose(qtbot, app, "Agenda").send_later(when)
    (entry,) = Outbox(context.store).entries()
    opened = app.compose("open", entry.id)  # double-click in the Outbox
    assert isinstance(opened, ComposeWindow)
    qtbot.addWidget(opened)
    assert opened.schedule.send_at == when
    assert opened.schedule.label.text() == f"This message will be sent on {when_text(when)}."
    assert context.store.count("Outbox") == 0, "taken back to be changed"
    opened.body.setPlainText("Agenda, with one more point.")
    assert opened.send()
    (again,) = Outbox(context.store).entries()
    assert again.send_at == when, "Send puts it back to wait for its time"
    assert smtp_server.messages == []


def test_send_now_from_the_outbox_sends_a_waiting_message_at_once(
    qtbot: QtBot, context: AppContext, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    clock = Clock()
    app = _sending_app(qtbot, context, smtp_server, pki, clock)
    assert _compose(qtbot, app, "Can't wait").send_later(clock.now + 86400)
    main = app.window
    main.open_folder("Outbox")
    qtbot.waitUntil(lambda: main.outbox_actions.send_times != {})
    main.select_row(0)
    menu = [a.text() for a in main.message_menu().actions()]
    assert "Send &Now" in menu and "Change Send Ti&me…" in menu
    main.outbox_actions.action_send_now.trigger()
    qtbot.waitUntil(lambda: len(smtp_server.messages) == 1, timeout=30_000)
    main.open_folder("Inbox")
    main.select_row(0)
    assert "Send &Now" not in [a.text() for a in main.message_menu().actions()]
