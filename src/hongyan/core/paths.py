"""Where Hongyan keeps what it writes: config, state, logs, caches and the default mail store.

Everything goes to platformdirs' per-user directories for the app "Hongyan", unless the
environment variable ``HONGYAN_HOME`` names a directory: then all of it lives below that one
directory. That is how a portable install on a USB stick works, and how tests and benchmarks
isolate themselves from the real home.

Nothing here creates a directory: asking where things go must not write anything (``hongyan
--version`` writes nothing at all). Writers call :func:`ensure_dir` on the directory they use.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from hongyan import APP_NAME

HOME_VARIABLE = "HONGYAN_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The per-user directories of one Hongyan installation."""

    config_dir: Path
    data_dir: Path
    state_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def default_store_dir(self) -> Path:
        """The mail store used until the user chooses another folder."""
        return self.data_dir / "Mail"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def accounts_file(self) -> Path:
        return self.config_dir / "accounts.json"


def app_paths(environ: Mapping[str, str] | None = None) -> AppPaths:
    """Return the directories for this user, honouring ``HONGYAN_HOME``.

    Args:
        environ: the environment to read; ``os.environ`` when omitted (tests pass their own).
    """
    env = os.environ if environ is None else environ
    home = env.get(HOME_VARIABLE, "").strip()
    if home:
        root = Path(home).expanduser().absolute()
        return AppPaths(
            config_dir=root / "config",
            data_dir=root / "data",
            state_dir=root / "state",
            cache_dir=root / "cache",
            log_dir=root / "logs",
        )
    # Imported here: platformdirs is only needed when no HONGYAN_HOME is set.
    import platformdirs

    dirs = platformdirs.PlatformDirs(appname=APP_NAME, appauthor=False, roaming=True)
    return AppPaths(
        config_dir=Path(dirs.user_config_dir),
        data_dir=Path(dirs.user_data_dir),
        state_dir=Path(dirs.user_state_dir),
        cache_dir=Path(dirs.user_cache_dir),
        log_dir=Path(dirs.user_log_dir),
    )


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) if missing, private to the user; return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
