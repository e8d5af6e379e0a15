"""Benchmark: what rules at arrival cost a 10 000-message fetch with 50 rules.

Issue 17's target: at most 5 % of the fetch. Starts a private Dovecot (tests/support/
dovecot.py) with the maildrop of bench/fetch (mean about 60 KB: text, HTML, one in ten with an
attachment), its senders spread over 30 customer domains, 8 newsletter senders and others;
then fetches it with ``fetch_account`` (leave on server, a fresh store each time), without
rules and with 50 rules, alternately (``--rounds`` times each, the median printed):

- 30 "customer" rules: sender's domain → move to 客户/<name>;
- 8 newsletter rules: from contains → move to Newsletters, mark as read;
- 6 subject rules (Chinese and English words) → flag (two of them stop);
- 3 recipient rules (To/Cc contains; 3 % of the mail) → copy to Copies;
- 2 size rules (larger than 1 MB) → flag;
- 1 body rule, behind a domain condition (the body is read only for that domain's mail).

Printed: wall and CPU time (this process, all threads) of each fetch, the difference, and the
time spent inside the rules code (noting marks, filtering: summed over the committer thread,
where it runs beside the next batch's download; wall and the threads' own CPU time), with the
machine's stolen CPU time. On a shared machine the difference of two fetches is noisy; the
rules code's own CPU time is the steadier figure.

Usage: ``python bench/rules_arrival.py [--count 10000] [--rounds 2]`` (as root, like the
tests).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench" / "fetch"))

from run import make_message as fetch_bench_message  # noqa: E402  (bench/fetch/run.py)
from run import stolen_seconds  # noqa: E402

from support.certs import make_pki  # noqa: E402
from support.dovecot import DovecotServer  # noqa: E402

CUSTOMERS = [f"cust{i}" for i in range(30)]
NEWSLETTERS = [f"news{i}" for i in range(8)]


def make_message(rng: random.Random, n: int) -> bytes:
    """bench/fetch's message, from a spread of senders."""
    data = fetch_bench_message(rng, n)
    roll = rng.random()
    if roll < 0.4:
        sender = f"Buyer {n % 7} <buyer{n % 7}@mail.{rng.choice(CUSTOMERS)}.example.cn>"
    elif roll < 0.5:
        sender = f"{rng.choice(NEWSLETTERS)} <letters@{rng.choice(NEWSLETTERS)}.example.com>"
    else:
        sender = f"Someone {n} <p{n}@other{n % 500}.example.org>"
    head, sep, body = data.partition(b"\r\n")
    assert head.startswith(b"From: ")
    if rng.random() < 0.03:
        sender += f"\r\nCc: {rng.choice(('boss', 'finance', 'sales'))}@example.test"
    return f"From: {sender}".encode() + sep + body


def fifty_rules() -> list[Any]:
    from hongyan.core.rules.model import COPY, FLAG, MARK_READ, MOVE, Action, Condition, Rule

    rules = [
        Rule(
            f"Customer {c}",
            (Condition("domain", f"{c}.example.cn"),),
            (Action(MOVE, folder=f"客户/{c}"),),
        )
        for c in CUSTOMERS
    ]
    rules += [
        Rule(
            f"News {s}",
            (Condition("from", f"{s} <"),),
            (Action(MOVE, folder="Newsletters"), Action(MARK_READ)),
        )
        for s in NEWSLETTERS
    ]
    for i, word in enumerate(("报价", "合同", "invoice", "发货", "urgent", "会议")):
        rules.append(
            Rule(f"Subject {word}", (Condition("subject", word),), (Action(FLAG),), stop=i < 2)
        )
    for i, text in enumerate(("boss@", "finance@", "sales@")):
        rules.append(Rule(f"Copy {i}", (Condition("to", text),), (Action(COPY, folder="Copies"),)))
    for i in range(2):
        rules.append(Rule(f"Large {i}", (Condition("larger", 1024 + i),), (Action(FLAG),)))
    rules.append(
        Rule(
            "Body",
            (Condition("domain", "cust3.example.cn"), Condition("body", "deadline")),
            (Action(FLAG),),
        )
    )
    assert len(rules) == 50
    return rules


def prepare_store(path: Path, with_rules: bool) -> None:
    from hongyan.core.rules.book import RuleBook
    from hongyan.core.store import Store

    with Store.open(path, create=True) as store:
        if not with_rules:
            return
        for c in CUSTOMERS:
            store.create_folder(f"客户/{c}")
        store.create_folder("Newsletters")
        store.create_folder("Copies")
    book = RuleBook.load(path)
    for rule in fifty_rules():
        book.add(rule)
    book.save()


