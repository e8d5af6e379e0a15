"""``hongyan folder create|rename|delete|empty``, ``move``, ``copy``: a contract for scripts."""

from __future__ import annotations

import pytest

from hongyan.cli import main
from hongyan.core.paths import app_paths
from hongyan.core.store import Store
from support.mail import message


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def folders(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return [line.split("\t")[0] for line in run(capsys, "folders")[1]]


def add(*subjects: str, folder: str = "Inbox") -> list[int]:
    with Store.open(app_paths().default_store_dir, create=True) as store:
        store.create_folder(folder)
        return [store.add(folder, message(subject=s)) for s in subjects]


def test_create_rename_delete(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "folder", "create", "客户/华东/上海某公司")[1] == [
        "Created the folder 客户/华东/上海某公司."
    ]
    assert {"客户", "客户/华东", "客户/华东/上海某公司"} <= set(folders(capsys))
    code, _, err = run(capsys, "folder", "create", "客户/华东")
    assert code == 1 and "There is a folder '客户/华东' already." in err
    assert run(capsys, "folder", "rename", "客户", "Customers")[1] == [
        "Renamed 客户 to Customers (and 2 subfolders)."
    ]
    add("a", "b", folder="Customers/华东")
    assert run(capsys, "folder", "delete", "Customers")[1] == [
        "Deleted the folder Customers; 2 messages went to Trash."
    ]
    assert not [f for f in folders(capsys) if f.startswith("Customers")]
    assert len(run(capsys, "list", "Trash")[1]) == 2


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("folder", "delete", "Inbox"), "'Inbox' is a special folder and cannot be deleted."),
        (("folder", "rename", "Sent", "Old"), "'Sent' is a special folder and cannot be renamed."),
        (("folder", "delete", "Nothing"), "There is no folder 'Nothing' in the mail store."),
        (("folder", "create", "a.b"), "'a.b' cannot be a folder name"),
        (("folder", "empty", "Inbox", "--yes"), "Only Trash and Junk can be emptied"),
        (("folder", "empty", "Trash"), "add --yes to do it from a script"),
        (("move", "1", "--to", "Nowhere"), "There is no folder 'Nowhere'"),
        (("move", "99", "--to", "Trash"), "There is no message 99 in the mail store."),
    ],
)
def test_refusals_are_one_plain_line(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], says: str
) -> None:
    add("one")
    code, _, err = run(capsys, *args)
    assert code == 1 and says in err and "Traceback" not in err


def test_empty_junk_with_yes(capsys: pytest.CaptureFixture[str]) -> None:
    add("spam", "more spam", folder="Junk")
    assert run(capsys, "folder", "empty", "junk", "--yes")[1] == [
        "Deleted 2 messages from Junk for good."
    ]
    assert run(capsys, "list", "Junk")[1] == []


def test_move_and_copy_by_id(capsys: pytest.CaptureFixture[str]) -> None:
    first, second = add("first", "second")
    run(capsys, "folder", "create", "Archive")
    assert run(capsys, "move", str(first), str(second), "--to", "Archive")[1] == [
        "Moved 2 messages to Archive."
    ]
    code, out, _ = run(capsys, "copy", str(first), "--to", "Inbox")
    original, copy = out[0].split("\t")
    assert code == 0 and original == str(first) and copy.isdigit() and copy != original
    listed = {line.split("\t")[3] for line in run(capsys, "list", "Inbox")[1]}
    assert listed == {"first"}


def test_parsers_take_no_abbreviations(capsys: pytest.CaptureFixture[str]) -> None:
    add("x")
    with pytest.raises(SystemExit):
        main(["move", "1", "--t", "Trash"])
    assert "the following arguments are required: --to" in capsys.readouterr().err
