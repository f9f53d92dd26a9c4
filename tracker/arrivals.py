"""The arrival register (sổ đăng ký văn bản đến, Nghị định 30/2020 Điều 22): every document taken in
gets an arrival number (số đến) and an arrival date in the same transaction that first stores it.

Numbers run per register and per year of arrival, from 1 on each 1 January, without gaps and never
reused: a counter row per (register, year) is bumped inside the store's one serialised write
transaction, so two processes ingesting at once cannot take the same number or skip one. There is
one register, "Văn bản đến"; the `registers` table lets an office add others later.

Our choice on duplicates: a copy of a document already registered (other bytes, same số/ký hiệu and
issuer: `duplicate_of` set) gets no number of its own. Nghị định 30 registers each document once;
the copy received again is written in the Ghi chú of the original's line ("nhận trùng"), as the
so-den export already did. It keeps its own arrival date (when that copy came).

The SQL is portable between SQLite and PostgreSQL (dates as ISO text compare the same on both: the
date column is TEXT on SQLite and DATE on PostgreSQL, and every parameter is an ISO string).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from congvan.tracker.search_text import like_pattern
from congvan.tracker.sql import Row, SqlHooks

DEFAULT_REGISTER = "Văn bản đến"
DEFAULT_REGISTER_ID = 1


# Migration 8: the registers and their yearly counters, then each document's arrival columns, then
# the index that makes a number unique in its register and year.
ARRIVAL_TABLES = (
    "CREATE TABLE IF NOT EXISTS registers (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
    """CREATE TABLE IF NOT EXISTS register_counters (
    register_id INTEGER NOT NULL REFERENCES registers(id),
    year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (register_id, year)
)""",
)


def arrival_columns(date_type: str) -> tuple[tuple[str, str], ...]:
    return (
        ("register_id", "INTEGER REFERENCES registers(id)"),
        ("arrival_year", "INTEGER"),
        ("arrival_number", "INTEGER"),
        ("arrival_date", date_type),
    )


ARRIVAL_INDEX = (
    "CREATE UNIQUE INDEX IF NOT EXISTS documents_arrival ON documents(register_id, arrival_year, arrival_number)"
)


def local_date(stamp: datetime) -> date:
    """The office's calendar day of a UTC time stamp (the server's local time zone)."""
    return stamp.astimezone().date()


@dataclass(frozen=True)
class RegisterFilter:
    """Which lines of the register to list (every bound inclusive)."""

    register: str = DEFAULT_REGISTER
    year: int | None = None
    arrived_from: date | None = None
    arrived_to: date | None = None
    issuer: str | None = None
    document_type: str | None = None
    limit: int = 1000
    offset: int = 0


class ArrivalQueries(SqlHooks):
    """Numbering and listing over the engine's two hooks."""

    def _register_id(self, name: str) -> int | None:
        rows = self._run("SELECT id FROM registers WHERE name = ?", (name,))
        return int(rows[0][0]) if rows else None

    def _assign_arrival(
        self, doc_id: int, arrived: date, numbered: bool, register_id: int = DEFAULT_REGISTER_ID
    ) -> None:
        """Give a just-inserted document its arrival date and (unless a duplicate) the next number.
        Must run inside the ingest's write transaction: that is what keeps numbers gap-free."""
        number = self._next_number(register_id, arrived.year) if numbered else None
        self._run(
            "UPDATE documents SET register_id = ?, arrival_year = ?, arrival_number = ?, arrival_date = ? WHERE id = ?",
            (register_id, arrived.year, number, arrived.isoformat(), doc_id),
        )

    def _next_number(self, register_id: int, year: int) -> int:
        rows = self._run(
            "UPDATE register_counters SET last_number = last_number + 1 WHERE register_id = ? AND year = ? "
            "RETURNING last_number",
            (register_id, year),
        )
        if rows:
            return int(rows[0][0])
        self._run(
            "INSERT INTO register_counters (register_id, year, last_number) VALUES (?, ?, 1)", (register_id, year)
        )
        return 1

    def register_names(self) -> list[str]:
        return [str(r[0]) for r in self._run("SELECT name FROM registers ORDER BY id")]

    def register_years(self, register: str = DEFAULT_REGISTER) -> list[int]:
        rows = self._run(
            "SELECT c.year FROM register_counters c JOIN registers r ON r.id = c.register_id "
            "WHERE r.name = ? ORDER BY c.year DESC",
            (register,),
        )
        return [int(r[0]) for r in rows]

    def _register_where(self, flt: RegisterFilter) -> tuple[str, list[Any]]:
        """The WHERE clause (alias d) and parameters of a register listing."""
        where = ["r.name = ?", "d.arrival_number IS NOT NULL"]
        params: list[Any] = [flt.register]
        if flt.year is not None:
            where.append("d.arrival_year = ?")
            params.append(flt.year)
        if flt.arrived_from is not None:
            where.append("d.arrival_date >= ?")
            params.append(flt.arrived_from.isoformat())
        if flt.arrived_to is not None:
            where.append("d.arrival_date <= ?")
            params.append(flt.arrived_to.isoformat())
        if flt.issuer:
            where.append("d.issuer_key LIKE ? ESCAPE '\\'")
            params.append(like_pattern(flt.issuer))
        if flt.document_type:
            where.append("d.document_type = ?")
            params.append(flt.document_type)
        return " AND ".join(where), params


def number_existing(run: Any, date_of: Any) -> None:
    """Migration 8's carry-forward: the default register, and numbers for the documents already
    stored, in ingest order, per year of ingest (duplicates get none, as at ingest).

    `run` is the engine's `_run`; `date_of` turns its ingested_at value into a datetime."""
    run(
        "INSERT INTO registers (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING",
        (DEFAULT_REGISTER_ID, DEFAULT_REGISTER),
    )
    run("UPDATE documents SET arrival_number = NULL")  # a rerun (a restored tracker) numbers afresh
    counters: dict[int, int] = {}
    rows: Sequence[Row] = run("SELECT id, ingested_at, duplicate_of FROM documents ORDER BY ingested_at, id")
    for doc_id, ingested_at, duplicate_of in rows:
        arrived = local_date(date_of(ingested_at))
        number = None
        if duplicate_of is None:
            number = counters.get(arrived.year, 0) + 1
            counters[arrived.year] = number
        run(
            "UPDATE documents SET register_id = ?, arrival_year = ?, arrival_number = ?, arrival_date = ? WHERE id = ?",
            (DEFAULT_REGISTER_ID, arrived.year, number, arrived.isoformat(), doc_id),
        )
    for year, last in counters.items():
        run(
            "INSERT INTO register_counters (register_id, year, last_number) VALUES (?, ?, ?) "
            "ON CONFLICT (register_id, year) DO UPDATE SET last_number = excluded.last_number",
            (DEFAULT_REGISTER_ID, year, last),
        )
