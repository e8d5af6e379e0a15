"""A profile for GUI tests: a real store, a real account book, the memory keyring."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.paths import app_paths
from hongyan.gui.app import Hongyan
from hongyan.gui.context import AppContext
from hongyan.gui.i18n import Translators
from support.mail import message


def make_account(name: str = "li@example.test", **changes: object) -> Account:
    values: dict[str, object] = {
        "name": name,
        "display_name": "Li Lei",
        "address": name,
        "pop3": ServerSettings("127.0.0.1", 995, "ssl", name),
        "smtp": ServerSettings("127.0.0.1", 465, "ssl", name),
    }
    values.update(changes)
    return Account(**values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def collect_qt_garbage_on_the_gui_thread() -> Iterator[None]:
    """Free the Qt objects a test left in reference cycles here, on the GUI thread.

    Otherwise Python's collector may free them later in whatever thread it happens to run in
    (an aiosmtpd or worker thread of another test), and Qt warns that timers cannot be
    stopped from another thread, failing that unrelated test.
    """
    yield
    gc.collect()


@pytest.fixture
def context(qapp: QApplication) -> Iterator[AppContext]:
    """The profile of HONGYAN_HOME (per test), opened as the app opens it, in English."""
    translators = Translators(qapp)
    translators.apply("en")
    opened = AppContext.open(app_paths(), translators=translators)
    yield opened
    opened.close()
    translators.apply("en")


@pytest.fixture
def chinese(qapp: QApplication, context: AppContext) -> Iterator[None]:
    """The interface in Chinese for one test."""
    translators = Translators(qapp)
    translators.apply("zh_CN")
    yield
    translators.apply("en")


@pytest.fixture
def app(qtbot: QtBot, context: AppContext) -> Hongyan:
    """The running app (no tray) with one account, its main window shown."""
    context.accounts.add(make_account("li@example.test"))
    context.accounts.save()
    running = Hongyan(context, tray=False)
    qtbot.addWidget(running.window)
    running.window.show()
    return running


def fill_inbox(context: AppContext, count: int, *, account: str | None = None) -> list[int]:
    """``count`` messages in the Inbox, one day apart, the newest last."""
    start = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
    ids = []
    for n in range(count):
        data = message(
            subject=f"Message {n}",
            body=f"Body of message {n}.",
            sender=f"Sender {n} <sender{n}@example.test>",
            date=start + timedelta(days=n),
            message_id=f"<m{n}@example.test>",
        )
        ids.append(context.store.add("Inbox", data, account=account))
    return ids
