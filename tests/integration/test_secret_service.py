"""A real Secret Service (GNOME Keyring) on a private D-Bus session (plan B17).

Run the way keyring's README describes for headless Linux: ``dbus-run-session`` with
``gnome-keyring-daemon --unlock`` fed a password on stdin. Skipped where gnome-keyring or
dbus-run-session is not installed (Debian: apt-get install gnome-keyring).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
        reason="needs dbus-run-session and gnome-keyring-daemon (apt-get install gnome-keyring)",
    ),
]

CHILD = """
from hongyan.core.secrets import KeyringUnavailable, PasswordStore, Secret
store = PasswordStore()
print("backend", store.status.backend)
print("stored", store.set("work", "pop3", Secret("Hy-CANARY-9d1f\\u00e9"), remember=True))
print("messages", store.messages)
found = PasswordStore().get("work", "pop3")
print("found", found is not None and found.reveal() == "Hy-CANARY-9d1f\\u00e9")
try:
    PasswordStore().forget("work")
except KeyringUnavailable as exc:
    print("forget refused:", exc)
print("after", PasswordStore().get("work", "pop3"))
"""


def run_in_session(tmp_path: Path, daemon: str) -> str:
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON_KEYRING_BACKEND", "DISPLAY")}
    env.update(
        HOME=str(tmp_path),
        XDG_RUNTIME_DIR=str(runtime),
        XDG_DATA_HOME=str(tmp_path / "share"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        HONGYAN_HOME=str(tmp_path / "hongyan"),
        CHILD=CHILD,
        PYTHON=sys.executable,
    )
    script = f'{daemon} >/dev/null 2>&1; "$PYTHON" -c "$CHILD"'
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.timeout(90)
def test_an_unlocked_gnome_keyring_stores_gets_and_deletes(tmp_path: Path) -> None:
    """plan B17: set/get/delete through the real Secret Service."""
    out = run_in_session(
        tmp_path, "echo unlock-pass | gnome-keyring-daemon --unlock --components=secrets"
    )
    assert "backend keyring.backends.SecretService.Keyring" in out
    assert "stored Stored(in_keyring=True, message='')" in out
    assert "found True" in out
    assert "after None" in out


@pytest.mark.timeout(90)
def test_a_keyring_that_cannot_be_unlocked_gives_a_clean_message(tmp_path: Path) -> None:
    """plan B17: no login keyring and no way to show the unlock prompt: a plain message, the
    password kept for this run, no crash."""
    out = run_in_session(tmp_path, "gnome-keyring-daemon --start --components=secrets")
    assert "stored Stored(in_keyring=False" in out
    assert "the prompt to unlock it was dismissed" in out
    assert "forget refused: The keyring is locked" in out  # the account is not removed silently
    assert "Hy-CANARY" not in out
