"""``/cyps``: answer within Slack's three seconds, privately, with a button to share."""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as AnswerTimeout
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.slack.after_response import after_response
from bot.slack.messages import answer_message, working_message
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

    def handle_cyps(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        """Ack with the answer itself; if the engine is slow, ack a holding note and respond later.

        Logs name the command and the user, never the question (it may be sensitive); over
        HTTP the line is written after the reply has gone, so it never delays an answer.
        """
        started = time.perf_counter()
        question = decode_slack_text(command.get("text", ""))
        writes = services.engine.writes(question)
        context = services.context(
            command.get("channel_id", ""), command.get("user_id", ""), stamped=writes
        )
        today, key = context.today, services.button_key

        def log_answer(answer: Answer, how: str) -> None:
            elapsed_ms = (time.perf_counter() - started) * 1000
            after_response(
                lambda: log.info(
                    "/cyps %s for %s in %s: %s, %s in %.0f ms",
                    answer.command or "-",
                    context.user_id,
                    context.channel_id,
                    answer.status,
                    how,
                    elapsed_ms,
                )
            )

        if not writes:
            # Reads take well under a millisecond and never wait on a lock: answer inline and
            # spare the thread hand-off. Writes may wait on SQLite, so they get a time budget.
            answer = services.engine.answer(question, context)
            ack(**answer_message(answer, question, today, services.engine.registry, key))
            log_answer(answer, "acked")
            return
        invocation = command.get("trigger_id", "")
        future = services.executor.submit(record_once, invocation, question, context)

        try:
            answer = future.result(timeout=services.answer_budget)
        except AnswerTimeout:
            ack(**working_message())

            def deliver(done: Future[Answer]) -> None:
                late = done.result()  # Engine.answer turns every failure into an Answer
                try:
                    respond(**answer_message(late, question, today, services.engine.registry, key))
                except Exception:
                    log.exception("late answer for %s could not be sent", context.user_id)
                    return
                log_answer(late, "responded")

            future.add_done_callback(deliver)
            return
        ack(**answer_message(answer, question, today, services.engine.registry, key))
        log_answer(answer, "acked")

    app.command("/cyps")(handle_cyps)
