"""``hongyan contact …``, ``hongyan customer``, ``hongyan new-senders``: the address book and
each customer's correspondence from the command line.

Output is a contract for scripts, as in store.py: one item a line, tab-separated, no header.

- ``contact list``: id, name, company, preferred address, groups (comma-separated)
- ``customer X``: a summary block (``Label: value`` lines), a blank line, then the messages
  as ``hongyan list`` prints them (id, date, from, subject) with a fifth column ``in``/``out``
- ``new-senders``: the messages as ``hongyan search`` prints them (id, date, from, subject,
  folder)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hongyan.commands import Context
from hongyan.commands.store import DEFAULT_LIST_LIMIT, message_line, open_store
from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.core.contacts import Contact
    from hongyan.core.contacts.customer import AnswerTimes, CustomerFile


def register(subparsers: Any) -> None:
    """Add ``contact``, ``customer`` and ``new-senders``."""
    contact = subparsers.add_parser(
        "contact", help="the address book: add, list, show, edit, remove, import, export"
    )
    actions = contact.add_subparsers(title="actions", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a contact", allow_abbrev=False)
    add.add_argument("--name", required=True, help="full name, e.g. 张伟 or Wei Zhang")
    _card_options(add)
    add.set_defaults(handler=cmd_add)

    listing = actions.add_parser(
        "list",
        help="list contacts: id, name, company, preferred address, groups",
        allow_abbrev=False,
    )
    listing.add_argument("--group", metavar="G", help="only the contacts in group G")
    listing.add_argument("--company", metavar="C", help="only the people of company C")
    listing.set_defaults(handler=cmd_list)

    show = actions.add_parser("show", help="show a contact's card", allow_abbrev=False)
    show.add_argument("who", metavar="ID|ADDR", help="a contact id or one of its addresses")
    show.set_defaults(handler=cmd_show)

    edit = actions.add_parser(
        "edit",
        help="change a contact (an option given replaces that field; '' clears it)",
        allow_abbrev=False,
    )
    edit.add_argument("id", metavar="ID", help="the contact's id (see: hongyan contact list)")
    edit.add_argument("--name", help="full name")
    _card_options(edit)
    edit.add_argument(
        "--add-email", action="append", default=[], metavar="ADDR", help="add an address"
    )
    edit.add_argument(
        "--remove-email", action="append", default=[], metavar="ADDR", help="remove an address"
    )
    edit.add_argument(
        "--add-group", action="append", default=[], metavar="G", help="put in group G"
    )
    edit.add_argument(
        "--remove-group", action="append", default=[], metavar="G", help="take out of group G"
    )
    edit.set_defaults(handler=cmd_edit)

    remove = actions.add_parser("remove", help="delete a contact", allow_abbrev=False)
    remove.add_argument("id", metavar="ID", help="the contact's id")
    remove.set_defaults(handler=cmd_remove)

    merge = actions.add_parser(
        "merge", help="merge duplicate contacts into the first one", allow_abbrev=False
    )
    merge.add_argument("ids", nargs="+", metavar="ID", help="the contact to keep, then the others")
    merge.set_defaults(handler=cmd_merge)

    importer = actions.add_parser(
        "import",
        help="import contacts from a .vcf (vCard 2.1/3.0/4.0) or .csv (Outlook, Foxmail, "
        "Thunderbird) file",
        allow_abbrev=False,
    )
    importer.add_argument("file", type=Path, metavar="FILE", help="the .vcf or .csv file")
    importer.set_defaults(handler=cmd_import)

    exporter = actions.add_parser(
        "export", help="export contacts to a .vcf file", allow_abbrev=False
    )
    exporter.add_argument("file", type=Path, metavar="FILE.vcf", help="the file to write")
    exporter.add_argument("--group", metavar="G", help="only the contacts in group G")
    exporter.add_argument(
        "--vcard",
        choices=("3.0", "4.0"),
        default="3.0",
        help="vCard version (default 3.0, read by Outlook, Foxmail and phones; 4.0 for "
        "Thunderbird and CardDAV)",
    )
    exporter.set_defaults(handler=cmd_export)

    customer = subparsers.add_parser(
        "customer",
        help="a customer's file: summary, then every message to and from them",
        allow_abbrev=False,
    )
    customer.add_argument(
        "who",
        metavar="ADDR|DOMAIN|CONTACT-ID",
        help="an address, a domain (kehu.cn), a contact id, or a company name",
    )
    amount = customer.add_mutually_exclusive_group()
    amount.add_argument(
        "--limit", type=int, default=DEFAULT_LIST_LIMIT, metavar="N", help="show N messages"
    )
    amount.add_argument("--all", action="store_true", help="show every message")
    customer.set_defaults(handler=cmd_customer)

    senders = subparsers.add_parser(
        "new-senders",
        help="mail from people in no contact whom you never wrote to",
        allow_abbrev=False,
    )
    amount = senders.add_mutually_exclusive_group()
    amount.add_argument(
        "--limit", type=int, default=DEFAULT_LIST_LIMIT, metavar="N", help="show N messages"
    )
    amount.add_argument("--all", action="store_true", help="show every message")
    senders.set_defaults(handler=cmd_new_senders)


def _card_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--email",
        action="append",
        metavar="ADDR",
        help="an e-mail address (repeat for more; the first is the preferred one)",
    )
    parser.add_argument("--company", metavar="C", help="company")
    parser.add_argument("--department", metavar="D", help="department")
    parser.add_argument("--title", metavar="T", help="job title")
    parser.add_argument("--phone", metavar="P", help="work phone")
    parser.add_argument("--mobile", metavar="M", help="mobile phone")
    parser.add_argument("--fax", metavar="F", help="fax")
    parser.add_argument("--web", metavar="URL", help="web site")
    parser.add_argument("--address", metavar="TEXT", help="postal address, on one line")
    parser.add_argument("--group", action="append", metavar="G", help="a group (repeat for more)")
    parser.add_argument("--note", metavar="TEXT", help="notes")


# -- helpers --------------------------------------------------------------------------------
def _field(text: str) -> str:
    return " ".join(text.replace("\t", " ").splitlines()).strip()


def _book(ctx: Context) -> Any:
    from hongyan.core.contacts import ContactBook

    with open_store(ctx) as store:
        return ContactBook.open(store.root)


def _check_address(address: str) -> str:
    address = address.strip()
    local, at, domain = address.rpartition("@")
    if not at or not local or "." not in domain or any(c in address for c in ' <>,;"\r\n\t'):
        raise HongyanError(f"{address!r} is not an e-mail address (write it as name@example.com).")
    return address


def _apply(contact: Contact, args: argparse.Namespace) -> None:
    """Set the fields the options name (shared by add and edit)."""
    from hongyan.core.contacts import Phone, PostalAddress
    from hongyan.core.contacts.model import split_name

    if args.name is not None:
        contact.display_name = args.name.strip()
        contact.family_name, contact.given_name = split_name(args.name)
    if args.email is not None:
        contact.emails = list(dict.fromkeys(_check_address(e) for e in args.email if e.strip()))
    for name, value in (
        ("company", args.company),
        ("department", args.department),
        ("title", args.title),
        ("website", args.web),
        ("notes", args.note),
    ):
        if value is not None:
            setattr(contact, name, value.strip())
    for kind, value in (("work", args.phone), ("mobile", args.mobile), ("fax", args.fax)):
        if value is not None:
            contact.phones = [p for p in contact.phones if p.kind != kind]
            if value.strip():
                contact.phones.append(Phone(kind, value.strip()))
    if args.address is not None:
        contact.addresses = (
            [PostalAddress(street=args.address.strip())] if args.address.strip() else []
        )
    if args.group is not None:
        contact.groups = list(dict.fromkeys(g.strip() for g in args.group if g.strip()))


def _card_lines(contact: Contact) -> list[tuple[str, str]]:
    phones = {
        "work": "Phone",
        "mobile": "Mobile",
        "fax": "Fax",
        "home": "Home phone",
        "other": "Phone",
    }
    lines = [
        ("Id", contact.id),
        ("Name", contact.name),
        ("Family name", contact.family_name),
        ("Given name", contact.given_name),
        ("Company", contact.company),
        ("Department", contact.department),
        ("Title", contact.title),
    ]
    lines += [("E-mail" if n else "E-mail (preferred)", e) for n, e in enumerate(contact.emails)]
    lines += [(phones.get(p.kind, "Phone"), p.number) for p in contact.phones]
    lines += [("Address", a.one_line()) for a in contact.addresses]
    lines += [
        ("Web site", contact.website),
        ("Groups", ", ".join(contact.groups)),
        ("Notes", contact.notes),
        ("Created", contact.created),
    ]
    return [(label, value) for label, value in lines if value]


# -- contact handlers -----------------------------------------------------------------------
def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.contacts import Contact

    if not args.name.strip():
        raise HongyanError("Give the contact a name: --name NAME")
    contact = Contact()
    _apply(contact, args)
    book = _book(ctx)
    for address in contact.emails:
        for other in book.find(address):
            print(
                f"hongyan: note: {address} is also in contact {other.id} ({other.name}).",
                file=ctx.err,
            )
    saved = book.add(contact)
    print(saved.id, file=ctx.out)
    return 0


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    for contact in _book(ctx).contacts():
        if args.group is not None and not contact.in_group(args.group):
            continue
        if (
            args.company is not None
            and contact.company.casefold() != args.company.strip().casefold()
        ):
            continue
        fields = (
            contact.id,
            contact.name,
            contact.company,
            contact.preferred_email,
            ",".join(contact.groups),
        )
        print("\t".join(_field(f) for f in fields), file=ctx.out)
    return 0


def _find(book: Any, who: str) -> Contact:
    if "@" in who:
        found = book.find(who)
        if not found:
            raise HongyanError(f"No contact has the address {who}.")
        return found[0]
    return book.get(who)


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    contact = _find(_book(ctx), args.who)
    for label, value in _card_lines(contact):
        print(f"{label}: {value}", file=ctx.out)
    return 0


def cmd_edit(args: argparse.Namespace, ctx: Context) -> int:
    book = _book(ctx)
    contact = book.get(args.id).copy()
    _apply(contact, args)
    contact.emails += [_check_address(a) for a in args.add_email if not contact.has_email(a)]
    gone = {a.strip().lower() for a in args.remove_email}
    contact.emails = [e for e in contact.emails if e.lower() not in gone]
    contact.groups += [g.strip() for g in args.add_group if g.strip() and not contact.in_group(g)]
    out = {g.strip().casefold() for g in args.remove_group}
    contact.groups = [g for g in contact.groups if g.casefold() not in out]
    if not contact.name:
        raise HongyanError("A contact needs a name or an address.")
    book.update(contact)
    print(f"Changed contact {contact.id} ({contact.name}).", file=ctx.out)
    return 0


def cmd_remove(args: argparse.Namespace, ctx: Context) -> int:
    removed = _book(ctx).remove(args.id)
    print(f"Removed contact {removed.id} ({removed.name}).", file=ctx.out)
    return 0


def cmd_merge(args: argparse.Namespace, ctx: Context) -> int:
    if len(args.ids) < 2:
        raise HongyanError("Give the contact to keep and at least one to merge into it.")
    kept = _book(ctx).merge(args.ids[0], args.ids[1:])
    print(f"Merged into contact {kept.id} ({kept.name}).", file=ctx.out)
    return 0


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.contacts.transfer import import_file

    report = import_file(_book(ctx), args.file.expanduser())
    print(
        f"Imported {args.file}: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} already there.",
        file=ctx.out,
    )
    return 0


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.contacts.transfer import export_file

    count = export_file(_book(ctx), args.file.expanduser(), group=args.group, version=args.vcard)
    print(f"Exported {count} contacts to {args.file} (vCard {args.vcard}).", file=ctx.out)
    return 0


# -- the customer's file --------------------------------------------------------------------
def _own_addresses(ctx: Context, conn: Any) -> set[str]:
    """The user's addresses: every account's and identity's, and the senders of Sent."""
    from hongyan.core.accounts import AccountBook
    from hongyan.core.contacts.customer import own_addresses_of

    own = own_addresses_of(conn)
    try:
        for _account, identity in AccountBook.load(ctx.paths).senders():
            own.add(identity.address.lower())
    except HongyanError as exc:
        print(
            f"hongyan: warning: {exc} (using the senders of Sent as your addresses)", file=ctx.err
        )
    return own


