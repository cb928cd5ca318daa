"""The share button re-posts a read-only answer and nothing else: its value is signed with a
key the bot keeps in state.db (the same after a restart, in Socket Mode and over HTTP), a
question that writes is refused whatever the value says, and every refusal stays private."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from slack_app_support import ADMIN, TODAY, ask, dispatch, make_app, make_services
from slack_bolt import App, BoltRequest
from slack_support import (
    BOT_TOKEN,
    SIGNING_SECRET,
    MockSlack,
    all_text,
    block_actions_body,
    block_actions_payload,
)

from bot.runtime import Runtime
from bot.slack.button_values import ButtonValueError, button_value, read_button_value
from bot.slack.config import slack_config
from bot.slack.messages import SHARE_ACTION
from bot.slack.serve import build_app
from bot.slack.services import Services

KEY = b"k" * 32


@pytest.fixture
def services(runtime: Runtime) -> Iterator[Services]:
    made = make_services(runtime.engine)
    yield made
    made.executor.shutdown(wait=True)


@pytest.fixture
def app(mock: MockSlack, services: Services) -> App:
    return make_app(mock, services)


def share_value_of(message: dict[str, Any]) -> str:
    (value,) = [
        element["value"]
        for block in message["blocks"]
        for element in block.get("elements", [])
        if element.get("action_id") == SHARE_ACTION
    ]
    return str(value)


def click(
    app: App, mock: MockSlack, value: str, user_id: str = ADMIN, replies: int = 1
) -> list[dict[str, Any]]:
    """A signed click on a share button carrying ``value``; the first ``replies`` it sent back
    (the lazy listener answers on a thread of its own)."""
    payload = block_actions_payload(SHARE_ACTION, value, mock.response_url("share"), user_id)
    assert dispatch(app, block_actions_body(payload)).status == 200
    return [call.body for call in mock.wait_for("response_url:share", count=replies)]


@pytest.mark.parametrize(
    "question", ["savings 1.6", 'gap "adoption" £ – 1.6', "two\nlines", " padded ", ""]
)
def test_a_button_value_carries_the_question_and_day_exactly(question: str) -> None:
    value = button_value(question, TODAY, KEY)
    assert value is not None and read_button_value(value, KEY) == (question, TODAY)


def altered(value: str) -> list[str]:
    scheme, signature, day, question = value.split(" ", 3)
    return [
        f"{scheme} {signature} {day} actual 1.6 2017-18 999k",  # another question
        f"{scheme} {signature} 2014-10-02 {question}",  # another day
        f"{scheme} {signature[:-1]}A {day} {question}",  # another signature
        f"{scheme} {day} {question}",  # none
    ]


@pytest.mark.parametrize("index", range(4))
def test_a_changed_value_is_detected(index: int) -> None:
    value = button_value("savings 1.6", TODAY, KEY) or ""
    with pytest.raises(ButtonValueError, match="not made by this bot, or was changed"):
        read_button_value(altered(value)[index], KEY)


@pytest.mark.parametrize(
    "value", ["", "2017-12-01 actual 1.6 2017-18 999k", '{"q": "gateway next"}', "q1"]
)
def test_a_value_in_an_old_or_foreign_form_is_refused(value: str) -> None:
    with pytest.raises(ButtonValueError):
        read_button_value(value, KEY)


def test_a_value_signed_with_another_key_is_refused() -> None:
    value = button_value("savings 1.6", TODAY, b"another bot's key" * 2) or ""
    with pytest.raises(ButtonValueError, match="not made by this bot"):
        read_button_value(value, KEY)


def assert_refused_privately(sent: list[dict[str, Any]], mock: MockSlack) -> None:
    assert sent and all(body.get("response_type") == "ephemeral" for body in sent), sent
    assert not any(body.get("delete_original") for body in sent)
    assert not any(body.get("replace_original") for body in sent)
    assert "could not post that in the channel" in sent[-1]["text"]
    assert mock.calls_to("chat.postMessage") == []


def test_a_click_whose_value_says_write_records_nothing_and_answers_privately(
    app: App, mock: MockSlack, runtime: Runtime
) -> None:
    """The issue's attack: a plain value an admin's click would once have recorded."""
    sent = click(app, mock, "2017-12-01 actual 1.6 2017-18 999k")
    assert_refused_privately(sent, mock)
    assert runtime.tracking.all_amounts() == [] and runtime.change_log.all() == []


@pytest.mark.parametrize("signed", [False, True])
def test_a_share_never_changes_the_channel_default_even_when_signed(
    app: App, mock: MockSlack, runtime: Runtime, services: Services, signed: bool
) -> None:
    value = (
        button_value("use kent", TODAY, services.button_key) if signed else "2014-10-01 use kent"
    )
    assert_refused_privately(click(app, mock, value or ""), mock)
    assert runtime.channel_defaults.default_programme("C0BOARD") is None


@pytest.mark.parametrize(
    "question", ["actual 1.6 2017-18 999k", "as of 2017-12-01 forecast 1.6 2017-18 1k"]
)
def test_a_signed_value_whose_question_writes_is_refused(
    app: App, mock: MockSlack, runtime: Runtime, services: Services, question: str
) -> None:
    value = button_value(question, TODAY, services.button_key) or ""
    assert_refused_privately(click(app, mock, value), mock)
    assert runtime.tracking.all_amounts() == []


def test_a_share_whose_answer_is_now_a_miss_is_said_privately_and_posts_nothing(
    app: App, mock: MockSlack, services: Services
) -> None:
    value = button_value("savings 9.9", TODAY, services.button_key) or ""
    sent = click(app, mock, value)
    assert_refused_privately(sent, mock)
    assert "9.9" in sent[-1]["text"]


def test_a_share_still_posts_the_answer_in_channel(app: App, mock: MockSlack) -> None:
    _, private = ask(app, mock, "savings 1.6")
    shared, tidy = click(app, mock, share_value_of(private), user_id="U0ASKER", replies=2)
    assert shared["response_type"] == "in_channel" and "£608k" in all_text(shared)
    assert tidy == {"text": "", "delete_original": True}


def bot_app(home: dict[str, str], mock: MockSlack, socket_mode: bool = False) -> App:
    """What `cyps bot` builds (over HTTP or Socket Mode) on the data folder ``home``."""
    env = {
        **home,
        "CYPS_TODAY": "2014-10-01",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_API_BASE_URL": mock.url,
        **(
            {"SLACK_APP_TOKEN": "xapp-1"}
            if socket_mode
            else {"SLACK_SIGNING_SECRET": SIGNING_SECRET}
        ),
    }
    return build_app(slack_config(env, http=not socket_mode), Runtime.start(env))


def test_a_button_made_before_a_restart_still_shares_after_it_in_socket_mode_too(
    cyps_env: dict[str, str], mock: MockSlack
) -> None:
    """The key lives in state.db: the bot after a restart, in either mode, signs the same."""
    _, private = ask(bot_app(cyps_env, mock), mock, "gateway next")
    restarted = bot_app(cyps_env, mock, socket_mode=True)  # no signing secret at all
    payload = block_actions_payload(
        SHARE_ACTION, share_value_of(private), mock.response_url("share")
    )
    restarted.dispatch(BoltRequest(body=payload, mode="socket_mode"))
    (shared, *_) = [c.body for c in mock.wait_for("response_url:share", count=2)]
    assert shared["response_type"] == "in_channel" and "in about 5 months" in all_text(shared)


def test_a_button_from_another_bots_data_is_refused_privately(
    cyps_env: dict[str, str], mock: MockSlack, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = {**cyps_env, "CYPS_HOME": str(tmp_path_factory.mktemp("other"))}
    _, private = ask(bot_app(elsewhere, mock), mock, "gateway next")
    sent = click(bot_app(cyps_env, mock), mock, share_value_of(private))
    assert_refused_privately(sent, mock)
    assert "not made by this bot" in json.dumps(sent)


def test_the_days_a_value_carries_are_read_back_as_dates() -> None:
    value = button_value("gateway next", date(2015, 3, 31), KEY) or ""
    assert read_button_value(value, KEY)[1] == date(2015, 3, 31)
