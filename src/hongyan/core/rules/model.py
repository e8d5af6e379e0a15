"""What a rule is: conditions (all or any) and actions, and their form in ``rules.json``.

The file is for people too (a user may read or fix it by hand), so every condition and action
is a small object that says what it is::

    {"name": "ACME", "enabled": true, "match": "all",
     "conditions": [{"field": "domain", "value": "acme.com"}],
     "actions": [{"action": "move", "folder": "客户/ACME"}, {"action": "mark_read"}],
     "stop": false}

:func:`rule_from_json` checks one rule and says in plain words what is wrong with it, so the
book can ignore a bad rule and keep the others (book.py).
"""

from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, words

if TYPE_CHECKING:
    from hongyan.core.rules.matcher import Test

# Conditions on text: the value is contained (case-insensitively, Chinese included).
TEXT_FIELDS = ("from", "to", "subject", "body", "header")
# Conditions that compare: domain (or a subdomain of it), account name, contact group.
EXACT_FIELDS = ("domain", "account", "group")
# Conditions on size, in KB (1 KB = 1024 bytes).
SIZE_FIELDS = ("larger", "smaller")
# Conditions without a value.
FLAG_FIELDS = ("attachment", "contact")
FIELDS = (*TEXT_FIELDS, *EXACT_FIELDS, *SIZE_FIELDS, *FLAG_FIELDS)

MOVE, COPY, MARK_READ, FLAG, TAG, DELETE, FORWARD = (
    "move",
    "copy",
    "mark_read",
    "flag",
    "tag",
    "delete",
    "forward",
)
ACTIONS = (MOVE, COPY, MARK_READ, FLAG, TAG, DELETE, FORWARD)


class RuleError(HongyanError):
    """A rule that cannot be used; the message says what is wrong in plain words."""


def fold(text: str) -> str:
    """Text as rules compare it: NFKC (full-width ``ＡＢＣ`` is ``ABC``) and case-folded, so
    ``--if-subject 报价`` and ``--if-from ACME`` match however the mail writes them."""
    return unicodedata.normalize("NFKC", text).casefold()


def domain_key(domain: str) -> str:
    """A domain as rules compare it: no ``@`` or dots around it, folded, in its ASCII (IDNA)
    form, so ``例子.中国`` and ``xn--fsqu00a.xn--fiqs8s`` are one domain."""
    domain = fold(domain.strip()).lstrip("@").strip(".")
    if not domain.isascii():
        with contextlib.suppress(UnicodeError):
            domain = domain.encode("idna").decode("ascii")
    return domain


@dataclass(frozen=True)
class Condition:
    """One test on a message. ``value`` is text, or whole KB for ``larger``/``smaller``;
    ``header`` names the header for ``field == "header"``."""

    field: str
    value: str | int = ""
    header: str = ""

    @property
    def needs_file(self) -> bool:
        """True when the message file must be read (the index does not hold the answer)."""
        return self.field in ("body", "header")

    @cached_property
    def test(self) -> Test:
        """Whether the condition holds for a message (``test(facts, contacts)``)."""
        from hongyan.core.rules.matcher import condition_test

        return condition_test(self)

    @cached_property
    def wanted(self) -> str:
        """The value as it is compared (folded once, not once per message)."""
        if self.field == "domain":
            return domain_key(str(self.value))
        return fold(str(self.value))


@dataclass(frozen=True)
class Action:
    """One thing a rule does: ``folder`` for move and copy, ``tag``, or ``to`` for forward."""

    action: str
    folder: str = ""
    tag: str = ""
    to: str = ""


@dataclass(frozen=True)
class Rule:
    """A rule: when its conditions match (all of them, or any with ``match_any``), its actions
    apply; ``stop`` keeps the rules after it from running on that message."""

    name: str
    conditions: tuple[Condition, ...]
    actions: tuple[Action, ...]
    match_any: bool = False
    enabled: bool = True
    stop: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def folders(self) -> set[str]:
        """The folders this rule files into."""
        return {a.folder for a in self.actions if a.folder}

    @cached_property
    def ordered(self) -> tuple[Condition, ...]:
        """The conditions, those that read the file last (often the others decide alone)."""
        return tuple(sorted(self.conditions, key=lambda c: c.needs_file))

    @cached_property
    def tests(self) -> tuple[Test, ...]:
        """The tests of :attr:`ordered`, in that order."""
        return tuple(c.test for c in self.ordered)

    @cached_property
    def gate(self) -> tuple[str, str] | None:
        """Something the message must have for the rule to match at all: ``("domain", d)``
        (the sender's domain is ``d`` or under it), else ``(field, text)`` (``from``,
        ``subject`` or ``to`` contains the folded ``text``); None when no single condition
        must hold (``match_any``). The engine tries such a rule only on mail that has it."""
        if self.match_any:
            return None
        for fields in (("domain",), ("from", "subject", "to")):
            for c in self.conditions:
                if c.field in fields:
                    return c.field, c.wanted
        return None


