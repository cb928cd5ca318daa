"""What the board records as a programme runs: delivered and forecast savings by proposal and
financial year, and the board's own delivery-risk RAG. Times are passed in; nothing here reads
the clock. Every write commits together with its change-log line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from knowledge.state.connection import Store

AMOUNT_KINDS = ("actual", "forecast")
BATCH = 1000  # rows per INSERT statement (sqlite-utils caps it by SQLite's variable limit)


@dataclass(frozen=True)
class AmountRecord:
    """A delivered or forecast amount for one proposal and year, in GBP thousands."""

    programme_id: str
    proposal_id: str
    year: str
    kind: str
    amount_k: Decimal


@dataclass(frozen=True)
class RagOverride:
    """The board's own RAG for a proposal, in place of the paper's, and who set it."""

    rag: str
    reason: str
    updated_by: str
    updated_at: str


class Tracking(Store):
    """Delivered and forecast amounts (GBP thousands) and RAG overrides; the bot's threads take
    turns on the one connection, and the reads every answer makes are cached."""

    def record_amount(
        self,
        programme_id: str,
        proposal_id: str,
        year: str,
        kind: str,
        amount_k: Decimal,
        who: str,
        via: str,
        at: datetime,
    ) -> Decimal | None:
        """Store a delivered or forecast amount; returns the value it replaced, if any."""
        with self._write():
            return self._store_amount(
                AmountRecord(programme_id, proposal_id, year, kind, amount_k), who, via, at
            )

    def import_amounts(
        self, records: Iterable[AmountRecord], who: str, via: str, at: datetime
    ) -> int:
        """All or nothing: every record is written with its change-log line, or none is.

        The rows are made before the write lock is taken, and written in batches inside one
        transaction that reads what they replace in one query, so a long file holds other
        writers back for moments rather than for the whole import.
        """
        records = list(records)
        if not records:
            return 0
        if any(record.kind not in AMOUNT_KINDS for record in records):
            raise ValueError(f"kind must be one of {AMOUNT_KINDS}")
        stamp = at.isoformat()
        rows = {
            (r.programme_id, r.proposal_id, r.year, r.kind): {
                "programme_id": r.programme_id,
                "proposal_id": r.proposal_id,
                "year": r.year,
                "kind": r.kind,
                "amount_k": str(r.amount_k),
                "updated_by": who,
                "updated_at": stamp,
            }
            for r in records  # a key given twice keeps its last amount, as row by row would
        }
        programmes = sorted({r.programme_id for r in records})
        from knowledge.state.change_log import Change, log_changes  # writes only

        with self._write() as conn:
            current = {
                (p, q, y, k): str(Decimal(str(a)))
                for p, q, y, k, a in conn.execute(
                    "select programme_id, proposal_id, year, kind, amount_k from amounts"
                    f" where programme_id in ({', '.join('?' * len(programmes))})",
                    programmes,
                )
            }
            changes = []
            for r in records:
                key = (r.programme_id, r.proposal_id, r.year, r.kind)
                changes.append(
                    Change(stamp, who, via, r.programme_id, r.proposal_id, f"{r.kind} {r.year}",
                           current.get(key, ""), str(r.amount_k))
                )  # fmt: skip
                current[key] = str(r.amount_k)
            self.db.table("amounts").upsert_all(
                rows.values(), pk=("programme_id", "proposal_id", "year", "kind"), batch_size=BATCH
            )
            log_changes(self.db, changes)
        return len(records)

    def _store_amount(
        self, record: AmountRecord, who: str, via: str, at: datetime
    ) -> Decimal | None:
        """Upsert one amount and its change-log line, inside the caller's transaction."""
        from knowledge.state.change_log import Change, log_change  # writes only

        if record.kind not in AMOUNT_KINDS:
            raise ValueError(f"kind must be one of {AMOUNT_KINDS}")
        old = self.amount(record.programme_id, record.proposal_id, record.year, record.kind)
        self.db.table("amounts").upsert(
            {
                "programme_id": record.programme_id,
                "proposal_id": record.proposal_id,
                "year": record.year,
                "kind": record.kind,
                "amount_k": str(record.amount_k),
                "updated_by": who,
                "updated_at": at.isoformat(),
            },
            pk=("programme_id", "proposal_id", "year", "kind"),
        )
        log_change(
            self.conn,
            Change(at.isoformat(), who, via, record.programme_id, record.proposal_id,
                   f"{record.kind} {record.year}", "" if old is None else str(old),
                   str(record.amount_k)),
        )  # fmt: skip
        return old

    def amount(self, programme_id: str, proposal_id: str, year: str, kind: str) -> Decimal | None:
        rows = self._read(
            "select amount_k from amounts"
            " where programme_id = ? and proposal_id = ? and year = ? and kind = ?",
            (programme_id, proposal_id, year, kind),
        )
        return Decimal(str(rows[0][0])) if rows else None

    def amounts(self, programme_id: str, proposal_id: str, kind: str) -> dict[str, Decimal]:
        """A proposal's amounts of one kind by year (asked on every answer, so cached)."""
        rows = self._cached_read(
            ("amounts", programme_id, proposal_id, kind),
            lambda: self._read(
                "select year, amount_k from amounts"
                " where programme_id = ? and proposal_id = ? and kind = ? order by year",
                (programme_id, proposal_id, kind),
            ),
        )
        return {str(year): Decimal(str(value)) for year, value in rows}

    def all_amounts(self) -> list[AmountRecord]:
        rows = self._read(
            "select programme_id, proposal_id, year, kind, amount_k from amounts order by 1, 2, 3, 4"
        )
        return [
            AmountRecord(str(p), str(q), str(y), str(k), Decimal(str(a))) for p, q, y, k, a in rows
        ]

    def set_rag(
        self,
        programme_id: str,
        proposal_id: str,
        rag: str,
        reason: str,
        who: str,
        via: str,
        at: datetime,
        paper_rag: str | None = None,
    ) -> str | None:
        """Set the board's RAG; the change log's old value is the last one set, or the paper's."""
        from knowledge.state.change_log import Change, log_change  # writes only

        with self._write():
            old = self.rag(programme_id, proposal_id)
            self.db.table("rag_overrides").upsert(
                {
                    "programme_id": programme_id,
                    "proposal_id": proposal_id,
                    "rag": rag,
                    "reason": reason,
                    "updated_by": who,
                    "updated_at": at.isoformat(),
                },
                pk=("programme_id", "proposal_id"),
            )
            new = f"{rag} ({reason})" if reason else rag
            previous = old.rag if old else (paper_rag or "")
            log_change(
                self.conn,
                Change(at.isoformat(), who, via, programme_id, proposal_id, "rag", previous, new),
            )
        return old.rag if old else None

    def rag(self, programme_id: str, proposal_id: str) -> RagOverride | None:
        rows = self._cached_read(
            ("rag", programme_id, proposal_id),
            lambda: self._read(
                "select rag, reason, updated_by, updated_at from rag_overrides"
                " where programme_id = ? and proposal_id = ?",
                (programme_id, proposal_id),
            ),
        )
        return RagOverride(*(str(v) for v in rows[0])) if rows else None
