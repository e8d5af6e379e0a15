"""``hongyan integrate install|uninstall|status``: launcher, start at login, Send To, mailto.

Also ``hongyan compose``, the command Send To and the mailto handler run: it opens a compose
window (in the running Hongyan if there is one) with the given recipients and files.
"""

from __future__ import annotations

import argparse
from typing import Any

from hongyan.commands import Context

SWITCHES = (
    ("mailto", "make Hongyan the program that opens mailto: links"),
    ("autostart", "start Hongyan in the notification area at login and get mail"),
    ("send-to", 'add "Send to mail recipient" to the file managers\' menus'),
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "integrate",
        help="add Hongyan to the desktop: menu, start at login, Send To, mailto",
        description="Install, remove or check Hongyan's desktop integration for this user. "
        "Uninstall removes exactly what install created; files you changed are kept.",
    )
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    for name, text in (
        ("install", "create or update the launcher and the chosen extras"),
        ("uninstall", "remove everything install created"),
        ("status", "show what is installed, missing or changed"),
    ):
        action = actions.add_parser(name, help=text, description=text)
        if name == "install":
            for switch, switch_help in SWITCHES:
                action.add_argument(
                    f"--{switch}",
                    action=argparse.BooleanOptionalAction,
                    default=None,
                    help=f"{switch_help} (default: as installed; first time: "
                    f"{'no' if switch == 'mailto' else 'yes'})",
                )
        if name == "install":
            action.add_argument(
                "--dry-run",
                action="store_true",
                help="print every file and value that would be written, and write nothing",
            )
        action.set_defaults(handler=_handle, integrate_action=name)

    compose = _add_intermixed_parser(
        subparsers,
        "compose",
        help="open a new message, optionally with recipients and attached files",
        description="Open a compose window (in the running Hongyan, if any) with these "
        "recipients and files attached. This is what Send To runs.",
    )
    for name, what in (("to", "To"), ("cc", "Cc"), ("bcc", "Bcc (hidden from the others)")):
        compose.add_argument(
            f"--{name}", action="append", default=[], metavar="ADDR", help=f"{what}; repeatable"
        )
    compose.add_argument("--subject", default="", metavar="TEXT", help="the subject")
    compose.add_argument("--body", default="", metavar="TEXT", help="the message text")
    compose.add_argument(
        "--attach", action="append", default=[], metavar="FILE", help="attach FILE; repeatable"
    )
    compose.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="files to attach, before or after the options; after -- every word is a file",
    )
    compose.set_defaults(handler=_handle_compose)


class IntermixedParser(argparse.ArgumentParser):
    """A parser that takes options and file names in any order, like ``cp`` or ``mail``.

    ``hongyan compose a.pdf --attach b.pdf c.pdf`` is what a user (or a file manager) types;
    plain argparse stops collecting file names at the first option. Everything after ``--``
    is a file name, so ``-report.pdf`` can be attached too.
    """

    _plain = False  # the stdlib's intermixed parsing calls parse_known_args itself

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._plain:
            return super().parse_known_args(args, namespace)
        words = list(args if args is not None else [])
        tail: list[str] = []
        if "--" in words:
            split = words.index("--")
            words, tail = words[:split], words[split + 1 :]
        self._plain = True
        try:
            parsed, extras = self.parse_known_intermixed_args(words, namespace)
        finally:
            self._plain = False
        parsed.files = [*getattr(parsed, "files", []), *tail]
        return parsed, extras


def _add_intermixed_parser(subparsers: Any, name: str, **kwargs: Any) -> IntermixedParser:
    """``subparsers.add_parser`` making an :class:`IntermixedParser` (argparse has no per-parser
    class argument, so the action's factory is swapped for this one call)."""
    factory = subparsers._parser_class
    subparsers._parser_class = IntermixedParser
    kwargs.setdefault("allow_abbrev", False)  # as every hongyan parser (see cli.Parser)
    try:
        parser: IntermixedParser = subparsers.add_parser(name, **kwargs)
    finally:
        subparsers._parser_class = factory
    return parser


def _handle(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.integration import service

    if args.integrate_action == "uninstall":
        return _print_report(service.uninstall(ctx.paths), ctx)
    if args.integrate_action == "status":
        return _print_status(service.status(ctx.paths), ctx)
    switches = {"mailto": args.mailto, "autostart": args.autostart, "send_to": args.send_to}
    if args.dry_run:
        plan = service.plan_install(ctx.paths, **switches)
        for item in plan.items:
            print(item.preview().rstrip("\n") + "\n", file=ctx.out)
        for note in plan.notes:
            print(f"note: {note}", file=ctx.out)
        return 0
    return _print_report(service.install(ctx.paths, **switches), ctx)


def _print_report(report: Any, ctx: Context) -> int:
    for outcome in report.outcomes:
        detail = f" ({outcome.detail})" if outcome.detail else ""
        print(f"{outcome.action.value:<30} {outcome.target}{detail}", file=ctx.out)
    for note in report.notes:
        print(f"note: {note}", file=ctx.out)
    if not report.outcomes and not report.notes:
        print("Nothing to do: no desktop integration is installed.", file=ctx.out)
    for problem in report.problems:
        print(f"hongyan: {problem.target}: {problem.detail}", file=ctx.err)
    return 1 if report.problems else 0


def _print_status(status: Any, ctx: Context) -> int:
    from hongyan.core.integration import Feature

    for line in status.lines:
        state = line.state.value if line.state is not None else "not installed"
        detail = f" ({line.detail})" if line.detail else ""
        print(f"{line.feature.value:<10} {state:<14} {line.target}{detail}", file=ctx.out)
    for feature in Feature:
        if feature not in status.features:
            print(f"{feature.value:<10} not installed", file=ctx.out)
    for note in status.notes:
        print(f"note: {note}", file=ctx.out)
    print(f"record of what was installed: {status.record}", file=ctx.out)
    return 0


def _handle_compose(args: argparse.Namespace, ctx: Context) -> int:
    from hongyan.core.integration.requests import LaunchRequest, compose_request

    request = compose_request(
        to=args.to,
        cc=args.cc,
        bcc=args.bcc,
        subject=args.subject,
        body=args.body,
        files=[*args.attach, *args.files],
    )
    for warning in request.warnings:
        print(f"hongyan: warning: {warning}", file=ctx.err)
    from hongyan.cli import launch_gui

    return launch_gui(LaunchRequest.compose_with(request))
