"""The intake lane owns a store, a sandboxed worker and the document locks, and releases them
however it ends; a pool runs one lane per thread. Real SQLite file, real worker processes."""

from __future__ import annotations

import multiprocessing
import shutil
import threading
from pathlib import Path

import pytest

from congvan.operations.intake import IntakeConfig
from congvan.operations.lane import IntakeLane, LaneDied, LanePool
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.settings import OcrMode, Settings
from congvan.tracker import open_tracker
from congvan.tracker.api import Outcome
from tests.ops_corpus import CORPUS, text_documents, tracker_rows

CONFIG = IntakeConfig(settings=Settings(ocr=OcrMode.NEVER))


def workers() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "congvan-worker"]


def test_a_lane_takes_a_document_and_closes_its_worker_and_store(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    doc = tmp_path / "039.txt"
    shutil.copy(CORPUS / "039.txt", doc)
    with IntakeLane(open_tracker(f"sqlite:///{db}"), CONFIG) as lane:
        report = lane.take(DocumentInput(doc))
        assert report.outcome is Outcome.NEW and report.stored and report.number == "7991/BGDĐT-GDTrH"
        assert report.record_status in ("complete", "partial") and report.document_id == 1
        assert len(workers()) == 1  # extraction ran in the sandbox's worker process
        again = lane.take(DocumentInput(doc))
        assert again.outcome is Outcome.SAME_BYTES
    assert workers() == []
    assert doc.exists()  # no archive folder configured: the file stays where it is
    assert len(tracker_rows(db)) == 1
    with pytest.raises(RuntimeError, match="not open"):
        lane.take(DocumentInput(doc))


def test_a_failing_producer_still_releases_the_worker(tmp_path: Path) -> None:
    with (
        pytest.raises(KeyboardInterrupt),
        IntakeLane(open_tracker(f"sqlite:///{tmp_path / 't.db'}"), CONFIG) as lane,
    ):
        lane.take(DocumentInput(CORPUS / "039.txt"))
        assert len(workers()) == 1
        raise KeyboardInterrupt
    assert workers() == []


def test_a_store_error_is_reported_and_leaves_the_file_in_place(tmp_path: Path) -> None:
    doc = tmp_path / "039.txt"
    shutil.copy(CORPUS / "039.txt", doc)
    with IntakeLane(open_tracker(f"sqlite:///{tmp_path / 't.db'}"), CONFIG) as lane:
        lane.store.close()  # the connection is gone under the lane, as when a server restarts
        report = lane.take(DocumentInput(doc))
    assert report.outcome is Outcome.INTERRUPTED and not report.stored
    assert report.reason and "Error" in report.reason and report.stage == "store"
    assert doc.exists()


def test_a_pool_takes_every_document_once_across_its_lanes(tmp_path: Path) -> None:
    docs = [DocumentInput(p) for p in text_documents(tmp_path / "in", 4)]
    db = tmp_path / "t.db"
    with LanePool(open_tracker(f"sqlite:///{db}"), CONFIG, 2, threading.Event()) as pool:
        reports = list(pool.take_all(docs))
        assert len(workers()) == 2  # one sandbox per lane
    assert sorted(r.path for r in reports) == sorted(d.path for d in docs)
    assert {r.outcome for r in reports} == {Outcome.NEW}
    assert len(tracker_rows(db)) == 4
    assert workers() == []


def test_a_stopped_pool_reports_what_it_did_not_take_as_interrupted(tmp_path: Path) -> None:
    docs = [DocumentInput(p) for p in text_documents(tmp_path / "in", 3)]
    stop = threading.Event()
    stop.set()
    with LanePool(open_tracker(f"sqlite:///{tmp_path / 't.db'}"), CONFIG, 1, stop) as pool:
        reports = list(pool.take_all(docs))
    assert [r.outcome for r in reports] == [Outcome.INTERRUPTED] * 3
    assert tracker_rows(tmp_path / "t.db") == []


def test_a_pool_on_a_tracker_that_cannot_be_opened_says_so_once(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    tracker = open_tracker(f"sqlite:///{blocker / 't.db'}")
    with (
        pytest.raises(LaneDied, match="cannot open the tracker sqlite:///"),
        LanePool(tracker, CONFIG, 2, threading.Event()),
    ):
        pass
    assert workers() == []
