"""`cyps` builds only the subcommand it is given, and still lists them all when it must."""

from __future__ import annotations

import pytest

from bot.cli import build_parser, main

EVERY_SUBCOMMAND = ("kb", "ask", "bot", "export", "import", "backup", "reminders", "chart")


def test_a_named_subcommand_parses_as_with_every_subcommand_built() -> None:
    argv = ["ask", "--as-of", "2014-10-01", "savings", "1.6"]
    assert vars(build_parser(argv).parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_nested_subcommands_are_built_whole(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser(["kb", "check"]).parse_args(["kb", "check"])
    assert args.kb_command == "check"


def test_a_mistyped_subcommand_is_refused_naming_every_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["asq", "savings"])
    assert stopped.value.code == 2
    refusal = capsys.readouterr().err
    assert "invalid choice: 'asq'" in refusal
    assert all(f"'{name}'" in refusal for name in EVERY_SUBCOMMAND)


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listing = capsys.readouterr().out
    assert all(name in listing for name in EVERY_SUBCOMMAND)


@pytest.mark.parametrize("columns", [60, 120])
def test_help_is_wrapped_to_the_terminal_width(
    columns: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit):
        main(["ask", "--help"])
    widest = max(len(line) for line in capsys.readouterr().out.splitlines())
    assert columns - 20 < widest <= columns
