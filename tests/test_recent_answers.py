"""A question asked again with nothing changed gets the answer kept from before; a write here,
a commit by another process, or a rebuild of the knowledge base means it is worked out again.
Writes, failures and questions carrying the time of asking are never kept."""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from slack_app_support import ADMIN as ADMIN_ID
from slack_app_support import ask, make_app, make_services
from slack_bolt import BoltResponse
from slack_support import MockSlack, all_text

from bot.runtime import Runtime
from bot.slack.messages import RecentMessages, answer_message
from commands.answer import Answer
from commands.call import Context
from commands.engine import Engine
from commands.recent_answers import RecentAnswers
from commands.registry import Registry
from knowledge.build import build_knowledge_base
from knowledge.dates import LONDON
from knowledge.source_files import DEFAULT_SOURCES_DIR

ASKED = Context(today=date(2015, 1, 1), channel_id="C0BOARD", user_id="U0ASKER", via="slack")
ADMIN = Context(today=date(2015, 1, 1), channel_id="C0BOARD", user_id="U0ADMIN", is_admin=True)


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_question_asked_again_gets_the_answer_kept(runtime: Runtime) -> None:
    first = runtime.engine.answer("savings 1.6", ASKED)
    again = runtime.engine.answer("savings 1.6", ASKED)
    assert again is first and first.ok and "£608k" in first.lead


def test_the_kept_answer_is_the_one_worked_out_afresh(runtime: Runtime) -> None:
    kept = runtime.engine.answer("how much will adoption save in 2019-20?", ASKED)
    assert runtime.engine.recent is not None
    runtime.engine.recent.clear()
    assert runtime.engine.answer("how much will adoption save in 2019-20?", ASKED) == kept


def test_another_context_is_another_question(runtime: Runtime) -> None:
    here = runtime.engine.answer("savings 1.6", ASKED)
    other_day = runtime.engine.answer("savings 1.6", replace(ASKED, today=date(2018, 1, 1)))
    other_channel = runtime.engine.answer("savings 1.6", replace(ASKED, channel_id="C0"))
    assert other_day is not here and other_channel is not here


def test_a_write_means_the_answer_is_worked_out_again(runtime: Runtime) -> None:
    before = runtime.engine.answer("phase", ASKED)
    assert runtime.engine.answer("use kent", ADMIN).ok
    after = runtime.engine.answer("phase", ASKED)
    assert after is not before and "kent-0-25" in after.notes[-1]
    assert "kent-0-25" not in " ".join(before.notes)


def test_another_process_commit_shows_once_the_state_is_looked_at_again(
    cyps_env: dict[str, str],
) -> None:
    clock = Clock()
    bot = Runtime.start(cyps_env, monotonic=clock)
    before = bot.engine.answer("phase", ASKED)
    other_process = Runtime.start(cyps_env)
    assert other_process.engine.answer("use kent", ADMIN).ok
    assert bot.engine.answer("phase", ASKED) is before  # within STATE_MAX_AGE_SECONDS
    clock.now += 1
    after = bot.engine.answer("phase", ASKED)
    assert after is not before and "kent-0-25" in after.notes[-1]


def test_a_rebuilt_knowledge_base_clears_the_kept_answers(
    tmp_path: Path, cyps_env: dict[str, str]
) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(DEFAULT_SOURCES_DIR, sources)
    db = build_knowledge_base(tmp_path / "rebuilt.db", sources)
    runtime = Runtime.start({**cyps_env, "CYPS_DB": str(db), "CYPS_SOURCES": str(sources)})
    assert "£608k" in runtime.engine.answer("savings 1.6", ASKED).lead
    path = sources / "haringey-mtfs-2017.toml"
    row = 'values = [150, 148, 310, "-", "-", 608]'
    path.write_text(path.read_text().replace(row, 'values = [150, 148, 320, "-", "-", 618]'))
    build_knowledge_base(db, sources)
    assert runtime.kb.reload_if_changed()
    assert "£618k" in runtime.engine.answer("savings 1.6", ASKED).lead


def test_writes_are_never_kept(runtime: Runtime) -> None:
    runtime.engine.answer("use kent", ADMIN)
    runtime.engine.answer("use none", ADMIN)
    assert runtime.engine.recent is not None and len(runtime.engine.recent) == 0


def test_questions_carrying_the_time_of_asking_are_not_kept(runtime: Runtime) -> None:
    at = Context(today=date(2015, 1, 1), now=datetime(2015, 1, 1, 9, tzinfo=LONDON))
    first = runtime.engine.answer("reminders", at)
    assert runtime.engine.answer("reminders", at) is not first


