"""The nightly sweep: bring the tracker up to date with folders of documents, in place.

Incremental: a file whose content hash is in the tracker is not read again (with `--reextract`,
unless an older extractor version made its record). Hashes come from a (path, size, mtime_ns)
cache, so a re-run over unchanged folders only stats files. Files are never moved: the sweep reads
archives as they are. Documents run in parallel intake lanes (operations/lane.py), each with its
own store connection and sandboxed worker, as the drop folder's do; the store's one transaction
per document is the unit, so the run can be killed at any moment (even SIGKILL) and run again:
nothing is lost and nothing is stored twice.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from congvan.errors import ExitCode, run_exit_code
from congvan.operations.hashindex import HashIndex
from congvan.operations.health import Health
from congvan.operations.intake import IntakeConfig, IntakeReport, sha256_file
from congvan.operations.lane import LanePool
from congvan.operations.locks import FileLock, folder_lock, run_lock
from congvan.operations.preflight import check_tracker_writable
from congvan.pipeline.load import DocumentInput, discover
from congvan.pipeline.run import version
from congvan.tracker import open_store
from congvan.tracker.api import ObligationFilter, ObligationStatus, Outcome, Store
from congvan.tracker.url import Tracker

log = logging.getLogger("congvan.nightly")

DUE_SOON_DAYS = 7
LISTED_OBLIGATIONS = 20  # the text report lists this many due/overdue duties; the JSON has all


@dataclass(frozen=True)
class NightlyOptions:
    dirs: tuple[Path, ...]
    tracker: Tracker
    jobs: int = 1
    reextract: bool = False
    retry_failed: bool = False
    today: date | None = None  # for the due/overdue figures; None: the day the run ends
    health: Health | None = None  # the status file `congvan status` reads (operations/health.py)


@dataclass
class NightlyReport:
    """Counts of one run; filled as documents finish (owned by the run's main thread)."""

    dirs: list[str]
    started: str = field(default_factory=lambda: datetime.now().astimezone().isoformat(timespec="seconds"))
    finished: str | None = None
    seen: int = 0  # documents found under the folders
    other_files: int = 0  # files that are not documents by their suffix (.xlsx, .zip …): not read
    unchanged: int = 0  # already in the tracker: not read again
    known_failed: int = 0  # failed before with this extractor version: not retried
    new: int = 0
    updated: int = 0
    duplicates_same_bytes: int = 0
    duplicates_same_number: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    changed: int = 0  # changed while read: next run
    interrupted: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)  # interrupted by a store or disk error
    needs_review: list[str] = field(default_factory=list)  # stored, but no header field was read
    obligations_added: int = 0
    due_within_7_days: list[dict[str, Any]] = field(default_factory=list)
    overdue: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, report: IntakeReport) -> None:
        match report.outcome:
            case Outcome.NEW:
                self.new += 1
            case Outcome.UPDATED:
                self.updated += 1
            case Outcome.SAME_BYTES:
                self.duplicates_same_bytes += 1
            case Outcome.DUPLICATE_NUMBER:
                self.duplicates_same_number += 1
            case Outcome.FAILED:
                self.failed.append({"path": str(report.path), "stage": report.stage, "reason": report.reason})
            case Outcome.CHANGED | Outcome.GONE:
                self.changed += 1
            case Outcome.INTERRUPTED:
                self.interrupted += 1
                if report.cause is not None:
                    self.errors.append({"path": str(report.path), "cause": report.cause, "reason": report.reason})
        if report.needs_review and report.stored:
            self.needs_review.append(str(report.path))
        self.obligations_added += report.obligations_added

    def exit_code(self, stopped: bool) -> ExitCode:
        """OK unless documents were left undone: INTERRUPTED when a signal stopped the run, FAILED
        when a store or disk error did (both through `run_exit_code`). Documents that could not be
        read are listed in the report and do not change the code (as before)."""
        undone = [ExitCode.FAILED] * len(self.errors)
        if stopped or self.interrupted > len(self.errors):
            undone.append(ExitCode.INTERRUPTED if stopped else ExitCode.FAILED)
        return run_exit_code(undone)

    def to_json(self) -> dict[str, Any]:
        return {
            "dirs": self.dirs,
            "started": self.started,
            "finished": self.finished,
            "seconds": round(self.seconds, 2),
            "seen": self.seen,
            "other_files": self.other_files,
            "unchanged": self.unchanged,
            "known_failed": self.known_failed,
            "new": self.new,
            "updated": self.updated,
            "duplicates": {
                "same_bytes": self.duplicates_same_bytes,
                "same_number": self.duplicates_same_number,
            },
            "failed": self.failed,
            "changed": self.changed,
            "interrupted": self.interrupted,
            "errors": self.errors,
            "needs_review": self.needs_review,
            "obligations_added": self.obligations_added,
            "due_within_7_days": self.due_within_7_days,
            "overdue": self.overdue,
        }

    def to_text(self) -> str:
        lines = [
            f"congvan nightly {self.started} → {self.finished or 'interrupted'} ({self.seconds:.1f} s)",
            f"folders: {', '.join(self.dirs)}",
            f"seen {self.seen}: new {self.new}, updated {self.updated}, unchanged {self.unchanged}, "
            f"duplicates {self.duplicates_same_bytes} same bytes + {self.duplicates_same_number} "
            "same number, "
            f"failed {len(self.failed)}"
            + (f", failed before (not retried) {self.known_failed}" if self.known_failed else "")
            + (f", changed while read {self.changed}" if self.changed else "")
            + (f", not done (interrupted) {self.interrupted}" if self.interrupted else "")
            + (f"; {self.other_files} other files not read" if self.other_files else ""),
            f"obligations added: {self.obligations_added}",
            f"due within {DUE_SOON_DAYS} days: {len(self.due_within_7_days)}; overdue: {len(self.overdue)}",
        ]
        for title, items in (("failed", self.failed),):
            if items:
                lines.append(f"{title}:")
                lines.extend(f"  {f['path']}: {f['stage']}: {f['reason']}" for f in items)
        if self.needs_review:
            lines.append("to check by a clerk (stored, but no header field was read):")
            lines.extend(f"  {p}" for p in self.needs_review)
        if self.errors:
            lines.append("not done (store or disk error; taken again next run):")
            lines.extend(f"  {e['path']}: {e['cause']}: {e['reason']}" for e in self.errors[:LISTED_OBLIGATIONS])
        for title, duties in (("due soon", self.due_within_7_days), ("overdue", self.overdue)):
            if duties:
                lines.append(f"{title}:")
                lines.extend(
                    f"  {d['due']}  {d['document_number'] or '?'}  "
                    f"{', '.join(d['assignees']) or '-'}: {d['text']}"
                    for d in duties[:LISTED_OBLIGATIONS]
                )
                if len(duties) > LISTED_OBLIGATIONS:
                    lines.append(f"  … and {len(duties) - LISTED_OBLIGATIONS} more (see the JSON report)")
        return "\n".join(lines) + "\n"


