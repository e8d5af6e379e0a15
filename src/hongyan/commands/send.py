"""``hongyan send`` and ``hongyan outbox``: write a message into the Outbox, and drain it.

    hongyan send [--account A] [--from ADDR] --to X [--cc ..] [--bcc ..] --subject S
                 (--body TEXT | --body-file F) [--attach FILE]... [--queue-only]
                 [--password-stdin]
    hongyan outbox [--flush | --resend ID | --mark-sent ID] [--password-stdin [--account A]]

``send`` first stores the message in the Outbox (so it is safe whatever happens next), then
sends everything that is due, unless ``--queue-only``. A message that could not go stays in
the Outbox with its error; ``hongyan outbox`` lists them, ``--flush`` tries again now.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hongyan.commands import Context
from hongyan.commands.passwords import add_stdin_option
from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.core.accounts import Account, AccountBook, Identity, ServerSettings
    from hongyan.core.outbox import FlushReport, Outbox, Route
    from hongyan.core.secrets import Secret
    from hongyan.core.smtp import Login
    from hongyan.core.store import Store

EXIT_NOT_SENT = 75  # EX_TEMPFAIL: the message is safe in the Outbox but has not gone yet


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    send = subparsers.add_parser(
        "send",
        help="send a message (it waits in the Outbox until the server has it)",
        description="Compose a message, put it in the Outbox, and send the Outbox.",
    )
    send.add_argument("--account", help="the account to send from (default: the default one)")
    send.add_argument(
        "--from",
        dest="from_address",
        metavar="ADDR",
        help="send as this address: an account's or one of its identities "
        "(see hongyan account identity)",
    )
    for name, what in (("to", "To"), ("cc", "Cc"), ("bcc", "Bcc (hidden from the others)")):
        send.add_argument(
            f"--{name}", action="append", default=[], metavar="ADDRESS", help=f"{what}; repeatable"
        )
    send.add_argument("--subject", required=True, metavar="TEXT", help="the subject")
    body = send.add_mutually_exclusive_group(required=True)
    body.add_argument("--body", metavar="TEXT", help="the message text")
    body.add_argument(
        "--body-file", metavar="FILE", help="read the text from FILE (UTF-8; - is stdin)"
    )
    send.add_argument(
        "--attach", action="append", default=[], metavar="FILE", help="attach FILE; repeatable"
    )
    send.add_argument(
        "--queue-only", action="store_true", help="only put it in the Outbox; send later"
    )
    add_stdin_option(
        send,
        "read the SMTP password of the sending account from the first line of standard "
        "input (for this run only)",
    )
    send.set_defaults(handler=handle_send)

    outbox = subparsers.add_parser(
        "outbox",
        help="list the messages waiting in the Outbox, or send them now",
        description="List the Outbox with each message's state and last error.",
    )
    actions = outbox.add_mutually_exclusive_group()
    actions.add_argument("--flush", action="store_true", help="send every waiting message now")
    actions.add_argument(
        "--resend", type=int, metavar="ID",
        help="queue a failed or uncertain message again (same Message-ID) and send it",
    )  # fmt: skip
    actions.add_argument(
        "--mark-sent", type=int, metavar="ID",
        help="you know an uncertain message arrived: move it to Sent without sending",
    )  # fmt: skip
    add_stdin_option(
        outbox,
        "with --flush or --resend: read the SMTP password of --account from the first line "
        "of standard input (for this run only)",
    )
    outbox.add_argument(
        "--account",
        help="the account whose password --password-stdin gives (default: the default one)",
    )
    outbox.set_defaults(handler=handle_outbox)


# --- helpers ------------------------------------------------------------------------------


def _open_store(ctx: Context) -> Store:
    from hongyan.core.store import Store

    return Store.open(ctx.settings.store_path, create=True)


def _book(ctx: Context) -> AccountBook:
    from hongyan.core.accounts import AccountBook

    return AccountBook.load(ctx.paths)


def _choose(book: AccountBook, name: str | None) -> Account:
    if name:
        return book.get(name)
    account = book.default()
    if account is None:
        raise HongyanError("There is no account yet; add one with hongyan account add.")
    return account


def _sender(
    book: AccountBook, account_name: str | None, address: str | None
) -> tuple[Account, Identity]:
    """The account that sends (its SMTP server) and the identity written in From."""
    if address and not account_name:
        return book.sender(address)
    account = _choose(book, account_name)
    return account, account.identity(address or None)


def _route(book: AccountBook, ctx: Context, given: tuple[Account, Secret] | None = None) -> Route:
    """Account name → (server, login); asks for a missing password only on a terminal.

    ``given`` is the account and password read by ``--password-stdin``, used for this run.
    """
    from hongyan.commands.passwords import print_advice
    from hongyan.core.secrets import PasswordMissing, PasswordStore
    from hongyan.core.smtp import login_for

    passwords = PasswordStore()
    if given is not None:
        passwords.use(given[0], "smtp", given[1])
    cache: dict[str, tuple[ServerSettings, Login | None]] = {}
    can_ask = sys.stdin.isatty() and given is None

    def ask(prompt: str) -> str:
        import getpass

        return getpass.getpass(prompt)

    def print_messages() -> None:
        for message in passwords.messages:
            print(f"hongyan: {message}", file=ctx.err)
        passwords.messages.clear()

    def route(name: str) -> tuple[ServerSettings, Login | None]:
        if name not in cache:
            account = book.get(name)
            secret = None
            if account.smtp_auth:
                try:
                    secret = passwords.obtain(account, "smtp", ask if can_ask else None)
                except PasswordMissing:
                    print_messages()
                    print_advice(account, "smtp", passwords, ctx.err)
                    raise
                print_messages()
            cache[name] = (account.smtp, login_for(account, secret))
        return cache[name]

    return route


def _stdin_password(args: argparse.Namespace, account: Account) -> tuple[Account, Secret] | None:
    """The account and the password ``--password-stdin`` gives, if it was used."""
    from hongyan.commands.passwords import read_stdin_password

    if not args.password_stdin:
        return None
    return account, read_stdin_password()


def _print_report(report: FlushReport, ctx: Context) -> None:
    for line in report.lines():
        print(line, file=ctx.out)


def _read_body(args: argparse.Namespace) -> str:
    if args.body is not None:
        return str(args.body)
    source = str(args.body_file)
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise HongyanError(f"Cannot read {source}: {exc.strerror or exc}.") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HongyanError(
            f"{source} is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8."
        ) from exc


# --- handlers -----------------------------------------------------------------------------


def handle_send(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.message.compose import Attachment, Draft, build_message
    from hongyan.core.outbox import Outbox

    if args.password_stdin and args.body_file == "-":
        raise HongyanError(
            "--password-stdin and --body-file - both read standard input; "
            "give the text in a file or with --body."
        )
    book = _book(ctx)
    account, identity = _sender(book, args.account, args.from_address)
    given = None if args.queue_only else _stdin_password(args, account)
    draft = Draft(
        to=args.to,
        cc=args.cc,
        bcc=args.bcc,
        subject=args.subject,
        body=_read_body(args),
        attachments=[Attachment.from_path(path) for path in args.attach],
        signature=identity.signature,
    )
    message = build_message(draft, identity)
    with _open_store(ctx) as store:
        outbox = Outbox(store)
        store_id = outbox.queue(message, account.name)
        print(f"Put “{draft.subject}” in the Outbox (message {store_id}).", file=ctx.out)
        if args.queue_only:
            return 0
        report = outbox.flush(_route(book, ctx, given))
        _print_report(report, ctx)
        if any(entry.id == store_id for entry, _result in report.sent):
            return 0
        print(f"Message {store_id} is safe in the Outbox; see hongyan outbox.", file=ctx.err)
        return EXIT_NOT_SENT


def _describe(outbox: Outbox, ctx: Context) -> None:
    entries = outbox.entries()
    if not entries:
        print("The Outbox is empty.", file=ctx.out)
        return
    for entry in entries:
        state = entry.state
        if state == "retry" and entry.next_attempt:
            when = datetime.fromtimestamp(entry.next_attempt).strftime("%H:%M")
            state = f"retry at {when}"
        print(f"{entry.id:>6}  {state:<16} {entry.account or '-':<12} {entry.to[:40]:<40}  "
              f"{entry.subject[:50]}", file=ctx.out)  # fmt: skip
        if entry.last_error:
            print(f"        {entry.last_error}", file=ctx.out)


def handle_outbox(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.outbox import Outbox

    sending = args.flush or args.resend is not None
    if args.password_stdin and not sending:
        raise HongyanError("--password-stdin goes with --flush or --resend.")
    if args.account and not args.password_stdin:
        raise HongyanError("--account names the account of --password-stdin; give both.")
    given = None
    if args.password_stdin:
        book = _book(ctx)
        given = _stdin_password(args, _choose(book, args.account))
    with _open_store(ctx) as store:
        outbox = Outbox(store)
        if args.mark_sent is not None:
            outbox.mark_sent(args.mark_sent)
            print(f"Moved message {args.mark_sent} to Sent without sending it.", file=ctx.out)
            return 0
        if args.resend is not None:
            outbox.resend(args.resend)
        if sending:
            report = outbox.flush(_route(_book(ctx), ctx, given), force=True)
            _print_report(report, ctx)
            if report.busy or report.problems or report.waiting:
                return EXIT_NOT_SENT
            return 0
        _describe(outbox, ctx)
        return 0
