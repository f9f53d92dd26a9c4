"""Corrections that teach: a clerk fixes an extracted field or obligation, the stored record follows,
and every fix is kept (who, when, before, after) in the append-only `corrections` table.

Re-extraction of the same bytes keeps what clerks fixed, as it keeps statuses: `with_corrections`
lays the latest value of each corrected header field over the new record, and once a clerk has
touched a document's obligations the stored task list is theirs and stays. The corrections of
issuer names are the local vocabulary the next documents are snapped to (`learned_names`).
"""

from __future__ import annotations

import json
from abc import abstractmethod
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from congvan.schemas.record import Record, Task
from congvan.tracker.api import (
    Correction,
    InvalidCorrection,
    StoredDocument,
    UnknownDocument,
    UnknownObligation,
)
from congvan.tracker.sql import Row, SqlHooks, now_utc

# The header fields a clerk may correct; "signer.name" is the name inside the record's signer.
HEADER_FIELDS = (
    "number",
    "issued_date",
    "issued_place",
    "issuer",
    "issuer_parent",
    "subject",
    "document_type",
    "signer.name",
    "signer.title",
)
OBLIGATION_FIELDS = ("text", "assignees", "deadline")
TASK_PREFIX = "task."
ADDED, REMOVED = "task.added", "task.removed"
# Names that teach: a corrected spelling of a body is added to the local vocabulary.
LEARNED_FIELDS = ("issuer", "issuer_parent")

CORRECTION_COLUMNS = "id, document_id, obligation_id, field, before, after, who, at"


def _clean(value: str | None) -> str | None:
    """One space between words; empty is null."""
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _header_value(field: str, value: str | None) -> str | None:
    text = _clean(value)
    if field == "number" and text:
        return "".join(text.split())  # gold form: "4240/UBND-VX", no spaces
    return text


def current_value(record: dict[str, Any], field: str) -> Any:
    """The stored value of a correctable header field ("signer.name" inside the signer)."""
    if field.startswith("signer."):
        signer = record.get("signer") or {}
        return signer.get(field.split(".", 1)[1])
    return record.get(field)


def _set(record: dict[str, Any], field: str, value: Any) -> None:
    if field.startswith("signer."):
        signer = dict(record.get("signer") or {"name": None, "title": None})
        signer[field.split(".", 1)[1]] = value
        record["signer"] = signer
    else:
        record[field] = value


def _validated(record: dict[str, Any]) -> Record:
    try:
        return Record.model_validate(record)
    except ValidationError as exc:
        where = ", ".join(".".join(str(p) for p in e["loc"]) for e in exc.errors())
        raise InvalidCorrection(f"Giá trị không hợp lệ ({where}).") from None


def _task_value(field: str, value: object) -> object:
    """The stored form of an obligation field's new value (validated with the record later)."""
    if field == "text":
        text = _clean(value if isinstance(value, str) else None)
        if text is None:
            raise InvalidCorrection("Nội dung nghĩa vụ không được để trống.")
        return text
    if field == "assignees":
        names = value if isinstance(value, list | tuple) else []
        return [n for n in (_clean(str(v)) for v in names) if n]
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidCorrection("Hạn xử lý không hợp lệ.")
    day = _clean(value.get("date"))
    text = _clean(value.get("text")) or day
    if day is None and text is None:
        return None
    return {"date": day, "text": text, "recurrence": value.get("recurrence"), "time": value.get("time")}


