"""notmuch, the reference tool the store and fetch benchmarks are measured against."""

from __future__ import annotations

import os
from pathlib import Path


def notmuch_env(directory: Path, maildir: Path) -> dict[str, str]:
    """An environment in which ``notmuch`` indexes ``maildir``, its database in
    ``directory`` (beside its config), with no tags excluded from search."""
    config = directory / "notmuch-config"
    config.write_text(
        f"[database]\npath={directory / 'notmuch-db'}\nmail_root={maildir}\n"
        "[new]\ntags=unread;inbox\nignore=\n[search]\nexclude_tags=\n"
        "[maildir]\nsynchronize_flags=true\n"
    )
    (directory / "notmuch-db").mkdir(exist_ok=True)
    return {**os.environ, "NOTMUCH_CONFIG": str(config)}
