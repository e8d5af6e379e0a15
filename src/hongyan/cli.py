"""The ``hongyan`` command. With no arguments it opens the main window.

Subcommands live in :mod:`hongyan.commands`; this module only builds the parser, dispatches,
and turns a :class:`~hongyan.core.errors.HongyanError` into one line on stderr and an exit
status, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hongyan import __version__
from hongyan.commands import Context, command_modules
from hongyan.core.errors import HongyanError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hongyan",
        description="Hongyan (鸿雁): a desktop POP3/SMTP mail client. "
        "Run without arguments to open the main window.",
    )
    parser.add_argument("--version", action="version", version=f"hongyan {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in command_modules():
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script ``hongyan``."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:
        return gui_main([])
    parser = build_parser()
    args = parser.parse_args(args_list)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    ctx = Context(out=sys.stdout, err=sys.stderr)
    try:
        return int(handler(args, ctx))
    except HongyanError as exc:
        print(f"hongyan: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("hongyan: interrupted", file=sys.stderr)
        return 130


def gui_main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the gui-script ``hongyan-gui`` (no console window on Windows)."""
    from hongyan.gui.app import run_app

    return run_app(list(sys.argv[1:] if argv is None else argv))
