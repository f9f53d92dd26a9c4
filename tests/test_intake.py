"""intake(), the body of the intake lane: one document from the drop folder to the tracker and the
archive (or failed), on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from congvan.errors import CLERK_NOT_DISPATCH
from congvan.files import copy_across, move_no_clobber
from congvan.operations.intake import (
    NOT_DISPATCH,
    IntakeConfig,
    Outcome,
    candidate_names,
    intake,
    tool_versions,
)
from congvan.operations.locks import DocumentLocks, FileLock, LockHeld
from congvan.operations.sandbox import Limits, Sandbox
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.settings import OcrMode, Settings
from congvan.tracker import open_store, open_tracker
from congvan.tracker.api import Store
from tests.ops_corpus import CORPUS, ROOT, bad_corpus, sha256, tracker_rows

NEVER = Settings(ocr=OcrMode.NEVER)
BAD = ROOT / "tests" / "data" / "bad"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    box = Sandbox(NEVER, Limits(time_s=120, memory_bytes=2048 * 2**20))
    yield box
    box.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Path, IntakeConfig, Store, DocumentLocks, Path]]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    db = tmp_path / "tracker.db"
    url = f"sqlite:///{db}"
    config = IntakeConfig(
        settings=NEVER, archive=tmp_path / "archive", failed=tmp_path / "failed", tools=tool_versions()
    )
    store = open_store(url)
    yield inbox, config, store, DocumentLocks(open_tracker(url)), db
    store.close()


def test_good_document_is_stored_then_archived_with_its_record(office, sandbox) -> None:
    inbox, config, store, locks, db = office
    dropped = inbox / "039.txt"
    shutil.copy(CORPUS / "039.txt", dropped)
    report = intake(DocumentInput(dropped), config, store, sandbox, locks)
    assert report.outcome is Outcome.NEW
    assert report.obligations_added >= 1
    archived = config.archive / "039.txt"
    assert report.moved_to == archived
    assert not dropped.exists()
    assert archived.read_bytes() == (CORPUS / "039.txt").read_bytes()
    record = json.loads((config.archive / "039.txt.json").read_text(encoding="utf-8"))
    assert record["source"]["sha256"] == sha256(archived)
    assert record["number"] == "7991/BGDĐT-GDTrH"
    assert store.has_document(sha256(archived))


def test_same_bytes_again_are_archived_beside_as_a_duplicate_not_stored_twice(office, sandbox) -> None:
    inbox, config, store, locks, db = office
    for _ in range(2):
        shutil.copy(CORPUS / "039.txt", inbox / "039.txt")
        last = intake(DocumentInput(inbox / "039.txt"), config, store, sandbox, locks)
    assert last.outcome is Outcome.SAME_BYTES
    assert last.moved_to == config.archive / "039 (2).txt"
    note = json.loads((config.archive / "039 (2).txt.json").read_text(encoding="utf-8"))
    assert note["duplicate"] is True and note["sha256"] == sha256(CORPUS / "039.txt")
    assert (config.archive / "039.txt").read_bytes() == (config.archive / "039 (2).txt").read_bytes()
    assert len(tracker_rows(db)) == 1


def test_unreadable_file_goes_to_failed_beside_its_error_file(office, sandbox) -> None:
    inbox, config, store, locks, db = office
    shutil.copy(BAD / "encrypted.pdf", inbox / "encrypted.pdf")
    report = intake(DocumentInput(inbox / "encrypted.pdf"), config, store, sandbox, locks)
    assert report.outcome is Outcome.FAILED
    assert (config.failed / "encrypted.pdf").read_bytes() == (BAD / "encrypted.pdf").read_bytes()
    error = json.loads((config.failed / "encrypted.pdf.error.json").read_text(encoding="utf-8"))
    assert "password" in error["reason"]
    assert error["stage"] == "text"
    assert error["tools"]["tesseract"].startswith("tesseract 5")
    assert error["time"][:4].isdigit()
    assert tracker_rows(db) == []


def test_page_images_travel_together(office, sandbox) -> None:
    # With OCR off the scan is not read: both pages go to failed, under one error file.
    inbox, config, store, locks, db = office
    for name in ("030.jpg", "030_p2.jpg"):
        shutil.copy(CORPUS / name, inbox / name)
    doc = DocumentInput(inbox / "030.jpg", (inbox / "030_p2.jpg",))
    report = intake(doc, config, store, sandbox, locks)
    assert report.outcome is Outcome.FAILED and "needs OCR" in (report.reason or "")
    assert sorted(p.name for p in config.failed.iterdir()) == ["030.jpg", "030.jpg.error.json", "030_p2.jpg"]
    assert list(inbox.iterdir()) == []


def test_a_move_interrupted_after_its_record_is_finished_under_the_same_name(office, sandbox) -> None:
    # Killed between writing the record JSON and moving the file: the re-run must complete that
    # move, not archive a second copy as "039 (2).txt", and keep the record JSON (issue 19, item 7:
    # it was overwritten by a "same bytes, not stored again" note, and the log said same_bytes).
    inbox, config, store, locks, db = office
    shutil.copy(CORPUS / "039.txt", inbox / "039.txt")
    first = intake(DocumentInput(inbox / "039.txt"), config, store, sandbox, locks)
    shutil.move(config.archive / "039.txt", inbox / "039.txt")  # as if the move never happened
    again = intake(DocumentInput(inbox / "039.txt"), config, store, sandbox, locks)
    assert first.outcome is Outcome.NEW and again.outcome is Outcome.NEW
    assert again.document_id == first.document_id
    assert sorted(p.name for p in config.archive.iterdir()) == ["039.txt", "039.txt.json"]
    sidecar = json.loads((config.archive / "039.txt.json").read_text(encoding="utf-8"))
    assert sidecar["number"] == "7991/BGDĐT-GDTrH" and "duplicate" not in sidecar


def test_candidate_names_add_a_suffix_before_the_extension() -> None:
    names = candidate_names("Công văn số 12.pdf")
    assert [next(names) for _ in range(3)] == [
        "Công văn số 12.pdf",
        "Công văn số 12 (2).pdf",
        "Công văn số 12 (3).pdf",
    ]
    assert next(candidate_names("..")) == ".."


def test_move_never_replaces_an_existing_file(tmp_path: Path) -> None:
    src, dst = tmp_path / "a.txt", tmp_path / "b.txt"
    src.write_text("new")
    dst.write_text("old")
    with pytest.raises(FileExistsError):
        move_no_clobber(src, dst)
    assert dst.read_text() == "old" and src.read_text() == "new"


def test_copy_across_file_systems_is_complete_and_never_replaces(tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    src = shm / f"congvan-test-{time.monotonic_ns()}.pdf"
    shutil.copy(CORPUS / "016.pdf", src)
    try:
        move_no_clobber(src, tmp_path / "016.pdf")  # /dev/shm is tmpfs: EXDEV, copy + fsync + unlink
        assert not src.exists()
        assert (tmp_path / "016.pdf").read_bytes() == (CORPUS / "016.pdf").read_bytes()
        src.write_bytes(b"other")
        with pytest.raises(FileExistsError):
            copy_across(src, tmp_path / "016.pdf")
        assert (tmp_path / "016.pdf").read_bytes() == (CORPUS / "016.pdf").read_bytes()
        assert [p.name for p in tmp_path.iterdir()] == ["016.pdf"]  # no temporary left behind
    finally:
        src.unlink(missing_ok=True)


def test_a_second_holder_is_refused_and_a_dead_holder_frees_the_lock(tmp_path: Path) -> None:
    path = tmp_path / ".congvan.lock"
    code = (
        "import sys, time; sys.path.insert(0, sys.argv[2]); from pathlib import Path;"
        "from congvan.operations.locks import FileLock; FileLock(Path(sys.argv[1])).acquire();"
        "print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path), str(ROOT)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockHeld, match=f"pid {holder.pid}"):
            FileLock(path).acquire()
    finally:
        holder.kill()  # SIGKILL: no chance to clean up, the kernel releases the flock
        holder.wait()
    lock = FileLock(path)
    lock.acquire()
    lock.release()


@pytest.mark.slow
def test_a_document_over_the_time_limit_fails_with_that_reason(tmp_path: Path) -> None:
    corpus = bad_corpus()
    path = tmp_path / "five-hundred-pages.pdf"
    path.write_bytes(corpus.long_pdf())
    box = Sandbox(NEVER, Limits(time_s=2, memory_bytes=2048 * 2**20))
    try:
        started = time.monotonic()
        result = box.run(DocumentInput(path))
        assert time.monotonic() - started < 15
        assert result.reason is not None and result.reason.startswith("time limit")
        assert box.run(DocumentInput(CORPUS / "039.txt")).record_json is not None  # a fresh worker goes on
    finally:
        box.close()


def test_a_zip_bomb_is_refused_before_it_unpacks(tmp_path: Path) -> None:
    corpus = bad_corpus()
    path = tmp_path / "bomb.docx"
    path.write_bytes(corpus.docx_zip_bomb())
    # the watcher's default cap: RLIMIT_AS counts the worker's mapped libraries too, and at 1 GiB a
    # fresh environment ran out of address space before reading the file
    box = Sandbox(NEVER, Limits(time_s=120, memory_bytes=2048 * 2**20))
    try:
        result = box.run(DocumentInput(path))
        assert result.reason is not None and "zip bomb" in result.reason, result.reason
    finally:
        box.close()


@pytest.mark.slow
def test_a_file_that_needs_more_memory_than_the_cap_fails_with_the_memory_limit(tmp_path: Path) -> None:
    """A 12000 x 12000 page photo passes Pillow's bomb check (144 Mpx) but decodes to 432 MB."""
    from PIL import Image

    path = tmp_path / "huge.png"
    Image.new("RGB", (12000, 12000), "white").save(path)
    box = Sandbox(NEVER, Limits(time_s=120, memory_bytes=300 * 2**20))
    try:
        result = box.run(DocumentInput(path))
        assert result.reason is not None and result.reason.startswith("memory limit"), result.reason
    finally:
        box.close()


