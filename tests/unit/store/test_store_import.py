"""Import takes only mail, splits an mbox where its writer did, and never imports twice
(plan G66); export never replaces a file unless told to."""

from __future__ import annotations

from pathlib import Path

import pytest

from hongyan.cli import main
from hongyan.core.errors import HongyanError
from hongyan.core.store import Store
from hongyan.core.store.importexport import export_folder, export_message, import_path
from hongyan.core.store.relocate import relocate
from support.mail import message

JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffdb004300") + bytes(300)


def subjects(store: Store, folder: str = "Inbox") -> list[str]:
    return sorted(row.subject for row in store.list(folder))


def mbox(
    path: Path, *entries: bytes, separator: bytes = b"From MAILER-DAEMON Sat Jan  3 01:05:34 1996"
) -> Path:
    """An mbox as mutt writes it: a separator line, the message, a blank line."""
    path.write_bytes(b"".join(separator + b"\n" + e.rstrip(b"\n") + b"\n\n" for e in entries))
    return path


# -- where an mbox splits (plan G66) -------------------------------------------------------
def test_thunderbird_from_dash_separators_split_at_each(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "Inbox"  # Thunderbird's mbox files have no extension
    path.write_bytes(
        b"From - Sat Jan 03 01:05:34 1996\r\nX-Mozilla-Status: 0001\r\n"
        + message(subject="one").replace(b"\n", b"\r\n")
        + b"\r\n\r\nFrom - \r\nX-Mozilla-Status: 0000\r\n"
        + message(subject="two").replace(b"\n", b"\r\n")
        + b"\r\n\r\nFrom - Sat Jan 03 01:05:36 1996\r\n"
        + message(subject="three").replace(b"\n", b"\r\n")
        + b"\r\n"
    )
    assert import_path(store, path).imported == 3
    assert subjects(store) == ["one", "three", "two"]


def test_a_from_line_in_a_body_is_text_not_a_separator(store: Store, tmp_path: Path) -> None:
    """Unescaped "From " lines (mboxo writers forget them): only a "From " line after a blank
    line and followed by a header block starts a message."""
    body = "Dear all,\n\nFrom Russia with love,\nJames\n\nFrom: the desk of M\n"
    path = mbox(tmp_path / "bond.mbox", message(subject="007", body=body), message(subject="M"))
    assert import_path(store, path).imported == 2
    (row,) = [r for r in store.list("Inbox") if r.subject == "007"]
    assert b"From Russia with love,\nJames\n\nFrom: the desk of M" in store.read_bytes(row.id)


def test_a_from_line_right_after_a_body_line_is_text(store: Store, tmp_path: Path) -> None:
    body = "See below.\nFrom here on: a header-like line\n"
    path = mbox(tmp_path / "a.mbox", message(subject="a", body=body), message(subject="b"))
    assert import_path(store, path).imported == 2


def test_an_envelope_line_right_after_text_still_splits(store: Store, tmp_path: Path) -> None:
    """Some writers leave out the blank line; a line that is plainly an envelope (Thunderbird's
    "From -", or an address and a ctime date) followed by headers still starts a message."""
    path = tmp_path / "tight.mbox"
    path.write_bytes(
        b"From - \n" + message(subject="one") + b"\n"
        b"From - \n" + message(subject="two") + b"\n"
        b"From bob@example.com Mon Mar  2 10:00:00 2026\n" + message(subject="three") + b"\n"
    )
    assert import_path(store, path).imported == 3


def test_an_mbox_starting_with_a_byte_order_mark_is_an_mbox(store: Store, tmp_path: Path) -> None:
    path = mbox(tmp_path / "bom.mbox", message(subject="one"), message(subject="two"))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert import_path(store, path).imported == 2
    assert subjects(store) == ["one", "two"]


def test_messages_are_stored_without_their_separator_and_closing_blank_line(
    store: Store, tmp_path: Path
) -> None:
    first, second = message(subject="one", body="a\n"), message(subject="two", body="b\n")
    import_path(store, mbox(tmp_path / "x.mbox", first, second))
    stored = sorted(store.read_bytes(r.id) for r in store.list("Inbox"))
    assert stored == sorted([first, second])


# -- only mail is imported (plan G66) ------------------------------------------------------
def test_a_jpeg_is_refused_with_a_plain_message(store: Store, tmp_path: Path) -> None:
    photo = tmp_path / "holiday.jpg"
    photo.write_bytes(JPEG)
    with pytest.raises(HongyanError, match=r"holiday\.jpg is not an email message"):
        import_path(store, photo)
    assert store.list("Inbox") == []


def test_a_text_file_without_headers_is_refused(store: Store, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("From the desk of the director\n\nPlease read.\n")
    with pytest.raises(HongyanError, match="not an email message"):
        import_path(store, notes)


def test_files_that_are_not_mail_in_a_folder_are_skipped_and_named(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a.eml").write_bytes(message(subject="a"))
    (folder / "b.eml").write_bytes(JPEG)  # a wrong extension does not make it mail
    report = import_path(store, folder)
    assert report.imported == 1
    assert report.not_mail == [folder / "b.eml"]
    assert subjects(store) == ["a"]


def test_an_eml_file_starting_with_an_envelope_line_is_one_message(
    store: Store, tmp_path: Path
) -> None:
    eml = tmp_path / "saved.eml"
    eml.write_bytes(b"From alice@example.com Mon Mar  2 10:00:00 2026\n" + message(subject="a"))
    assert import_path(store, eml).imported == 1


# -- importing twice adds nothing (plan G66) -----------------------------------------------
def test_the_same_mbox_imported_twice_adds_nothing(store: Store, tmp_path: Path) -> None:
    path = mbox(tmp_path / "x.mbox", message(subject="one"), message(subject="two"))
    first = import_path(store, path)
    again = import_path(store, path)
    assert (first.imported, first.skipped) == (2, 0)
    assert (again.imported, again.skipped) == (0, 2)
    assert subjects(store) == ["one", "two"]


def test_a_message_twice_in_one_mbox_is_kept_twice_and_skipped_twice(
    store: Store, tmp_path: Path
) -> None:
    """Two identical entries are two messages of that source (a user who saved one twice)."""
    same = message(subject="twice")
    path = mbox(tmp_path / "x.mbox", same, same, message(subject="once"))
    assert import_path(store, path).imported == 3
    assert import_path(store, path).skipped == 3
    assert subjects(store) == ["once", "twice", "twice"]


def test_a_grown_mbox_imports_only_what_is_new(store: Store, tmp_path: Path) -> None:
    path = mbox(tmp_path / "x.mbox", message(subject="one"))
    import_path(store, path)
    mbox(path, message(subject="one"), message(subject="two"))
    report = import_path(store, path)
    assert (report.imported, report.skipped) == (1, 1)


def test_imported_mail_is_recognised_wherever_it_was_moved(store: Store, tmp_path: Path) -> None:
    path = mbox(tmp_path / "x.mbox", message(subject="one"), message(subject="two"))
    import_path(store, path, folder="Old mail")
    store.create_folder("Archive")
    store.move([r.id for r in store.list("Old mail")][:1], "Archive")
    report = import_path(store, path, folder="Elsewhere")
    assert (report.imported, report.skipped) == (0, 2)


def test_recognition_survives_a_reindex_and_a_store_move(store_dir: Path, tmp_path: Path) -> None:
    """What was imported is known from the mail files themselves (their names), not from
    the index: the index is a cache."""
    path = mbox(tmp_path / "x.mbox", message(subject="one"), message(subject="two"))
    with Store.open(store_dir, create=True) as store:
        import_path(store, path)
        store.reindex()
        assert import_path(store, path).skipped == 2
    (store_dir / "index.sqlite").unlink()
    moved = relocate(store_dir, tmp_path / "USB" / "Mail")
    moved.finish()
    with Store.open(moved.dest) as store:
        report = import_path(store, path)
        assert (report.imported, report.skipped) == (0, 2)
        assert subjects(store) == ["one", "two"]


def test_a_folder_of_eml_files_imported_twice_adds_nothing(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a.eml").write_bytes(message(subject="a"))
    import_path(store, folder)
    (folder / "b.eml").write_bytes(message(subject="b"))
    report = import_path(store, folder)
    assert (report.imported, report.skipped) == (1, 1)


# -- export never replaces a file unless asked --------------------------------------------
def test_export_refuses_to_replace_an_existing_file(store: Store, tmp_path: Path) -> None:
    message_id = store.add("Inbox", message(subject="one"))
    target = tmp_path / "mine.mbox"
    target.write_bytes(b"my own file")
    with pytest.raises(HongyanError, match="already exists"):
        export_folder(store, "Inbox", target)
    eml = tmp_path / "one.eml"
    eml.write_bytes(b"mine too")
    with pytest.raises(HongyanError, match="already exists"):
        export_message(store, message_id, eml)
    assert target.read_bytes() == b"my own file" and eml.read_bytes() == b"mine too"
    assert export_folder(store, "Inbox", target, overwrite=True) == 1
    export_message(store, message_id, eml, overwrite=True)
    assert eml.read_bytes() == message(subject="one")


# -- the commands --------------------------------------------------------------------------
def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_import_says_what_it_did_in_good_english(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = mbox(tmp_path / "x.mbox", message(subject="one"))
    assert run(capsys, "import", str(path))[1] == ["Imported 1 message into Inbox."]
    mbox(path, message(subject="one"), message(subject="two"), message(subject="three"))
    assert run(capsys, "import", str(path))[1] == [
        "Imported 2 messages into Inbox. Skipped 1 already imported."
    ]
    code, out, _ = run(capsys, "import", str(path))
    assert code == 0
    assert out == ["Imported 0 messages into Inbox. Skipped 3 already imported."]


def test_import_names_the_files_it_left_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "a.eml").write_bytes(message(subject="a"))
    (folder / "photo.eml").write_bytes(JPEG)
    code, out, err = run(capsys, "import", str(folder))
    assert code == 0 and out == ["Imported 1 message into Inbox."]
    assert f"hongyan: skipped {folder / 'photo.eml'}: not an email message" in err


def test_importing_a_jpeg_is_one_plain_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(JPEG)
    code, out, err = run(capsys, "import", str(photo))
    assert code == 1 and out == []
    assert err == (
        f"hongyan: {photo} is not an email message or an mbox file: it does not begin with "
        "message headers. Hongyan imports .eml and mbox files and Maildir folders.\n"
    )


def test_export_asks_for_force_to_replace_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run(capsys, "import", str(mbox(tmp_path / "x.mbox", message(subject="one"))))
    target = tmp_path / "backup.mbox"
    target.write_bytes(b"last week's backup")
    code, _, err = run(capsys, "export", "Inbox", str(target))
    assert code == 1 and "already exists" in err and "--force" in err
    assert target.read_bytes() == b"last week's backup"
    code, out, _ = run(capsys, "export", "Inbox", str(target), "--force")
    assert code == 0 and out == [f"Exported 1 message from Inbox to {target}."]
    eml = tmp_path / "one.eml"
    eml.write_bytes(b"mine")
    code, _, err = run(capsys, "export", "--message", "1", str(eml))
    assert code == 1 and "--force" in err and eml.read_bytes() == b"mine"
    assert run(capsys, "export", "--message", "1", str(eml), "--force")[0] == 0
