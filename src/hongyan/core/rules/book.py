"""The rules of a store: ``rules.json`` in the store folder, in order, read and written whole.

The rules live with the mail (they move with ``store move`` and come back after a reinstall,
like the folders they file into). The file is versioned (``"version": 1``), human-readable
JSON, written atomically (tmp, fsync, rename). Reading never fails: a file that is not JSON,
or from a newer Hongyan, is named in :attr:`RuleBook.problems` and no rule of it runs; a rule
that is wrong is named there and skipped, the others run. Such a rule is written back exactly
as it was read, so changing another rule never destroys what a user may still fix by hand.

Two programs may change the rules (the window and ``hongyan rule add``): :meth:`RuleBook.save`
refuses when the file changed on disk since it was read, as the account book does, so neither
loses the other's rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from hongyan.core.errors import HongyanError
from hongyan.core.rules.model import Action, Rule, RuleError, rule_from_json, rule_to_json
from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, text_of, words

RULES_FILE = "rules.json"
FORMAT_VERSION = 1

Entry = Rule | dict[str, Any]  # a rule, or one that could not be read, kept as it was


class RuleBook:
    """The ordered rules of one store. Load with :meth:`load`; change, then :meth:`save`."""

    def __init__(self, path: Path, entries: list[Entry], raw: bytes | None) -> None:
        self.path = path
        self._entries = entries
        self._raw = raw  # the file as read (None: there was none), to notice others' changes
        self.problems: list[Text] = []
        """Why the file, or which of its rules, is not used (each names the file)."""
        self.writable = True

    @classmethod
    def load(cls, store_root: Path) -> RuleBook:
        """Read the rules of the store at ``store_root``; never raises (see the module)."""
        path = store_root / RULES_FILE
        try:
            raw: bytes | None = path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            book = cls(path, [], None)
            book._refuse(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The rules file {path} cannot be read ({reason}); no rule runs."
                    ),
                    path=path,
                    reason=exc.strerror or exc,
                )
            )
            return book
        if raw is None:
            return cls(path, [], None)
        return cls._parse(path, raw)

    @classmethod
    def _parse(cls, path: Path, raw: bytes) -> RuleBook:
        book = cls(path, [], raw)
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            book._refuse(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", "The rules file {path} is not valid JSON ({reason}); no rule runs."
                    ),
                    path=path,
                    reason=str(exc),
                )
            )
            return book
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            book._refuse(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core", 'The rules file {path} has no list of "rules"; no rule runs.'
                    ),
                    path=path,
                )
            )
            return book
        version = data.get("version")
        if not isinstance(version, int) or version > FORMAT_VERSION or version < 1:
            book._refuse(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The rules file {path} was written by a newer Hongyan (format "
                        "{version}); no rule runs until Hongyan is updated.",
                    ),
                    path=path,
                    version=version,
                )
            )
            return book
        names: set[str] = set()
        for position, item in enumerate(data["rules"], 1):
            try:
                rule = rule_from_json(item)
                if rule.name.casefold() in names:
                    raise RuleError(
                        words(
                            QT_TRANSLATE_NOOP(
                                "Core", "another rule before it has the name '{name}'"
                            ),
                            name=rule.name,
                        )
                    )
            except HongyanError as exc:
                book.problems.append(
                    words(
                        QT_TRANSLATE_NOOP("Core", "{path}: rule {position} is ignored: {reason}."),
                        path=path,
                        position=position,
                        reason=text_of(exc),
                    )
                )
                book._entries.append(item if isinstance(item, dict) else {"invalid": item})
                continue
            names.add(rule.name.casefold())
            book._entries.append(rule)
        return book

    def _refuse(self, problem: Text) -> None:
        """The whole file is unusable: no rule runs, and it is never overwritten."""
        self.writable = False
        self.problems.append(problem)

    # -- reading -----------------------------------------------------------------------------
    @property
    def rules(self) -> list[Rule]:
        """The usable rules, in order (switched-off ones included)."""
        return [e for e in self._entries if isinstance(e, Rule)]

    def enabled(self) -> list[Rule]:
        """The rules that run on arrival and by ``rule run``, in order."""
        return [r for r in self.rules if r.enabled]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def get(self, name: str) -> Rule:
        """The rule called ``name`` (case-insensitively).

        Raises:
            HongyanError: there is none.
        """
        for rule in self.rules:
            if rule.name.casefold() == name.strip().casefold():
                return rule
        raise HongyanError(
            words(QT_TRANSLATE_NOOP("Core", "There is no rule called '{name}'."), name=name)
        )

    def using_folder(self, folder: str) -> list[Rule]:
        """The rules that move or copy into ``folder`` or one of its subfolders."""
        return [
            r
            for r in self.rules
            if any(f == folder or f.startswith(folder + "/") for f in r.folders)
        ]

    # -- changing ----------------------------------------------------------------------------
    def add(self, rule: Rule, *, position: int | None = None) -> None:
        """Add a rule at the end (or at ``position``, 1 = first).

        Raises:
            HongyanError: a rule of that name exists.
        """
        if any(r.name.casefold() == rule.name.casefold() for r in self.rules):
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "There is a rule called '{name}' already."),
                    name=rule.name,
                )
            )
        index = len(self._entries) if position is None else max(0, position - 1)
        self._entries.insert(index, rule)

    def remove(self, name: str) -> Rule:
        rule = self.get(name)
        self._entries.remove(rule)
        return rule

    def replace(self, name: str, rule: Rule) -> None:
        """Put ``rule`` where the rule called ``name`` is (an edit; the name may change)."""
        old = self.get(name)
        if rule.name.casefold() != old.name.casefold() and any(
            r.name.casefold() == rule.name.casefold() for r in self.rules
        ):
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "There is a rule called '{name}' already."),
                    name=rule.name,
                )
            )
        self._entries[self._entries.index(old)] = rule

    def set_enabled(self, name: str, enabled: bool) -> None:
        rule = self.get(name)
        self.replace(rule.name, replace(rule, enabled=enabled))

    def move(self, name: str, position: int) -> None:
        """Put the rule at ``position`` among the rules (1 = first: runs before the others)."""
        rule = self.get(name)
        self._entries.remove(rule)
        rules = [e for e in self._entries if isinstance(e, Rule)]
        if position - 1 < len(rules):
            self._entries.insert(self._entries.index(rules[max(0, position - 1)]), rule)
        else:
            self._entries.append(rule)

    def folder_renamed(self, old: str, new: str) -> bool:
        """Point moves and copies into ``old`` (or below it) at ``new``; True if any did."""
        changed = False
        for index, entry in enumerate(self._entries):
            if not isinstance(entry, Rule):
                continue
            actions = tuple(_renamed(a, old, new) for a in entry.actions)
            if actions != entry.actions:
                self._entries[index] = replace(entry, actions=actions)
                changed = True
        return changed

    def save(self) -> None:
        """Write the rules atomically.

        Raises:
            HongyanError: the file could not be read (it is left for the user to fix), it
                changed on disk since it was read (load it again and repeat the change), or
                it cannot be written.
        """
        if not self.writable:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The rules file {path} cannot be read, so it is not changed: fix or "
                        "remove it first.",
                    ),
                    path=self.path,
                )
            )
        try:
            current: bytes | None = self.path.read_bytes()
        except FileNotFoundError:
            current = None
        except OSError:
            current = self._raw
        if current != self._raw:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP(
                        "Core",
                        "The rules were changed by another Hongyan meanwhile; try again.",
                    )
                )
            )
        entries = [rule_to_json(e) if isinstance(e, Rule) else e for e in self._entries]
        from hongyan.core.atomic import atomic_write_bytes

        data = {"version": FORMAT_VERSION, "rules": entries}
        raw = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        try:
            atomic_write_bytes(self.path, raw, mode=0o600)
        except OSError as exc:
            raise HongyanError(
                words(
                    QT_TRANSLATE_NOOP("Core", "Could not save the rules in {path}: {reason}."),
                    path=self.path,
                    reason=exc.strerror or exc,
                )
            ) from exc
        self._raw = raw


def _renamed(action: Action, old: str, new: str) -> Action:
    if action.folder == old:
        return replace(action, folder=new)
    if action.folder.startswith(old + "/"):
        return replace(action, folder=new + action.folder[len(old) :])
    return action
