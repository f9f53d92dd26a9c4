"""The tracker's storage on both engines: ingest rules, statuses and history, filters, migrations."""

from __future__ import annotations

from datetime import date

import pytest
from tracker_fixtures import DOC_039, SEED_000, SEED_000_DOCX, SEED_001, TEXT_DOCS, corpus_record

from congvan.schemas.record import Task
from congvan.tracker import open_store
from congvan.tracker.api import IngestOutcome, ObligationFilter, ObligationStatus, UnknownObligation


def test_ingest_is_idempotent_by_content(store_url: str) -> None:
    record = corpus_record(SEED_000)
    with open_store(store_url) as store:
        first = store.ingest(record, "inbox/000.txt")
        again = store.ingest(record, "inbox/copy-of-000.txt")
        assert first.outcome is IngestOutcome.NEW
        assert first.obligations_added == len(record.tasks) == 4
        assert again == type(again)(IngestOutcome.SAME_BYTES, first.document_id, 0, None)
        assert len(store.obligations()) == 4
        assert store.has_document(record.source.sha256)
        assert store.has_document(record.source.sha256, record.extractor_version)
        assert not store.has_document(record.source.sha256, "999.0")  # a newer extractor should re-run
        assert not store.has_document("0" * 64)


def test_same_number_and_issuer_is_linked_not_stored_twice(store_url: str) -> None:
    txt, docx = corpus_record(SEED_000), corpus_record(SEED_000_DOCX)
    assert txt.source.sha256 != docx.source.sha256 and txt.number == docx.number
    with open_store(store_url) as store:
        original = store.ingest(txt, "000.txt")
        dup = store.ingest(docx, "000.docx")
        assert dup.outcome is IngestOutcome.DUPLICATE_NUMBER
        assert dup.duplicate_of == original.document_id and dup.obligations_added == 0
        assert len(store.obligations()) == 4
        assert store.has_document(docx.source.sha256)
        docs = store.documents()
        assert [d.duplicate_of for d in docs] == [None, original.document_id]


def test_same_number_in_another_year_is_another_document(store_url: str) -> None:
    """Nghị định 30 numbering restarts every 1 January: 4515/VKSTC-T5 of 2022 is not that of 2021."""
    txt = corpus_record(SEED_000)
    next_year = txt.model_copy(
        update={"issued_date": "2022-11-09", "source": txt.source.model_copy(update={"sha256": "a" * 64})}
    )
    with open_store(store_url) as store:
        store.ingest(txt, "000.txt")
        assert store.ingest(next_year, "000-2022.txt").outcome is IngestOutcome.NEW


@pytest.mark.parametrize("name", ["001.pdf", "028.pdf"], ids=["001-scan", "028-scan"])
def test_scan_without_ocr_is_stored_and_retried(store_url: str, name: str) -> None:
    record = corpus_record(name)
    assert record.status == "needs_ocr"
    with open_store(store_url) as store:
        res = store.ingest(record, name)
        assert res.outcome is IngestOutcome.NEW and res.obligations_added == 0
        # Registered (the clerk sees it arrived) but not "done": a run with OCR must read it again.
        assert not store.has_document(record.source.sha256)
        ocred = corpus_record(SEED_000).model_copy(
            update={"source": record.source, "extractor_version": None}
        )
        again = store.ingest(ocred, name)
        assert again.outcome is IngestOutcome.UPDATED and again.obligations_added == 4
        assert store.has_document(record.source.sha256)


def test_reextraction_keeps_statuses_and_notes(store_url: str) -> None:
    old = corpus_record(SEED_000)
    with open_store(store_url) as store:
        store.ingest(old, "000.txt")
        by_text = {o.text: o for o in store.obligations()}
        target = by_text[old.tasks[2].text]  # "Đề xuất, kiến nghị …"
        store.set_status(target.id, ObligationStatus.DONE, "văn thư", "đã gửi báo cáo")
        # A better extractor: reworded task, a new task first, one task gone.
        tasks = list(old.tasks)
        reworded = tasks[2].model_copy(
            update={"text": tasks[2].text.replace("Đề xuất, kiến nghị", "Đề xuất và kiến nghị")}
        )
        new_task = Task(text="Gửi danh sách đơn vị điển hình.", evidence=tasks[0].evidence)
        newer = old.model_copy(
            update={"extractor_version": "99.0", "tasks": [new_task, tasks[0], reworded, tasks[3]]}
        )
        res = store.ingest(newer, "000.txt")
        assert res.outcome is IngestOutcome.UPDATED and res.obligations_added == 1
        after = {o.id: o for o in store.obligations()}
        assert after[target.id].status is ObligationStatus.DONE
        assert after[target.id].text.startswith("Đề xuất và kiến nghị")
        assert [h.note for h in store.history(target.id)] == ["đã gửi báo cáo"]
        assert len(after) == 4  # the vanished untouched task is gone, the new one added
        assert not any(o.text == tasks[1].text for o in after.values())
        # An older extractor arriving late changes nothing.
        assert store.ingest(old, "000.txt").outcome is IngestOutcome.SAME_BYTES


