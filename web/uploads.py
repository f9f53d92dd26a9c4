"""Files a clerk drops on the page go through an intake lane (operations/lane.py), as the drop
folder's do: same sandboxed worker, same archive and failed folders, same keys on the content hash.

An upload is written into a hidden folder of the inbox (the watcher never takes hidden folders),
then one worker thread with its lane takes the queue in order; its reports are kept for the
upload page.
"""

from __future__ import annotations

import logging
import queue
import re
import shutil
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from congvan.errors import CongvanError
from congvan.operations.intake import IntakeConfig
from congvan.operations.lane import IntakeLane
from congvan.pipeline.load import DocumentInput
from congvan.tracker.api import Outcome
from congvan.tracker.url import Tracker

log = logging.getLogger("congvan")

STAGING = ".web-uploads"
KEEP_REPORTS = 200
# Characters kept from an uploaded file's name; anything else becomes "_".
# matches "Công văn 4515-VKSTC (bản ký).pdf" whole
SAFE_NAME_CHARS = re.compile(r"[^\w\s.,()\-+]", re.VERBOSE | re.UNICODE)


@dataclass(frozen=True)
class UploadFolders:
    inbox: Path
    archive: Path
    failed: Path


@dataclass
class UploadJob:
    id: str
    name: str
    who: str
    received: datetime
    state: str = "queued"  # queued, working, done
    outcome: str | None = None
    reason: str | None = None
    document_id: int | None = None
    obligations_added: int = 0
    staged: Path | None = field(default=None, repr=False)


MAX_NAME_BYTES = 200  # file systems allow 255 bytes a name; Vietnamese letters take up to 3 in UTF-8


def safe_filename(name: str) -> str:
    """A plain file name from whatever the browser sent (no folders, no control characters), at
    most MAX_NAME_BYTES in UTF-8: a long name is shortened before its extension, which it keeps."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = SAFE_NAME_CHARS.sub("_", base).strip(" .") or "tep-tai-len"
    base = base if not base.startswith(".") else "_" + base
    stem, dot, ext = base.rpartition(".")
    if not dot or len(ext.encode()) > 10:
        stem, ext = base, ""
    suffix = f".{ext}" if ext else ""
    room = MAX_NAME_BYTES - len(suffix.encode())
    short = stem.encode()[:room].decode("utf-8", errors="ignore").rstrip(" .") or "tep-tai-len"
    return short + suffix


class UploadQueue:
    """One intake worker thread (with its sandbox) for the server's lifetime."""

    def __init__(self, folders: UploadFolders, config: IntakeConfig, tracker: Tracker, max_bytes: int) -> None:
        self.folders = folders
        self.config = replace(config, archive=folders.archive, failed=folders.failed)
        self.tracker = tracker
        self.max_bytes = max_bytes
        self._jobs: deque[UploadJob] = deque(maxlen=KEEP_REPORTS)
        self._lock = threading.Lock()
        self._queue: queue.SimpleQueue[UploadJob | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        for folder in (self.folders.inbox / STAGING, self.folders.archive, self.folders.failed):
            folder.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._work, name="congvan-web-intake", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=30)

    def submit(self, name: str, stream: BinaryIO, who: str) -> UploadJob:
        """Stage one uploaded file and queue it; a file over the size limit is refused here."""
        job_id = uuid.uuid4().hex[:12]
        folder = self.folders.inbox / STAGING / job_id
        folder.mkdir(parents=True)
        target = folder / safe_filename(name)
        written = 0
        try:
            with target.open("xb") as out:
                while chunk := stream.read(1 << 20):
                    written += len(chunk)
                    if written > self.max_bytes:
                        break
                    out.write(chunk)
        except BaseException:  # a disk error or a dropped request: leave no staging folder behind
            shutil.rmtree(folder, ignore_errors=True)
            raise
        job = UploadJob(job_id, target.name, who, datetime.now().astimezone(), staged=target)
        if written > self.max_bytes:
            shutil.rmtree(folder, ignore_errors=True)
            job.state, job.outcome = "done", "failed"
            job.reason = f"tệp lớn hơn giới hạn {self.max_bytes // 2**20} MiB"
        with self._lock:
            self._jobs.appendleft(job)
        if job.state == "queued":
            self._queue.put(job)
        return job

    def jobs(self) -> list[UploadJob]:
        with self._lock:
            return [replace(j) for j in self._jobs]

    def _work(self) -> None:
        with IntakeLane(self.tracker, self.config) as lane:
            while (job := self._queue.get()) is not None:
                self._run_one(job, lane)

    def _run_one(self, job: UploadJob, lane: IntakeLane) -> None:
        assert job.staged is not None
        with self._lock:
            job.state = "working"
        report = lane.take(DocumentInput(job.staged))
        # The page shows the Vietnamese reason; the operator's English detail goes to the log.
        outcome, reason, doc_id, added = (
            report.outcome.value,
            report.clerk_reason or (CongvanError.clerk if report.reason else None),
            report.document_id,
            report.obligations_added,
        )
        if report.reason:
            log.info("upload %s: %s: %s", job.name, report.outcome.value, report.reason)
        if report.outcome is Outcome.INTERRUPTED:  # the database went away: say so on the page
            outcome, reason = "failed", "lỗi hệ thống (cơ sở dữ liệu không trả lời); hãy tải lên lại sau"
        elif doc_id is None and report.sha256 and report.stored:  # bytes already stored: show that document
            try:
                doc_id = lane.store.document_id_for(report.sha256)
            except Exception:  # noqa: BLE001 — the database went away: the report stands, without a link
                log.exception("upload %s: looking up its document failed", job.name)
        with self._lock:
            job.state, job.outcome, job.reason, job.document_id, job.obligations_added = (
                "done",
                outcome,
                reason,
                doc_id,
                added,
            )
        folder = job.staged.parent
        if folder.exists() and not any(folder.iterdir()):
            folder.rmdir()
