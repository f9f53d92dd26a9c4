"""Obligations and documents out of the tracker, for other tools and for the paper-form registers:
CSV (UTF-8 with BOM, so Excel keeps the diacritics), JSON Lines, iCalendar (VTODO per obligation,
VEVENT per meeting) and the two registers of Nghị định 30/2020/NĐ-CP, Phụ lục IV: the Sổ đăng ký
văn bản đến and the Sổ theo dõi giải quyết văn bản đến."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from icalendar import Calendar, Event, Todo

from congvan.schemas.fields import doc_type_label
from congvan.tracker.api import Obligation, ObligationStatus, Store, StoredDocument
from congvan.tracker.arrivals import RegisterFilter


class ExportFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    ICS = "ics"
    SO_DEN = "so-den"
    SO_GIAI_QUYET = "so-giai-quyet"
    GOLD = "gold"  # a folder of gold records, one per corrected document (tracker/gold.py)


STATUS_LABEL = {
    ObligationStatus.OPEN: "chưa thực hiện",
    ObligationStatus.IN_PROGRESS: "đang thực hiện",
    ObligationStatus.DONE: "đã hoàn thành",
    ObligationStatus.CANCELLED: "đã hủy",
}

# RFC 5545 §3.8.1.11 statuses a VTODO may carry.
ICAL_STATUS = {
    ObligationStatus.OPEN: "NEEDS-ACTION",
    ObligationStatus.IN_PROGRESS: "IN-PROCESS",
    ObligationStatus.DONE: "COMPLETED",
    ObligationStatus.CANCELLED: "CANCELLED",
}

PRODID = "-//congvan//Vietnamese dispatch tracker//VI"

OBLIGATION_CSV_COLUMNS = [
    "id",
    "document_number",
    "document_issuer",
    "document_issued_date",
    "document_subject",
    "task",
    "assignees",
    "lead",
    "supporting",
    "due",
    "due_time",
    "due_text",
    "recurrence",
    "status",
    "status_label",
]

# Phụ lục IV, Nghị định 30/2020/NĐ-CP: mẫu sổ đăng ký văn bản đến.
SO_DEN_COLUMNS = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng",
    "Tên loại và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Ký nhận",
    "Ghi chú",
]

# Phụ lục IV, Nghị định 30/2020/NĐ-CP: mẫu sổ theo dõi giải quyết văn bản đến.
SO_GIAI_QUYET_COLUMNS = [
    "Số đến",
    "Ngày đến",
    "Tác giả, số, ký hiệu, ngày tháng và trích yếu nội dung",
    "Đơn vị hoặc người nhận",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
]


def vn_date(value: date | None) -> str:
    """Day-first as Vietnamese forms print it: 09/11/2021."""
    return value.strftime("%d/%m/%Y") if value else ""


def type_label(slug: str) -> str:
    return doc_type_label(slug)


def obligation_json(o: Obligation) -> dict[str, Any]:
    return {
        "id": o.id,
        "document_id": o.document_id,
        "document_number": o.document_number,
        "document_issuer": o.document_issuer,
        "document_issued_date": o.document_issued_date.isoformat() if o.document_issued_date else None,
        "document_subject": o.document_subject,
        "text": o.text,
        "assignees": list(o.assignees),
        "lead": list(o.lead),
        "supporting": list(o.supporting),
        "due": o.due.isoformat() if o.due else None,
        "due_time": o.due_time,
        "due_text": o.due_text,
        "recurrence": o.recurrence,
        "status": o.status.value,
        "evidence": {"start": o.evidence_start, "end": o.evidence_end},
        "proposed_done_by": o.proposed_done_by,  # the outgoing reply answering it (issue 17)
    }


def csv_text(header: list[str], rows: Iterable[list[Any]]) -> str:
    """CSV with a UTF-8 byte-order mark and CRLF line ends, as Excel expects."""
    buf = io.StringIO()
    buf.write("\ufeff")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def obligations_csv(obligations: Iterable[Obligation]) -> str:
    def row(o: Obligation) -> list[Any]:
        j = obligation_json(o)
        return [
            *(
                j[k]
                for k in (
                    "id",
                    "document_number",
                    "document_issuer",
                    "document_issued_date",
                    "document_subject",
                    "text",
                )
            ),
            "; ".join(o.assignees),
            "; ".join(o.lead),
            "; ".join(o.supporting),
            j["due"],
            o.due_time,
            o.due_text,
            o.recurrence,
            o.status.value,
            STATUS_LABEL[o.status],
        ]

    return csv_text(OBLIGATION_CSV_COLUMNS, (row(o) for o in obligations))


def obligations_jsonl(obligations: Iterable[Obligation]) -> Iterator[str]:
    for o in obligations:
        yield json.dumps(obligation_json(o), ensure_ascii=False) + "\n"


def _local(value: str) -> date | datetime:
    """An event's ISO date or floating local date-time (the record carries no zone)."""
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def _todo(o: Obligation, sha256: str, stamp: datetime) -> Todo:
    todo = Todo()
    todo.add("uid", f"congvan-obligation-{o.id}-{sha256[:12]}@congvan")
    todo.add("dtstamp", stamp)
    todo.add("summary", " ".join(o.text.split())[:200])
    todo.add("status", ICAL_STATUS[o.status])
    if o.due:
        if o.due_time:
            hour, minute = (int(p) for p in o.due_time.split(":")[:2])
            todo.add("due", datetime.combine(o.due, time(hour, minute)))
        else:
            todo.add("due", o.due)
    source = f"Văn bản số {o.document_number or '(không số)'}"
    if o.document_issued_date:
        source += f" ngày {vn_date(o.document_issued_date)}"
    if o.document_issuer:
        source += f" của {o.document_issuer}"
    lines = [source + (f": {o.document_subject}" if o.document_subject else ""), "", o.text]
    if o.assignees:
        lines.append("Giao: " + "; ".join(o.assignees))
    if o.due_text:
        lines.append("Thời hạn: " + o.due_text)
    if o.recurrence:
        lines.append("Định kỳ: " + o.recurrence)
    todo.add("description", "\n".join(lines))
    if o.status is ObligationStatus.DONE:
        todo.add("percent-complete", 100)
    return todo


