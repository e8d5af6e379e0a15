"""Each command syntax quotes by its own published rule."""

from __future__ import annotations

import pytest

from hongyan.core.errors import HongyanError
from hongyan.core.integration.desktop_entry import escape_string
from hongyan.core.integration.quoting import (
    desktop_exec,
    desktop_exec_argument,
    powershell_literal,
    windows_command_line,
)


@pytest.mark.parametrize(
    ("arg", "quoted"),
    [
        ("/usr/bin/hongyan", "/usr/bin/hongyan"),
        ("/opt/鸿雁/hongyan", "/opt/鸿雁/hongyan"),
        ("/opt/my mail/hongyan", '"/opt/my mail/hongyan"'),
        ('/a"b', '"/a\\\\"b"'),  # quote escaped with a backslash, which is then doubled
        ("/a$b`c", '"/a\\\\$b\\\\`c"'),
        ("C:\\x", '"C:\\\\\\\\x"'),  # the spec's four backslashes for one
        ("/100%/x", "/100%%/x"),
        ("", '""'),
    ],
)
def test_desktop_exec_arguments_follow_the_desktop_entry_spec(arg: str, quoted: str) -> None:
    assert desktop_exec_argument(arg) == quoted


def test_field_codes_are_appended_unquoted() -> None:
    assert desktop_exec(["/opt/a b/hongyan", "compose"], "%F") == '"/opt/a b/hongyan" compose %F'


def test_a_line_break_in_a_path_is_refused_in_plain_words() -> None:
    with pytest.raises(HongyanError, match="control character"):
        desktop_exec_argument("/tmp/evil\nExec=rm -rf ~")


def test_an_equals_sign_in_the_program_is_refused() -> None:
    with pytest.raises(HongyanError, match="'='"):
        desktop_exec(["/opt/a=b/hongyan"])


def test_string_values_escape_backslashes_and_breaks() -> None:
    assert escape_string("a\\b\nc") == "a\\\\b\\nc"


def test_powershell_literals_double_every_kind_of_single_quote() -> None:
    assert powershell_literal("O'Brien’s") == "'O''Brien’’s'"


def test_windows_command_lines_quote_spaces() -> None:
    assert windows_command_line(["C:\\Program Files\\h.exe", "compose"]) == (
        '"C:\\Program Files\\h.exe" compose'
    )
