"""Reading a huge message stays bounded (plan G67): ``hongyan show`` and the reading pane on a
200 MB message stay under 300 MB of memory, measured in a process of their own; a part too
large to show is cut with a note and can be saved whole."""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.message.large import read_for_reading
from hongyan.core.message.view import MessageView

MB = 2**20
LIMIT_MB = 300
LINE = b"All work and no play makes Jack a dull boy. 0123456789 abcdefghijklmnopqrstuv\n"


def text_lines(size: int) -> Iterator[bytes]:
    block = LINE * (MB // len(LINE))
    for _ in range(size // len(block)):
        yield block


def write_huge_text(path: Path, size: int = 200 * MB) -> Path:
    with open(path, "wb") as out:
        out.write(b"From: big@example.org\nSubject: The whole log\nMIME-Version: 1.0\n")
        out.write(b"Content-Type: text/plain; charset=us-ascii\n\n")
        for block in text_lines(size):
            out.write(block)
    return path


def attachment_bytes(size: int) -> Iterator[bytes]:
    """Deterministic binary data of ``size`` bytes (multiples of 57: one base64 line)."""
    seed = hashlib.sha256(b"hongyan").digest()
    chunk = (seed * (57 * 1024 // len(seed) + 1))[: 57 * 1024]
    for n in range(size // len(chunk)):
        yield bytes((b + n) % 256 for b in chunk[:16]) + chunk[16:]


def write_huge_attachment(path: Path, size: int = 150 * MB) -> tuple[str, int]:
    """A 200 MB message: a short text and a 150 MB file in base64; returns the file's hash
    and size."""
    digest = hashlib.sha256()
    total = 0
    with open(path, "wb") as out:
        out.write(
            b"From: big@example.org\r\nSubject: The backup\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
            b"Content-Type: text/plain\r\n\r\nThe backup is attached.\r\n--XX\r\n"
            b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
            b'Content-Disposition: attachment; filename="backup.tar"\r\n\r\n'
        )
        for chunk in attachment_bytes(size):
            digest.update(chunk)
            total += len(chunk)
            encoded = base64.encodebytes(chunk).replace(b"\n", b"\r\n")
            out.write(encoded)
        out.write(b"--XX--\r\n")
    return digest.hexdigest(), total


#: The peak RSS of this process in MB, as the kernel keeps it for the process's own memory.
#: Not ``ru_maxrss``: Linux carries that across exec from the process that started it, so a
#: child of a large pytest process would report pytest's size.
PEAK_RSS = (
    "int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1])//1024"
)


def peak_rss_mb(*args: str) -> int:
    """Run ``hongyan ARGS`` (its output to /dev/null) in a process of its own; its peak RSS."""
    measure = (
        "import os, sys\n"
        "from hongyan.cli import main\n"
        "sys.stdout = open(os.devnull, 'w')\n"
        "assert main(sys.argv[1:]) == 0\n"
        f"print({PEAK_RSS}, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", measure, *args], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return int(done.stderr.splitlines()[-1])


PANE = """
import sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from hongyan.gui.message_pane import MessagePane
from hongyan.gui.message_reader import MessageReader
from hongyan.gui.tasks import TaskRunner
app = QApplication([])
pane = MessagePane()
pane.resize(900, 700)
pane.show()
shown = []
reader = MessageReader(
    TaskRunner(), lambda wanted, data: shown.append(pane.show_message(data)), print
)
reader.read("huge", Path(sys.argv[1]))  # as the main window's reading pane reads it
while not shown:
    app.processEvents()
    time.sleep(0.01)
app.processEvents()
print(PEAK_RSS)
print(pane.notes.text())
print(pane.attachments.count(), pane.attachments.item(0).text() if pane.attachments.count() else "")
print(len(pane.browser.toPlainText()))
"""


def pane_in_a_process(path: Path) -> tuple[int, str, str, int]:
    """Show ``path`` in a reading pane in a process of its own: (peak RSS in MB, the notes,
    the first attachment line, characters shown)."""
    code = PANE.replace("PEAK_RSS", PEAK_RSS)
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    rss, notes, attachments, shown = done.stdout.splitlines()
    return int(rss), notes, attachments.partition(" ")[2], int(shown)


@pytest.mark.slow
def test_show_and_the_pane_on_a_200_mb_text_stay_under_300_mb(tmp_path: Path) -> None:
    """Plan G67: the text is cut with a note, and the whole text can be saved."""
    path = write_huge_text(tmp_path / "huge.eml")
    assert peak_rss_mb("show", str(path)) < LIMIT_MB
    shown = subprocess.run(
        [sys.executable, "-m", "hongyan", "show", str(path)],
        capture_output=True,
        text=True,
        timeout=600,
    ).stdout
    assert (
        "Note: This text is too long to show whole (200 MB); its first 4 MB are shown. "
        "The whole text is in the attachment list." in shown
    )
    assert "1. message text.txt  text/plain  209" in shown  # 209 715 200 bytes
    rss, notes, attachment, characters = pane_in_a_process(path)
    assert rss < LIMIT_MB
    assert "too long to show whole" in notes
    assert attachment.startswith("message text.txt (text/plain, 204")
    assert 3 * MB < characters <= 4 * MB
    out = tmp_path / "saved"
    out.mkdir()
    assert peak_rss_mb("save-attachments", str(path), str(out)) < LIMIT_MB
    saved = out / "message text.txt"
    assert saved.stat().st_size == path.stat().st_size - path.read_bytes().index(b"\n\n") - 2


@pytest.mark.slow
def test_a_150_mb_attachment_is_listed_and_saved_whole_within_300_mb(tmp_path: Path) -> None:
    path = tmp_path / "backup.eml"
    expected, size = write_huge_attachment(path)
    assert path.stat().st_size > 200 * MB
    assert peak_rss_mb("show", str(path)) < LIMIT_MB
    rss, notes, attachment, _ = pane_in_a_process(path)
    assert rss < LIMIT_MB and notes == ""
    assert attachment.startswith(
        f"backup.tar (application/octet-stream, {(size + 1023) // 1024} KB)"
    )
    out = tmp_path / "saved"
    out.mkdir()
    assert peak_rss_mb("save-attachments", str(path), str(out)) < LIMIT_MB
    digest = hashlib.sha256()
    with open(out / "backup.tar", "rb") as saved:
        while block := saved.read(MB):
            digest.update(block)
    assert digest.hexdigest() == expected


# -- the cutting, on small messages with small limits ---------------------------------------
def cut_small(data: bytes, tmp_path: Path) -> bytes:
    path = tmp_path / "m.eml"
    path.write_bytes(data)
    return read_for_reading(path, whole_below=0, keep_per_part=100, keep_total=1000)


def test_a_message_under_the_limit_is_read_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "m.eml"
    path.write_bytes(b"Subject: s\n\nbody\n")
    assert read_for_reading(path) == b"Subject: s\n\nbody\n"


def test_only_the_large_part_is_cut_and_it_saves_whole(tmp_path: Path) -> None:
    big = bytes(range(256)) * 40
    encoded = base64.encodebytes(big)
    data = (
        b"Subject: s\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
        b"Content-Type: text/plain\n\nshort text\n--b\n"
        b"Content-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\n"
        + encoded
        + b"--b\nContent-Type: text/plain\nContent-Disposition: attachment; filename=after.txt"
        b"\n\nafter\n--b--\n"
    )
    view = MessageView.from_bytes(cut_small(data, tmp_path))
    assert view.text == "short text"
    names = [(a.filename, a.size) for a in view.attachments]
    assert names == [("a.pdf", len(big)), ("after.txt", 5)]
    out = tmp_path / "out"
    out.mkdir()
    from hongyan.core.message.attachments import save_attachments

    saved = save_attachments(view, out)
    assert saved[0].read_bytes() == big and saved[1].read_bytes() == b"after"


def test_a_cut_text_says_so_and_is_listed_to_save(tmp_path: Path) -> None:
    text = b"".join(b"line %d of the text\r\n" % n for n in range(200))
    data = b"Subject: s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text
    view = MessageView.from_bytes(cut_small(data, tmp_path))
    assert view.text.startswith("line 0 of the text\r\nline 1") and len(view.text) < 200
    (note,) = view.notes
    assert note.startswith("This text is too long to show whole (4 KB); its first ")
    assert note.endswith(" bytes are shown. The whole text is in the attachment list.")
    (attachment,) = view.attachments
    assert (attachment.filename, attachment.content_type) == ("message text.txt", "text/plain")
    out = tmp_path / "out"
    out.mkdir()
    from hongyan.core.message.attachments import save_attachment

    assert save_attachment(attachment, out).read_bytes() == text


def test_nested_parts_and_an_attached_message_keep_their_structure(tmp_path: Path) -> None:
    long_html = b"<p>" + b"x" * 3000 + b"</p>\n"
    data = (
        b"Subject: outer\nContent-Type: multipart/mixed; boundary=o\n\n--o\n"
        b"Content-Type: multipart/alternative; boundary=a\n\n--a\n"
        b"Content-Type: text/plain\n\nplain\n--a\nContent-Type: text/html\n\n"
        + long_html
        + b"--a--\n--o\nContent-Type: message/rfc822\n\nSubject: inner\n"
        b"Content-Type: text/plain\n\ninner body\n--o--\n"
    )
    view = MessageView.from_bytes(cut_small(data, tmp_path), prefer_html=False)
    assert view.text.startswith("plain\n")
    # the HTML alternative was cut: listed to save whole
    assert [a.filename for a in view.attachments] == ["message text.html", "inner.eml"]
    assert view.attachments[1].open_message().text == "inner body"


def test_a_forged_cut_header_in_a_message_is_ignored(tmp_path: Path) -> None:
    data = b"Subject: s\nX-Hongyan-Cut: 0 0\n\nbody\n"
    view = MessageView.from_bytes(cut_small(data, tmp_path))
    assert view.attachments == [] and view.notes == [] and view.text == "body\n"


def test_a_cut_quoted_printable_text_saves_decoded(tmp_path: Path) -> None:
    import quopri

    text = "Grüße aus München, 日本語のテキスト。\n".encode() * 200
    encoded = quopri.encodestring(text).replace(b"=\n", b"= \n")  # white space after "="
    data = (
        b"Subject: s\nContent-Type: text/plain; charset=utf-8\n"
        b"Content-Transfer-Encoding: quoted-printable\n\n" + encoded
    )
    view = MessageView.from_bytes(cut_small(data, tmp_path))
    assert view.text.startswith("Grüße aus München")
    from hongyan.core.message.attachments import save_attachment

    out = tmp_path / "out"
    out.mkdir()
    assert save_attachment(view.attachments[0], out).read_bytes() == text
