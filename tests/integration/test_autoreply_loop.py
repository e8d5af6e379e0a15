"""Two Hongyan profiles, both away with an automatic reply, mailing each other through real
servers (aiosmtpd delivering into Dovecot Maildirs, fetched over POP3): every person's message
gets one automatic reply and the automatic replies get none, so the exchange stops after one
reply each. When a relay on the way strips ``Auto-Submitted``, the once-per-sender memory
stops it all the same."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hongyan.core.accounts import Account, ServerSettings
from hongyan.core.message.compose import Draft, build_message
from hongyan.core.outbox import Outbox
from hongyan.core.secrets import Secret
from hongyan.core.store import Store
from hongyan.core.sync import FetchOptions, fetch_account
from hongyan.core.templates import Templates
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer, PopUser
from support.fetching import account_for
from support.smtp_faults import smtp_server_with
from support.smtpd import RecordingHandler, SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


class DeliveringHandler(RecordingHandler):
    """An MTA in miniature: each accepted message goes into its recipients' Dovecot Maildir
    with the Return-Path a final delivery adds; ``strip`` drops header fields on the way,
    as a careless relay might."""

    def __init__(self, mailboxes: dict[str, PopUser], strip: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.mailboxes = mailboxes
        self.strip = strip

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        reply = await super().handle_DATA(server, session, envelope)
        data = bytes(envelope.original_content)
        for name in self.strip:
            data = re.sub(rb"(?im)^" + name.encode() + rb":[^\n]*\n", b"", data)
        for rcpt in envelope.rcpt_tos:
            mailbox = self.mailboxes[rcpt.lower()]
            mailbox.deliver(f"Return-Path: <{envelope.mail_from}>\r\n".encode() + data)
        return reply


@dataclass
class Profile:
    """One Hongyan profile: a store, an account away with an automatic reply."""

    account: Account
    store_path: Path
    user: PopUser

    def fetch(self) -> list[int]:
        options = FetchOptions(own_addresses=frozenset({self.account.address}))
        result = fetch_account(self.account, self.store_path, Secret(self.user.password),
                               options=options)  # fmt: skip
        assert result.ok and result.warnings == [], result.error or result.warnings
        return result.new_ids

    def send_outbox(self) -> int:
        with Store.open(self.store_path) as store:
            login = (self.user.name, Secret(self.user.password))
            report = Outbox(store).flush(lambda _name: (self.account.smtp, login))
        assert not report.problems, report.lines()
        return len(report.sent)

    def write(self, to: Profile, subject: str) -> None:
        """The person at this profile writes to the other one."""
        draft = Draft(to=[to.account.address], subject=subject, body="在吗？\n")
        with Store.open(self.store_path) as store:
            Outbox(store).queue(build_message(draft, self.account), self.account.name)


def profile(
    tmp_path: Path, name: str, user: PopUser, dovecot: DovecotServer,
    pki: CertificateAuthorities, smtp: SmtpServer,
) -> Profile:  # fmt: skip
    base = account_for(dovecot, user, pki, name=name)
    smtp_settings = ServerSettings(
        "127.0.0.1", smtp.tls_port, "ssl", user.name, trust_cert_pem=pki.ca_pem.read_text()
    )
    account = dataclasses.replace(base, smtp=smtp_settings, auto_reply_template="away")
    store_path = tmp_path / name
    with Store.open(store_path, create=True) as store:
        Templates(store).save("away", Draft(body="{{my_name}} 外出中，{{date}} 后回复。\n"), None)
    return Profile(account, store_path, user)


@pytest.fixture(
    params=[(), ("Auto-Submitted", "X-Auto-Response-Suppress")], ids=["kept", "stripped"]
)
def pair(
    request: pytest.FixtureRequest, tmp_path: Path, dovecot: DovecotServer,
    pki: CertificateAuthorities,
) -> Iterator[tuple[Profile, Profile, SmtpServer]]:  # fmt: skip
    alice, bob = dovecot.add_user(), dovecot.add_user()
    mailboxes = {f"{u.name}@example.test": u for u in (alice, bob)}
    server = smtp_server_with(pki, DeliveringHandler(mailboxes, strip=request.param))
    server.authenticator.users.update({u.name: u.password for u in (alice, bob)})
    try:
        yield (
            profile(tmp_path, "alice", alice, dovecot, pki, server),
            profile(tmp_path, "bob", bob, dovecot, pki, server),
            server,
        )
    finally:
        server.stop()


def automatic(server: SmtpServer, sender: Profile) -> int:
    """How many automatic replies ``sender`` has sent (they answer "在吗" with the template)."""
    return sum(
        1
        for m in server.messages
        if m.mail_from == sender.account.address and "外出中".encode() in _decoded(m.data)
    )


def _decoded(data: bytes) -> bytes:
    import email
    from email.policy import default

    message = email.message_from_bytes(data, policy=default)
    body = message.get_body(("plain",))  # type: ignore[attr-defined]
    return str(body.get_content()).encode() if body is not None else b""


def test_two_profiles_away_answer_each_other_once(
    pair: tuple[Profile, Profile, SmtpServer],
) -> None:
    alice, bob, server = pair
    alice.write(bob, "周五的会")  # both people write before leaving
    bob.write(alice, "报价")
    assert alice.send_outbox() == 1 and bob.send_outbox() == 1
    for _round in range(4):  # both apps keep fetching and sending for a while
        for someone in (alice, bob):
            someone.fetch()
            someone.send_outbox()
    assert automatic(server, alice) == 1
    assert automatic(server, bob) == 1
    assert len(server.messages) == 4  # two letters, two automatic replies, nothing more


def test_the_fetch_reports_the_ids_it_committed(
    pair: tuple[Profile, Profile, SmtpServer],
) -> None:
    alice, bob, _server = pair
    bob.write(alice, "报价")
    bob.send_outbox()
    [new_id] = alice.fetch()
    with Store.open(alice.store_path) as store:
        assert store.get(new_id).subject == "报价"
        assert store.count("Outbox") == 1  # the automatic reply, waiting for the next send
    assert alice.fetch() == []
