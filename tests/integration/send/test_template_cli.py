"""The CLI contract of issue 20 against real aiosmtpd: ``hongyan template``, ``send --template``,
``send --at``, ``outbox`` showing the time, ``reply ID --template``, ``autoreply`` and
``quicktext``."""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from hongyan.cli import build_parser
from hongyan.core.accounts import AccountBook
from hongyan.core.paths import app_paths
from hongyan.core.settings import Settings
from hongyan.core.store import Store
from integration.send.test_send_cli import add_account, run, stored_folders
from support.certs import CertificateAuthorities
from support.sending import parse
from support.smtpd import SmtpServer

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

Capsys = pytest.CaptureFixture[str]

THANKS_BODY = "{{recipient_name}}，您好：\n\n感谢您的订单（{{date}}）。\n{{my_signature}}\n"


def add_thanks(capsys: Capsys) -> None:
    code, out, err = run(
        capsys, "template", "add", "感谢购买", "--subject", "感谢您的购买，{{recipient_name}}",
        "--body", THANKS_BODY,
    )  # fmt: skip
    assert code == 0 and "Saved the template “感谢购买”" in out, err


def store_path() -> Path:
    return Settings.load(app_paths()).store_path


def body_of(data: bytes) -> str:
    return str(parse(data).get_body(("plain",)).get_content())


def test_template_add_list_show_remove(capsys: Capsys) -> None:
    add_thanks(capsys)
    assert run(capsys, "template", "list")[1] == "感谢购买\t感谢您的购买，{{recipient_name}}\n"
    code, out, _err = run(capsys, "template", "show", "感谢购买")
    assert code == 0
    assert out.startswith("Name: 感谢购买\nSubject: 感谢您的购买，{{recipient_name}}\n\n")
    assert out.endswith(THANKS_BODY)
    code, _out, err = run(capsys, "template", "add", "感谢购买", "--subject", "x", "--body", "y")
    assert code == 1 and "exists already" in err
    assert run(capsys, "template", "remove", "感谢购买")[0] == 0
    assert "no templates yet" in run(capsys, "template", "list")[1]
    code, _out, err = run(capsys, "template", "show", "感谢购买")
    assert code == 1 and err == "hongyan: There is no template named “感谢购买”.\n"


def test_template_placeholders_lists_every_name_with_its_label(capsys: Capsys) -> None:
    out = run(capsys, "template", "placeholders")[1]
    assert "{{recipient_name}}" in out and "Today's date" in out


def test_a_template_survives_store_reindex_and_store_move(capsys: Capsys, tmp_path: Path) -> None:
    add_thanks(capsys)
    assert run(capsys, "store", "reindex")[0] == 0
    assert run(capsys, "template", "show", "感谢购买")[0] == 0
    code, _out, err = run(capsys, "store", "move", str(tmp_path / "usb" / "Mail"))
    assert code == 0, err
    assert store_path() == tmp_path / "usb" / "Mail"
    code, out, _err = run(capsys, "template", "show", "感谢购买")
    assert code == 0 and out.endswith(THANKS_BODY)


