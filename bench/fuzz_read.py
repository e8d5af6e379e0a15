"""Fuzz the reader with over 100,000 inputs: 0 unhandled exceptions, none over 1 second.

Run: ``.venv/bin/python bench/fuzz_read.py [COUNT] [SEED]`` (default 100000 inputs, seed 7).
Inputs are corpus and group D messages mutated by ``support.fuzz.mutate`` (cut, flipped,
spliced with hostile snippets, nested, long headers), plus the worst shapes each 10 times
(10 MB header, 5,000-deep and 100,000-wide multipart, 10 MB base64, a million addresses).
Prints throughput, the slowest inputs and every failure, side by side with the standard
library's parser on the same inputs (how often it raises, how long it takes).
"""

from __future__ import annotations

import random
import sys
import time
import traceback
from email import policy
from email.parser import BytesParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from support.fuzz import GIANTS, giants, mutate, read_everything  # noqa: E402
from support.hostile import group_d  # noqa: E402
from support.shared import CORPUS_DIR, corpus_messages  # noqa: E402

LIMIT_SECONDS = 1.0


def stdlib(data: bytes) -> None:
    msg = BytesParser(policy=policy.default).parsebytes(data)
    for name in ("subject", "from", "to"):
        str(msg[name] or "")
    body = msg.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
    if body is not None:
        body.get_content()


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
    corpus_root = CORPUS_DIR
    seeds = [
        (str(p.relative_to(corpus_root)), p.read_bytes())
        for p in corpus_messages()
        if p.stat().st_size < 300_000
    ]
    seeds += [(f"group D {case}", data) for case, _, data in group_d("http://127.0.0.1:9/")]
    big = list(zip(GIANTS, giants(), strict=True)) * 10
    times: list[float] = []
    kind_of: dict[int, str] = {}
    failures: list[tuple[int, str]] = []
    current = [0]

    def unraisable(info: sys.UnraisableHookArgs) -> None:
        # An exception swallowed inside a callback (nh3's attribute filter) is a failure too.
        failures.append((current[0], f"unraisable in {info.object!r:.200}: {info.exc_value!r}"))
        print(f"--- input {current[0]}: {failures[-1][1]}", flush=True)

    sys.unraisablehook = unraisable
    slow: list[tuple[float, int, int]] = []
    ours = theirs = 0.0
    std_exceptions = 0
    start = time.perf_counter()
    for i in range(count):
        current[0] = i
        giant = i % (count // len(big)) == 0
        kinds: list[str] = []
        if giant:
            name, data = big[(i // (count // len(big))) % len(big)]
        else:
            name, seed = rng.choice(seeds)
            data = mutate(seed, rng, kinds)
        try:
            elapsed = read_everything(data)
        except Exception:
            failures.append((i, traceback.format_exc(limit=6)))
            print(f"--- input {i} failed:\n{failures[-1][1]}", flush=True)
            (Path("/tmp") / f"fuzz-failure-{i}.eml").write_bytes(data)
            continue
        ours += elapsed
        times.append(elapsed)
        slow.append((elapsed, i, len(data)))
        if elapsed > LIMIT_SECONDS:
            print(f"  slow input {i}: {elapsed:.2f} s, {len(data)} bytes", flush=True)
            (Path("/tmp") / f"fuzz-slow-{i}.eml").write_bytes(data)
        slow = sorted(slow, reverse=True)[:5]
        if any(i == s[1] for s in slow):
            kind_of[i] = f"giant: {name}" if giant else f"{name} + {', '.join(kinds)}"
        # The stdlib reference on every tenth input, never on the giants: on those it runs out
        # of memory (10 MB header, gh-136063), recurses too deep (5,000 levels) or takes 25 s.
        if i % 10 == 0 and not giant:
            t = time.perf_counter()
            try:
                stdlib(data)
            except Exception:
                std_exceptions += 1
            theirs += time.perf_counter() - t
        if (i + 1) % 10_000 == 0:
            print(
                f"  {i + 1:>7} inputs  {time.perf_counter() - start:7.1f} s  "
                f"failures {len(failures)}  slowest {slow[0][0]:.3f} s",
                flush=True,
            )
    total = time.perf_counter() - start
    over = [s for s in slow if s[0] > LIMIT_SECONDS]
    print(
        f"\n{count} inputs in {total:.0f} s ({count / total:.0f}/s); "
        f"unhandled exceptions: {len(failures)}; inputs over {LIMIT_SECONDS:.0f} s: {len(over)}"
    )
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else 0.0
    print(
        f"max {times[-1] if times else 0:.3f} s, p99 {p99 * 1000:.1f} ms, "
        f"median {times[len(times) // 2] * 1000 if times else 0:.2f} ms per input"
    )
    print("slowest (seconds, input #, bytes, kind):")
    for seconds, i, n in slow:
        print(f"  {seconds:.3f} s  #{i}  {n} bytes  {kind_of.get(i, '?')}")
    print(f"reader: {ours / count * 1000:.2f} ms per input (parse + MessageView, timed part)")
    print(
        f"stdlib policy.default parse + get_body, every 10th input: "
        f"{theirs / (count // 10) * 1000:.2f} ms per input, exceptions {std_exceptions}"
    )
    for i, trace in failures[:10]:
        print(f"--- input {i}\n{trace}")
    return 1 if failures or over else 0


if __name__ == "__main__":
    raise SystemExit(main())
