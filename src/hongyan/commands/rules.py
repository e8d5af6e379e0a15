"""``hongyan rule list|add|remove|run|enable|disable``: message rules from the command line.

A contract for scripts (issue 17)::

    hongyan rule list
    hongyan rule add NAME [--if-from TEXT] [--if-domain DOMAIN] [--if-to TEXT]
        [--if-subject TEXT] [--if-body TEXT] [--if-account NAME] [--if-larger KB] [--any]
        (--move-to FOLDER | --copy-to FOLDER | --mark-read | --flag | --tag TAG | --delete)...
        [--stop]
    hongyan rule remove NAME
    hongyan rule run [NAME] [--folder FOLDER] [--dry-run]

and, beyond it, ``--if-header 'NAME: TEXT'``, ``--if-smaller KB``, ``--if-attachment``,
``--forward-to ADDRESS``, ``rule enable|disable NAME``. Every ``--if-*`` may be repeated;
text matches case-insensitively, Chinese included; ``--if-domain`` matches subdomains.

Output, one item a line, tab-separated:

- ``rule list``: position, name, ``on``/``off``, conditions, actions (in the rule's order)
- ``rule run``: for each message a rule matched: id, date, from, subject, rules, actions
  (with ``--dry-run``, what would be done; nothing changes). A summary goes to stderr.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hongyan.commands import Context
from hongyan.commands.store import message_line, open_store
from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.core.rules.book import RuleBook
    from hongyan.core.rules.engine import Forwarder, RunReport
    from hongyan.core.rules.model import Action, Condition, Rule
    from hongyan.core.store import Store

CONDITIONS = (
    ("--if-from", "from", "TEXT", "the sender's name or address contains TEXT"),
    ("--if-domain", "domain", "DOMAIN", "the sender's domain is DOMAIN or a subdomain of it"),
    ("--if-to", "to", "TEXT", "a To or Cc recipient contains TEXT"),
    ("--if-subject", "subject", "TEXT", "the subject contains TEXT"),
    ("--if-body", "body", "TEXT", "the message text contains TEXT"),
    ("--if-account", "account", "NAME", "the message came through the account NAME"),
    ("--if-header", "header", "'NAME: TEXT'", "the header NAME contains TEXT"),
)


class _Ordered(argparse.Action):
    """Collects actions in the order they are given (the first move wins)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        done = list(getattr(namespace, self.dest, None) or [])
        done.append((self.const, values if isinstance(values, str) else ""))
        setattr(namespace, self.dest, done)


