"""A small, deliberately bendable POP3 responder for the scripted server (fault cases only).

:func:`mailbox` returns a :class:`~support.scripted_server.Call` step that serves a list of
messages like a POP3 server would, with knobs for what real servers do not do: wrong LIST
sizes, another message's content on RETR, duplicate or hostile UIDLs, no UIDL at all, a drop
in the middle of a message. ``MailboxState`` tells the test what the client made the server
delete (only at QUIT, as RFC 1939 says) and which commands it sent.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hongyan.core.pop3 import Limits
from hongyan.core.secrets import Secret
from hongyan.core.store import Store
from hongyan.core.sync import AccountResult, FetchOptions, fetch_account
from support.certs import CertificateAuthorities
from support.fetching import account_at
from support.scripted_server import Call, Channel, ScriptedServer

FAST = Limits(connect_timeout=3, idle_timeout=3, command_timeout=3, max_listing_entries=10_000)


@dataclass
class MailboxState:
    messages: list[bytes]
    uidls: list[bytes] | None
    list_sizes: list[int] | None = None
    retr_content: dict[int, bytes] = field(default_factory=dict)
    drop_in_retr: int | None = None  # message number whose RETR is cut in half
    endless_retr: int | None = None  # message number whose RETR never ends (plan C19, G59)
    top_refused: bool = False  # TOP answered with -ERR (an old server)
    capabilities: list[bytes] = field(
        default_factory=lambda: [b"USER", b"UIDL", b"TOP", b"PIPELINING", b"SASL PLAIN"]
    )
    password: str = "secret-Pa55"
    commands: list[bytes] = field(default_factory=list)
    marked: set[int] = field(default_factory=set)
    deleted_numbers: list[int] = field(default_factory=list)
    quit_seen: bool = False

    @property
    def remaining(self) -> list[bytes]:
        gone = set(self.deleted_numbers)
        return [m for n, m in enumerate(self.messages, 1) if n not in gone]

    def wire_size(self, number: int) -> int:
        if self.list_sizes is not None:
            return self.list_sizes[number - 1]
        return len(self.messages[number - 1])


def _stuffed(data: bytes) -> bytes:
    lines = data.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    body = b"".join((b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines)
    return body + b".\r\n"


def mailbox(state: MailboxState, greeting: bytes = b"+OK scripted POP3 ready\r\n") -> Call:
    """A Call step serving ``state`` until QUIT or the client leaves."""

    def serve(channel: Channel) -> None:
        channel.send(greeting)
        authed = False
        while True:
            line = channel.readline()
            state.commands.append(line)
            verb, _, arg = line.partition(b" ")
            verb = verb.upper()
            if verb == b"CAPA":
                channel.send(
                    b"+OK\r\n" + b"".join(c + b"\r\n" for c in state.capabilities) + b".\r\n"
                )
            elif verb == b"USER":
                channel.send(b"+OK\r\n")
            elif verb == b"PASS":
                authed = arg.decode("utf-8", "replace") == state.password
                channel.send(b"+OK\r\n" if authed else b"-ERR [AUTH] Authentication failed.\r\n")
            elif verb == b"AUTH":
                blob = base64.b64decode(arg.split(b" ", 1)[1])
                authed = blob.split(b"\0")[-1].decode("utf-8", "replace") == state.password
                channel.send(b"+OK\r\n" if authed else b"-ERR [AUTH] Authentication failed.\r\n")
            elif verb == b"STAT":
                channel.send(f"+OK {len(state.messages)} 0\r\n".encode())
            elif verb == b"UIDL":
                if state.uidls is None:
                    channel.send(b"-ERR UIDL not supported\r\n")
                else:
                    entries = b"".join(
                        f"{n} ".encode() + u + b"\r\n" for n, u in enumerate(state.uidls, 1)
                    )
                    channel.send(b"+OK\r\n" + entries + b".\r\n")
            elif verb == b"LIST":
                entries = b"".join(
                    f"{n} {state.wire_size(n)}\r\n".encode()
                    for n in range(1, len(state.messages) + 1)
                )
                channel.send(b"+OK\r\n" + entries + b".\r\n")
            elif verb == b"TOP" and state.top_refused:
                channel.send(b"-ERR TOP not supported\r\n")
            elif verb == b"TOP":
                number = int(arg.split()[0])
                head = state.messages[number - 1].split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
                channel.send(b"+OK\r\n" + _stuffed(head))
            elif verb == b"RETR":
                number = int(arg)
                data = state.retr_content.get(number, state.messages[number - 1])
                reply = b"+OK\r\n" + _stuffed(data)
                if state.endless_retr == number:
                    channel.send(b"+OK\r\n")
                    while True:
                        channel.send(b"this line never ends the reply\r\n" * 100)
                if state.drop_in_retr == number:
                    channel.send(reply[: len(reply) // 2])
                    return
                channel.send(reply)
            elif verb == b"DELE":
                state.marked.add(int(arg))
                channel.send(b"+OK\r\n")
            elif verb == b"RSET":
                state.marked.clear()
                channel.send(b"+OK\r\n")
            elif verb == b"NOOP":
                channel.send(b"+OK\r\n")
            elif verb == b"QUIT":
                state.quit_seen = True
                if authed:
                    state.deleted_numbers.extend(sorted(state.marked))
                channel.send(b"+OK bye\r\n")
                return
            else:
                channel.send(b"-ERR unknown command\r\n")

    return Call(serve)


def fetch_from(
    pki: CertificateAuthorities,
    store_dir: Path,
    *states: MailboxState,
    clock: Callable[[], float] = time.time,
    dry_run: bool = False,
    limits: Limits = FAST,
    name: str = "scripted",
    username: str = "user",
    **policy: object,
) -> AccountResult:
    """One fetch of account ``name`` (POP3 user ``username``, the given policy) from a
    scripted server; each connection it opens is served by the next of ``states``."""
    options = FetchOptions(limits=limits, clock=clock)
    scripts = [[mailbox(s)] for s in states]
    with (
        ScriptedServer(scripts=scripts, implicit_tls=pki.server_context()) as server,
        Store.open(store_dir, create=True) as store,
    ):
        account = account_at(server.host, server.port, pki, name=name, username=username, **policy)
        password = Secret(states[0].password)
        return fetch_account(account, store, password, dry_run=dry_run, options=options)
