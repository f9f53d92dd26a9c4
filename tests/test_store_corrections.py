"""Corrections on both engines: a clerk's fix updates the stored record and its rows, is kept with
who, when, before and after, survives re-extraction of the same bytes, and teaches issuer names."""

from __future__ import annotations

import pytest

from congvan.tracker import open_store
from congvan.tracker.api import InvalidCorrection, ObligationFilter, ObligationStatus, UnknownDocument
from tests.tracker_fixtures import SEED_000, corpus_record, store_url  # noqa: F401 — fixture

T04 = "t04.txt"  # 4240/UBND-VX, ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH, tasks with deadlines


def test_header_correction_updates_record_rows_and_search(store_url: str) -> None:  # noqa: F811
    record = corpus_record(T04)
    with open_store(store_url) as store:
        doc_id = store.ingest(record, "t04.txt").document_id
        fix = store.correct_field(doc_id, "number", " 4241 / UBND-VX ", "van.thu")
        assert (fix.field, fix.before, fix.after, fix.who) == ("number", "4240/UBND-VX", "4241/UBND-VX", "van.thu")
        store.correct_field(doc_id, "signer.name", "Nguyễn Mạnh Cường B", "van.thu")
        doc = store.document(doc_id)
        assert doc is not None and doc.number == "4241/UBND-VX"
        assert doc.record["number"] == "4241/UBND-VX"
        assert doc.record["signer"]["name"] == "Nguyễn Mạnh Cường B"
        assert [h.document_id for h in store.search("4241/UBND-VX") if h.kind == "document"] == [doc_id]
        assert [c.field for c in store.corrections(doc_id)] == ["number", "signer.name"]
        assert [d.id for d in store.corrected_documents()] == [doc_id]


def test_invalid_corrections_are_refused_and_leave_nothing(store_url: str) -> None:  # noqa: F811
    with open_store(store_url) as store:
        doc_id = store.ingest(corpus_record(T04), "t04.txt").document_id
        with pytest.raises(InvalidCorrection):
            store.correct_field(doc_id, "issued_date", "28/11/2025", "van.thu")  # not ISO
        with pytest.raises(InvalidCorrection):
            store.correct_field(doc_id, "document_type", "", "van.thu")  # a type is required
        with pytest.raises(InvalidCorrection):
            store.correct_field(doc_id, "source", "x", "van.thu")
        with pytest.raises(InvalidCorrection):
            store.correct_field(doc_id, "number", "4240/UBND-VX", "van.thu")  # unchanged
        with pytest.raises(UnknownDocument):
            store.correct_field(doc_id + 99, "number", "1/X", "van.thu")
        assert store.corrections(doc_id) == []
        store.correct_field(doc_id, "issued_date", "2025-11-29", "van.thu")
        doc = store.document(doc_id)
        assert doc is not None and str(doc.issued_date) == "2025-11-29"


def test_obligation_corrections_add_and_remove(store_url: str) -> None:  # noqa: F811
    with open_store(store_url) as store:
        doc_id = store.ingest(corpus_record(T04), "t04.txt").document_id
        first, *rest = store.document_obligations(doc_id)
        store.correct_obligation(first.id, "assignees", ["Sở Nội vụ", " "], "van.thu")
        deadline = {"date": "2025-12-10", "text": "trước ngày 10/12/2025"}
        store.correct_obligation(first.id, "deadline", deadline, "van.thu")
        store.correct_obligation(first.id, "text", "Hoàn thành cập nhật cơ sở dữ liệu.", "van.thu")
        fixed = store.obligation(first.id)
        assert fixed is not None
        assert (fixed.assignees, str(fixed.due), fixed.text) == (
            ("Sở Nội vụ",), "2025-12-10", "Hoàn thành cập nhật cơ sở dữ liệu."
        )
        assert store.obligations(ObligationFilter(assignee="so noi vu"))[0].id == first.id

        added = store.add_obligation(doc_id, "Báo cáo kết quả về Sở Nội vụ.", ["Phòng VX"], None, "van.thu")
        assert added.obligation_id is not None and added.after["text"] == "Báo cáo kết quả về Sở Nội vụ."
        removed = store.remove_obligation(rest[0].id, "van.thu")
        assert removed.before["text"] == rest[0].text and removed.after is None

        now = store.document_obligations(doc_id)
        doc = store.document(doc_id)
        assert doc is not None
        # the rows and the record's tasks stay in step: position i is task i
        assert [o.text for o in now] == [t["text"] for t in doc.record["tasks"]]
        assert [o.position for o in now] == list(range(len(now)))
        assert now[-1].id == added.obligation_id

        store.set_status(now[0].id, ObligationStatus.IN_PROGRESS, "van.thu")
        with pytest.raises(InvalidCorrection):
            store.remove_obligation(now[0].id, "van.thu")  # its history stays: cancel it instead


