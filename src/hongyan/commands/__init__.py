"""The subcommands of ``hongyan``, one module per area of the product.

Each module listed in :data:`COMMAND_MODULES` has ``register(subparsers)``, which adds its
subcommands and sets ``handler`` on them. A handler is ``handler(args, ctx) -> int``. Modules
import their heavy dependencies inside the handlers, so that ``hongyan fetch`` starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TextIO

from hongyan.core.paths import AppPaths, app_paths
from hongyan.core.settings import Settings

COMMAND_MODULES: tuple[str, ...] = ()


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