def test_an_unexpected_error_is_not_kept(runtime: Runtime) -> None:
    calls = []

    def broken(call: object) -> Answer:
        calls.append(call)
        raise RuntimeError("a bug")

    specs = [replace(s, handler=broken) if s.name == "help" else s for s in runtime.engine.registry]
    engine = Engine(runtime.kb, Registry(specs), state_version=lambda: 0)
    first, second = engine.answer("help", ASKED), engine.answer("help", ASKED)
    assert first.status == second.status == "error" and len(calls) == 2


def test_recent_answers_keep_only_the_latest() -> None:
    recent = RecentAnswers(lambda: 0, size=2)
    answers = [Answer(title=f"answer {n}") for n in range(3)]
    for n, answer in enumerate(answers):
        recent.put(recent.key(f"q{n}", ASKED, 0), answer)
    assert len(recent) == 2
    assert recent.get(recent.key("q0", ASKED, 0)) is None
    assert recent.get(recent.key("q2", ASKED, 0)) is answers[2]


def test_a_kept_answer_is_filed_under_the_state_version() -> None:
    version = [1]
    recent = RecentAnswers(lambda: version[0])
    recent.put(recent.key("q", ASKED, 0), Answer(title="then"))
    version[0] = 2
    assert recent.get(recent.key("q", ASKED, 0)) is None


def test_the_message_for_a_kept_answer_is_made_once(runtime: Runtime) -> None:
    messages, key = RecentMessages(), b"k" * 32
    registry = runtime.engine.registry
    answer = runtime.engine.answer("savings 1.6", ASKED)
    made = messages.message(answer, "savings 1.6", ASKED.today, registry, key)
    assert made == answer_message(answer, "savings 1.6", ASKED.today, registry, key)
    assert messages.message(answer, "savings 1.6", ASKED.today, registry, key) is made
    equal_but_other = replace(answer)
    assert messages.message(equal_but_other, "savings 1.6", ASKED.today, registry, key) is not made
    assert messages.message(answer, "more savings 1.6", ASKED.today, registry, key) is not made


def test_a_kept_message_is_encoded_once_as_bolt_would_encode_it(runtime: Runtime) -> None:
    messages, key = RecentMessages(), b"k" * 32
    registry = runtime.engine.registry
    answer = runtime.engine.answer("savings 1.6", ASKED)
    text = messages.encoded(answer, "savings 1.6", ASKED.today, registry, key)
    assert text == BoltResponse(status=200, body=messages.message(
        answer, "savings 1.6", ASKED.today, registry, key)).body  # fmt: skip
    assert messages.encoded(answer, "savings 1.6", ASKED.today, registry, key) is text
    assert json.loads(text) == answer_message(answer, "savings 1.6", ASKED.today, registry, key)


def test_a_repeated_slash_command_gets_the_same_reply_until_a_write(
    runtime: Runtime, mock: MockSlack
) -> None:
    app = make_app(mock, make_services(runtime.engine))
    first, again = ask(app, mock, "phase"), ask(app, mock, "phase")
    assert first == again and first[0] == 200
    assert ask(app, mock, "use kent", user_id=ADMIN_ID)[1]["text"].startswith("This channel")
    status, changed = ask(app, mock, "phase")
    assert status == 200 and changed != first[1] and "kent-0-25" in all_text(changed)


def test_a_kept_answer_is_acked_at_once_whatever_the_time_budget(
    runtime: Runtime, mock: MockSlack
) -> None:
    """Working an answer out gets a time budget; one kept from before is a look-up, so it is
    the ack itself even when the budget is spent before anything could be worked out."""
    services = make_services(runtime.engine)
    app = make_app(mock, services)
    first = ask(app, mock, "savings 1.6")
    services.answer_budget = 0.0
    assert ask(app, mock, "savings 1.6") == first and "£608k" in all_text(first[1])
    worked_out, answer = threading.Event(), runtime.engine.answer

    def slow(text: str, context: Context) -> Answer:  # as a cold build would be
        worked_out.wait(5)
        return answer(text, context)

    runtime.engine.answer = slow  # type: ignore[method-assign]
    status, fresh = ask(app, mock, "savings 1.3")  # not kept: worked out, over the budget
    worked_out.set()
    assert status == 200 and fresh["text"].startswith("Working on it")
    services.executor.shutdown(wait=True)
