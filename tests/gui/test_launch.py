"""Launching the desktop app as the desktop does: Send To, a second launch, the login start."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from gui.conftest import make_account
from hongyan import cli
from hongyan.core.accounts import AccountBook
from hongyan.core.integration.requests import LaunchRequest
from hongyan.core.paths import app_paths
from hongyan.core.settings import Settings
from hongyan.gui.app import RunningApp, start_app
from hongyan.gui.compose_window import ComposeWindow
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.fetching import account_for, make_message

TIMEOUT_MS = 30_000
# The offscreen platform cannot raise a window; on a desktop raise() brings it to the front.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


def compose_windows() -> list[ComposeWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, ComposeWindow) and w.isVisible()
    ]


def attachment_texts(window: ComposeWindow) -> list[str]:
    listing = window.attachment_list
    return [listing.item(i).text() for i in range(listing.count())]


@pytest.fixture
def one_account() -> None:
    """An account, so the app does not start with the account wizard, and no fetch at start-up
    (its password would be asked for in a dialog)."""
    book = AccountBook.load(app_paths())
    book.add(make_account())
    book.save()
    settings = Settings.load(app_paths())
    settings.set("check_at_startup", False)
    settings.save()


@pytest.fixture
def running(qtbot: QtBot, one_account: None) -> Iterator[RunningApp]:
    """The app as ``hongyan`` starts it: the running instance of this profile."""
    started = start_app([], LaunchRequest.show())
    assert started is not None
    yield started
    for window in compose_windows():
        window.close()
    started.stop()


def request_of(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> LaunchRequest:
    """The request the real command line makes of ``argv``."""
    seen: list[LaunchRequest] = []
    monkeypatch.setattr(cli, "launch_gui", lambda request: seen.append(request) or 0)
    assert cli.main(argv) == 0
    return seen[0]


def test_hongyan_compose_opens_a_compose_window_with_both_files_attached(
    qtbot: QtBot, one_account: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4" + b"x" * 2040)
    (tmp_path / "中文.txt").write_text("你好", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    started = start_app([], request_of(["compose", "a.pdf", "中文.txt"], monkeypatch))
    assert started is not None
    try:
        qtbot.waitUntil(lambda: len(compose_windows()) == 1, timeout=TIMEOUT_MS)
        texts = attachment_texts(compose_windows()[0])
        assert len(texts) == 2
        assert texts[0].startswith("a.pdf (") and texts[1].startswith("中文.txt (")
    finally:
        for window in compose_windows():
            window.close()
        started.stop()


def test_two_send_to_at_once_open_two_compose_windows(
    qtbot: QtBot, running: RunningApp, tmp_path: Path
) -> None:
    """plan E45: later launches go to the running app; no file is lost."""
    for name in ("one.txt", "二.txt", "three.txt"):
        (tmp_path / name).write_text(name, encoding="utf-8")
    launches = [
        subprocess.Popen(
            [sys.executable, "-m", "hongyan", "compose", *names],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        for names in (["one.txt"], ["二.txt", "three.txt"])
    ]
    qtbot.waitUntil(
        lambda: all(p.poll() is not None for p in launches) and len(compose_windows()) == 2,
        timeout=TIMEOUT_MS,
    )
    assert [p.returncode for p in launches] == [0, 0]
    names = sorted(t.split(" (")[0] for w in compose_windows() for t in attachment_texts(w))
    assert names == ["one.txt", "three.txt", "二.txt"]
    assert not running.hongyan.window.isHidden()


@pytest.mark.integration
def test_the_autostart_command_fetches_without_showing_a_window(
    qtbot: QtBot,
    dovecot: DovecotServer,
    pki: CertificateAuthorities,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = dovecot.add_user()
    for n in range(3):
        user.deliver(make_message(n, tag="login"))
    account = account_for(dovecot, user, pki, name="login")
    book = AccountBook.load(app_paths())
    book.add(account)
    book.save()
    keyring.set_password("hongyan", "login:pop3", user.password)
    request = request_of(["--background", "--fetch"], monkeypatch)
    assert request == LaunchRequest.fetch(background=True)
    started = start_app([], request)
    assert started is not None
    try:
        store = started.hongyan.context.store
        qtbot.waitUntil(lambda: store.count("Inbox") == 3, timeout=TIMEOUT_MS)
        assert not started.hongyan.window.isVisible()
        assert compose_windows() == []
    finally:
        started.stop()
