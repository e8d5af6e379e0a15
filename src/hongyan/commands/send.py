"""``hongyan send`` and ``hongyan outbox``: write a message into the Outbox, and drain it.

    hongyan send [--account A] [--from ADDR] --to X [--cc ..] [--bcc ..] --subject S
                 (--body TEXT | --body-file F) [--attach FILE]... [--queue-only]
                 [--template NAME [--force]] [--at "YYYY-MM-DD HH:MM"] [--password-stdin]
    hongyan outbox [--flush | --resend ID | --mark-sent ID | --send-now ID]
                   [--password-stdin [--account A]]

``send`` first stores the message in the Outbox (so it is safe whatever happens next), then
sends everything that is due, unless ``--queue-only`` or ``--at`` (it waits until then). A
message that could not go stays in the Outbox with its error; ``hongyan outbox`` lists them
(with the time a scheduled one waits for), ``--flush`` tries again now.

``--template NAME`` takes the subject and text from a template (``hongyan template``), its
placeholders filled for the first To address; ``--subject`` and ``--body`` override them. A
placeholder Hongyan does not know is refused unless ``--force`` (then it goes as written).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from hongyan.commands import Context
from hongyan.commands.passwords import add_stdin_option
from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from email.message import EmailMessage

    from hongyan.core.accounts import Account, AccountBook, Identity, ServerSettings
    from hongyan.core.message.compose import Draft
    from hongyan.core.outbox import FlushReport, Outbox, Route
    from hongyan.core.secrets import Secret
    from hongyan.core.smtp import Login
    from hongyan.core.store import Store
    from hongyan.core.templates import TemplateUse

EXIT_NOT_SENT = 75  # EX_TEMPFAIL: the message is safe in the Outbox but has not gone yet


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    send = subparsers.add_parser(
        "send",
        help="send a message (it waits in the Outbox until the server has it)",
        description="Compose a message, put it in the Outbox, and send the Outbox.",
        allow_abbrev=False,  # --at must never be read as --attach
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
    send.add_argument("--subject", help="the subject (required unless --template gives it)")
    body = send.add_mutually_exclusive_group()
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
    add_template_options(send)
    add_stdin_option(
        send,
        "read the SMTP password of the sending account from the first line of standard "
        "input (for this run only)",
    )
    send.set_defaults(handler=handle_send)

    outbox = subparsers.add_parser(
        "outbox",
        help="list the messages waiting in the Outbox, or send them now",
        description="List the Outbox with each message's state and last error, and the time "
        "a message sent later waits for.",
        allow_abbrev=False,
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
    actions.add_argument(
        "--send-now", type=int, metavar="ID",
        help="send a message waiting for its time (--at) now, and flush",
    )  # fmt: skip
    add_stdin_option(
        outbox,
        "when sending (--flush, --resend, --send-now): read the SMTP password of --account "
        "from the first line of standard input (for this run only)",
    )
    outbox.add_argument(
        "--account",
        help="the account whose password --password-stdin gives (default: the default one)",
    )
    outbox.set_defaults(handler=handle_outbox)


def add_template_options(parser: argparse.ArgumentParser) -> None:
    """--template, --force and --at, shared by send and reply."""
    parser.add_argument(
        "--template",
        metavar="NAME",
        help="take the subject and text from this template (see hongyan template list), "
        "placeholders filled for the first To address",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="send even when the text has a {{placeholder}} Hongyan does not know",
    )
    parser.add_argument(
        "--at",
        metavar="'YYYY-MM-DD HH:MM'",
        help="send later: keep it in the Outbox until this local time",
    )


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


def parse_at(text: str | None, now: datetime | None = None) -> float | None:
    """``--at "YYYY-MM-DD HH:MM"`` (local time) as Unix seconds; a time already past (more
    than a minute ago) is refused: leave out --at to send now."""
    if text is None:
        return None
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            moment = datetime.strptime(text.strip(), pattern)
            break
        except ValueError:
            continue
    else:
        raise HongyanError(f'--at: {text!r} is not a time like "2026-12-08 09:00".')
    when = moment.timestamp()
    current = (now or datetime.now()).timestamp()
    if when < current - 60:
        raise HongyanError(f"--at: {text} has passed; leave out --at to send now.")
    return when


def language(ctx: Context) -> str:
    """The interface language for dates and courtesy forms in templates (setting language)."""
    from hongyan.core.templates.placeholders import language_for

    return language_for(str(ctx.settings.get("language")))


def check_placeholders(use: TemplateUse, force: bool, ctx: Context) -> None:
    """Refuse unknown placeholders unless forced; warn about placeholders with no value."""
    if use.unknown and not force:
        raise HongyanError(
            f"The text has placeholders Hongyan does not know: {', '.join(use.unknown)}. "
            "Fix the template (see hongyan template show), or add --force to send them as "
            "written."
        )
    for name in use.missing:
        print(f"hongyan: warning: nothing is known for {{{{{name}}}}}; it was left empty.",
              file=ctx.err)  # fmt: skip


def submit(
    ctx: Context,
    book: AccountBook,
    account: Account,
    message: EmailMessage,
    subject: str,
    *,
    queue_only: bool,
    send_at: float | None,
    given: tuple[Account, Secret] | None = None,
) -> int:
    """Queue ``message`` (for ``send_at`` when given) and, unless asked not to, send the
    Outbox; the exit status of send and reply. ``given``: see :func:`_route`."""
    from hongyan.core.outbox import Outbox
    from hongyan.core.sendlater import local_time_text

    with _open_store(ctx) as store:
        outbox = Outbox(store)
        store_id = outbox.queue(message, account.name, send_at=send_at)
        if send_at is not None:
            print(f"Put “{subject}” in the Outbox (message {store_id}); it will be sent at "
                  f"{local_time_text(send_at)} by Hongyan running then, or by the first "
                  "hongyan outbox --flush after it.", file=ctx.out)  # fmt: skip
            return 0
        print(f"Put “{subject}” in the Outbox (message {store_id}).", file=ctx.out)
        if queue_only:
            return 0
        report = outbox.flush(_route(book, ctx, given))
        _print_report(report, ctx)
        if any(entry.id == store_id for entry, _result in report.sent):
            return 0
        print(f"Message {store_id} is safe in the Outbox; see hongyan outbox.", file=ctx.err)
        return EXIT_NOT_SENT


# --- handlers -----------------------------------------------------------------------------


def handle_send(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.message.compose import Attachment, Draft, build_message

    if args.password_stdin and args.body_file == "-":
        raise HongyanError(
            "--password-stdin and --body-file - both read standard input; "
            "give the text in a file or with --body."
        )
    book = _book(ctx)
    account, identity = _sender(book, args.account, args.from_address)
    send_at = parse_at(args.at)
    sends_now = not args.queue_only and send_at is None
    given = _stdin_password(args, account) if sends_now else None
    if args.template:
        draft = _from_template(args, ctx, identity)
    else:
        if args.subject is None or (args.body is None and args.body_file is None):
            raise HongyanError("Give --subject and --body (or --body-file), or --template.")
        draft = Draft(subject=args.subject, body=_read_body(args), signature=identity.signature)
    draft.to, draft.cc, draft.bcc = args.to or draft.to, args.cc or draft.cc, args.bcc or draft.bcc
    draft.attachments += [Attachment.from_path(path) for path in args.attach]
    message = build_message(draft, identity)
    return submit(
        ctx, book, account, message, draft.subject, queue_only=args.queue_only, send_at=send_at,
        given=given,
    )  # fmt: skip


def _from_template(args: argparse.Namespace, ctx: Context, identity: Identity) -> Draft:
    """The draft of ``send --template``: the template's subject and text, or the ones given
    on the command line, every placeholder filled for the first To address."""
    from hongyan.core.templates import Templates, new_message

    with _open_store(ctx) as store:
        template = Templates(store).get(args.template)
    if args.subject is not None:
        template.draft.subject = args.subject
    if args.body is not None or args.body_file is not None:
        template.draft.body = _read_body(args)
        template.draft.html = None
    use = new_message(
        template, identity, signature=identity.signature, to=args.to, language=language(ctx)
    )
    check_placeholders(use, args.force, ctx)
    return use.draft


def _describe(outbox: Outbox, ctx: Context) -> None:
    from hongyan.core.sendlater import local_time_text

    entries = outbox.entries()
    if not entries:
        print("The Outbox is empty.", file=ctx.out)
        return
    now = time.time()
    for entry in entries:
        state = entry.state
        if entry.send_at is not None and entry.send_at > now and state in ("queued", "retry"):
            state = "at " + local_time_text(entry.send_at)
        elif state == "retry" and entry.next_attempt:
            when = datetime.fromtimestamp(entry.next_attempt).strftime("%H:%M")
            state = f"retry at {when}"
        print(f"{entry.id:>6}  {state:<19} {entry.account or '-':<12} {entry.to[:40]:<40}  "
              f"{entry.subject[:50]}", file=ctx.out)  # fmt: skip
        if entry.last_error:
            print(f"        {entry.last_error}", file=ctx.out)


def handle_outbox(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.outbox import Outbox

    sending = args.flush or args.resend is not None or args.send_now is not None
    if args.password_stdin and not sending:
        raise HongyanError("--password-stdin goes with --flush, --resend or --send-now.")
    if args.account and not args.password_stdin:
        raise HongyanError("--account names the account of --password-stdin; give both.")
    given = (
        _stdin_password(args, _choose(_book(ctx), args.account)) if args.password_stdin else None
    )
    with _open_store(ctx) as store:
        outbox = Outbox(store)
        if args.mark_sent is not None:
            outbox.mark_sent(args.mark_sent)
            print(f"Moved message {args.mark_sent} to Sent without sending it.", file=ctx.out)
            return 0
        if args.resend is not None:
            outbox.resend(args.resend)
        if args.send_now is not None:
            outbox.send_now(args.send_now)
        if sending:
            report = outbox.flush(_route(_book(ctx), ctx, given), force=True)
            _print_report(report, ctx)
            if report.busy or report.problems or report.waiting:
                return EXIT_NOT_SENT
            return 0
        _describe(outbox, ctx)
        return 0