def _as_datetime(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def correction_from_row(row: Row) -> Correction:
    return Correction(
        id=int(row[0]),
        document_id=int(row[1]),
        obligation_id=int(row[2]) if row[2] is not None else None,
        field=row[3],
        before=json.loads(row[4]),
        after=json.loads(row[5]),
        who=row[6],
        at=_as_datetime(row[7]),
    )


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


class CorrectionQueries(SqlHooks):
    """The corrections over the engine's hooks and the store's own row writers (base.SqlStore)."""

    @abstractmethod
    def document(self, document_id: int) -> StoredDocument | None: ...

    @abstractmethod
    def _update_document(self, doc_id: int, record: Record, original_path: str) -> None: ...

    @abstractmethod
    def _index(self, kind: str, row_id: int, text: str, *, replace: bool = True) -> None: ...

    @abstractmethod
    def _unindex(self, kind: str, row_id: int) -> None: ...

    @staticmethod
    @abstractmethod
    def _obligation_values(task: Task, position: int) -> list[Any]: ...

    @staticmethod
    @abstractmethod
    def _task_search_text(task: Task, number: str | None) -> str: ...

    # ---- the record and its rows --------------------------------------------------------------
    def _live_document(self, document_id: int) -> StoredDocument:
        doc = self.document(document_id)
        if doc is None or doc.deleted_at is not None:
            raise UnknownDocument(document_id)
        return doc

    def _keep(
        self, doc: StoredDocument, obligation_id: int | None, field: str, before: object, after: object, who: str
    ) -> Correction:
        stamp = now_utc()
        rows = self._run(
            "INSERT INTO corrections (document_id, obligation_id, field, before, after, who, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (doc.id, obligation_id, field, _dumps(before), _dumps(after), who, stamp),
        )
        return Correction(int(rows[0][0]), doc.id, obligation_id, field, before, after, who, _as_datetime(stamp))

    def _write_task(self, oid: int, task: Task, position: int, number: str | None) -> None:
        self._run(
            "UPDATE obligations SET position = ?, text = ?, assignees = ?, lead = ?, supporting = ?, "
            "assignees_key = ?, due = ?, due_time = ?, due_text = ?, recurrence = ?, "
            "evidence_start = ?, evidence_end = ?, updated_at = ? WHERE id = ?",
            [*self._obligation_values(task, position), now_utc(), oid],
        )
        self._index("obligation", oid, self._task_search_text(task, number))

    def _obligation_place(self, obligation_id: int) -> tuple[StoredDocument, int]:
        rows = self._run("SELECT document_id, position FROM obligations WHERE id = ?", (obligation_id,))
        if not rows:
            raise UnknownObligation(obligation_id)
        doc = self.document(int(rows[0][0]))
        if doc is None or doc.deleted_at is not None:
            raise UnknownObligation(obligation_id)
        position = int(rows[0][1])
        if not 0 <= position < len(doc.record.get("tasks") or []):
            raise InvalidCorrection("Nghĩa vụ này không còn trong văn bản.")
        return doc, position

    # ---- the store's corrections --------------------------------------------------------------
    def correct_field(self, document_id: int, field: str, value: str | None, who: str) -> Correction:
        if field not in HEADER_FIELDS:
            raise InvalidCorrection(f"Không sửa được trường '{field}'.")
        after = _header_value(field, value)
        with self._write():
            doc = self._live_document(document_id)
            record = dict(doc.record)
            before = current_value(record, field)
            if before == after:
                raise InvalidCorrection("Giá trị mới giống giá trị đang lưu.")
            _set(record, field, after)
            self._update_document(doc.id, _validated(record), doc.original_path)
            return self._keep(doc, None, field, before, after, who)

    def correct_obligation(self, obligation_id: int, field: str, value: object, who: str) -> Correction:
        if field not in OBLIGATION_FIELDS:
            raise InvalidCorrection(f"Không sửa được trường '{field}' của nghĩa vụ.")
        after = _task_value(field, value)
        with self._write():
            doc, position = self._obligation_place(obligation_id)
            record = dict(doc.record)
            tasks = [dict(t) for t in record["tasks"]]
            before = tasks[position].get(field)
            if before == after:
                raise InvalidCorrection("Giá trị mới giống giá trị đang lưu.")
            tasks[position][field] = after
            record["tasks"] = tasks
            stored = _validated(record)
            self._update_document(doc.id, stored, doc.original_path)
            self._write_task(obligation_id, stored.tasks[position], position, stored.number)
            return self._keep(doc, obligation_id, TASK_PREFIX + field, before, after, who)

    def add_obligation(
        self, document_id: int, text: str, assignees: list[str], deadline: dict[str, object] | None, who: str
    ) -> Correction:
        task: dict[str, Any] = {
            "text": _task_value("text", text),
            "assignees": _task_value("assignees", assignees),
            "deadline": _task_value("deadline", deadline),
            "evidence": {"start": 0, "end": 0},  # typed by a clerk: nowhere in the text
        }
        with self._write():
            doc = self._live_document(document_id)
            if doc.duplicate_of is not None:
                raise InvalidCorrection("Văn bản trùng số: hãy sửa ở văn bản gốc.")
            record = dict(doc.record)
            position = len(record.get("tasks") or [])
            record["tasks"] = [*(record.get("tasks") or []), task]
            stored = _validated(record)
            self._update_document(doc.id, stored, doc.original_path)
            rows = self._run(
                "INSERT INTO obligations (position, text, assignees, lead, supporting, assignees_key, due, "
                "due_time, due_text, recurrence, evidence_start, evidence_end, updated_at, document_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [*self._obligation_values(stored.tasks[position], position), now_utc(), doc.id],
            )
            oid = int(rows[0][0])
            self._index("obligation", oid, self._task_search_text(stored.tasks[position], stored.number), replace=False)
            return self._keep(doc, oid, ADDED, None, stored.tasks[position].model_dump(mode="json"), who)

    def remove_obligation(self, obligation_id: int, who: str) -> Correction:
        with self._write():
            doc, position = self._obligation_place(obligation_id)
            if self._run("SELECT 1 FROM status_history WHERE obligation_id = ? LIMIT 1", (obligation_id,)):
                raise InvalidCorrection("Nghĩa vụ đã có lịch sử xử lý: hãy chuyển sang 'Hủy' thay vì xóa.")
            record = dict(doc.record)
            tasks = list(record["tasks"])
            removed = tasks.pop(position)
            record["tasks"] = tasks
            self._update_document(doc.id, _validated(record), doc.original_path)
            self._unindex("obligation", obligation_id)
            self._run("DELETE FROM obligations WHERE id = ?", (obligation_id,))
            self._run(
                "UPDATE obligations SET position = position - 1 WHERE document_id = ? AND position > ?",
                (doc.id, position),
            )
            return self._keep(doc, obligation_id, REMOVED, removed, None, who)

    def corrections(self, document_id: int) -> list[Correction]:
        rows = self._run(
            f"SELECT {CORRECTION_COLUMNS} FROM corrections WHERE document_id = ? ORDER BY id", (document_id,)
        )
        return [correction_from_row(r) for r in rows]

    def corrected_documents(self) -> list[StoredDocument]:
        rows = self._run(
            "SELECT DISTINCT c.document_id FROM corrections c JOIN documents d ON d.id = c.document_id "
            "WHERE d.deleted_at IS NULL ORDER BY c.document_id"
        )
        docs = (self.document(int(r[0])) for r in rows)
        return [d for d in docs if d is not None]

    def learned_names(self) -> list[tuple[str, str]]:
        marks = ", ".join("?" for _ in LEARNED_FIELDS)
        rows = self._run(
            f"SELECT before, after FROM corrections WHERE field IN ({marks}) ORDER BY id", LEARNED_FIELDS
        )
        latest: dict[str, str] = {}  # a later fix of the same printed name wins
        for before_json, after_json in rows:
            before, after = json.loads(before_json), json.loads(after_json)
            if isinstance(before, str) and isinstance(after, str) and before != after:
                latest.pop(before, None)
                latest[before] = after
        return list(latest.items())

    # ---- re-extraction ------------------------------------------------------------------------
    def with_corrections(self, doc_id: int, record: Record) -> Record:
        """`record` (a new extraction of a stored document's bytes) with what clerks fixed kept."""
        rows = self._run("SELECT field, after FROM corrections WHERE document_id = ? ORDER BY id", (doc_id,))
        if not rows:
            return record
        data = record.model_dump(mode="json")
        tasks_touched = False
        for field, after_json in rows:
            if field in HEADER_FIELDS:
                _set(data, field, json.loads(after_json))
            elif field.startswith(TASK_PREFIX):
                tasks_touched = True
        if tasks_touched:
            stored = self._run("SELECT record FROM documents WHERE id = ?", (doc_id,))[0][0]
            stored_record = json.loads(stored) if isinstance(stored, str | bytes) else stored
            data["tasks"] = stored_record.get("tasks") or []
        try:
            return Record.model_validate(data)
        except ValidationError:
            return record  # a contract change made a fix invalid: the new extraction stands