def _events(doc: StoredDocument, stamp: datetime) -> Iterator[Event]:
    events = doc.record.get("events")
    for i, ev in enumerate(events if isinstance(events, list) else []):
        if not ev.get("start"):
            continue  # RFC 5545 requires DTSTART on a VEVENT of a calendar without METHOD
        event = Event()
        event.add("uid", f"congvan-event-{doc.sha256[:16]}-{i}@congvan")
        event.add("dtstamp", stamp)
        event.add("dtstart", _local(ev["start"]))
        if ev.get("end"):
            event.add("dtend", _local(ev["end"]))
        event.add("summary", " ".join(str(ev.get("title") or "Cuộc họp").split())[:200])
        if ev.get("place"):
            event.add("location", ev["place"])
        desc = f"Văn bản số {doc.number or '(không số)'}"
        if doc.subject:
            desc += f": {doc.subject}"
        if ev.get("attendees"):
            desc += "\nThành phần: " + "; ".join(ev["attendees"])
        event.add("description", desc)
        yield event


def ics_calendar(
    store: Store,
    now: datetime | None = None,
    obligations: Iterable[Obligation] | None = None,
    documents: Iterable[StoredDocument] | None = None,
) -> Calendar:
    """Every obligation as a VTODO and every document's meetings as VEVENTs; or only `obligations`
    and the meetings of `documents` (a web page's filters: the search page gives no documents)."""
    stamp = (now or datetime.now(UTC)).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Công văn — nhiệm vụ")
    docs = {d.id: d for d in (store.documents() if documents is None else documents)}
    sha256: dict[int, str] = {i: d.sha256 for i, d in docs.items()}
    for o in store.iter_obligations() if obligations is None else obligations:
        if o.document_id not in sha256:  # a document outside `documents`: its UID needs its hash only
            found = store.document(o.document_id)
            sha256[o.document_id] = found.sha256 if found else ""
        cal.add_component(_todo(o, sha256[o.document_id], stamp))
    for doc in docs.values():
        if doc.duplicate_of is None:
            for event in _events(doc, stamp):
                cal.add_component(event)
    return cal


def arrival_numbers(docs: list[StoredDocument]) -> dict[int, int]:
    """Số đến of each numbered document, as the tracker assigned it at ingest (tracker/arrivals.py)."""
    return {d.id: d.arrival_number for d in docs if d.arrival_number is not None}


def _document_notes(doc: StoredDocument, duplicates: dict[int, list[StoredDocument]]) -> str:
    notes = []
    if doc.status == "needs_ocr":
        notes.append("bản quét chưa nhận dạng (cần OCR)")
    for dup in duplicates.get(doc.id, []):
        notes.append(f"nhận trùng: {dup.original_path} ({vn_date(dup.ingested_at.date())})")
    return "; ".join(notes)


