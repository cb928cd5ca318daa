"""A figure the audit knows is wrong carries its flag on every route to it: ``savings`` for a
proposal and for the programme, ``proposals``, a phase, ``gap``, ``roi``, a free question
that lands on the figure or its table row, a typo in the command word that falls to search,
App Home's tiles and the reminders' content.

Most routes are tried on a small programme file written with faulty sums, so each kind of
finding has a figure on every route; the default papers' own faults are tried too.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from bot.render_text import render_text
from bot.slack.home import build_home
from bot.slack.services import Services
from commands.answer import Answer
from commands.call import Context
from commands.engine import Engine
from commands.handlers import default_registry
from knowledge.build import build_knowledge_base
from knowledge.dates import LONDON
from knowledge.queries import KnowledgeBase
from scheduler.content import build_content
from scheduler.planning import ReminderPolicy, parse_leads, plan_reminders

TODAY = date(2020, 6, 1)

# Proposal 2.1's row prints a total of 160 for 100 + 50; the Total row prints 90 for
# 2021-22 (the rows give 80) and 220 in all (210); the phase's stated cost is 110 for
# 40 + 60; the savings target restates the Total row's 220 as £0.5m; the ratio is 4:1
# where £0.5m / £0.2m gives 2.5.
FAULTY = """
[programme]
id = "demo-flags"
council = "Demo"
title = "Demo programme with faulty sums"
document = "demo.txt"
document_title = "Demo paper, 1 Apr 2020"
source = "front page"

[[phases]]
id = "build"
number = 1
name = "Build"
start = "2020-04"
end = "2021-03"
source = "para 2"

[[milestones]]
id = "gateway-2020-09"
kind = "gateway"
date = "2020-09-15"
title = "Build gateway"
phase = "build"
source = "para 5"

[[proposals]]
id = "2.1"
ref = "2.1"
name = "Fewer agency staff"
rag = "amber"
source = "table 1, row 2.1"

[[proposals]]
id = "2.2"
ref = "2.2"
name = "Shared back office"
source = "table 1, row 2.2"

[[tables]]
id = "table-1"
title = "Savings by proposal"
source = "table 1"
unit = "GBP k"
columns = ["2020-21", "2021-22", "Total"]
yearly = "increments"
total_column = "Total"
note = "Each year's saving adds to the last."

[[tables.rows]]
label = "Fewer agency staff"
proposal = "2.1"
measure = "savings"
values = [100, 50, 160]

[[tables.rows]]
label = "Shared back office"
proposal = "2.2"
measure = "savings"
values = [20, 30, 50]

[[tables.rows]]
label = "Total"
kind = "sum"
measure = "savings"
values = [120, 90, 220]

[[tables]]
id = "costs"
title = "Cost by year"
source = "table 2"
unit = "GBP k"
columns = ["2020-21", "2021-22"]
yearly = "levels"
note = "Each year's cost is that year's spend."

[[tables.rows]]
label = "Cost"
kind = "item"
measure = "phase cost"
phase = "build"
values = [40, 60]

[[figures]]
id = "build-cost"
measure = "total phase cost"
phase = "build"
value = 110
unit = "GBP k"
sum_of = ["costs:Cost:2020-21", "costs:Cost:2021-22"]
source = "para 3"

[[figures]]
id = "savings-target"
measure = "savings target"
period = "2020-21 to 2021-22"
value = 0.5
unit = "GBP m"
sum_of = ["table-1:Total:Total"]
source = "para 4"

[[figures]]
id = "fee"
measure = "fee"
value = 0.2
unit = "GBP m"
source = "para 6"

