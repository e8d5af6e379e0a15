"""Real keyring backends chosen by keyring itself, in child processes (plan B15, B16).

The children run the real ``hongyan`` with no ``PYTHON_KEYRING_BACKEND`` and no D-Bus, as on
a headless Linux box. keyrings.alt is installed only into a throwaway folder put on the
child's ``PYTHONPATH``, never into the project's environment.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

CANARY = "Hy-CANARY-9d1f\u00e9"


def headless_env(home: Path, extra_path: Path | None = None) -> dict[str, str]:
    dropped = ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        HONGYAN_HOME=str(home / "hongyan"),
    )
    env["PYTHONPATH"] = str(extra_path) if extra_path else ""
    return env


def add_account(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hongyan", "account", "add", "work", "--address",
         "me@example.com", "--pop3", "pop.example.com", "--smtp", "smtp.example.com",
         "--password-stdin"],
        input=CANARY + "\n", capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


def files_holding_canary(root: Path) -> list[Path]:
    encoded = [CANARY.encode(), base64.b64encode(CANARY.encode())]
    return [p for p in root.rglob("*") if p.is_file() and any(e in p.read_bytes() for e in encoded)]


@pytest.fixture(scope="module")
def keyrings_alt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("keyrings-alt")
    try:
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
             str(target), "keyrings.alt==5.0.2"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"keyrings.alt could not be installed into a throwaway folder: {exc}")
    return target


@pytest.mark.timeout(120)
def test_no_keyring_backend_keeps_the_password_out_of_every_file(tmp_path: Path) -> None:
    """plan B15: keyring's fail backend (no D-Bus, no keyrings.alt): no crash, a clear
    message, nothing written; the next run has no password and will ask."""
    env = headless_env(tmp_path)
    result = add_account(env)
    assert result.returncode == 0, result.stderr
    assert "No secure password store is available" in result.stderr
    assert "Traceback" not in result.stderr
    listing = subprocess.run(
        [sys.executable, "-m", "hongyan", "account", "list"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert "(password asked when needed)" in listing.stdout
    assert files_holding_canary(tmp_path) == []


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_plaintext_keyring_picked_by_keyring_is_not_used(
    tmp_path: Path, keyrings_alt: Path
) -> None:
    """plan B16: keyring auto-selects keyrings.alt's PlaintextKeyring; Hongyan does not use
    it: no keyring_pass.cfg is written and the user is told why."""
    result = add_account(headless_env(tmp_path, keyrings_alt))
    assert result.returncode == 0, result.stderr
    assert "unencrypted password file (keyrings.alt.file.PlaintextKeyring)" in result.stderr
    assert not list(tmp_path.rglob("keyring_pass.cfg"))
    assert files_holding_canary(tmp_path) == []


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_plaintext_keyring_chosen_explicitly_is_used_with_one_warning(
    tmp_path: Path, keyrings_alt: Path
) -> None:
    """plan B16: PYTHON_KEYRING_BACKEND names PlaintextKeyring: honoured, one-line warning."""
    env = headless_env(tmp_path, keyrings_alt)
    env["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    result = add_account(env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "hongyan: warning: the password store you chose (keyrings.alt.file.PlaintextKeyring) "
        "does not encrypt."
    ]
    assert list(tmp_path.rglob("keyring_pass.cfg"))
    assert not files_holding_canary(tmp_path / "hongyan")
