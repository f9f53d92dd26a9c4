"""`congvan nightly` as a subprocess: incremental, in place, with a report; killable and re-runnable."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from congvan.operations.locks import folder_lock
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.tracker import open_store
from tests.ops_corpus import CORPUS, ROOT, cli_env, congvan, sha256, text_documents, tracker_rows

BAD = ROOT / "tests" / "data" / "bad"


def nightly(root: Path, db: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        congvan("nightly", *args, "--db", f"sqlite:///{db}", "--jobs", "2"),
        env=cli_env(root / "state"),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def report_of(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_second_run_reads_only_what_is_new_and_moves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "archive-2024"
    text_documents(folder, 10)
    for name in ("encrypted.pdf", "truncated.pdf"):
        shutil.copy(BAD / name, folder / name)
    shutil.copy(folder / "doc-0001.txt", folder / "doc-0001 (copy).txt")
    before = {p.name: sha256(p) for p in folder.iterdir()}
    db, rep = tmp_path / "t.db", tmp_path / "nightly-report"

    first = nightly(tmp_path, db, str(folder), "--ocr", "never", "--report", str(rep))
    assert first.returncode == 0, first.stderr
    r1 = report_of(rep)
    assert (r1["seen"], r1["new"], r1["duplicates"]["same_bytes"]) == (13, 10, 1)
    assert sorted(Path(f["path"]).name for f in r1["failed"]) == ["encrypted.pdf", "truncated.pdf"]
    assert "password" in next(f["reason"] for f in r1["failed"] if f["path"].endswith("encrypted.pdf"))
    assert r1["obligations_added"] > 0
    assert "seen 13: new 10" in rep.with_suffix(".txt").read_text(encoding="utf-8")
    assert "seen 13: new 10" in first.stdout

    text_documents(folder, 11, prefix="doc")  # one more document; the ten others rewritten identically
    second = nightly(tmp_path, db, str(folder), "--ocr", "never", "--json")
    assert second.returncode == 0, second.stderr
    r2 = json.loads(second.stdout)
    assert (r2["new"], r2["unchanged"], r2["known_failed"], r2["failed"]) == (1, 11, 2, [])
    assert {
        p.name: sha256(p) for p in folder.iterdir() if p.name in before
    } == before  # nothing moved/changed
    assert len(tracker_rows(db)) == 11


@pytest.mark.slow
def test_reextract_replaces_records_of_an_older_extractor(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    [doc] = text_documents(folder, 1)
    db = tmp_path / "t.db"
    record = process(DocumentInput(doc), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None
    store = open_store(f"sqlite:///{db}")
    store.ingest(record.model_copy(update={"extractor_version": "0.0.1"}), str(doc))
    store.close()

    plain = nightly(tmp_path, db, str(folder), "--ocr", "never", "--json")
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout)["unchanged"] == 1
    again = nightly(tmp_path, db, str(folder), "--ocr", "never", "--json", "--reextract")
    assert json.loads(again.stdout)["updated"] == 1, again.stderr


def test_a_folder_locked_by_a_watcher_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    text_documents(folder, 1)
    lock = folder_lock(folder)
    lock.acquire()
    try:
        done = nightly(tmp_path, tmp_path / "t.db", str(folder), "--ocr", "never")
    finally:
        lock.release()
    assert done.returncode == 3
    assert "held by another congvan process" in done.stderr


@pytest.mark.slow
def test_killed_at_random_points_then_rerun_equals_one_clean_run(tmp_path: Path) -> None:
    folder = tmp_path / "sweep"
    text_documents(folder, 210)
    shutil.copy(BAD / "encrypted.pdf", folder / "encrypted.pdf")
    clean_db, crash_db = tmp_path / "clean.db", tmp_path / "crash.db"
    started = time.monotonic()
    clean = nightly(tmp_path, clean_db, str(folder), "--ocr", "never")
    clean_seconds = time.monotonic() - started
    assert clean.returncode == 0, clean.stderr

    # Kill moments spread over a clean run's length (start-up included), so they land mid-run on a
    # fast machine as on a loaded one; each killed run leaves less work, hence several attempts.
    rng = random.Random(7)
    kills = 0
    for _ in range(12):
        if kills >= 4:
            break
        proc = subprocess.Popen(
            congvan("nightly", str(folder), "--db", f"sqlite:///{crash_db}", "--jobs", "2", "--ocr", "never"),
            env=cli_env(tmp_path / "state"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, max(1.0, 0.7 * clean_seconds)))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 3
    final = nightly(tmp_path, crash_db, str(folder), "--ocr", "never", "--json")
    assert final.returncode == 0, final.stderr
    assert tracker_rows(crash_db) == tracker_rows(clean_db)
    assert len(tracker_rows(clean_db)) == 210


@pytest.mark.slow
@pytest.mark.ocr
def test_a_scan_is_read_through_tesseract(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(CORPUS / "012.pdf", folder / "012.pdf")  # one scanned page
    done = nightly(tmp_path, tmp_path / "t.db", str(folder), "--ocr", "auto", "--json")
    report = json.loads(done.stdout)
    assert (report["new"], report["failed"]) == (1, []), done.stderr
    [(_, number, _)] = tracker_rows(tmp_path / "t.db")
    assert number == "575/UBND-KTTH"
