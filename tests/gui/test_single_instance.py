"""One Hongyan per profile: later launches hand their request to the running one."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from hongyan.core.integration.requests import LaunchRequest
from hongyan.core.paths import app_paths
from hongyan.gui.single_instance import SingleInstance, instance_names

TIMEOUT = 60


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Path]:
    """A real second process owning the server; yields the log of requests it received."""
    log = tmp_path / "requests.log"
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("instance_server.py")), str(log)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        yield log
    finally:
        process.terminate()
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            raise


def launch(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "hongyan", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def received(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_two_send_to_at_once_deliver_two_requests_and_every_file(
    running: Path, tmp_path: Path
) -> None:
    """plan E45: a second launch hands over to the running one instead of starting again."""
    files = tmp_path / "files"
    files.mkdir()
    for name, data in (("a.pdf", b"%PDF-1.4"), ("中文.txt", "你好".encode()), ("报告 v2.doc", b"")):
        (files / name).write_bytes(data)
    first = launch("compose", "a.pdf", "中文.txt", cwd=files)
    second = launch("compose", "--to", "李雷 <li@example.com>", "报告 v2.doc", cwd=files)
    for process in (first, second):
        _, err = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0, err
    requests = sorted(received(running), key=lambda r: len(r["compose"]["attachments"]))
    assert [r["kind"] for r in requests] == ["compose", "compose"]
    assert requests[0]["compose"]["to"] == ["李雷 <li@example.com>"]
    assert requests[0]["compose"]["attachments"] == [
        {"path": str(files / "报告 v2.doc"), "size": 0}
    ]
    assert requests[1]["compose"]["attachments"] == [
        {"path": str(files / "a.pdf"), "size": 8},
        {"path": str(files / "中文.txt"), "size": 6},
    ]


def test_a_mailto_link_and_a_double_click_are_handed_over(running: Path, tmp_path: Path) -> None:
    for args in (["mailto:wang@example.org?subject=%E5%91%A8%E6%8A%A5"], []):
        process = launch(*args, cwd=tmp_path)
        process.communicate(timeout=TIMEOUT)
        assert process.returncode == 0
    mailto, show = received(running)
    assert mailto["compose"]["to"] == ["wang@example.org"]
    assert mailto["compose"]["subject"] == "周报"
    assert show == {"kind": "show", "background": False}


def test_the_autostart_command_is_handed_over_as_a_background_fetch(
    running: Path, tmp_path: Path
) -> None:
    process = launch("--background", "--fetch", cwd=tmp_path)
    process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0
    assert received(running) == [{"kind": "fetch", "background": True}]


def test_another_profile_does_not_reach_the_running_one(
    running: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    monkeypatch.setenv("HONGYAN_HOME", str(tmp_path / "other-profile"))
    instance = SingleInstance(app_paths())
    assert instance.claim(LaunchRequest.show())  # becomes the running one of its profile
    instance.close()
    assert not running.exists()


def test_names_hold_the_user_and_differ_per_profile(tmp_path: Path) -> None:
    one, _ = instance_names(app_paths({"HONGYAN_HOME": str(tmp_path / "a")}))
    two, _ = instance_names(app_paths({"HONGYAN_HOME": str(tmp_path / "b")}))
    assert one != two
    assert os.path.basename(one).startswith("hongyan-")
    if sys.platform != "win32":
        folder = Path(one).parent
        assert folder.stat().st_mode & 0o077 == 0
        assert len(one.encode()) < 100  # sun_path holds 108 bytes on Linux, 104 on macOS


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")
def test_a_stale_socket_left_by_a_crash_is_replaced(qtbot: QtBot) -> None:
    name, _ = instance_names(app_paths())
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(name)  # bound, never listening: what a killed process leaves behind
    stale.close()
    assert os.path.exists(name)
    instance = SingleInstance(app_paths())
    assert instance.claim(LaunchRequest.show())
    instance.close()


def test_the_running_instance_emits_each_request_and_rejects_garbage(qtbot: QtBot) -> None:
    instance = SingleInstance(app_paths())
    assert instance.claim(LaunchRequest.show())
    name = instance.server_name
    with qtbot.waitSignal(instance.request_did_arrive, timeout=10_000) as blocker:
        client = subprocess.Popen(
            [sys.executable, "-c", CLIENT, name, LaunchRequest.fetch(background=False).to_json()],
            stdout=subprocess.PIPE,
            text=True,
        )
    assert blocker.args == [LaunchRequest.fetch(background=False)]
    assert client.communicate(timeout=TIMEOUT)[0] == "ok\n"

    client = subprocess.Popen(
        [sys.executable, "-c", CLIENT, name, '{"kind": "rm -rf"}'],
        stdout=subprocess.PIPE,
        text=True,
    )
    qtbot.waitUntil(lambda: client.poll() is not None, timeout=10_000)
    assert (
        client.communicate(timeout=TIMEOUT)[0] == "error: The launch request has no known kind.\n"
    )
    instance.close()


CLIENT = """
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect(sys.argv[1])
s.sendall(sys.argv[2].encode() + b"\\n")
answer = b""
while not answer.endswith(b"\\n"):
    chunk = s.recv(100)
    if not chunk:
        break
    answer += chunk
print(answer.decode(), end="")
"""


def test_two_first_launches_at_once_elect_exactly_one_running_instance(tmp_path: Path) -> None:
    """plan E45: with no Hongyan running, two simultaneous starts do not both take over."""
    server = str(Path(__file__).with_name("instance_server.py"))
    processes = [
        subprocess.Popen(
            [sys.executable, server, str(tmp_path / f"log{i}")], stdout=subprocess.PIPE, text=True
        )
        for i in range(2)
    ]
    try:
        lines = [p.stdout.readline().strip() if p.stdout else "" for p in processes]
        assert sorted(lines) == ["handed off", "ready"]
        winner = lines.index("ready")
        assert processes[1 - winner].wait(TIMEOUT) == 3
        assert received(tmp_path / f"log{winner}") == [{"kind": "show", "background": False}]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=TIMEOUT)