def test_send_with_a_template_fills_it_for_the_first_to_address(
    capsys: Capsys, smtp_server: SmtpServer, pki: CertificateAuthorities,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")  # the language setting is "system"
    add_account(capsys, pki, smtp_server.tls_port)
    code, _out, err = run(
        capsys, "account", "identity", "add", "work", "--address", "sender@example.test",
        "--display-name", "李雷", "--signature", "李雷 | 鸿雁贸易",
    )  # fmt: skip
    assert code == 0, err
    add_thanks(capsys)
    code, _out, err = run(
        capsys, "send", "--to", "王小明 <wang@customer.example>", "--to", "li@x.example",
        "--template", "感谢购买",
    )  # fmt: skip
    assert code == 0, err
    [received] = smtp_server.messages
    message = parse(received.data)
    assert message["Subject"] == "感谢您的购买，王小明"
    today = datetime.now()
    text = body_of(received.data)
    assert text.startswith(
        f"王小明，您好：\n\n感谢您的订单（{today:%B} {today.day}, {today.year}）。"
    )
    assert text.count("李雷 | 鸿雁贸易") == 1  # placed by {{my_signature}}, not appended again


def test_subject_and_body_override_the_template(
    capsys: Capsys, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    add_thanks(capsys)
    code, _out, err = run(
        capsys, "send", "--to", "wang@customer.example", "--template", "感谢购买",
        "--subject", "谢谢 {{recipient_address}}", "--body", "好的。",
    )  # fmt: skip
    assert code == 0, err
    [received] = smtp_server.messages
    assert parse(received.data)["Subject"] == "谢谢 wang@customer.example"
    assert body_of(received.data).startswith("好的。")


def test_an_unknown_placeholder_is_refused_unless_forced(
    capsys: Capsys, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    code, _out, err = run(
        capsys, "template", "add", "typo", "--subject", "Hi", "--body", "Dear {{recipent_name}}"
    )
    assert code == 0 and "does not know {{recipent_name}}" in err
    args = ("send", "--to", "wang@customer.example", "--template", "typo")
    code, _out, err = run(capsys, *args)
    assert code == 1 and "{{recipent_name}}" in err and "--force" in err
    assert stored_folders()["Outbox"] == 0 and smtp_server.messages == []
    code, _out, err = run(capsys, *args, "--force")
    assert code == 0, err
    assert "Dear {{recipent_name}}" in body_of(smtp_server.messages[0].data)


def test_missing_contact_data_is_a_warning_not_a_refusal(
    capsys: Capsys, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    add_thanks(capsys)
    code, _out, err = run(capsys, "send", "--to", "wang@customer.example", "--template", "感谢购买")
    assert code == 0
    assert "nothing is known for {{recipient_name}}" in err


def test_send_at_waits_in_the_outbox_with_its_time(
    capsys: Capsys, smtp_server: SmtpServer, pki: CertificateAuthorities, tmp_path: Path
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    when = (datetime.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    at = when.strftime("%Y-%m-%d %H:%M")
    attachment = tmp_path / "a.txt"
    attachment.write_text("x")
    code, out, err = run(
        capsys, "send", "--to", "bob@example.test", "--subject", "明天", "--body", "x",
        "--at", at, "--attach", str(attachment),
    )  # fmt: skip
    assert code == 0, err
    assert f"it will be sent at {at}" in out
    listing = run(capsys, "outbox")[1]
    assert f"at {at}" in listing and "明天" in listing
    assert run(capsys, "outbox", "--flush")[0] == 0
    assert smtp_server.messages == []
    [line] = [line for line in listing.splitlines() if "明天" in line]
    store_id = line.split()[0]
    code, out, _err = run(capsys, "outbox", "--send-now", store_id)
    assert code == 0 and "Sent “明天”" in out
    [received] = smtp_server.messages
    assert parsedate_to_datetime(parse(received.data)["Date"]) < when.astimezone()
    assert b"X-Hongyan-Send-At" not in received.data


def test_at_is_never_read_as_an_abbreviation(capsys: Capsys) -> None:
    """testing-notes: with allow_abbrev, --at would be taken for --attach, and --att too."""
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, "send", "--to", "b@example.test", "--subject", "s", "--body", "b",
            "--atta", "file.txt")  # fmt: skip
    assert exit_info.value.code == 2


@pytest.mark.parametrize(
    ("at", "message"),
    [("2020-01-01 09:00", "has passed"), ("tomorrow", "is not a time like")],
)
def test_a_past_or_unreadable_time_is_refused(
    capsys: Capsys, smtp_server: SmtpServer, pki: CertificateAuthorities, at: str, message: str
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    code, _out, err = run(
        capsys, "send", "--to", "b@example.test", "--subject", "s", "--body", "b", "--at", at
    )
    assert code == 1 and message in err
    assert not store_path().exists()  # refused before anything was written


def test_send_needs_a_subject_and_a_text_or_a_template(
    capsys: Capsys, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    code, _out, err = run(capsys, "send", "--to", "b@example.test", "--subject", "only")
    assert code == 1 and "--template" in err


ORIGINAL = (
    b"Return-Path: <wang@customer.example>\r\n"
    b"From: =?utf-8?b?546L5bCP5piO?= <wang@customer.example>\r\n"
    b"To: sender@example.test\r\n"
    b"Subject: =?utf-8?b?6K+i5Lu3?=\r\n"
    b"Date: Mon, 07 Dec 2026 10:00:00 +0800\r\n"
    b"Message-ID: <q1@customer.example>\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "请报价。\r\n".encode()
)


def test_reply_with_a_template_quotes_the_original(
    capsys: Capsys, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    with Store.open(store_path(), create=True) as store:
        original = store.add("Inbox", ORIGINAL, account="work")
    code, _out, err = run(
        capsys, "template", "add", "报价", "--subject", "", "--body",
        "{{recipient_name}}您好，关于“{{original_subject}}”，报价见附件。",
    )  # fmt: skip
    assert code == 0, err
    code, _out, err = run(
        capsys, "reply", str(original), "--template", "报价", "--queue-only", "--at",
        (datetime.now() + timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
    )  # fmt: skip
    assert code == 0, err
    with Store.open(store_path()) as store:
        [queued] = store.list("Outbox")
        reply = parse(store.read_bytes(queued.id))
        assert "R" in store.get(original).flags
    assert reply["Subject"] == "Re: 询价"
    assert reply["In-Reply-To"] == "<q1@customer.example>"
    assert reply["To"].addresses[0].addr_spec == "wang@customer.example"
    text = str(reply.get_body(("plain",)).get_content())
    assert text.startswith("王小明您好，关于“询价”，报价见附件。\n\n")
    assert "> 请报价。" in text
    assert smtp_server.messages == []


def test_reply_needs_a_text_or_a_template(capsys: Capsys) -> None:
    code, _out, err = run(capsys, "reply", "1")
    assert code == 1 and "--template" in err


def test_autoreply_switches_an_account_on_and_off(
    capsys: Capsys, smtp_server: SmtpServer, pki: CertificateAuthorities
) -> None:
    add_account(capsys, pki, smtp_server.tls_port)
    add_thanks(capsys)
    assert run(capsys, "autoreply")[1] == "work: automatic reply off\n"
    code, out, err = run(capsys, "autoreply", "work", "--template", "感谢购买")
    assert code == 0 and "answers new mail with the template “感谢购买”" in out, err
    assert AccountBook.load(app_paths()).get("work").auto_reply_template == "感谢购买"
    assert run(capsys, "autoreply")[1] == "work: automatic reply on, template “感谢购买”\n"
    code, _out, err = run(capsys, "autoreply", "work", "--template", "nothing")
    assert code == 1 and "no template named" in err
    assert run(capsys, "autoreply", "work", "--off")[0] == 0
    assert AccountBook.load(app_paths()).get("work").auto_reply_template == ""


def test_quicktext_add_find_remove(capsys: Capsys) -> None:
    assert run(capsys, "quicktext", "add", "报价有效期", "--text", "本报价30天内有效。")[0] == 0
    assert run(capsys, "quicktext", "add", "Shipping", "--text", "We ship in 48 hours.")[0] == 0
    assert run(capsys, "quicktext", "list", "报价")[1] == "[报价有效期]\n本报价30天内有效。\n\n"
    assert "Shipping" in run(capsys, "quicktext", "list", "SHIP")[1]
    assert run(capsys, "quicktext", "remove", "shipping")[0] == 0
    assert run(capsys, "quicktext", "list", "ship")[1] == "No quick text matches.\n"


def _parsers() -> dict[str, argparse.ArgumentParser]:
    """The parsers of this issue's commands, by their command line (``template add``)."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        found[path] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, f"{path} {name}".strip())

    walk(build_parser(), "")
    mine = ("send", "outbox", "template", "reply", "autoreply", "quicktext")
    return {path: p for path, p in found.items() if path.split(" ")[0] in mine}


def test_every_option_has_help_and_no_option_is_abbreviated() -> None:
    parsers = _parsers()
    assert {"send", "outbox", "template add", "reply", "autoreply", "quicktext add"} <= set(parsers)
    for path, parser in parsers.items():
        assert parser.allow_abbrev is False, path
        for action in parser._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{path} {action.option_strings[0]} has no help"
