"""The subcommands of ``hongyan``, one module per area of the product.

Every module in this package that defines ``register(subparsers)`` is picked up (so each area
adds its commands by adding a file, and no shared list needs editing). ``register`` adds the
area's subcommands and sets ``handler`` on each; a handler is ``handler(args, ctx) -> int``.
Modules import their heavy dependencies inside the handlers, so that ``hongyan fetch`` starts
fast.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from types import ModuleType
from typing import TextIO

from hongyan.core.paths import AppPaths, app_paths
from hongyan.core.settings import Settings


def command_modules() -> Iterator[ModuleType]:
    """Yield the modules of this package that register subcommands, in name order."""
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "register"):
            yield module


@dataclass
class Context:
    """What every handler gets: where things live, the settings, and where to print."""

    out: TextIO
    err: TextIO
    paths: AppPaths = field(default_factory=app_paths)

    @cached_property
    def settings(self) -> Settings:
        settings = Settings.load(self.paths)
        for problem in settings.problems:
            print(f"hongyan: warning: {problem}", file=self.err)
        return settings