# -- reading and writing the JSON form --------------------------------------------------------


def rule_to_json(rule: Rule) -> dict[str, Any]:
    """The rule as ``rules.json`` holds it (keys a newer version added are kept)."""
    conditions = []
    for c in rule.conditions:
        item: dict[str, Any] = {"field": c.field}
        if c.field == "header":
            item["name"] = c.header
        if c.field not in FLAG_FIELDS:
            item["value"] = c.value
        conditions.append(item)
    actions = []
    for a in rule.actions:
        entry: dict[str, Any] = {"action": a.action}
        if a.action in (MOVE, COPY):
            entry["folder"] = a.folder
        elif a.action == TAG:
            entry["tag"] = a.tag
        elif a.action == FORWARD:
            entry["to"] = a.to
        actions.append(entry)
    return {
        **rule.extra,
        "name": rule.name,
        "enabled": rule.enabled,
        "match": "any" if rule.match_any else "all",
        "conditions": conditions,
        "actions": actions,
        "stop": rule.stop,
    }


def rule_from_json(item: object) -> Rule:
    """Check and read one rule of ``rules.json``.

    Raises:
        RuleError: what is wrong with it, in plain words.
    """
    if not isinstance(item, dict):
        raise RuleError(words(QT_TRANSLATE_NOOP("Core", "a rule must be an object")))
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise RuleError(words(QT_TRANSLATE_NOOP("Core", "a rule needs a name")))
    match = item.get("match", "all")
    if match not in ("all", "any"):
        raise RuleError(words(QT_TRANSLATE_NOOP("Core", '\'match\' must be "all" or "any"')))
    for key in ("enabled", "stop"):
        if not isinstance(item.get(key, key == "enabled"), bool):
            raise RuleError(
                words(QT_TRANSLATE_NOOP("Core", "'{key}' must be true or false"), key=key)
            )
    conditions = _list(item, "conditions")
    actions = _list(item, "actions")
    rule = Rule(
        name=name.strip(),
        conditions=tuple(_condition(c) for c in conditions),
        actions=tuple(_action(a) for a in actions),
        match_any=match == "any",
        enabled=bool(item.get("enabled", True)),
        stop=bool(item.get("stop", False)),
        extra={k: v for k, v in item.items() if k not in _RULE_KEYS},
    )
    check_rule(rule)
    return rule


_RULE_KEYS = frozenset({"name", "enabled", "match", "conditions", "actions", "stop"})


def check_rule(rule: Rule) -> None:
    """A rule needs a condition, and an action unless it only stops the rules after it.

    Raises:
        RuleError: it has none.
    """
    if not rule.conditions:
        raise RuleError(words(QT_TRANSLATE_NOOP("Core", "a rule needs at least one condition")))
    if not rule.actions and not rule.stop:
        raise RuleError(words(QT_TRANSLATE_NOOP("Core", "a rule needs at least one action")))


def _list(item: dict[str, Any], key: str) -> list[object]:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise RuleError(words(QT_TRANSLATE_NOOP("Core", "'{key}' must be a list"), key=key))
    return value


def _condition(item: object) -> Condition:
    if not isinstance(item, dict) or item.get("field") not in FIELDS:
        raise RuleError(
            words(
                QT_TRANSLATE_NOOP("Core", "unknown condition {condition}"),
                condition=_shown(item.get("field") if isinstance(item, dict) else item),
            )
        )
    name = str(item["field"])
    value = item.get("value", "")
    if name in FLAG_FIELDS:
        return Condition(name)
    if name in SIZE_FIELDS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise RuleError(
                words(
                    QT_TRANSLATE_NOOP("Core", "the size of '{field}' must be a whole number of KB"),
                    field=name,
                )
            )
        return Condition(name, value)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(
            words(QT_TRANSLATE_NOOP("Core", "the condition '{field}' needs a text"), field=name)
        )
    header = item.get("name", "")
    if name == "header" and (not isinstance(header, str) or not _header_name(header)):
        raise RuleError(
            words(QT_TRANSLATE_NOOP("Core", "the condition 'header' needs a header name"))
        )
    return Condition(name, value.strip(), _header_name(header) if name == "header" else "")


