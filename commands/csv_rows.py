"""Check a finance officer's CSV rows of delivered and forecast savings before any is stored."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from commands.amounts import parse_amount
from commands.errors import CypsError
from commands.tracked_years import tracked_year
from knowledge.queries import KnowledgeBase
from knowledge.state.tracking import AMOUNT_KINDS, AmountRecord

CSV_COLUMNS = ("programme", "ref", "year", "kind", "amount")
CSV_TEMPLATE_HELP = (
    "programme: a programme id (e.g. haringey-mtfs-2017); ref: the proposal's ref or id (1.6); "
    "year: a financial year (2017-18); kind: actual or forecast; amount: 120k, £120k, 0.12m or 120000"
)


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.reason}"


def check_rows(
    kb: KnowledgeBase, rows: Iterable[Mapping[str, str | None]]
) -> tuple[list[AmountRecord], list[RowProblem]]:
    """Every row as a record, or every problem with its row number (the header is row 1)."""
    records: list[AmountRecord] = []
    problems: list[RowProblem] = []
    known = {p.id for p in kb.programmes()}
    for number, row in enumerate(rows, start=2):
        missing = [c for c in CSV_COLUMNS if not (row.get(c) or "").strip()]
        if missing:
            problems.append(RowProblem(number, f"missing {', '.join(missing)}"))
            continue
        programme, ref, year, kind, amount = ((row.get(c) or "").strip() for c in CSV_COLUMNS)
        reasons = []
        if programme not in known:
            reasons.append(f'no programme "{programme}"')
        proposal = (
            next((p for p in kb.proposals(programme) if ref in {p.ref, p.id}), None)
            if programme in known
            else None
        )
        if programme in known and proposal is None:
            reasons.append(f'no proposal "{ref}" in {programme}')
        try:
            year = tracked_year(kb, programme, year)
        except CypsError as error:
            reasons.append(error.message)
        if kind.lower() not in AMOUNT_KINDS:
            reasons.append(f'kind "{kind}" must be actual or forecast')
        try:
            thousands = parse_amount(amount).thousands
        except CypsError as error:
            reasons.append(error.message)
            thousands = None
        if reasons:
            problems.append(RowProblem(number, "; ".join(reasons)))
        elif proposal is not None and thousands is not None:
            records.append(AmountRecord(programme, proposal.id, year, kind.lower(), thousands))
    return records, problems