EVERY_LINE = 10_000_000  # a register's lines in one export: no office numbers more in a year


def register_notes(doc: StoredDocument, duplicates: dict[int, list[StoredDocument]]) -> str:
    """Ghi chú of a register line: copies received again, an unread scan, a deleted line, and the
    number the receiving stamp proposes when it differs from the one assigned."""
    notes = [_document_notes(doc, duplicates)] if _document_notes(doc, duplicates) else []
    stamp = doc.record.get("arrival") if isinstance(doc.record, dict) else None
    if isinstance(stamp, dict) and stamp.get("number") and str(stamp["number"]) != str(doc.arrival_number):
        notes.append(f"dấu đến ghi số {stamp['number']}")
    if doc.deleted_at is not None:
        notes.append(f"đã xóa khỏi sổ theo dõi ({doc.deleted_by})")
    return "; ".join(notes)


def so_den_rows(store: Store, flt: RegisterFilter | None = None) -> list[list[Any]]:
    """The register's lines in the Nghị định 30 columns (SO_DEN_COLUMNS), by số đến (every line
    unless `flt` says otherwise)."""
    docs = store.register(flt or RegisterFilter(limit=EVERY_LINE))
    duplicates: dict[int, list[StoredDocument]] = defaultdict(list)
    for dup in store.duplicates_of([d.id for d in docs]):
        if dup.duplicate_of is not None:
            duplicates[dup.duplicate_of].append(dup)
    rows = []
    for d in docs:
        # a công văn has no type name printed (its trích yếu is the title); an unknown type has none
        kind = type_label(d.document_type) if d.document_type not in ("cong_van", "other") else ""
        title = " ".join(p for p in (kind, d.subject or "") if p)
        rows.append(
            [
                vn_date(d.arrival_date),
                d.arrival_number,
                d.issuer or "",
                d.number or "",
                vn_date(d.issued_date),
                title,
                "",
                "",
                register_notes(d, duplicates),
            ]
        )
    return rows


def so_den_csv(store: Store, flt: RegisterFilter | None = None) -> str:
    return csv_text(SO_DEN_COLUMNS, so_den_rows(store, flt))


def so_giai_quyet_csv(store: Store, flt: RegisterFilter | None = None) -> str:
    """The follow-up register (sổ theo dõi giải quyết): every live numbered document, or those of
    the arrival register's filter."""
    docs = store.documents() if flt is None else [d for d in store.register(flt) if d.deleted_at is None]
    numbers = arrival_numbers(docs)
    by_doc: dict[int, list[Obligation]] = defaultdict(list)
    for o in store.iter_obligations():
        by_doc[o.document_id].append(o)
    rows = []
    for d in docs:
        if d.id not in numbers:
            continue
        tasks = by_doc.get(d.id, [])
        who: list[str] = []
        for o in tasks:
            for name in (*o.lead, *o.assignees):
                if name not in who:
                    who.append(name)
        open_dues = [
            o.due
            for o in tasks
            if o.due and o.status in (ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS)
        ]
        all_dues = [o.due for o in tasks if o.due]
        deadline = min(open_dues or all_dues) if (open_dues or all_dues) else None
        done = sum(o.status in (ObligationStatus.DONE, ObligationStatus.CANCELLED) for o in tasks)
        progress = f"đã xong {done}/{len(tasks)} nhiệm vụ" if tasks else ""
        source = ", ".join(p for p in (d.issuer or "", d.number or "", vn_date(d.issued_date)) if p) + (
            f": {d.subject}" if d.subject else ""
        )
        rows.append(
            [
                numbers[d.id],
                vn_date(d.arrival_date),
                source,
                "; ".join(who),
                vn_date(deadline),
                progress,
                "",
                "",
            ]
        )
    return csv_text(SO_GIAI_QUYET_COLUMNS, rows)


def export(store: Store, fmt: ExportFormat) -> str:
    """The whole export as text (the CLI writes it to a file or stdout)."""
    match ExportFormat(fmt):
        case ExportFormat.CSV:
            return obligations_csv(store.iter_obligations())
        case ExportFormat.JSONL:
            return "".join(obligations_jsonl(store.iter_obligations()))
        case ExportFormat.ICS:
            return ics_calendar(store).to_ical().decode("utf-8")
        case ExportFormat.SO_DEN:
            return so_den_csv(store)
        case ExportFormat.SO_GIAI_QUYET:
            return so_giai_quyet_csv(store)
        case ExportFormat.GOLD:
            raise ValueError("the gold export writes a folder: tracker/gold.write_gold")
    raise ValueError(fmt)
