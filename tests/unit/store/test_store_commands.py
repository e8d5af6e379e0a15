"""The store's commands: their output is a contract that scripts depend on."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from hongyan.cli import main
from hongyan.core.paths import app_paths
from hongyan.core.settings import Settings
from hongyan.core.store import Store
from support.mail import message, with_attachment


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


@pytest.fixture
def mail_files(tmp_path: Path) -> Path:
    folder = tmp_path / "eml"
    folder.mkdir()
    (folder / "a.eml").write_bytes(message(subject="关于报价单的确认", sender="张 <z@x.cn>"))
    (folder / "b.eml").write_bytes(message(subject="Tab\there", body="GBK 报价", charset="gbk"))
    (folder / "c.eml").write_bytes(with_attachment(subject="Figures"))
    return folder


def test_where_prints_the_default_store(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "store", "where")
    assert code == 0 and out == [str(app_paths().default_store_dir)]


def test_import_folders_list_search_export(
    capsys: pytest.CaptureFixture[str], mail_files: Path, tmp_path: Path
) -> None:
    assert run(capsys, "import", str(mail_files))[1] == ["Imported 3 messages into Inbox."]
    _, out, _ = run(capsys, "folders")
    assert out[0] == "Inbox\t3\t3"
    assert out[1:6] == [f"{n}\t0\t0" for n in ("Outbox", "Sent", "Drafts", "Trash", "Junk")]
    _, out, _ = run(capsys, "list", "Inbox", "--limit", "2")
    assert len(out) == 2
    ident, date, sender, subject = out[0].split("\t")
    assert ident.isdigit() and len(date) == 16 and subject == "Figures"
    assert sender == "carol@example.org"
    _, out, _ = run(capsys, "list", "Inbox", "--all")
    assert sorted(line.split("\t")[3] for line in out) == [
        "Figures",
        "Tab here",
        "关于报价单的确认",
    ]
    _, out, _ = run(capsys, "search", "报价")  # subject 关于报价单的确认, and a GBK body
    assert sorted(line.split("\t")[3] for line in out) == ["Tab here", "关于报价单的确认"]
    assert all(line.split("\t")[4] == "Inbox" for line in out)
    _, out, _ = run(capsys, "search", "from:z@x.cn")
    assert [line.split("\t")[2] for line in out] == ["张 <z@x.cn>"]
    _, out, _ = run(capsys, "search", "has:attachment")
    assert len(out) == 1
    target = tmp_path / "out.mbox"
    assert run(capsys, "export", "Inbox", str(target))[0] == 0
    assert len(mailbox.mbox(target)) == 3
    first_id = out[0].split("\t")[0]
    eml = tmp_path / "one.eml"
    assert run(capsys, "export", "--message", first_id, str(eml))[0] == 0
    assert eml.read_bytes() == with_attachment(subject="Figures")


def test_import_into_a_new_folder_and_exported_mbox_imports_back(
    capsys: pytest.CaptureFixture[str], mail_files: Path, tmp_path: Path
) -> None:
    run(capsys, "import", str(mail_files / "a.eml"), "--folder", "Projects/2026")
    run(capsys, "export", "Projects/2026", str(tmp_path / "p.mbox"))
    run(capsys, "import", str(tmp_path / "p.mbox"), "--folder", "Again")
    with Store.open(app_paths().default_store_dir) as store:
        (row,) = store.list("Again")
        original = (mail_files / "a.eml").read_bytes()
        # mbox adds the read state and ends every message with a line break
        assert store.read_bytes(row.id) == b"Status: O\n" + original + b"\n"


def test_bad_input_gets_one_plain_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for args, words in [
        (("list", "Nowhere"), "no folder 'Nowhere'"),
        (("search", "before:someday"), "not a date"),
        (("import", str(tmp_path / "missing.mbox")), "does not exist"),
        (("export", "Inbox"), "Give a folder and a file"),
        (("export", "--message", "42", str(tmp_path / "x.eml")), "no message 42"),
        (("store", "open", str(tmp_path)), "not a Hongyan mail store"),
    ]:
        code, _, err = run(capsys, *args)
        assert code == 1, args
        assert err.startswith("hongyan: ") and words in err, (args, err)
        assert "Traceback" not in err


def test_a_missing_configured_store_is_explained(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    settings = Settings.load(app_paths())
    settings.set("store_path", str(tmp_path / "USB" / "Mail"))
    settings.save()
    code, _, err = run(capsys, "folders")
    assert code == 1 and "is missing" in err and "hongyan store open" in err


def test_store_open_switches_to_an_existing_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """After a reinstall: point Hongyan at the old store and see the old mail again."""
    old = tmp_path / "D" / "Mail"
    with Store.open(old, create=True) as store:
        store.add("Inbox", message(subject="old mail"))
    (old / "index.sqlite").unlink()  # even without its index
    code, out, _ = run(capsys, "store", "open", str(old))
    assert code == 0 and out == [f"Using the mail store at {old} (1 messages)."]
    assert run(capsys, "store", "where")[1] == [str(old)]
    assert run(capsys, "list", "Inbox")[1][0].endswith("\told mail")


def test_reindex_reports_the_count(capsys: pytest.CaptureFixture[str], mail_files: Path) -> None:
    run(capsys, "import", str(mail_files))
    _, out, err = run(capsys, "store", "reindex")
    assert out == ["Reindexed 3 messages."] and "indexing messages 3/3" in err


def test_import_a_maildir_keeps_its_flags(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A mutt or Dovecot folder: cur/ and new/, flags in the names."""
    maildir = tmp_path / "mutt"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "cur" / "1.a.host:2,FS").write_bytes(message(subject="flagged and read"))
    (maildir / "new" / "2.b.host").write_bytes(message(subject="new one"))
    assert run(capsys, "import", str(maildir), "--folder", "Old")[1] == [
        "Imported 2 messages into Old."
    ]
    with Store.open(app_paths().default_store_dir) as store:
        flags = {r.subject: r.flags for r in store.list("Old")}
    assert flags == {"flagged and read": "FS", "new one": ""}


def test_ctrl_c_during_reindex_cancels_cleanly(
    capsys: pytest.CaptureFixture[str], mail_files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hongyan.core.store import rebuild

    run(capsys, "import", str(mail_files))
    before = run(capsys, "search", "报价")[1]

    def interrupted(*args: object, **kwargs: object) -> None:
        assert rebuild.rebuild_path(app_paths().default_store_dir).exists()
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(rebuild, "reconcile", interrupted)
        code, out, err = run(capsys, "store", "reindex")
    assert code == 130 and out == []
    assert err.strip() == "hongyan: the rebuild was cancelled; the old index is still in use."
    assert not rebuild.rebuild_path(app_paths().default_store_dir).exists()
    assert run(capsys, "search", "报价")[1] == before
