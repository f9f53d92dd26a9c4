"""The tracker verbs end to end through the real CLI app on a SQLite file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tracker_fixtures import CORPUS, SEED_000
from typer.testing import CliRunner

from congvan.cli.main import app
from tests.ops_corpus import ROOT, bad_corpus

BAD = ROOT / "tests" / "data" / "bad"

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_ingest_search_tasks_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'congvan.db'}"
    code, out, err = run(
        "ingest", str(CORPUS / SEED_000), str(CORPUS / "039.txt"), "--db", db, "--ocr", "never", "--json"
    )
    assert code == 0, err
    assert [json.loads(line)["outcome"] for line in out.splitlines()] == ["new", "new"]
    code, out, _ = run("ingest", str(CORPUS / SEED_000), "--db", db, "--ocr", "never", "--json")
    assert json.loads(out)["outcome"] == "same_bytes"

    code, out, _ = run("search", "bao cao so ket", "--db", db, "--json")
    hits = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and hits[0]["kind"] == "document" and "[[báo cáo sơ kết]]" in hits[0]["snippet"]
    code, out, _ = run("search", "'; DROP TABLE documents; --", "--db", db)
    assert code == 0

    code, out, _ = run("tasks", "--db", db, "--assignee", "vksnd cac cap")
    assert code == 0 and "20/11/2021" in out and "(quá hạn)" in out
    assert (
        out.strip().splitlines()[-1] == "4 nhiệm vụ: 4 open, 0 in_progress, 0 done, 0 cancelled"
    )  # summary follows --assignee
    code, out, _ = run("tasks", "--db", db, "--json", "--overdue")
    assert {json.loads(line)["due"] for line in out.splitlines()} == {"2021-11-20"}

    code, out, _ = run("tasks", "done", "1", "--db", db, "--note", "đã gửi", "--who", "văn thư")
    assert code == 0 and "#1 → done" in out
    code, out, _ = run("tasks", "--db", db)
    assert out.strip().splitlines()[-1].startswith("6 nhiệm vụ: 5 open, 0 in_progress, 1 done")
    code, out, _ = run("tasks", "reopen", "1", "--db", db, "--note", "thiếu phụ lục")
    assert code == 0
    code, _, err = run("tasks", "done", "999", "--db", db)
    assert code == 1 and "no task #999" in err

    target = tmp_path / "out" / "tasks.ics"
    code, _, _ = run("export", "--db", db, "--format", "ics", "--out", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    code, out, _ = run("export", "--db", db, "--format", "so-den")
    assert code == 0 and out.startswith("\ufeffNgày đến,Số đến")


def test_bad_date_and_missing_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    code, _, err = run("search", "x", "--db", db, "--due-before", "31/13/2024")
    assert code == 2 and "not a date" in err
    code, _, err = run("ingest", str(tmp_path / "missing.pdf"), "--db", db)
    assert code == 2
    code, _, err = run("tasks", "--db", "mysql://office/congvan")
    assert code == 2 and "--db: unsupported database URL" in err


def test_ingest_reports_a_bad_file_with_its_reason_and_goes_on(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    bad = tmp_path / "encrypted.pdf"
    shutil.copy(BAD / "encrypted.pdf", bad)
    code, out, err = run("ingest", str(bad), str(CORPUS / "039.txt"), "--db", db, "--ocr", "never", "--json")
    assert code == 1
    failed, stored = (json.loads(line) for line in out.splitlines())
    assert failed["outcome"] == "failed" and failed["stage"] == "text" and "password" in failed["reason"]
    assert stored["outcome"] == "new" and stored["number"] == "7991/BGDĐT-GDTrH" and stored["document_id"] == 1
    assert "encrypted.pdf: FAILED at text:" in err and "2 documents: 1 failed, 1 new" in err
    assert bad.exists()  # ingest reads files in place: nothing is moved to a failed folder
    assert (tmp_path / "c.db.locks").is_dir()  # under the tracker's document locks, as the watcher is


def test_ingest_reads_each_document_in_the_sandbox_under_its_time_limit(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    long = tmp_path / "five-hundred-pages.pdf"
    long.write_bytes(bad_corpus().long_pdf())
    code, out, err = run(
        "ingest", str(long), str(CORPUS / "039.txt"), "--db", db, "--ocr", "never", "--time-limit", "1", "--json"
    )
    assert code == 1, err
    stopped, stored = (json.loads(line) for line in out.splitlines())
    assert stopped["outcome"] == "failed" and stopped["reason"].startswith("time limit"), stopped
    assert stored["outcome"] == "new"  # a fresh worker takes the next document
