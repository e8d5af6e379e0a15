"""``hongyan contact``, ``customer`` and ``new-senders``: the contract of issue 18."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hongyan.cli import build_parser, main
from hongyan.core.paths import app_paths
from hongyan.core.store import Store
from support.mail import message

DATA = Path(__file__).resolve().parents[2] / "data" / "vcards"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def add_zhang(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(
        capsys,
        "contact", "add", "--name", "张伟", "--email", "zhang@kehu.cn", "--email", "zw@163.com",
        "--company", "鸿运贸易", "--phone", "010-6000 0000", "--fax", "010-6000 0001",
        "--mobile", "13800138000", "--group", "VIP", "--group", "成交客户", "--note", "老客户",
    )  # fmt: skip
    assert code == 0
    return out[0]


def test_add_list_show_edit_remove(capsys: pytest.CaptureFixture[str]) -> None:
    contact_id = add_zhang(capsys)
    _, out, _ = run(capsys, "contact", "list")
    assert out == [f"{contact_id}\t张伟\t鸿运贸易\tzhang@kehu.cn\tVIP,成交客户"]
    assert run(capsys, "contact", "list", "--group", "vip")[1] == out
    assert run(capsys, "contact", "list", "--company", "Other")[1] == []
    _, card, _ = run(capsys, "contact", "show", "zw@163.com")
    assert "Fax: 010-6000 0001" in card and "Mobile: 13800138000" in card
    assert "E-mail (preferred): zhang@kehu.cn" in card
    run(capsys, "contact", "edit", contact_id, "--title", "经理", "--remove-group", "VIP")
    _, card, _ = run(capsys, "contact", "show", contact_id)
    assert "Title: 经理" in card and "Groups: 成交客户" in card
    assert run(capsys, "contact", "remove", contact_id)[0] == 0
    assert run(capsys, "contact", "list")[1] == []


def test_import_twice_and_export_a_group(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    add_zhang(capsys)
    _, out, _ = run(capsys, "contact", "import", str(DATA / "thunderbird-export.vcf"))
    assert out == [
        f"Imported {DATA / 'thunderbird-export.vcf'}: 2 added, 0 updated, 0 already there."
    ]
    _, out, _ = run(capsys, "contact", "import", str(DATA / "thunderbird-export.vcf"))
    assert out[0].endswith(": 0 added, 0 updated, 2 already there.")
    target = tmp_path / "vip.vcf"
    _, out, _ = run(capsys, "contact", "export", str(target), "--group", "VIP")
    assert out == [f"Exported 1 contacts to {target} (vCard 3.0)."]
    assert "FN:张伟" in target.read_text(encoding="utf-8")


def test_bad_input_gets_one_line_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "contact", "add", "--name", "X", "--email", "not-an-address")
    assert code == 1 and err.startswith("hongyan: 'not-an-address' is not an e-mail address")
    code, _, err = run(capsys, "contact", "show", "nobody")
    assert code == 1 and "There is no contact nobody" in err
    code, _, err = run(capsys, "contact", "import", "/nonexistent.vcf")
    assert code == 1 and err.startswith("hongyan: Could not read /nonexistent.vcf")


def test_options_are_never_abbreviated_and_all_have_help() -> None:
    parser = build_parser()
    with pytest.raises(SystemExit):
        parser.parse_args(["contact", "add", "--na", "X"])
    actions = [a for a in parser._actions if a.dest == "command" or hasattr(a, "choices")]
    for action in actions:
        for name, sub in (getattr(action, "choices", None) or {}).items():
            if name not in ("contact", "customer", "new-senders"):
                continue
            parsers = [sub] + [
                p for a in sub._actions for p in (getattr(a, "choices", None) or {}).values()
                if hasattr(p, "_actions")
            ]  # fmt: skip
            for each in parsers:
                assert each.allow_abbrev is False or each is sub, each.prog
                for option in each._actions:
                    if option.option_strings and option.dest != "help":
                        assert option.help, f"{each.prog} {option.option_strings}"


def test_customer_prints_a_summary_then_the_messages_with_their_direction(
    capsys: pytest.CaptureFixture[str],
) -> None:
    contact_id = add_zhang(capsys)
    with Store.open(app_paths().default_store_dir, create=True) as store:
        question = store.add(
            "Inbox",
            message(
                subject="询价", sender="张伟 <zhang@kehu.cn>", to="me@hongyan.test",
                date=datetime(2026, 3, 2, 9, tzinfo=UTC), message_id="<q@t>",
            ),
        )  # fmt: skip
        answer = store.add(
            "Sent",
            message(
                subject="Re: 询价", sender="me@hongyan.test", to="zhang@kehu.cn",
                date=datetime(2026, 3, 2, 12, tzinfo=UTC), message_id="<a@t>",
                extra_headers="In-Reply-To: <q@t>\n",
            ),
        )  # fmt: skip
        stranger = store.add("Inbox", message(subject="合作", sender="new@partner.cn"))
    _, out, _ = run(capsys, "customer", contact_id)
    blank = out.index("")
    summary = dict(line.split(": ", 1) for line in out[:blank])
    assert summary["Customer"] == "张伟 (zhang@kehu.cn, zw@163.com)"
    assert summary["Messages"] == "1 in, 1 out"
    assert summary["My answer time"] == "average 3.0 h, median 3.0 h (1 answers)"
    assert summary["Open questions"] == "0"
    rows = [line.split("\t") for line in out[blank + 1 :]]
    assert [(int(r[0]), r[4]) for r in rows] == [(answer, "out"), (question, "in")]
    assert rows[1][2] == "张伟 <zhang@kehu.cn>" and rows[1][3] == "询价"
    _, by_domain, _ = run(capsys, "customer", "kehu.cn")
    assert by_domain[0] == "Customer: kehu.cn (*@kehu.cn)"
    assert by_domain[by_domain.index("") + 1 :] == out[blank + 1 :]
    _, out, _ = run(capsys, "new-senders")
    assert [int(line.split("\t")[0]) for line in out] == [stranger]
    _, out, _ = run(capsys, "search", "contact:张伟")
    assert [int(line.split("\t")[0]) for line in out] == [answer, question]
    _, out, _ = run(capsys, "search", "from:new@partner.cn", "OR", "to:zhang@kehu.cn")
    assert {int(line.split("\t")[0]) for line in out} == {answer, stranger}


def test_contacts_come_back_after_a_reinstall(tmp_path: Path) -> None:
    from support.cli import hongyan

    store = tmp_path / "MyMail"
    first = {"HONGYAN_HOME": str(tmp_path / "old-profile")}
    assert hongyan("store", "open", str(store), env=first).returncode != 0  # no store yet
    Store.open(store, create=True).close()
    assert hongyan("store", "open", str(store), env=first).returncode == 0
    added = hongyan("contact", "add", "--name", "张伟", "--email", "zhang@kehu.cn", env=first)
    assert added.returncode == 0, added.stderr
    fresh = {"HONGYAN_HOME": str(tmp_path / "new-profile")}  # Hongyan installed anew
    assert hongyan("store", "open", str(store), env=fresh).returncode == 0
    listed = hongyan("contact", "list", env=fresh)
    assert listed.stdout == f"{added.stdout.strip()}\t张伟\t\tzhang@kehu.cn\t\n"
