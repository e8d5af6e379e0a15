"""Passwords on the command line: ``--password-stdin`` and what to say when none is known.

``fetch``, ``send`` and ``outbox --flush`` take ``--password-stdin`` (the first line of standard
input, for this run only: neither saved nor removed) for the one account they log in to. When
no password is known, the core's message says so in plain words; the advice printed after it
names only ways that exist here: ``--password-stdin``, a password command, and the keyring
when there is a usable one.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from hongyan.core.errors import HongyanError

if TYPE_CHECKING:
    from hongyan.core.accounts import Account
    from hongyan.core.secrets import Kind, PasswordStore, Secret

STDIN_HELP = "read the password from the first line of standard input (for this run only)"


def add_stdin_option(parser: argparse.ArgumentParser, help_text: str = STDIN_HELP) -> None:
    parser.add_argument("--password-stdin", action="store_true", help=help_text)


def read_stdin_password(stdin: TextIO | None = None) -> Secret:
    """The first line of standard input as a :class:`Secret`.

    Raises:
        HongyanError: standard input is empty or its first line is.
    """
    from hongyan.core.secrets import Secret

    line = (stdin or sys.stdin).readline().rstrip("\r\n")
    if not line:
        raise HongyanError("--password-stdin: standard input held no password.")
    return Secret(line)


def advice(account: Account, kind: Kind, passwords: PasswordStore) -> str:
    """How to give the password of ``account``'s ``kind`` login that is missing (one line)."""
    _username, key = passwords.credentials(account, kind)
    option = "--password-command" if key == "pop3" else "--smtp-password-command"
    ways = (
        f"Give it with --password-stdin, or set a command that prints it: "
        f"hongyan account edit {account.name} {option} CMD"
    )
    if passwords.status.usable:
        ways += f"; or save it: hongyan account edit {account.name} --password-stdin"
        if key == "smtp":
            ways += " (its second line is the SMTP password)"
    return ways + "."


def print_advice(account: Account, kind: Kind, passwords: PasswordStore, err: TextIO) -> None:
    print(f"hongyan: {advice(account, kind, passwords)}", file=err)
