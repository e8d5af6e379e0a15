"""Running rules over messages: decide for each message, then act, so that doing it again
changes nothing.

Order and meaning (as in Outlook's rules and Thunderbird's filters): the enabled rules are
tried in their order; every rule whose conditions hold adds its actions; a rule with ``stop``
ends the list for that message. The **first** move or delete decides where the message goes
(a later rule may still copy, flag, mark or forward it); delete means Trash, never for good.

Acting is idempotent, which is what makes rules at arrival safe against a kill at any moment
(arrival.py runs the same code again for what a kill interrupted):

- a copy gets a name made from the message's own name and the target folder
  (``Store.copy_once``), so a second run finds it instead of copying twice;
- a forward gets a Message-ID made from the message and the address, and is queued only when
  no message with that Message-ID is in the store (forward.py);
- the move and the flags are one rename to where the decision says, a no-op when the file is
  there already.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from hongyan.core.errors import HongyanError
from hongyan.core.rules.matcher import Contacts, MessageFacts, matches
from hongyan.core.rules.model import (
    COPY,
    DELETE,
    FLAG,
    FORWARD,
    MARK_READ,
    MOVE,
    TAG,
    Action,
    Rule,
)
from hongyan.core.store.changes import Refile
from hongyan.core.store.maildir import TRASH
from hongyan.core.store.records import ROW_COLUMNS, MessageRow
from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, text_of, words

if TYPE_CHECKING:
    from hongyan.core.store import Store

CHUNK = 500  # messages decided and acted on together (memory stays flat on a big folder)


class Forwarder(Protocol):
    def __call__(self, message_id: int, to: str) -> bool:
        """Queue a forward of the message to ``to``; False when it was queued before."""
        ...


Tagger = Callable[[list[int], str], None]
"""Sets a tag (a Maildir keyword) on messages; raises a HongyanError where tags cannot be
set yet (tags come with issue 19)."""


@dataclass
class Decision:
    """What the rules decided for one message (only messages some rule matched)."""

    row: MessageRow
    rules: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    folder: str | None = None
    copies: list[str] = field(default_factory=list)
    flags: str = ""
    tags: list[str] = field(default_factory=list)
    forwards: list[str] = field(default_factory=list)
    origin: dict[str, str] = field(default_factory=dict)  # folder → the rule that named it

    @property
    def message_id(self) -> int:
        return self.row.id

    def add(self, action: Action, rule: str) -> None:
        if action.folder:
            self.origin.setdefault(action.folder, rule)
        if action.action in (MOVE, DELETE):
            if self.folder is not None:
                return  # the first move or delete decides where it goes
            self.folder = action.folder if action.action == MOVE else TRASH
        elif action.action == COPY and action.folder not in self.copies:
            self.copies.append(action.folder)
        elif action.action in (MARK_READ, FLAG):
            self.flags += "S" if action.action == MARK_READ else "F"
        elif action.action == TAG and action.tag not in self.tags:
            self.tags.append(action.tag)
        elif action.action == FORWARD and action.to not in self.forwards:
            self.forwards.append(action.to)
        if action not in self.actions:
            self.actions.append(action)


@dataclass
class RunReport:
    """What a run did (or, dry, would do)."""

    examined: int = 0
    decisions: list[Decision] = field(default_factory=list)
    moved: int = 0
    copied: int = 0
    forwarded: int = 0
    problems: list[Text] = field(default_factory=list)

    def problem(self, text: Text) -> None:
        if text not in self.problems:
            self.problems.append(text)


class RuleSet:
    """Rules in their order, ready to be tried on many messages.

    A rule that needs something of the message (all its conditions must hold, and one of them
    is on the sender's domain, or a text in the sender, subject or recipients) is tried only
    on mail that has it: domains are looked up by the message's domain and its parents
    (``mail.acme.com``, ``acme.com``, ``com``), texts by one regular expression per field
    over all rules' texts, so 30 customers' rules and 20 others cost a few look-ups per
    message, not 50 tests (rules at arrival must cost little beside the fetch, issue 17)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self._always: list[int] = []
        self._by_domain: dict[str, list[int]] = {}
        by_text: dict[str, dict[str, list[int]]] = {}
        for index, rule in enumerate(self.rules):
            gate = rule.gate
            if gate is None:
                self._always.append(index)
            elif gate[0] == "domain":
                self._by_domain.setdefault(gate[1], []).append(index)
            else:
                by_text.setdefault(gate[0], {}).setdefault(gate[1], []).append(index)
        self._by_text = [
            (name, re.compile("|".join(map(re.escape, values))), values)
            for name, values in by_text.items()
        ]

    def for_message(self, facts: MessageFacts) -> list[Rule]:
        """The rules that may match this message, in their order."""
        found = list(self._always)
        domain = facts.domain if self._by_domain else ""
        while domain:
            found += self._by_domain.get(domain, ())
            domain = domain.partition(".")[2]
        for name, pattern, values in self._by_text:
            text = facts.text(name)
            if pattern.search(text):
                for value, indices in values.items():
                    if value in text:
                        found += indices
        return [self.rules[i] for i in sorted(found)]


def decide(
    rules: RuleSet | Sequence[Rule], facts: MessageFacts, contacts: Contacts | None
) -> Decision:
    """Try ``rules`` in order on one message (see the module for what wins)."""
    ruleset = rules if isinstance(rules, RuleSet) else RuleSet(rules)
    decision = Decision(facts.row)
    for rule in ruleset.for_message(facts):
        if not matches(rule, facts, contacts):
            continue
        decision.rules.append(rule.name)
        for action in rule.actions:
            decision.add(action, rule.name)
        if rule.stop:
            break
    return decision


def run_rules(
    store: Store,
    rules: Sequence[Rule],
    ids: Iterable[int],
    *,
    contacts: Contacts | None = None,
    forwarder: Forwarder | None = None,
    tagger: Tagger | None = None,
    dry_run: bool = False,
    report: RunReport | None = None,
) -> RunReport:
    """Run ``rules`` over the messages ``ids``; with ``dry_run`` only decide (the preview).

    Problems (a folder that no longer exists, a forward that cannot be queued, tags) never
    stop the run: the action is left out, the rest is done, and the problem is reported.
    """
    report = report or RunReport()
    ruleset = RuleSet(rules)
    pending = list(ids)
    for start in range(0, len(pending), CHUNK):
        chunk = pending[start : start + CHUNK]
        rows = _rows(store, chunk)
        report.examined += len(rows)
        decisions = []
        for row in rows:
            facts = MessageFacts(row, _reader(store, row.id))
            try:
                decision = decide(ruleset, facts, contacts)
            except (OSError, HongyanError):
                continue  # the file went meanwhile (another program): nothing to decide
            if decision.actions:
                decisions.append(decision)
        report.decisions += decisions
        if not dry_run:
            _act(store, decisions, report, forwarder=forwarder, tagger=tagger)
    return report


def _rows(store: Store, ids: list[int]) -> builtins.list[MessageRow]:
    marks = ",".join("?" * len(ids))
    found = {
        int(r[0]): MessageRow.from_sql(r)
        for r in store.connection.execute(
            f"SELECT {ROW_COLUMNS} FROM messages WHERE id IN ({marks})", ids
        )
    }
    return [found[i] for i in ids if i in found]


def _reader(store: Store, message_id: int) -> Callable[[], bytes]:
    return lambda: store.read_bytes(message_id)


def _act(
    store: Store,
    decisions: builtins.list[Decision],
    report: RunReport,
    *,
    forwarder: Forwarder | None,
    tagger: Tagger | None,
) -> None:
    missing = _missing_folders(store, decisions, report)
    for folder in dict.fromkeys(f for d in decisions for f in d.copies):
        if folder not in missing:
            ids = [d.message_id for d in decisions if folder in d.copies]
            report.copied += len(store.copy_once(ids, folder, f"rule-copy\0{folder}"))
    for d in decisions:
        for to in d.forwards:
            report.forwarded += _forward(forwarder, d, to, report)
    for tag in dict.fromkeys(t for d in decisions for t in d.tags):
        try:
            if tagger is None:
                raise HongyanError(_NO_TAGS)
            tagger([d.message_id for d in decisions if tag in d.tags], tag)
        except HongyanError as exc:
            report.problem(
                words(
                    QT_TRANSLATE_NOOP("Core", "Tag “{tag}” not set: {reason}"),
                    tag=tag,
                    reason=text_of(exc),
                )
            )
    changes = {}
    for d in decisions:
        target = d.folder if d.folder not in missing else None
        if target is not None and target != d.row.folder:
            report.moved += 1
        if target is not None or d.flags:
            changes[d.message_id] = Refile(target, add=d.flags)
    if changes:
        store.refile(changes)


_NO_TAGS = words(QT_TRANSLATE_NOOP("Core", "tags are not supported yet"))


def _missing_folders(
    store: Store, decisions: builtins.list[Decision], report: RunReport
) -> set[str]:
    """Target folders that do not exist (deleted since the rule was made): those actions are
    left out and reported; the message stays where it is."""
    wanted = {f for d in decisions for f in (*d.copies, d.folder) if f}
    missing = {f for f in wanted if not store.folder_exists(f)}
    for d in decisions:
        for folder in missing & {*d.copies, d.folder}:
            rule = d.origin.get(folder, ", ".join(d.rules))
            report.problem(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "Rule “{rule}”: there is no folder '{folder}'; the messages stay where "
                        "they are.",
                    ),
                    rule=rule,
                    folder=folder,
                )
            )
    return missing


def _forward(forwarder: Forwarder | None, d: Decision, to: str, report: RunReport) -> int:
    try:
        if forwarder is None:
            raise HongyanError(words(QT_TRANSLATE_NOOP("Core", "no account to send from")))
        return 1 if forwarder(d.message_id, to) else 0
    except HongyanError as exc:
        report.problem(
            words(
                QT_TRANSLATE_NOOP("Core", "Could not forward “{subject}” to {to}: {reason}"),
                subject=d.row.subject,
                to=to,
                reason=text_of(exc),
            )
        )
        return 0