class RulesClock:
    """Sums the time spent in the rules code the fetch calls (any thread)."""

    def __init__(self) -> None:
        from hongyan.core.rules import arrival

        self.seconds = 0.0
        self.cpu = 0.0  # CPU time of the calling threads while in the rules code
        self._lock = threading.Lock()
        for name in ("expect", "apply_to_new", "filter_left"):
            setattr(arrival, name, self._timed(getattr(arrival, name)))

    def _timed(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return function(*args, **kwargs)
            finally:
                with self._lock:
                    self.seconds += time.perf_counter() - start
                    self.cpu += time.thread_time() - cpu

        return call


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hongyan-bench-rules-"))
    pki = make_pki(work / "pki")
    dovecot = DovecotServer(pki)
    try:
        return run(args, work, pki, dovecot)
    finally:
        dovecot.stop()
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path, pki: Any, dovecot: DovecotServer) -> int:
    from hongyan.core.accounts import Account, ServerSettings
    from hongyan.core.secrets import Secret
    from hongyan.core.sync import fetch_account

    rng = random.Random(args.seed)
    user = dovecot.add_user(password="bench-Pa55")
    total = 0
    for n in range(args.count):
        data = make_message(rng, n)
        total += len(data)
        user.deliver(data)
    print(f"maildrop: {args.count} messages, {total / 1e6:.1f} MB")
    pem = pki.ca_pem.read_text()
    pop3 = ServerSettings(dovecot.host, dovecot.pop3s_port, "ssl", user.name, trust_cert_pem=pem)
    smtp = ServerSettings(dovecot.host, 465, "ssl", user.name, trust_cert_pem=pem)
    account = Account(name="bench", address="bench@example.test", pop3=pop3, smtp=smtp)
    secret = Secret(user.password)
    warm = work / "warm"
    prepare_store(warm, with_rules=False)
    fetch_account(account, warm, secret, dry_run=True)  # Dovecot builds its index once
    clock = RulesClock()
    results: dict[bool, list[tuple[float, float, float, float, float]]] = {False: [], True: []}
    for round_ in range(args.rounds):
        for with_rules in (False, True):
            store = work / f"store-{round_}-{int(with_rules)}"
            prepare_store(store, with_rules)
            clock.seconds = clock.cpu = 0.0
            stolen, cpu, start = stolen_seconds(), cpu_seconds(), time.perf_counter()
            result = fetch_account(account, store, secret)
            wall = time.perf_counter() - start
            if not result.ok or result.downloaded != args.count or result.warnings:
                raise SystemExit(f"fetch failed: {result.summary} {result.warnings}")
            used = (wall, cpu_seconds() - cpu, clock.seconds, clock.cpu, stolen_seconds() - stolen)
            results[with_rules].append(used)
            label = "50 rules" if with_rules else "no rules"
            print(
                f"round {round_ + 1}, {label}: {wall:6.1f} s wall, {used[1]:6.1f} s CPU, "
                f"{used[2]:5.2f} s in the rules code ({used[3]:.2f} s CPU; stolen {used[4]:.1f} s)"
            )
            shutil.rmtree(store)
    plain = statistics.median(r[0] for r in results[False])
    ruled = statistics.median(r[0] for r in results[True])
    plain_cpu = statistics.median(r[1] for r in results[False])
    ruled_cpu = statistics.median(r[1] for r in results[True])
    inside = statistics.median(r[2] for r in results[True])
    inside_cpu = statistics.median(r[3] for r in results[True])
    print(f"fetch without rules (median): {plain:.1f} s wall, {plain_cpu:.1f} s CPU")
    print(f"fetch with 50 rules (median): {ruled:.1f} s wall, {ruled_cpu:.1f} s CPU")
    print(
        f"difference: {ruled - plain:+.1f} s wall ({(ruled - plain) / plain:+.1%}), "
        f"{ruled_cpu - plain_cpu:+.1f} s CPU ({(ruled_cpu - plain_cpu) / plain_cpu:+.1%})"
    )
    print(
        f"in the rules code: {inside:.2f} s ({inside / plain:.1%} of the plain fetch's wall "
        f"time), {inside_cpu:.2f} s CPU ({inside_cpu / plain_cpu:.1%} of its CPU)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