def _header_name(name: object) -> str:
    text = str(name).strip().rstrip(":").strip()
    return text if text and all(33 <= ord(c) <= 126 and c != ":" for c in text) else ""


def _action(item: object) -> Action:
    if not isinstance(item, dict) or item.get("action") not in ACTIONS:
        raise RuleError(
            words(
                QT_TRANSLATE_NOOP("Core", "unknown action {action}"),
                action=_shown(item.get("action") if isinstance(item, dict) else item),
            )
        )
    kind = str(item["action"])
    if kind in (MOVE, COPY):
        from hongyan.core.store.maildir import validate_folder

        folder = item.get("folder")
        if not isinstance(folder, str):
            raise RuleError(
                words(
                    QT_TRANSLATE_NOOP("Core", "the action '{action}' needs a folder"), action=kind
                )
            )
        return Action(kind, folder=validate_folder(folder))
    if kind == TAG:
        tag = item.get("tag")
        if not isinstance(tag, str) or not tag.strip():
            raise RuleError(words(QT_TRANSLATE_NOOP("Core", "the action 'tag' needs a tag")))
        return Action(kind, tag=tag.strip())
    if kind == FORWARD:
        return Action(kind, to=forward_address(item.get("to")))
    return Action(kind)


def forward_address(value: object) -> str:
    """One address to forward to, checked as a recipient is.

    Raises:
        RuleError: not one usable address.
    """
    from hongyan.core.message.compose import parse_addresses

    if not isinstance(value, str) or not value.strip():
        raise RuleError(words(QT_TRANSLATE_NOOP("Core", "the action 'forward' needs an address")))
    try:
        addresses = parse_addresses(value)
    except HongyanError as exc:
        raise RuleError(str(exc)) from exc
    if len(addresses) != 1:
        raise RuleError(
            words(QT_TRANSLATE_NOOP("Core", "forward to one address, not '{to}'"), to=value)
        )
    return str(addresses[0].addr_spec)


def _shown(value: object) -> str:
    return repr(value) if not isinstance(value, str) else f"'{value}'"


# -- describing -----------------------------------------------------------------------------


def describe_condition(c: Condition) -> Text:
    """One condition in plain words (the CLI's ``rule list``, the rule editor's summary)."""
    value = str(c.value)
    texts = {
        "from": QT_TRANSLATE_NOOP("Core", "from contains “{value}”"),
        "to": QT_TRANSLATE_NOOP("Core", "to or cc contains “{value}”"),
        "subject": QT_TRANSLATE_NOOP("Core", "subject contains “{value}”"),
        "body": QT_TRANSLATE_NOOP("Core", "body contains “{value}”"),
        "domain": QT_TRANSLATE_NOOP("Core", "sender's domain is {value}"),
        "account": QT_TRANSLATE_NOOP("Core", "account is {value}"),
        "group": QT_TRANSLATE_NOOP("Core", "sender is in the contact group “{value}”"),
        "larger": QT_TRANSLATE_NOOP("Core", "larger than {value} KB"),
        "smaller": QT_TRANSLATE_NOOP("Core", "smaller than {value} KB"),
        "attachment": QT_TRANSLATE_NOOP("Core", "has an attachment"),
        "contact": QT_TRANSLATE_NOOP("Core", "sender is in the address book"),
    }
    if c.field == "header":
        return words(
            QT_TRANSLATE_NOOP("Core", "header {header} contains “{value}”"),
            header=c.header,
            value=value,
        )
    return words(texts[c.field], value=value)


def describe_action(a: Action) -> Text:
    """One action in plain words."""
    texts = {
        MOVE: QT_TRANSLATE_NOOP("Core", "move to {folder}"),
        COPY: QT_TRANSLATE_NOOP("Core", "copy to {folder}"),
        MARK_READ: QT_TRANSLATE_NOOP("Core", "mark as read"),
        FLAG: QT_TRANSLATE_NOOP("Core", "flag"),
        TAG: QT_TRANSLATE_NOOP("Core", "tag “{tag}”"),
        DELETE: QT_TRANSLATE_NOOP("Core", "delete"),
        FORWARD: QT_TRANSLATE_NOOP("Core", "forward to {to}"),
    }
    return words(texts[a.action], folder=a.folder, tag=a.tag, to=a.to)
