"""The papers' index in state.db: adding, replacing, removing, searching, and another process
seeing a new paper without a restart."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from paper_samples import add_text_paper, westbury_text

from knowledge.dates import LONDON
from knowledge.state import papers as papers_module
from knowledge.state.connection import StateDB
from knowledge.state.papers import PaperStore, bold

AT = datetime(2026, 1, 5, 9, 0, tzinfo=LONDON)
OTHER = (
    "1. Finance\n\n1.1 The Medium Term Financial Strategy (MTFS) sets the savings.\n\n"
    "1.2 The MTFS is reviewed each year with the MTFS board.\n"
)


@pytest.fixture
def store(state: StateDB) -> PaperStore:
    papers = PaperStore(state)
    add_text_paper(papers, "westbury.txt", westbury_text(), "kent-0-25")
    add_text_paper(papers, "finance.txt", OTHER, "harrow-ics-2011")
    return papers


def test_search_for_a_defined_abbreviation_returns_the_defining_paragraph_first(
    store: PaperStore,
) -> None:
    result = store.search("MTFS")
    assert [h.passage.label for h in result.hits] == ["para 1.1", "para 1.2"]
    assert result.hits[0].passage.defines == "MTFS: Medium Term Financial Strategy"
    assert "*MTFS*" in result.hits[0].extract


@pytest.mark.parametrize(
    "text",
    ['"savings', "savings*", "NEAR(savings, board)", "savings OR", "-savings", "^savings",
     "text: savings", 'AND OR NOT "', "savings NEAR/3 board", "***", "(", ":"],
)  # fmt: skip
def test_fts5_operators_typed_by_users_are_plain_words_never_errors(
    store: PaperStore, text: str
) -> None:
    result = store.search(text)
    if "savings" in text:
        assert result.hits and all("savings" in h.passage.text.lower() for h in result.hits)
    else:
        assert result.hits == () or result.terms.words


def test_typos_are_corrected_against_the_papers_own_words(store: PaperStore) -> None:
    result = store.search("strategc partnr")
    assert result.terms.corrected == (("strategc", "strategic"), ("partnr", "partner"))
    assert result.hits[0].passage.label == "para 2.3"


def test_a_word_no_paper_has_is_reported_and_the_rest_searched(store: PaperStore) -> None:
    result = store.search("gateway zzyzx")
    assert result.terms.unknown == ("zzyzx",)
    assert [h.passage.label for h in result.hits] == ["para 3.2"]


def test_without_a_passage_having_every_word_any_word_will_do(store: PaperStore) -> None:
    result = store.search("hubs MTFS")
    assert not result.every_word
    assert {h.passage.label for h in result.hits} >= {"para 3.1, table", "para 1.1"}


def test_search_keeps_to_the_programmes_asked_for(store: PaperStore) -> None:
    assert store.search("savings", ("harrow-ics-2011",)).hits[0].paper.file_name == "finance.txt"
    assert {h.paper.file_name for h in store.search("savings", ("kent-0-25",)).hits} == {
        "westbury.txt"
    }


def test_more_pages_through_the_hits(store: PaperStore) -> None:
    first = store.search("the", limit=2)
    second = store.search("the", offset=2, limit=2)
    assert first.more and len(first.hits) == 2 and second.hits

    def seen(hits: object) -> set[tuple[str, int]]:
        return {(h.paper.id, h.passage.seq) for h in hits}  # type: ignore[attr-defined]

    assert not seen(first.hits) & seen(second.hits)


def test_adding_the_same_file_again_replaces_it(store: PaperStore) -> None:
    add_text_paper(store, "finance.txt", "1. Finance\n\n1.1 Only this now.\n", "harrow-ics-2011")
    assert sorted(p.file_name for p in store.papers()) == ["finance.txt", "westbury.txt"]
    assert store.search("MTFS").hits == ()
    assert [h.passage.label for h in store.search("only").hits] == ["para 1.1"]


def test_removing_a_paper_takes_its_passages_out_of_the_index(store: PaperStore) -> None:
    removed = store.remove("finance")
    assert removed is not None and removed.file_name == "finance.txt"
    assert store.search("MTFS").hits == () and store.remove("finance") is None
    assert "mtfs" not in store.vocabulary()


def test_paragraph_finds_a_number_or_the_paragraphs_of_a_section(store: PaperStore) -> None:
    [(paper, passages)] = store.paragraph("3.1", ("kent-0-25",))
    assert paper.file_name == "westbury.txt"
    assert [p.label for p in passages] == ["para 3.1", "para 3.1, table"]
    [(_, section)] = store.paragraph("2", ("kent-0-25",))
    assert [p.label for p in section] == ["para 2.1", "para 2.2", "para 2.3"]
    assert store.paragraph("9.9") == []
    assert store.numbers_by_programme()["harrow-ics-2011"] == frozenset({"1.1", "1.2"})


def test_another_process_sees_a_new_paper_without_a_restart(tmp_path: Path) -> None:
    bot = PaperStore(StateDB.open(tmp_path / "state.db"))
    assert bot.search("MTFS").hits == () and bot.papers() == []
    cli = PaperStore(StateDB.open(tmp_path / "state.db"))
    add_text_paper(cli, "finance.txt", OTHER, None)
    assert [h.passage.label for h in bot.search("MTFS").hits] == ["para 1.1", "para 1.2"]
    assert [p.file_name for p in bot.papers()] == ["finance.txt"]
    assert "strategy" in bot.vocabulary()


def test_bold_turns_the_index_marks_into_slack_bold_and_drops_stray_asterisks() -> None:
    assert bold("the *plan* \x02savings\x03 are\n here") == "the plan *savings* are here"


def test_when_too_many_passages_match_only_the_newest_are_ranked(
    store: PaperStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(papers_module, "RANKED_AT_MOST", 1)
    result = store.search("the")
    assert result.capped and result.hits
    assert {h.paper.file_name for h in result.hits} == {"finance.txt"}  # added last
    assert not store.search("MTFS strategy").capped  # one passage matches: ranked in full
