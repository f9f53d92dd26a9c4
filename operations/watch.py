"""The drop folder: take each file once it is completely written, and intake it.

Three sources of "something may have arrived", any of which is enough on its own:
native file-system events (inotify through watchdog), a polling observer for SMB/NFS shares where
events never arrive (`--poll SECONDS`), and a periodic full rescan that catches anything missed.
They only nominate paths; a path is taken when its size and mtime have not changed for the
stability delay and it is still a regular file.

Page-image sets (`030.jpg` + `030_p2.jpg` …, the loader's rule) are one document: a first page is
held while any of its page files is still settling, and they are taken together. A `_pN` image
with no first page beside it waits three stability delays for one to arrive, then is taken alone.
A page that arrives after its first page was already taken becomes a document of its own.
"""

from __future__ import annotations

import logging
import os
import queue
import stat
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from watchdog.observers.api import BaseObserver

from congvan.operations.health import Health
from congvan.operations.intake import IntakeConfig, IntakeReport
from congvan.operations.lane import LaneDied, LanePool
from congvan.operations.locks import FileLock, folder_lock
from congvan.operations.preflight import check_folders_writable, check_tracker_writable
from congvan.operations.retry import Retries
from congvan.pipeline.load import IMAGE_SUFFIXES, PAGE_FILE, DocumentInput, group_pages, is_ignored
from congvan.tracker.api import Outcome
from congvan.tracker.url import Tracker

log = logging.getLogger("congvan.watch")

ORPHAN_PAGE_WAIT = 3  # stability delays a `_pN` page waits for its first page


@dataclass(frozen=True)
class WatchOptions:
    inbox: Path
    archive: Path
    failed: Path
    tracker: Tracker
    poll: float | None = None  # seconds between polls; None: native events
    stable: float = 5.0
    rescan: float = 60.0
    recursive: bool = False
    jobs: int = 1
    tick: float = 0.25
    retry_base: float = 2.0  # first pause before taking again a file that could not be finished
    retry_cap: float | None = None  # longest pause; None: the rescan period
    health: Health | None = None  # the status file `congvan status` reads (operations/health.py)


class FolderError(ValueError):
    """The folders given cannot work together (archive inside the inbox, …)."""


def check_folders(inbox: Path, archive: Path, failed: Path) -> None:
    inbox_r = inbox.resolve()
    if not inbox_r.is_dir():
        raise FolderError(f"the inbox {inbox} is not a folder")
    for label, folder in (("archive", archive), ("failed", failed)):
        r = folder.resolve()
        if r == inbox_r or inbox_r in r.parents:
            raise FolderError(
                f"the {label} folder {folder} is inside the inbox {inbox}: "
                "files moved there would be taken again"
            )


def is_candidate(path: Path, inbox: Path, recursive: bool) -> bool:
    """A name worth watching: not a temporary/system file, not hidden, not in a hidden folder."""
    try:
        rel = path.relative_to(inbox)
    except ValueError:
        return False
    if not rel.parts or any(part.startswith(".") for part in rel.parts):
        return False
    if not recursive and len(rel.parts) != 1:
        return False
    return not is_ignored(path)


def scan(inbox: Path, recursive: bool, passed_over: list[Path] | None = None) -> list[Path]:
    """Regular files worth taking; links, pipes, devices (and sub-folders unless `recursive`) are
    never taken, and are added to `passed_over` so the caller can say so."""
    pattern = inbox.rglob("*") if recursive else inbox.iterdir()
    out = []
    for p in pattern:
        if not is_candidate(p, inbox, recursive):
            continue
        if _regular(p) is not None:
            out.append(p)
        elif passed_over is not None and not (recursive and _is_real_dir(p)):
            passed_over.append(p)
    return out


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def _kind(path: Path) -> str:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "gone"
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a sub-folder (use --recursive)"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    return "not a regular file"


def _regular(path: Path) -> os.stat_result | None:
    """Stat without following links; None unless a regular file (a link, folder or pipe is not taken)."""
    try:
        st = path.lstat()
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # monotonic time the (size, mtime) pair was first seen


