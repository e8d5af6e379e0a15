"""Accounts: secure defaults, validation naming the bad key, atomic human-readable JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hongyan.core.accounts import (
    Account,
    AccountBook,
    AccountError,
    ServerSettings,
    normalise_fingerprint,
)
from hongyan.core.paths import AppPaths, app_paths
from hongyan.core.secrets import PasswordStore, Secret
from support.test_keyring import MemoryKeyring

CANARY = "Hy-CANARY-9d1f\u00e9"


def make_account(name: str = "work", **changes: object) -> Account:
    values: dict[str, object] = {
        "name": name,
        "address": "me@example.com",
        "pop3": ServerSettings.for_pop3("pop.example.com"),
        "smtp": ServerSettings.for_smtp("smtp.example.com"),
    }
    values.update(changes)
    return Account(**values)  # type: ignore[arg-type]


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return app_paths({"HONGYAN_HOME": str(tmp_path / "home")})


def test_servers_default_to_implicit_tls() -> None:
    """plan A1: POP3 995 and SMTP 465 with implicit TLS when only the host is given."""
    account = make_account()
    assert (account.pop3.port, account.pop3.security) == (995, "ssl")
    assert (account.smtp.port, account.smtp.security) == (465, "ssl")


def test_starttls_is_an_explicit_choice_with_its_own_ports() -> None:
    """plan A1: STARTTLS only when chosen; it then uses 110 / 587."""
    account = make_account(
        pop3=ServerSettings.for_pop3("pop.example.com", security="starttls"),
        smtp=ServerSettings.for_smtp("smtp.example.com", security="starttls"),
    )
    assert (account.pop3.port, account.smtp.port) == (110, 587)


def test_no_tls_needs_the_explicit_insecure_opt_in() -> None:
    """plan A1: security 'none' is refused without allow_insecure, accepted with it."""
    plain = ServerSettings.for_pop3("pop.example.com", security="none")
    with pytest.raises(AccountError, match=r"'pop3.security'.*allow_insecure"):
        make_account(pop3=plain)
    assert make_account(pop3=plain, allow_insecure=True).pop3.port == 110


def test_policy_defaults_keep_mail_on_the_server_and_authenticate_smtp() -> None:
    account = make_account()
    assert account.leave_on_server is True
    assert account.delete_after_days is None
    assert account.delete_when_trashed is False
    assert account.headers_only_over_kb is None
    assert account.apop is False
    assert account.smtp_auth is True
    assert account.smtp_same_credentials is True
    assert account.include_in_get_all is True


@pytest.mark.parametrize(
    "name", ["", " work", "work ", "a\nb", "a\x1b[31mb", "tab\tname", "x" * 65, "rtl\u202ename"]
)
def test_account_names_refuse_blanks_control_characters_and_length(name: str) -> None:
    with pytest.raises(AccountError):
        make_account(name)


def test_unicode_names_are_welcome() -> None:
    assert make_account("工作邮箱").name == "工作邮箱"


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"address": "not-an-address"}, "address"),
        ({"reply_to": "a@b"}, "reply_to"),
        ({"delete_after_days": 0}, "delete_after_days"),
        ({"headers_only_over_kb": -5}, "headers_only_over_kb"),
        ({"leave_on_server": "yes"}, "leave_on_server"),
    ],
)
def test_invalid_settings_name_the_key(changes: dict[str, object], key: str) -> None:
    with pytest.raises(AccountError, match=key):
        make_account(**changes)


def test_line_breaks_in_a_user_name_are_refused() -> None:
    """plan B14 (account side): a CR/LF in the user name is refused before any connection."""
    with pytest.raises(AccountError, match="'username' must not contain line breaks"):
        ServerSettings("pop.example.com", 995, username="u1\r\nDELE 1")


def test_a_port_out_of_range_is_refused() -> None:
    with pytest.raises(AccountError, match="'port'"):
        ServerSettings("pop.example.com", 70000)


def test_user_names_default_to_the_address_and_smtp_can_share_or_not() -> None:
    shared = make_account(pop3=ServerSettings.for_pop3("pop.example.com", username="me"))
    assert (shared.pop3_username, shared.smtp_username) == ("me", "me")
    separate = make_account(
        smtp=ServerSettings.for_smtp("smtp.example.com", username="relay"),
        smtp_same_credentials=False,
    )
    assert (separate.pop3_username, separate.smtp_username) == ("me@example.com", "relay")


def test_the_book_saves_readable_json_and_loads_it_back(paths: AppPaths) -> None:
    book = AccountBook.load(paths)
    book.add(make_account("work", delete_after_days=30, headers_only_over_kb=500))
    book.add(make_account("家", address="me@example.cn"), default=True)
    book.save()
    text = paths.accounts_file.read_text(encoding="utf-8")
    assert '"name": "家"' in text  # human-readable, not escaped
    assert text.count("\n") > 20  # indented
    again = AccountBook.load(paths)
    assert again.names() == ["work", "家"]
    assert again.get("work") == book.get("work")
    default = again.default()
    assert default is not None and default.name == "家"
    assert list(paths.config_dir.iterdir()) == [paths.accounts_file]  # no temp file left
    assert paths.accounts_file.stat().st_mode & 0o077 == 0


def test_the_first_account_becomes_the_default_and_removal_moves_it(paths: AppPaths) -> None:
    book = AccountBook.load(paths)
    book.add(make_account("a"))
    book.add(make_account("b"))
    assert book.default() is not None and book.default().name == "a"  # type: ignore[union-attr]
    book.remove("a", passwords=None)
    assert book.default() is not None and book.default().name == "b"  # type: ignore[union-attr]
    book.remove("b", passwords=None)
    assert book.default() is None


def test_get_all_skips_accounts_left_out(paths: AppPaths) -> None:
    book = AccountBook.load(paths)
    book.add(make_account("a"))
    book.add(make_account("b", include_in_get_all=False))
    assert [a.name for a in book.for_get_all()] == ["a"]


def test_duplicate_and_unknown_names_give_plain_errors(paths: AppPaths) -> None:
    book = AccountBook.load(paths)
    book.add(make_account("a"))
    with pytest.raises(AccountError, match="already exists"):
        book.add(make_account("a"))
    with pytest.raises(AccountError, match="no account named 'zz'"):
        book.get("zz")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda a: a["pop3"].update(port="995"), "account 'work': 'pop3.port' must be a whole"),
        (lambda a: a["smtp"].update(security="tls"), "'smtp.security' must be one of"),
        (lambda a: a.update(colour="red"), "unknown setting 'colour'"),
        (lambda a: a["pop3"].pop("host"), "'pop3.host' is missing"),
        (lambda a: a.update(leave_on_server=1), "'leave_on_server' must be true or false"),
    ],
)
def test_a_bad_file_is_reported_with_the_account_and_key(
    paths: AppPaths, edit: object, message: str
) -> None:
    book = AccountBook.load(paths)
    book.add(make_account("work"))
    book.save()
    data = json.loads(paths.accounts_file.read_text(encoding="utf-8"))
    edit(data["accounts"][0])  # type: ignore[operator]
    paths.accounts_file.write_text(json.dumps(data), encoding="utf-8")
    before = paths.accounts_file.read_bytes()
    with pytest.raises(AccountError, match=message.replace("(", r"\(")):
        AccountBook.load(paths)
    assert paths.accounts_file.read_bytes() == before  # never overwritten


def test_broken_json_is_an_error_not_an_empty_book(paths: AppPaths) -> None:
    paths.config_dir.mkdir(parents=True)
    paths.accounts_file.write_text('{"accounts": [', encoding="utf-8")
    with pytest.raises(AccountError, match="could not be read"):
        AccountBook.load(paths)


def test_removing_an_account_deletes_its_keyring_entries(paths: AppPaths) -> None:
    """plan B12: deleting the account deletes the keyring entries under the documented key."""
    backend = MemoryKeyring()
    passwords = PasswordStore(backend, explicit=False)
    book = AccountBook.load(paths)
    book.add(make_account("work", smtp_same_credentials=False))
    book.add(make_account("other"))
    passwords.set("work", "pop3", Secret(CANARY), remember=True)
    passwords.set("work", "smtp", Secret(CANARY + "s"), remember=True)
    passwords.set("other", "pop3", Secret("Hy-other-account-3f9d"), remember=True)
    assert set(backend.entries) == {
        ("hongyan", "work:pop3"),
        ("hongyan", "work:smtp"),
        ("hongyan", "other:pop3"),
    }
    book.remove("work", passwords=passwords)
    book.save()
    assert set(backend.entries) == {("hongyan", "other:pop3")}
    assert passwords.get("work", "pop3") is None


def test_the_config_file_never_holds_the_password(paths: AppPaths) -> None:
    """plan B12: the profile holds no canary after an account with a password is saved."""
    passwords = PasswordStore(MemoryKeyring(), explicit=False)
    book = AccountBook.load(paths)
    book.add(make_account("work"))
    passwords.set("work", "pop3", Secret(CANARY), remember=True)
    book.save()
    for path in paths.config_dir.parent.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes()


def test_fingerprints_are_normalised_and_checked() -> None:
    digits = "ab" * 32
    assert normalise_fingerprint(digits) == ":".join(["AB"] * 32)
    with pytest.raises(AccountError, match="not a SHA-256 fingerprint"):
        normalise_fingerprint("abcd")
    server = ServerSettings("pop.example.com", 995, pinned_certs=[digits])
    assert server.pinned_certs == [":".join(["AB"] * 32)]


def test_a_change_made_elsewhere_is_not_overwritten(paths: AppPaths) -> None:
    """The GUI holds a book while the CLI adds an account: the GUI's save must not drop it."""
    gui = AccountBook.load(paths)
    gui.add(make_account("work"))
    gui.save()
    cli = AccountBook.load(paths)
    cli.add(make_account("added-by-cli"))
    cli.save()
    gui.update(make_account("work", delete_after_days=3))
    with pytest.raises(AccountError, match="changed by another Hongyan window or command"):
        gui.save()
    assert AccountBook.load(paths).names() == ["work", "added-by-cli"]
    again = AccountBook.load(paths)
    again.update(make_account("work", delete_after_days=3))
    again.save()
    again.save()  # saving twice in a row is fine
    assert AccountBook.load(paths).get("work").delete_after_days == 3
