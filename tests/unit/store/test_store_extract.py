"""What the index reads from hostile and broken mail: best effort, bounded, never raising.

The raw file is always kept byte for byte; only the index's view is approximate (plan D30-D32).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hongyan.core.store import Store
from hongyan.core.store.extract import extract
from support.mail import message

BOMBS = {
    "nested-5000": "nested(5000)",
    "siblings-100000": "siblings(100000)",
    "headers-100000-lines": "many_headers(100000)",
    "base64-50mb-one-line": "long_base64(50 << 20)",
}

BOMB_CODE = """
import base64, json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from hongyan.core.store import Store

def nested(n):
    head = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\\n\\n--b%d\\n" % (i, i)
                    for i in range(n))
    return b"From: a@x\\nSubject: nested\\n" + head + b"\\nbottom\\n"

def siblings(n):
    part = b"--S\\nContent-Type: text/plain\\n\\nx\\n"
    return (b"From: a@x\\nSubject: siblings\\nContent-Type: multipart/mixed; boundary=S\\n\\n"
            + part * n + b"--S--\\n")

def many_headers(n):
    return (b"From: a@x\\nSubject: headers\\n" + b"X-H: v\\n" * n
            + b"X-Big: " + b"a" * (1 << 20) + b"\\n\\nbody\\n")

