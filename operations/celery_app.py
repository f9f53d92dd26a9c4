"""The Celery engine's worker side: one task, `congvan.take`, whose body is the intake lane's
`take(document)`.

A message carries the document's path (and its page files) and nothing else; the worker reads the
file from shared storage, runs the pipeline in its lane's sandbox and writes the record in one
transaction keyed by the content hash (the store's upsert), then moves the file into archive/ or
failed/ itself: the worker that committed the record is the one that moves the file.

Delivery is at-least-once, made exactly-once in effect:
- `acks_late` + `reject_on_worker_lost`: a message is acknowledged only after its document is
  done, so a worker killed mid-task (SIGKILL, OOM, a lost machine) leaves it to be delivered again
  (at once when only the pool process died; after the broker's visibility timeout when the whole
  worker did);
- a redelivered document is safe to take again: its bytes already stored read as "same bytes",
  and a file already moved reads as gone;
- one document at a time per content hash across machines: a PostgreSQL advisory lock on the
  lane's tracker (released by the server when a worker's connection dies), the file locks beside a
  SQLite tracker otherwise;
- an attempt counter per content hash in Redis, raised when an attempt starts and cleared when it
  ends: a document that stopped POISON_LIMIT workers is not tried again but goes to failed/ with
  that reason.

Queues: `live` (drop folder, uploads) is served before `batch` (nightly, backlog): workers consume
`live,batch` with Redis's priority queue order and take one message at a time (prefetch 1), so a
backlog already in the broker never delays a clerk's file by more than the document in hand.

Page split (`congvan worker --split-pages N`, off by default): a PDF with more than N pages to OCR,
taken while its queue is short, becomes a chord of page tasks (`congvan.ocr_page`) joined by
`congvan.take_pages`, which takes the document as `congvan.take` would with the pages already in
its OCR cache; see operations/pagesplit.py.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from celery import Celery, Task, chord, group
from celery.signals import worker_process_init, worker_process_shutdown

from congvan.operations.broker_queue import BATCH, LIVE
from congvan.operations.intake import IntakeConfig, IntakeReport, archive_files, sha256_file
from congvan.operations.lane import IntakeLane
from congvan.pipeline.load import DocumentInput
from congvan.tracker.api import STORED, Outcome
from congvan.tracker.url import Engine, Tracker

log = logging.getLogger("congvan.worker")

DEFAULT_BROKER = "redis://localhost:6379/0"
TASK = "congvan.take"
PAGE_TASK = "congvan.ocr_page"  # one page of a split scan (operations/pagesplit.py)
JOIN_TASK = "congvan.take_pages"  # the chord's join: the split scan taken with its pages cached
POISON_LIMIT = 3  # attempts that ended with their worker gone before the document goes to failed/
ATTEMPTS_KEY = "congvan:attempts:{sha256}"
ATTEMPTS_TTL_S = 14 * 86400
RESULTS_TTL_S = 7 * 86400
RETRY_COUNTDOWN_S = 15
MAX_RETRIES = 20  # a store or disk error (INTERRUPTED) or a file changing under us (CHANGED)


def broker_url(given: str | None) -> str:
    """--broker, else $CONGVAN_BROKER, else Redis on this machine."""
    return given or os.environ.get("CONGVAN_BROKER") or DEFAULT_BROKER


def visibility_timeout(time_limit_s: float) -> int:
    """Seconds the broker waits for an unacknowledged message before delivering it again.

    It must exceed the longest task, or a second worker starts a document the first still reads.
    The sandbox stops a document after `time_limit_s` (extraction and OCR of every page together;
    the default 1200 s is ~200 pages at the ~6 s per scanned page Tesseract takes here), and
    hashing, the store's transaction and the move add seconds: a quarter more plus five minutes
    covers them. A worker lost with its machine has its message delivered again after this long.
    """
    return int(time_limit_s * 1.25 + 300)


def restore_sweep(visibility_s: int) -> dict[str, int]:
    """How often a worker looks for messages whose visibility timeout ran out (a lost worker's).

    Kombu 5.7 sweeps every `unacked_restore_interval` (10 s) but scans Redis only on every
    `unacked_restore_throttle`-th (10th) sweep: a lost worker's document waited up to 100 s past
    the timeout (a 50 s timeout: redelivered 50-150 s after the kill). One scan per sweep, a sweep
    every tenth of the timeout (1-10 s): the delay is the timeout, at most a tenth more; the scan is
    one ZRANGE on the `unacked_index` sorted set.
    """
    return {"unacked_restore_interval": max(1, min(10, visibility_s // 10)), "unacked_restore_throttle": 1}


def make_app(broker: str, visibility_s: int) -> Celery:
    """A Celery app for producers and workers alike (they must agree on the visibility timeout)."""
    app = Celery("congvan", broker=broker, backend=broker, set_as_current=False)
    transport = {
        "visibility_timeout": visibility_s,
        "queue_order_strategy": "priority",
        **restore_sweep(visibility_s),
    }
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options=transport,
        result_backend_transport_options={"visibility_timeout": visibility_s},
        result_expires=RESULTS_TTL_S,
        task_default_queue=BATCH,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        broker_connection_retry_on_startup=True,
        worker_send_task_events=False,
        task_ignore_result=False,
        worker_hijack_root_logger=False,
    )
    return app


@dataclass
class WorkerContext:
    """What the workers of one `congvan worker` share: the tracker and the intake configuration.
    The lane itself belongs to one pool process (opened in worker_process_init, reused)."""

    tracker: Tracker
    config: IntakeConfig
    broker: str
    archive: Path | None = None  # live documents; None: `archive` beside the inbox, as `congvan watch`
    failed: Path | None = None  # failed documents of both queues; live ones default beside the inbox
    hostname: str = field(default_factory=socket.gethostname)
    split_pages: int = 0  # a PDF with more pages to OCR than this is OCR'd across workers; 0: never
    _lane: IntakeLane | None = None
    _redis: Any = None
    _pg: Any = None

    def open(self) -> None:
        if self._lane is None:
            self._lane = IntakeLane(self.tracker, self.config).__enter__()

    def lane(self) -> IntakeLane:
        self.open()
        assert self._lane is not None
        return self._lane

    def redis(self) -> Any:
        if self._redis is None:
            import redis

            self._redis = redis.Redis.from_url(self.broker)
        return self._redis

    def close(self) -> None:
        lane, self._lane = self._lane, None
        if lane is not None:
            lane.close()
        if self._pg is not None:
            with contextlib.suppress(Exception):
                self._pg.close()
            self._pg = None

    @contextlib.contextmanager
    def exclusive(self, sha256: str) -> Iterator[None]:
        """One worker at a time per content hash, across machines (PostgreSQL trackers)."""
        if self.tracker.engine is not Engine.POSTGRES:
            yield  # the lane's file locks beside the SQLite file do this job
            return
        import psycopg

        if self._pg is None or self._pg.closed:
            self._pg = psycopg.connect(self.tracker.target, autocommit=True)
        key = int.from_bytes(bytes.fromhex(sha256[:16]), "big", signed=True)
        self._pg.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield
        finally:
            self._pg.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def config_for(self, doc: DocumentInput, live: bool) -> IntakeConfig:
        if live:
            beside_inbox = doc.path.parent.parent
            archive = self.archive or beside_inbox / "archive"
            failed = self.failed or beside_inbox / "failed"
        else:
            archive, failed = None, self.failed  # a sweep reads archives in place
        return replace(self.config, archive=archive, failed=failed)


def install(app: Celery, context: WorkerContext) -> None:
    """Register the task and the per-process lane on `app` (worker side)."""

    @worker_process_init.connect(weak=False)
    def _open_lane(**_: object) -> None:
        allow_children()
        context.open()

    @worker_process_shutdown.connect(weak=False)
    def _close_lane(**_: object) -> None:
        context.close()

    def run_take(task: Task, paths: list[str]) -> dict[str, Any]:
        import psycopg
        import redis

        doc = DocumentInput(Path(paths[0]), tuple(Path(p) for p in paths[1:]))
        try:
            result = take_document(context, doc, queue_of(task) == LIVE, task.request.hostname or context.hostname)
        except (redis.exceptions.ConnectionError, psycopg.OperationalError) as exc:
            # the broker or the tracker is away for a moment: the document waits, it is not failed
            log.warning("%s: %s; retrying in %d s", doc.path, exc, RETRY_COUNTDOWN_S)
            raise task.retry(countdown=RETRY_COUNTDOWN_S, exc=exc) from exc
        if result["outcome"] in (Outcome.INTERRUPTED.value, Outcome.CHANGED.value):
            # still where it was: try again later (a store outage, a file still being written)
            raise task.retry(countdown=RETRY_COUNTDOWN_S)
        return result

    @app.task(name=TASK, bind=True, max_retries=MAX_RETRIES)
    def take(self: Task, paths: list[str]) -> dict[str, Any]:
        doc = DocumentInput(Path(paths[0]), tuple(Path(p) for p in paths[1:]))
        if context.split_pages and not self.request.retries:
            queue = queue_of(self)
            numbers = split_plan(context, doc, app, queue)
            if numbers:
                log.info("%s: %d pages to OCR, split across workers", doc.path.name, len(numbers))
                pages = group(ocr_page.s(str(doc.path), n).set(queue=queue) for n in numbers)
                # the join's result lands under this task's id (replace freezes it so): the
                # producer waits for this id as for any document
                raise self.replace(chord(pages, take_pages.s(paths).set(queue=queue)))
        return run_take(self, paths)

    @app.task(name=PAGE_TASK, bind=True)
    def ocr_page(self: Task, path: str, number: int) -> dict[str, Any] | None:
        from congvan.operations import pagesplit

        return pagesplit.read_page_safely(context.lane(), path, number, context.config.settings)

    @app.task(name=JOIN_TASK, bind=True, max_retries=MAX_RETRIES)
    def take_pages(self: Task, pages: list[dict[str, Any] | None], paths: list[str]) -> dict[str, Any]:
        from congvan.operations import pagesplit

        cache = context.config.settings.cache_dir
        if cache is not None and not self.request.retries:
            got = pagesplit.restore(pages, cache)
            log.info("%s: %d of %d pages OCR'd apart; taking it", Path(paths[0]).name, got, len(pages))
        return run_take(self, paths)


def queue_of(task: Task) -> str | None:
    """The queue the task's message came from (`live` or `batch`)."""
    return (task.request.delivery_info or {}).get("routing_key")


def split_plan(context: WorkerContext, doc: DocumentInput, app: Celery, queue: str | None) -> list[int]:
    """The pages to OCR apart, or []: only while the queue holds fewer messages than the pages
    (other workers idle); behind a backlog every worker is busy already and a split only delays."""
    import redis

    # imported here: producers (nightly, watch --engine celery) load this module without the pipeline
    from congvan.operations import pagesplit

    numbers = pagesplit.pages_to_split(context.lane(), doc, context.config.settings, context.split_pages)
    if not numbers or queue is None:
        return []
    try:
        waiting = int(context.redis().llen(queue))
    except redis.exceptions.RedisError:
        return []
    return numbers if waiting < len(numbers) else []


def allow_children() -> None:
    """Let a billiard pool process start the lane's sandboxed reader with the standard library.

    Billiard marks its pool processes daemonic, which the standard library takes to forbid
    children, and leaves its own authkey type in the process config, which spawn refuses to
    pickle. The reader dies with its pool process all the same (PR_SET_PDEATHSIG in the sandbox).
    """
    import multiprocessing
    from multiprocessing.process import AuthenticationString  # type: ignore[attr-defined]

    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    config["daemon"] = False
    config["authkey"] = AuthenticationString(os.urandom(32))


def take_document(context: WorkerContext, doc: DocumentInput, live: bool, worker: str) -> dict[str, Any]:
    """One document through the lane, guarded by the poison limit; the task's result."""
    lane = context.lane()
    config = context.config_for(doc, live)
    try:
        sha = sha256_file(doc.path)
    except FileNotFoundError:
        # moved by the worker that took it before us (a redelivered message): nothing to do
        return result_of(IntakeReport(doc.path, Outcome.GONE, extra_files=doc.extra_pages), worker, None)
    except OSError:
        sha = None  # unreadable: the lane reports it as failed at load
    if sha is None:
        lane.config = config
        return result_of(lane.take(doc), worker, None)
    with context.exclusive(sha):
        key = ATTEMPTS_KEY.format(sha256=sha)
        redis = context.redis()
        attempts = int(redis.incr(key))
        redis.expire(key, ATTEMPTS_TTL_S)
        try:
            if attempts > POISON_LIMIT:
                report = poison(doc, sha, config, attempts - 1)
            else:
                # The lane is built with the worker's configuration; only where files go differs per queue.
                lane.config = config
                report = lane.take(doc)
        finally:
            redis.delete(key)  # not reached when the worker dies: that attempt stays counted
    pages = None
    if report.document_id is not None and report.outcome in STORED and report.seconds > 0:
        stored = lane.store.document(report.document_id)
        source = stored.record.get("source") if stored is not None else None
        if isinstance(source, dict) and isinstance(source.get("pages"), int):
            pages = source["pages"]
    return result_of(report, worker, pages)


def poison(doc: DocumentInput, sha256: str, config: IntakeConfig, lost: int) -> IntakeReport:
    """A document whose reading stopped `lost` workers: into failed/ with that reason, not read."""
    reason = (
        f"poison: {lost} workers stopped while reading it (killed, out of memory or crashed); "
        "not tried again"
    )
    moved_to = None
    if config.failed is not None:
        st = doc.path.stat()
        error = {
            "file": doc.path.name,
            "original_path": str(doc.path),
            "extra_files": [str(p) for p in doc.extra_pages],
            "sha256": sha256,
            "size": st.st_size,
            "reason": reason,
            "stage": "worker",
            "time": datetime.now().astimezone().isoformat(timespec="seconds"),
            "tools": config.tools,
        }
        body = json.dumps(error, ensure_ascii=False, indent=2) + "\n"
        moved_to = archive_files(doc, config.failed, sha256, ".error.json", body)
    log.error("%s: %s", doc.path, reason)
    return IntakeReport(
        doc.path,
        Outcome.FAILED,
        sha256,
        reason=reason,
        stage="worker",
        moved_to=moved_to,
        extra_files=doc.extra_pages,
    )


def result_of(report: IntakeReport, worker: str, pages: int | None) -> dict[str, Any]:
    """The task's JSON result: the intake report plus who read it and how many pages."""
    return {
        "path": str(report.path),
        "extra_files": [str(p) for p in report.extra_files],
        "outcome": report.outcome.value,
        "sha256": report.sha256,
        "reason": report.reason,
        "stage": report.stage,
        "document_id": report.document_id,
        "obligations_added": report.obligations_added,
        "moved_to": str(report.moved_to) if report.moved_to else None,
        "seconds": report.seconds,
        "duplicate_of": report.duplicate_of,
        "number": report.number,
        "pages": pages,
        "worker": worker,
    }


def report_from(result: dict[str, Any]) -> IntakeReport:
    """The producer's view of a task's result, as the local engine's report."""
    return IntakeReport(
        Path(result["path"]),
        Outcome(result["outcome"]),
        result.get("sha256"),
        reason=result.get("reason"),
        stage=result.get("stage"),
        document_id=result.get("document_id"),
        obligations_added=int(result.get("obligations_added") or 0),
        moved_to=Path(result["moved_to"]) if result.get("moved_to") else None,
        extra_files=tuple(Path(p) for p in result.get("extra_files") or ()),
        seconds=float(result.get("seconds") or 0.0),
        duplicate_of=result.get("duplicate_of"),
        number=result.get("number"),
    )


def attempts_of(context_broker: str, sha256: str) -> int:
    """The attempt counter of one content hash (0: none running or lost)."""
    import redis

    value = redis.Redis.from_url(context_broker).get(ATTEMPTS_KEY.format(sha256=sha256))
    return int(value) if value else 0
