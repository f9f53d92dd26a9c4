"""The intake lane: the one place a document is taken into the tracker.

A lane owns what taking a document needs (a store connection, a sandboxed worker process with its
time and memory caps, the tracker's document locks) and guarantees they are released however it
ends. `take(document)` never raises for a problem with the document or the store: it returns an
`IntakeReport`. Nothing in a lane is thread-safe, so producers that work in parallel run one lane
per thread; `LanePool` does that for a queue of documents.

Producers: the drop-folder watcher (operations/watch.py), the nightly sweep (operations/nightly.py),
web uploads (web/uploads.py) and `congvan ingest` (cli/tracker.py).
"""

from __future__ import annotations

import errno
import logging
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import TypeVar

from congvan.operations.health import Health
from congvan.operations.intake import IntakeConfig, IntakeReport, PendingMoves, intake
from congvan.operations.locks import DocumentLocks, LockWaitStopped
from congvan.operations.sandbox import Sandbox
from congvan.pipeline.load import DocumentInput
from congvan.tracker import open_store
from congvan.tracker.api import Outcome, Store, StoreUnavailable
from congvan.tracker.url import Tracker

log = logging.getLogger("congvan.intake")
T = TypeVar("T")


class IntakeLane:
    """One store connection, one sandboxed worker and the document locks, for one thread."""

    def __init__(self, tracker: Tracker, config: IntakeConfig, pending: PendingMoves | None = None) -> None:
        self.tracker = tracker
        self.config = config
        self.pending = pending if pending is not None else PendingMoves()
        self._store: Store | None = None
        self._sandbox: Sandbox | None = None
        self._locks = DocumentLocks(tracker)
        self.on_page: Callable[[DocumentInput, int, int], None] | None = None  # per-page progress

    def __enter__(self) -> IntakeLane:
        """Open the store (raises if the tracker cannot be opened); the worker starts on first use."""
        self._store = open_store(self.tracker)
        self._sandbox = Sandbox(self.config.settings, self.config.limits)
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def store(self) -> Store:
        if self._store is None:
            raise RuntimeError("the intake lane is not open (use it as a context manager)")
        return self._store

    def take(self, doc: DocumentInput, stop: threading.Event | None = None) -> IntakeReport:
        """Take one document in. A store or disk error leaves the file where it is (INTERRUPTED,
        with the error as the reason) so a later run takes it again."""
        if stop is not None and stop.is_set():
            return IntakeReport(doc.path, Outcome.INTERRUPTED, extra_files=doc.extra_pages)
        if self._sandbox is None:
            raise RuntimeError("the intake lane is not open (use it as a context manager)")
        self._sandbox.on_page = lambda done, total: self._page_read(doc, done, total)
        try:
            return intake(doc, self.config, self.store, self._sandbox, self._locks, stop, self.pending)
        except StoreUnavailable as exc:  # the store waited its reconnect window: try the file later
            log.warning("%s: left in place, the tracker is unavailable: %s", doc.path.name, exc)
            return self._left(doc, f"tracker unavailable: {exc}")
        except LockWaitStopped:
            return IntakeReport(doc.path, Outcome.INTERRUPTED, extra_files=doc.extra_pages)
        except Exception as exc:  # noqa: BLE001 — one document's store or disk error must not end the lane
            # The producer logs one line when a file's state changes (operations/retry.py); a
            # traceback per attempt buried the log (30-40 lines every 1.5 s against a read-only
            # database). The traceback stays available at debug level.
            log.debug("intake of %s failed; the file stays where it is", doc.path, exc_info=True)
            return IntakeReport(
                doc.path,
                Outcome.INTERRUPTED,
                reason=f"{type(exc).__name__}: {exc}",
                stage="store",
                extra_files=doc.extra_pages,
                cause=f"store:{cause_of(exc)}",
            )

    def call(self, func: Callable[..., T], *args: object) -> T:
        """`func(*args)` in the lane's sandboxed worker (operations/sandbox.Sandbox.call)."""
        if self._sandbox is None:
            raise RuntimeError("the intake lane is not open (use it as a context manager)")
        self._sandbox.on_page = None
        return self._sandbox.call(func, *args)

    def _page_read(self, doc: DocumentInput, done: int, total: int) -> None:
        if total > 1:  # one line per page in the log; a terminal's bar gets it through on_page
            log.info("%s: page %d/%d read", doc.path.name, done, total)
        if self.on_page is not None:
            self.on_page(doc, done, total)

    @staticmethod
    def _left(doc: DocumentInput, reason: str) -> IntakeReport:
        return IntakeReport(doc.path, Outcome.INTERRUPTED, reason=reason, stage="store", extra_files=doc.extra_pages)

    def close(self) -> None:
        sandbox, store = self._sandbox, self._store
        self._sandbox = self._store = None
        try:
            if sandbox is not None:
                sandbox.close()
        finally:
            if store is not None:
                store.close()


