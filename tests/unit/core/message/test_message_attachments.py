"""Attachment names and saving: nothing escapes the chosen folder (plan D33, D34, D35)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.message.attachments import (
    MAX_NAME_BYTES,
    is_executable_type,
    sanitise_filename,
    save_attachments,
)
from hongyan.core.message.view import MessageView

RESERVED = ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"] + [
    f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)
]


class TestSanitiseFilename:
    @pytest.mark.parametrize(
        ("requested", "saved"),
        [
            ("../../.bashrc", "bashrc"),
            ("..\\..\\AppData\\evil.exe", "evil.exe"),
            ("/etc/passwd", "passwd"),
            ("C:\\Windows\\x.dll", "x.dll"),
            ("C:x.dll", "C_x.dll"),
            ("..%2F..%2Fx", "%2F..%2Fx"),
            ("..", "attachment"),
            ("", "attachment"),
        ],
    )
    def test_path_traversal(self, requested: str, saved: str) -> None:
        """plan D33: names are reduced to a base name."""
        assert sanitise_filename(requested) == saved

    @pytest.mark.parametrize("name", RESERVED)
    @pytest.mark.parametrize("form", ["{}", "{}.txt", "{}.tar.gz", "{} .pdf"])
    def test_every_windows_reserved_name_in_any_case(self, name: str, form: str) -> None:
        """plan D34: CON, PRN, AUX, NUL, COM1-9, LPT1-9, CONIN$, CONOUT$ with any extension."""
        for variant in (name, name.lower(), name.title()):
            saved = sanitise_filename(form.format(variant))
            assert saved.startswith("_"), saved
            assert saved.split(".", 1)[0].rstrip(" ").upper() != name

    def test_reserved_lookalikes_are_kept(self) -> None:
        assert sanitise_filename("CONSOLE.txt") == "CONSOLE.txt"
        assert sanitise_filename("COM10.txt") == "COM10.txt"

    @pytest.mark.parametrize(
        ("requested", "saved"),
        [
            ("report.pdf. . .", "report.pdf"),
            ("a:stream", "a_stream"),
            ('x<y>z:"w|v?u*t', "x_y_z__w_v_u_t"),
            ("tab\there\x01\x7f.txt", "tabhere.txt"),
            ("nul\x00byte.txt", "nulbyte.txt"),
        ],
    )
    def test_windows_hostile_characters(self, requested: str, saved: str) -> None:
        """plan D34: trailing dots and spaces, <>:"|?*, control characters."""
        assert sanitise_filename(requested) == saved

    def test_long_names_are_capped_keeping_the_extension(self) -> None:
        """plan D34: a 300-byte name becomes at most 255 bytes, extension kept."""
        for stem in ("a" * 300, "报" * 120):
            saved = sanitise_filename(stem + ".pdf")
            assert len(saved.encode("utf-8")) <= MAX_NAME_BYTES
            assert saved.endswith(".pdf")

    @pytest.mark.parametrize(
        "control", ["\u202e", "\u202d", "\u200b", "\u200f", "\u2066", "\u2067", "\u2069"]
    )
    def test_bidi_and_invisible_characters_are_removed(self, control: str) -> None:
        """plan D35: invoice<U+202E>fdp.exe is saved as invoicefdp.exe, an executable."""
        saved = sanitise_filename(f"invoice{control}fdp.exe")
        assert saved == "invoicefdp.exe"
        assert is_executable_type(f"invoice{control}fdp.exe")

    @pytest.mark.parametrize(
        "name", ["a.exe", "b.BAT", "c.cmd", "d.com", "e.scr", "f.js", "g.vbs", "h.ps1", "i.lnk",
                 "j.jar", "k.sh", "l.desktop", "m.msi", "invoice.pdf.exe", "report.pdf. .exe"],
    )  # fmt: skip
    def test_executable_types(self, name: str) -> None:
        """plan D35: the real final extension decides; opening these asks first."""
        assert is_executable_type(name)

    @pytest.mark.parametrize("name", ["a.pdf", "b.exe.txt", "c.jpg", "README", "x.docx"])
    def test_documents_are_not_executable(self, name: str) -> None:
        assert not is_executable_type(name)


def hostile_message() -> bytes:
    names = [
        b'filename="../../.bashrc"',
        b'filename="..\\\\..\\\\AppData\\\\evil.exe"',
        b'filename="/etc/passwd"',
        b'filename="C:\\\\Windows\\\\x.dll"',
        b"filename*=utf-8''..%2F..%2Fx",
        b'filename="=?utf-8?q?=2E=2E=2Fy?="',
        b'filename="CON.txt"',
        b'filename="invoice\xe2\x80\xaefdp.exe"',
    ]
    parts = b"".join(
        b"--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; "
        + name
        + b"\n\npayload %d\n" % i
        for i, name in enumerate(names)
    )
    return b"Content-Type: multipart/mixed; boundary=b\n\n" + parts + b"--b--\n"


def snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


class TestSaveAttachments:
    def test_nothing_is_written_outside_the_folder(self, tmp_path: Path) -> None:
        """plan D33: every written file's realpath is inside out/; nothing appears elsewhere."""
        out = tmp_path / "a" / "b" / "out"
        out.mkdir(parents=True)
        before = snapshot(tmp_path)
        written = save_attachments(MessageView.from_bytes(hostile_message()), out)
        assert len(written) == 8
        for path in written:
            real = os.path.realpath(path)
            assert os.path.commonpath([real, os.path.realpath(out)]) == os.path.realpath(out)
            assert Path(real).parent == out.resolve()
        after = snapshot(tmp_path)
        assert {p for p in after - before if not p.startswith("a/b/out/")} == set()
        names = sorted(p.name for p in written)
        assert names == sorted(
            ["bashrc", "evil.exe", "passwd", "x.dll", "x", "y", "_CON.txt",
             "invoicefdp.exe"]
        )  # fmt: skip
        assert (out / "passwd").read_bytes() == b"payload 2"

    def test_existing_files_are_never_overwritten_without_asking(self, tmp_path: Path) -> None:
        view = MessageView.from_bytes(hostile_message())
        (tmp_path / "passwd").write_text("mine")
        save_attachments(view, tmp_path)
        assert (tmp_path / "passwd").read_text() == "mine"
        assert (tmp_path / "passwd (1)").read_bytes() == b"payload 2"
        asked: list[Path] = []
        save_attachments(view, tmp_path, overwrite=lambda p: asked.append(p) or p.name == "passwd")
        assert (tmp_path / "passwd").read_bytes() == b"payload 2"
        assert tmp_path / "bashrc" in asked
        assert (tmp_path / "bashrc (1)").exists()

    def test_a_symlink_in_the_folder_is_not_followed(self, tmp_path: Path) -> None:
        """plan D33: a planted link named like the attachment cannot redirect the write."""
        out, victim = tmp_path / "out", tmp_path / "victim"
        out.mkdir()
        victim.write_text("precious")
        (out / "passwd").symlink_to(victim)
        save_attachments(MessageView.from_bytes(hostile_message()), out)
        assert victim.read_text() == "precious"
        save_attachments(MessageView.from_bytes(hostile_message()), out, overwrite=lambda p: True)
        assert victim.read_text() == "precious"
        assert not (out / "passwd").is_symlink()

    def test_missing_folder_is_a_clear_error(self, tmp_path: Path) -> None:
        with pytest.raises(HongyanError, match="does not exist"):
            save_attachments(MessageView.from_bytes(hostile_message()), tmp_path / "nope")
