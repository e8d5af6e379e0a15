"""Benchmark: ``hongyan fetch`` against mpop on the same private Dovecot maildrop, in one run.

Starts a private Dovecot (tests/support/dovecot.py) over POP3S, fills one mailbox with a
generated realistic maildrop (mean about 60 KB: mostly small text and HTML mail, one in ten
with a 30-500 KB attachment, about one in a hundred of 1-3 MB), then times:

- a full fetch with mpop (``keep on``, delivery to a Maildir, TLS verified against the test CA)
  and with ``hongyan fetch`` (a fresh profile and store, leave on server);
- "nothing new" runs of each, 5 times (mpop's whole run; hongyan's whole command and the
  fetch alone, timed inside the process);
- ``hongyan`` start-up (``hongyan fetch --help``) and the peak RSS of the full ``hongyan fetch``;
- "mail searchable": ``hongyan fetch`` lists new mail without indexing the bodies (see
  core/store/pending.py), so the first ``hongyan search`` after it indexes the 10 000 bodies
  first; it is timed next to ``notmuch new`` on mpop's Maildir (what an mpop user runs to
  search), and fetch + first search next to mpop + notmuch new.

Every command's CPU time (user + sys, its children included; GNU time) is printed beside its
wall time: on a machine shared with Dovecot (both on the same cores) CPU is what one side
can save.

Usage: ``python bench/fetch/run.py [--count 10000] [--seed 5]`` (as root, like the tests).
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench" / "store"))  # the notmuch set-up bench/store uses

from notmuch import notmuch_env  # noqa: E402

from support.certs import make_pki  # noqa: E402
from support.dovecot import DovecotServer  # noqa: E402

SEARCH_WORD = "quarterly"  # one of WORDS: in the body of most messages
NOTHING_NEW_RUNS = 5
WORDS = [
    *("mail", "server", "message", "meeting", "report", "budget", "会议", "报告"),
    *("quarterly", "update", "project", "鸿雁", "schedule", "invoice", "please", "review"),
    *("attached", "thanks", "regards", "tomorrow", "deadline"),
]


def _text(rng: random.Random, size: int) -> bytes:
    lines = []
    total = 0
    while total < size:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
        lines.append(line)
        total += len(line.encode()) + 2
    return "\r\n".join(lines).encode() + b"\r\n"


def _attachment(rng: random.Random, size: int) -> bytes:
    raw = rng.randbytes(size * 3 // 4)
    b64 = base64.b64encode(raw)
    return b"\r\n".join(b64[i : i + 76] for i in range(0, len(b64), 76)) + b"\r\n"


def make_message(rng: random.Random, n: int) -> bytes:
    roll = rng.random()
    head = (
        f"From: Sender {n % 97} <sender{n % 97}@example.test>\r\n"
        f"To: bench@example.test\r\nSubject: Benchmark message {n}\r\n"
        f"Date: Mon, 23 Nov 2026 {n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d} +0800\r\n"
        f"Message-ID: <bench-{n}@example.test>\r\nMIME-Version: 1.0\r\n"
    ).encode()
    if roll < 0.012:
        size = rng.randint(1_000_000, 3_000_000)
    elif roll < 0.112:
        size = rng.randint(30_000, 500_000)
    else:
        size = 0
    body_size = rng.randint(2_000, 20_000)
    if size:
        return (
            head
            + b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\n'
            + b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
            + _text(rng, body_size // 2)
            + b"--b1\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            + b'Content-Disposition: attachment; filename="report.pdf"\r\n\r\n'
            + _attachment(rng, size)
            + b"--b1--\r\n"
        )
    if rng.random() < 0.5:
        html = b"<html><body><p>" + _text(rng, body_size).replace(b"\r\n", b"</p>\r\n<p>")
        return (
            head
            + b"Content-Type: text/html; charset=utf-8\r\n\r\n"
            + html
            + b"</p></body></html>\r\n"
        )
    return head + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + _text(rng, body_size)


@dataclass
class Timed:
    """One command's run: wall seconds, CPU seconds (user, sys; children included), peak RSS
    in KB (GNU time), its stdout, and the CPU seconds the host stole from this machine
    meanwhile (all CPUs; on a virtual machine no program runs while stolen)."""

    wall: float
    user: float
    sys: float
    rss: int
    stdout: str
    stolen: float = 0.0

    @property
    def cpu(self) -> str:
        return f"{self.user:.1f}+{self.sys:.1f}"


def stolen_seconds() -> float:
    """The machine's stolen CPU time so far (/proc/stat; 0 where there is none)."""
    try:
        with open("/proc/stat") as stat:
            return int(stat.readline().split()[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def timed(argv: list[str], env: dict[str, str] | None = None) -> Timed:
    stolen = stolen_seconds()
    start = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%U %S %M", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    user, system, rss = done.stderr.strip().splitlines()[-1].split()
    stolen = stolen_seconds() - stolen
    return Timed(wall, float(user), float(system), int(rss), done.stdout, stolen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("mpop") is None:
        raise SystemExit("mpop is not installed (Debian: apt-get install mpop)")
    work = Path(tempfile.mkdtemp(prefix="hongyan-bench-"))
    pki = make_pki(work / "pki")
    dovecot = DovecotServer(pki)
    try:
        return run(args, work, pki, dovecot)
    finally:
        dovecot.stop()
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path, pki: object, dovecot: DovecotServer) -> int:
    from hongyan.core.accounts import Account, AccountBook, ServerSettings
    from hongyan.core.paths import app_paths

    rng = random.Random(args.seed)
    user = dovecot.add_user(password="bench-Pa55")
    total = 0
    started = time.perf_counter()
    for n in range(args.count):
        data = make_message(rng, n)
        total += len(data)
        user.deliver(data)
    print(
        f"maildrop: {args.count} messages, {total / 1e6:.1f} MB, "
        f"mean {total / args.count / 1e3:.1f} KB "
        f"(generated in {time.perf_counter() - started:.1f} s)"
    )
    ca_pem = pki.ca_pem  # type: ignore[attr-defined]
    # Warm up: Dovecot moves new/ to cur/ and builds its index on the first session.
    subprocess.run(
        [
            sys.executable,
            "-c",
            _WARMUP,
            dovecot.host,
            str(dovecot.pop3s_port),
            user.name,
            user.password,
            str(ca_pem),
        ],
        check=True,
    )

    # -- mpop -----------------------------------------------------------------------------
    mpop_dir = work / "mpop"
    maildir = mpop_dir / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    config = mpop_dir / "mpoprc"
    config.write_text(
        f"defaults\ntls on\ntls_starttls off\ntls_trust_file {ca_pem}\n\n"
        f"account bench\nhost {dovecot.host}\nport {dovecot.pop3s_port}\nuser {user.name}\n"
        f"password {user.password}\nauth plain\nkeep on\nuidls_file {mpop_dir}/uidls\n"
        f"delivery maildir {maildir}\n"
    )
    config.chmod(0o600)
    mpop_full = timed(["mpop", "-C", str(config), "-q", "bench"])
    mpop_count = len(os.listdir(maildir / "new")) + len(os.listdir(maildir / "cur"))
    # Nothing new: a tenth of a second, so one sample is mostly noise; the median of
    # NOTHING_NEW_RUNS is printed (and the range below the table).
    mpop_nones = [
        timed(["mpop", "-C", str(config), "-q", "bench"]).wall for _ in range(NOTHING_NEW_RUNS)
    ]
    notmuch = notmuch_env(mpop_dir, maildir) if shutil.which("notmuch") else None
    notmuch_new = timed(["notmuch", "new", "--quiet"], notmuch) if notmuch else None
    notmuch_hits = (
        int(timed(["notmuch", "count", SEARCH_WORD], notmuch).stdout.strip()) if notmuch else 0
    )

    # -- hongyan ----------------------------------------------------------------------------
    home = work / "hongyan-home"
    env = dict(
        os.environ,
        HONGYAN_HOME=str(home),
        PYTHON_KEYRING_BACKEND="support.test_keyring.FileKeyring",
        HONGYAN_TEST_KEYRING=str(work / "keyring.json"),
        PYTHONPATH=os.pathsep.join([str(ROOT / "tests"), str(ROOT / "src")]),
        # Bytecode cached as for an installed program (outside the worktree), compiled
        # before anything is timed, as an installer does: otherwise the full fetch paid
        # about 0.7 s of CPU compiling it (profile).
        PYTHONPYCACHEPREFIX=str(work / "pycache"),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "hongyan")],
        env=env,
        check=True,
    )
    subprocess.run([sys.executable, "-c", _IMPORTS], env=env, check=True)  # the stdlib's too
    os.environ.update({k: env[k] for k in ("HONGYAN_HOME", "HONGYAN_TEST_KEYRING")})
    os.environ["PYTHON_KEYRING_BACKEND"] = env["PYTHON_KEYRING_BACKEND"]
    pem = Path(ca_pem).read_text()
    pop3 = ServerSettings(dovecot.host, dovecot.pop3s_port, "ssl", user.name, trust_cert_pem=pem)
    smtp = ServerSettings(dovecot.host, 465, "ssl", user.name, trust_cert_pem=pem)
    book = AccountBook.load(app_paths())
    book.add(Account(name="bench", address="bench@example.test", pop3=pop3, smtp=smtp))
    book.save()
    from support.test_keyring import FileKeyring

    FileKeyring().set_password("hongyan", "bench:pop3", user.password)
    hongyan = [sys.executable, "-m", "hongyan"]
    hy_full = timed([*hongyan, "fetch", "bench"], env)
    print(f"hongyan says: {hy_full.stdout.strip()}")
    hy_none = timed([*hongyan, "fetch", "bench"], env)
    hy_nones = [hy_none.wall] + [
        timed([*hongyan, "fetch", "bench"], env).wall for _ in range(NOTHING_NEW_RUNS - 1)
    ]
    insides = [
        float(
            subprocess.run(
                [sys.executable, "-c", _INSIDE], env=env, capture_output=True, text=True, check=True
            ).stdout.strip()
        )
        for _ in range(NOTHING_NEW_RUNS)
    ]
    mpop_none, hy_none_wall = statistics.median(mpop_nones), statistics.median(hy_nones)
    hy_inside = statistics.median(insides)
    startup = min(timed([*hongyan, "fetch", "--help"], env).wall for _ in range(3))
    stored = sum(len(os.listdir(home / "data" / "Mail" / sub)) for sub in ("new", "cur"))
    search = [*hongyan, "search", "--limit", str(args.count), SEARCH_WORD]
    first_search = timed(search, env)  # indexes the bodies the fetch left pending
    second_search = timed(search, env)
    hits = len(first_search.stdout.splitlines())

    print()
    print(f"{'':30}{'mpop 1.4.18':>14}{'hongyan':>12}{'ratio':>8}")
    line = _line
    mb = total / 1e6
    print("mail in the store")
    line("full fetch, wall (s)", mpop_full.wall, hy_full.wall)
    print(f"{'  CPU user+sys (s)':30}{mpop_full.cpu:>14}{hy_full.cpu:>12}")
    print(f"{'  host steal meanwhile (s)':30}{mpop_full.stolen:14.1f}{hy_full.stolen:12.1f}")
    print(
        f"{'  messages/s':30}{args.count / mpop_full.wall:14.0f}{args.count / hy_full.wall:12.0f}"
    )
    print(f"{'  MB/s':30}{mb / mpop_full.wall:14.1f}{mb / hy_full.wall:12.1f}")
    print(f"{'  messages stored':30}{mpop_count:14d}{stored:12d}")
    line("nothing new, whole run (s)", mpop_none, hy_none_wall)
    ratio = hy_inside / mpop_none
    print(f"{'nothing new, in process (s)':30}{'':14}{hy_inside:12.2f}{ratio:8.2f}")
    print(f"{'start-up, fetch --help (s)':30}{'':14}{startup:12.2f}")
    print(f"{'peak RSS, full fetch (MB)':30}{mpop_full.rss / 1024:14.1f}{hy_full.rss / 1024:12.1f}")
    if notmuch_new is not None:
        print(f"mail searchable (mpop column: notmuch new on mpop's Maildir; '{SEARCH_WORD}')")
        line("index bodies, wall (s)", notmuch_new.wall, first_search.wall)
        print(f"{'  CPU user+sys (s)':30}{notmuch_new.cpu:>14}{first_search.cpu:>12}")
        print(
            f"{'  host steal meanwhile (s)':30}{notmuch_new.stolen:14.1f}"
            f"{first_search.stolen:12.1f}"
        )
        print(
            f"{'  peak RSS (MB)':30}{notmuch_new.rss / 1024:14.1f}{first_search.rss / 1024:12.1f}"
        )
        line(
            "fetch + index, wall (s)",
            mpop_full.wall + notmuch_new.wall,
            hy_full.wall + first_search.wall,
        )
        print(f"{'  messages found':30}{notmuch_hits:14d}{hits:12d}")
    again = second_search.wall
    print(f"(hongyan: index bodies = the first 'hongyan search'; the next took {again:.2f} s)")
    print(f"(nothing-new output: {hy_none.stdout.strip()})")
    print(
        f"(nothing new, medians of {NOTHING_NEW_RUNS}: mpop {_span(mpop_nones)}, hongyan "
        f"{_span(hy_nones)}, in process {_span(insides)})"
    )
    return 0


