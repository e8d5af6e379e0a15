"""``hongyan template``: the templates in the store's Templates folder.

    hongyan template add NAME --subject TEXT (--body TEXT | --body-file FILE) [--replace]
    hongyan template list
    hongyan template show NAME
    hongyan template remove NAME
    hongyan template placeholders

Use one with ``hongyan send --template NAME`` or ``hongyan reply ID --template NAME``; an
account answers new mail with one after ``hongyan autoreply ACCOUNT --template NAME``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from hongyan.commands import Context

if TYPE_CHECKING:
    from hongyan.core.accounts import Identity


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "template",
        help="saved messages to start from, with {{placeholders}}",
        description="Templates live as messages in the store's Templates folder. Their "
        "subject and text may hold placeholders such as {{recipient_name}} and {{date}}, "
        "filled when the template is used (see: hongyan template placeholders).",
        allow_abbrev=False,
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add", help="save a new template", allow_abbrev=False,
        description="Save a template. Placeholders are written {{name}}.",
    )  # fmt: skip
    add.add_argument("name", metavar="NAME", help="what to call it (any language)")
    add.add_argument("--subject", required=True, help="the subject; may hold placeholders")
    body = add.add_mutually_exclusive_group(required=True)
    body.add_argument("--body", metavar="TEXT", help="the text; may hold placeholders")
    body.add_argument(
        "--body-file", metavar="FILE", help="read the text from FILE (UTF-8; - is stdin)"
    )
    add.add_argument(
        "--replace", action="store_true", help="replace the template of that name if it exists"
    )
    add.set_defaults(handler=handle_add)

    listing = actions.add_parser("list", help="list the templates", allow_abbrev=False)
    listing.set_defaults(handler=handle_list)

    show = actions.add_parser("show", help="show a template's subject and text", allow_abbrev=False)
    show.add_argument("name", metavar="NAME", help="the template's name (any case)")
    show.set_defaults(handler=handle_show)

    remove = actions.add_parser("remove", help="move a template to Trash", allow_abbrev=False)
    remove.add_argument("name", metavar="NAME", help="the template's name (any case)")
    remove.set_defaults(handler=handle_remove)

    names = actions.add_parser(
        "placeholders", help="list the placeholders a template can use", allow_abbrev=False
    )
    names.set_defaults(handler=handle_placeholders)


def _identity(ctx: Context) -> tuple[str | None, Identity | None]:
    """The default account and its identity (a template's From), if there is an account."""
    from hongyan.core.accounts import AccountBook

    account = AccountBook.load(ctx.paths).default()
    return (account.name, account.primary_identity) if account else (None, None)


def handle_add(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.commands.send import _open_store, _read_body
    from hongyan.core.message.compose import Draft
    from hongyan.core.templates import Templates, unknown_placeholders

    draft = Draft(subject=args.subject, body=_read_body(args))
    account, identity = _identity(ctx)
    with _open_store(ctx) as store:
        Templates(store).save(
            args.name, draft, identity, account=account, replace_existing=args.replace
        )
    print(f"Saved the template “{args.name.strip()}”.", file=ctx.out)
    unknown = unknown_placeholders(draft.subject + "\n" + draft.body)
    if unknown:
        print(f"hongyan: warning: Hongyan does not know {', '.join(unknown)}; see "
              "hongyan template placeholders.", file=ctx.err)  # fmt: skip
    return 0


def handle_list(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.commands.send import _open_store
    from hongyan.core.templates import Templates

    with _open_store(ctx) as store:
        found = Templates(store).list()
    if not found:
        print("There are no templates yet; add one with hongyan template add.", file=ctx.out)
    for template in found:
        print(f"{template.name}\t{template.subject}", file=ctx.out)
    return 0


def handle_show(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.commands.send import _open_store
    from hongyan.core.templates import Templates, unknown_placeholders

    with _open_store(ctx) as store:
        template = Templates(store).get(args.name)
    draft = template.draft
    print(f"Name: {template.name}", file=ctx.out)
    for label, values in (("To", draft.to), ("Cc", draft.cc), ("Bcc", draft.bcc)):
        if values:
            print(f"{label}: {', '.join(values)}", file=ctx.out)
    print(f"Subject: {draft.subject}", file=ctx.out)
    for attachment in draft.attachments:
        print(f"Attachment: {attachment.filename}", file=ctx.out)
    print("", file=ctx.out)
    print(draft.body, end="" if draft.body.endswith("\n") else "\n", file=ctx.out)
    unknown = unknown_placeholders(draft.subject + "\n" + draft.body)
    if unknown:
        print(f"hongyan: warning: unknown placeholders: {', '.join(unknown)}", file=ctx.err)
    return 0


def handle_remove(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.commands.send import _open_store
    from hongyan.core.templates import Templates

    with _open_store(ctx) as store:
        templates = Templates(store)
        name = templates.get(args.name).name
        templates.remove(name)
    print(f"Moved the template “{name}” to Trash.", file=ctx.out)
    return 0


def handle_placeholders(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.templates import PLACEHOLDERS

    for placeholder in PLACEHOLDERS:
        print(f"{placeholder.token:<24} {placeholder.label}", file=ctx.out)
    return 0
