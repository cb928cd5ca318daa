"""The answer for what a free question finds: a stated figure, a printed table row, or (when
nothing narrower matches) the programme itself. Every printed figure carries the audit's flag
beside it, so landing here by search or by a typo shows what ``savings`` and ``check`` show."""

from __future__ import annotations

from decimal import Decimal

from commands.answer import Answer
from commands.call import Call
from commands.citing import cite, table_source
from commands.figure_lines import figure_phrase
from commands.flags import audit_warning, flag_for
from commands.formatting import flagged, money, sentence_case
from commands.item_answers import milestone_answer, phase_answer, proposal_answer
from commands.savings_text import savings_cells, savings_lead
from knowledge.dates import looks_like_financial_year
from knowledge.model import INCREMENTS, LEVELS, Figure


def search_hit_answer(call: Call, hit: dict[str, object]) -> Answer:
    """The answer for one search hit: the item it names, else its programme's description."""
    pid, key, kind = str(hit["programme_id"]), str(hit["key"]), str(hit["kind"])
    found: Answer | None = None
    if kind == "proposal":
        proposal = call.kb.proposal(pid, key)
        found = proposal_answer(call, proposal) if proposal else None
    elif kind == "phase":
        phase = next((p for p in call.kb.phases(pid) if p.id == key), None)
        found = phase_answer(call, phase) if phase else None
    elif kind == "milestone":
        milestone = next((m for m in call.kb.milestones(pid) if m.id == key), None)
        heading = sentence_case(milestone.kind) if milestone else ""
        found = milestone_answer(call, milestone, heading) if milestone else None
    elif kind == "figure":
        figure = call.kb.figure(pid, key)
        found = figure_answer(call, figure) if figure else None
    elif kind == "row":
        table_id, _, label = key.partition(":")
        found = row_answer(call, pid, table_id, label)
    return found or programme_answer(call, pid)


def figure_answer(call: Call, figure: Figure) -> Answer:
    pid = figure.programme_id
    flag = flag_for(call.kb, pid, figure.id)
    subject = f": {figure.subject}" if figure.subject else ""
    short, details = cite([figure.source])
    return Answer(
        title=f"{sentence_case(figure.measure)}{subject} ({pid})",
        lead=figure_phrase(figure, flag, measure=False),
        lines=(figure.description,) if figure.description else (),
        warnings=(audit_warning([pid]),) if flag else (),
        sources=short,
        details=details,
        data={"programme": pid, "figure": figure.id, "value": str(figure.amount.value)},
    )


def _row_title(measure: str, label: str, scenario: str) -> str:
    """ "Savings, Total row", "Savings, target", "Funding gap": the measure, and the printed
    label only where it adds something (never "Funding gap - GAP" or "Target target")."""
    folded = label.lower()
    title = sentence_case(measure)
    if folded == "total" and "total" not in measure.lower():
        title += ", Total row"
    elif folded not in {measure.lower(), scenario.lower(), "total", "gap"} and not (
        measure.lower().startswith(folded)
    ):
        title += f": {label}"
    if scenario and scenario.lower() not in title.lower():
        title += f", {scenario}"
    return title


def row_answer(call: Call, pid: str, table_id: str, label: str) -> Answer | None:
    """A printed row: its headline figure and each year that prints one, zeros left out."""
    table = call.kb.table(pid, table_id)
    row = table.row(label) if table else None
    cells = [f for f in call.kb.figures(pid) if f.table_id == table_id and f.subject == label]
    if table is None or row is None or not cells:
        return None
    ids = {f.period: f.id for f in cells}
    flags = {period: flag_for(call.kb, pid, cell) for period, cell in ids.items()}
    years = [(f.period, f.amount.value) for f in cells if looks_like_financial_year(f.period)]
    others = [f for f in cells if not looks_like_financial_year(f.period)]
    unit = cells[0].amount.unit
    total = next((f.amount.value for f in others if f.period == "total"), None)
    savings = row.measure.startswith("savings")
    # Only savings add up year on year; a cost or a gap in a year is that year's amount.
    yearly = (table.yearly or INCREMENTS) if savings else LEVELS
    if years and savings:
        lead = flagged(savings_lead(years, yearly, unit, total), flags.get("total", ""))
    elif years:
        over = total if total is not None else sum((v for _, v in years), Decimal(0))
        span = [y for y, v in years if v != 0]
        when = f" in {span[0]}" if len(span) == 1 else ""
        if len(span) > 1:
            when = f" over {span[0]} to {span[-1]}"
        lead = flagged(f"{money(over, unit)}{when}", flags.get("total", ""))
    else:
        shown = others[0]
        shown_value = f"{sentence_case(shown.period)} {money(shown.amount.value, unit)}"
        lead = flagged(shown_value, flags[shown.period])
    short, details = cite([table_source(table, [label])])
    return Answer(
        title=f"{_row_title(row.measure, label, row.scenario)} ({pid})",
        lead=lead,
        cells=savings_cells(years, yearly, unit, lambda year: flags.get(year, "")),
        warnings=(audit_warning([pid]),) if any(flags.values()) else (),
        sources=short,
        details=details,
        data={"programme": pid, "row": f"{table_id}:{label}"},
    )


def programme_answer(call: Call, pid: str) -> Answer:
    programme = call.kb.programme(pid)
    if programme is None:
        return Answer(title=pid)
    short, details = cite([programme.source])
    return Answer(
        title=f"{programme.title} ({pid})",
        lines=(programme.summary,) if programme.summary else (),
        sources=short,
        details=details,
        data={"programme": pid},
    )
