"""Quick text: saved paragraphs, found by typing (any case, full-width, Chinese), kept in a
readable file in the store folder that two writers never corrupt and nobody's edit is lost."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.quicktext import FILE_NAME, QuickText, QuickTexts
from hongyan.core.store import Store
from hongyan.core.store.relocate import relocate


@pytest.fixture
def texts(tmp_path: Path) -> QuickTexts:
    quick = QuickTexts(tmp_path)
    quick.add("报价有效期", "本报价自发出之日起30天内有效。")
    quick.add("Shipping", "We ship within 48 hours by SF Express.")
    quick.add("付款方式", "请汇款至招商银行。Payment by bank transfer.")
    return quick


def titles(found: list[QuickText]) -> list[str]:
    return [q.title for q in found]


def test_everything_in_the_order_added(texts: QuickTexts) -> None:
    assert titles(texts.all()) == ["报价有效期", "Shipping", "付款方式"]
    assert titles(texts.find("")) == titles(texts.all())


def test_type_to_find_any_case_full_width_and_chinese(texts: QuickTexts) -> None:
    assert titles(texts.find("报价")) == ["报价有效期"]
    assert titles(texts.find("SHIP")) == ["Shipping"]
    assert titles(texts.find("ｓｈｉｐ")) == ["Shipping"]  # full-width letters from a Chinese IME
    assert titles(texts.find("30天")) == ["报价有效期"]
    assert titles(texts.find("bank 招商")) == ["付款方式"]  # every word, anywhere
    assert texts.find("bank 顺丰") == []


def test_title_matches_come_before_text_matches(tmp_path: Path) -> None:
    quick = QuickTexts(tmp_path)
    quick.add("Greeting", "Thanks for your order.")
    quick.add("Order status", "Your parcel is on its way.")
    assert titles(quick.find("order")) == ["Order status", "Greeting"]


def test_a_title_is_unique_in_any_case_unless_replacing(texts: QuickTexts) -> None:
    with pytest.raises(HongyanError, match="exists already"):
        texts.add("shipping", "other")
    texts.add("SHIPPING", "We ship the same day.", replace=True)
    assert texts.find("same day") == [QuickText("SHIPPING", "We ship the same day.")]
    assert len(texts.all()) == 3


def test_remove(texts: QuickTexts) -> None:
    texts.remove("shipping")
    assert titles(texts.all()) == ["报价有效期", "付款方式"]
    with pytest.raises(HongyanError, match="no quick text titled"):
        texts.remove("shipping")


@pytest.mark.parametrize(
    ("title", "text"), [("", "x"), ("  ", "x"), ("t", " \n"), ("x" * 101, "y")]
)
def test_empty_or_overlong_entries_are_refused(tmp_path: Path, title: str, text: str) -> None:
    with pytest.raises(HongyanError):
        QuickTexts(tmp_path).add(title, text)


def test_the_file_is_readable_json_in_the_store_folder(texts: QuickTexts, tmp_path: Path) -> None:
    data = json.loads((tmp_path / FILE_NAME).read_text(encoding="utf-8"))
    assert data["texts"][0] == {"title": "报价有效期", "text": "本报价自发出之日起30天内有效。"}
    assert "报价有效期" in (tmp_path / FILE_NAME).read_text(encoding="utf-8")  # not \\u escapes


def test_a_damaged_file_is_named_and_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / FILE_NAME).write_text('{"texts": [{"title": 1}]}', encoding="utf-8")
    with pytest.raises(HongyanError, match=FILE_NAME):
        QuickTexts(tmp_path).add("new", "text")
    (tmp_path / FILE_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(HongyanError, match="cannot be read"):
        QuickTexts(tmp_path).all()
    assert (tmp_path / FILE_NAME).read_text(encoding="utf-8") == "{not json"


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    def add_many(prefix: str) -> None:
        quick = QuickTexts(tmp_path)
        for n in range(20):
            quick.add(f"{prefix}{n}", "text")

    writers = [threading.Thread(target=add_many, args=(p,)) for p in ("a", "b")]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert len(QuickTexts(tmp_path).all()) == 40


def test_quick_texts_move_with_the_store(tmp_path: Path) -> None:
    with Store.open(tmp_path / "Mail", create=True) as store:
        QuickTexts(store.root).add("签名", "此致\n敬礼")
        store.reindex()
    moved = relocate(tmp_path / "Mail", tmp_path / "usb" / "Mail")
    moved.finish()
    assert QuickTexts(moved.dest).all() == [QuickText("签名", "此致\n敬礼")]
