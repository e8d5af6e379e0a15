"""The search language of ``hongyan search`` and the GUI's search box, compiled to SQL.

``QUERY`` is a list of terms, all of which must match: ``word``, ``"a phrase"``, ``from:``,
``to:`` (To and Cc), ``subject:``, ``body:``, ``folder:``, ``before:``/``after:`` (``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``, local time), ``has:attachment``; ``contact:NAME``,
``company:NAME``, ``group:NAME`` (mail to or from the people of the address book who match,
see :mod:`hongyan.core.contacts.terms`); two terms joined by ``OR`` match either
(``from:zhang OR to:zhang``). Text matches anywhere inside a
word (``报价`` finds ``关于报价单的确认``, ``voice`` finds ``invoice``) and ignores ASCII case.

Terms of three or more characters are an FTS5 trigram phrase. Shorter terms (a two-character
word is the common case in Chinese: 报价) have no trigram of their own, but every place they
occur is the start of one, because each indexed column ends with :data:`~.index.FTS_END`:
``报价`` occurs exactly where a trigram ``报价?`` does. The trigrams starting with the term are
an indexed range of ``messages_fts_terms`` (the index's own vocabulary), and the term becomes
their ``OR``: the same rows a ``LIKE '%报价%'`` scan finds, read from the index instead of from
every row. Terms with cased non-ASCII letters (``ёж``), whose folding SQLite and Python might
disagree on, keep the ``LIKE`` scan.
"""

from __future__ import annotations

import re
import shlex
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, words

_COLUMNS = {
    "from": ("sender",),
    "to": ("recipients",),
    "subject": ("subject",),
    "body": ("body",),
    "": ("subject", "sender", "recipients", "body"),
}
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass
class CompiledQuery:
    """A WHERE clause over ``messages`` (alias ``m``) and its parameters."""

    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)
    fts_terms: list[str] = field(default_factory=list)
    short_terms: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    people_terms: list[tuple[str, str]] = field(default_factory=list)  # (contact, 张伟)
    any_of: list[list[CompiledQuery]] = field(default_factory=list)  # terms joined by OR

    def sql(
        self, conn: sqlite3.Connection, *, columns: str, limit: int
    ) -> tuple[str, list[object]]:
        """The SELECT of ``columns`` (of ``messages``) for this query, newest first.

        ``conn`` is read for the trigrams that one- and two-character terms stand for.
        """
        clause, params = self.condition(conn)
        selected = ", ".join(f"m.{c.strip()}" for c in columns.split(","))
        sql = f"SELECT {selected} FROM messages m WHERE {clause}"
        sql += " ORDER BY m.date DESC, m.id DESC LIMIT ?"
        return sql, [*params, limit]

    def condition(self, conn: sqlite3.Connection) -> tuple[str, list[object]]:
        """This query's WHERE condition over ``messages m``, and its parameters."""
        where = list(self.where)
        params: list[object] = []
        fts_terms = list(self.fts_terms)
        for text, term_columns in self.short_terms:
            alternatives = _trigrams_starting_with(conn, text)
            if not alternatives:
                where.insert(0, "0")  # the text occurs nowhere: nothing can match
                continue
            either = "(" + " OR ".join(_phrase(t) for t in alternatives) + ")"
            fts_terms.append(_column_filter(term_columns) + either)
        if fts_terms:
            where.insert(0, "m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)")
            params.append(" AND ".join(fts_terms))
        params.extend(self.params)
        for kind, name in self.people_terms:
            from hongyan.core.contacts.terms import people_condition

            condition, values = people_condition(conn, kind, name)
            where.append(condition)
            params.extend(values)
        for either_of in self.any_of:
            parts = [alternative.condition(conn) for alternative in either_of]
            where.append("(" + " OR ".join(f"({c})" for c, _ in parts) + ")")
            params.extend(value for _, values in parts for value in values)
        return (" AND ".join(where) if where else "1"), params


def split_terms(query: str) -> list[str]:
    """Split on spaces, keeping ``"quoted phrases"`` (also after ``from:``) together."""
    try:
        lexer = shlex.shlex(query, posix=True)
        lexer.whitespace_split = True
        lexer.quotes = '"'
        lexer.escape = ""
        lexer.commenters = ""
        return list(lexer)
    except ValueError as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "The search has an unclosed quote: {query}"), query=query
            )
        ) from exc


