"""The hongyan command: --version and --help work and write nothing outside HONGYAN_HOME."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import hongyan


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hongyan", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def snapshot(directory: Path) -> set[Path]:
    return set(directory.rglob("*"))


def test_version_prints_the_version_and_writes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "portable"
    env = dict(os.environ, HONGYAN_HOME=str(home))
    before = snapshot(tmp_path)
    result = run_cli("--version", env=env)
    assert result.returncode == 0
    assert result.stdout.strip() == f"hongyan {hongyan.__version__}"
    created = snapshot(tmp_path) - before
    assert all(path.is_relative_to(home) for path in created)


def test_help_lists_usage() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "usage: hongyan" in result.stdout


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "hongyan"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_output_cut_short_by_a_pipe_ends_quietly(tmp_path: Path) -> None:
    """``hongyan show big.eml | head -1``: head closes the pipe; no BrokenPipeError trace."""
    eml = tmp_path / "long.eml"
    eml.write_bytes(b"Subject: long\n\n" + b"a line of the body\n" * 50_000)  # > a pipe's buffer
    child = subprocess.Popen(
        [sys.executable, "-m", "hongyan", "show", str(eml)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.readline() == b"Subject: long\n"
    child.stdout.close()  # what head does after its first line
    err = child.stderr.read().decode()
    child.wait(timeout=60)
    assert err == ""
    assert child.returncode != 0  # the output was cut: a script's pipefail sees it