Progress = Callable[[int, int, IntakeReport | None], None]  # (done, total, last report)


@contextlib.contextmanager
def held_locks(options: NightlyOptions) -> Iterator[None]:
    """The database's run lock and each swept folder's lock, all or nothing (raises LockHeld)."""
    taken: list[FileLock] = []
    try:
        for lock in (run_lock(options.tracker), *(folder_lock(d) for d in options.dirs)):
            lock.acquire()
            taken.append(lock)
        yield
    finally:
        for lock in reversed(taken):
            lock.release()


def failure_key(config: IntakeConfig) -> str:
    """Failures are remembered per extractor version and per the settings that can change the
    outcome: a file that needed OCR, or hit the time limit, is tried again when those change."""
    limits = config.limits
    return (
        f"{version()} ocr={config.settings.ocr.value} time={limits.time_s:g} mem={limits.memory_bytes >> 20}"
    )


def plan(
    docs: list[DocumentInput],
    store: Store,
    index: HashIndex,
    options: NightlyOptions,
    report: NightlyReport,
    failures_key: str,
) -> list[DocumentInput]:
    """The documents to read: not in the tracker (or older extractor), not failed before, once each."""
    wanted_version = version() if options.reextract else None
    todo: list[DocumentInput] = []
    planned: set[str] = set()
    for doc in docs:
        try:
            st = doc.path.stat()
            sha = index.lookup(doc.path, st.st_size, st.st_mtime_ns)
            if sha is None:
                sha = sha256_file(doc.path)
                index.remember(doc.path, st.st_size, st.st_mtime_ns, sha)
        except OSError:
            report.changed += 1  # vanished between listing and reading
            continue
        if sha in planned:
            report.duplicates_same_bytes += 1
        elif store.has_document(sha, wanted_version):
            report.unchanged += 1
        elif not options.retry_failed and index.failure(sha, failures_key) is not None:
            report.known_failed += 1
        else:
            planned.add(sha)
            todo.append(doc)
    index.flush()
    return todo


