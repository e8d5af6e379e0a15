"""``hongyan account identity add|list|remove``: extra From addresses from the command line."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from hongyan.cli import main
from hongyan.core.accounts import AccountBook
from hongyan.core.paths import app_paths


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    old = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        code = main(list(args))
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def account(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys,
        "account", "add", "work", "--address", "me@example.com", "--display-name", "Li Lei",
        "--pop3", "pop.example.com", "--smtp", "smtp.example.com",
    )  # fmt: skip
    assert code == 0, err


def test_add_list_change_and_remove_an_identity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    signature = tmp_path / "sig.txt"
    signature.write_text("销售部\n电话 010-1234\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "account", "identity", "add", "work", "--address", "sales@example.com",
        "--display-name", "Acme 销售", "--reply-to", "orders@example.com",
        "--signature-file", str(signature),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "Added the identity Acme 销售 <sales@example.com> of account 'work'" in out
    [identity] = AccountBook.load(app_paths()).get("work").identities
    assert (identity.reply_to, identity.signature) == (
        "orders@example.com",
        "销售部\n电话 010-1234",
    )

    code, out, _err = run(
        capsys, "account", "identity", "add", "work", "--address", "SALES@example.com",
        "--organisation", "Acme Ltd",
    )  # fmt: skip
    assert code == 0 and "Changed the identity" in out
    [identity] = AccountBook.load(app_paths()).get("work").identities
    assert (identity.display_name, identity.organisation) == ("Acme 销售", "Acme Ltd")

    code, out, _err = run(capsys, "account", "identity", "list", "work")
    assert out.splitlines() == [
        "* Li Lei <me@example.com>",
        "  Acme 销售 <sales@example.com>  reply to orders@example.com",
    ]
    code, out, _err = run(capsys, "account", "identity", "list", "work", "--json")
    assert [row["address"] for row in json.loads(out)] == ["me@example.com", "sales@example.com"]

    code, out, _err = run(capsys, "account", "list", "--json")
    assert json.loads(out)[0]["identities"] == ["sales@example.com"]

    code, out, _err = run(capsys, "account", "identity", "remove", "work", "sales@example.com")
    assert code == 0 and "Removed the identity sales@example.com" in out
    assert AccountBook.load(app_paths()).get("work").identities == []


def test_bad_identities_are_refused_in_plain_words(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys, "account", "identity", "add", "work", "--address", "not-an-address"
    )
    assert code != 0 and "is not an e-mail address" in err and "Traceback" not in err
    code, _out, err = run(capsys, "account", "identity", "remove", "work", "me@example.com")
    assert code != 0 and "address of the account 'work' itself" in err
    code, _out, err = run(capsys, "account", "identity", "list", "nosuch")
    assert code != 0 and "There is no account named 'nosuch'" in err
