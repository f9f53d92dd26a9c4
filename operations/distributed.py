"""The Celery engine's producer side: `congvan nightly --engine celery` and `congvan watch
--engine celery` put documents on the broker instead of reading them here, and collect the
workers' results into the same reports as the local engine.

A high-water mark keeps a backlog of millions out of the broker: nothing more is enqueued while
the queue holds `high_water` messages or more, and enqueuing resumes as workers drain it. A
message is one path (about 1 KB in Redis with Celery's envelope), so the broker's memory stays at
`high_water` messages whatever the size of the sweep.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from congvan.operations.celery_app import BATCH, LIVE, TASK, make_app, report_from
from congvan.operations.hashindex import HashIndex
from congvan.operations.intake import IntakeConfig, IntakeReport
from congvan.operations.nightly import (
    NightlyOptions,
    NightlyReport,
    Progress,
    failure_key,
    held_locks,
    obligation_figures,
    plan,
)
from congvan.operations.watch import EventSink, WatchOptions, check_folders, start_observer, watch_loop
from congvan.pipeline.load import DocumentInput, discover
from congvan.tracker import open_store
from congvan.tracker.api import Outcome

log = logging.getLogger("congvan.distributed")

DEFAULT_HIGH_WATER = 10_000
RESULT_CHUNK = 500  # results fetched per round trip (one MGET)
TICK_S = 0.25
BROKER_PATIENCE_S = 600.0  # how long a producer waits for a broker that went away before giving up


class BrokerGone(RuntimeError):
    """The broker did not answer for BROKER_PATIENCE_S seconds."""


class CeleryQueue:
    """Send documents to the broker and read their results back; survives a broker restart."""

    def __init__(self, broker: str, visibility_s: int) -> None:
        import redis

        self.broker = broker
        self.app = make_app(broker, visibility_s)
        # Results are read back by MGET in `results`; the Redis backend's default would also
        # subscribe to a pub/sub channel per task sent, which caps enqueuing at ~350 a second.
        self.app.backend.on_task_call = lambda producer, task_id: None
        self._redis = redis.Redis.from_url(broker)
        self._errors = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

    def _patiently(self, what: str, call: Callable[[], Any]) -> Any:
        deadline = time.monotonic() + BROKER_PATIENCE_S
        while True:
            try:
                return call()
            except self._errors as exc:
                if time.monotonic() > deadline:
                    raise BrokerGone(
                        f"the broker {self.broker} did not answer for {BROKER_PATIENCE_S:g} s: {exc}"
                    ) from exc
                log.warning("broker unavailable while %s (%s); retrying", what, exc)
                time.sleep(1.0)

    def send(self, doc: DocumentInput, queue: str) -> str:
        paths = [str(p) for p in (doc.path, *doc.extra_pages)]
        sent = self._patiently("enqueuing", lambda: self.app.send_task(TASK, args=[paths], queue=queue))
        return str(sent.id)

    def length(self, queue: str) -> int:
        """Messages waiting in `queue` (Celery's Redis transport keeps a queue as one list)."""
        return int(self._patiently("measuring the queue", lambda: self._redis.llen(queue)))

    def results(self, ids: list[str]) -> Iterator[tuple[str, IntakeReport | None, dict[str, Any]]]:
        """The finished tasks among `ids`: (id, report, raw result); a task that raised is FAILED."""
        backend = self.app.backend
        for start in range(0, len(ids), RESULT_CHUNK):
            chunk = ids[start : start + RESULT_CHUNK]
            keys = [backend.get_key_for_task(i) for i in chunk]
            values = self._patiently("reading results", lambda keys=keys: backend.mget(keys))
            done: list[str] = []
            for task_id, key, value in zip(chunk, keys, values, strict=True):
                if value is None:
                    continue
                meta = backend.decode_result(value)
                if meta["status"] == "SUCCESS":
                    done.append(key)
                    yield task_id, report_from(meta["result"]), meta["result"]
                elif meta["status"] == "FAILURE":
                    done.append(key)
                    yield task_id, None, {"error": repr(meta.get("result"))}
            if done:  # read once: do not leave a million results in the broker's memory for a week
                self._patiently("forgetting results", lambda done=done: self._redis.delete(*done))

    def close(self) -> None:
        self._redis.close()


@dataclass
class WorkerFigures:
    documents: int = 0
    pages: int = 0
    seconds: float = 0.0  # reading time (sandbox), summed over the worker's documents

    def to_json(self, wall_s: float) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "pages": self.pages,
            "reading_seconds": round(self.seconds, 2),
            "pages_per_minute": round(self.pages * 60 / wall_s, 1) if wall_s > 0 else None,
        }


@dataclass
class DistributedReport(NightlyReport):
    """The nightly report plus pages and what each worker did."""

    engine: str = "celery"
    pages: int = 0
    workers: dict[str, WorkerFigures] = field(default_factory=dict)
    high_water_waits: int = 0  # times enqueuing paused at the high-water mark

    def add_result(self, report: IntakeReport, raw: dict[str, Any]) -> None:
        self.add(report)
        figures = self.workers.setdefault(str(raw.get("worker") or "?"), WorkerFigures())
        figures.documents += 1
        figures.seconds += report.seconds
        pages = raw.get("pages")
        if isinstance(pages, int):
            figures.pages += pages
            self.pages += pages

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["engine"] = self.engine
        out["pages"] = self.pages
        out["pages_per_minute"] = round(self.pages * 60 / self.seconds, 1) if self.seconds > 0 else None
        out["workers"] = {name: f.to_json(self.seconds) for name, f in sorted(self.workers.items())}
        out["high_water_waits"] = self.high_water_waits
        return out

    def to_text(self) -> str:
        lines = [super().to_text().rstrip("\n")]
        rate = self.pages * 60 / self.seconds if self.seconds > 0 else 0.0
        lines.append(f"engine celery: {self.pages} pages read, {rate:.1f} pages/min in all")
        for name, f in sorted(self.workers.items()):
            per = f.pages * 60 / self.seconds if self.seconds > 0 else 0.0
            lines.append(f"  {name}: {f.documents} documents, {f.pages} pages, {per:.1f} pages/min")
        return "\n".join(lines) + "\n"