def _when(seconds: int | None) -> str:
    return "-" if seconds is None else time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    hours = seconds / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} d"


def _answers(times: AnswerTimes) -> str:
    if not times.seconds:
        return "no answers yet"
    return (
        f"average {_duration(times.average)}, median {_duration(times.median)} "
        f"({len(times.seconds)} answers)"
    )


def _summary(file: CustomerFile) -> list[tuple[str, str]]:
    customer = file.customer
    who = ", ".join(sorted(customer.addresses) + [f"*@{d}" for d in sorted(customer.domains)])
    companies = sorted({c.company for c in customer.contacts if c.company})
    groups = sorted({g for c in customer.contacts for g in c.groups})
    lines = [
        ("Customer", f"{customer.label} ({who})" if who != customer.label else who),
        ("Company", ", ".join(companies)),
        ("Groups", ", ".join(groups)),
        ("Contacts", ", ".join(c.id for c in customer.contacts)),
        ("First contact", _when(file.first_contact)),
        ("Last contact", _when(file.last_contact)),
        ("Messages", f"{file.count_in} in, {file.count_out} out"),
        ("Open questions", str(len(file.open_questions))),
        ("My answer time", _answers(file.mine)),
        ("Their answer time", _answers(file.theirs)),
    ]
    return [(label, value) for label, value in lines if value]


def cmd_customer(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.contacts import ContactBook
    from hongyan.core.contacts.customer import customer_file, resolve

    if not args.all and args.limit < 0:
        raise HongyanError("--limit must be 0 or more.")
    with open_store(ctx) as store:
        customer = resolve(ContactBook.open(store.root), args.who)
        file = customer_file(
            store.connection, customer, own_addresses=_own_addresses(ctx, store.connection)
        )
    for label, value in _summary(file):
        print(f"{label}: {_field(value)}", file=ctx.out)
    print(file=ctx.out)
    entries = file.entries if args.all else file.entries[: args.limit]
    for entry in entries:
        print(f"{message_line(entry.row)}\t{entry.direction}", file=ctx.out)
    return 0


def cmd_new_senders(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.contacts import ContactBook
    from hongyan.core.contacts.customer import new_senders

    if not args.all and args.limit < 0:
        raise HongyanError("--limit must be 0 or more.")
    with open_store(ctx) as store:
        rows = new_senders(
            store.connection,
            ContactBook.open(store.root),
            own_addresses=_own_addresses(ctx, store.connection),
            limit=None if args.all else args.limit,
        )
    for row in rows:
        print(message_line(row, with_folder=True), file=ctx.out)
    return 0
