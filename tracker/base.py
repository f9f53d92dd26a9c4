"""What both storage engines share: turning records into rows, the ingest rules (idempotent by
sha256, Nghị định 30 duplicates, re-extraction keeping statuses), filters, listings and history.

An engine supplies `_run` (SQL written with `?` placeholders), `_write` (one serialised write
transaction), the search index maintenance and the search query itself. The web page's tables
(accounts, settings, sign-in failures) have their queries in accounts.py.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from typing import Any

from packaging.version import InvalidVersion, Version

from congvan.extractors.textutil import fold
from congvan.schemas.record import Record, Task
from congvan.tracker import matching
from congvan.tracker.accounts import WEB_SCHEMA, WEB_SESSIONS_SCHEMA, AccountQueries
from congvan.tracker.api import (
    Direction,
    IngestOutcome,
    IngestResult,
    Obligation,
    ObligationFilter,
    ObligationStatus,
    SearchHit,
    StatusChange,
    StoredDocument,
    UnknownDocument,
    UnknownObligation,
)
from congvan.tracker.arrivals import ArrivalQueries, RegisterFilter, local_date
from congvan.tracker.corrections import CorrectionQueries
from congvan.tracker.search_text import Query, folded_key, like_pattern, nfc, snippet
from congvan.tracker.sql import Row, now_utc
from congvan.tracker.units import UnitQueries

__all__ = ["WEB_SCHEMA", "WEB_SESSIONS_SCHEMA", "Row", "SqlStore", "now_utc"]
ACTIVE = (ObligationStatus.OPEN.value, ObligationStatus.IN_PROGRESS.value)
# The active statuses as SQL literals (constants, never user input): a planner can match a query to
# the partial index `obligations_active_due` only when the predicate is written the same way.
ACTIVE_SQL = "(" + ", ".join(f"'{s}'" for s in ACTIVE) + ")"
ACTIVE_DUE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS obligations_active_due ON obligations(due, id) WHERE status IN {ACTIVE_SQL}"
)

OBLIGATION_COLUMNS = (
    "o.id, o.document_id, o.text, o.assignees, o.lead, o.supporting, o.due, o.due_text, o.recurrence, "
    "o.status, d.number, d.subject, o.evidence_start, o.evidence_end, o.position, o.due_time, "
    "d.issuer, d.issued_date, o.proposed_done_by, o.assigned_at"
)
OBLIGATIONS_SELECT = (
    f"SELECT {OBLIGATION_COLUMNS} FROM obligations o JOIN documents d ON d.id = o.document_id"
)
DOCUMENT_COLUMNS = (
    "d.id, d.sha256, d.original_path, d.number, d.issuer, d.document_type, d.issued_date, d.subject, "
    "d.extractor_version, d.duplicate_of, d.status, d.ingested_at, d.record, d.deleted_at, d.deleted_by, "
    "d.arrival_number, d.arrival_date, d.arrival_year, d.direction"
)
# Soft-deleted documents (delete_document) and their obligations leave every list.
LIVE = "d.deleted_at IS NULL"
# The note of the status change a deletion writes on each open obligation.
DELETED_NOTE = "Văn bản đã bị xóa khỏi sổ theo dõi."


def as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def as_json(value: object) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def is_newer(candidate: str | None, stored: str | None) -> bool:
    """True when `candidate` is a later extractor version than `stored`."""
    if candidate is None:
        return False
    if stored is None:
        return True
    try:
        return Version(candidate) > Version(stored)
    except InvalidVersion:
        return candidate != stored


def number_key(number: str | None) -> str | None:
    """Số và ký hiệu compared without case, spaces or the Vietnamese 'Đ' spelled 'D'."""
    if not number:
        return None
    return "".join(fold(nfc(number)).split()) or None


def document_search_text(record: Record) -> str:
    signer = record.signer.name if record.signer and record.signer.name else ""
    parts = [record.number, record.subject, record.issuer, record.issuer_parent, signer]
    return "\n".join(p for p in parts if p)


def obligation_search_text(task: Task, number: str | None) -> str:
    deadline = task.deadline.text if task.deadline else ""
    parts = [task.text, *task.assignees, *task.lead, *task.supporting, deadline, number or ""]
    return "\n".join(p for p in parts if p)


def filter_sql(flt: ObligationFilter, *, obligations: bool = True) -> tuple[list[str], list[Any]]:
    """WHERE clauses (aliases o = obligations, d = documents) and their parameters."""
    where: list[str] = []
    params: list[Any] = []
    if obligations:
        if flt.assignee:
            where.append("o.assignees_key LIKE ? ESCAPE '\\'")
            params.append(like_pattern(flt.assignee))
        if flt.unassigned:
            where.append("o.assignees_key = ''")
        if flt.status is not None:
            where.append("o.status = ?")
            params.append(ObligationStatus(flt.status).value)
        if flt.active_only:
            where.append(f"o.status IN {ACTIVE_SQL}")
        if flt.due_before is not None:
            where.append("o.due <= ?")
            params.append(flt.due_before.isoformat())
        if flt.due_after is not None:
            where.append("o.due >= ?")
            params.append(flt.due_after.isoformat())
        if flt.overdue_on is not None:
            where.append(f"o.due < ? AND o.status IN {ACTIVE_SQL}")
            params.append(flt.overdue_on.isoformat())
    if flt.document_id is not None:
        where.append("d.id = ?")
        params.append(flt.document_id)
    if flt.issuer:
        where.append("d.issuer_key LIKE ? ESCAPE '\\'")
        params.append(like_pattern(flt.issuer))
    if flt.document_type:
        where.append("d.document_type = ?")
        params.append(flt.document_type)
    if flt.issued_from is not None:
        where.append("d.issued_date >= ?")
        params.append(flt.issued_from.isoformat())
    if flt.issued_to is not None:
        where.append("d.issued_date <= ?")
        params.append(flt.issued_to.isoformat())
    return where, params


def has_obligation_filters(flt: ObligationFilter) -> bool:
    return any(
        (
            flt.assignee,
            flt.unassigned,
            flt.status is not None,
            flt.active_only,
            flt.due_before,
            flt.due_after,
            flt.overdue_on,
        )
    )


def obligation_from_row(row: Row) -> Obligation:
    return Obligation(
        id=int(row[0]),
        document_id=int(row[1]),
        text=row[2],
        assignees=tuple(as_json(row[3])),
        lead=tuple(as_json(row[4])),
        supporting=tuple(as_json(row[5])),
        due=as_date(row[6]),
        due_text=row[7],
        recurrence=row[8],
        status=ObligationStatus(row[9]),
        document_number=row[10],
        document_subject=row[11],
        evidence_start=int(row[12]),
        evidence_end=int(row[13]),
        position=int(row[14]),
        due_time=row[15],
        document_issuer=row[16],
        document_issued_date=as_date(row[17]),
        proposed_done_by=int(row[18]) if row[18] is not None else None,
        assigned_at=as_datetime(row[19]) if row[19] is not None else None,
    )


def document_from_row(row: Row) -> StoredDocument:
    return StoredDocument(
        id=int(row[0]),
        sha256=row[1],
        original_path=row[2],
        number=row[3],
        issuer=row[4],
        document_type=row[5],
        issued_date=as_date(row[6]),
        subject=row[7],
        extractor_version=row[8],
        duplicate_of=row[9],
        status=row[10],
        ingested_at=as_datetime(row[11]),
        record=as_json(row[12]),
        deleted_at=as_datetime(row[13]) if row[13] is not None else None,
        deleted_by=row[14],
        arrival_number=int(row[15]) if row[15] is not None else None,
        arrival_date=as_date(row[16]),
        arrival_year=int(row[17]) if row[17] is not None else None,
        direction=Direction(row[18]),
    )


def apply_migrations(
    store: SqlStore,
    steps: Sequence[tuple[int, Callable[[Any], None]]],
    version_of: Callable[[Any], int],
    applied_at_type: str,
) -> None:
    """Bring a store to the latest schema, each step once. The engine's write serialisation (SQLite's
    BEGIN IMMEDIATE, PostgreSQL's advisory lock) makes concurrent first opens queue; the later ones
    re-read the version inside it and find nothing left to do."""
    latest = steps[-1][0]
    if version_of(store) == latest:
        return
    with store._write():
        store._run(
            f"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at {applied_at_type})"
        )
        current = version_of(store)
        if current > latest:
            raise RuntimeError(f"database schema v{current} is newer than this congvan (v{latest})")
        for version, step in steps:
            if version > current:
                step(store)
                store._run("INSERT INTO schema_migrations VALUES (?, ?)", (version, now_utc()))


class SqlStore(CorrectionQueries, AccountQueries, UnitQueries, ArrivalQueries):
    """The repository over a SQL connection; see api.Store for the contract."""

    # ---- engine hooks (and _run, _write from SqlHooks) ----------------------------------------
    @abstractmethod
    def _index(self, kind: str, row_id: int, text: str, *, replace: bool = True) -> None:
        """(Re)index one obligation or document ("obligation" / "document") for search; `replace=False`
        for a row indexed for the first time."""

    @abstractmethod
    def _unindex(self, kind: str, row_id: int) -> None: ...

    @abstractmethod
    def search(
        self, query: str, flt: ObligationFilter | None = None, *, candidates: int = 2000
    ) -> list[SearchHit]:
        """Ranked hits among the newest `candidates` matches of each kind (see the engines)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- documents ----------------------------------------------------------------------------
    def has_document(self, sha256: str, extractor_version: str | None = None) -> bool:
        rows = self._run("SELECT extractor_version, status FROM documents WHERE sha256 = ?", (sha256,))
        if not rows or rows[0][1] == "needs_ocr":
            return False
        return extractor_version is None or not is_newer(extractor_version, rows[0][0])

    def ingest(
        self,
        record: Record,
        original_path: str,
        direction: Direction = Direction.IN,
        auto_close: bool = False,
    ) -> IngestResult:
        direction = Direction(direction)
        with self._write():
            result = self._ingest(record, original_path, direction)
            if direction is not Direction.OUT or result.outcome is IngestOutcome.SAME_BYTES:
                return result
            proposed = tuple(self._answer_references(result.document_id, record, auto_close))
            closed = auto_close and bool(proposed)
            return IngestResult(result.outcome, result.document_id, 0, result.duplicate_of, proposed, closed)

    @abstractmethod
    def _answer_references(self, reply_id: int, record: Record, auto_close: bool) -> list[int]:
        """Propose (or close) as done the obligations an outgoing reply answers (tracker/assignment.py)."""

    def _ingest(self, record: Record, original_path: str, direction: Direction) -> IngestResult:
        # an outgoing document's tasks fall on its recipients: the office tracks none of them
        own_tasks = direction is Direction.IN
        rows = self._run(
            "SELECT id, extractor_version, duplicate_of, status FROM documents WHERE sha256 = ?",
            (record.source.sha256,),
        )
        if rows:
            doc_id, stored_version, duplicate_of, stored_status = rows[0]
            reread = stored_status == "needs_ocr" and record.status != "needs_ocr"
            if not (reread or is_newer(record.extractor_version, stored_version)):
                return IngestResult(IngestOutcome.SAME_BYTES, int(doc_id), 0, duplicate_of)
            record = self.with_corrections(int(doc_id), record)  # what clerks fixed stays fixed
            self._update_document(int(doc_id), record, original_path)
            keep = duplicate_of is not None or not own_tasks
            added = 0 if keep else self._reconcile_obligations(int(doc_id), record)
            return IngestResult(IngestOutcome.UPDATED, int(doc_id), added, duplicate_of)
        original = self._find_original(record)
        doc_id = self._insert_document(record, original_path, original, direction)
        if direction is Direction.IN:
            # same transaction as the insert: a number is taken only by a document that is stored;
            # the register of văn bản đến numbers what arrives, not the office's replies
            self._assign_arrival(doc_id, local_date(datetime.now(UTC)), numbered=original is None)
        if original is not None:
            return IngestResult(IngestOutcome.DUPLICATE_NUMBER, doc_id, 0, original)
        added = self._reconcile_obligations(doc_id, record) if own_tasks else 0
        return IngestResult(IngestOutcome.NEW, doc_id, added)

    def _find_original(self, record: Record) -> int | None:
        """The stored document with the same number+symbol and issuer (and year, since numbering
        restarts every 1 January under Nghị định 30), if any."""
        key, issuer = number_key(record.number), folded_key(record.issuer)
        if not key or not issuer or record.status == "needs_ocr":
            return None
        sql = "SELECT id FROM documents WHERE number_key = ? AND issuer_key = ? AND duplicate_of IS NULL"
        params: list[Any] = [key, issuer]
        if record.issued_date:
            sql += " AND (issued_year = ? OR issued_year IS NULL)"
            params.append(int(record.issued_date[:4]))
        rows = self._run(sql + " ORDER BY id LIMIT 1", params)
        return int(rows[0][0]) if rows else None

    def _document_values(self, record: Record, original_path: str) -> list[Any]:
        return [
            original_path,
            record.number,
            number_key(record.number),
            record.issuer,
            folded_key(record.issuer),
            str(record.document_type),
            record.issued_date,
            int(record.issued_date[:4]) if record.issued_date else None,
            record.subject,
            record.extractor_version,
            str(record.status),
            record.model_dump_json(),
        ]

    def _insert_document(
        self, record: Record, original_path: str, duplicate_of: int | None, direction: Direction = Direction.IN
    ) -> int:
        stamp = now_utc()
        rows = self._run(
            "INSERT INTO documents (original_path, number, number_key, issuer, issuer_key, document_type, "
            "issued_date, issued_year, subject, extractor_version, status, record, sha256, duplicate_of, "
            "ingested_at, updated_at, direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            [*self._document_values(record, original_path), record.source.sha256, duplicate_of, stamp, stamp]
            + [direction.value],
        )
        doc_id = int(rows[0][0])
        if duplicate_of is None:
            self._index("document", doc_id, document_search_text(record), replace=False)
        return doc_id

    def _update_document(self, doc_id: int, record: Record, original_path: str) -> None:
        self._run(
            "UPDATE documents SET original_path = ?, number = ?, number_key = ?, issuer = ?, issuer_key = ?, "
            "document_type = ?, issued_date = ?, issued_year = ?, subject = ?, extractor_version = ?, "
            "status = ?, record = ?, updated_at = ? WHERE id = ?",
            [*self._document_values(record, original_path), now_utc(), doc_id],
        )
        dup = self._run("SELECT duplicate_of FROM documents WHERE id = ?", (doc_id,))[0][0]
        if dup is None:
            self._index("document", doc_id, document_search_text(record))

    def _reconcile_obligations(self, doc_id: int, record: Record) -> int:
        """Make the document's obligations those of `record`, keeping ids (and so statuses and
        history) of stored obligations that match a new task; returns how many were added."""
        stored = [
            matching.Stored(int(r[0]), int(r[1]), r[2])
            for r in self._run("SELECT id, position, text FROM obligations WHERE document_id = ?", (doc_id,))
        ]
        pairs = matching.match(stored, [t.text for t in record.tasks]) if stored else {}
        added = 0
        for pos, task in enumerate(record.tasks):
            values = self._obligation_values(task, pos)
            if pos in pairs:
                oid = pairs[pos]
                if self._run("SELECT 1 FROM obligations WHERE id = ? AND assigned_at IS NOT NULL", (oid,)):
                    # a leader's direction (assign) outranks the extractor's reading of who and when
                    self._run(
                        "UPDATE obligations SET position = ?, text = ?, assignees = ?, due_text = ?, "
                        "recurrence = ?, evidence_start = ?, evidence_end = ?, updated_at = ? WHERE id = ?",
                        [*values[:3], *values[8:12], now_utc(), oid],
                    )
                    self._index("obligation", oid, obligation_search_text(task, record.number))
                    continue
                self._run(
                    "UPDATE obligations SET position = ?, text = ?, assignees = ?, lead = ?, supporting = ?, "
                    "assignees_key = ?, due = ?, due_time = ?, due_text = ?, recurrence = ?, "
                    "evidence_start = ?, evidence_end = ?, updated_at = ? WHERE id = ?",
                    [*values, now_utc(), oid],
                )
            else:
                rows = self._run(
                    "INSERT INTO obligations (position, text, assignees, lead, supporting, assignees_key, due, "
                    "due_time, due_text, recurrence, evidence_start, evidence_end, updated_at, document_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    [*values, now_utc(), doc_id],
                )
                oid = int(rows[0][0])
                added += 1
            self._index("obligation", oid, obligation_search_text(task, record.number), replace=pos in pairs)
        kept = set(pairs.values())
        for old in stored:
            if old.id in kept:
                continue
            touched = self._run("SELECT 1 FROM status_history WHERE obligation_id = ? LIMIT 1", (old.id,))
            if touched:
                continue  # people worked on it: never drop their notes, even if the task vanished
            self._unindex("obligation", old.id)
            self._run("DELETE FROM obligations WHERE id = ?", (old.id,))
        return added

    @staticmethod
    def _task_search_text(task: Task, number: str | None) -> str:
        return obligation_search_text(task, number)

    @staticmethod
    def _obligation_values(task: Task, position: int) -> list[Any]:
        deadline = task.deadline
        people = [*task.assignees, *task.lead, *task.supporting]
        return [
            position,
            task.text,
            json.dumps(task.assignees, ensure_ascii=False),
            json.dumps(task.lead, ensure_ascii=False),
            json.dumps(task.supporting, ensure_ascii=False),
            " | ".join(folded_key(p) for p in people),
            (deadline.date or deadline.next_due) if deadline else None,
            deadline.time if deadline else None,
            deadline.text if deadline else None,
            deadline.recurrence if deadline else None,
            task.evidence.start,
            task.evidence.end,
        ]

    def documents(self, flt: ObligationFilter | None = None) -> list[StoredDocument]:
        flt = flt or ObligationFilter(limit=1_000_000)
        where, params = filter_sql(flt, obligations=False)
        sql = f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE " + " AND ".join([LIVE, *where])
        sql += " ORDER BY d.id LIMIT ? OFFSET ?"
        return [document_from_row(r) for r in self._run(sql, [*params, flt.limit, flt.offset])]

    # ---- the arrival register (tracker/arrivals.py numbers it) -----------------------------------
    def register(self, flt: RegisterFilter | None = None) -> list[StoredDocument]:
        flt = flt or RegisterFilter()
        where, params = self._register_where(flt)
        sql = (
            f"SELECT {DOCUMENT_COLUMNS} FROM documents d JOIN registers r ON r.id = d.register_id WHERE {where} "
            "ORDER BY d.arrival_year, d.arrival_number LIMIT ? OFFSET ?"
        )
        return [document_from_row(r) for r in self._run(sql, [*params, flt.limit, flt.offset])]

    def duplicates_of(self, document_ids: list[int]) -> list[StoredDocument]:
        out: list[StoredDocument] = []
        for i in range(0, len(document_ids), 500):  # bounded parameter lists for both engines
            chunk = document_ids[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self._run(
                f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.duplicate_of IN ({marks}) AND {LIVE} "
                "ORDER BY d.id",
                chunk,
            )
            out += [document_from_row(r) for r in rows]
        return out

    # ---- obligations --------------------------------------------------------------------------
    def obligations(self, flt: ObligationFilter | None = None) -> list[Obligation]:
        flt = flt or ObligationFilter()
        where, params = filter_sql(flt)
        sql = f"SELECT {OBLIGATION_COLUMNS} FROM obligations o JOIN documents d ON d.id = o.document_id"
        sql += " WHERE " + " AND ".join([LIVE, *where])
        # Undated obligations sort last; when the filter already requires a due date that term is
        # constant, and leaving it out lets the due index give the order (overdue list on 1M rows).
        dated = flt.overdue_on is not None or flt.due_before is not None or flt.due_after is not None
        sql += (" ORDER BY o.due, o.id" if dated else " ORDER BY o.due IS NULL, o.due, o.id") + " LIMIT ? OFFSET ?"
        return [obligation_from_row(r) for r in self._run(sql, [*params, flt.limit, flt.offset])]

    def iter_obligations(self, flt: ObligationFilter | None = None, page: int = 5000) -> Iterator[Obligation]:
        """Every obligation matching `flt`, fetched a page at a time (for exports)."""
        base = flt or ObligationFilter()
        offset = 0
        while True:
            batch = self.obligations(ObligationFilter(**{**base.__dict__, "limit": page, "offset": offset}))
            yield from batch
            if len(batch) < page:
                return
            offset += page

    def status_counts(self, flt: ObligationFilter | None = None) -> dict[ObligationStatus, int]:
        where, params = filter_sql(flt or ObligationFilter())
        sql = "SELECT o.status, COUNT(*) FROM obligations o JOIN documents d ON d.id = o.document_id"
        sql += " WHERE " + " AND ".join([LIVE, *where])
        counts = {s: 0 for s in ObligationStatus}
        for status, n in self._run(sql + " GROUP BY o.status", params):
            counts[ObligationStatus(status)] = int(n)
        return counts

    def set_status(
        self, obligation_id: int, status: ObligationStatus, who: str, note: str | None = None
    ) -> None:
        status = ObligationStatus(status)
        with self._write():
            if not self._run("SELECT 1 FROM obligations WHERE id = ?", (obligation_id,)):
                raise UnknownObligation(obligation_id)
            stamp = now_utc()
            self._run(
                "UPDATE obligations SET status = ?, updated_at = ? WHERE id = ?",
                (status.value, stamp, obligation_id),
            )
            self._run(
                "INSERT INTO status_history (obligation_id, status, who, at, note) VALUES (?, ?, ?, ?, ?)",
                (obligation_id, status.value, who, stamp, note),
            )

    def history(self, obligation_id: int) -> list[StatusChange]:
        rows = self._run(
            "SELECT obligation_id, status, who, at, note FROM status_history "
            "WHERE obligation_id = ? ORDER BY id",
            (obligation_id,),
        )
        return [StatusChange(int(r[0]), ObligationStatus(r[1]), r[2], as_datetime(r[3]), r[4]) for r in rows]

    # ---- one at a time, and the overview (each answered from an index; see bench_web.py) -------
    def obligation(self, obligation_id: int) -> Obligation | None:
        rows = self._run(f"{OBLIGATIONS_SELECT} WHERE o.id = ?", (obligation_id,))
        return obligation_from_row(rows[0]) if rows else None

    def document(self, document_id: int) -> StoredDocument | None:
        rows = self._run(f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.id = ?", (document_id,))
        return document_from_row(rows[0]) if rows else None

    def delete_document(self, document_id: int, who: str) -> StoredDocument:
        with self._write():
            rows = self._run("SELECT deleted_at FROM documents WHERE id = ?", (document_id,))
            if not rows or rows[0][0] is not None:
                raise UnknownDocument(document_id)
            stamp = now_utc()
            self._run(
                "UPDATE documents SET deleted_at = ?, deleted_by = ? WHERE id = ?", (stamp, who, document_id)
            )
            self._unindex("document", document_id)
            for oid, status in self._run(
                "SELECT id, status FROM obligations WHERE document_id = ?", (document_id,)
            ):
                self._unindex("obligation", int(oid))
                if status in ACTIVE:
                    self._run(
                        "UPDATE obligations SET status = ?, updated_at = ? WHERE id = ?",
                        (ObligationStatus.CANCELLED.value, stamp, oid),
                    )
                    self._run(
                        "INSERT INTO status_history (obligation_id, status, who, at, note) VALUES (?, ?, ?, ?, ?)",
                        (oid, ObligationStatus.CANCELLED.value, who, stamp, DELETED_NOTE),
                    )
        deleted = self.document(document_id)
        assert deleted is not None
        return deleted

    def document_id_for(self, sha256: str) -> int | None:
        rows = self._run("SELECT id FROM documents WHERE sha256 = ?", (sha256,))
        return int(rows[0][0]) if rows else None

    def document_obligations(self, document_id: int) -> list[Obligation]:
        rows = self._run(
            f"{OBLIGATIONS_SELECT} WHERE o.document_id = ? ORDER BY o.position, o.id", (document_id,)
        )
        return [obligation_from_row(r) for r in rows]

    def newest_documents(self, limit: int) -> list[StoredDocument]:
        rows = self._run(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents d WHERE d.duplicate_of IS NULL AND {LIVE} "
            "ORDER BY d.id DESC LIMIT ?",
            (limit,),
        )
        return [document_from_row(r) for r in rows]

    def count_active_due(self, after: date | None, before: date) -> int:
        # one range scan per status on (status, due)
        sql = "SELECT COUNT(*) FROM obligations o WHERE o.status IN (?, ?) AND o.due < ?"
        params: list[object] = [*ACTIVE, before.isoformat()]
        if after is not None:
            sql += " AND o.due >= ?"
            params.append(after.isoformat())
        return int(self._run(sql, params)[0][0])

    def active_due(
        self, after: date | None, before: date, limit: int, latest_first: bool = False
    ) -> list[Obligation]:
        ids = self._active_ids(after, before, limit, newest=latest_first)
        if not ids:
            return []
        marks = ", ".join("?" for _ in ids)
        order = "o.due DESC, o.id" if latest_first else "o.due, o.id"
        rows = self._run(f"{OBLIGATIONS_SELECT} WHERE o.id IN ({marks}) ORDER BY {order}", ids)
        return [obligation_from_row(r) for r in rows]

    def active_assignees(self, before: date, limit: int) -> list[tuple[str, ...]]:
        ids = self._active_ids(None, before, limit, newest=True)
        out: list[tuple[str, ...]] = []
        for i in range(0, len(ids), 500):  # bounded parameter lists for both engines
            chunk = ids[i : i + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self._run(f"SELECT assignees FROM obligations WHERE id IN ({marks})", chunk)
            out += [tuple(str(a) for a in as_json(r[0]) or ()) for r in rows]
        return out

    def unit_due(self, unit: str, before: date, limit: int = 1000) -> list[Obligation]:
        key = folded_key(unit)
        if not key:
            return []
        # assignees_key is "phong kinh te | van phong": padded with spaces, a unit matches whole words
        # only, and never across two bodies (no unit's words contain the '|' between them). Folded
        # tokens are letters and digits, so the pattern needs no escaping.
        rows = self._run(
            f"{OBLIGATIONS_SELECT} WHERE o.status IN {ACTIVE_SQL} AND o.due < ? "
            "AND (' ' || o.assignees_key || ' ') LIKE ? ORDER BY o.due, o.id LIMIT ?",
            (before.isoformat(), f"% {key} %", limit),
        )
        return [obligation_from_row(r) for r in rows]

    def _active_ids(self, after: date | None, before: date, limit: int, newest: bool) -> list[int]:
        """Ids of active obligations due in [after, before), soonest (or latest) first: one index range
        scan on (status, due) per active status, so a million rows cost no sort."""
        order = "DESC" if newest else "ASC"
        branch = "SELECT * FROM (SELECT o.id, o.due FROM obligations o WHERE o.status = ? AND o.due < ?"
        if after is not None:
            branch += " AND o.due >= ?"
        branch += f" ORDER BY o.due {order}, o.id LIMIT ?) AS branch"  # PostgreSQL before 16 wants the alias
        params: list[object] = []
        for status in ACTIVE:
            params += [status, before.isoformat(), *([after.isoformat()] if after else []), limit]
        sql = f"{branch} UNION ALL {branch} ORDER BY 2 {order}, 1 LIMIT ?"
        return [int(r[0]) for r in self._run(sql, [*params, limit])]


def hit_from_row(row: Row, q: Query) -> SearchHit:
    """A search hit from an engine's result row (kind, id, document id, texts, the two ranking
    tiers and the density score, which is lower-is-better on both engines)."""
    kind, row_id, doc_id, text, extra, number, subject, exact_hit, phrase_hit, score = row
    if kind == "obligation":
        people = ", ".join(json.loads(extra)) if extra else ""
        source = " — ".join(p for p in (text, people, number) if p)
        title = f"{number or 'không số'}: {' '.join(text.split())[:90]}"
    else:
        source = " — ".join(p for p in (number, subject, extra) if p)
        title = " ".join(p for p in (number or "không số", subject or "") if p)
    rank = 2.0 * bool(exact_hit) + bool(phrase_hit) - float(score)
    return SearchHit(kind, int(row_id), int(doc_id), title, snippet(source, q), rank)
