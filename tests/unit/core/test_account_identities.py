"""Identities: extra From addresses of an account, validated, saved, and chosen for replies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hongyan.core.accounts import Account, AccountBook, AccountError, Identity, ServerSettings
from hongyan.core.message.compose import Draft, build_message
from hongyan.core.message.reply import addressed_to
from hongyan.core.paths import AppPaths, app_paths

SALES = Identity(
    display_name="Acme Sales",
    address="sales@example.com",
    reply_to="orders@example.com",
    organisation="Acme Ltd",
    signature="Acme Sales team",
)


def make_account(name: str = "work", address: str = "me@example.com", **changes: object) -> Account:
    values: dict[str, object] = {
        "name": name,
        "display_name": "Li Lei",
        "address": address,
        "signature": "Li Lei",
        "pop3": ServerSettings.for_pop3("pop.example.com"),
        "smtp": ServerSettings.for_smtp("smtp.example.com"),
    }
    values.update(changes)
    return Account(**values)  # type: ignore[arg-type]


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return app_paths({"HONGYAN_HOME": str(tmp_path / "home")})


def test_an_account_lists_its_own_identity_first_then_the_extra_ones() -> None:
    account = make_account(identities=[SALES])
    assert [i.address for i in account.identities_all()] == ["me@example.com", "sales@example.com"]
    assert account.identities_all()[0].label == "Li Lei <me@example.com>"
    assert account.identity("SALES@example.com") == SALES
    assert account.identity().signature == "Li Lei"


def test_identities_are_validated_naming_the_entry_and_key() -> None:
    """plan B14: no line breaks in what becomes a header."""
    with pytest.raises(AccountError, match=r"'address': 'x' is not an e-mail address"):
        Identity(address="x")
    bad = Identity(address="ok@example.com")
    bad.display_name = "Evil\r\nBcc: victim@example.org"
    with pytest.raises(AccountError, match=r"'identities\[1\].display_name'.*line breaks"):
        make_account(identities=[bad])
    with pytest.raises(AccountError, match=r"already an address of the account 'work'"):
        make_account(identities=[Identity(address="ME@example.com")])


def test_identities_are_saved_and_loaded_again(paths: AppPaths) -> None:
    book = AccountBook(paths.accounts_file)
    book.add(make_account(identities=[SALES]))
    book.save()
    saved = json.loads(paths.accounts_file.read_text(encoding="utf-8"))
    assert saved["accounts"][0]["identities"][0]["address"] == "sales@example.com"
    assert AccountBook.load(paths).get("work").identities == [SALES]


def test_a_file_without_identities_still_loads_and_stays_without_them(paths: AppPaths) -> None:
    book = AccountBook(paths.accounts_file)
    book.add(make_account())
    book.save()
    saved = json.loads(paths.accounts_file.read_text(encoding="utf-8"))
    assert "identities" not in saved["accounts"][0]  # older versions can still read the file
    assert AccountBook.load(paths).get("work").identities == []


def test_a_bad_identity_in_the_file_is_named(paths: AppPaths) -> None:
    book = AccountBook(paths.accounts_file)
    book.add(make_account())
    book.save()
    data = json.loads(paths.accounts_file.read_text(encoding="utf-8"))
    data["accounts"][0]["identities"] = [{"address": "a@example.com"}, {"adress": "typo"}]
    paths.accounts_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        AccountError, match=r"account 'work'.*unknown setting 'identities\[2\].adress'"
    ):
        AccountBook.load(paths)


def test_with_and_without_identity_add_change_and_remove() -> None:
    account = make_account().with_identity(SALES)
    changed = account.with_identity(Identity(address="sales@example.com", display_name="Sales"))
    assert [i.display_name for i in changed.identities] == ["Sales"]
    own = changed.with_identity(Identity(address="me@example.com", display_name="李雷"))
    assert own.display_name == "李雷" and len(own.identities) == 1
    assert own.without_identity("Sales@Example.com").identities == []
    with pytest.raises(AccountError, match="address of the account 'work' itself"):
        own.without_identity("me@example.com")
    with pytest.raises(AccountError, match=r"no identity nobody@example.com .*me@example.com"):
        own.without_identity("nobody@example.com")


def test_the_book_finds_the_sender_of_an_address_preferring_the_default(paths: AppPaths) -> None:
    book = AccountBook(paths.accounts_file)
    book.add(make_account("home", "me@home.example", identities=[SALES]))
    book.add(make_account("work", identities=[SALES]), default=True)
    account, identity = book.sender("sales@example.com")
    assert (account.name, identity) == ("work", SALES)
    assert [i.address for _a, i in book.senders()][:2] == ["me@home.example", "sales@example.com"]
    with pytest.raises(AccountError, match=r"No account or identity sends as x@y.example"):
        book.sender("x@y.example")


ORIGINAL = (
    b"From: Anna <anna@example.org>\r\n"
    b"To: Team <team@lists.example>\r\n"
    b"Cc: Sales <SALES@example.com>, me@example.com\r\n"
    b"Delivered-To: me@example.com\r\n"
    b"Subject: Order\r\n\r\nHello\r\n"
)


def test_a_reply_is_written_from_the_identity_the_original_reached(paths: AppPaths) -> None:
    book = AccountBook(paths.accounts_file)
    book.add(make_account(identities=[SALES]))
    book.add(make_account("home", "me@home.example"))
    recipients = addressed_to(ORIGINAL)
    assert recipients == [
        "team@lists.example",
        "SALES@example.com",
        "me@example.com",
    ]
    account, identity = book.sender_for_reply(recipients, "work") or (None, None)
    assert account is not None and identity == SALES
    # Received by "home" but addressed to a work identity: still answered as that identity.
    account, identity = book.sender_for_reply(recipients, "home") or (None, None)
    assert account is not None and (account.name, identity) == ("work", SALES)
    # Reached through a list or a Bcc: the receiving account's own identity answers.
    account, identity = book.sender_for_reply(["team@lists.example"], "home") or (None, None)
    assert account is not None and identity is not None
    assert (account.name, identity.address) == ("home", "me@home.example")


def test_sending_as_an_identity_writes_its_from_reply_to_organisation_and_signature() -> None:
    """plan F51: the identity's values pass through the same header checks as an account's."""
    draft = Draft(to=["anna@example.org"], subject="Offer", body="Hello", signature=SALES.signature)
    message = build_message(draft, SALES)
    assert str(message["From"]) == "Acme Sales <sales@example.com>"
    assert str(message["Reply-To"]) == "orders@example.com"
    assert str(message["Organization"]) == "Acme Ltd"
    assert message.get_content().endswith("\n-- \nAcme Sales team\n")
