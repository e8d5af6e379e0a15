"""``hongyan rule list|add|remove|run|enable|disable``: a contract for scripts."""

from __future__ import annotations

import pytest

from hongyan.cli import main
from hongyan.core.paths import app_paths
from hongyan.core.store import Store
from support.mail import message


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


@pytest.fixture
def mail() -> dict[str, int]:
    with Store.open(app_paths().default_store_dir, create=True) as store:
        store.create_folder("客户/ACME")
        return {
            "acme": store.add(
                "Inbox", message(sender="Bob <bob@sales.acme.com>", subject="报价单")
            ),
            "quote": store.add("Inbox", message(sender="Eve <eve@x.org>", subject="关于报价")),
            "other": store.add("Inbox", message(sender="Li <li@y.cn>", subject="你好")),
        }


def folder_of(message_id: int) -> str:
    with Store.open(app_paths().default_store_dir) as store:
        return store.get(message_id).folder


def test_add_list_and_remove(capsys: pytest.CaptureFixture[str], mail: dict[str, int]) -> None:
    code, out, _ = run(
        capsys, "rule", "add", "ACME", "--if-domain", "ACME.com", "--move-to", "客户/ACME",
        "--mark-read", "--stop",
    )  # fmt: skip
    assert code == 0 and out == ["Added the rule ACME (number 1)."]
    run(capsys, "rule", "add", "Quotes", "--if-subject", "报价", "--if-from", "nobody", "--any",
        "--flag", "--copy-to", "客户")  # fmt: skip
    assert run(capsys, "rule", "list")[1] == [
        "1\tACME\ton\tall: sender's domain is ACME.com\tmove to 客户/ACME; mark as read; stop",
        "2\tQuotes\ton\tany: from contains “nobody”; subject contains “报价”\tflag; copy to 客户",
    ]
    run(capsys, "rule", "disable", "quotes")
    assert run(capsys, "rule", "list")[1][1].split("\t")[2] == "off"
    assert run(capsys, "rule", "remove", "acme")[1] == ["Removed the rule ACME."]
    assert [line.split("\t")[1] for line in run(capsys, "rule", "list")[1]] == ["Quotes"]


def test_run_previews_then_files(capsys: pytest.CaptureFixture[str], mail: dict[str, int]) -> None:
    run(capsys, "rule", "add", "ACME", "--if-domain", "acme.com", "--move-to", "客户/ACME")
    run(capsys, "rule", "add", "Quotes", "--if-subject", "报价", "--flag")
    code, out, err = run(capsys, "rule", "run", "--dry-run")
    assert code == 0 and len(out) == 2
    by_id = {int(line.split("\t")[0]): line.split("\t")[4:] for line in out}
    assert by_id[mail["acme"]] == ["ACME, Quotes", "move to 客户/ACME; flag"]
    assert by_id[mail["quote"]] == ["Quotes", "flag"]
    assert "Would act on 2 of 3 messages (1 to move)." in err
    assert folder_of(mail["acme"]) == "Inbox"  # a dry run changes nothing
    code, out, err = run(capsys, "rule", "run")
    assert code == 0 and len(out) == 2 and "1 moved" in err
    assert folder_of(mail["acme"]) == "客户/ACME"
    code, out, _ = run(capsys, "rule", "run", "ACME", "--folder", "客户/ACME", "--dry-run")
    assert [line.split("\t")[0] for line in out] == [str(mail["acme"])]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("rule", "add", "X", "--flag"), "A rule needs a condition"),
        (("rule", "add", "X", "--if-from", "a"), "A rule needs an action"),
        (("rule", "add", "X", "--if-from", "a", "--tag", "VIP"), "Tags are not supported yet"),
        (("rule", "add", "X", "--if-from", "a", "--move-to", "Nowhere"), "no folder 'Nowhere'"),
        (("rule", "add", "X", "--if-header", "nothing", "--flag"), "'NAME: TEXT'"),
        (("rule", "add", "X", "--if-larger", "-1", "--flag"), "0 KB or more"),
        (("rule", "add", "X", "--if-from", "a", "--forward-to", "a@b, c@d"), "one address"),
        (("rule", "remove", "nothing"), "There is no rule called 'nothing'."),
        (("rule", "run", "--folder", "Nowhere"), "no folder 'Nowhere'"),
    ],
)
def test_refusals_are_one_plain_line(
    capsys: pytest.CaptureFixture[str], mail: dict[str, int], args: tuple[str, ...], says: str
) -> None:
    code, _, err = run(capsys, *args)
    assert code == 1 and says in err and "Traceback" not in err


def test_a_rule_name_is_used_once(capsys: pytest.CaptureFixture[str], mail: dict[str, int]) -> None:
    run(capsys, "rule", "add", "X", "--if-from", "a", "--flag")
    code, _, err = run(capsys, "rule", "add", "x", "--if-from", "b", "--flag")
    assert code == 1 and "There is a rule called 'x' already." in err


def test_a_broken_rules_file_is_named_and_nothing_is_fatal(
    capsys: pytest.CaptureFixture[str], mail: dict[str, int]
) -> None:
    path = app_paths().default_store_dir / "rules.json"
    path.write_text("{ broken", encoding="utf-8")
    code, out, err = run(capsys, "rule", "list")
    assert code == 0 and out == [] and f"The rules file {path} is not valid JSON" in err
    code, _, err = run(capsys, "rule", "add", "X", "--if-from", "a", "--flag")
    assert code == 1 and "fix or remove it first" in err
    assert path.read_text(encoding="utf-8") == "{ broken"


def test_every_option_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    from hongyan.cli import build_parser

    parser = build_parser()
    for command in (["rule", "add"], ["rule", "run"], ["folder", "delete"], ["copy"]):
        sub = parser
        for word in command:
            sub = next(
                a.choices[word]
                for a in sub._actions
                if isinstance(a.choices, dict) and word in a.choices
            )
        assert not sub.allow_abbrev
        assert all(a.help for a in sub._actions), command
