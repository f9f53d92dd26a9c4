"""Issue 19, items 5-11: the drop folder and the nightly sweep against real faults: symlinks and
pipes in swept folders, read-only mounts (a bind mount remounted ro: chmod does not stop root),
an immutable database file (`chattr +i`), SIGKILL of real `watch` and `nightly` processes."""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from congvan.errors import ExitCode
from congvan.operations.intake import IntakeConfig, IntakeReport, PendingMoves, intake, tool_versions
from congvan.operations.locks import DocumentLocks
from congvan.operations.nightly import NightlyReport
from congvan.operations.sandbox import WORK_PREFIX, Limits, Sandbox, clean_stale_work
from congvan.pipeline.load import DocumentInput, discover
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.tracker import open_store, open_tracker
from congvan.tracker.api import Outcome, Store
from tests.ops_corpus import CORPUS, ROOT, cli_env, congvan, sha256, text_documents, tracker_rows

NEVER = Settings(ocr=OcrMode.NEVER)
BAD = ROOT / "tests" / "data" / "bad"


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` on a read-only bind mount of itself for the duration (even root cannot write)."""
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def run(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        congvan(*args), env=cli_env(root / "state"), capture_output=True, text=True, timeout=timeout
    )


# --- item 5: links, pipes and devices in swept folders ------------------------------------------


@pytest.fixture
def swept(tmp_path: Path) -> Path:
    """A swept folder with one real dispatch, a link to it, links out of it and a FIFO."""
    folder = tmp_path / "swept"
    text_documents(folder, 1)
    outside = tmp_path / "private"
    outside.mkdir()
    secret = outside / "secret.txt"
    shutil.copy(CORPUS / "039.txt", secret)  # a readable dispatch: it would be stored if followed
    (folder / "secret.txt").symlink_to(secret)
    (folder / "shadow.txt").symlink_to("/etc/shadow")
    (folder / "private").symlink_to(outside, target_is_directory=True)
    (folder / "again.txt").symlink_to(folder / "doc-0000.txt")
    os.mkfifo(folder / "pipe.txt")
    return folder


def test_discover_never_follows_a_link_out_of_the_folder(swept: Path, caplog) -> None:
    with caplog.at_level("WARNING", logger="congvan.load"):
        docs, skipped = discover([swept])
    assert [d.path for d in docs] == [swept / "doc-0000.txt"]  # the inner link is its target
    assert skipped == []
    said = caplog.text
    assert "secret.txt: a link leading out of" in said and "shadow.txt: a link leading out of" in said
    assert "private: a link to a folder; not followed" in said
    assert "pipe.txt: not a regular file" in said


def test_nightly_stores_nothing_reached_through_a_link_out(swept: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    done = run(tmp_path, "nightly", str(swept), "--db", f"sqlite:///{db}", "--ocr", "never", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["seen"], report["new"]) == (1, 1)
    assert [row[0] for row in tracker_rows(db)] == [sha256(swept / "doc-0000.txt")]
    assert sha256(CORPUS / "039.txt") not in {row[0] for row in tracker_rows(db)}
    assert "shadow.txt: a link leading out of" in done.stderr


def test_ingest_stores_nothing_reached_through_a_link_out(swept: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    done = run(tmp_path, "ingest", str(swept), "--db", f"sqlite:///{db}", "--ocr", "never")
    assert done.returncode == 0, done.stderr
    assert [row[0] for row in tracker_rows(db)] == [sha256(swept / "doc-0000.txt")]
    assert "secret.txt: a link leading out of" in done.stderr


# --- item 6: retries with a pause, one line per change; start-up checks; exit codes -----------


class Watcher:
    def __init__(self, root: Path, *extra: str, rescan: float = 2.0, db: Path | None = None) -> None:
        self.root = root
        self.inbox, self.archive, self.failed = root / "inbox", root / "archive", root / "failed"
        for folder in (self.inbox, self.archive, self.failed):
            folder.mkdir(exist_ok=True)
        self.db = db or root / "tracker.db"
        self.log = root / "watch.log"
        # the log is shared by the watchers of one test: this one's lines start here
        self.offset = len(self.log.read_text(encoding="utf-8")) if self.log.exists() else 0
        self.proc = subprocess.Popen(
            congvan(
                "watch", str(self.inbox), "--db", f"sqlite:///{self.db}", "--archive", str(self.archive),
                "--failed", str(self.failed), "--ocr", "never", "--stable", "0.5", "--rescan", str(rescan),
                "--time-limit", "90", "--memory-limit", "1024", *extra,
            ),
            env=cli_env(root / "state"),
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("a"),
        )

    def started(self) -> Watcher:
        deadline = time.monotonic() + 30
        while "watching" not in self.text()[self.offset :]:
            assert self.proc.poll() is None, self.text()
            assert time.monotonic() < deadline, "the watcher did not start"
            time.sleep(0.1)
        return self

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(60)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)


def visible(folder: Path) -> list[str]:
    """Names in `folder` but the watcher's own hidden lock file."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def wait_for(check, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def test_watch_leaves_links_pipes_and_folders_and_says_so(tmp_path: Path) -> None:
    w = Watcher(tmp_path).started()
    try:
        (w.inbox / "link.txt").symlink_to(CORPUS / "039.txt")
        os.mkfifo(w.inbox / "pipe.txt")
        (w.inbox / "sub").mkdir()
        shutil.copy(CORPUS / "039.txt", w.inbox / "039.txt")
        wait_for(lambda: (w.archive / "039.txt").exists(), 60, "the good file was not archived")
        wait_for(lambda: "pipe.txt: a pipe; not taken" in w.text(), 30, w.text())
    finally:
        assert w.stop() == 0
    log = w.text()
    assert "link.txt: a link; not taken" in log and "sub: a sub-folder (use --recursive); not taken" in log
    assert log.count("link.txt: a link") == 1  # said once, not at every rescan
    assert visible(w.inbox) == ["link.txt", "pipe.txt", "sub"]


def test_unwritable_failed_folder_pauses_says_it_once_and_finishes_without_reading_again(
    tmp_path: Path,
) -> None:
    w = Watcher(tmp_path).started()
    try:
        with read_only(w.failed):
            shutil.copy(BAD / "encrypted.pdf", w.inbox / "encrypted.pdf")
            wait_for(lambda: "cannot finish (move:EROFS)" in w.text(), 60, w.text())
            judged = time.time()
            time.sleep(8)  # four rescan periods of retrying against the read-only folder
            log = w.text()
            assert log.count("cannot finish") == 1, log
            assert "Traceback" not in log
            assert (w.inbox / "encrypted.pdf").exists()
        wait_for(lambda: (w.failed / "encrypted.pdf").exists(), 30, w.text())
        wait_for(lambda: "encrypted.pdf: went through after" in w.text(), 10, w.text())
    finally:
        assert w.stop() == 0
    error = json.loads((w.failed / "encrypted.pdf.error.json").read_text(encoding="utf-8"))
    assert "password" in error["reason"]
    # the error file written is the one decided before the folder was fixed: not read again
    assert time.mktime(time.strptime(error["time"][:19], "%Y-%m-%dT%H:%M:%S")) <= judged + 1
    assert visible(w.inbox) == []


def test_watch_refuses_a_read_only_archive_at_start(tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    with read_only(tmp_path / "archive"):
        w = Watcher(tmp_path)
        code = w.proc.wait(60)
    assert code == ExitCode.USAGE
    assert "không ghi được vào thư mục archive" in w.text() and "is not writable" in w.text()


def test_read_only_database_is_refused_clearly_and_leaves_no_read_only_shm(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    text_documents(folder, 2)
    db = tmp_path / "t.db"
    first = run(tmp_path, "nightly", str(folder), "--db", f"sqlite:///{db}", "--ocr", "never")
    assert first.returncode == 0, first.stderr
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    text_documents(folder, 3)
    with immutable(db):
        refused = run(tmp_path, "nightly", str(folder), "--db", f"sqlite:///{db}", "--ocr", "never")
        assert refused.returncode == ExitCode.TRACKER_UNAVAILABLE, refused.stderr
        assert "cơ sở dữ liệu chỉ đọc" in refused.stderr and "read-only" in refused.stderr
        assert "Traceback" not in refused.stderr
        assert not Path(f"{db}-shm").exists() and not Path(f"{db}-wal").exists()
        watch = Watcher(tmp_path, db=db)
        try:
            assert watch.proc.wait(60) == ExitCode.TRACKER_UNAVAILABLE
        finally:
            watch.kill()
    fixed = run(tmp_path, "nightly", str(folder), "--db", f"sqlite:///{db}", "--ocr", "never", "--json")
    assert fixed.returncode == 0, fixed.stderr
    assert json.loads(fixed.stdout)["new"] == 1  # the database took writes again once fixed


def test_nightly_exit_code_says_when_documents_were_left_undone(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    undone = IntakeReport(doc, Outcome.INTERRUPTED, reason="ReadOnlyError: …", cause="store:ReadOnlyError")
    report = NightlyReport(dirs=[str(tmp_path)])
    report.add(undone)
    assert report.exit_code(stopped=False) is ExitCode.FAILED
    assert report.exit_code(stopped=True) is ExitCode.FAILED  # the store error decides, not the stop
    stopped = NightlyReport(dirs=[str(tmp_path)])
    stopped.add(IntakeReport(doc, Outcome.INTERRUPTED))
    assert stopped.exit_code(stopped=True) is ExitCode.INTERRUPTED
    fine = NightlyReport(dirs=[str(tmp_path)])
    fine.add(IntakeReport(doc, Outcome.NEW))
    fine.add(IntakeReport(doc, Outcome.FAILED, reason="PDF is password-protected", stage="text"))
    assert fine.exit_code(stopped=False) is ExitCode.OK


def test_nightly_stopped_by_a_signal_exits_interrupted(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    text_documents(folder, 200)  # far more than a few seconds of work, even on a fast machine
    proc = subprocess.Popen(
        congvan("nightly", str(folder), "--db", f"sqlite:///{tmp_path / 't.db'}", "--ocr", "never", "-j", "1"),
        env=cli_env(tmp_path / "state"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == ExitCode.INTERRUPTED, err
    assert "interrupted" in out


# --- items 7 and 8: moves cut short are finished, the record sidecar kept --------------------


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    box = Sandbox(NEVER, Limits(time_s=120, memory_bytes=2048 * 2**20))
    yield box
    box.close()


@pytest.fixture
def office(tmp_path: Path) -> Iterator[tuple[Path, IntakeConfig, Store, DocumentLocks]]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    config = IntakeConfig(
        settings=NEVER, archive=tmp_path / "archive", failed=tmp_path / "failed", tools=tool_versions()
    )
    (tmp_path / "archive").mkdir()
    store = open_store(url)
    yield inbox, config, store, DocumentLocks(open_tracker(url))
    store.close()


def test_a_failed_archive_move_keeps_the_record_and_is_not_read_again(office, sandbox) -> None:
    inbox, config, store, locks = office
    shutil.copy(CORPUS / "039.txt", inbox / "039.txt")
    pending = PendingMoves()
    doc = DocumentInput(inbox / "039.txt")
    # A worker that cannot read anything in time: any retry that read the file again would fail.
    unusable = Sandbox(NEVER, Limits(time_s=0.001))
    assert config.archive is not None
    try:
        with read_only(config.archive):
            first = intake(doc, config, store, sandbox, locks, pending=pending)
            again = intake(doc, config, store, unusable, locks, pending=pending)
        done = intake(doc, config, store, unusable, locks, pending=pending)
    finally:
        unusable.close()
    assert (first.outcome, first.cause, first.stage) == (Outcome.INTERRUPTED, "move:EROFS", "move")
    assert first.document_id is not None and again.cause == "move:EROFS"
    assert store.documents() and len(store.documents()) == 1
    assert done.outcome is Outcome.NEW and done.document_id == first.document_id and len(pending) == 0
    assert sorted(p.name for p in config.archive.iterdir()) == ["039.txt", "039.txt.json"]
    assert json.loads((config.archive / "039.txt.json").read_text(encoding="utf-8"))["number"]


def test_a_kill_between_hard_link_and_unlink_is_finished_not_archived_twice(office, sandbox) -> None:
    inbox, config, store, locks = office
    assert config.archive is not None
    shutil.copy(CORPUS / "039.txt", inbox / "x.txt")
    first = intake(DocumentInput(inbox / "x.txt"), config, store, sandbox, locks)
    assert first.outcome is Outcome.NEW
    os.link(config.archive / "x.txt", inbox / "x.txt")  # the state a SIGKILL after os.link leaves
    again = intake(DocumentInput(inbox / "x.txt"), config, store, sandbox, locks)
    assert again.outcome is Outcome.NEW and again.document_id == first.document_id
    assert sorted(p.name for p in config.archive.iterdir()) == ["x.txt", "x.txt.json"]
    assert list(inbox.iterdir()) == [] and os.stat(config.archive / "x.txt").st_nlink == 1
    assert "duplicate" not in json.loads((config.archive / "x.txt.json").read_text(encoding="utf-8"))


def test_the_same_bytes_dropped_again_later_are_still_archived_beside(office, sandbox) -> None:
    inbox, config, store, locks = office
    assert config.archive is not None
    shutil.copy(CORPUS / "039.txt", inbox / "x.txt")
    intake(DocumentInput(inbox / "x.txt"), config, store, sandbox, locks)
    shutil.copy(CORPUS / "039.txt", inbox / "x.txt")  # a clerk drops the same file again: a new inode
    os.utime(inbox / "x.txt", ns=(1, 1))
    again = intake(DocumentInput(inbox / "x.txt"), config, store, sandbox, locks)
    assert again.outcome is Outcome.SAME_BYTES
    assert sorted(p.name for p in config.archive.iterdir()) == ["x (2).txt", "x (2).txt.json", "x.txt", "x.txt.json"]


def test_watch_killed_at_random_moments_archives_every_file_once(tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    docs = text_documents(staging, 12)
    rng = random.Random(19)
    w = Watcher(tmp_path, "--jobs", "2").started()
    for doc in docs:
        shutil.copy(doc, w.inbox / doc.name)
    for _ in range(2):
        time.sleep(rng.uniform(1.0, 4.0))
        w.kill()
        w = Watcher(tmp_path, "--jobs", "2").started()
    try:
        wait_for(lambda: not visible(w.inbox), 120, f"still in the inbox: {visible(w.inbox)}")
    finally:
        assert w.stop() == 0
    archived = sorted(p.name for p in w.archive.iterdir() if not p.name.endswith(".json"))
    assert archived == sorted(d.name for d in docs)  # no "doc-0003 (2).txt"
    assert sorted(r[0] for r in tracker_rows(w.db)) == sorted(sha256(d) for d in docs)
    for doc in docs:
        sidecar = json.loads((w.archive / f"{doc.name}.json").read_text(encoding="utf-8"))
        assert "duplicate" not in sidecar, doc.name


# --- item 10: no orphans after a SIGKILL ----------------------------------------------------------


def group_members(pgid: int) -> list[str]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            text = stat.read_text()
            fields = text[text.rindex(")") + 2 :].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                out.append(text[: text.rindex(")") + 1])
    return out


@pytest.mark.slow
def test_nightly_killed_during_ocr_leaves_no_tesseract_and_its_work_folder_is_cleaned(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    folder.mkdir()
    shutil.copy(CORPUS / "001.pdf", folder / "001.pdf")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = cli_env(tmp_path / "state") | {"TMPDIR": str(tmp)}
    args = congvan("nightly", str(folder), "--db", f"sqlite:///{tmp_path / 't.db'}", "--no-cache", "-j", "1")
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ocr_running() -> bool:
        return any("tesseract" in m for w in tmp.glob(f"{WORK_PREFIX}*") for m in group_members(int(w.name[13:])))

    wait_for(ocr_running, 120, "no Tesseract started")
    time.sleep(random.Random(10).uniform(0.2, 1.5))
    proc.kill()
    proc.wait(30)
    workers = [int(w.name.removeprefix(WORK_PREFIX)) for w in tmp.glob(f"{WORK_PREFIX}*")]
    assert workers
    wait_for(lambda: not any(group_members(pid) for pid in workers), 10, "the worker's group outlived it")
    assert clean_stale_work(tmp) == len(workers)
    assert list(tmp.iterdir()) == []


# --- item 11: a record that read no header field says so ---------------------------------------


def test_a_record_with_no_header_field_is_flagged_for_review(tmp_path: Path) -> None:
    note = tmp_path / "ghi-chu.txt"
    note.write_text("mua thêm giấy in\nhọp tổ lúc chín giờ\ngọi lại cho anh Hùng\n", encoding="utf-8")
    record = process(DocumentInput(note), NEVER).record
    assert record is not None
    assert record.needs_review and str(record.status) == "partial"
    assert any("không đọc được trường nào" in w for w in record.warnings)
    good = process(DocumentInput(CORPUS / "039.txt"), NEVER).record
    assert good is not None and not good.needs_review


def test_nightly_refuses_a_text_that_is_no_dispatch(tmp_path: Path) -> None:
    """A note with no header field at all is no dispatch: it is not stored (issue 16's junk), and
    the report names it with its reason for a clerk to look at, beside the dispatch stored."""
    folder = tmp_path / "docs"
    text_documents(folder, 1)
    (folder / "ghi-chu.txt").write_text("mua thêm giấy in\nhọp tổ lúc chín giờ\n", encoding="utf-8")
    done = run(tmp_path, "nightly", str(folder), "--db", f"sqlite:///{tmp_path / 't.db'}", "--ocr", "never", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [(Path(f["path"]).name, f["stage"]) for f in report["failed"]] == [("ghi-chu.txt", "extract")]
    assert "not an administrative document" in report["failed"][0]["reason"]
    with sqlite3.connect(tmp_path / "t.db") as conn:
        stored = [Path(p).name for (p,) in conn.execute("SELECT original_path FROM documents")]
    assert stored == ["doc-0000.txt"]
