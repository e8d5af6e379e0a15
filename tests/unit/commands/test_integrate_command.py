"""``hongyan integrate`` and ``hongyan compose`` as a user runs them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from support.cli import hongyan


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_install_status_uninstall_round_trip() -> None:
    home = Path(os.environ["HOME"])
    result = hongyan("integrate", "install", "--mailto", "--no-send-to")
    assert result.returncode == 0, result.stderr
    assert files_under(home) == {
        ".local/share/icons/hicolor/scalable/apps/hongyan.svg",
        ".local/share/applications/hongyan.desktop",
        ".config/autostart/hongyan-autostart.desktop",
        ".config/mimeapps.list",
    }
    assert result.stdout.count("created") == 4

    status = hongyan("integrate", "status")
    assert status.returncode == 0
    assert status.stdout.count(" installed ") == 4
    assert "send-to    not installed" in status.stdout

    result = hongyan("integrate", "uninstall")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("removed") == 4
    assert files_under(home) == set()
    assert "Nothing to do" in hongyan("integrate", "uninstall").stdout


def test_the_dry_run_prints_the_content_and_writes_nothing() -> None:
    home = Path(os.environ["HOME"])
    result = hongyan("integrate", "install", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "Exec=" in result.stdout and "--background --fetch" in result.stdout
    assert "<unique-id>hongyan-send-to-mail-recipient</unique-id>" in result.stdout
    assert not any(home.rglob("*"))


def test_a_conflict_is_reported_on_stderr_with_a_failing_status() -> None:
    launcher = Path(os.environ["HOME"]) / ".local/share/applications/hongyan.desktop"
    launcher.parent.mkdir(parents=True)
    launcher.write_text("[Desktop Entry]\n")
    result = hongyan("integrate", "install")
    assert result.returncode == 1
    assert f"hongyan: {launcher}: a file of that name is already there" in result.stderr
    assert "Traceback" not in result.stderr


def test_compose_names_every_missing_file_before_opening_anything(tmp_path: Path) -> None:
    (tmp_path / "here.txt").write_text("x")
    result = hongyan("compose", "here.txt", "缺失.pdf", "--attach", "gone.doc", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "hongyan: Cannot attach: gone.doc does not exist; 缺失.pdf does not exist.\n"
    )


def test_a_mailto_link_with_a_header_injection_is_refused() -> None:
    """plan: hostile mailto input is refused in plain words, without a traceback."""
    result = hongyan("mailto:a@example.com?subject=Hi%0D%0ABcc:%20evil@example.com")
    assert result.returncode == 1
    assert "line break" in result.stderr and "Traceback" not in result.stderr


def composed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *args: str) -> list[str]:
    """The files ``hongyan compose ARGS`` would attach (the GUI start is replaced)."""
    import hongyan.cli
    from hongyan.core.integration.requests import LaunchRequest

    requests: list[LaunchRequest] = []
    monkeypatch.setattr(hongyan.cli, "launch_gui", lambda request: requests.append(request) or 0)
    monkeypatch.chdir(tmp_path)
    assert hongyan.cli.main(["compose", *args]) == 0
    [request] = requests
    assert request.compose is not None
    return [Path(a.path).name for a in request.compose.attachments]


def test_compose_takes_files_before_between_and_after_options(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in ("a.pdf", "b.pdf", "c.pdf", "-dash.txt", "--x.txt"):
        (tmp_path / name).write_text("x")
    assert composed(monkeypatch, tmp_path, "a.pdf", "--attach", "b.pdf", "c.pdf") == [
        "b.pdf", "a.pdf", "c.pdf",
    ]  # fmt: skip
    assert composed(
        monkeypatch, tmp_path, "--to", "x@example.com", "a.pdf", "--subject", "Hi", "c.pdf"
    ) == ["a.pdf", "c.pdf"]
    # After -- every word is a file, even one that looks like an option.
    assert composed(monkeypatch, tmp_path, "a.pdf", "--", "-dash.txt", "--x.txt") == [
        "a.pdf", "-dash.txt", "--x.txt",
    ]  # fmt: skip


def test_compose_still_refuses_an_unknown_option(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_text("x")
    result = hongyan("compose", "a.pdf", "--atach", "a.pdf", cwd=tmp_path)
    assert result.returncode == 2
    assert "unrecognized arguments: --atach" in result.stderr