def test_status_changes_are_recorded(store_url: str) -> None:
    with open_store(store_url) as store:
        store.ingest(corpus_record(DOC_039), "039.txt")
        oid = store.obligations()[0].id
        store.set_status(oid, ObligationStatus.IN_PROGRESS, "Phòng GDTrH")
        store.set_status(oid, ObligationStatus.DONE, "Phòng GDTrH", "đã tập huấn")
        store.set_status(oid, ObligationStatus.OPEN, "Trưởng phòng", "thiếu báo cáo")
        history = store.history(oid)
        assert [(h.status, h.who, h.note) for h in history] == [
            (ObligationStatus.IN_PROGRESS, "Phòng GDTrH", None),
            (ObligationStatus.DONE, "Phòng GDTrH", "đã tập huấn"),
            (ObligationStatus.OPEN, "Trưởng phòng", "thiếu báo cáo"),
        ]
        assert history[0].at <= history[-1].at and history[0].at.tzinfo is not None
        assert store.obligations()[0].status is ObligationStatus.OPEN
        with pytest.raises(UnknownObligation):
            store.set_status(10_000, ObligationStatus.DONE, "x")


def test_history_is_append_only(store_url: str) -> None:
    with open_store(store_url) as store:
        store.ingest(corpus_record(DOC_039), "039.txt")
        oid = store.obligations()[0].id
        store.set_status(oid, ObligationStatus.DONE, "a", "note")
        for sql in ("UPDATE status_history SET note = 'rewritten'", "DELETE FROM status_history"):
            with pytest.raises(Exception, match="append-only"), store._write():
                store._run(sql)
        assert [h.note for h in store.history(oid)] == ["note"]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        pytest.param(ObligationFilter(assignee="vksnd cac cap"), 4, id="assignee-folded"),
        pytest.param(ObligationFilter(assignee="Sở GDĐT"), 2, id="assignee-diacritics"),
        pytest.param(ObligationFilter(due_before=date(2021, 11, 20)), 4, id="due-before-inclusive"),
        pytest.param(ObligationFilter(due_before=date(2021, 11, 19)), 0, id="due-before-none"),
        pytest.param(ObligationFilter(due_after=date(2021, 11, 20)), 4, id="due-after"),
        pytest.param(ObligationFilter(overdue_on=date(2021, 11, 21)), 4, id="overdue"),
        pytest.param(ObligationFilter(overdue_on=date(2021, 11, 20)), 0, id="not-yet-overdue"),
        pytest.param(ObligationFilter(issuer="bo giao duc"), 2, id="issuer"),
        pytest.param(ObligationFilter(document_type="ke_hoach"), 9, id="doc-type"),
        pytest.param(ObligationFilter(issued_from=date(2024, 1, 1)), 2, id="issued-from"),
        pytest.param(ObligationFilter(issued_to=date(2021, 12, 31)), 4, id="issued-to"),
        pytest.param(ObligationFilter(status=ObligationStatus.DONE), 0, id="status"),
    ],
)
def test_filters(store_url: str, flt: ObligationFilter, expected: int) -> None:
    with open_store(store_url) as store:
        for name in (SEED_000, SEED_001, DOC_039):
            store.ingest(corpus_record(name), name)
        assert len(store.obligations(flt)) == expected
        assert sum(store.status_counts(flt).values()) == expected


def test_overdue_skips_done(store_url: str) -> None:
    with open_store(store_url) as store:
        store.ingest(corpus_record(SEED_000), SEED_000)
        first = store.obligations()[0]
        store.set_status(first.id, ObligationStatus.DONE, "a")
        overdue = store.obligations(ObligationFilter(overdue_on=date(2022, 1, 1)))
        assert first.id not in {o.id for o in overdue} and len(overdue) == 3
        assert store.status_counts()[ObligationStatus.DONE] == 1


def test_whole_text_corpus_ingests(store_url: str) -> None:
    with open_store(store_url) as store:
        results = [store.ingest(corpus_record(n), n) for n in TEXT_DOCS]
        assert all(r.outcome is IngestOutcome.NEW for r in results)
        assert len(store.obligations(ObligationFilter(limit=1000))) == sum(
            len(corpus_record(n).tasks) for n in TEXT_DOCS
        )
