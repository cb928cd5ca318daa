"""How ``cyps bot`` (and so ``make run``) chooses between the shell, Socket Mode and HTTP, from
the environment alone; every missing setting is named at once and no token is ever echoed."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import ConfigError, EnvFileError, load_environment, read_env_file
from bot.slack.config import SlackConfig, parse_admins, slack_config

BOT = "xoxb-1-secret-bot"
APP = "xapp-1-secret-app"
SECRET = "s3cret-signing"


@pytest.mark.parametrize(
    ("env", "flags", "mode"),
    [
        ({}, {}, "shell"),
        ({"SLACK_BOT_TOKEN": "  "}, {}, "shell"),
        ({"SLACK_APP_TOKEN": APP, "SLACK_SIGNING_SECRET": SECRET}, {}, "shell"),
        ({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP}, {"shell": True}, "shell"),
        ({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP}, {}, "socket"),
        ({"SLACK_BOT_TOKEN": BOT, "SLACK_SIGNING_SECRET": SECRET}, {"http": True}, "http"),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "SLACK_SIGNING_SECRET": SECRET},
            {"http": True},
            "http",
        ),
    ],
)
def test_make_run_opens_the_shell_without_a_token_and_slack_with_one(
    env: dict[str, str], flags: dict[str, bool], mode: str
) -> None:
    assert slack_config(env, **flags).mode == mode


@pytest.mark.parametrize(
    ("env", "flags", "named"),
    [
        ({"SLACK_BOT_TOKEN": BOT}, {}, ["Socket Mode needs SLACK_APP_TOKEN", "cyps bot --http"]),
        ({"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": "xoxb-wrong"}, {}, ["start with xapp-"]),
        ({"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_APP_TOKEN": APP}, {}, ["start with xoxb-"]),
        ({"SLACK_BOT_TOKEN": BOT}, {"http": True}, ["HTTP mode needs SLACK_SIGNING_SECRET"]),
        ({"SLACK_SIGNING_SECRET": SECRET}, {"http": True}, ["SLACK_BOT_TOKEN is not set"]),
        (
            {"SLACK_BOT_TOKEN": "xapp-oops"},
            {"http": True},
            ["start with xoxb-", "SLACK_SIGNING_SECRET"],
        ),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "PORT": "eighty"},
            {},
            ['PORT="eighty"'],
        ),
        (
            {"SLACK_BOT_TOKEN": BOT, "SLACK_APP_TOKEN": APP, "SLACK_API_BASE_URL": "localhost"},
            {},
            ["SLACK_API_BASE_URL must be an http(s) URL"],
        ),
    ],
)
def test_a_misconfigured_start_names_every_missing_setting(
    env: dict[str, str], flags: dict[str, bool], named: list[str]
) -> None:
    with pytest.raises(ConfigError) as raised:
        slack_config(env, **flags)
    message = str(raised.value)
    assert all(part in message for part in named), message
    for value in (*env.values(), BOT, APP, SECRET):
        if value.startswith(("xox", "xapp", "s3cret")):
            assert value not in message


def test_http_settings_take_port_from_flag_then_env_and_normalise_the_base_url() -> None:
    env = {
        "SLACK_BOT_TOKEN": BOT,
        "SLACK_SIGNING_SECRET": SECRET,
        "PORT": "8080",
        "SLACK_API_BASE_URL": "http://127.0.0.1:9999/api",
    }
    assert slack_config(env, http=True).port == 8080
    chosen = slack_config(env, http=True, host="127.0.0.1", port=4000)
    assert (chosen.host, chosen.port, chosen.api_base_url) == (
        "127.0.0.1",
        4000,
        "http://127.0.0.1:9999/api/",
    )


def test_slack_config_repr_never_shows_a_secret() -> None:
    shown = repr(
        SlackConfig(mode="http", bot_token=BOT, app_token=APP, signing_secret=SECRET, port=1)
    )
    assert BOT not in shown and APP not in shown and SECRET not in shown


def test_admins_are_slack_user_ids_split_on_commas_or_spaces() -> None:
    assert parse_admins({"CYPS_ADMINS": "U1, U2  U3,"}) == {"U1", "U2", "U3"}
    assert parse_admins({}) == frozenset()


def test_env_file_reads_comments_exports_and_quotes() -> None:
    text = (
        "# Slack\n"
        "SLACK_BOT_TOKEN=xoxb-1\n"
        "export SLACK_APP_TOKEN='xapp-1'\n"
        'CYPS_TODAY="2014-10-01"\n'
        "PORT=3000 # local\n"
        "\n"
        "EMPTY=\n"
    )
    assert read_env_file(text) == {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "CYPS_TODAY": "2014-10-01",
        "PORT": "3000",
        "EMPTY": "",
    }


def test_env_file_bad_line_is_named_by_number_not_content() -> None:
    with pytest.raises(EnvFileError, match="line 2 is not KEY=value") as raised:
        read_env_file("A=1\nxoxb-pasted-token-alone\n")
    assert "xoxb" not in str(raised.value)


def test_the_real_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_BOT_TOKEN=xoxb-from-file\nCYPS_TODAY=2014-10-01\n")
    merged = load_environment({"SLACK_BOT_TOKEN": "xoxb-from-env"}, env_file)
    assert merged["SLACK_BOT_TOKEN"] == "xoxb-from-env"
    assert merged["CYPS_TODAY"] == "2014-10-01"
    assert load_environment({"A": "1"}, tmp_path / "missing.env") == {"A": "1"}


@pytest.fixture
def bare_home(tmp_path: Path, kb_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with the built knowledge base, run from a folder with no .env."""
    shutil.copy(kb_path, tmp_path / "knowledge.db")
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "CYPS_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CYPS_HOME", str(tmp_path))
    monkeypatch.setenv("CYPS_TODAY", "2014-10-01")
    return tmp_path


def test_cyps_bot_without_a_token_runs_the_shell(
    bare_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("gateway next haringey-54000\n"))
    assert main(["bot"]) == 0
    out = capsys.readouterr().out
    assert "SLACK_BOT_TOKEN is not set: starting the local shell" in out
    assert "Next gateway" in out and "Mar 2015 (day not fixed), in about 5 months" in out
    assert "The papers run to 2017: add `as of 2015-01-01`" in out  # how to pin a date


def test_cyps_bot_with_half_the_settings_exits_2_before_connecting(
    bare_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT)
    assert main(["bot"]) == 2
    err = capsys.readouterr().err
    assert "Socket Mode needs SLACK_APP_TOKEN" in err and BOT not in err


def test_cyps_bot_reads_settings_from_a_dot_env_file(
    bare_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (bare_home / ".env").write_text(f"SLACK_BOT_TOKEN={BOT}\n")
    assert main(["bot", "--http"]) == 2
    assert "HTTP mode needs SLACK_SIGNING_SECRET" in capsys.readouterr().err