class Stability:
    """Paths nominated by any source, each with the moment its size and mtime last changed."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._seen: dict[Path, _Seen] = {}

    def nominate(self, path: Path, now: float) -> None:
        self._observe(path, now)

    def _observe(self, path: Path, now: float) -> None:
        st = _regular(path)
        if st is None:
            self._seen.pop(path, None)
            return
        old = self._seen.get(path)
        if old is None or (old.size, old.mtime_ns) != (st.st_size, st.st_mtime_ns):
            self._seen[path] = _Seen(st.st_size, st.st_mtime_ns, now)

    def refresh(self, now: float) -> None:
        for path in list(self._seen):
            self._observe(path, now)

    def settled_for(self, path: Path, now: float) -> float:
        seen = self._seen.get(path)
        return -1.0 if seen is None else now - seen.since

    def forget(self, paths: Iterable[Path]) -> None:
        for p in paths:
            self._seen.pop(p, None)

    def paths(self) -> list[Path]:
        return list(self._seen)


def ready_documents(tracker: Stability, now: float, busy: set[Path]) -> list[DocumentInput]:
    """Documents all of whose files are settled, page images grouped as the loader groups them."""
    pending = [p for p in tracker.paths() if p not in busy]
    delay = tracker.delay
    docs = []
    for doc in group_pages(sorted(pending)):
        files = (doc.path, *doc.extra_pages)
        if any(tracker.settled_for(f, now) < delay for f in files):
            continue
        if _has_unsettled_pages(doc.path, pending, tracker, now):
            continue
        if _is_orphan_page(doc) and tracker.settled_for(doc.path, now) < delay * ORPHAN_PAGE_WAIT:
            continue
        docs.append(doc)
    return docs


def _has_unsettled_pages(first: Path, pending: list[Path], tracker: Stability, now: float) -> bool:
    """True while a page image of this first page is still arriving (it is grouped only once settled)."""
    if first.suffix.lower() not in IMAGE_SUFFIXES:
        return False
    for p in pending:
        m = PAGE_FILE.match(p.stem)
        if (
            m
            and p.parent == first.parent
            and m["stem"] == first.stem
            and tracker.settled_for(p, now) < tracker.delay
        ):
            return True
    return False


def _is_orphan_page(doc: DocumentInput) -> bool:
    m = PAGE_FILE.match(doc.path.stem)
    if not m or doc.path.suffix.lower() not in IMAGE_SUFFIXES:
        return False
    return not any((doc.path.parent / f"{m['stem']}{s}").exists() for s in IMAGE_SUFFIXES)


class EventSink:
    """watchdog handler (the local and the Celery watchers alike): every event only nominates its
    path(s) for the stability check."""

    def __init__(self, out: queue.SimpleQueue[Path]) -> None:
        self.out = out

    def dispatch(self, event: object) -> None:
        for attr in ("src_path", "dest_path"):
            value = getattr(event, attr, None)
            if value and not getattr(event, "is_directory", False):
                self.out.put(Path(os.fsdecode(value)))


def start_observer(options: WatchOptions, sink: EventSink) -> BaseObserver:
    from watchdog.observers import Observer
    from watchdog.observers.polling import PollingObserver

    observer: BaseObserver = PollingObserver(timeout=options.poll) if options.poll is not None else Observer()
    observer.schedule(sink, str(options.inbox), recursive=options.recursive)  # type: ignore[arg-type]
    try:
        observer.start()
    except OSError as exc:  # e.g. the inotify watch limit: fall back rather than not watch at all
        log.warning("native events unavailable (%s); polling every %g s", exc, options.stable)
        observer = PollingObserver(timeout=options.stable)
        observer.schedule(sink, str(options.inbox), recursive=options.recursive)  # type: ignore[arg-type]
        observer.start()
    return observer


def watch(
    options: WatchOptions,
    config: IntakeConfig,
    stop: threading.Event,
    on_report: Callable[[IntakeReport], None] | None = None,
) -> None:
    """Run until `stop` is set; files being read when it is set stay in the inbox untouched."""
    check_folders(options.inbox, options.archive, options.failed)
    check_folders_writable((("inbox", options.inbox), ("archive", options.archive), ("failed", options.failed)))
    check_tracker_writable(options.tracker)
    inbox = options.inbox.resolve()
    options = WatchOptions(**{**options.__dict__, "inbox": inbox})
    lock: FileLock = folder_lock(inbox)
    lock.acquire()
    events: queue.SimpleQueue[Path] = queue.SimpleQueue()
    observer = None
    try:
        # One lane per job; a file being read when `stop` is set stays in the inbox untouched.
        with LanePool(options.tracker, config, options.jobs, stop, name="intake", health=options.health) as lanes:
            try:
                observer = start_observer(options, EventSink(events))
                watch_loop(options, stop, events, lanes, on_report)
            finally:
                if observer is not None:
                    observer.stop()
        for _, report in lanes.finished():
            if on_report is not None:
                on_report(report)
    finally:
        if observer is not None:
            observer.join(5)
        lock.release()


class Lanes(Protocol):
    """What the watch loop feeds: the local LanePool, or the Celery engine's CeleryLanes."""

    def put(self, doc: DocumentInput) -> None: ...

    def finished(self) -> Iterable[tuple[DocumentInput, IntakeReport]]: ...

    def alive(self) -> bool: ...


