"""The arrival register on both engines: numbers taken in the ingest's transaction, gap-free per
year under concurrent writers, none for a duplicate copy, and carried forward onto an old tracker."""

from __future__ import annotations

import multiprocessing as mp
from datetime import date

import apsw
import psycopg
from test_store_migrations import create_v1, fill_v1
from tracker_fixtures import SEED_000, corpus_record

from congvan.schemas.record import Record
from congvan.tracker import open_store
from congvan.tracker.api import IngestOutcome
from congvan.tracker.arrivals import DEFAULT_REGISTER, RegisterFilter, local_date

PROCESSES = 2
PER_PROCESS = 12


def variant(key: str, issuer: str | None = None) -> Record:
    """SEED_000 as another document: other bytes and (unless given) another issuer."""
    base = corpus_record(SEED_000)
    return base.model_copy(
        update={
            "source": base.source.model_copy(update={"sha256": key.encode().hex().ljust(64, "0")[:64]}),
            "issuer": issuer or f"Đơn vị {key}",
        }
    )


def test_each_new_document_takes_the_next_number_and_a_duplicate_none(store_url: str) -> None:
    with open_store(store_url) as store:
        first = store.ingest(variant("a"), "a.txt")
        second = store.ingest(variant("b"), "b.txt")
        copy = store.ingest(variant("c", issuer="Đơn vị a"), "c.txt")  # same number and issuer as "a"
        again = store.ingest(variant("a"), "a-again.txt")
        assert copy.outcome == IngestOutcome.DUPLICATE_NUMBER and again.outcome == IngestOutcome.SAME_BYTES
        docs = {d.id: d for d in store.documents()}
        today = local_date(__import__("datetime").datetime.now().astimezone())
        assert docs[first.document_id].arrival_number == 1
        assert docs[second.document_id].arrival_number == 2
        assert docs[copy.document_id].arrival_number is None  # noted on the original's line instead
        assert docs[copy.document_id].arrival_date == today
        assert [d.arrival_number for d in store.register()] == [1, 2]
        assert [d.id for d in store.duplicates_of([first.document_id])] == [copy.document_id]
        assert store.register_years() == [today.year]
        assert store.register(RegisterFilter(year=today.year - 1)) == []
        assert [d.arrival_number for d in store.register(RegisterFilter(issuer="don vi b"))] == [2]
        # a deleted document keeps its line: the register has no gaps
        store.delete_document(second.document_id, "văn thư")
        third = store.ingest(variant("d"), "d.txt")
        lines = store.register(RegisterFilter(arrived_from=today, arrived_to=today))
        assert [(d.arrival_number, d.deleted_at is not None) for d in lines] == [(1, False), (2, True), (3, False)]
        assert lines[-1].id == third.document_id
        assert store.register_names() == [DEFAULT_REGISTER]


def ingest_many(url: str, worker_id: int) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    with open_store(url) as store:
        for i in range(PER_PROCESS):
            assert store.ingest(variant(f"w{worker_id}-{i}"), f"w{worker_id}/{i}.txt").outcome == IngestOutcome.NEW


def test_numbers_stay_gap_free_when_two_processes_ingest_at_once(store_url: str) -> None:
    corpus_record(SEED_000)  # extracted once here, then by each forked child from the cache
    with open_store(store_url):
        pass  # migrated before the race, so the children race on ingests only
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=ingest_many, args=(store_url, w)) for w in range(PROCESSES)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    with open_store(store_url) as store:
        lines = store.register()
        assert [d.arrival_number for d in lines] == list(range(1, PROCESSES * PER_PROCESS + 1))
        # the numbers follow the order the documents were stored in
        assert [d.id for d in lines] == sorted(d.id for d in lines)


def add_v1_documents(url: str) -> None:
    """Three more documents stored by an old release: one the year after, one a duplicate copy."""
    record = corpus_record(SEED_000)
    p = "?" if url.startswith("sqlite") else "%s"
    sql = (
        "INSERT INTO documents (sha256, original_path, number, document_type, status, record, ingested_at, "
        f"updated_at, duplicate_of) VALUES ({', '.join([p] * 9)})"
    )
    rows = [
        (sha * 64, name, number, "cong_van", "complete", record.model_dump_json(), at, at, dup)
        for sha, name, number, at, dup in (
            ("b", "b.txt", "1/X", "2026-11-03T02:00:00+00:00", None),
            ("c", "c.txt", record.number, "2026-11-04T02:00:00+00:00", 1),
            ("d", "d.txt", "2/X", "2027-01-05T02:00:00+00:00", None),
        )
    ]
    if url.startswith("sqlite"):
        conn = apsw.Connection(url.removeprefix("sqlite:///"))
        for row in rows:
            conn.execute(sql, row)
        conn.close()
        return
    with psycopg.connect(url, autocommit=True) as pg:
        for row in rows:
            pg.execute(sql, row)  # type: ignore[arg-type]


def test_migration_numbers_an_existing_tracker_by_ingest_order_per_year(store_url: str) -> None:
    create_v1(store_url)
    fill_v1(store_url)
    add_v1_documents(store_url)
    with open_store(store_url) as store:
        by_path = {d.original_path: d for d in store.documents()}
        assert {k: (d.arrival_year, d.arrival_number) for k, d in by_path.items()} == {
            "000.txt": (2026, 1),
            "b.txt": (2026, 2),
            "c.txt": (2026, None),
            "d.txt": (2027, 1),
        }
        assert by_path["b.txt"].arrival_date == date(2026, 11, 3)
        assert store.register_years() == [2027, 2026]
        # the counters go on from there: the next document of 2027 would be 2, never 1 again
        assert store._run("SELECT last_number FROM register_counters WHERE year = 2027")[0][0] == 1
        new = store.ingest(variant("new"), "new.txt")
        assert store.document(new.document_id).arrival_number >= 1  # type: ignore[union-attr]


def test_the_stamp_number_is_shown_beside_the_assigned_one_in_the_so_den_export(store_url: str) -> None:
    from congvan.schemas.record import Arrival, Span
    from congvan.tracker.export import SO_DEN_COLUMNS, so_den_rows

    stamped = variant("stamped").model_copy(
        update={"arrival": Arrival(number="2352", date="2018-03-21", confidence=0.7, evidence=Span(start=0, end=9))}
    )
    with open_store(store_url) as store:
        store.ingest(variant("first"), "first.txt")
        store.ingest(stamped, "stamped.pdf")
        store.ingest(variant("copy", issuer="Đơn vị first"), "copy.txt")
        rows = [dict(zip(SO_DEN_COLUMNS, r, strict=True)) for r in so_den_rows(store)]
    assert [r["Số đến"] for r in rows] == [1, 2]  # the office's own counter, not the stamp's 2352
    assert rows[1]["Ghi chú"] == "dấu đến ghi số 2352"
    assert rows[0]["Ghi chú"].startswith("nhận trùng: copy.txt")
