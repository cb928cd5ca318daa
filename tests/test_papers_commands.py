"""``/cyps search``, ``/cyps para``, the free question's fallback to the papers, and a
figure's source offering the added paper's paragraph; all through the real engine."""

from __future__ import annotations

from datetime import date

import pytest
from paper_samples import add_text_paper, westbury_text
from slack_support import block_kit_problems

from bot.runtime import Runtime
from bot.slack.messages import answer_message
from commands.call import Context
from knowledge.state import papers as papers_module

TODAY = Context(today=date(2015, 3, 1))
FINANCE = (
    "6. Comments of the finance officer\n\n6.4 The made-up costs of each phase are below.\n\n"
    "Phase\tCost\n3\t1,514\n\n6.5 The Local Authority Made Up Grant (LAMUG) pays for phase 3, "
    "and the rest comes from the reserve.\n\n6.6 The LAMUG is one-off money.\n\n"
    "6.7 Reserves fall when the LAMUG is spent.\n\n6.8 The board reviews LAMUG spending.\n"
)


@pytest.fixture
def papers_runtime(runtime: Runtime) -> Runtime:
    add_text_paper(runtime.papers, "westbury.txt", westbury_text(), "kent-0-25")
    add_text_paper(runtime.papers, "finance.txt", FINANCE, "haringey-54000")
    return runtime


def test_search_shows_the_best_three_with_paper_paragraph_and_bold_words(
    papers_runtime: Runtime,
) -> None:
    answer = papers_runtime.engine.answer("search LAMUG", TODAY)
    assert answer.ok and answer.title == 'Papers: "lamug"'
    assert answer.lines[0] == "LAMUG stands for Local Authority Made Up Grant (para 6.5)."
    assert answer.lines[1].startswith("1. para 6.5 - Finance (20 Jan 2015)\n")
    assert "*LAMUG*" in answer.lines[1]
    assert len(answer.lines) == 4 and answer.sources == ("Finance (20 Jan 2015)",)
    assert answer.suggestions == ("para 6.5 haringey-54000", "search LAMUG more")
    more = papers_runtime.engine.answer("search LAMUG more", TODAY)
    assert more.ok and more.lines[0].startswith("4. para 6.")
    assert not any(s.startswith("search") for s in more.suggestions)


@pytest.mark.parametrize(
    "text",
    ['search "LAMUG', "search LAMUG*", "search NEAR(LAMUG reserve)", "search LAMUG OR",
     "search -LAMUG", "search ^LAMUG", "search text: LAMUG", 'search "*"', "search NEAR",
     "search OR AND NOT", "search - ^ : *"],
)  # fmt: skip
def test_search_with_fts5_operators_answers_or_says_nothing_found(
    papers_runtime: Runtime, text: str
) -> None:
    answer = papers_runtime.engine.answer(text, TODAY)
    if "LAMUG" in text:
        assert answer.ok and "*LAMUG*" in answer.lines[1]
    else:
        assert answer.ok or (answer.status == "not_found" and answer.title.startswith("Nothing"))


def test_search_keeps_to_a_programme_named_in_the_text(papers_runtime: Runtime) -> None:
    answer = papers_runtime.engine.answer("search savings kent", TODAY)
    assert answer.ok and all("Westbury" in line for line in answer.lines)


def test_search_with_no_papers_added_says_how_to_add_them(runtime: Runtime) -> None:
    answer = runtime.engine.answer("search savings", TODAY)
    assert answer.status == "not_found" and "cyps papers add" in answer.title


def test_para_shows_the_paragraph_attributed_and_offers_the_next(papers_runtime: Runtime) -> None:
    answer = papers_runtime.engine.answer("para 6.4 haringey-54000", TODAY)
    assert answer.ok and answer.title == "para 6.4 - Finance (20 Jan 2015)"
    assert answer.lines == (
        "6.4 The made-up costs of each phase are below.",
        "Phase | Cost",
        "3 | 1,514",
    )
    assert answer.sources == ("Finance (20 Jan 2015), para 6.4",)
    assert answer.suggestions == ("para 6.5 haringey-54000",)


def test_section_shows_its_paragraphs(papers_runtime: Runtime) -> None:
    answer = papers_runtime.engine.answer("section 2 kent", TODAY)
    assert answer.ok and answer.title.startswith("section 2 (2. The proposed model) - Westbury")
    assert [line[:3] for line in answer.lines] == ["2.1", "2.2", "2.3"]