def test_reextraction_keeps_corrections(store_url: str) -> None:  # noqa: F811
    record = corpus_record(T04)
    with open_store(store_url) as store:
        doc_id = store.ingest(record, "t04.txt").document_id
        store.set_status(store.document_obligations(doc_id)[0].id, ObligationStatus.DONE, "van.thu")
        store.correct_field(doc_id, "subject", "Cập nhật cơ sở dữ liệu cán bộ", "van.thu")
        extra = store.add_obligation(doc_id, "Gửi danh sách cán bộ.", ["Phòng VX"], None, "van.thu")
        before = [(o.id, o.text, o.status) for o in store.document_obligations(doc_id)]

        newer = record.model_copy(update={"extractor_version": "999.0"})
        again = store.ingest(newer, "t04.txt")
        assert again.outcome == "updated"
        doc = store.document(doc_id)
        assert doc is not None and doc.subject == "Cập nhật cơ sở dữ liệu cán bộ"
        assert doc.extractor_version == "999.0"
        assert [(o.id, o.text, o.status) for o in store.document_obligations(doc_id)] == before
        assert extra.obligation_id in {o.id for o in store.document_obligations(doc_id)}


def test_learned_names_from_issuer_corrections(store_url: str) -> None:  # noqa: F811
    with open_store(store_url) as store:
        a = store.ingest(corpus_record(T04), "t04.txt").document_id
        b = store.ingest(corpus_record(SEED_000), SEED_000).document_id
        assert store.learned_names() == []
        store.correct_field(a, "issuer", "UBND THÀNH PHỐ HỒ CHÍ MINH", "van.thu")
        store.correct_field(a, "subject", "Khác", "van.thu")  # not a name: teaches nothing
        store.correct_field(b, "issuer_parent", "VIỆN KSND TỐI CAO", "van.thu")
        store.correct_field(b, "issuer_parent", "VIỆN KSND TỐI CAO (VKSTC)", "van.thu")
        learned = store.learned_names()
        assert ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "UBND THÀNH PHỐ HỒ CHÍ MINH") in learned
        assert ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "VIỆN KSND TỐI CAO") in learned
        assert ("VIỆN KSND TỐI CAO", "VIỆN KSND TỐI CAO (VKSTC)") in learned
        assert not any(after == "Khác" for _, after in learned)


def test_the_corrections_are_append_only(store_url: str) -> None:  # noqa: F811
    with open_store(store_url) as store:
        doc_id = store.ingest(corpus_record(T04), "t04.txt").document_id
        store.correct_field(doc_id, "issuer_parent", "THÀNH ỦY THÀNH PHỐ HỒ CHÍ MINH", "van.thu")
        for sql in ("UPDATE corrections SET who = 'x'", "DELETE FROM corrections"):
            with pytest.raises(Exception, match="append-only"), store._write():
                store._run(sql)
        [kept] = store.corrections(doc_id)
        assert kept.who == "van.thu" and kept.before is None