def register(subparsers: Any) -> None:
    rule = subparsers.add_parser(
        "rule",
        help="message rules: list, add, remove, run",
        description="Rules file, mark and forward mail as it arrives, in their order.",
        allow_abbrev=False,
    )
    actions = rule.add_subparsers(title="actions", metavar="ACTION", required=True)
    lister = actions.add_parser("list", help="the rules in their order", allow_abbrev=False)
    lister.set_defaults(handler=cmd_list)

    add = actions.add_parser(
        "add",
        help="add a rule at the end of the list",
        description="Add a rule: at least one --if-* condition and one action.",
        allow_abbrev=False,
    )
    add.add_argument("name", metavar="NAME", help="the rule's name")
    for option, _field, metavar, what in CONDITIONS:
        add.add_argument(option, action="append", default=[], metavar=metavar, help=what)
    for option, what in (("--if-larger", "larger"), ("--if-smaller", "smaller")):
        add.add_argument(
            option,
            action="append",
            type=int,
            default=[],
            metavar="KB",
            help=f"the message is {what} than KB kilobytes",
        )
    add.add_argument("--if-attachment", action="store_true", help="the message has attachments")
    add.add_argument("--any", action="store_true", help="any condition is enough (default: all)")
    for option, kind, metavar, what in (
        ("--move-to", "move", "FOLDER", "move the message to FOLDER"),
        ("--copy-to", "copy", "FOLDER", "copy the message to FOLDER"),
        ("--tag", "tag", "TAG", "tag the message (not supported yet)"),
        ("--forward-to", "forward", "ADDRESS", "forward it (queued in the Outbox)"),
    ):
        add.add_argument(
            option, action=_Ordered, dest="actions", const=kind, metavar=metavar, help=what
        )
    for option, kind, what in (
        ("--mark-read", "mark_read", "mark the message as read"),
        ("--flag", "flag", "flag the message"),
        ("--delete", "delete", "move the message to Trash"),
    ):
        add.add_argument(option, action=_Ordered, dest="actions", const=kind, nargs=0, help=what)
    add.add_argument("--stop", action="store_true", help="run no further rule on the message")
    add.set_defaults(handler=cmd_add, actions=[])

    remove = actions.add_parser("remove", help="remove a rule", allow_abbrev=False)
    remove.add_argument("name", metavar="NAME", help="the rule's name")
    remove.set_defaults(handler=cmd_remove)
    for verb, on in (("enable", True), ("disable", False)):
        switch = actions.add_parser(
            verb, help=f"switch a rule {'on' if on else 'off'}", allow_abbrev=False
        )
        switch.add_argument("name", metavar="NAME", help="the rule's name")
        switch.set_defaults(handler=cmd_switch, enabled=on)

    run = actions.add_parser(
        "run",
        help="run the rules (or one) over a folder now",
        description="Run the rules that are on (or the rule NAME, even if off) over the mail "
        "of a folder, as if it had just arrived.",
        allow_abbrev=False,
    )
    run.add_argument("name", nargs="?", metavar="NAME", help="only this rule")
    run.add_argument("--folder", default="Inbox", metavar="FOLDER", help="default: Inbox")
    run.add_argument("--dry-run", action="store_true", help="show what would be done; do nothing")
    run.set_defaults(handler=cmd_run)


def _book(store: Store, ctx: Context) -> RuleBook:
    from hongyan.core.rules.book import RuleBook

    book = RuleBook.load(store.root)
    for problem in book.problems:
        print(f"hongyan: warning: {problem}", file=ctx.err)
    return book