@pytest.mark.parametrize(
    ("text", "status", "says"),
    [
        ("para 9.9 kent", "not_found", "No added paper for kent-0-25 has a para 9.9."),
        ("para six kent", "bad_input", '"six" is not a paragraph number'),
        ("para", "bad_input", "Give one paragraph number"),
    ],
)
def test_para_that_is_not_there_or_not_a_number_says_so(
    papers_runtime: Runtime, text: str, status: str, says: str
) -> None:
    answer = papers_runtime.engine.answer(text, TODAY)
    assert answer.status == status and answer.title.startswith(says)


def test_para_printed_in_several_papers_asks_which(papers_runtime: Runtime) -> None:
    add_text_paper(
        papers_runtime.papers,
        "other.txt",
        "1. Other\n\n1.1 Another paper's first paragraph.\n",
        None,
    )
    answer = papers_runtime.engine.answer("para 1.1", TODAY)
    assert answer.title == "para 1.1 is in 2 papers"
    assert set(answer.suggestions) == {"para 1.1 kent-0-25", "para 1.1"}


def test_a_question_nothing_structured_fits_is_answered_from_the_papers(
    papers_runtime: Runtime,
) -> None:
    answer = papers_runtime.engine.answer("what do we know about referrals", TODAY)
    assert answer.ok and answer.title == 'From the papers: "referrals"'
    assert "*referrals*" in answer.lines[0] and answer.lines[0].startswith("1. Risks - Westbury")
    assert answer.command == "ask"


def test_a_question_a_structured_answer_fits_is_answered_as_before(
    papers_runtime: Runtime,
) -> None:
    answer = papers_runtime.engine.answer("strategic partner cost", TODAY)
    assert answer.title.startswith("Strategic partner cost")


def test_a_figure_whose_source_names_an_added_paragraph_offers_it(
    papers_runtime: Runtime,
) -> None:
    answer = papers_runtime.engine.answer("funding gap 2015-16", TODAY)
    assert "para 6.4" in answer.sources[0]
    assert "para 6.4 haringey-54000" in answer.suggestions
    add_text_paper(
        papers_runtime.papers, "finance.txt", "1. Other\n\n1.1 No six here.\n", "haringey-54000"
    )
    again = papers_runtime.engine.answer("funding gap 2015-16", TODAY)
    assert "para 6.4 haringey-54000" not in again.suggestions


def test_a_running_bot_sees_a_paper_another_process_adds(cyps_env: dict[str, str]) -> None:
    ticks = [0.0]
    bot = Runtime.start(cyps_env, monotonic=lambda: ticks[0])
    assert bot.engine.answer("search LAMUG", TODAY).status == "not_found"
    add_text_paper(Runtime.start(cyps_env).papers, "finance.txt", FINANCE, "haringey-54000")
    ticks[0] += 1.0  # the bot re-checks state.db at most every STATE_MAX_AGE_SECONDS
    answer = bot.engine.answer("search LAMUG", TODAY)
    assert answer.ok and answer.lines[1].startswith("1. para 6.5")


def test_a_search_too_broad_to_rank_in_full_says_so(
    papers_runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(papers_module, "RANKED_AT_MOST", 1)
    answer = papers_runtime.engine.answer("search the", TODAY)
    assert answer.ok and any("only the most recently added" in note for note in answer.notes)


def test_search_for_a_word_that_names_a_programme_searches_for_the_word(
    papers_runtime: Runtime,
) -> None:
    answer = papers_runtime.engine.answer("search kent", TODAY)
    assert answer.status == "not_found" and answer.title == 'Nothing in the papers matches "kent".'
    add_text_paper(papers_runtime.papers, "kent.txt", "1. Kent\n\n1.1 Kent is a county.\n", None)
    assert papers_runtime.engine.answer("search kent", TODAY).lines[0].startswith("1. para 1.1")


@pytest.mark.parametrize("question", ["search LAMUG", "para 6.4 haringey-54000", "section 2 kent"])
def test_papers_answers_pass_block_kit_validation(papers_runtime: Runtime, question: str) -> None:
    answer = papers_runtime.engine.answer(question, TODAY)
    message = answer_message(answer, question, TODAY.today, papers_runtime.engine.registry, b"k")
    assert answer.ok and block_kit_problems(message) == []
