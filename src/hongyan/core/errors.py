"""The error type every user-facing failure is turned into.

Core code raises :class:`HongyanError` (or a subclass) with a message written for the user,
in plain words that say what happened and what to do. The CLI prints it without a traceback;
the GUI shows it in a dialog or the status bar. Anything else that escapes is a bug.
"""

from __future__ import annotations


class HongyanError(Exception):
    """A failure the user can understand and act on; ``str(exc)`` is the message."""

    exit_code = 1
