"""List the messages of a .ts file that have no translation yet, whose translation does not
keep the ``{placeholders}`` of its source, or that break the wording rules (exit 1 if any).

Run after ``make translations``: ``python tools/check_translations.py``. New strings appear in
``resources/translations/hongyan_zh_CN.ts`` as unfinished; translate them in Qt Linguist
(``.venv/bin/pyside6-linguist``) or by editing the file, then ``make translations`` again.
A translation is filled in with ``str.format``: a placeholder it drops, renames or adds would
make the message fall back to English (core messages) or fail (GUI strings).
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from pathlib import Path

TS = Path(__file__).resolve().parent.parent / "resources" / "translations" / "hongyan_zh_CN.ts"


def untranslated(path: Path = TS) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            empty = translation is None or not (
                (translation.text or "").strip() or translation.find("numerusform") is not None
            )
            if empty or (translation is not None and translation.get("type") == "unfinished"):
                missing.append((name, message.findtext("source", "")))
    return missing


_FIELD = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def placeholders(text: str) -> Counter[str]:
    """The ``{name!conversion:spec}`` fields of a format string (doubled braces are text)."""
    return Counter(f for f in _FIELD.findall(text) if f not in ("{{", "}}"))


def placeholder_mismatches(path: Path = TS) -> list[tuple[str, str, str]]:
    """(context, source, translation) of every translation whose fields differ from its source."""
    wrong = []
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None:
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] or [
                translation.text or ""
            ]
            for form in forms:
                if form and placeholders(form) != placeholders(source):
                    wrong.append((name, source, form))
    return wrong


#: Words Chinese readers know from Foxmail and Outlook, and the forms they replace.
WORDING = {
    "帐户": "账户 (the standard form since the 2013 list of common characters)",
    "帐号": "账号",
}
_MENU_ACCELERATOR = re.compile(r"[(（]&[A-Za-z0-9][)）]")


def wording_problems(path: Path = TS) -> list[tuple[str, str, str]]:
    """(context, translation, what is wrong) for every translation breaking the house wording:
    a replaced form, or an accelerator that is not at the end in brackets ("撰写(&W)")."""
    problems = []
    for context in ElementTree.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None:
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] or [
                translation.text or ""
            ]
            for form in forms:
                for wrong, right in WORDING.items():
                    if wrong in form:
                        problems.append((name, form, f"{wrong}: use {right}"))
                marked = "&" in source.replace("&&", "") and "&" in form.replace("&&", "")
                if marked and not _MENU_ACCELERATOR.search(form):
                    problems.append((name, form, "accelerator: write it as 撰写(&W)"))
    return problems


if __name__ == "__main__":
    found = untranslated()
    for context, source in found:
        print(f"{context}: {source!r}")
    print(f"{len(found)} untranslated message(s) in {TS.name}")
    mismatched = placeholder_mismatches()
    for context, source, translation in mismatched:
        print(f"{context}: {source!r} -> {translation!r}")
    print(f"{len(mismatched)} translation(s) with other placeholders than their source")
    wording = wording_problems()
    for context, translation, problem in wording:
        print(f"{context}: {translation!r}: {problem}")
    print(f"{len(wording)} translation(s) against the wording rules")
    sys.exit(1 if found or mismatched or wording else 0)