def watch_loop(
    options: WatchOptions,
    stop: threading.Event,
    events: queue.SimpleQueue[Path],
    lanes: Lanes,
    on_report: Callable[[IntakeReport], None] | None,
) -> None:
    """Nominate settled files of the inbox (events and rescans) and hand them to `lanes` until
    `stop`; shared by the local engine and the Celery engine (operations/distributed.py)."""
    tracker = Stability(options.stable)
    retries = Retries(options.retry_base, options.retry_cap if options.retry_cap is not None else options.rescan)
    busy: set[Path] = set()
    noted: set[Path] = set()  # links, pipes, sub-folders already logged as not taken
    next_rescan = 0.0
    while not stop.is_set():
        now = time.monotonic()
        if now >= next_rescan:
            passed_over: list[Path] = []
            for p in scan(options.inbox, options.recursive, passed_over):
                if p not in busy:
                    tracker.nominate(p, now)
            for p in set(passed_over) - noted:
                log.info("%s: %s; not taken", p, _kind(p))
            noted = set(passed_over)
            next_rescan = now + options.rescan
        while not events.empty():
            p = events.get()
            if p not in busy and is_candidate(p, options.inbox, options.recursive):
                tracker.nominate(p, now)
        tracker.refresh(now)
        for doc in ready_documents(tracker, now, busy):
            if retries.waiting(doc.path, now):
                continue  # pausing after a failed attempt; the next rescan nominates it again
            files = (doc.path, *doc.extra_pages)
            busy.update(files)
            tracker.forget(files)
            lanes.put(doc)
        for doc, report in lanes.finished():
            busy.difference_update((doc.path, *doc.extra_pages))
            if report.outcome is Outcome.INTERRUPTED and report.cause is not None and not stop.is_set():
                # A store or disk error: the same error again at once would only fill the log.
                pause = retries.failed(doc.path, report.cause, report.reason or "", time.monotonic())
                next_rescan = min(next_rescan, time.monotonic() + pause)
            elif report.outcome in (Outcome.CHANGED, Outcome.INTERRUPTED):
                next_rescan = 0.0  # still in the inbox: look again (after it settles)
            else:
                retries.succeeded(doc.path)
            if on_report is not None:
                on_report(report)
        if not lanes.alive():
            # e.g. the database could not be opened: fail loudly so the service manager restarts us
            # instead of queueing files that nothing will read.
            raise LaneDied("an intake lane stopped (see the error above); files stay in the inbox")
        stop.wait(options.tick)
