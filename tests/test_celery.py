"""The Celery engine end to end: a real redis-server (append-only), the real PostgreSQL tracker (a
schema per test), `congvan worker` subprocesses and `congvan nightly --engine celery`.

~40 documents: the corpus's text documents (TXT, DOCX, text-layer PDFs), one one-page scan,
copies under other names and five bad files. A clean run is the reference; runs with workers
SIGKILLed mid-task, a worker stopped and started again and the broker restarted must end with the
same tracker and the same failed/ folder.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from congvan.tracker import open_store
from tests.redis_server import RedisServer
from tests.tracker_fixtures import fresh_store_url

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "docs"
TEXT_PDFS = ("003.pdf", "016.pdf")
SCAN = "012.pdf"  # one scanned page: the only OCR of the file
TIME_LIMIT = "45"
VISIBILITY = "50"  # above the time limit; a whole worker lost is recovered after this long
NEWS_ARTICLE = "004_e366b00e609ca391"
BAD = ("empty.pdf", "html.pdf", "truncated.pdf", "not-a-zip.docx", "noise.png")


def documents(dest: Path) -> tuple[list[Path], list[Path]]:
    """(good documents incl. copies under other names, bad files) written into `dest`."""
    dest.mkdir(parents=True)
    sources = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.docx"))
    sources += sorted(CORPUS.glob("*-pdf.pdf")) + [CORPUS / n for n in (*TEXT_PDFS, SCAN)]
    # the seed that is a news article (and its renderings) is no dispatch: the intake refuses it
    sources = [s for s in sources if not s.name.startswith(NEWS_ARTICLE)]
    good = []
    for src in sources:
        shutil.copy(src, dest / src.name)
        good.append(dest / src.name)
    for src in sources[:4]:  # the same bytes under another name
        shutil.copy(src, dest / f"copy of {src.name}")
        good.append(dest / f"copy of {src.name}")
    real_pdf = (CORPUS / "003.pdf").read_bytes()
    bad_bytes = (b"", b"<html><body>404</body></html>", real_pdf[:1500], b"PK\x03\x04 broken", os.urandom(3000))
    bad = []
    for name, body in zip(BAD, bad_bytes, strict=True):
        (dest / name).write_bytes(body)
        bad.append(dest / name)
    return good, bad


class Cluster:
    """One broker, one tracker, worker subprocesses and the CLI against them."""

    def __init__(self, tmp: Path, redis: RedisServer, db: str) -> None:
        self.tmp = tmp
        self.redis = redis
        self.db = db
        self.failed = tmp / "failed"
        self.env = dict(os.environ)
        self.env["PYTHONPATH"] = str(ROOT) + os.pathsep + self.env.get("PYTHONPATH", "")
        self.env["CONGVAN_STATE_DIR"] = str(tmp / "state")
        self.env["CONGVAN_CACHE"] = str(tmp / "ocr-cache")  # per test: no run reads another's OCR
        self.env["CONGVAN_BROKER"] = redis.url
        self.env["CONGVAN_DB"] = db
        self.workers: dict[str, subprocess.Popen[bytes]] = {}

    def start_worker(self, name: str, *extra: str) -> subprocess.Popen[bytes]:
        log = (self.tmp / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            [sys.executable, "-m", "congvan", "worker", "--concurrency", "1", "--name", f"{name}@test",
             "--failed", str(self.failed), "--time-limit", TIME_LIMIT, "--visibility-timeout", VISIBILITY,
             "--loglevel", "INFO", *extra],
            env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.workers[name] = proc
        return proc

    def pool_children(self, name: str) -> list[int]:
        """The pool processes of a worker (the ones that run the task)."""
        pid = self.workers[name].pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def kill_worker(self, name: str) -> None:
        """SIGKILL the whole worker (a lost machine): nothing of it acknowledges anything."""
        proc = self.workers.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)

    def stop_worker(self, name: str) -> None:
        """SIGTERM: Celery's warm shutdown (the document in hand is finished, the rest given back)."""
        proc = self.workers.pop(name)
        proc.terminate()
        proc.wait(90)

    def stop_all(self) -> None:
        for name in list(self.workers):
            proc = self.workers.pop(name)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(10)

    def nightly(self, folder: Path, *extra: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "congvan", "nightly", str(folder), "--engine", "celery", "--json",
             "--time-limit", TIME_LIMIT, *extra],
            env=self.env, stdout=subprocess.PIPE, stderr=(self.tmp / "nightly.log").open("ab"),
        )  # fmt: skip

    def rows(self) -> list[tuple[Any, ...]]:
        """What the tracker holds, order-independent: each document once."""
        with psycopg.connect(self.db) as conn:
            return conn.execute("SELECT sha256, number, status FROM documents ORDER BY sha256").fetchall()

    def obligations_by_number(self) -> list[tuple[Any, ...]]:
        """Obligations per document number. Renderings of one dispatch (a .txt, its -pdf and -docx)
        share a number; whichever a worker stores first carries the obligations and the others link
        to it (Nghị định 30's duplicate rule): which copy holds them depends on timing, not faults."""
        with psycopg.connect(self.db) as conn:
            return conn.execute(
                "SELECT d.number, count(o.id) FROM documents d LEFT JOIN obligations o ON o.document_id = d.id "
                "GROUP BY d.number ORDER BY d.number NULLS FIRST"
            ).fetchall()

    def stored_count(self) -> int:
        with psycopg.connect(self.db) as conn:
            row = conn.execute("SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0

    def failed_files(self) -> dict[str, dict[str, Any]]:
        if not self.failed.is_dir():
            return {}
        return {
            p.name.removesuffix(".error.json"): json.loads(p.read_text(encoding="utf-8"))
            for p in self.failed.glob("*.error.json")
        }

    def attempt_keys(self) -> list[bytes]:
        import redis

        return list(redis.Redis.from_url(self.redis.url).scan_iter("congvan:attempts:*"))


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with RedisServer(tmp_path / "redis") as redis, fresh_store_url("postgresql", tmp_path) as db:
        open_store(db).close()  # the schema exists before anything polls it
        c = Cluster(tmp_path, redis, db)
        try:
            yield c
        finally:
            c.stop_all()


def finish(proc: subprocess.Popen[bytes], timeout: float = 180) -> dict[str, Any]:
    out, _ = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, out.decode(errors="replace")[-2000:]
    return dict(json.loads(out))


def sha(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two workers, nothing goes wrong: the reference every other run must end equal to."""
    tmp = tmp_path_factory.mktemp("clean")
    with RedisServer(tmp / "redis") as redis, fresh_store_url("postgresql", tmp) as db:
        c = Cluster(tmp, redis, db)
        try:
            good, bad = documents(tmp / "docs")
            shas = {sha(p) for p in good}
            c.start_worker("a")
            c.start_worker("b")
            report = finish(c.nightly(tmp / "docs"))
            return {
                "report": report,
                "rows": c.rows(),
                "obligations": c.obligations_by_number(),
                "failed": c.failed_files(),
                "good_shas": shas,
                "good": [p.name for p in good],
                "bad": [p.name for p in bad],
                "attempt_keys": c.attempt_keys(),
                "docs_left": sorted(p.name for p in (tmp / "docs").iterdir() if not p.name.startswith(".")),
            }
        finally:
            c.stop_all()


def test_clean_run_stores_every_document_once_and_quarantines_the_bad(clean_run: dict[str, Any]) -> None:
    report, rows = clean_run["report"], clean_run["rows"]
    assert sorted(r[0] for r in rows) == sorted(clean_run["good_shas"])  # each content once, no more
    assert report["seen"] == len(clean_run["good"]) + len(BAD) >= 35
    assert report["new"] + report["duplicates"]["same_number"] == len(clean_run["good_shas"])
    assert report["duplicates"]["same_bytes"] == 4
    assert sorted(Path(f["path"]).name for f in report["failed"]) == sorted(BAD)
    assert all(f["reason"] for f in report["failed"])
    failed = clean_run["failed"]
    assert sorted(failed) == sorted(BAD)
    assert all(entry["reason"] and entry["stage"] for entry in failed.values())
    assert not set(BAD) & set(clean_run["docs_left"])  # moved out, by the worker that failed them
    # stored documents stay in place (a sweep reads archives)
    assert clean_run["docs_left"] == sorted(clean_run["good"])
    # both workers read, and their pages add up to the run's
    workers = report["workers"]
    assert len(workers) == 2, workers
    assert sum(w["pages"] for w in workers.values()) == report["pages"] >= len(clean_run["good_shas"])
    assert clean_run["attempt_keys"] == []  # every attempt ended


def test_killed_workers_change_nothing(cluster: Cluster, clean_run: dict[str, Any], tmp_path: Path) -> None:
    """SIGKILL three times at random moments: twice a worker's pool process in the middle of a
    document (redelivered at once), once a whole worker (redelivered after the visibility timeout)
    which is then started again."""
    documents(tmp_path / "docs")
    cluster.start_worker("a")
    cluster.start_worker("b")
    rng = random.Random(18)
    nightly = cluster.nightly(tmp_path / "docs")
    kills = 0
    deadline = time.monotonic() + 150
    targets = sorted(rng.sample(range(3, 30), 3))
    while kills < 3 and time.monotonic() < deadline and nightly.poll() is None:
        if cluster.stored_count() >= targets[kills]:
            time.sleep(rng.uniform(0.0, 0.6))
            name = rng.choice(sorted(cluster.workers))
            if kills == 1:
                cluster.kill_worker(name)
                cluster.start_worker(name)
            else:
                children = cluster.pool_children(name)
                assert children, f"worker {name} has no pool process"
                os.kill(children[0], signal.SIGKILL)
            kills += 1
        time.sleep(0.1)
    assert kills == 3, f"the run ended before three kills ({kills})"
    report = finish(nightly, timeout=240)
    assert cluster.rows() == clean_run["rows"]
    assert cluster.obligations_by_number() == clean_run["obligations"]
    assert sorted(cluster.failed_files()) == sorted(BAD)
    assert not report["interrupted"]
    assert cluster.attempt_keys() == []


def test_worker_restarted_and_broker_restarted_lose_nothing(
    cluster: Cluster, clean_run: dict[str, Any], tmp_path: Path
) -> None:
    documents(tmp_path / "docs")
    cluster.start_worker("a")
    nightly = cluster.nightly(tmp_path / "docs")
    deadline = time.monotonic() + 120
    while cluster.stored_count() < 8 and time.monotonic() < deadline:
        time.sleep(0.2)
    cluster.stop_worker("a")  # warm shutdown: unfinished messages go back to the queue
    stored = cluster.stored_count()
    time.sleep(1.0)
    assert cluster.stored_count() == stored  # nobody reads while no worker runs
    cluster.redis.restart()  # the queue and the results survive (appendonly yes)
    cluster.start_worker("a")  # resumes where it stopped
    cluster.start_worker("b")
    report = finish(nightly, timeout=240)
    assert cluster.rows() == clean_run["rows"]
    assert cluster.obligations_by_number() == clean_run["obligations"]
    assert sorted(cluster.failed_files()) == sorted(BAD)
    assert report["finished"] and not report["interrupted"]


def test_poison_limit_and_high_water_mark(cluster: Cluster, tmp_path: Path) -> None:
    """A document that killed three workers goes to failed/ without being read; the producer never
    lets the queue grow past --high-water."""
    import redis

    folder = tmp_path / "docs"
    folder.mkdir()
    poison = folder / "039.txt"
    shutil.copy(CORPUS / "039.txt", poison)
    others = ("t04.txt", "t05.txt", "t07.txt", "t12.txt", "t13.txt", "t20.txt", "t21.txt")
    for name in others:
        shutil.copy(CORPUS / name, folder / name)
    broker = redis.Redis.from_url(cluster.redis.url)
    # three earlier attempts started and never ended: their workers died under this document
    broker.set(f"congvan:attempts:{sha(poison)}", 3)
    cluster.start_worker("a")
    nightly = cluster.nightly(folder, "--high-water", "2")
    longest = 0
    while nightly.poll() is None:
        longest = max(longest, int(broker.llen("batch")))
        time.sleep(0.05)
    report = finish(nightly)
    assert longest <= 2 and report["high_water_waits"] >= 1
    assert report["new"] + report["duplicates"]["same_number"] == len(others)
    [failure] = report["failed"]
    assert Path(failure["path"]).name == "039.txt"
    assert failure["reason"].startswith("poison: 3 workers stopped")
    error = cluster.failed_files()["039.txt"]
    assert error["stage"] == "worker" and error["sha256"] == sha(cluster.failed / "039.txt")
    assert len(cluster.rows()) == len(others)
    assert cluster.attempt_keys() == []


BACKLOG = 12  # documents waiting in `batch` when the clerk drops a file


def test_live_queue_is_served_before_the_batch_backlog(cluster: Cluster, tmp_path: Path) -> None:
    """A drop folder watched with --engine celery: its file is read before a nightly backlog
    already waiting, and archived beside the inbox by the worker."""
    backlog = tmp_path / "backlog"
    backlog.mkdir()
    # Text documents only: what the backlog holds does not matter, only that it waits; it is read
    # to its end after the clerk's file (the run must finish), and its scan's OCR cost 10-20 s.
    texts = [p for p in sorted(CORPUS.glob("*.txt")) if not p.name.startswith(NEWS_ARTICLE)][:BACKLOG]
    for src in texts:
        shutil.copy(src, backlog / src.name)
    nightly = cluster.nightly(backlog)  # no worker yet: everything waits in `batch`
    deadline = time.monotonic() + 60
    import redis

    broker = redis.Redis.from_url(cluster.redis.url)
    while broker.llen("batch") < BACKLOG and time.monotonic() < deadline:
        time.sleep(0.2)
    assert broker.llen("batch") == BACKLOG
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    watcher = subprocess.Popen(
        [sys.executable, "-m", "congvan", "watch", str(inbox), "--engine", "celery", "--stable", "0.5",
         "--rescan", "1"],
        env=cluster.env, stdout=subprocess.DEVNULL, stderr=(tmp_path / "watch.log").open("ab"),
    )  # fmt: skip
    try:
        clerk_file = inbox / "from the clerk.txt"
        text = (CORPUS / "a03.txt").read_text(encoding="utf-8") + "\nBản nhận qua hộp thư.\n"
        clerk_file.write_text(text, encoding="utf-8")
        while broker.llen("live") < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert broker.llen("live") == 1
        cluster.start_worker("a")
        archived = tmp_path / "archive" / "from the clerk.txt"
        while not archived.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert archived.exists() and (tmp_path / "archive" / "from the clerk.txt.json").exists()
        with psycopg.connect(cluster.db) as conn:
            first = conn.execute("SELECT original_path FROM documents ORDER BY id LIMIT 1").fetchone()
        assert first is not None and first[0] == str(clerk_file.resolve())
    finally:
        watcher.terminate()
        watcher.wait(30)
    finish(nightly)


def test_web_overview_shows_the_queue_length(cluster: Cluster, tmp_path: Path) -> None:
    """With a broker configured the overview (and its JSON twin) counts the documents waiting per
    queue and those a worker is reading, from the real Redis; a broker that is down is said so."""
    from starlette.testclient import TestClient

    from congvan.tracker import open_tracker
    from congvan.web.app import WebConfig, create_app
    from congvan.web.users import Role, add_user

    store = open_store(cluster.db)
    add_user(store, "bientap", "mat-khau-bien-tap", Role.EDITOR)
    store.close()
    folder = tmp_path / "docs"
    folder.mkdir()
    scans = ("012.pdf", "p05.pdf", "p09.pdf")  # one-page scans: seconds of OCR each, no OCR cache
    for name in scans:
        shutil.copy(CORPUS / name, folder / name)
    app = create_app(WebConfig(tracker=open_tracker(cluster.db), broker=cluster.redis.url))
    with TestClient(app, follow_redirects=False) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)[1]  # type: ignore[index]
        client.post("/login", data={"csrf_token": token, "username": "bientap", "password": "mat-khau-bien-tap"})

        def queue() -> dict[str, Any]:
            return dict(client.get("/?format=json").json()["queue"])

        assert queue() == {"live": 0, "batch": 0, "waiting": 0, "running": 0}
        nightly = cluster.nightly(folder)
        deadline = time.monotonic() + 60
        while queue()["batch"] < len(scans) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert queue() == {"live": 0, "batch": 3, "waiting": 3, "running": 0}
        html = client.get("/").text
        assert "Hàng đợi xử lý" in html and "3</span> văn bản đang chờ" in html
        cluster.start_worker("a")
        seen = []
        while nightly.poll() is None and time.monotonic() < deadline + 120:
            seen.append(queue())
            time.sleep(0.3)
        finish(nightly)
        # one worker with one process: one document read at a time while the others wait
        assert {"live": 0, "batch": 2, "waiting": 2, "running": 1} in seen
        assert all(q["running"] <= 1 for q in seen)
        assert queue() == {"live": 0, "batch": 0, "waiting": 0, "running": 0}
        cluster.redis.stop()
        assert queue() == {"error": "Không kết nối được hàng đợi xử lý (máy chủ Redis)"}
        assert "Không kết nối được hàng đợi xử lý" in client.get("/").text
        cluster.redis.start()


def test_a_lost_workers_messages_are_looked_for_every_tenth_of_the_visibility_timeout() -> None:
    """Kombu 5.7 scans for expired messages on every 10th sweep of 10 s by default: a lost worker's
    document waited up to 100 s past the timeout (test_killed_workers_change_nothing: 101 s)."""
    from congvan.operations.celery_app import make_app

    for visibility, interval in ((int(VISIBILITY), 5), (1800, 10), (5, 1)):
        options = make_app("redis://127.0.0.1:1/0", visibility).conf.broker_transport_options
        assert options["visibility_timeout"] == visibility
        assert (options["unacked_restore_interval"], options["unacked_restore_throttle"]) == (interval, 1)


def test_web_overview_without_a_broker_shows_no_queue(tmp_path: Path) -> None:
    from congvan.tracker import open_tracker
    from congvan.web.app import WebConfig, create_app
    from congvan.web.queries import overview

    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = open_store(url)
    try:
        assert overview(store, date(2026, 12, 6)).queue is None
    finally:
        store.close()
    assert create_app(WebConfig(tracker=open_tracker(url))).state.config.broker is None


LONG_SCAN = "009.pdf"  # a Tờ trình scanned on 5 pages, no text layer but the e-signature stamps


def stored_records(url: str) -> dict[str, dict[str, Any]]:
    store = open_store(url)
    try:
        return {doc.sha256: doc.record for doc in store.documents()}
    finally:
        store.close()


@pytest.fixture(scope="module")
def long_scan_reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A folder holding LONG_SCAN and the record a local single-process `nightly` stores for it
    (the shared OCR cache, no broker): what both split tests compare their workers' record with,
    made once for the two. Their workers read the same folder, so the record's path is the same."""
    tmp = tmp_path_factory.mktemp("reference")
    folder = tmp / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / LONG_SCAN, folder / LONG_SCAN)
    local_env = {k: v for k, v in os.environ.items() if k not in ("CONGVAN_CACHE", "CONGVAN_BROKER")}
    local_env["PYTHONPATH"] = str(ROOT) + os.pathsep + local_env.get("PYTHONPATH", "")
    local_env["CONGVAN_STATE_DIR"] = str(tmp / "state")
    reference_db = f"sqlite:///{tmp / 'reference.db'}"
    local = subprocess.run(
        [sys.executable, "-m", "congvan", "nightly", str(folder), "--db", reference_db, "--jobs", "1", "--json"],
        env=local_env, capture_output=True, check=False,
    )  # fmt: skip
    assert local.returncode == 0, local.stderr.decode(errors="replace")[-2000:]
    [reference] = stored_records(reference_db).values()
    return folder, reference


def test_a_long_scan_split_across_workers_makes_the_single_process_record(
    cluster: Cluster, tmp_path: Path, long_scan_reference: tuple[Path, dict[str, Any]]
) -> None:
    """The 5 pages of a scan OCR'd by two workers (a group of page tasks, joined by a chord that
    takes the document): the stored record equals the one a local single-process run stores."""
    folder, reference = long_scan_reference
    assert reference["source"]["pages"] == 5 and reference["source"]["text_origin"] == "ocr"

    cluster.start_worker("a", "--split-pages", "1")
    cluster.start_worker("b", "--split-pages", "1")
    report = finish(cluster.nightly(folder), timeout=300)
    assert report["new"] == 1 and report["pages"] == 5
    [record] = stored_records(cluster.db).values()
    assert record == reference
    logs = {name: (tmp_path / f"{name}.log").read_text(errors="replace") for name in ("a", "b")}
    succeeded = {name: len(re.findall(r"Task congvan\.ocr_page\[[^\]]+\] succeeded", t)) for name, t in logs.items()}
    assert sum(succeeded.values()) == 5 and all(succeeded.values()), succeeded  # both workers read pages
    assert "5 of 5 pages OCR'd apart" in logs["a"] + logs["b"]


def test_a_worker_killed_during_a_split_changes_nothing(
    cluster: Cluster, tmp_path: Path, long_scan_reference: tuple[Path, dict[str, Any]]
) -> None:
    """SIGKILL of a pool process in the middle of a page task: the page is delivered again, the
    chord still joins, and the record is the single-process one."""
    folder, reference = long_scan_reference
    cluster.start_worker("a", "--split-pages", "1")
    cluster.start_worker("b", "--split-pages", "1")
    nightly = cluster.nightly(folder)
    log_b = tmp_path / "b.log"
    deadline = time.monotonic() + 120
    while "Task congvan.ocr_page[" not in log_b.read_text(errors="replace") and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # inside the page's OCR
    [child] = cluster.pool_children("b")
    os.kill(child, signal.SIGKILL)
    report = finish(nightly, timeout=300)
    assert report["new"] == 1 and not report["failed"]
    [record] = stored_records(cluster.db).values()
    assert record == reference
    assert "WorkerLostError" in log_b.read_text(errors="replace")  # the kill hit a page task
    assert cluster.attempt_keys() == []


def test_split_pages_off_reads_a_long_scan_whole(cluster: Cluster, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / "011.pdf", folder / "011.pdf")  # 4 scanned pages
    # The shared OCR cache (011's pages are in it): whether a scan is split is decided from its
    # text layer alone (pagesplit.plan), never from the cache, so a split would still show as page
    # tasks; read afresh, its 4 pages took 20-45 s of the worker's 45 s time limit.
    del cluster.env["CONGVAN_CACHE"]
    cluster.start_worker("a")
    report = finish(cluster.nightly(folder), timeout=300)
    assert report["new"] == 1 and report["pages"] == 4
    assert "Task congvan.ocr_page[" not in (tmp_path / "a.log").read_text(errors="replace")
