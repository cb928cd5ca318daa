"""The buttons under an answer, through Bolt's real request path: "Show N more" and "Sources"
replace the private answer with the whole of it, a suggestion asks what it says, and no button
ever runs a command that writes, whoever clicks and whatever its value says. ``cyps ask --json``
prints exactly the message ``/cyps`` acks with."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from slack_bolt import App, BoltRequest
from slack_support import (
    MockSlack,
    block_actions_body,
    block_actions_payload,
    block_kit_problems,
    board_services,
    bolt_app,
    signed_headers,
    slash_command_body,
)

from bot.cli import main
from bot.runtime import Runtime
from bot.slack.button_values import KEY_NAME, button_value
from bot.slack.messages import MORE_ACTION, SOURCES_ACTION, SUGGESTION_ACTION
from bot.slack.services import Services
from knowledge.state.signing_keys import SigningKeys

DAY = date(2014, 10, 1)


@pytest.fixture
def services(runtime: Runtime) -> Iterator[Services]:
    # the key the bot keeps in its state file, so ``cyps ask --json`` signs buttons alike
    made = board_services(runtime.engine, DAY, SigningKeys(runtime.state).key(KEY_NAME))
    yield made
    made.executor.shutdown(wait=True)


@pytest.fixture
def app(mock: MockSlack, services: Services) -> App:
    return bolt_app(mock, services)


def dispatch(app: App, body: str) -> Any:
    return app.dispatch(BoltRequest(body=body, headers=signed_headers(body)))


def ask(app: App, mock: MockSlack, text: str, user_id: str = "U0ASKER") -> dict[str, Any]:
    response = dispatch(app, slash_command_body(text, mock.response_url(), user_id=user_id))
    assert response.status == 200
    return json.loads(response.body)


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        e["action_id"]: e
        for block in message["blocks"]
        if block["type"] == "actions"
        for e in block["elements"]
    }


def click(
    app: App, mock: MockSlack, action_id: str, value: str, user_id: str = "U0ASKER"
) -> dict[str, Any]:
    url = mock.response_url("click")
    payload = block_actions_payload(action_id, value, url, user_id=user_id)
    assert dispatch(app, block_actions_body(payload)).status == 200
    (post,) = mock.wait_for("response_url:click")
    return post.body


def test_show_more_replaces_the_answer_with_all_of_it(app: App, mock: MockSlack) -> None:
    short = ask(app, mock, "milestones")
    more = buttons(short)[MORE_ACTION]
    assert more["text"]["text"] == "Show 33 more lines"
    whole = click(app, mock, MORE_ACTION, more["value"])
    assert whole["replace_original"] is True and whole["response_type"] == "ephemeral"
    text = json.dumps(whole)
    assert "Earlier:" in text and "Strategic partner contract ends" in text  # later and earlier
    assert MORE_ACTION not in buttons(whole)  # nothing more to show
    assert block_kit_problems(whole) == []


def test_sources_shows_every_place_with_how_the_paper_was_read(app: App, mock: MockSlack) -> None:
    answer = ask(app, mock, "savings 1.6")
    sources = click(app, mock, SOURCES_ACTION, buttons(answer)[SOURCES_ACTION]["value"])
    text = json.dumps(sources, ensure_ascii=False)
    assert "Sources: 1.6 Adoption and SGO payments" in text
    assert "How we read it" in text and "yearly = increments" in text
    assert block_kit_problems(sources) == []


def test_a_suggestion_button_asks_what_it_says(app: App, mock: MockSlack) -> None:
    miss = ask(app, mock, "savings 9.9")
    suggestion = buttons(miss)[f"{SUGGESTION_ACTION}_0"]
    assert suggestion["text"]["text"] == "savings 1.1"
    answered = click(app, mock, f"{SUGGESTION_ACTION}_0", suggestion["value"])
    assert "1.1 Service Redesign and Workforce" in json.dumps(answered)


@pytest.mark.parametrize(
    ("action_id", "question"),
    [
        (f"{SUGGESTION_ACTION}_0", "actual 1.6 2017-18 999k"),
        (f"{SUGGESTION_ACTION}_1", "use kent"),
        (MORE_ACTION, "actual 1.6 2017-18 999k"),
        (SOURCES_ACTION, "rag 1.6 red"),
        (f"{SUGGESTION_ACTION}_2", "--programme haringey-mtfs-2017 actual 1.6 2017-18 999k"),
    ],
)
def test_no_button_runs_a_command_that_writes_even_for_an_admin(
    app: App,
    mock: MockSlack,
    runtime: Runtime,
    services: Services,
    action_id: str,
    question: str,
) -> None:
    value = button_value(question, DAY, services.button_key)
    assert value is not None
    refused = click(app, mock, action_id, value, user_id="U0ADMIN")
    assert refused["replace_original"] is False and "only shows answers" in refused["text"]
    assert runtime.tracking.all_amounts() == []
    assert runtime.channel_defaults.default_programme("C0BOARD") is None
    assert runtime.change_log.all() == []


def test_a_write_suggestion_is_text_to_type_never_a_button(app: App, mock: MockSlack) -> None:
    miss = ask(app, mock, "actual 1.1 2015-16 10k kent-0-25", user_id="U0ADMIN")
    assert "/cyps actual 1.1 haringey-mtfs-2017" in json.dumps(miss)  # said, to type
    assert not any(b.startswith(SUGGESTION_ACTION) for b in buttons(miss))


@pytest.mark.parametrize(
    "question", ["savings 1.6", "milestones as of 2015-01-01", "savings 9.9", "gap fom"]
)
def test_cyps_ask_json_prints_exactly_what_slack_receives(
    app: App,
    mock: MockSlack,
    cyps_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    question: str,
) -> None:
    acked = ask(app, mock, question)
    for key, value in cyps_env.items():
        monkeypatch.setenv(key, value)
    main(["ask", "--json", "--as-of", DAY.isoformat(), *question.split()])
    assert json.loads(capsys.readouterr().out) == acked
