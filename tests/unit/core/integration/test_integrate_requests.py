"""Compose requests from ``hongyan compose`` and from mailto links (RFC 6068)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.integration.requests import (
    LARGE_TOTAL_BYTES,
    Attachment,
    ComposeRequest,
    LaunchRequest,
    compose_request,
    parse_mailto,
)


def test_a_full_mailto_link_fills_every_field() -> None:
    request = parse_mailto(
        "mailto:li%40example.com,wang@example.org?cc=zhao@example.net&bcc=qian@example.net"
        "&subject=%E4%BD%A0%E5%A5%BD%20a+b&body=line%201%0D%0Aline%202"
    )
    assert request.to == ("li@example.com", "wang@example.org")
    assert request.cc == ("zhao@example.net",)
    assert request.bcc == ("qian@example.net",)
    assert request.subject == "你好 a+b"  # RFC 6068 §5: "+" is not a space
    assert request.body == "line 1\nline 2"  # line breaks are fine in the body


def test_to_in_the_query_adds_to_the_addresses_before_it() -> None:
    request = parse_mailto(
        "MAILTO:a@example.com?To=b@example.com&to=%22Li%2C%20Lei%22%20%3Cc@x.cn%3E"
    )
    assert request.to == ("a@example.com", "b@example.com", '"Li, Lei" <c@x.cn>')


def test_an_empty_mailto_opens_an_empty_message() -> None:
    assert parse_mailto("mailto:") == ComposeRequest()


@pytest.mark.parametrize(
    "breaker", ["%0D%0A", "%0A", "%0D", "%0B", "%0C", "%1C", "%C2%85", "%E2%80%A8", "%00"]
)
@pytest.mark.parametrize("field", ["subject", "to", "cc", "bcc"])
def test_a_line_break_in_any_header_field_is_refused(field: str, breaker: str) -> None:
    """plan F51: every kind of line break that could smuggle a Bcc header is refused."""
    value = f"x@example.com{breaker}Bcc:%20evil@attacker.example"
    with pytest.raises(HongyanError, match="line break"):
        parse_mailto(f"mailto:?{field}={value}")


@pytest.mark.parametrize("key", ["attach", "Attachment", "attachments", "file"])
def test_a_link_cannot_attach_local_files(key: str) -> None:
    request = parse_mailto(f"mailto:a@example.com?{key}=/home/li/.ssh/id_rsa&subject=hi")
    assert request.attachments == ()
    assert request.subject == "hi"
    assert len(request.warnings) == 1 and "/home/li/.ssh/id_rsa" in request.warnings[0]


def test_other_headers_from_a_link_are_ignored() -> None:
    request = parse_mailto("mailto:a@example.com?from=boss@example.com&reply-to=x@evil.example")
    assert request == ComposeRequest(to=("a@example.com",))


def test_invalid_utf8_and_bad_addresses_get_plain_errors() -> None:
    with pytest.raises(HongyanError, match="not valid UTF-8"):
        parse_mailto("mailto:a@example.com?subject=%FF%FE")
    with pytest.raises(HongyanError, match="not valid"):
        parse_mailto("mailto:not-an-address")


def test_compose_resolves_files_against_the_working_folder(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF" + b"x" * 96)
    (tmp_path / "中文.txt").write_text("你好", encoding="utf-8")
    request = compose_request(
        to=["li@example.com"],
        files=["a.pdf", str(tmp_path / "中文.txt"), "a.pdf"],
        cwd=str(tmp_path),
    )
    assert request.attachments == (
        Attachment(str(tmp_path / "a.pdf"), 100),
        Attachment(str(tmp_path / "中文.txt"), 6),
    )
    assert request.warnings == ()


def test_file_uris_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "a b.txt").write_text("x")
    request = compose_request(files=[(tmp_path / "a b.txt").as_uri()])
    assert request.attachments == (Attachment(str(tmp_path / "a b.txt"), 1),)


def test_every_missing_or_unusable_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(HongyanError) as error:
        compose_request(files=["gone.pdf", "folder", "缺失.txt"], cwd=str(tmp_path))
    assert str(error.value) == (
        "Cannot attach: gone.pdf does not exist; folder is a folder (attach files, or zip the "
        "folder first); 缺失.txt does not exist."
    )


def test_a_large_total_warns(tmp_path: Path) -> None:
    big = tmp_path / "big.iso"
    with big.open("wb") as handle:
        handle.truncate(LARGE_TOTAL_BYTES + 1)  # sparse: no disk used
    request = compose_request(files=[str(big)])
    assert request.warnings == (
        "The attachments add up to 20.0 MB. Many mail servers refuse messages over 20.0 MB, "
        "and attachments grow by a third when sent.",
    )


def test_launch_requests_survive_json_with_chinese_names(tmp_path: Path) -> None:
    (tmp_path / "报告.pdf").write_bytes(b"1")
    compose = compose_request(
        to=["李雷 <li@example.com>"], subject="周报", files=[str(tmp_path / "报告.pdf")]
    )
    request = LaunchRequest.compose_with(compose)
    assert LaunchRequest.from_json(request.to_json()) == request
    assert LaunchRequest.from_json(LaunchRequest.fetch(background=True).to_json()).background


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"kind": "format-disk"}',
        '{"kind": "compose", "compose": {"subject": "a\\r\\nBcc: x@y.z"}}',
        '{"kind": "compose", "compose": {"attachments": [{"path": "rel.txt", "size": 1}]}}',
        '{"kind": "compose", "compose": {"attachments": [{"size": 1}]}}',
    ],
)
def test_a_malformed_request_from_another_process_is_refused(text: str) -> None:
    with pytest.raises(HongyanError):
        LaunchRequest.from_json(text)


@pytest.mark.parametrize(
    "field", [{"subject": "Hi\r\nBcc: evil@attacker.example"}, {"to": ["a@b.c\nBcc: e@f.g"]}]
)
def test_compose_arguments_refuse_line_breaks_too(field: dict) -> None:
    """plan F51: the same rule for ``hongyan compose --subject/--to``."""
    with pytest.raises(HongyanError, match="line break"):
        compose_request(**field)
