"""``hongyan search`` reads its arguments as one query, the same text the search box takes:
quoting the whole query in the shell, or not, means the same (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hongyan.cli import main
from support.mail import message, with_attachment


def search(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["search", *args]) == 0
    return sorted(line.split("\t")[3] for line in capsys.readouterr().out.splitlines())


@pytest.fixture
def imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "eml"
    folder.mkdir()
    old = with_attachment(subject="Old figures").replace(
        b"Date: Tue, 3 Mar 2026", b"Date: Wed, 1 Nov 2023"
    )
    (folder / "old.eml").write_bytes(old)
    (folder / "new.eml").write_bytes(with_attachment(subject="New figures"))
    (folder / "note.eml").write_bytes(message(subject="Quarterly report due"))
    assert main(["import", str(folder)]) == 0
    capsys.readouterr()


@pytest.mark.usefixtures("imported")
def test_a_quoted_query_means_the_same_as_the_unquoted_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    unquoted = search(capsys, "has:attachment", "before:2023-11-20")
    assert unquoted == ["Old figures"]
    assert search(capsys, "has:attachment before:2023-11-20") == unquoted
    assert search(capsys, "has:attachment before:2023-11-20", "--limit", "5") == unquoted


@pytest.mark.usefixtures("imported")
def test_a_phrase_keeps_its_own_quotes_inside_the_query(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert search(capsys, 'subject:"old figures" has:attachment') == ["Old figures"]
    assert search(capsys, '"report due"') == ["Quarterly report due"]
    assert search(capsys, '"due report"') == []
    assert search(capsys, "due report") == ["Quarterly report due"]  # two words, any order
    assert search(capsys, "figures", "subject:new") == ["New figures"]
