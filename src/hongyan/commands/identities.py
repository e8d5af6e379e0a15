"""``hongyan account identity add|list|remove ACCOUNT``: the extra From addresses of an account.

    hongyan account identity add ACCOUNT --address ADDR [--display-name TEXT]
        [--reply-to ADDR] [--organisation TEXT] [--signature TEXT | --signature-file FILE]
    hongyan account identity list ACCOUNT [--json]
    hongyan account identity remove ACCOUNT ADDR

``add`` with the address of an existing identity changes that identity (the options left out
keep their values). Each identity sends through its account's SMTP server; choose it with
``hongyan send --from ADDR`` or in the compose window's From list.

This module is wired in by :mod:`hongyan.commands.accounts` (it has no ``register`` of its
own: identities are a part of ``hongyan account``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.commands import Context
    from hongyan.core.accounts import Account, Identity


ACCOUNT_HELP = "the account's name (see: hongyan account list)"


def add_identity_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "identity",
        help="add, list or remove the extra From addresses of an account",
        description="An identity is another name and address an account sends as, through "
        "the account's own SMTP server.",
    )
    parser.set_defaults(handler=lambda args, ctx: _usage(parser, ctx))
    actions = parser.add_subparsers(title="identity commands", metavar="ACTION")

    add = actions.add_parser("add", help="add an identity, or change the one with this address")
    add.add_argument("account", metavar="ACCOUNT", help=ACCOUNT_HELP)
    add.add_argument(
        "--address", required=True, metavar="ADDR", help="the address this identity sends as"
    )
    add.add_argument("--display-name", metavar="TEXT", help="the name shown with it in From")
    add.add_argument("--reply-to", metavar="ADDR", help="where replies go, if not to ADDR")
    add.add_argument("--organisation", metavar="TEXT", help="the Organization header")
    signature = add.add_mutually_exclusive_group()
    signature.add_argument("--signature", metavar="TEXT", help="text below your messages")
    signature.add_argument(
        "--signature-file", metavar="FILE", type=Path, help="read the signature from FILE (UTF-8)"
    )
    add.set_defaults(handler=handle_identity_add)

    listing = actions.add_parser("list", help="list the account's identities, its own first")
    listing.add_argument("account", metavar="ACCOUNT", help=ACCOUNT_HELP)
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=handle_identity_list)

    remove = actions.add_parser("remove", help="remove an identity")
    remove.add_argument("account", metavar="ACCOUNT", help=ACCOUNT_HELP)
    remove.add_argument("address", metavar="ADDR", help="the address of the identity")
    remove.set_defaults(handler=handle_identity_remove)


def _usage(parser: argparse.ArgumentParser, ctx: Context) -> int:
    parser.print_help(ctx.err)
    return 2


def _signature(args: argparse.Namespace) -> str | None:
    if args.signature_file is None:
        return None if args.signature is None else str(args.signature)
    try:
        return str(args.signature_file.read_text(encoding="utf-8-sig")).rstrip("\n")
    except OSError as exc:
        raise HongyanError(f"Cannot read {args.signature_file}: {exc.strerror or exc}.") from None
    except UnicodeDecodeError:
        raise HongyanError(f"{args.signature_file} is not UTF-8 text; save it as UTF-8.") from None


def _existing(account: Account, address: str) -> Identity | None:
    for identity in account.identities_all():
        if identity.address.lower() == address.strip().lower():
            return identity
    return None


def handle_identity_add(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.accounts import AccountBook, Identity

    book = AccountBook.load(ctx.paths)
    account = book.get(args.account)
    base = _existing(account, args.address) or Identity(address=args.address.strip())
    changes: dict[str, Any] = {
        key: getattr(args, key)
        for key in ("display_name", "reply_to", "organisation")
        if getattr(args, key) is not None
    }
    signature = _signature(args)
    if signature is not None:
        changes["signature"] = signature
    identity = dataclasses.replace(base, **changes)
    book.update(account.with_identity(identity))
    book.save()
    verb = "Changed" if _existing(account, args.address) else "Added"
    print(f"{verb} the identity {identity.label} of account '{account.name}'.", file=ctx.out)
    return 0


def handle_identity_list(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.accounts import AccountBook

    account = AccountBook.load(ctx.paths).get(args.account)
    rows = [
        {"own": number == 0, **dataclasses.asdict(identity)}
        for number, identity in enumerate(account.identities_all())
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2), file=ctx.out)
        return 0
    for row, identity in zip(rows, account.identities_all(), strict=True):
        mark = "*" if row["own"] else " "
        extra = f"  reply to {identity.reply_to}" if identity.reply_to else ""
        print(f"{mark} {identity.label}{extra}", file=ctx.out)
    return 0


def handle_identity_remove(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.accounts import AccountBook

    book = AccountBook.load(ctx.paths)
    account = book.get(args.account)
    book.update(account.without_identity(args.address))
    book.save()
    print(f"Removed the identity {args.address} from account '{account.name}'.", file=ctx.out)
    return 0
