"""The round trip: send through aiosmtpd, deliver what arrived into Dovecot, ``hongyan fetch``.

The fetched message, read with the reader's own decoding (``core.message.decode``), has the
same subject, names, body and attachments as the draft that was sent.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hongyan.core.accounts import AccountBook
from hongyan.core.message import decode
from hongyan.core.message.compose import Attachment, Draft, build_message
from hongyan.core.outbox import Outbox
from hongyan.core.paths import app_paths
from hongyan.core.settings import Settings
from hongyan.core.store import INBOX, Store
from support.certs import CertificateAuthorities
from support.dovecot import DovecotServer
from support.fetching import account_for as pop3_account_for
from support.sending import account_for, login
from support.smtpd import SmtpServer
from support.test_keyring import FileKeyring

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(180)]


def test_sent_message_fetched_back_decodes_the_same(
    smtp_server: SmtpServer, dovecot: DovecotServer, pki: CertificateAuthorities
) -> None:
    sender = account_for(smtp_server, pki, "starttls")
    draft = Draft(
        to=["张三 <zhang.san@example.test>", "欧阳 娜娜 <nana@example.test>"],
        cc=["李四 <li.si@example.test>"],
        bcc=["hidden@example.test"],
        subject="【往返】二〇二六年度预算 — round trip",
        body="各位：\n\n往返测试。\n.\n..点\n",
        attachments=[
            Attachment("预算（定稿）.xlsx", "表格".encode() * 500),
            Attachment("数据.bin", os.urandom(1024 * 1024)),
        ],
    )
    store_path = Settings.load(app_paths()).store_path
    with Store.open(store_path, create=True) as store:
        outbox = Outbox(store)
        outbox.queue(build_message(draft, sender), sender.name)
        assert outbox.flush(lambda name: (sender.smtp, login())).sent
    [received] = smtp_server.messages

    user = dovecot.add_user()
    user.deliver(received.data)
    book = AccountBook.load(app_paths())
    reader = pop3_account_for(dovecot, user, pki, name="reader")
    book.add(reader)
    book.save()
    FileKeyring().set_password("hongyan", "reader:pop3", user.password)
    fetched = subprocess.run(
        [sys.executable, "-m", "hongyan", "fetch", "reader"],
        capture_output=True, text=True, env=dict(os.environ), timeout=120,
    )  # fmt: skip
    assert fetched.returncode == 0, fetched.stderr

    with Store.open(store_path) as store:
        [row] = store.list(INBOX)
        message = decode.parse_message(store.read_bytes(row.id))
    assert decode.decode_header(decode.header_value(message, "Subject")) == draft.subject
    assert decode.decode_addresses(decode.header_value(message, "To")) == [
        ("张三", "zhang.san@example.test"),
        ("欧阳 娜娜", "nana@example.test"),
    ]
    assert decode.decode_addresses(decode.header_value(message, "Cc")) == [
        ("李四", "li.si@example.test")
    ]
    assert decode.decode_addresses(decode.header_value(message, "From")) == [
        ("王小明", "sender@example.test")
    ]
    assert decode.header_value(message, "Bcc") is None
    assert decode.body_text(message).replace("\r\n", "\n") == draft.body
    parts = decode.attachment_parts(message)
    assert [decode.attachment_filename(p) for p in parts] == [a.filename for a in draft.attachments]
    assert [decode.part_bytes(p) for p in parts] == [a.read() for a in draft.attachments]
    assert row.subject == draft.subject
