"""Read queries the web page needs beyond the Store protocol: one obligation or document by id,
and the overview's counts and short lists. Plain SQL through the store's connection, portable
between the SQLite and PostgreSQL engines, each answered from an index (see bench_web.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from congvan.tracker.api import Obligation, StoredDocument
from congvan.tracker.base import (
    ACTIVE,
    DOCUMENT_COLUMNS,
    OBLIGATION_COLUMNS,
    SqlStore,
    as_json,
    document_from_row,
    obligation_from_row,
)

OVERVIEW_LIST = 10  # obligations shown per overview section
ASSIGNEE_SAMPLE = (
    2000  # active obligations due latest (up to the end of the month) whose assignees are counted
)


@dataclass(frozen=True)
class Section:
    count: int
    items: list[Obligation]


@dataclass(frozen=True)
class Overview:
    today: date
    week_end: date
    month_end: date
    overdue: Section
    this_week: Section
    this_month: Section
    by_assignee: list[tuple[str, int]]
    newest: list[StoredDocument]


def get_obligation(store: SqlStore, obligation_id: int) -> Obligation | None:
    rows = store._run(
        f"SELECT {OBLIGATION_COLUMNS} FROM obligations o JOIN documents d ON d.id = o.document_id WHERE o.id = ?",
        (obligation_id,),
    )
    return obligation_from_row(rows[0]) if rows else None


def get_document(store: SqlStore, document_id: int) -> StoredDocument | None:
    rows = store._run(f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.id = ?", (document_id,))
    return document_from_row(rows[0]) if rows else None


def document_obligations(store: SqlStore, document_id: int) -> list[Obligation]:
    rows = store._run(
        f"SELECT {OBLIGATION_COLUMNS} FROM obligations o JOIN documents d ON d.id = o.document_id "
        "WHERE o.document_id = ? ORDER BY o.position, o.id",
        (document_id,),
    )
    return [obligation_from_row(r) for r in rows]


def _count_active_due(store: SqlStore, after: date | None, before: date) -> int:
    """Active obligations due in [after, before): one range scan per status on (status, due)."""
    sql = "SELECT COUNT(*) FROM obligations o WHERE o.status IN (?, ?) AND o.due < ?"
    params: list[object] = [*ACTIVE, before.isoformat()]
    if after is not None:
        sql += " AND o.due >= ?"
        params.append(after.isoformat())
    return int(store._run(sql, params)[0][0])


def end_of_week(today: date) -> date:
    """Sunday of this week (Vietnamese weeks run Monday to Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def end_of_month(today: date) -> date:
    first_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_next - timedelta(days=1)


def _active_ids(store: SqlStore, after: date | None, before: date, limit: int, newest: bool) -> list[int]:
    """Ids of active obligations due in [after, before), soonest (or latest) first: one index range
    scan on (status, due) per active status, so a million rows cost no sort."""
    order = "DESC" if newest else "ASC"
    branch = "SELECT * FROM (SELECT o.id, o.due FROM obligations o WHERE o.status = ? AND o.due < ?"
    params: list[object] = []
    if after is not None:
        branch += " AND o.due >= ?"
    branch += f" ORDER BY o.due {order}, o.id LIMIT ?)"
    for status in ACTIVE:
        params += [status, before.isoformat(), *([after.isoformat()] if after else []), limit]
    sql = f"{branch} UNION ALL {branch} ORDER BY 2 {order}, 1 LIMIT ?"
    return [int(r[0]) for r in store._run(sql, [*params, limit])]


def active_due(store: SqlStore, after: date | None, before: date, limit: int) -> list[Obligation]:
    ids = _active_ids(store, after, before, limit, newest=False)
    if not ids:
        return []
    marks = ", ".join("?" for _ in ids)
    rows = store._run(
        f"SELECT {OBLIGATION_COLUMNS} FROM obligations o JOIN documents d ON d.id = o.document_id "
        f"WHERE o.id IN ({marks}) ORDER BY o.due, o.id",
        ids,
    )
    return [obligation_from_row(r) for r in rows]


def by_assignee(store: SqlStore, today: date, month_end: date) -> list[tuple[str, int]]:
    """Who has work: assignees of the active obligations overdue or due by the end of the month,
    counted over the ASSIGNEE_SAMPLE due latest (the index on (status, due) bounds the read)."""
    counts: Counter[str] = Counter()
    ids = _active_ids(store, None, month_end + timedelta(days=1), ASSIGNEE_SAMPLE, newest=True)
    rows = []
    for i in range(0, len(ids), 500):  # bounded parameter lists for both engines
        chunk = ids[i : i + 500]
        rows += store._run(
            f"SELECT assignees FROM obligations WHERE id IN ({', '.join('?' for _ in chunk)})", chunk
        )
    for (assignees,) in rows:
        for name in as_json(assignees) or ["(chưa rõ)"]:
            counts[" ".join(str(name).split())] += 1
    return counts.most_common(15)


def overview(store: SqlStore, today: date) -> Overview:
    week_end, month_end = end_of_week(today), end_of_month(today)
    day = timedelta(days=1)

    def items(after: date | None, before: date) -> list[Obligation]:
        return active_due(store, after, before, OVERVIEW_LIST)

    newest_rows = store._run(
        f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.duplicate_of IS NULL ORDER BY d.id DESC LIMIT ?",
        (OVERVIEW_LIST,),
    )
    return Overview(
        today=today,
        week_end=week_end,
        month_end=month_end,
        overdue=Section(_count_active_due(store, None, today), items(None, today)),
        this_week=Section(_count_active_due(store, today, week_end + day), items(today, week_end + day)),
        this_month=Section(_count_active_due(store, today, month_end + day), items(today, month_end + day)),
        by_assignee=by_assignee(store, today, month_end),
        newest=[document_from_row(r) for r in newest_rows],
    )