def _span(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f} s"


def _line(name: str, theirs: float, ours: float) -> None:
    print(f"{name:30}{theirs:14.2f}{ours:12.2f}{ours / theirs:8.2f}")


_IMPORTS = """
import email.parser, email.policy, hashlib, keyring, sqlite3, ssl
import hongyan.cli, hongyan.commands.fetch, hongyan.commands.store, hongyan.core.committer
import hongyan.core.secrets, hongyan.core.store.pending, hongyan.core.sync, hongyan.core.pop3
import support.test_keyring
"""

_WARMUP = """
import poplib, ssl, sys
host, port, user, password, ca = sys.argv[1:]
c = poplib.POP3_SSL(host, int(port), context=ssl.create_default_context(cafile=ca), timeout=120)
c.user(user); c.pass_(password); c.stat(); c.uidl(); c.quit()
"""

_INSIDE = """
import time
from hongyan.core.accounts import AccountBook
from hongyan.core.paths import app_paths
from hongyan.core.secrets import PasswordStore
from hongyan.core.settings import Settings
from hongyan.core.store import Store
from hongyan.core.sync import fetch_account
paths = app_paths()
account = AccountBook.load(paths).get("bench")
secret = PasswordStore().obtain(account, "pop3")
with Store.open(Settings.load(paths).store_path) as store:
    started = time.perf_counter()
    result = fetch_account(account, store, secret)
    elapsed = time.perf_counter() - started
assert result.ok and result.downloaded == 0, result.summary
print(elapsed)
"""


if __name__ == "__main__":
    sys.exit(main())