def run_nightly_celery(
    options: NightlyOptions,
    config: IntakeConfig,
    stop: threading.Event,
    queue: CeleryQueue,
    high_water: int = DEFAULT_HIGH_WATER,
    progress: Progress | None = None,
) -> DistributedReport:
    """The nightly sweep with workers reading: plan here (hashes, what the tracker has), enqueue
    on the `batch` queue under the high-water mark, wait for every result; raises LockHeld."""
    started = time.perf_counter()
    config = replace(config, archive=None, failed=None, reextract=options.reextract)
    report = DistributedReport(dirs=[str(d) for d in options.dirs])
    with held_locks(options):
        store = open_store(options.tracker)
        base = options.tracker.lock_base
        index = HashIndex(base.with_name(base.name + ".hashindex"))
        try:
            docs, skipped = discover(list(options.dirs))
            report.seen, report.other_files = len(docs), len(skipped)
            todo = plan(docs, store, index, options, report, failure_key(config))
            _enqueue_and_collect(todo, queue, high_water, stop, report, index, failure_key(config), progress)
            if not stop.is_set():
                report.finished = datetime.now().astimezone().isoformat(timespec="seconds")
            report.seconds = time.perf_counter() - started
            obligation_figures(store, options.today or date.today(), report)
        finally:
            index.close()
            store.close()
    return report


def _enqueue_and_collect(
    todo: list[DocumentInput],
    queue: CeleryQueue,
    high_water: int,
    stop: threading.Event,
    report: DistributedReport,
    index: HashIndex,
    failures_key: str,
    progress: Progress | None,
) -> None:
    waiting: deque[DocumentInput] = deque(todo)
    pending: dict[str, DocumentInput] = {}
    finished = 0
    paused = False
    while (waiting or pending) and not stop.is_set():
        busy = False
        if waiting:
            room = high_water - queue.length(BATCH)
            if room <= 0 and not paused:
                report.high_water_waits += 1
            paused = room <= 0
            for _ in range(min(room, len(waiting))):
                doc = waiting.popleft()
                pending[queue.send(doc, BATCH)] = doc
                busy = True
        for task_id, result, raw in list(queue.results(list(pending))):
            doc = pending.pop(task_id)
            if result is None:  # the task raised: say why rather than wait for ever
                result = IntakeReport(doc.path, Outcome.FAILED, reason=raw["error"], stage="worker")
            report.add_result(result, raw)
            if result.outcome is Outcome.FAILED and result.sha256 is not None:
                index.record_failure(result.sha256, failures_key, result.stage, result.reason)
            finished += 1
            busy = True
            if progress is not None:
                progress(finished, len(todo), result)
        if not busy:
            stop.wait(TICK_S)
    # Stopped: what is still queued stays with the workers; the next run finds it in the tracker.
    report.interrupted += len(waiting) + len(pending)


class CeleryLanes:
    """LanePool's face for the watcher: `put` queues a document on the `live` queue (held here
    while the queue is above the high-water mark), `finished` yields the workers' reports."""

    def __init__(self, queue: CeleryQueue, high_water: int = DEFAULT_HIGH_WATER) -> None:
        self.queue = queue
        self.high_water = high_water
        self._held: deque[DocumentInput] = deque()
        self._pending: dict[str, DocumentInput] = {}

    def __enter__(self) -> CeleryLanes:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Messages already sent stay with the workers; held documents stay in the inbox."""

    def put(self, doc: DocumentInput) -> None:
        self._held.append(doc)

    def _flush(self) -> None:
        if not self._held:
            return
        room = self.high_water - self.queue.length(LIVE)
        for _ in range(min(room, len(self._held))):
            doc = self._held.popleft()
            self._pending[self.queue.send(doc, LIVE)] = doc

    def finished(self) -> Iterator[tuple[DocumentInput, IntakeReport]]:
        self._flush()
        for task_id, result, raw in list(self.queue.results(list(self._pending))):
            doc = self._pending.pop(task_id)
            if result is None:
                result = IntakeReport(doc.path, Outcome.FAILED, reason=raw["error"], stage="worker")
            yield doc, result

    def alive(self) -> bool:
        return True


def watch_celery(
    options: WatchOptions,
    stop: threading.Event,
    queue: CeleryQueue,
    high_water: int = DEFAULT_HIGH_WATER,
    on_report: Callable[[IntakeReport], None] | None = None,
) -> None:
    """The drop folder with workers reading: as `watch`, but each settled document is a message on
    the `live` queue; the workers archive or quarantine it (their --archive/--failed, by default
    beside the inbox as here)."""
    import queue as queues

    from congvan.operations.locks import folder_lock

    check_folders(options.inbox, options.archive, options.failed)
    inbox = options.inbox.resolve()
    options = replace(options, inbox=inbox)
    lock = folder_lock(inbox)
    lock.acquire()
    events: queues.SimpleQueue[Path] = queues.SimpleQueue()
    observer = None
    try:
        with CeleryLanes(queue, high_water) as lanes:
            observer = start_observer(options, EventSink(events))
            watch_loop(options, stop, events, lanes, on_report)
    finally:
        if observer is not None:
            observer.stop()
            observer.join(5)
        lock.release()
