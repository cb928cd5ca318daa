"""The line per answer is noted on the answering thread and written later, as it would have been."""

from __future__ import annotations

import logging
import time

import pytest

from bot.slack.answer_log import AnswerLog

ASKED_AT = 1_700_000_000.25  # a moment with a fraction, to see the milliseconds kept


def test_a_noted_answer_is_written_as_its_line_with_the_time_it_was_answered(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("tests.answer_log.written")
    answers = AnswerLog(logger, every=60, clock=lambda: ASKED_AT)
    with caplog.at_level(logging.INFO, logger=logger.name):
        answers.note("savings", "U0ASKER", "C0BOARD", "ok", "acked", 3.4)
        assert not caplog.records  # noted, not yet written
        answers.flush()
    (record,) = caplog.records
    assert record.getMessage() == "/cyps savings for U0ASKER in C0BOARD: ok, acked in 3 ms"
    assert record.name == logger.name and record.levelno == logging.INFO
    assert record.created == ASKED_AT and round(record.msecs) == 250


def test_nothing_is_noted_when_the_logger_would_not_write_info(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("tests.answer_log.quiet")
    answers = AnswerLog(logger, every=60)
    with caplog.at_level(logging.WARNING, logger=logger.name):
        answers.note("savings", "U0ASKER", "C0BOARD", "ok", "acked", 1.0)
        answers.flush()
    assert not caplog.records


def test_the_writer_thread_writes_noted_lines_by_itself_in_order(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("tests.answer_log.thread")
    answers = AnswerLog(logger, every=0.01)
    with caplog.at_level(logging.INFO, logger=logger.name):
        for n in range(5):
            answers.note(f"command{n}", "U0ASKER", "C0BOARD", "ok", "acked", 1.0)
        deadline = time.monotonic() + 5
        while len(caplog.records) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
    assert [r.getMessage().split()[1] for r in caplog.records] == [f"command{n}" for n in range(5)]


def test_a_log_no_longer_used_writes_what_it_noted_and_its_thread_ends(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("tests.answer_log.dropped")
    answers = AnswerLog(logger, every=60)
    with caplog.at_level(logging.INFO, logger=logger.name):
        answers.note("savings", "U0ASKER", "C0BOARD", "ok", "acked", 1.0)
        writer = answers._writer
        assert writer is not None and writer.is_alive() and not caplog.records
        del answers  # its last note is written as it goes, not lost
        assert [r.getMessage().split()[1] for r in caplog.records] == ["savings"]


def test_the_writer_thread_ends_once_its_log_is_no_longer_used() -> None:
    logger = logging.getLogger("tests.answer_log.ended")
    logger.setLevel(logging.INFO)
    logger.propagate = False  # its line is not the point here
    answers = AnswerLog(logger, every=0.01)
    answers.note("savings", "U0ASKER", "C0BOARD", "ok", "acked", 1.0)
    writer = answers._writer
    assert writer is not None and writer.is_alive()
    del answers
    writer.join(timeout=5)
    assert not writer.is_alive()