@pytest.mark.slow
def test_a_worker_spawned_by_a_large_process_judges_its_own_memory(tmp_path: Path) -> None:
    """Linux carries ru_maxrss over execve: a worker spawned from a parent holding 1.5 GiB (a long
    test run, a busy server) must not call an empty file a memory failure (it did, in a clean CI run)."""
    ballast = bytearray(1536 * 2**20)
    for i in range(0, len(ballast), 4096):
        ballast[i] = 1  # resident, not just reserved
    path = tmp_path / "rong.pdf"
    path.write_bytes(b"")
    box = Sandbox(NEVER, Limits(time_s=120, memory_bytes=2048 * 2**20))
    try:
        result = box.run(DocumentInput(path))
        assert result.reason is not None and "empty" in result.reason, result.reason
    finally:
        box.close()
        del ballast


JUNK = {
    "mot-byte.txt": b"x",
    "hello.txt": b"hello world\n",
    "trang-web.txt": b"<!doctype html><html><head><title>Trang chu</title></head><body><p>Xin chao</p></body></html>\n",
}


@pytest.mark.parametrize("name", sorted(JUNK))
def test_a_file_that_is_no_document_goes_to_failed_with_its_reason(office, sandbox, name: str) -> None:  # noqa: ANN001
    inbox, config, store, locks, db = office
    (inbox / name).write_bytes(JUNK[name])
    report = intake(DocumentInput(inbox / name), config, store, sandbox, locks)
    assert report.outcome is Outcome.FAILED
    assert report.clerk_reason == CLERK_NOT_DISPATCH
    error = json.loads((config.failed / f"{name}.error.json").read_text(encoding="utf-8"))
    assert error["reason"] == NOT_DISPATCH and error["clerk_reason"] == CLERK_NOT_DISPATCH
    assert (config.failed / name).read_bytes() == JUNK[name]
    assert tracker_rows(db) == []


def test_a_news_article_with_its_date_is_still_stored(office, sandbox) -> None:  # noqa: ANN001
    inbox, config, store, locks, db = office
    (inbox / "tin.txt").write_text(
        "Tin tức\nHà Nội, ngày 12 tháng 3 năm 2024\nSở Giáo dục tổ chức hội nghị tổng kết năm học.\n",
        encoding="utf-8",
    )
    report = intake(DocumentInput(inbox / "tin.txt"), config, store, sandbox, locks)
    assert report.outcome is Outcome.NEW
