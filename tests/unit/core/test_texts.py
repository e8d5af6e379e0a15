"""Core messages are English strings that remember their template for the GUI's translation."""

from __future__ import annotations

import pickle

from hongyan.core.errors import HongyanError
from hongyan.core.texts import QT_TRANSLATE_NOOP, Text, from_json, joined, text_of, to_json, words


def test_a_message_is_the_english_sentence_with_its_fields_filled_in() -> None:
    message = words(
        QT_TRANSLATE_NOOP("Core", "Cannot reach {endpoint} ({reason})."),
        endpoint="pop.163.com:995",
        reason="Connection refused",
    )
    assert message == "Cannot reach pop.163.com:995 (Connection refused)."
    assert str(message) == "Cannot reach pop.163.com:995 (Connection refused)."
    assert type(str(message)) is str
    assert message.source == "Cannot reach {endpoint} ({reason})."
    assert message.params == {"endpoint": "pop.163.com:995", "reason": "Connection refused"}


def test_the_marker_returns_its_source_unchanged() -> None:
    assert QT_TRANSLATE_NOOP("Core", "Get {n} {{braces}}") == "Get {n} {{braces}}"


def test_format_specs_and_literal_braces_work_as_in_str_format() -> None:
    message = words(QT_TRANSLATE_NOOP("Core", "{size:.1f} MB {{max}}"), size=2.345)
    assert message == "2.3 MB {max}"


def test_an_error_raised_with_a_message_prints_it_and_hands_it_back() -> None:
    inner = words(QT_TRANSLATE_NOOP("Core", "the server closed the connection"))
    error = HongyanError(inner)
    assert str(error) == "the server closed the connection"
    assert text_of(error) is inner
    assert text_of(ValueError("plain")) == "plain"


def test_an_exception_as_a_field_contributes_its_message_so_it_stays_translatable() -> None:
    inner = words(QT_TRANSLATE_NOOP("Core", "the server closed the connection"))
    outer = words(
        QT_TRANSLATE_NOOP("Core", "Could not read the certificate of {host}: {error}."),
        host="mail.example.test",
        error=HongyanError(inner),
    )
    assert outer == (
        "Could not read the certificate of mail.example.test: the server closed the connection."
    )
    assert outer.params["error"] is inner
    assert words("{error}", error=OSError("disk full")).params["error"] == "disk full"


def test_a_message_survives_the_pipe_from_the_fetch_process() -> None:
    nested = words(
        QT_TRANSLATE_NOOP("Core", "{account}: {error}"),
        account="Work",
        error=words(QT_TRANSLATE_NOOP("Core", "{n} failed"), n=3),
    )
    copy = pickle.loads(pickle.dumps(nested))
    assert isinstance(copy, Text) and copy == nested
    assert copy.source == nested.source
    assert isinstance(copy.params["error"], Text)
    assert copy.params["error"].params == {"n": 3}


def test_a_stored_message_reads_back_translatable_and_old_plain_text_stays_as_it_is() -> None:
    nested = words(
        QT_TRANSLATE_NOOP("Core", "Cannot reach {where} ({why})."),
        where="smtp.163.com:465",
        why=words(QT_TRANSLATE_NOOP("Core", "no answer in time")),
    )
    stored = to_json(nested)
    back = from_json(stored)
    assert isinstance(back, Text) and back == nested and back.source == nested.source
    assert isinstance(back.params["why"], Text)
    assert from_json("Cannot reach smtp.163.com:465.") == "Cannot reach smtp.163.com:465."
    assert to_json("plain") == "plain"
    assert from_json('{"source": "broken') == '{"source": "broken'


def test_a_list_of_messages_is_joined_by_a_translatable_separator() -> None:
    items = [words(QT_TRANSLATE_NOOP("Core", "{given} does not exist"), given=n) for n in "ab"]
    listing = joined([*items, "c"])
    assert listing == "a does not exist; b does not exist; c"
    assert isinstance(listing, Text) and listing.source == "{earlier}; {next}"
    assert joined([]) == "" and joined(["x"]) == "x"
