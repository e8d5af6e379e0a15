"""``hongyan reply``: answer a message in the store, with a template or a text of your own.

    hongyan reply ID (--template NAME | --body TEXT | --body-file FILE) [--all]
                  [--account A] [--from ADDR] [--attach FILE]... [--at TIME] [--queue-only]
                  [--force]

The reply is written as the desktop app writes it: to the author (Reply-To first), quoting
the original below an attribution line, threaded (In-Reply-To, References), from the identity
the original was addressed to. With ``--template`` the template's text goes above the quote,
its placeholders filled for the person answered. The original is marked answered once the
reply is in the Outbox; exit statuses are those of ``hongyan send``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hongyan.commands import Context
from hongyan.commands.send import add_template_options
from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.core.accounts import Account, AccountBook, Identity
    from hongyan.core.message.compose import Draft
    from hongyan.core.store import Store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reply",
        help="reply to a message in the store (hongyan list shows the ids)",
        description="Reply to message ID with a template or a text, quoting the original.",
        allow_abbrev=False,
    )
    parser.add_argument("id", type=int, metavar="ID", help="the message to answer")
    parser.add_argument(
        "--all", action="store_true", help="reply to all: the original's To and Cc in Cc"
    )
    body = parser.add_mutually_exclusive_group()
    body.add_argument("--body", metavar="TEXT", help="your text, above the quote")
    body.add_argument("--body-file", metavar="FILE", help="read your text from FILE (UTF-8)")
    parser.add_argument("--account", help="the account to send with (default: the one that "
                        "received it)")  # fmt: skip
    parser.add_argument(
        "--from", dest="from_address", metavar="ADDR", help="answer as this address"
    )
    parser.add_argument(
        "--attach", action="append", default=[], metavar="FILE", help="attach FILE; repeatable"
    )
    parser.add_argument(
        "--queue-only", action="store_true", help="only put it in the Outbox; send later"
    )
    add_template_options(parser)
    parser.set_defaults(handler=handle_reply)


def handle_reply(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.commands.send import _book, _open_store, parse_at, submit
    from hongyan.core.message.compose import Attachment, build_message

    if not args.template and args.body is None and args.body_file is None:
        raise HongyanError("Give --template NAME, --body TEXT or --body-file FILE.")
    send_at = parse_at(args.at)
    book = _book(ctx)
    with _open_store(ctx) as store:
        data = store.read_bytes(args.id)
        received_with = store.get(args.id).account
        draft, account, identity = _reply_draft(args, ctx, book, store, data, received_with)
    draft.attachments += [Attachment.from_path(path) for path in args.attach]
    message = build_message(draft, identity)
    status = submit(
        ctx, book, account, message, draft.subject, queue_only=args.queue_only, send_at=send_at
    )
    with _open_store(ctx) as store:  # it is in the Outbox: the original counts as answered
        store.set_flags([args.id], add="R")
    return status


def _reply_draft(
    args: argparse.Namespace,
    ctx: Context,
    book: AccountBook,
    store: Store,
    data: bytes,
    received_with: str | None,
) -> tuple[Draft, Account, Identity]:
    """The reply's draft, and the account and identity that send it."""
    from hongyan.commands.send import _read_body, _sender, check_placeholders, language
    from hongyan.core.message.reply import addressed_to, reply
    from hongyan.core.templates import Templates, reply_with

    if args.account or args.from_address:
        account, identity = _sender(book, args.account, args.from_address)
    else:
        chosen = book.sender_for_reply(addressed_to(data), received_with)
        if chosen is None:
            raise HongyanError("There is no account yet; add one with hongyan account add.")
        account, identity = chosen
    own = [i.address for _account, i in book.senders()]
    if args.template:
        template = Templates(store).get(args.template)
        if args.body is not None or args.body_file is not None:
            template.draft.body = _read_body(args)
        use = reply_with(
            template, data, identity, signature=identity.signature, to_all=args.all,
            own_addresses=own, language=language(ctx),
        )  # fmt: skip
        check_placeholders(use, args.force, ctx)
        return use.draft, account, identity
    draft = reply(data, identity, to_all=args.all, own_addresses=own, language=language(ctx))
    draft.body = _read_body(args).rstrip("\n") + "\n" + draft.body
    draft.signature = identity.signature
    return draft, account, identity