def long_base64(n):
    return (b"From: a@x\\nSubject: base64\\nContent-Type: text/plain\\n"
            b"Content-Transfer-Encoding: base64\\n\\n" + b"QUFB" * (n // 4) + b"\\n")

raw = RAW_EXPRESSION
store = Store.open(sys.argv[1], create=True)
start = time.monotonic()
message_id = store.add("Inbox", raw)
elapsed = time.monotonic() - start
row = store.get(message_id)
same = store.read_bytes(message_id) == raw
malformed = store.connection.execute("SELECT malformed FROM messages").fetchone()[0]
store.close()
try:  # VmHWM is this image's own peak; ru_maxrss keeps the forking parent's across exec
    with open("/proc/self/status") as status:
        peak_mb = next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
except OSError:
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "same": same, "subject": row.subject,
                  "malformed": malformed, "peak_mb": peak_mb}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_mime_bombs_are_indexed_within_bounds_and_kept_byte_for_byte(
    bomb: str, tmp_path: Path
) -> None:
    """plan D30 (a)-(d): < 5 s, < 300 MB, raw kept, no RecursionError."""
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            BOMB_CODE.replace("RAW_EXPRESSION", BOMBS[bomb]),
            str(tmp_path / "Mail"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["same"] is True
    assert report["seconds"] < 5
    assert report["peak_mb"] < 300
    assert report["subject"]  # the headers are still indexed


def test_malformed_headers_are_indexed_best_effort() -> None:
    """plan D31: no colon, bare CR, 8-bit raw, two From, bad Date, display-name tricks."""
    raw = (
        b'From: "alice@bank.example" <evil@attacker.example>\n'
        b"From: second@example.com\n"
        b"This line has no colon\n"
        b"Subject: \xe6\x8a\xa5\xe4\xbb\xb7 raw utf-8\rfolded\n"
        b"Date: the day after tomorrow\n"
        b'To: "unbalanced <x@y>\n'
        b"\nbody\n"
    )
    info = extract(raw)
    assert info.from_addr == "evil@attacker.example"
    assert "报价" in info.subject
    assert info.date is None
    tricky = extract(b"From: alice@bank.example@attacker.example\n\nx\n")
    assert "attacker.example" in tricky.from_addr


def test_bad_charsets_and_nul_bytes_never_reach_the_index() -> None:
    """plan D32: unknown charset, UTF-7, invalid UTF-8, bogus encoded word, NULs."""
    raw = (
        b"From: a@example.com\n"
        b"Subject: =?x-bogus?Q?hello?= null\x00here\n"
        b"Content-Type: multipart/mixed; boundary=B\n\n"
        b"--B\nContent-Type: text/plain; charset=x-unknown\n\nplain \xff\xfe text\x00!\n"
        b"--B\nContent-Type: text/html; charset=utf-7\n\n+ADw-script+AD4-alert(1)\n"
        b"--B\nContent-Type: text/plain; charset=utf-8\n\nbad \xc3\x28 utf8\n"
        b"--B--\n"
    )
    info = extract(raw)
    everything = json.dumps(info.__dict__, ensure_ascii=False)
    assert "\x00" not in everything and "\\u0000" not in everything
    assert "<script>" not in info.body_text
    assert "plain" in info.body_text
    assert "null" in info.subject
    broken = extract(b"Content-Type: text/plain; charset=utf-8\n\nbad \xc3\x28 utf8 \x00\n")
    assert "utf8" in broken.body_text and "\x00" not in broken.body_text


def test_nul_bytes_are_kept_in_the_file_but_not_in_the_index(store: Store) -> None:
    raw = message(subject="nul test", body="before\x00after")
    message_id = store.add("Inbox", raw)
    assert store.read_bytes(message_id) == raw
    body = store.connection.execute("SELECT body FROM messages_fts").fetchone()[0]
    assert "\x00" not in body and "before\ufffdafter" in body  # shown as a replacement char


def test_gbk_body_and_gb2312_subject_are_decoded() -> None:
    raw = (
        b"Subject: =?gb2312?B?udjT2rGovNu1pbXEyLfIzw==?=\n"
        b"Content-Type: text/plain; charset=gb2312\n\n"
    ) + "请确认报价。镕".encode("gb18030")
    info = extract(raw)
    assert info.subject == "关于报价单的确认"
    assert "报价" in info.body_text and "镕" in info.body_text


def test_attachments_are_noted_and_their_names_searchable() -> None:
    from support.mail import with_attachment

    info = extract(with_attachment(filename="季度报表.pdf"))
    assert info.has_attachments
    assert info.attachment_names == ["季度报表.pdf"]
    assert "quarterly figures" in info.body_text


def test_big_attachments_are_skipped_but_base64_text_parts_are_indexed() -> None:
    import base64

    text = base64.encodebytes(("请确认报价。" * 400).encode("gbk")).decode()
    blob = base64.encodebytes(bytes(range(256)) * 400).decode()
    raw = (
        "From: a@example.com\nSubject: big\n"
        'Content-Type: multipart/mixed; boundary="B"\n\n'
        "--B\nContent-Type: text/plain; charset=gbk\nContent-Transfer-Encoding: base64\n\n"
        f"{text}--B\nContent-Type: application/zip\n"
        'Content-Disposition: attachment; filename="a.zip"\n'
        f"Content-Transfer-Encoding: base64\n\n{blob}--B--\n"
    ).encode()
    assert len(raw) > 64 * 1024
    info = extract(raw)
    assert "报价" in info.body_text
    assert info.has_attachments and info.attachment_names == ["a.zip"]


def test_raw_8bit_legacy_subjects_are_indexed_as_the_reader_shows_them(store: Store) -> None:
    """Raw EUC-KR / KOI8-R header bytes are read in the body's charset, like the reader does."""
    from hongyan.core.message.view import MessageView

    korean = (
        b"From: " + "김민수".encode("euc-kr") + b" <kim@example.kr>\n"
        b"Subject: " + "회의록 공유".encode("euc-kr") + b"\n"
        b"Content-Type: text/plain; charset=euc-kr\n\n" + "내일 회의".encode("euc-kr") + b"\n"
    )
    russian = (
        b"Subject: " + "Отчёт за март".encode("koi8-r") + b"\n"
        b"Content-Type: text/plain; charset=koi8-r\n\n" + "Привет".encode("koi8-r") + b"\n"
    )
    korean_id = store.add("Inbox", korean)
    russian_id = store.add("Inbox", russian)
    assert store.get(korean_id).subject == MessageView.from_bytes(korean).subject == "회의록 공유"
    assert store.get(korean_id).from_name == "김민수"
    assert store.get(russian_id).subject == "Отчёт за март"
    assert [row.id for row in store.search("회의록")] == [korean_id]
    assert [row.id for row in store.search("from:김민수")] == [korean_id]
    assert [row.id for row in store.search("отчёт")] == [russian_id]
