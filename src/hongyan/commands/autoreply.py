"""``hongyan autoreply``: an account's "Automatic reply" switch.

    hongyan autoreply                              which accounts answer new mail, with what
    hongyan autoreply ACCOUNT --template NAME      answer new mail with template NAME
    hongyan autoreply ACCOUNT --off                stop

New mail is answered when a fetch brings it (``hongyan fetch`` or the app's Get Mail); the
replies wait in the Outbox until it is sent. Machine mail (lists, bounces, other automatic
replies, no-reply senders), Junk and your own addresses are never answered, and a sender at
most once in 7 days (docs/sending.md).
"""

from __future__ import annotations

import argparse
import dataclasses

from hongyan.commands import Context
from hongyan.core.errors import HongyanError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "autoreply",
        help="answer an account's new mail automatically with a template",
        description="Switch an account's automatic reply on (with a template) or off; "
        "without options, show which accounts have it on.",
        allow_abbrev=False,
    )
    parser.add_argument("account", nargs="?", metavar="ACCOUNT", help="the account to change")
    switch = parser.add_mutually_exclusive_group()
    switch.add_argument(
        "--template", metavar="NAME", help="answer new mail with this template (switch on)"
    )
    switch.add_argument("--off", action="store_true", help="stop answering automatically")
    parser.set_defaults(handler=handle_autoreply)


def handle_autoreply(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.commands.send import _open_store
    from hongyan.core.accounts import AccountBook
    from hongyan.core.templates import Templates, unknown_placeholders

    book = AccountBook.load(ctx.paths)
    if args.account is None:
        if args.template or args.off:
            raise HongyanError("Name the account: hongyan autoreply ACCOUNT --template NAME.")
        for account in book:
            state = (
                f"on, template “{account.auto_reply_template}”"
                if (account.auto_reply_template)
                else "off"
            )
            print(f"{account.name}: automatic reply {state}", file=ctx.out)
        return 0
    account = book.get(args.account)
    if not args.template and not args.off:
        state = account.auto_reply_template or "off"
        print(f"{account.name}: automatic reply {state}", file=ctx.out)
        return 0
    name = ""
    if args.template:
        with _open_store(ctx) as store:
            template = Templates(store).get(args.template)
        unknown = unknown_placeholders(template.draft.subject + "\n" + template.draft.body)
        if unknown:
            raise HongyanError(
                f"The template “{template.name}” has placeholders Hongyan does not know "
                f"({', '.join(unknown)}); an automatic reply would not be sent. Fix it first."
            )
        name = template.name
    book.update(dataclasses.replace(account, auto_reply_template=name))
    book.save()
    if name:
        print(f"{account.name} now answers new mail with the template “{name}”.", file=ctx.out)
    else:
        print(f"{account.name} no longer answers new mail automatically.", file=ctx.out)
    return 0
