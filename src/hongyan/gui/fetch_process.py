"""Get Mail in a child process, so the window never waits for the fetch's Python code.

A fetch is mostly Python (MIME parsing, indexing). In a thread of the GUI process it shares
the GIL with the event loop, and PySide takes the GIL again for every call into Python (each
``data()`` of the message list while painting): measured, that made the window stall for up
to 250 ms while 10 000 messages arrived. In a child process the fetch has its own
interpreter; the task's worker thread only waits on a pipe (GIL released) and forwards the
progress reports. The child writes to the store as any fetch does (WAL, one writer per
account by the account lock); cancelling sets an event the child checks between messages.

The bodies of fetched mail are indexed for search afterwards (core/store/pending.py) by
:func:`index_in_child`, the same kind of child at the same low priority, run as a task of its
own after the fetches: the fetch's summary and the new mail's rows come without waiting for
it, and closing the app (or moving the store) stops it between two batches like any task;
the next start finishes it.

This module imports no Qt: the child process imports it without loading PySide6.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event as ProcessEvent
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hongyan.core.accounts import Account
from hongyan.core.errors import HongyanError
from hongyan.core.secrets import Secret
from hongyan.core.sync import AccountResult, Progress
from hongyan.core.texts import QT_TRANSLATE_NOOP, text_of, words

if TYPE_CHECKING:
    from hongyan.gui.tasks import TaskControl

_RESULT_FIELDS = (
    *("ok", "downloaded", "headers_only", "bytes", "deleted", "skipped", "on_server"),
    "left_on_server",
)


def fetch_in_child(
    account: Account,
    root: Path,
    secret: Secret,
    control: TaskControl,
    own_addresses: frozenset[str] = frozenset(),
) -> AccountResult:
    """Fetch ``account`` into the store at ``root`` in a child process (call from a worker);
    ``own_addresses`` (every address of the user's accounts) never get an automatic reply."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    stop = context.Event()
    child = context.Process(target=_child_main, args=(theirs, stop), daemon=True)
    child.start()
    theirs.close()
    try:
        # A private pipe, never argv or env.
        ours.send((account, str(root), secret.reveal(), own_addresses))
        while True:
            if control.cancelled:
                stop.set()
            if ours.poll(0.1):
                kind, payload = ours.recv()
                if kind == "progress":
                    control.progress(payload)
                else:
                    return _result(account.name, payload)
            elif not child.is_alive():
                raise HongyanError(
                    words(
                        QT_TRANSLATE_NOOP(
                            "Core",
                            "Getting mail for {account} stopped unexpectedly (the helper process "
                            "ended with code {code}). Messages already received are kept; try "
                            "again.",
                        ),
                        account=account.name,
                        code=child.exitcode,
                    )
                )
    finally:
        ours.close()
        child.join(timeout=10)
        if child.is_alive():
            child.kill()


def index_in_child(
    root: Path, control: TaskControl, *, should_stop: Callable[[], bool] = lambda: False
) -> int:
    """Run the store's body pass in a child process (call from a worker); return how many
    messages it indexed. ``control.progress(done, total)`` follows it; cancelling the task,
    or ``should_stop()`` (a store move starting), stops it between two batches."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    stop = context.Event()
    child = context.Process(target=_index_main, args=(theirs, stop, str(root)), daemon=True)
    child.start()
    theirs.close()
    try:
        while True:
            if control.cancelled or should_stop():
                stop.set()
            if ours.poll(0.1):
                kind, payload = ours.recv()
                if kind == "progress":
                    control.progress(*payload)
                elif kind == "error":
                    raise HongyanError(payload)
                else:
                    return int(payload)
            elif not child.is_alive():
                raise HongyanError(
                    "Indexing new mail for search stopped unexpectedly; it continues at the "
                    "next start."
                )
    finally:
        ours.close()
        child.join(timeout=10)
        if child.is_alive():
            child.kill()  # a kill between two transactions loses nothing (pending.py)


def _index_main(conn: Connection, stop: ProcessEvent, root: str) -> None:
    """The child: index what is pending, send progress and the count (or an error) back."""
    from hongyan.core.store import BodyPassCancelledError, Store

    _lower_priority()
    try:
        with Store.open(Path(root)) as store:
            count = store.index_pending(
                progress=lambda done, total: conn.send(("progress", (done, total))),
                cancel=stop.is_set,
            )
        conn.send(("result", count))
    except BodyPassCancelledError:
        conn.send(("result", 0))
    except HongyanError as exc:
        conn.send(("error", text_of(exc)))
    conn.close()


def _result(name: str, data: dict[str, Any]) -> AccountResult:
    result = AccountResult(name)
    for key in _RESULT_FIELDS:
        setattr(result, key, data[key])
    result.cancelled = bool(data["cancelled"])
    result.warnings = list(data["warnings"])
    result.error = HongyanError(data["error"]) if data["error"] is not None else None
    return result


#: How much the fetch process yields to others (Unix nice increment): on a busy machine the
#: scheduler then serves the window first, and the fetch takes the CPU time left over.
CHILD_NICENESS = 10


def _lower_priority() -> None:
    """Run the fetch below the window's priority (Unix; elsewhere the fetch runs as it is)."""
    nice = getattr(os, "nice", None)
    if nice is not None:
        with contextlib.suppress(OSError):
            nice(CHILD_NICENESS)


def _child_main(conn: Connection, stop: ProcessEvent) -> None:
    """The child: receive the job, fetch, send progress and a plain summary back."""
    from hongyan.core.sync import FetchOptions, fetch_account

    _lower_priority()
    account, root, password, own_addresses = conn.recv()
    cancel = threading.Event()

    def watch() -> None:
        stop.wait()
        cancel.set()

    threading.Thread(target=watch, daemon=True).start()

    def report(progress: Progress) -> None:
        conn.send(("progress", progress))

    options = FetchOptions(own_addresses=frozenset(own_addresses))
    result = fetch_account(
        account, Path(root), Secret(password), progress=report, cancel=cancel, options=options
    )
    summary = {key: getattr(result, key) for key in _RESULT_FIELDS}
    summary.update(
        cancelled=result.cancelled,
        warnings=list(result.warnings),
        error=text_of(result.error) if result.error is not None else None,
    )
    conn.send(("result", summary))
    conn.close()
