"""List the messages of a .ts file that have no translation yet (exit 1 if any).

Run after ``make translations``: ``python tools/check_translations.py``. New strings appear in
``resources/translations/hongyan_zh_CN.ts`` as unfinished; translate them in Qt Linguist
(``.venv/bin/pyside6-linguist``) or by editing the file, then ``make translations`` again.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ElementTree
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


if __name__ == "__main__":
    found = untranslated()
    for context, source in found:
        print(f"{context}: {source!r}")
    print(f"{len(found)} untranslated message(s) in {TS.name}")
    sys.exit(1 if found else 0)
