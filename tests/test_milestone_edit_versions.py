"""Each milestone edit notes the change number it was, so a running scheduler reads back only
the milestones edited since it last looked, merged exactly as every milestone query merges them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from knowledge.dates import LONDON, PaperDate
from knowledge.queries import KnowledgeBase
from knowledge.state.connection import StateDB
from knowledge.state.milestone_edits import MilestoneEdits

NOW = datetime(2014, 10, 1, 9, 0, tzinfo=LONDON)


def test_each_edit_is_found_after_the_version_before_it(state: StateDB, kb_path: Path) -> None:
    edits = MilestoneEdits(state)
    kb = KnowledgeBase.open(kb_path, overlay=edits)
    start = edits.version()
    edits.add("kent-0-25", "gateway", PaperDate.parse("2015-06-01"), "Go-live", "U1", NOW)
    after_add = edits.version()
    gateway = next(m for m in kb.milestones("haringey-54000") if m.id == "gateway-2015-03")
    edits.move(gateway, PaperDate.parse("2015-04-13"), "U1", NOW)
    assert edits.changed_since(start) == {
        ("kent-0-25", "go-live"),
        ("haringey-54000", "gateway-2015-03"),
    }
    assert edits.changed_since(after_add) == {("haringey-54000", "gateway-2015-03")}
    assert edits.changed_since(edits.version()) == set()
    added = next(m for m in kb.milestones("kent-0-25") if m.id == "go-live")
    moved_again = edits.version()
    edits.move(added, PaperDate.parse("2015-06-08"), "U1", NOW)  # an added one, moved
    assert edits.changed_since(moved_again) == {("kent-0-25", "go-live")}


def test_milestones_read_back_by_key_are_those_every_query_sees(
    state: StateDB, kb_path: Path
) -> None:
    edits = MilestoneEdits(state)
    kb = KnowledgeBase.open(kb_path, overlay=edits)
    edits.add("kent-0-25", "gateway", PaperDate.parse("2015-06-01"), "Go-live", "U1", NOW)
    gateway = next(m for m in kb.milestones("haringey-54000") if m.id == "gateway-2015-03")
    edits.move(gateway, PaperDate.parse("2015-04-13"), "U1", NOW)
    keys = {
        ("kent-0-25", "go-live"),  # added
        ("haringey-54000", "gateway-2015-03"),  # the paper's, moved
        ("haringey-54000", "gateway-2016-03"),  # the paper's, untouched
        ("kent-0-25", "no-such-milestone"),
    }
    everything = {(m.programme_id, m.id): m for m in kb.milestones()}
    read_back = {(m.programme_id, m.id): m for m in kb.milestones_keyed(keys)}
    assert read_back == {k: everything[k] for k in keys if k in everything}
    assert len(read_back) == 3
    assert read_back[("haringey-54000", "gateway-2015-03")].date.iso == "2015-04-13"
    assert kb.milestones_keyed(set()) == []


def test_many_keys_are_read_back_in_batches(state: StateDB, kb_path: Path) -> None:
    edits = MilestoneEdits(state)
    kb = KnowledgeBase.open(kb_path, overlay=edits)
    for n in range(450):  # more than one query's worth of keys
        edits.add("kent-0-25", "review", PaperDate.parse("2015-06-01"), f"Review {n}", "U1", NOW)
    keys = {(m.programme_id, m.id) for m in kb.milestones("kent-0-25")}
    assert {(m.programme_id, m.id) for m in kb.milestones_keyed(keys)} == keys


def test_reading_back_by_key_after_a_full_plan_reads_no_milestone_row_again(
    state: StateDB, kb_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    edits = MilestoneEdits(state)
    kb = KnowledgeBase.open(kb_path, overlay=edits)
    kb.milestones()  # what a full plan reads after a rebuild
    queries: list[str] = []
    rows = kb._rows
    monkeypatch.setattr(kb, "_rows", lambda sql, *args: queries.append(sql) or rows(sql, *args))
    kb.milestones_keyed({("haringey-54000", "gateway-2015-03")})  # the first edit's read-back
    assert not [sql for sql in queries if "from milestones" in sql]
