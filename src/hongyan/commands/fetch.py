"""``hongyan fetch [ACCOUNT...] [--dry-run]``: get new mail from POP3 accounts into the store.

Exit status 0 only when every account succeeded; one summary line per account in plain words;
a progress bar on stderr when it is a terminal. ``--dry-run`` logs in and lists what the next
fetch would download and which messages it would delete from the server, and why, without
changing anything.

The command ends once the new mail is durable in the store and listed: message bodies are
indexed for search afterwards, in the background by the app, or by the next ``hongyan
search`` (which does it first; see hongyan.core.store.pending).

Only argparse is imported at start-up: accounts, keyring, the store and the POP3 code load
inside the handler, so the command starts fast (``python -X importtime -m hongyan fetch``).
"""

from __future__ import annotations

import argparse
import sys
import threading
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from hongyan.commands import Context
    from hongyan.core.sync import AccountResult, Progress


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "fetch",
        help="get new mail from POP3 accounts",
        description="Download new messages from the given accounts (default: every account "
        "included in 'Get all') into the mail store. Exit status 0 only when every account "
        "succeeded. New messages are listed at once; their bodies are indexed for search in "
        "the background by the app, or by the next 'hongyan search'.",
    )
    parser.add_argument("accounts", nargs="*", metavar="ACCOUNT", help="account names")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be downloaded and what would be deleted from the server, and "
        "why; change nothing",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.accounts import AccountBook
    from hongyan.core.errors import HongyanError
    from hongyan.core.paths import ensure_dir
    from hongyan.core.secrets import PasswordStore, install_log_redaction
    from hongyan.core.store import Store
    from hongyan.core.sync import FetchOptions, fetch_accounts

    install_log_redaction()
    book = AccountBook.load(ctx.paths)
    if args.accounts:
        accounts = [book.get(name) for name in args.accounts]
    else:
        accounts = book.for_get_all()
        if not accounts:
            raise HongyanError(
                "There are no accounts to fetch. Add one with 'hongyan account add'."
            )
    passwords_store = PasswordStore()
    ask = _asker() if sys.stdin.isatty() else None
    passwords = {}
    failed: list[AccountResult] = []
    for account in accounts:
        try:
            passwords[account.name] = passwords_store.obtain(account, "pop3", ask=ask)
        except HongyanError as exc:
            from hongyan.core.sync import AccountResult as Result

            failed.append(Result(account.name, ok=False, error=exc))
    for message in passwords_store.messages:
        print(f"hongyan: {message}", file=ctx.err)
    ready = [a for a in accounts if a.name in passwords]
    bar = _ProgressBar(ctx.err) if ctx.err.isatty() and not args.dry_run else None
    own = frozenset(identity.address.lower() for _account, identity in book.senders())
    options = FetchOptions(log_dir=ensure_dir(ctx.paths.log_dir), own_addresses=own)
    with Store.open(ctx.settings.store_path, create=True) as store:
        results = fetch_accounts(
            ready,
            store,
            passwords,
            progress=bar.update if bar else None,
            dry_run=args.dry_run,
            options=options,
        )
    if bar:
        bar.finish()
    by_name = {r.account: r for r in [*results, *failed]}
    for account in accounts:
        result = by_name[account.name]
        if args.dry_run and result.ok:
            _print_plan(result, ctx.out)
        else:
            print(result.summary, file=ctx.out)
        for warning in result.warnings:
            print(f"  note: {warning}", file=ctx.out)
    return 0 if all(r.ok for r in by_name.values()) else 1


def _asker() -> Any:
    import getpass

    return getpass.getpass


def _print_plan(result: AccountResult, out: TextIO) -> None:
    downloads = [p for p in result.planned if p.action != "delete"]
    deletions = [p for p in result.planned if p.action == "delete"]
    print(
        f"{result.account}: {result.on_server} on the server; would download "
        f"{sum(p.action == 'download' for p in downloads)}, "
        f"delete {len(deletions)} from the server",
        file=out,
    )
    for p in result.planned:
        key = p.key.replace("\0", " ")
        print(
            f"  {p.action:<12} #{p.number:<6} {p.size:>10} bytes  uidl {key}: {p.reason}", file=out
        )


class _ProgressBar:
    """One line on a terminal: messages and megabytes over all accounts."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.lock = threading.Lock()
        self.state: dict[str, Progress] = {}
        self.shown = 0.0

    def update(self, progress: Progress) -> None:
        import time

        with self.lock:
            self.state[progress.account] = progress
            now = time.monotonic()
            finished = progress.messages_done == progress.messages_total
            if now - self.shown < 0.1 and not finished:
                return
            self.shown = now
            done = sum(p.messages_done for p in self.state.values())
            total = sum(p.messages_total for p in self.state.values())
            mb_done = sum(p.bytes_done for p in self.state.values()) / 1_048_576
            mb_total = sum(p.bytes_total for p in self.state.values()) / 1_048_576
            width = 30
            filled = int(width * done / total) if total else width
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} messages, "
                f"{mb_done:.1f}/{mb_total:.1f} MB "
            )
            self.stream.flush()

    def finish(self) -> None:
        if self.state:
            self.stream.write("\n")
            self.stream.flush()
