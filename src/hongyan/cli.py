"""The ``hongyan`` command. With no arguments it opens the main window.

Subcommands live in :mod:`hongyan.commands`; this module only builds the parser, dispatches,
and turns a :class:`~hongyan.core.errors.HongyanError` into one line on stderr and an exit
status, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from hongyan import __version__
from hongyan.commands import Context, command_modules
from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.core.integration.requests import LaunchRequest


class Parser(argparse.ArgumentParser):
    """An argument parser that never takes an abbreviation for a long option.

    argparse would read ``--at`` as ``--attach`` (or ``--password`` as ``--password-stdin``),
    so a typo or an option of a later version silently means something else. Subcommand
    parsers are made of the parent's class, so setting it here covers every one of them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="hongyan",
        description="Hongyan (鸿雁): a desktop POP3/SMTP mail client. "
        "Run without arguments to open the main window.",
    )
    parser.add_argument("--version", action="version", version=f"hongyan {__version__}")
    parser.add_argument(
        "--background",
        action="store_true",
        help="start in the notification area without opening the main window",
    )
    parser.add_argument(
        "--fetch", action="store_true", help="get mail from all accounts once started"
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in command_modules():
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script ``hongyan``."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    ctx = Context(out=sys.stdout, err=sys.stderr)
    try:
        return _dispatch(args_list, ctx)
    except HongyanError as exc:
        _report_error(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        print("hongyan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _output_closed()


def _output_closed() -> int:
    """The reader of our output went away (``hongyan list Inbox | head``): stop quietly.

    Python's own advice (the ``signal`` module's note on SIGPIPE): point stdout at devnull so
    the flush at exit does not raise again, and exit as a program killed by SIGPIPE would.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + 13  # SIGPIPE


def _report_error(message: str) -> None:
    """One line on stderr; a message box when there is no console (``hongyan-gui.exe``)."""
    if sys.stderr is not None:
        print(f"hongyan: {message}", file=sys.stderr)
        return
    from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: TID251 (no console)

    app = QApplication.instance() or QApplication(["hongyan"])
    QMessageBox.critical(None, "Hongyan", message)
    del app


def _dispatch(args_list: list[str], ctx: Context) -> int:
    # Imported only where needed: hongyan.core.integration (its package loads every
    # platform's planner, ~85 ms) stays out of `hongyan --version` and `hongyan fetch`.
    if not args_list:
        from hongyan.core.integration.requests import LaunchRequest

        return launch_gui(LaunchRequest.show())
    if len(args_list) == 1 and args_list[0][:7].lower() == "mailto:":  # a browser's link
        from hongyan.core.integration.requests import LaunchRequest, parse_mailto

        request = parse_mailto(args_list[0])
        for warning in request.warnings:
            print(f"hongyan: warning: {warning}", file=ctx.err)
        return launch_gui(LaunchRequest.compose_with(request))
    parser = build_parser()
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is not None:
        return int(handler(args, ctx))
    if args.fetch or args.background:
        from hongyan.core.integration.requests import LaunchRequest
    if args.fetch:
        return launch_gui(LaunchRequest.fetch(background=args.background))
    if args.background:
        return launch_gui(LaunchRequest("show", background=True))
    parser.print_help()
    return 2


def launch_gui(request: LaunchRequest) -> int:
    """Serve ``request`` in the running Hongyan, or start the desktop app with it.

    First, on Linux with Qt's xcb platform, the system libraries the platform plugin needs
    are checked (one ``ldd``): Qt itself would abort naming the wrong one.
    """
    check_window_can_open()
    try:
        from hongyan.gui.app import run_app
    except ImportError as exc:  # Qt's own libraries could not be loaded
        if "shared object" not in str(exc):
            raise
        raise HongyanError(f"the window cannot open: {exc}") from None
    return run_app([], request)


def check_window_can_open() -> None:
    """Raise :class:`HongyanError` with the install command when Qt's xcb plugin cannot load,
    or when there is no display to open the window on."""
    import os

    from hongyan.core import qt_libraries

    problem = qt_libraries.find_problem()
    if problem is not None:
        raise HongyanError(problem.message())
    no_display = qt_libraries.no_display(os.environ)
    if no_display is not None:
        raise HongyanError(no_display)


def gui_main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the gui-script ``hongyan-gui`` (no console window on Windows).

    It takes the same arguments as ``hongyan``: shortcuts run ``hongyan-gui compose FILE``.
    """
    return main(argv)