def compile_query(query: str) -> CompiledQuery:
    """Turn the user's query into SQL; a bad term gets a message naming it."""
    compiled = CompiledQuery()
    terms = split_terms(query)
    if not terms:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Give something to search for, e.g. {word} or {field}."),
                word="报价",
                field="from:alice@example.com",
            )
        )
    for group in _or_groups(terms):
        if len(group) == 1:
            _add_term(compiled, group[0])
            continue
        alternatives = []
        for term in group:
            alternative = CompiledQuery()
            _add_term(alternative, term)
            alternatives.append(alternative)
        compiled.any_of.append(alternatives)
    return compiled


def _or_groups(terms: list[str]) -> list[list[str]]:
    """Terms joined by ``OR`` (upper case, as Gmail writes it) become one group."""
    groups: list[list[str]] = []
    joining = False
    for term in terms:
        if term == "OR" and groups:
            joining = True
        elif joining:
            groups[-1].append(term)
            joining = False
        else:
            groups.append([term])
    return groups


def _add_term(compiled: CompiledQuery, term: str) -> None:
    """Add one term's condition to ``compiled``."""
    key, sep, value = term.partition(":")
    key = key.lower()
    if sep and key in ("contact", "company", "group") and value.strip():
        compiled.people_terms.append((key, value.strip()))
    elif sep and key in ("before", "after"):
        _add_date(compiled, key, value)
    elif sep and key == "has":
        _add_has(compiled, value)
    elif sep and key in ("folder", "in"):
        compiled.where.append("m.folder = ? COLLATE NOCASE")
        compiled.params.append(value.strip("/"))
    elif sep and key in _COLUMNS and key:
        _add_text(compiled, _COLUMNS[key], value)
    else:
        _add_text(compiled, _COLUMNS[""], term)


def _add_text(compiled: CompiledQuery, columns: tuple[str, ...], text: str) -> None:
    text = text.replace("\x00", "").strip()
    if not text:
        return
    if len(text) >= 3:
        compiled.fts_terms.append(_column_filter(columns) + _phrase(text))
    elif all(c.isascii() or c.lower() == c == c.upper() for c in text):
        compiled.short_terms.append((text.lower(), columns))  # folded as the tokenizer folds
    else:
        _add_like(compiled, columns, text)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _column_filter(columns: tuple[str, ...]) -> str:
    return "{" + " ".join(columns) + "} : " if len(columns) < len(_COLUMNS[""]) else ""


def _trigrams_starting_with(conn: sqlite3.Connection, text: str) -> list[str]:
    """Every indexed trigram that starts with ``text`` (one or two folded characters).

    Code point order is UTF-8 byte order, which is how FTS5 sorts its terms, so the range ends
    at ``text`` followed by the highest code point.
    """
    last = text + "\U0010ffff" * (3 - len(text))
    rows = conn.execute(
        "SELECT term FROM messages_fts_terms WHERE term >= ? AND term <= ?", (text, last)
    )
    return [str(row[0]) for row in rows]


def _add_like(compiled: CompiledQuery, columns: tuple[str, ...], text: str) -> None:
    """Scan every row with ``LIKE`` (see the module docstring for when)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # "(column || '')": FTS5 (SQLite 3.40) answers a bare LIKE of < 3 characters with no rows.
    ors = " OR ".join(f"({c} || '') LIKE ? ESCAPE '\\'" for c in columns)
    compiled.where.append(f"m.id IN (SELECT rowid FROM messages_fts WHERE {ors})")
    compiled.params.extend([pattern] * len(columns))


def _add_has(compiled: CompiledQuery, value: str) -> None:
    if value.lower() not in ("attachment", "attachments"):
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "Unknown {term}; use {known}."),
                term=f"has:{value}",
                known="has:attachment",
            )
        )
    compiled.where.append("m.has_attachments = 1")


def _add_date(compiled: CompiledQuery, key: str, value: str) -> None:
    match = _DATE.fullmatch(value)
    if not match:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "{term} is not a date; write {example}."),
                term=f"{key}:{value}",
                example=f"{key}:2026-03-01",
            )
        )
    year, month, day = int(match[1]), int(match[2] or 1), int(match[3] or 1)
    try:
        start = datetime(year, month, day)
    except ValueError as exc:
        raise HongyanError(
            words(
                QT_TRANSLATE_NOOP("Core", "{term} is not a date ({error})."),
                term=f"{key}:{value}",
                error=exc,
            )
        ) from exc
    if key == "after":  # after:2026-03 means from the end of March on
        start = _end_of(start, bool(match[2]), bool(match[3]))
    compiled.where.append("m.date >= ?" if key == "after" else "m.date < ?")
    compiled.params.append(int(start.timestamp()))


def _end_of(start: datetime, has_month: bool, has_day: bool) -> datetime:
    from datetime import timedelta

    if has_day:
        return start + timedelta(days=1)
    if has_month:
        return start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
    return start.replace(year=start.year + 1)
