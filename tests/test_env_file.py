"""``.env`` is read as python-dotenv reads it: quotes come off even with a comment after
them, escapes in double quotes work, and a line it cannot read stops the start, named by its
number and never by what it holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import EnvFileError, load_environment, read_env_file
from bot.slack.config import slack_config


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ('SLACK_BOT_TOKEN="xoxb-1-abc" # prod', "xoxb-1-abc"),
        ("SLACK_BOT_TOKEN='xoxb-1-abc'   # prod", "xoxb-1-abc"),
        ("export SLACK_BOT_TOKEN=xoxb-1-abc # prod", "xoxb-1-abc"),
        ("SLACK_BOT_TOKEN = xoxb-1-abc", "xoxb-1-abc"),
        ("SLACK_BOT_TOKEN='has # a hash'", "has # a hash"),
        ('SLACK_BOT_TOKEN="two\\nlines"', "two\nlines"),
        ("SLACK_BOT_TOKEN=ab$cd${HOME}", "ab$cd${HOME}"),  # a secret's $ stays as written
    ],
)
def test_a_value_is_read_as_python_dotenv_reads_it(line: str, value: str) -> None:
    assert read_env_file(f"# Slack\n{line}\n") == {"SLACK_BOT_TOKEN": value}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("# comment\n\nA=1\n  xoxb-pasted-token-alone\n", 4),
        ('A="an unfinished quote xoxb-secret\nB=2\n', 1),
        ("A=1\nB=2\n\n\nxoxb-secret\n", 5),
    ],
)
def test_a_line_that_is_not_key_value_is_named_by_number_not_content(
    text: str, number: int
) -> None:
    with pytest.raises(EnvFileError, match=f"line {number} is not KEY=value") as raised:
        read_env_file(text)
    assert "xoxb" not in str(raised.value)


def test_a_quoted_token_with_a_comment_is_accepted_at_start(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        'SLACK_BOT_TOKEN="xoxb-1-abc" # prod\nSLACK_APP_TOKEN="xapp-1-def" # prod\n'
    )
    config = slack_config(load_environment({}, env_file))
    assert config.mode == "socket" and config.bot_token == "xoxb-1-abc"
    assert config.app_token == "xapp-1-def"


def test_the_real_environment_still_wins_over_the_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text('SLACK_BOT_TOKEN="xoxb-from-file" # prod\nPORT=3001\n')
    merged = load_environment({"SLACK_BOT_TOKEN": "xoxb-from-env"}, env_file)
    assert merged["SLACK_BOT_TOKEN"] == "xoxb-from-env" and merged["PORT"] == "3001"
