"""Benchmark: moving and copying a large selection between folders, next to Dovecot's own.

Issue 17's target: moving 10 000 selected messages takes under 5 s. Builds a store of
``--count`` messages in the Inbox (2-20 KB of text each; files written as another program
would, then indexed by one open), then times in this process:

- ``store.move(all ids, "Archive")`` and the move back (one rename per message, one index
  transaction);
- ``store.copy(all ids, "Copies")`` (hard links, the rows copied from the index);

and, on a copy of the same Maildir given to ``nobody``, ``doveadm move Archive mailbox
INBOX all`` (Dovecot's Maildir code; its index built first). Skipped where doveadm is missing.
The machine's stolen CPU time is printed beside the figures.

Usage: ``python bench/move.py [--count 10000]`` (as root, like the tests).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench" / "store"))
sys.path.insert(0, str(ROOT / "bench" / "fetch"))

from run import stolen_seconds  # noqa: E402  (bench/fetch/run.py)

WORDS = ("报价", "合同", "meeting", "invoice", "客户", "shipment", "please", "review", "发货")


def make_message(rng: random.Random, n: int) -> bytes:
    words = [rng.choice(WORDS) for _ in range(rng.randint(300, 3000))]
    return (
        f"From: Sender {n % 97} <s{n % 97}@example.test>\nTo: me@example.test\n"
        f"Subject: {rng.choice(WORDS)} {n}\nDate: Mon, 23 Nov 2026 10:00:00 +0800\n"
        f"Message-ID: <move-{n}@example.test>\nContent-Type: text/plain; charset=utf-8\n\n"
        + " ".join(words)
        + "\n"
    ).encode()


def timed(label: str, action: object) -> float:
    stolen = stolen_seconds()
    start = time.perf_counter()
    action()  # type: ignore[operator]
    took = time.perf_counter() - start
    print(f"{label:<44} {took:6.2f} s   (stolen {stolen_seconds() - stolen:.2f} s)")
    return took


def doveadm(home: Path, *args: str) -> None:
    conf = home / "dovecot.conf"
    command = [shutil.which("doveadm") or "doveadm", "-c", str(conf), *args]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "nobody", "--", "env", f"HOME={home}", "USER=nobody", *command]
    subprocess.run(command, check=True, capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    from hongyan.core.store import Store

    work = Path(tempfile.mkdtemp(prefix="hongyan-bench-move-"))
    work.chmod(0o755)
    try:
        root = work / "Mail"
        Store.open(root, create=True).close()
        rng = random.Random(17)
        for n in range(args.count):
            name = f"{1700000000 + n}.M{n}P1Q1R0.bench,S=0"
            (root / "new" / name).write_bytes(make_message(rng, n))
        dovecot_copy = work / "dovecot" / "Mail"
        shutil.copytree(root, dovecot_copy)
        started = time.perf_counter()
        with Store.open(root) as store:
            print(f"{args.count} messages indexed in {time.perf_counter() - started:.1f} s")
            store.create_folder("Archive")
            store.create_folder("Copies")
            ids = [r.id for r in store.list("Inbox")]
            move = timed(f"Hongyan: move {len(ids)} to Archive", lambda: store.move(ids, "Archive"))
            timed(f"Hongyan: move {len(ids)} back to Inbox", lambda: store.move(ids, "Inbox"))
            timed(f"Hongyan: copy {len(ids)} to Copies", lambda: store.copy(ids, "Copies"))
            assert store.count("Inbox") == store.count("Copies") == len(ids)
        if shutil.which("doveadm") is None:
            print("doveadm: not installed, no reference figure")
        else:
            home = dovecot_copy.parent
            for sub in ("run", "state"):
                (home / sub).mkdir()
            (home / "dovecot.conf").write_text(
                f"base_dir = {home}/run\nstate_dir = {home}/state\n"
                f"mail_location = maildir:{dovecot_copy}\n"
            )
            subprocess.run(["chown", "-R", "nobody", str(home)], check=True)
            doveadm(home, "mailbox", "create", "Archive")
            doveadm(home, "mailbox", "status", "messages", "INBOX")  # builds Dovecot's index
            timed(
                f"doveadm move {args.count} to Archive",
                lambda: doveadm(home, "move", "Archive", "mailbox", "INBOX", "all"),
            )
        verdict = "met" if move < 5 else "NOT met"
        print(f"target (issue 17): moving 10 000 messages under 5 s: {verdict}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
