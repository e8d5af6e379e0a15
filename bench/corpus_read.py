"""Decode the shared corpus: conformance with the sources' expected values, and speed.

Run: ``.venv/bin/python bench/corpus_read.py [-v]``. Prints the pass rate per source and field,
every difference (argued or not), and the time to decode every message into a MessageView,
side by side with the standard library's own parse + ``get_body()`` on the same messages.
"""

from __future__ import annotations

import collections
import sys
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from hongyan.core.message.view import MessageView  # noqa: E402
from support.conformance import ARGUED, run_checks  # noqa: E402
from support.shared import corpus_messages  # noqa: E402


def stdlib_read(data: bytes) -> str:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    str(msg["subject"] or "")
    body = msg.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
    return body.get_content() if body is not None else ""


def timed(label: str, func: object, datas: list[bytes]) -> float:
    start = time.perf_counter()
    failures = 0
    for data in datas:
        try:
            func(data)  # type: ignore[operator]
        except Exception:
            failures += 1
    elapsed = time.perf_counter() - start
    print(
        f"  {label:<34} {elapsed:7.2f} s  {len(datas) / elapsed:8.0f} msg/s  exceptions: {failures}"
    )
    return elapsed


def main() -> int:
    verbose = "-v" in sys.argv
    checks = run_checks()
    table: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
    for check in checks:
        table[(check.source, check.field)][0] += check.ok
        table[(check.source, check.field)][1] += 1
    print("Conformance with the corpus sources' expected values")
    for (source, fieldname), (ok, total) in sorted(table.items()):
        print(f"  {source:<22} {fieldname:<12} {ok:4}/{total:<4}")
    passed = sum(c.ok for c in checks)
    argued = sum(1 for c in checks if not c.ok and (c.source, c.message, c.field) in ARGUED)
    print(
        f"  total {passed}/{len(checks)} = {passed / len(checks):.1%}; "
        f"argued differences {argued}; unexplained {len(checks) - passed - argued}"
    )
    for check in checks:
        if not check.ok:
            key = (check.source, check.message, check.field)
            print(
                f"  - {check.source} {check.message} {check.field}: "
                f"{ARGUED.get(key, 'UNEXPLAINED')}"
            )
            if verbose or key not in ARGUED:
                print(
                    f"      expected {check.expected!r:.200}\n      actual   {check.actual!r:.200}"
                )
    datas = [p.read_bytes() for p in corpus_messages()]
    print(f"\nDecoding {len(datas)} corpus messages ({sum(map(len, datas)) / 1e6:.1f} MB)")
    timed("hongyan MessageView.from_bytes", MessageView.from_bytes, datas)
    timed("stdlib parse + get_body (reference)", stdlib_read, datas)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
