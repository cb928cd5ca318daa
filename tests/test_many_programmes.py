"""A knowledge base of many programmes: answers that go programme by programme show the ones
with the latest papers and say how many more; a ref or name found in several asks which."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlite_utils import Database

from commands.call import MANY, Context
from commands.engine import Engine
from commands.handlers import default_registry
from knowledge.build import build_knowledge_base
from knowledge.opened_build import OpenedBuild
from knowledge.queries import KnowledgeBase
from knowledge.source_files import DEFAULT_SOURCES_DIR

COPIES = 3  # of each of the five papers' programmes: 15, more than one screen's worth
TODAY = Context(today=date(2015, 6, 15))


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("many") / "sources"
    folder.mkdir()
    for source in DEFAULT_SOURCES_DIR.glob("*.toml"):
        text = source.read_text()
        pid = re.search(r'^id = "([^"]+)"', text, re.M).group(1)  # type: ignore[union-attr]
        for n in range(COPIES):
            copy_id = pid if n == 0 else f"{pid}-c{n}"
            (folder / f"{copy_id}.toml").write_text(
                text.replace(f'id = "{pid}"', f'id = "{copy_id}"', 1)
            )
    kb = KnowledgeBase.open(build_knowledge_base(folder.parent / "kb.db", folder))
    return Engine(kb, default_registry())


def test_savings_across_many_programmes_shows_the_latest_few_and_says_how_many(
    engine: Engine,
) -> None:
    answer = engine.answer("savings", TODAY)
    assert answer.ok
    named = {line.split(":")[0] for line in answer.lines}
    assert len(named) <= MANY
    assert any(f"of {5 * COPIES} in scope" in note for note in answer.notes)
    # the latest papers first: Haringey's 2017 proposals are the most recent of the five
    assert {"haringey-mtfs-2017", "haringey-mtfs-2017-c1"} <= named


def test_a_named_proposal_is_still_found_in_every_programme(engine: Engine) -> None:
    answer = engine.answer("savings 1.6 haringey-mtfs-2017-c2", TODAY)
    assert answer.ok and answer.data["programme"] == "haringey-mtfs-2017-c2"


def test_a_ref_in_several_programmes_asks_which_offering_each_once(engine: Engine) -> None:
    answer = engine.answer("savings 1.6", TODAY)
    assert answer.status == "not_found" and f"several programmes ({COPIES})" in answer.title
    offered = [s.split()[-1] for s in answer.suggestions]
    assert sorted(offered) == sorted(set(offered)) and len(offered) == COPIES


def test_a_proposal_name_in_several_programmes_asks_which(engine: Engine) -> None:
    answer = engine.answer("savings adoption", TODAY)
    assert answer.status == "not_found" and "several programmes" in answer.title


def test_check_and_proposals_narrow_whatever_follows(engine: Engine) -> None:
    for question in ("check", "proposals red"):
        answer = engine.answer(question, TODAY)
        assert answer.ok and any("in scope" in note for note in answer.notes), question


def test_per_programme_caches_keep_the_latest_and_whole_build_ones_stay() -> None:
    """A build of thousands of programmes keeps the latest per-programme entries only; what
    spans the build (every programme's names, say) is kept while the build is open."""
    opened = OpenedBuild(Database(memory=True))
    opened.PER_PROGRAMME = 10
    opened.keep(("every name", ()), "all names", whole_build=True)
    for n in range(25):
        opened.keep(("phases", (f"p{n}",)), n, whole_build=False)
    kept = [key for key in opened.memo if key[0] == "phases"]
    assert len(kept) <= 10 and ("phases", ("p24",)) in opened.memo
    assert ("phases", ("p0",)) not in opened.memo
    assert opened.memo[("every name", ())] == "all names"


def test_the_next_milestone_over_many_programmes_is_the_earliest_still_to_come(
    engine: Engine,
) -> None:
    """Over many programmes milestones are put in order from their keys, built only when
    shown: the answer is the one a full sort of every milestone gives."""
    every = sorted(
        (m for m in engine.kb.milestones() if m.kind == "gateway"),
        key=lambda m: (m.date.first_day(), m.programme_id, m.id),
    )
    expected = next(m for m in every if m.date.first_day() >= TODAY.today)
    answer = engine.answer("gateway next", TODAY)
    assert answer.ok and expected.title in answer.title


def test_a_list_over_many_programmes_keeps_a_phone_screen_and_says_how_many_more(
    engine: Engine,
) -> None:
    answer = engine.answer("more milestones", TODAY)
    total = len(engine.kb.milestone_keys())
    assert answer.ok and f"of {total} milestones" in answer.title
    assert len(answer.lines) < total and answer.lines[-1].startswith("…and ")