def _field(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def describe(rule: Rule) -> tuple[str, str]:
    """The conditions and the actions of a rule, each as one line of plain words."""
    from hongyan.core.rules.model import describe_action, describe_condition

    joined = "; ".join(describe_condition(c) for c in rule.conditions)
    conditions = f"{'any' if rule.match_any else 'all'}: {joined}"
    actions: list[str] = [describe_action(a) for a in rule.actions]
    if rule.stop:
        actions.append("stop")
    return _field(conditions), _field("; ".join(actions))


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    with open_store(ctx) as store:
        book = _book(store, ctx)
    for position, rule in enumerate(book.rules, 1):
        conditions, actions = describe(rule)
        state = "on" if rule.enabled else "off"
        print(f"{position}\t{_field(rule.name)}\t{state}\t{conditions}\t{actions}", file=ctx.out)
    return 0


def _conditions(args: argparse.Namespace) -> list[Condition]:
    from hongyan.core.rules.model import Condition

    found: list[Condition] = []
    for option, field, _metavar, _what in CONDITIONS:
        for value in getattr(args, option[2:].replace("-", "_")):
            if not value.strip():
                raise HongyanError(f"{option} needs a text.")
            if field == "header":
                name, sep, text = value.partition(":")
                if not sep or not name.strip() or not text.strip():
                    raise HongyanError(f"--if-header needs 'NAME: TEXT', not '{value}'.")
                found.append(Condition(field, text.strip(), header=name.strip()))
            else:
                found.append(Condition(field, value.strip()))
    for field in ("larger", "smaller"):
        for kb in getattr(args, f"if_{field}"):
            if kb < 0:
                raise HongyanError(f"--if-{field} needs a size of 0 KB or more.")
            found.append(Condition(field, kb))
    if args.if_attachment:
        found.append(Condition("attachment"))
    return found


def _actions(args: argparse.Namespace, store: Store) -> list[Action]:
    from hongyan.core.rules.model import Action, forward_address

    found: list[Action] = []
    for kind, value in args.actions:
        if kind in ("move", "copy"):
            found.append(Action(kind, folder=store.existing_folder(value)))
        elif kind == "tag":
            raise HongyanError(
                "Tags are not supported yet, so --tag cannot be used; the other actions can."
            )
        elif kind == "forward":
            found.append(Action(kind, to=forward_address(value)))
        else:
            found.append(Action(kind))
    return found


def cmd_add(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.rules.model import Rule, check_rule

    conditions = _conditions(args)
    if not conditions:
        raise HongyanError("A rule needs a condition: --if-from, --if-domain, --if-subject …")
    if not args.actions and not args.stop:
        raise HongyanError("A rule needs an action: --move-to, --copy-to, --mark-read …")
    if not args.name.strip():
        raise HongyanError("A rule needs a name.")
    with open_store(ctx) as store:
        rule = Rule(
            args.name.strip(),
            tuple(conditions),
            tuple(_actions(args, store)),
            match_any=args.any,
            stop=args.stop,
        )
        check_rule(rule)
        book = _book(store, ctx)
        book.add(rule)
        book.save()
    print(f"Added the rule {rule.name} (number {len(book.rules)}).", file=ctx.out)
    return 0


def cmd_remove(args: argparse.Namespace, ctx: Context) -> int:
    with open_store(ctx) as store:
        book = _book(store, ctx)
        rule = book.remove(args.name)
        book.save()
    print(f"Removed the rule {rule.name}.", file=ctx.out)
    return 0


def cmd_switch(args: argparse.Namespace, ctx: Context) -> int:
    with open_store(ctx) as store:
        book = _book(store, ctx)
        book.set_enabled(args.name, args.enabled)
        book.save()
        name = book.get(args.name).name
    print(f"The rule {name} is {'on' if args.enabled else 'off'}.", file=ctx.out)
    return 0


def _forwarder(store: Store, ctx: Context, rules: list[Rule]) -> Forwarder | None:
    """Forwards go out through the account that received the message (or the default)."""
    if not any(a.action == "forward" for r in rules for a in r.actions):
        return None
    from hongyan.core.accounts import AccountBook
    from hongyan.core.rules.forward import OutboxForwarder, account_sender

    return OutboxForwarder(store, account_sender(AccountBook.load(ctx.paths)))


def cmd_run(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.rules.arrival import rules_lock
    from hongyan.core.rules.engine import run_rules

    with open_store(ctx) as store:
        folder = store.existing_folder(args.folder)
        book = _book(store, ctx)
        rules = [book.get(args.name)] if args.name else book.enabled()
        if not rules:
            print("hongyan: no rule is switched on; nothing to do.", file=ctx.err)
            return 0
        forwarder = None if args.dry_run else _forwarder(store, ctx, rules)
        with rules_lock(store.root):
            ids = list(store.all_ids(folder))
            report = run_rules(store, rules, ids, forwarder=forwarder, dry_run=args.dry_run)
    for decision in report.decisions:
        actions = "; ".join(_describe_action(a) for a in decision.actions)
        rules_text = ", ".join(decision.rules)
        line = f"{message_line(decision.row)}\t{_field(rules_text)}\t{_field(actions)}"
        print(line, file=ctx.out)
    _summary(report, ctx, dry_run=args.dry_run)
    return 1 if report.problems else 0


def _describe_action(action: Action) -> str:
    from hongyan.core.rules.model import describe_action

    return str(describe_action(action))


def _summary(report: RunReport, ctx: Context, *, dry_run: bool) -> None:
    matched = len(report.decisions)
    if dry_run:
        moving = sum(1 for d in report.decisions if d.folder and d.folder != d.row.folder)
        text = f"Would act on {matched} of {report.examined} messages ({moving} to move)."
    else:
        text = (
            f"Rules acted on {matched} of {report.examined} messages: {report.moved} moved,"
            f" {report.copied} copied, {report.forwarded} forwarded."
        )
        if report.forwarded:
            text += " The forwards wait in the Outbox: hongyan outbox --flush sends them."
    print(f"hongyan: {text}", file=ctx.err)
    for problem in report.problems:
        print(f"hongyan: {problem}", file=ctx.err)
