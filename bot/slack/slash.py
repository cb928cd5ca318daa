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

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
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
        today = context.today

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
            ack(**answer_message(answer, question, today, services.engine.registry))
            log_answer(answer, "acked")
            return
        future = services.executor.submit(services.engine.answer, question, context)

        try:
            answer = future.result(timeout=services.answer_budget)
        except AnswerTimeout:
            ack(**working_message())

            def deliver(done: Future[Answer]) -> None:
                late = done.result()  # Engine.answer turns every failure into an Answer
                try:
                    respond(**answer_message(late, question, today, services.engine.registry))
                except Exception:
                    log.exception("late answer for %s could not be sent", context.user_id)
                    return
                log_answer(late, "responded")

            future.add_done_callback(deliver)
            return
        ack(**answer_message(answer, question, today, services.engine.registry))
        log_answer(answer, "acked")

    app.command("/cyps")(handle_cyps)
