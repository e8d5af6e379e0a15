"""Callbacks for a worker's result that do nothing once their window is gone.

A task's result arrives on the GUI thread some time after it was asked for; the compose
window or the menu that asked may have been closed and deleted meanwhile, and calling into a
deleted Qt object raises. :func:`while_alive` wraps such a callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject

T = TypeVar("T")


def while_alive(owner: QObject, callback: Callable[[T], None]) -> Callable[[T], None]:
    """``callback``, called only while ``owner``'s Qt object still exists."""

    def call(value: T) -> None:
        if shiboken6.isValid(owner):
            callback(value)

    return call
