"""``hongyan fetch [ACCOUNT...] [--dry-run]``: get new mail from POP3 accounts into the store.

Exit status 0 only when every account succeeded; one summary line per account in plain words;
a progress bar on stderr when it is a terminal. ``--dry-run`` logs in and lists what the next
fetch would download and which messages it would delete from the server, and why, without
changing anything: the same plan the real run carries out. A message left on the server (too
large, a line over the cap, more data than announced) is named below its account's summary,
with how to get it where there is a way.

The command ends once the new mail is durable in the store and listed: message bodies are
indexed for search afterwards, in the background by the app, or by the next ``hongyan
search`` (which does it first; see hongyan.core.store.pending).

Only argparse is imported at start-up: accounts, keyring, the store and the POP3 code load
inside the handler, so the command starts fast (``python -X importtime -m hongyan fetch``).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from hongyan.commands.passwords import add_stdin_option

if TYPE_CHECKING:
    from hongyan.commands import Context
    from hongyan.core.accounts import Account
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
    add_stdin_option(
        parser,
        "read the password from the first line of standard input (for this run only; one account)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would be downloaded and what would be deleted from the server, and "
        "why; change nothing",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.commands.passwords import print_advice, read_stdin_password
    from hongyan.core.accounts import AccountBook
    from hongyan.core.errors import HongyanError
    from hongyan.core.paths import ensure_dir
    from hongyan.core.secrets import PasswordMissing, PasswordStore, install_log_redaction
    from hongyan.core.store import Store
    from hongyan.core.sync import FetchOptions, ensure_writable, fetch_accounts

    install_log_redaction()
    ensure_writable(ctx.settings.store_path)  # before anything else: opening it writes (E43)
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
    if args.password_stdin:
        if len(accounts) != 1:
            raise HongyanError(
                "--password-stdin gives one password: name the account "
                "(hongyan fetch ACCOUNT --password-stdin)."
            )
        passwords_store.use(accounts[0], "pop3", read_stdin_password())
    ask = _asker() if sys.stdin.isatty() and not args.password_stdin else None
    passwords = {}
    failed: list[AccountResult] = []
    missing: list[Account] = []
    for account in accounts:
        try:
            passwords[account.name] = passwords_store.obtain(account, "pop3", ask=ask)
        except HongyanError as exc:
            from hongyan.core.sync import AccountResult as Result

            failed.append(Result(account.name, ok=False, error=exc))
            if isinstance(exc, PasswordMissing):
                missing.append(account)
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
            _print_left(result, ctx.out)
        for warning in result.warnings:
            print(f"  note: {warning}", file=ctx.out)
    for account in missing:
        print_advice(account, "pop3", passwords_store, ctx.err)
    _print_pin_hints(by_name.values(), ctx.out)
    return 0 if all(r.ok for r in by_name.values()) else 1


def _print_pin_hints(results: Iterable[AccountResult], out: TextIO) -> None:
    """After a refused certificate, the command that accepts exactly that one (plan A2-A4)."""
    from hongyan.commands.accounts import pin_command
    from hongyan.core.tls import CertificateNotTrusted

    for result in results:
        error = result.error
        if isinstance(error, CertificateNotTrusted) and error.info is not None:
            pin = pin_command(result.account, "pop3", error.info.sha256)
            print(
                f"  Check the certificate (hongyan account cert {shlex.quote(result.account)}); "
                f"to accept exactly this one: {pin}",
                file=out,
            )


def _print_left(result: AccountResult, out: TextIO) -> None:
    """Each message left on the server: which one, why, and how to get it (plan G58)."""
    from hongyan.core.syncresult import megabytes

    for left in result.left_on_server:
        subject = left.subject or "(no subject)"
        sender = left.sender or "an unknown sender"
        print(
            f'  left on the server: message {left.number}, "{subject}" from {sender}, '
            f"{megabytes(left.size)}: {left.reason}",
            file=out,
        )
        if left.raise_limit_to_mb is not None:
            print(
                "    to download it, raise the account's size limit: hongyan account edit "
                f"{shlex.quote(result.account)} --max-message-mb {left.raise_limit_to_mb}",
                file=out,
            )


def _asker() -> Any:
    import getpass

    return getpass.getpass


def _print_plan(result: AccountResult, out: TextIO) -> None:
    """What the real run would do, message by message: the same plan (plan G62)."""
    downloads = sum(p.action == "download" for p in result.planned)
    deletions = sum(p.action == "delete" for p in result.planned)
    print(
        f"{result.account}: {result.on_server} on the server; would download "
        f"{downloads}, delete {deletions} from the server",
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
