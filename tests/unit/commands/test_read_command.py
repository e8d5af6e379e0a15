"""``hongyan show`` and ``hongyan save-attachments`` by store id and by file."""

from __future__ import annotations

from pathlib import Path

import pytest

from hongyan.cli import main
from hongyan.core.paths import app_paths
from hongyan.core.store import Store

MESSAGE = (
    b"From: =?utf-8?b?5byg5LiJ?= <zs@example.cn>\r\nTo: li@example.org\r\n"
    b"Subject: =?gb2312?B?xOO6ww==?=\r\nDate: Mon, 23 Nov 2026 10:00:00 +0800\r\n"
    b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nHello \x1b[2Jthere\r\n--b\r\n"
    b"Content-Type: application/octet-stream\r\n"
    b'Content-Disposition: attachment; filename="../../evil.exe"\r\n\r\nMZ\r\n--b--\r\n'
)


def store_message() -> int:
    with Store.open(app_paths().default_store_dir, create=True) as store:
        return store.add("Inbox", MESSAGE)


def test_show_by_id(capsys: pytest.CaptureFixture[str]) -> None:
    message_id = store_message()
    assert main(["show", str(message_id)]) == 0
    out = capsys.readouterr().out
    assert "From: 张三 <zs@example.cn>" in out
    assert "Subject: 你好" in out
    assert "Hello <U+001B>[2Jthere" in out  # a terminal escape is shown, never executed
    assert "1. ../../evil.exe  application/octet-stream  2 bytes" in out
    assert "a program" in out


def test_show_file_with_charset_override(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    eml = tmp_path / "m.eml"
    eml.write_bytes(b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "中文".encode("gbk"))
    assert main(["show", str(eml), "--charset", "gbk"]) == 0
    assert "中文" in capsys.readouterr().out


def test_save_attachments_never_escapes_or_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """plan D33: ../../evil.exe lands in the folder as evil.exe; a second save adds (1)."""
    message_id = store_message()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert main(["save-attachments", str(message_id), str(out_dir)]) == 0
    assert main(["save-attachments", str(message_id), str(out_dir)]) == 0
    assert sorted(p.name for p in out_dir.iterdir()) == ["evil (1).exe", "evil.exe"]
    assert not (tmp_path / "evil.exe").exists()
    assert "check it before opening" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "no-such-thing"], "neither a message id nor a file"),
        (["show", "424242"], "no message 424242"),
        (["save-attachments", "1", "/nonexistent/folder"], "does not exist"),
        (["show", "1", "--charset", "klingon"], "not an encoding"),
    ],
)
def test_clear_errors(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    store_message()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("hongyan: ") and message in err
    assert "Traceback" not in err


def test_uuencoded_files_in_the_text_are_listed_and_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pre-MIME message: the block leaves the text and is saved under its sanitised name."""
    eml = tmp_path / "old.eml"
    eml.write_bytes(
        b"From: old@example.org\r\nSubject: files\r\n\r\nSee below.\r\n\r\n"
        b"begin 644 ../notes.txt\r\n&:&5L;&\\*\r\n`\r\nend\r\n"
    )
    assert main(["show", str(eml)]) == 0
    out = capsys.readouterr().out
    assert "See below." in out and "begin 644" not in out
    assert "1. ../notes.txt  text/plain  6 bytes" in out
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    assert main(["save-attachments", str(eml), str(out_dir)]) == 0
    assert (out_dir / "notes.txt").read_bytes() == b"hello\n"