def run_nightly(
    options: NightlyOptions, config: IntakeConfig, stop: threading.Event, progress: Progress | None = None
) -> NightlyReport:
    """Sweep the folders into the tracker; raises LockHeld if another run holds a lock."""
    started = time.perf_counter()
    config = IntakeConfig(
        **{**config.__dict__, "archive": None, "failed": None, "reextract": options.reextract}
    )
    report = NightlyReport(dirs=[str(d) for d in options.dirs])
    check_tracker_writable(options.tracker)  # raises TrackerReadOnly: say it once, not per document
    with held_locks(options):
        store = open_store(options.tracker)
        base = options.tracker.lock_base
        index = HashIndex(base.with_name(base.name + ".hashindex"))
        try:
            docs, skipped = discover(list(options.dirs))
            report.seen, report.other_files = len(docs), len(skipped)
            todo = plan(docs, store, index, options, report, failure_key(config))
            _execute(todo, config, options, stop, report, index, progress)
            if not stop.is_set():
                report.finished = datetime.now().astimezone().isoformat(timespec="seconds")
            obligation_figures(store, options.today or date.today(), report)
        finally:
            index.close()
            store.close()
    report.seconds = time.perf_counter() - started
    return report


def _execute(
    todo: list[DocumentInput],
    config: IntakeConfig,
    options: NightlyOptions,
    stop: threading.Event,
    report: NightlyReport,
    index: HashIndex,
    progress: Progress | None,
) -> None:
    if not todo:
        return
    jobs = min(options.jobs, len(todo))
    with LanePool(options.tracker, config, jobs, stop, name="nightly", health=options.health) as lanes:
        for finished, result in enumerate(lanes.take_all(todo), start=1):
            report.add(result)
            if result.outcome is Outcome.FAILED and result.sha256 is not None:
                index.record_failure(result.sha256, failure_key(config), result.stage, result.reason)
            if progress is not None:
                progress(finished, len(todo), result)


def obligation_figures(store: Store, today: date, report: NightlyReport) -> None:
    """The report's duties due within DUE_SOON_DAYS and overdue on `today` (both engines)."""
    soon: list[dict[str, Any]] = []
    for status in (ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS):
        flt = ObligationFilter(
            status=status, due_after=today, due_before=today + timedelta(days=DUE_SOON_DAYS), limit=100_000
        )
        soon.extend(_duty(o) for o in store.obligations(flt))
    report.due_within_7_days = sorted(soon, key=lambda d: (d["due"] or "", d["id"]))
    overdue = store.obligations(ObligationFilter(overdue_on=today, limit=100_000))
    report.overdue = sorted((_duty(o) for o in overdue), key=lambda d: (d["due"] or "", d["id"]))


def _duty(o: Any) -> dict[str, Any]:
    return {
        "id": o.id,
        "document_id": o.document_id,
        "document_number": o.document_number,
        "due": o.due.isoformat() if o.due else None,
        "status": str(o.status),
        "assignees": list(o.assignees),
        "text": o.text[:160],
    }
