"""The account's "Automatic reply" switch: a template name, empty when off, kept out of the
file when off (so an older Hongyan still reads the accounts), validated like any field."""

from __future__ import annotations

import dataclasses

import pytest

from hongyan.core.accounts import Account, AccountBook, AccountError, ServerSettings
from hongyan.core.paths import AppPaths

ACCOUNT = Account(
    name="work",
    address="li@hongyan.example",
    pop3=ServerSettings.for_pop3("pop.hongyan.example"),
    smtp=ServerSettings.for_smtp("smtp.hongyan.example"),
)


def test_off_by_default_and_not_written_when_off() -> None:
    assert ACCOUNT.auto_reply_template == ""
    assert "auto_reply_template" not in ACCOUNT.to_json()


def test_the_template_name_is_saved_and_read_back(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("profile")
    paths = AppPaths(root / "config", root / "data", root / "state", root / "cache", root / "log")
    book = AccountBook.load(paths)
    book.add(dataclasses.replace(ACCOUNT, auto_reply_template="休假"))
    book.save()
    assert AccountBook.load(paths).get("work").auto_reply_template == "休假"


def test_a_line_break_in_the_name_is_refused() -> None:
    with pytest.raises(AccountError, match="auto_reply_template"):
        dataclasses.replace(ACCOUNT, auto_reply_template="a\nb")
