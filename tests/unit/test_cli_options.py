"""Every option of every ``hongyan`` command says what it does, and none answers to an
abbreviation (issue 16; testing-notes: ``--at`` was read as ``--attach``)."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from hongyan.cli import build_parser

SKIPPED = (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction)


def parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ("hongyan",)
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield " ".join(path), parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, (*path, name))


ALL = list(parsers(build_parser()))


def test_the_walk_reaches_the_nested_commands() -> None:
    names = {name for name, _parser in ALL}
    assert {"hongyan account add", "hongyan account identity add", "hongyan store move"} <= names
    assert {"hongyan export", "hongyan import", "hongyan compose", "hongyan outbox"} <= names


@pytest.mark.parametrize(("name", "parser"), ALL, ids=[name for name, _ in ALL])
def test_every_argument_and_subcommand_has_help(name: str, parser: argparse.ArgumentParser) -> None:
    silent = [
        "/".join(action.option_strings) or action.dest
        for action in parser._actions
        if not isinstance(action, SKIPPED) and not action.help
    ]
    assert silent == []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            listed = {choice.dest for choice in action._choices_actions if choice.help}
            assert listed == set(action.choices), "subcommands without help"


@pytest.mark.parametrize(("name", "parser"), ALL, ids=[name for name, _ in ALL])
def test_no_option_answers_to_an_abbreviation(name: str, parser: argparse.ArgumentParser) -> None:
    assert parser.allow_abbrev is False
    for action in parser._actions:
        for option in action.option_strings:
            shorter = option[:-1]
            if not option.startswith("--") or shorter in parser._option_string_actions:
                continue
            found = parser._parse_optional(shorter)  # (action, option, value); no action: unknown
            assert found is None or found[0] is None, f"{shorter} is read as {option}"


def test_an_abbreviation_is_an_error_not_another_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["fetch", "--password"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --password" in capsys.readouterr().err


def test_keep_forever_is_offered_where_it_means_something() -> None:
    by_name = dict(ALL)
    assert "--keep-forever" in by_name["hongyan account edit"]._option_string_actions
    assert "--keep-forever" not in by_name["hongyan account add"]._option_string_actions
    help_text = by_name["hongyan account add"].format_help()
    assert "(edit only)" not in help_text and "--password-command CMD" in help_text
