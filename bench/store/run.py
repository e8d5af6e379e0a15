"""Store benchmark: Hongyan against notmuch on the same generated Maildir, in one run.

    python bench/store/run.py --messages 100000

Prints, side by side with the ratio: indexing rate of an existing Maildir (Hongyan's open,
notmuch's ``new``), Hongyan's import rate (copy + fsync + index), search medians for a body
word, a ``from:`` address and Chinese words of one and two characters, the newest 200, and the
peak memory while indexing of all processes together (main and workers, sampled at the same
moment; see memory.py).
Hongyan's queries are timed in process (what the GUI pays); notmuch's through its CLI, whose
start-up time is printed too so the two can be compared fairly.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "src"))

from generate import BODY_MARKER, SENDER_MARKER, generate  # noqa: E402
from memory import TreeSampler  # noqa: E402
from notmuch import notmuch_env  # noqa: E402

QUERIES = {
    "body word": (BODY_MARKER, BODY_MARKER),
    "from: address": (f"from:{SENDER_MARKER}", f"from:{SENDER_MARKER}"),
    "Chinese word 报价": ("报价", "报价"),
    "Chinese character 报": ("报", "报"),
}
REPEAT = 15


def child_index(store: Path) -> None:
    """Open (and so index) a store; print seconds and peak RSS of this process and workers."""
    from hongyan.core.store import Store

    start = time.perf_counter()
    with Store.open(store) as opened:
        count = opened.count("Inbox")
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "count": count, **_rss()}))


def child_import(mail: Path, store: Path) -> None:
    from hongyan.core.store import Store
    from hongyan.core.store.importexport import import_path

    start = time.perf_counter()
    with Store.open(store, create=True) as opened:
        report = import_path(opened, mail)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "count": report.imported, **_rss()}))


def _rss() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_mb": own, "worker_rss_mb": workers}


def run_child(*args: str) -> dict[str, float]:
    """Run this script as a child; add the peak totals of its process tree (see memory.py)."""
    with (
        subprocess.Popen(
            [sys.executable, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as proc,
        TreeSampler(proc.pid) as sampler,
    ):
        stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"child {args} failed:\n{stderr.decode()[-3000:]}")
    result = json.loads(stdout.decode().strip().splitlines()[-1])
    peak = sampler.peak
    return {
        **result,
        "tree_rss_mb": peak.rss_mb,
        "tree_pss_mb": peak.pss_mb,
        "processes": peak.processes,
    }


def notmuch_new(env: dict[str, str]) -> dict[str, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(["notmuch", "new", "--quiet"], env=env)
    with TreeSampler(proc.pid) as sampler:
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit("notmuch new failed")
    peak = sampler.peak
    return {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024, "tree_pss_mb": peak.pss_mb}


def median_ms(action: object) -> float:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def notmuch_run(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        ["notmuch", *args], env=env, capture_output=True, text=True, check=True
    ).stdout


def row(name: str, ours: float, theirs: float | None, unit: str, better: str) -> str:
    """One line: figure, Hongyan, notmuch, ratio (>1 means Hongyan is better)."""
    if theirs is None or ours == 0 or theirs == 0:
        ratio = "-"
    else:
        ratio = f"{(ours / theirs) if better == 'higher' else (theirs / ours):.2f}x"
    other = "-" if theirs is None else f"{theirs:,.1f} {unit}"
    return f"{name:<34}{ours:>14,.1f} {unit:<6}{other:>18}   {ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--out", type=Path, default=HERE.parents[1] / "bench" / "out" / "store")
    parser.add_argument("--skip-import", action="store_true", help="skip the import figure")
    parser.add_argument("--child-index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-import", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_index:
        return child_index(args.child_index)
    if args.child_import:
        return child_import(*args.child_import)
    run_benchmark(args)


def run_benchmark(args: argparse.Namespace) -> None:
    out = args.out / str(args.messages)
    mail = out / "mail"
    stamp = out / "generated"
    if not stamp.exists():
        shutil.rmtree(out, ignore_errors=True)
        print(f"generating {args.messages} messages in {mail} ...", flush=True)
        total = generate(mail, args.messages)
        stamp.write_text(str(total))
    total = int(stamp.read_text())
    print(f"{args.messages} messages, mean {total / args.messages / 1024:.0f} KB", flush=True)

    for name in ("hongyan-store", "hongyan-import", "notmuch-db"):
        shutil.rmtree(out / name, ignore_errors=True)
    subprocess.run(["cp", "-al", str(mail), str(out / "hongyan-store")], check=True)
    subprocess.run(["sync"], check=True)

    print("notmuch new ...", flush=True)
    env = notmuch_env(out, mail)
    theirs = notmuch_new(env)
    print("hongyan index ...", flush=True)
    ours = run_child("--child-index", str(out / "hongyan-store"))
    imported = None
    if not args.skip_import:
        print("hongyan import ...", flush=True)
        imported = run_child("--child-import", str(mail), str(out / "hongyan-import"))

    from hongyan.core.store import Store

    store = Store.open(out / "hongyan-store")
    reopen = median_ms(lambda: Store.open(out / "hongyan-store").close())
    startup = median_ms(lambda: notmuch_run(env, "--version"))
    n = args.messages
    lines = [
        f"{'figure':<34}{'Hongyan':>21}{'notmuch':>18}   ratio (>1: Hongyan better)",
        row("index rate (msg/s)", n / ours["seconds"], n / theirs["seconds"], "/s", "higher"),
    ]
    if imported:
        lines.append(
            row(
                "import rate, copy+fsync+index",
                n / imported["seconds"],
                n / theirs["seconds"],
                "/s",
                "higher",
            )
        )
    lines.append(
        row(
            "peak RSS indexing, all processes", ours["tree_rss_mb"], theirs["rss_mb"], "MB", "lower"
        )
    )
    lines.append(
        row(
            "peak PSS indexing, all processes",
            ours["tree_pss_mb"],
            theirs["tree_pss_mb"],
            "MB",
            "lower",
        )
    )
    lines.append(
        f"{'':<34}sampled sums over {ours['processes']:.0f} processes at one moment; own peaks"
        f" (ru_maxrss): main {ours['rss_mb']:.0f} MB, largest worker {ours['worker_rss_mb']:.0f} MB"
    )
    if imported:
        lines.append(
            f"{'':<34}import: RSS {imported['tree_rss_mb']:.0f} MB, PSS"
            f" {imported['tree_pss_mb']:.0f} MB over {imported['processes']:.0f} processes"
        )
    for label, (our_query, their_query) in QUERIES.items():
        hits = len(store.search(our_query, limit=10**7))
        their_hits = int(notmuch_run(env, "count", their_query).strip() or 0)
        our_ms = median_ms(lambda q=our_query: store.search(q, limit=200))
        their_ms = median_ms(
            lambda q=their_query: notmuch_run(env, "search", "--output=messages", "--limit=200", q)
        )
        lines.append(row(f"search {label} (median)", our_ms, their_ms, "ms", "lower"))
        lines.append(f"{'':<34}matches: Hongyan {hits}, notmuch {their_hits}")
    our_newest = median_ms(lambda: store.list("Inbox", limit=200))
    their_newest = median_ms(
        lambda: notmuch_run(
            env, "search", "--output=messages", "--sort=newest-first", "--limit=200", "*"
        )
    )
    lines.append(row("newest 200 (median)", our_newest, their_newest, "ms", "lower"))
    lines.append(row("open an indexed store (median)", reopen, None, "ms", "lower"))
    lines.append(f"notmuch CLI start-up (notmuch --version): {startup:.1f} ms, included above")
    store.close()
    index_mb = (out / "hongyan-store" / "index.sqlite").stat().st_size / 2**20
    xapian_mb = sum(p.stat().st_size for p in (out / "notmuch-db").rglob("*") if p.is_file())
    lines.append(f"index size: Hongyan {index_mb:.0f} MB, notmuch {xapian_mb / 2**20:.0f} MB")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
