"""Every number the bot reads is written with the digits 0-9. ``str.isdigit`` also accepts
``²`` and ``①`` (which ``int`` then refuses, a crash) and ``int`` accepts ``٣`` and ``３``
(which no one means as a figure for the board): each gets a clear message instead."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from slack_app_support import ADMIN, ask, make_app, make_services
from slack_bolt import App
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web import SlackResponse
from slack_support import MockSlack, all_text

from bot.cli import build_parser
from bot.runtime import Runtime
from bot.settings import ConfigError
from bot.slack.client import RetryAfterHandler
from bot.slack.config import slack_config
from bot.slack.poster import classify
from commands.call import Context
from commands.engine import Engine
from knowledge.dates import LONDON, BadDate, BadFinancialYear, PaperDate, parse_financial_year
from scheduler.config import ReminderConfig, ReminderConfigError
from scheduler.planning import BadLeads, Lead

ODD_DIGITS = ["²", "①", "٣", "３", "߃"]


@pytest.fixture(scope="module")
def engine(kb_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    home = tmp_path_factory.mktemp("home")
    return Runtime.start({"CYPS_HOME": str(home), "CYPS_DB": str(kb_path)}).engine


ADMIN_CONTEXT = Context(
    today=date(2017, 7, 3),
    is_admin=True,
    now=datetime(2017, 7, 3, 9, tzinfo=LONDON),
    channel_id="C1",
    user_id="U1",
    via="slack",
)


@pytest.mark.parametrize("digit", ODD_DIGITS)
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("roi kent over {d} years", "whole number of years"),
        ("--programme kent roi over {d} years", "whole number of years"),
        ("gateway next as of 2014-10-0{d}", "not a date I can read"),
        ("actual 1.6 2017-18 {d}20k", "not an amount I can read"),
        ("actual 1.6 2017-1{d} 120k", "not a financial year"),
        ("remind leads {d}d kent", "not a lead time"),
    ],
)
def test_a_number_written_with_other_digits_gets_a_clear_message(
    engine: Engine, digit: str, question: str, expected: str
) -> None:
    answer = engine.answer(question.format(d=digit), ADMIN_CONTEXT)
    assert answer.status == "bad_input", answer
    assert expected in answer.title + " ".join(answer.lines)


@pytest.mark.parametrize("digit", ODD_DIGITS)
def test_the_parsers_below_the_engine_take_ascii_digits_only(digit: str) -> None:
    with pytest.raises(BadDate):
        PaperDate.parse(f"2014-0{digit}-01")
    with pytest.raises(BadFinancialYear):
        parse_financial_year(f"201{digit}-15")
    with pytest.raises(BadLeads):
        Lead.parse(f"{digit}d")
    with pytest.raises(ReminderConfigError):
        ReminderConfig.from_env({"CYPS_REMINDER_TIME": f"0{digit}:00"})


@pytest.mark.parametrize("digit", ODD_DIGITS)
def test_a_question_starting_with_an_option_never_fails_the_slash_command(
    mock: MockSlack, engine: Engine, digit: str
) -> None:
    """``--programme`` first made the write check parse the text, and ``²`` escaped it as 500."""
    app: App = make_app(mock, make_services(engine))
    status, message = ask(app, mock, f"--programme kent roi over {digit} years")
    assert status == 200 and "whole number of years" in all_text(message)


@pytest.mark.parametrize("port", ["²", "٣٠٠٠", "3000²"])
def test_a_port_in_other_digits_stops_the_start_with_a_message(port: str) -> None:
    env = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s", "PORT": port}
    with pytest.raises(ConfigError, match="is not a port number"):
        slack_config(env, http=True)
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["bot", "--http", "--port", port])
    assert exited.value.code == 2


@pytest.mark.parametrize("header", ["²", "٣"])
def test_a_retry_after_in_other_digits_waits_the_default(header: str) -> None:
    waits: list[float] = []
    handler = RetryAfterHandler(sleep=waits.append, jitter=lambda: 0.0)
    request = HttpRequest(method="POST", url="http://x/api/a", headers={})
    response = HttpResponse(status_code=429, headers={"retry-after": [header]})
    handler.prepare_for_next_attempt(state=RetryState(), request=request, response=response)
    refusal = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="http://x/api/chat.postMessage",
        req_args={},
        data={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": header},
        status_code=429,
    )
    assert waits == [1.0]
    assert classify(SlackApiError("ratelimited", refusal)).retry_after is None


@pytest.mark.parametrize(
    "question",
    [
        "as of 2017-12-01 actual 1.6 2017-18 120k",
        "over 3 years actual 1.6 2017-18 120k",
        "actual 1.6 2017-18 120k as of 2017-12-01",
        "--programme haringey-mtfs-2017 actual 1.6 2017-18 120k",
    ],
)
def test_options_anywhere_in_a_write_still_record_it_from_slack(
    mock: MockSlack, engine: Engine, question: str
) -> None:
    """The write check has to find the command the engine will run, wherever options are."""
    assert engine.writes(question)
    app = make_app(mock, make_services(engine))
    status, message = ask(app, mock, question, user_id=ADMIN)
    assert status == 200 and "Recorded delivered savings" in all_text(message), message
