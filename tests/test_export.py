"""Exports on both engines: CSV with BOM, JSON Lines, an iCalendar file that parses back with the
RFC's required properties, and the Nghị định 30 registers."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from icalendar import Calendar
from tracker_fixtures import DOC_039, SEED_000, SEED_000_DOCX, corpus_record

from congvan.tracker import open_store
from congvan.tracker.api import ObligationStatus, Store
from congvan.tracker.export import SO_DEN_COLUMNS, SO_GIAI_QUYET_COLUMNS, ExportFormat, export

DOCS = [SEED_000, SEED_000_DOCX, DOC_039, "003.pdf"]  # 003.pdf: a born-digital invitation with a meeting


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        for name in DOCS:
            s.ingest(corpus_record(name), name)
        s.set_status(1, ObligationStatus.DONE, "văn thư", "đã gửi")
        yield s


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_csv_has_bom_and_every_obligation(store: Store) -> None:
    table = rows(export(store, ExportFormat.CSV))
    assert table[0][:6] == [
        "id",
        "document_number",
        "document_issuer",
        "document_issued_date",
        "document_subject",
        "task",
    ]
    body = {r[0]: dict(zip(table[0], r, strict=True)) for r in table[1:]}
    assert len(body) == len(store.obligations())
    assert body["1"]["document_number"] == "4515/VKSTC-T5" and body["1"]["due"] == "2021-11-20"
    assert body["1"]["status"] == "done" and body["1"]["status_label"] == "đã hoàn thành"


def test_jsonl_round_trips(store: Store) -> None:
    lines = [json.loads(line) for line in export(store, ExportFormat.JSONL).splitlines()]
    assert len(lines) == len(store.obligations())
    assert lines[0]["text"].startswith("Tổng hợp kết quả") and lines[0]["due"] == "2021-11-20"


def test_ics_parses_back_with_required_properties(store: Store) -> None:
    cal = Calendar.from_ical(export(store, ExportFormat.ICS))
    assert cal.name == "VCALENDAR" and str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
    todos = [c for c in cal.walk("VTODO")]
    events = [c for c in cal.walk("VEVENT")]
    assert len(todos) == len(store.obligations())
    uids = [str(c["UID"]) for c in todos + events]
    assert len(set(uids)) == len(uids)
    for todo in todos:
        for prop in ("UID", "DTSTAMP", "SUMMARY", "STATUS", "DESCRIPTION"):
            assert todo.get(prop) is not None, prop
        assert str(todo["STATUS"]) in {"NEEDS-ACTION", "COMPLETED", "IN-PROCESS", "CANCELLED"}
    first = next(t for t in todos if "4515/VKSTC-T5" in str(t["DESCRIPTION"]))
    assert str(first["STATUS"]) == "COMPLETED"
    assert first.decoded("DUE").isoformat() == "2021-11-20"
    assert events, "003.pdf invites to a meeting"
    meeting = events[0]
    for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
        assert meeting.get(prop) is not None, prop
    assert meeting.decoded("DTSTART").isoformat() == "2024-11-09T08:00:00"
    assert "542/TB-UBND" in str(meeting["DESCRIPTION"])


def test_so_den_register(store: Store) -> None:
    table = rows(export(store, ExportFormat.SO_DEN))
    assert table[0] == SO_DEN_COLUMNS
    assert [r[1] for r in table[1:]] == ["1", "2", "3"]  # the duplicate rendering is not registered twice
    first = dict(zip(SO_DEN_COLUMNS, table[1], strict=True))
    assert first["Số, ký hiệu"] == "4515/VKSTC-T5" and first["Ngày tháng"] == "09/11/2021"
    assert "nhận trùng" in first["Ghi chú"]
    assert (
        table[2][5] == "thực hiện kiểm tra, đánh giá đối với cấp THCS, THPT"
    )  # công văn: no type title printed
    assert table[3][5].startswith("Thông báo ")


def test_so_giai_quyet_register(store: Store) -> None:
    table = rows(export(store, ExportFormat.SO_GIAI_QUYET))
    assert table[0] == SO_GIAI_QUYET_COLUMNS
    first = dict(zip(SO_GIAI_QUYET_COLUMNS, table[1], strict=True))
    assert "4515/VKSTC-T5" in first["Tác giả, số, ký hiệu, ngày tháng và trích yếu nội dung"]
    assert first["Thời hạn giải quyết"] == "20/11/2021"
    assert first["Tiến độ giải quyết"] == "đã xong 1/4 nhiệm vụ"
    assert "VKSND các cấp" in first["Đơn vị hoặc người nhận"]