[[figures]]
id = "stated-return"
measure = "return on investment"
subject = "Savings target against the fee"
value = 4
unit = "ratio"
ratio_of = ["savings-target", "fee"]
source = "para 6"
"""


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("faulty")
    (folder / "sources").mkdir()
    (folder / "sources" / "demo-flags.toml").write_text(FAULTY)
    return KnowledgeBase.open(build_knowledge_base(folder / "kb.db", folder / "sources"))


@pytest.fixture(scope="module")
def engine(faulty: KnowledgeBase) -> Engine:
    return Engine(faulty, default_registry())


def ask(engine: Engine, text: str, today: date = TODAY) -> Answer:
    answer = engine.answer(text, Context(today=today))
    assert answer.ok, answer.title
    return answer


def flagged_text(answer: Answer) -> str:
    """The answer as shown, which must carry the flag beside the figure and the warning."""
    text = render_text(answer)
    assert answer.warnings and "check demo-flags" in " ".join(answer.warnings), text
    return text


def test_savings_for_a_proposal_flags_its_total(engine: Engine) -> None:
    answer = ask(engine, "savings 2.1")
    assert (
        answer.lead
        == "£160k a year by 2021-22, built up from 2020-21 (⚠ its years add up to £150k)"
    )
    flagged_text(answer)


def test_savings_for_the_programme_flags_the_papers_total_row_beside_the_sum(
    engine: Engine,
) -> None:
    answer = ask(engine, "savings demo-flags")
    assert answer.lead.endswith("(⚠ the paper's Total row prints £220k)")
    flags = {c.label: c.flag for c in answer.cells}
    assert flags == {"2020-21": "", "2021-22": "the paper's Total row prints £90k"}
    flagged_text(answer)


def test_proposals_flags_a_total_that_does_not_add_up(engine: Engine) -> None:
    answer = ask(engine, "proposals")
    (line,) = [line for line in answer.lines if line.startswith("2.1 ")]
    assert "£160k a year (⚠ its years add up to £150k)" in line
    flagged_text(answer)


@pytest.mark.parametrize("question", ["fewer agency staff", "savngs 2.1", "agency staff 2.1"])
def test_a_free_question_or_a_typo_that_lands_on_the_proposal_flags_it(
    engine: Engine, question: str
) -> None:
    assert "⚠ its years add up to £150k" in flagged_text(ask(engine, question))


def test_a_question_read_as_the_proposal_list_flags_the_proposal(engine: Engine) -> None:
    answer = ask(engine, "total savings by proposal")
    assert answer.read_as == "proposals"
    assert "£160k a year (⚠ its years add up to £150k)" in flagged_text(answer)


def test_a_free_question_that_lands_on_the_total_row_flags_its_cells(engine: Engine) -> None:
    answer = ask(engine, "ask total savings by proposal")
    assert answer.title == "Savings, Total row (demo-flags)"
    assert "(⚠ its rows add up to £210k; its years add up to £210k)" in answer.lead
    assert {c.label: c.flag for c in answer.cells}["2021-22"] == "its rows add up to £80k"
    flagged_text(answer)


def test_a_phase_flags_a_stated_figure_tied_to_it(engine: Engine) -> None:
    text = flagged_text(ask(engine, "phase 1"))
    assert "Total phase cost £110k (⚠ its parts add up to £100k)" in text


def test_a_free_question_that_lands_on_a_stated_figure_flags_it(engine: Engine) -> None:
    answer = ask(engine, "ask total phase cost")
    assert answer.lead == "£110k (⚠ its parts add up to £100k)"
    flagged_text(answer)


def test_a_question_read_as_the_phase_flags_its_stated_cost(engine: Engine) -> None:
    answer = ask(engine, "total phase cost")
    assert answer.read_as == "phase"
    assert "Total phase cost £110k (⚠ its parts add up to £100k)" in flagged_text(answer)


def test_gap_flags_the_target_it_compares(engine: Engine) -> None:
    text = flagged_text(ask(engine, "gap demo-flags"))
    assert "Savings target £0.5m (⚠ its parts add up to £0.22m)" in text


def test_roi_flags_a_stated_ratio_that_its_figures_do_not_give(
    engine: Engine, faulty: KnowledgeBase
) -> None:
    figure = ask(engine, "return on investment savings target against the fee")
    assert figure.lead == "4:1 (⚠ its own figures give 2.50:1)"
    flagged_text(figure)


def test_check_lists_every_finding_the_routes_flag(engine: Engine) -> None:
    answer = ask(engine, "check demo-flags")
    assert answer.title.startswith("7 audit findings")


def test_app_home_tiles_carry_the_flags(faulty: KnowledgeBase) -> None:
    engine = Engine(faulty, default_registry())
    services = Services(engine=engine, today=lambda: TODAY)
    view = build_home(services, "U1", "D1")
    tiles = {
        b["text"]["text"].split("\n")[0]: b["text"]["text"]
        for b in view["blocks"]
        if b["type"] == "section"
    }
    assert "⚠ the paper's Total row prints £220k" in tiles["*Savings*"]
    assert ":warning:" in tiles["*Savings*"] and ":warning:" in tiles["*Gaps*"]
    services.executor.shutdown()


def test_a_reminder_carries_the_flag_on_the_savings_target(faulty: KnowledgeBase) -> None:
    (milestone,) = faulty.milestones("demo-flags")
    reminder = plan_reminders([milestone], ReminderPolicy(leads=parse_leads("7d")))[0]
    content = build_content(faulty, reminder, datetime(2020, 9, 8, 9, 0, tzinfo=LONDON))
    assert content.savings is not None
    assert content.savings.target == "£0.5m (⚠ its parts add up to £0.22m)"
    assert content.warnings and "check demo-flags" in content.warnings[0]


# ---- the default papers' own faults --------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "beside"),
    [
        ("savings haringey-mtfs-2017", "+£837k (⚠ the paper's Total row prints £2,762k)"),
        ("savings", "(⚠ the paper's Total row prints £4,820k)"),
        ("savigns haringey-mtfs-2017", "+£837k (⚠ the paper's Total row prints £2,762k)"),
        ("total savings 2017-22 haringey-mtfs-2017", "(⚠ the paper's Total row prints £4,820k)"),
        ("ask total savings 2017-22 haringey-mtfs-2017", "2017-18 +£2,762k (⚠ its rows add up"),
        ("gap fom", "Savings target £16.7m (⚠ rounded from £16.784m)"),
        ("service redesign savings fom", "(⚠ rounded from £3.57m)"),
        ("roi kent", "5.5:1 (⚠ its own figures give 5.13:1)"),
        ("stretch return on investment kent", "5.5:1 (⚠ its own figures give 5.13:1)"),
        ("ask stretch return on investment kent", "5.5:1 (stretch) (⚠ its own figures give"),
    ],
)
def test_the_papers_own_faults_are_flagged_on_every_route(
    plain_engine: Engine, question: str, beside: str
) -> None:
    answer = plain_engine.answer(question, Context(today=date(2014, 10, 1)))
    text = render_text(answer)
    assert beside in text and "⚠" in text, text
    assert answer.warnings


def test_app_home_for_the_2017_proposals_flags_the_total_row(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    engine = Engine(kb, default_registry())
    engine.preferences.set_default_programme("D1", "haringey-mtfs-2017", "U1")
    services = Services(engine=engine, today=lambda: date(2017, 4, 1))
    view = build_home(services, "U1", "D1")
    assert "⚠ the paper's Total row prints £4,820k" in str(view)
    services.executor.shutdown()
