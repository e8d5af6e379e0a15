"""rules.json: versioned, human-readable, written atomically; a bad rule is named and skipped,
a bad file is named and never overwritten, and nothing about it is fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.rules.book import RULES_FILE, RuleBook
from hongyan.core.rules.model import (
    COPY,
    FORWARD,
    MOVE,
    Action,
    Condition,
    Rule,
    rule_from_json,
    rule_to_json,
)

ACME = Rule(
    "ACME",
    (Condition("domain", "acme.com"), Condition("larger", 100), Condition("attachment")),
    (Action(MOVE, folder="客户/ACME"), Action(FORWARD, to="boss@example.com")),
    match_any=True,
    stop=True,
)


def write(root: Path, data: object) -> Path:
    path = root / RULES_FILE
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_rule_survives_the_file_unchanged(tmp_path: Path) -> None:
    book = RuleBook.load(tmp_path)
    book.add(ACME)
    book.add(
        Rule("Header", (Condition("header", "Foxmail", header="X-Mailer"),), (Action("flag"),))
    )
    book.save()
    text = (tmp_path / RULES_FILE).read_text(encoding="utf-8")
    assert '"version": 1' in text and "客户/ACME" in text  # readable: no \\u escapes
    again = RuleBook.load(tmp_path)
    assert again.problems == [] and again.rules == book.rules
    assert not list(tmp_path.glob(f".{RULES_FILE}*"))  # no temporary file left


def test_a_missing_file_is_no_rules(tmp_path: Path) -> None:
    book = RuleBook.load(tmp_path)
    assert book.rules == [] and book.problems == []


def test_a_bad_rule_is_named_and_skipped_and_kept_as_it_was(tmp_path: Path) -> None:
    bad = {"name": "typo", "conditions": [{"field": "frm", "value": "x"}], "actions": []}
    write(tmp_path, {"version": 1, "rules": [rule_to_json(ACME), bad]})
    book = RuleBook.load(tmp_path)
    assert [r.name for r in book.rules] == ["ACME"]
    [problem] = book.problems
    assert RULES_FILE in problem and "rule 2 is ignored: unknown condition 'frm'" in problem
    book.add(Rule("New", (Condition("from", "x"),), (Action("mark_read"),)))
    book.save()  # changing another rule never destroys what the user may still fix
    saved = json.loads((tmp_path / RULES_FILE).read_text(encoding="utf-8"))
    assert [r.get("name") for r in saved["rules"]] == ["ACME", "typo", "New"]
    assert saved["rules"][1] == bad


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"{not json", "is not valid JSON"),
        (b'{"version": 1}', 'has no list of "rules"'),
        (b'{"version": 7, "rules": []}', "written by a newer Hongyan"),
    ],
)
def test_a_bad_file_is_named_runs_nothing_and_is_never_overwritten(
    tmp_path: Path, content: bytes, says: str
) -> None:
    (tmp_path / RULES_FILE).write_bytes(content)
    book = RuleBook.load(tmp_path)
    assert book.rules == [] and says in book.problems[0] and RULES_FILE in book.problems[0]
    book.add(ACME)
    with pytest.raises(HongyanError, match="fix or remove it first"):
        book.save()
    assert (tmp_path / RULES_FILE).read_bytes() == content


@pytest.mark.parametrize(
    ("item", "says"),
    [
        ("a string", "must be an object"),
        ({"conditions": [], "actions": []}, "needs a name"),
        ({"name": "x", "match": "some"}, "'match'"),
        ({"name": "x", "conditions": [{"field": "from", "value": "a"}]}, "at least one action"),
        ({"name": "x", "actions": [{"action": "flag"}]}, "at least one condition"),
        ({"name": "x", "conditions": [{"field": "larger", "value": "big"}]}, "whole number"),
        ({"name": "x", "conditions": [{"field": "subject", "value": " "}]}, "needs a text"),
        ({"name": "x", "conditions": [{"field": "header", "value": "a"}]}, "header name"),
        ({"name": "x", "actions": [{"action": "explode"}]}, "unknown action 'explode'"),
        ({"name": "x", "actions": [{"action": "move"}]}, "needs a folder"),
        ({"name": "x", "actions": [{"action": "move", "folder": "a.b"}]}, "cannot be a folder"),
        ({"name": "x", "actions": [{"action": "forward", "to": "a@b, c@d"}]}, "one address"),
        ({"name": "x", "enabled": "yes"}, "'enabled' must be true or false"),
    ],
)
def test_what_makes_a_rule_unusable_is_said_plainly(item: object, says: str) -> None:
    with pytest.raises(HongyanError, match=says):
        rule_from_json(item)


def test_a_second_rule_with_the_same_name_is_ignored(tmp_path: Path) -> None:
    write(tmp_path, {"version": 1, "rules": [rule_to_json(ACME), rule_to_json(ACME)]})
    book = RuleBook.load(tmp_path)
    assert len(book.rules) == 1 and "another rule before it has the name 'ACME'" in book.problems[0]
    with pytest.raises(HongyanError, match="already"):
        book.add(Rule("acme", ACME.conditions, ACME.actions))


def test_a_change_made_by_another_program_meanwhile_is_not_lost(tmp_path: Path) -> None:
    mine = RuleBook.load(tmp_path)
    theirs = RuleBook.load(tmp_path)
    theirs.add(ACME)
    theirs.save()
    mine.add(Rule("Mine", (Condition("from", "me"),), (Action("flag"),)))
    with pytest.raises(HongyanError, match="changed by another Hongyan"):
        mine.save()
    assert [r.name for r in RuleBook.load(tmp_path).rules] == ["ACME"]


def test_order_switching_off_and_removing(tmp_path: Path) -> None:
    book = RuleBook.load(tmp_path)
    for name in ("a", "b", "c"):
        book.add(Rule(name, (Condition("from", name),), (Action("flag"),)))
    book.move("c", 1)
    book.set_enabled("b", False)
    book.remove("A")
    assert [r.name for r in book.rules] == ["c", "b"]
    assert [r.name for r in book.enabled()] == ["c"]
    with pytest.raises(HongyanError, match="no rule called 'zz'"):
        book.remove("zz")


def test_renaming_a_folder_points_the_rules_at_its_new_name(tmp_path: Path) -> None:
    book = RuleBook.load(tmp_path)
    book.add(ACME)
    book.add(Rule("deep", (Condition("from", "x"),), (Action(COPY, folder="客户/ACME/2026"),)))
    book.add(Rule("other", (Condition("from", "y"),), (Action(MOVE, folder="客户2"),)))
    assert [r.name for r in book.using_folder("客户")] == ["ACME", "deep"]
    assert book.folder_renamed("客户", "Customers")
    folders = [sorted(r.folders) for r in book.rules]
    assert folders == [["Customers/ACME"], ["Customers/ACME/2026"], ["客户2"]]
