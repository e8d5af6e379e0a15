"""The Templates folder: one message per template, named in its own header, found in any case;
what other programs put there is a template too; nothing is lost by a reindex or a move."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hongyan.core.accounts import Identity
from hongyan.core.errors import HongyanError
from hongyan.core.message.compose import Attachment, Draft
from hongyan.core.store import Store
from hongyan.core.store.relocate import relocate
from hongyan.core.templates import NAME_HEADER, TEMPLATES, Templates
from support.sending import parse

ME = Identity(display_name="李雷", address="li@hongyan.example")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "Mail", create=True) as opened:
        yield opened


def thanks() -> Draft:
    return Draft(
        to=["orders@shop.example"],
        subject="感谢您的购买，{{recipient_courtesy}}",
        body="{{recipient_name}}，您好：\n\n感谢您的订单。\n",
        attachments=[Attachment("价目表.pdf", b"%PDF-1.4 price list", "application/pdf")],
        message_id="<old@hongyan.example>",
        in_reply_to="<parent@x.example>",
    )


def test_a_template_is_a_message_in_the_templates_folder(store: Store) -> None:
    store_id = Templates(store).save("感谢购买", thanks(), ME, account="work")
    row = store.get(store_id)
    assert row.folder == TEMPLATES and row.subject == "感谢您的购买，{{recipient_courtesy}}"
    message = parse(store.read_bytes(store_id))
    assert str(message[NAME_HEADER]) == "感谢购买"  # RFC 2047 on disk, the name read back
    assert "In-Reply-To" not in message  # threading of the draft it came from is dropped


def test_a_template_reads_back_with_its_recipients_and_attachments(store: Store) -> None:
    templates = Templates(store)
    templates.save("感谢购买", thanks(), ME)
    template = templates.get("感谢购买")
    assert template.draft.subject == "感谢您的购买，{{recipient_courtesy}}"
    assert template.draft.body == "{{recipient_name}}，您好：\n\n感谢您的订单。\n"
    assert template.draft.to == ["orders@shop.example"]
    assert [a.filename for a in template.draft.attachments] == ["价目表.pdf"]
    assert template.draft.message_id == "" and template.draft.from_addr == ""


def test_names_are_found_in_any_case_and_listed_in_order(store: Store) -> None:
    templates = Templates(store)
    templates.save("Welcome", Draft(subject="Hi"), ME)
    templates.save("  away  ", Draft(subject="Out"), None)  # no account yet: still possible
    assert [t.name for t in templates.list()] == ["away", "Welcome"]
    assert templates.get("WELCOME").draft.subject == "Hi"
    assert templates.find("nothing") is None


def test_a_name_is_unique_unless_replacing_and_the_old_version_goes(store: Store) -> None:
    templates = Templates(store)
    templates.save("Welcome", Draft(subject="v1"), ME)
    with pytest.raises(HongyanError, match="exists already"):
        templates.save("welcome", Draft(subject="v2"), ME)
    templates.save("welcome", Draft(subject="v2"), ME, replace_existing=True)
    assert [(t.name, t.subject) for t in templates.list()] == [("welcome", "v2")]
    assert store.count("Trash") == 0  # a superseded version is not the user's to recover


def test_remove_moves_it_to_trash(store: Store) -> None:
    templates = Templates(store)
    templates.save("Welcome", Draft(subject="Hi"), ME)
    templates.remove("welcome")
    assert templates.list() == []
    assert [r.subject for r in store.list("Trash")] == ["Hi"]
    with pytest.raises(HongyanError, match="no template named “welcome”"):
        templates.remove("welcome")


def test_an_unknown_name_lists_the_names_there_are(store: Store) -> None:
    Templates(store).save("报价", Draft(subject="Quote"), ME)
    with pytest.raises(HongyanError, match=r"templates: 报价"):
        Templates(store).get("offer")


@pytest.mark.parametrize("bad", ["", "   ", "a\nb", "x" * 101])
def test_unusable_names_are_refused(store: Store, bad: str) -> None:
    with pytest.raises(HongyanError):
        Templates(store).save(bad, Draft(subject="s"), ME)


def test_a_message_another_program_put_there_is_named_by_its_subject(store: Store) -> None:
    store.create_folder(TEMPLATES)
    store.add(TEMPLATES, b"From: a@b.example\nSubject: Thunderbird's template\n\nHello\n")
    [info] = Templates(store).list()
    assert info.name == "Thunderbird's template"
    assert Templates(store).get(info.name).draft.body == "Hello\n"


def test_a_template_survives_a_reindex_and_a_store_move(tmp_path: Path) -> None:
    with Store.open(tmp_path / "Mail", create=True) as store:
        Templates(store).save("感谢购买", thanks(), ME)
        store.reindex()
        assert Templates(store).get("感谢购买").draft.subject.startswith("感谢您的购买")
    moved = relocate(tmp_path / "Mail", tmp_path / "elsewhere" / "Mail")
    moved.finish()
    with Store.open(moved.dest) as store:
        template = Templates(store).get("感谢购买")
        assert [a.filename for a in template.draft.attachments] == ["价目表.pdf"]
