"""Figures as a person would say them: "Projected cost £1,514k (2013-14 £258k, 2014-15
£1,256k)", "Savings target £5.017m in 2014-15", "3 service design teams". Never a column name
("Phase cost in Projected cost"), a unit as a word ("40 count") or a row of zeros."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from commands.citing import table_source
from commands.flags import flag_for
from commands.formatting import amount, flagged, money, number, sentence_case
from knowledge.dates import looks_like_financial_year
from knowledge.model import INCREMENTS, Figure, Phase, Source
from knowledge.queries import KnowledgeBase

LINES_SHOWN = 5  # a phase's figures on one screen; the rest behind ``more``


def period_phrase(period: str) -> str:
    """ "in 2014-15", "a year", "over 2015-16 to 2017-18", or the period in brackets."""
    if not period or period == "total":
        return ""
    if looks_like_financial_year(period):
        return f" in {period}"
    if period == "annual":
        return " a year"
    if " to " in period:
        return f" over {period}"
    return f" ({period})"


def figure_phrase(
    figure: Figure, flag: str = "", subject: bool = False, measure: bool = True
) -> str:
    """One stated figure as a phrase; ``subject`` puts what it is about in front; without
    ``measure`` (the title already says it) money and ratios are the value alone."""
    unit = figure.amount.unit
    value = amount(figure.amount)
    named = measure and not (subject and figure.subject)
    count = number(figure.amount.value) + (" FTE" if unit == "FTE" else "")
    if unit in {"count", "FTE"} and not measure:
        core = count  # the title says what is counted
    elif unit in {"count", "FTE"} and figure.measure.endswith("s"):
        core = f"{count} {figure.measure}"  # "6 consultation events"
    elif unit in {"count", "FTE"}:
        core = f"{sentence_case(figure.measure)}: {count}"  # "Consultation attendance: 240"
    else:
        core = f"{sentence_case(figure.measure)} {value}" if named else value
    scenario = f" ({figure.scenario})" if figure.scenario else ""
    text = flagged(f"{core}{period_phrase(figure.period)}{scenario}", flag)
    if not (subject and figure.subject):
        return text
    return f"{text} ({figure.subject})" if ": " in text else f"{figure.subject}: {text}"


@dataclass(frozen=True)
class FigureLines:
    """A phase's figures as lines: the first shown, the rest for more, and sources."""

    lines: tuple[str, ...]
    more: tuple[str, ...]
    sources: tuple[Source, ...]
    flagged: bool


def phase_figure_lines(kb: KnowledgeBase, phase: Phase) -> FigureLines:
    """Every figure tied to a phase: a printed row per measure (its total row where the table
    prints one), then the figures stated in the text; the first few shown, the rest in more.
    The same until the knowledge base is rebuilt, so worked out once per build."""
    key = ("phase figures", phase.programme_id, phase.id)
    return cast(FigureLines, kb.memo(key, lambda: _phase_figure_lines(kb, phase)))


def _phase_figure_lines(kb: KnowledgeBase, phase: Phase) -> FigureLines:
    pid = phase.programme_id
    by_measure: dict[str, list[Figure]] = {}
    for figure in kb.figures(pid):
        if figure.phase_id == phase.id:
            by_measure.setdefault(figure.measure, []).append(figure)
    lines: list[str] = []
    extra: list[str] = []
    sources: list[Source] = []
    any_flag = False
    for measure, group in by_measure.items():
        cells = [f for f in group if f.table_id]
        stated = [f for f in group if not f.table_id]
        if cells:
            shown, rest, cited, flagged_row = _rows_line(kb, pid, measure, cells)
            lines.extend(shown)
            extra.extend(rest)
            sources.extend(cited)
            any_flag = any_flag or flagged_row
        for figure in stated:
            flag = flag_for(kb, pid, figure.id)
            any_flag = any_flag or bool(flag)
            lines.append(figure_phrase(figure, flag, subject=len(stated) > 1))
            sources.append(figure.source)
    return FigureLines(
        tuple(lines[:LINES_SHOWN]),
        tuple([*lines[LINES_SHOWN:], *extra]),
        tuple(sources),
        any_flag,
    )


def _rows_line(
    kb: KnowledgeBase, pid: str, measure: str, cells: list[Figure]
) -> tuple[list[str], list[str], list[Source], bool]:
    """The printed rows of one measure: a total row alone if the table prints one (the part
    rows go behind ``more``), else the rows merged into one line (a phase's cost in two tables)."""
    rows: dict[tuple[str, str], list[Figure]] = {}
    for cell in cells:
        rows.setdefault((cell.table_id or "", cell.subject), []).append(cell)
    sums = [key for key in rows if _row_kind(kb, pid, key) == "sum"]
    label = sentence_case(measure)
    if sums:
        shown = [_merged(kb, pid, label, [rows[key] for key in sums]) for key in sums[:1]]
        parts = [key for key in rows if key not in sums]
        rest = [_merged(kb, pid, key[1], [rows[key]]) for key in parts]
        keys = list(rows)
    else:
        shown = [_merged(kb, pid, label, list(rows.values()))]
        rest = []
        keys = list(rows)
    sources = []
    for table_id in dict.fromkeys(k[0] for k in keys):
        table = kb.table(pid, table_id)
        if table:
            labels = [k[1] for k in keys if k[0] == table_id]
            periods = {c.period for k in keys if k[0] == table_id for c in rows[k]}
            columns = [
                c
                for c in table.columns
                if c in periods or (c == table.total_column and "total" in periods)
            ]
            sources.append(table_source(table, labels, columns))
    flagged_any = any("⚠" in line for line in [*shown, *rest])
    return [s for s in shown if s], [r for r in rest if r], sources, flagged_any


def _row_kind(kb: KnowledgeBase, pid: str, key: tuple[str, str]) -> str:
    table = kb.table(pid, key[0])
    row = table.row(key[1]) if table else None
    return row.kind if row else ""


def _merged(kb: KnowledgeBase, pid: str, label: str, rows: list[list[Figure]]) -> str:
    """One line from printed rows about the same thing: a headline figure (a total, or the
    one cell that is not a year) and the years that print something, zeros left out."""
    headline: Figure | None = None
    years: dict[str, Figure] = {}
    yearly = None
    for cells in rows:
        for cell in cells:
            if looks_like_financial_year(cell.period):
                years.setdefault(cell.period, cell)
                table = kb.table(pid, cell.table_id or "")
                yearly = yearly or (table.yearly if table else None)
            elif headline is None:
                headline = cell
                if cell.period != "total":
                    label = sentence_case(cell.period)
    nonzero = [(y, f) for y, f in sorted(years.items()) if f.amount.value != 0]
    if headline is None and not nonzero:
        return ""
    sign = "+" if yearly == INCREMENTS else ""
    unit = (headline or nonzero[0][1]).amount.unit
    total = (
        headline.amount.value if headline else sum((f.amount.value for _, f in nonzero), Decimal(0))
    )
    value = flagged(money(total, unit), flag_for(kb, pid, headline.id) if headline else "")
    parts = [
        flagged(f"{y} {sign}{money(f.amount.value, unit)}", flag_for(kb, pid, f.id))
        for y, f in nonzero
    ]
    when = ""
    if yearly == INCREMENTS and nonzero:
        when = f" a year by {nonzero[-1][0]}"
    if len(nonzero) == 1 and nonzero[0][1].amount.value == total:
        return f"{label} {value} in {nonzero[0][0]}"
    return f"{label} {value}{when}" + (f" ({', '.join(parts)})" if parts else "")
