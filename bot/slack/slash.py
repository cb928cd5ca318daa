"""``/cyps``: answer within Slack's three seconds, privately, with a button to share."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as AnswerTimeout
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.charts import Message, holding_message
from bot.slack.messages import working_message
from bot.slack.services import Services
from bot.slack.text import decode_slack_text
from commands.answer import Answer
from commands.call import Context
from knowledge.state.connection import StateBusy

log = logging.getLogger(__name__)


ALREADY_RECORDED = Answer(
    title="This request was already received, so nothing was recorded again.",
    lines=("Type the command again if you meant to record it a second time.",),
    status="bad_input",
)
NO_INVOCATION = Answer(
    title="This request carries no Slack trigger id, so nothing was recorded.",
    status="bad_input",
)


def _reply(
    ask: Callable[[], Answer], compose: Callable[[Answer], Message]
) -> tuple[Answer, Message]:
    """Run on the answer pool: the answer and the reply composed from it."""
    answer = ask()
    return answer, compose(answer)


def register(app: App, services: Services) -> None:
    def record_once(invocation: str, question: str, context: Context) -> Answer:
        """Run a write once per Slack invocation (its ``trigger_id``): a request delivered
        again, or replayed inside Slack's five minutes, records nothing the second time."""
        if not invocation:
            return NO_INVOCATION
        try:
            first = services.claims.claim(f"slack:{invocation}", services.now())
        except StateBusy as error:  # as the engine answers it for the write itself
            return Answer(title=str(error), status="busy")
        if not first:
            log.warning("/cyps write for %s refused: invocation already handled", context.user_id)
            return ALREADY_RECORDED
        return services.engine.answer(question, context)

    def handle_cyps(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        """Ack with the answer itself; if the engine (or drawing a chart) is slow, ack a holding
        note and respond later.

        Logs name the command and the user, never the question (it may be sensitive); the
        line is only noted here and written by the answer log's own thread (``answer_log``).
        """
        started = time.perf_counter()
        question = decode_slack_text(command.get("text", ""))
        channel, user = command.get("channel_id", ""), command.get("user_id", "")
        context = services.context(channel, user, stamped=False)
        # only reads are kept, so a question with a kept answer needs no look at whether it
        # writes; one without is looked at, and a write carries the time for the change log
        kept = services.engine.kept(question, context)
        writes = kept is None and services.engine.writes(question)
        if writes:
            context = services.context(channel, user, stamped=True)
        today, key = context.today, services.button_key

        def log_answer(answer: Answer, how: str) -> None:
            services.answer_log.note(
                answer.command or "-",
                context.user_id,
                context.channel_id,
                answer.status,
                how,
                (time.perf_counter() - started) * 1000,
            )

        def compose(answer: Answer) -> Message:
            """The reply; an answer with charts gets them drawn, uploaded and shown."""
            message = services.messages.message(
                answer, question, today, services.engine.registry, key
            )
            if answer.charts:
                message = services.charts.attach(message, answer.charts, client)
            return message

        def respond_late(done: Future[tuple[Answer, Message]]) -> None:
            try:
                late, late_message = done.result()  # every failure is an Answer already
                respond(**late_message)
            except Exception:
                log.exception("late answer for %s could not be sent", context.user_id)
                return
            log_answer(late, "responded")

        def deliver_late(done: Future[Answer]) -> None:
            try:
                late = done.result()  # the engine turns every failure into an Answer
                respond(**compose(late))
            except Exception:
                log.exception("late answer for %s could not be sent", context.user_id)
                return
            log_answer(late, "responded")

        if kept is not None:  # asked before and nothing changed: no work to time
            answer = kept
        else:
            if writes:
                invocation = command.get("trigger_id", "")
                asked = services.executor.submit(record_once, invocation, question, context)
            else:
                asked = services.executor.submit(services.engine.answer, question, context)
            # Every answer worked out, read or write, gets the same time budget: a write may
            # wait on a lock, and a read of a large knowledge base just reloaded may take a
            # while; past the budget the asker sees a holding note and the answer follows.
            try:
                answer = asked.result(timeout=services.answer_budget)
            except AnswerTimeout:
                ack(**working_message())
                asked.add_done_callback(deliver_late)
                return
        if not answer.charts:
            # the reply as its JSON text, encoded once per message: Bolt sends a text that
            # starts with "{" as it is, as application/json (the test of this face checks)
            ack(services.messages.encoded(answer, question, today, services.engine.registry, key))
            log_answer(answer, "acked")
            return
        # Charts take a few hundred milliseconds to draw and upload: what is left of the
        # budget, else the figures as text at once and the chart after.
        left = max(0.0, services.answer_budget - (time.perf_counter() - started))
        read = answer
        drawn = services.executor.submit(_reply, lambda: read, compose)
        try:
            answer, message = drawn.result(timeout=left)
        except AnswerTimeout:
            ack(**holding_message(answer))
            drawn.add_done_callback(respond_late)
            return
        ack(**message)
        log_answer(answer, "acked")

    app.command("/cyps")(handle_cyps)
