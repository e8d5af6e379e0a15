"""Link text that names another address is flagged (plan G68; Thunderbird's link-spoofing
check): the reader is told where such a link really goes, and ``show`` prints targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from hongyan.cli import main
from hongyan.core.message.html import is_spoofed_link
from hongyan.core.message.view import MessageView

SPOOF = '<p>Log in at <a href="http://evil.example/">https://bank.example/</a> today.</p>'


def html_message(markup: str, *, plain: str | None = None) -> bytes:
    head = b"From: bank@bank.example\nSubject: Your account\nMIME-Version: 1.0\n"
    html = f"Content-Type: text/html; charset=utf-8\n\n{markup}\n".encode()
    if plain is None:
        return head + html
    return (
        head
        + b"Content-Type: multipart/alternative; boundary=alt\n\n--alt\n"
        + f"Content-Type: text/plain; charset=utf-8\n\n{plain}\n--alt\n".encode()
        + html
        + b"--alt--\n"
    )


def test_a_link_whose_text_is_another_url_is_flagged() -> None:
    """Plan G68."""
    view = MessageView.from_bytes(html_message(SPOOF))
    assert view.spoofed_links == [("https://bank.example/", "http://evil.example/")]
    assert "A link shows “https://bank.example/” but goes to http://evil.example/." in view.notes


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("https://bank.example/", "http://evil.example/"),
        ("www.bank.example", "https://bank.example.evil.example/login"),
        ("bank.example", "https://evil.example/bank.example"),
        ("paypal.com", "https://paypal.com.evil.example/"),
        ("https://bank.example/login", "https://bank-example.evil.example/login"),
        ("alice@bank.example", "mailto:evil@attacker.example"),
        ("https://bank.example", "mailto:evil@attacker.example"),
    ],
)
def test_spoofed(text: str, target: str) -> None:
    assert is_spoofed_link(text, target)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Click here", "http://evil.example/"),  # not an address: nothing shown to contradict
        ("https://bank.example/", "https://bank.example/"),
        ("https://bank.example/login", "https://www.bank.example/account?id=1"),
        ("bank.example", "https://secure.bank.example/"),
        ("www.bank.example", "https://bank.example"),
        ("HTTPS://Bank.Example/", "https://bank.example/"),
        ("alice@bank.example", "mailto:Alice@Bank.example?subject=Hi"),
        ("version 2.0", "https://example.org/"),  # a number is no domain
        ("readme.txt", "https://example.org/readme.txt"),  # nor is a file name
    ],
)
def test_not_spoofed(text: str, target: str) -> None:
    assert not is_spoofed_link(text, target)


def test_the_plain_text_alternative_still_gets_the_note() -> None:
    view = MessageView.from_bytes(
        html_message(SPOOF, plain="Log in at your bank."), prefer_html=False
    )
    assert view.html is None
    assert view.spoofed_links == [("https://bank.example/", "http://evil.example/")]


def test_html_read_as_text_shows_each_link_target() -> None:
    markup = (
        '<p><a href="http://evil.example/">https://bank.example/</a>, '
        '<a href="https://example.org/news">our news</a>, '
        '<a href="https://example.org/">https://example.org/</a></p>'
    )
    view = MessageView.from_bytes(html_message(markup), prefer_html=False)
    assert view.text == (
        "https://bank.example/ <http://evil.example/>, our news <https://example.org/news>, "
        "https://example.org/"
    )


def test_show_prints_the_real_target_next_to_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Plan G68: ``hongyan show`` prints the target beside the text, and a note."""
    eml = tmp_path / "phish.eml"
    eml.write_bytes(html_message(SPOOF))
    assert main(["show", str(eml)]) == 0
    out = capsys.readouterr().out
    assert "Log in at https://bank.example/ <http://evil.example/> today." in out
    assert "Note: A link shows “https://bank.example/” but goes to http://evil.example/." in out