def cause_of(exc: BaseException) -> str:
    """A short, stable name of what went wrong: the errno name of an OSError, else the class name."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return errno.errorcode.get(exc.errno, type(exc).__name__)
    return type(exc).__name__


class LaneDied(RuntimeError):
    """A lane's thread ended on its own (e.g. the tracker could not be opened)."""


class LanePool:
    """`jobs` lanes, each in its own thread, taking documents from one queue in order.

    `put` queues a document; `reports` yields (document, report) pairs as lanes finish them. On
    leaving the `with` block the lanes finish the document in hand, report what is still queued as
    INTERRUPTED when `stop` is set, and close their workers and connections.
    """

    def __init__(
        self,
        tracker: Tracker,
        config: IntakeConfig,
        jobs: int,
        stop: threading.Event,
        name: str = "intake",
        health: Health | None = None,
    ) -> None:
        """`health`: the service's status file (operations/health.py), kept up to date by the lanes."""
        self.tracker = tracker
        self.health = health
        self.config = config
        self.stop = stop
        self.pending = PendingMoves()  # moves that failed after a document was judged: shared by the lanes
        self._work: queue.Queue[DocumentInput | None] = queue.Queue()
        self._done: queue.SimpleQueue[tuple[DocumentInput, IntakeReport]] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._serve, name=f"{name}-{i}", daemon=True) for i in range(max(1, jobs))
        ]

    def __enter__(self) -> LanePool:
        # Open (and on first use create and migrate) the tracker once, here: lanes opening a fresh
        # SQLite file together race on its set-up (apsw: "Getting the FTS5 API failed"), and a
        # tracker that cannot be opened is better said once than by every lane's thread.
        try:
            open_store(self.tracker).close()
        except Exception as exc:
            raise LaneDied(f"cannot open the tracker {self.tracker}: {exc}") from exc
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc is not None:
            self.stop.set()  # ^C or an error in the producer: drain the queue as "interrupted"
        for _ in self._threads:
            self._work.put(None)
        for thread in self._threads:
            thread.join()
        if self.health is not None:
            self.health.stopped()

    def _serve(self) -> None:
        with IntakeLane(self.tracker, self.config, self.pending) as lane:
            if self.health is not None:
                health = self.health
                lane.on_page = lambda doc, done, total: health.page(doc.path.name, done, total)
            while (doc := self._work.get()) is not None:
                report = lane.take(doc, self.stop)
                if self.health is not None:
                    # a document left in place for a reason of the surroundings (database, disk) is a
                    # retry of the service; one stopped by a signal is not
                    retry = report.reason if report.outcome is Outcome.INTERRUPTED else None
                    self.health.finished(report.outcome.value, retry)
                self._done.put((doc, report))

    def put(self, doc: DocumentInput) -> None:
        if self.health is not None:
            self.health.queued()
        self._work.put(doc)

    def finished(self) -> Iterator[tuple[DocumentInput, IntakeReport]]:
        """The reports ready now, without waiting."""
        while True:
            try:
                yield self._done.get_nowait()
            except queue.Empty:
                return

    def next_report(self, timeout: float) -> tuple[DocumentInput, IntakeReport] | None:
        """The next finished document, or None after `timeout` seconds; raises LaneDied when every
        lane has ended and nothing is left to report."""
        try:
            return self._done.get(timeout=timeout)
        except queue.Empty:
            if not self.alive():
                raise LaneDied("an intake lane stopped (see the error above)") from None
            return None

    def alive(self) -> bool:
        return all(thread.is_alive() for thread in self._threads)

    def take_all(self, docs: Iterable[DocumentInput]) -> Iterator[IntakeReport]:
        """Queue `docs` and yield one report per document as the lanes finish them."""
        count = 0
        for doc in docs:
            self.put(doc)
            count += 1
        for _ in range(count):
            while (pair := self.next_report(0.5)) is None:
                pass
            yield pair[1]
