"""Take in one document: hash → extract (sandboxed) → store → archive or quarantine.

`intake` is a function of one document and its configuration that returns a report and is safe
to run twice: it is keyed on the content hash, so bytes already in the tracker are not stored
again, and a run killed at any point leaves the original either in the inbox (taken again next
time) or in the archive with its record stored. Its one caller is the intake lane
(operations/lane.py), which owns the store, the sandbox and the locks it needs; the watcher, the
nightly run, web uploads and `congvan ingest` are producers that feed lanes.

Order of the durable steps for a drop folder (each survives a crash of the next):
1. the record is committed to the tracker (one transaction per document, the store's job);
2. the record JSON is written beside the archive destination (temporary file, fsync, rename);
3. the original is moved: a hard link then unlink on one file system (never overwrites), or
   copy + fsync + rename + unlink across file systems. The bytes themselves are never modified.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import platform
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from congvan.errors import CLERK_CHANGED, CLERK_NOT_DISPATCH, CLERK_UNREADABLE, CongvanError, NeedsOCR
from congvan.files import fit_name, fsync_dir, move_no_clobber, write_atomic
from congvan.operations.locks import DocumentLocks
from congvan.operations.sandbox import Limits, Sandbox, SandboxResult
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.ocr import tesseract
from congvan.pipeline.result import Status
from congvan.pipeline.run import version
from congvan.pipeline.settings import Settings
from congvan.schemas.fields import FIELDS
from congvan.schemas.record import Record
from congvan.tracker.api import STORED, Direction, Outcome, Store

_CHUNK = 1 << 20


@dataclass(frozen=True)
class IntakeConfig:
    """Everything an intake needs besides the document; frozen and passed in."""

    settings: Settings
    limits: Limits = field(default_factory=Limits)
    archive: Path | None = None  # None: leave the file where it is (the nightly sweep)
    failed: Path | None = None
    reextract: bool = False  # re-read bytes whose record an older extractor version made
    tools: dict[str, str] = field(default_factory=dict)  # versions written into error files
    direction: Direction = Direction.IN  # OUT: the office's own documents (`ingest --outgoing`)
    auto_close: bool = False  # an outgoing reply closes the obligations it answers without a confirmation


@dataclass(frozen=True)
class IntakeReport:
    path: Path
    outcome: Outcome
    sha256: str | None = None
    reason: str | None = None
    stage: str | None = None
    document_id: int | None = None
    obligations_added: int = 0
    moved_to: Path | None = None
    extra_files: tuple[Path, ...] = ()
    seconds: float = 0.0
    duplicate_of: int | None = None  # DUPLICATE_NUMBER: the stored document with the same number
    number: str | None = None  # the record's number, when one was stored
    record_status: str | None = None  # the record's status (complete, partial), when one was stored
    clerk_reason: str | None = None  # of a failure: the reason in Vietnamese, for the office (upload page)
    needs_review: bool = False  # the stored record read no header field: a clerk should look
    cause: str | None = None  # why an INTERRUPTED file is still there ("move:EACCES", "store:ReadOnlyError")

    @property
    def stored(self) -> bool:
        return self.outcome in STORED

    def line(self) -> str:
        name = self.path.name + (f" (+{len(self.extra_files)} pages)" if self.extra_files else "")
        where = f" → {self.moved_to}" if self.moved_to else ""
        if self.outcome is Outcome.FAILED:
            return f"{name}: FAILED at {self.stage}: {self.reason}{where}"
        extra = f", {self.obligations_added} obligations" if self.obligations_added else ""
        extra += ", NEEDS REVIEW (no header field read)" if self.needs_review else ""
        return f"{name}: {self.outcome.value}{extra}{where}"


@dataclass(frozen=True)
class Snapshot:
    """What a document's files were when hashed: used to notice a file changing under us."""

    sha256: str
    stats: tuple[tuple[int, int], ...]  # (size, mtime_ns) of the main file and each page file


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_stats(doc: DocumentInput) -> tuple[tuple[int, int], ...]:
    out = []
    for p in (doc.path, *doc.extra_pages):
        st = p.stat()
        out.append((st.st_size, st.st_mtime_ns))
    return tuple(out)


def snapshot(doc: DocumentInput) -> Snapshot:
    before = file_stats(doc)
    return Snapshot(sha256_file(doc.path), before)


def tool_versions() -> dict[str, str]:
    """Versions that explain a failure later: written into every `<name>.error.json`."""
    versions = {"congvan": version(), "python": platform.python_version(), "platform": platform.platform()}
    versions["tesseract"] = tesseract.version()
    with contextlib.suppress(Exception):
        import pypdfium2

        versions["pdfium"] = str(pypdfium2.PDFIUM_INFO)
    return versions


def intake(
    doc: DocumentInput,
    config: IntakeConfig,
    store: Store,
    sandbox: Sandbox,
    locks: DocumentLocks,
    stop: threading.Event | None = None,
    pending: PendingMoves | None = None,
) -> IntakeReport:
    """Process one document end to end; never raises for a problem with the document.

    A move into the archive or failed folder that fails (unwritable folder, full disk) leaves the
    file in place and returns INTERRUPTED with cause `move:<errno>`; what was decided is kept in
    `pending`, so the retry only moves the file and does not read it again."""
    pending = pending if pending is not None else PendingMoves()
    try:
        snap = snapshot(doc)
    except FileNotFoundError:
        return IntakeReport(doc.path, Outcome.GONE, extra_files=doc.extra_pages)
    except OSError as exc:
        return _move_or_interrupt(
            doc, None, _finish_failure(doc, None, config, f"cannot read the file: {exc.strerror}", "load"), pending
        )
    with locks.hold(snap.sha256, stop=stop):
        decided = pending.get(doc.path, snap.sha256)
        if decided is not None:
            return _move_or_interrupt(doc, snap.sha256, decided, pending)
        wanted_version = version() if config.reextract else None
        if store.has_document(snap.sha256, wanted_version):
            return _move_or_interrupt(doc, snap.sha256, _finish_known(doc, snap, config, store), pending)
        result = sandbox.run(doc, stop)
        if result.interrupted:
            return IntakeReport(doc.path, Outcome.INTERRUPTED, snap.sha256, extra_files=doc.extra_pages)
        if _changed(doc, snap):
            return IntakeReport(
                doc.path,
                Outcome.CHANGED,
                snap.sha256,
                reason="the file changed while it was read",
                extra_files=doc.extra_pages,
                clerk_reason=CLERK_CHANGED,
            )
        record = _usable_record(result)
        if record is None:
            reason = result.reason or "no record"
            clerk = result.clerk_reason or CongvanError.clerk
            if result.status is Status.NEEDS_OCR:
                reason, clerk = f"needs OCR: {reason}", NeedsOCR.clerk
            failure = _finish_failure(doc, snap, config, reason, result.stage or "pipeline", result.seconds, clerk)
            return _move_or_interrupt(doc, snap.sha256, failure, pending)
        if not is_document(record):
            failure = _finish_failure(
                doc, snap, config, NOT_DISPATCH, "extract", result.seconds, CLERK_NOT_DISPATCH
            )
            return _move_or_interrupt(doc, snap.sha256, failure, pending)
        ingested = store.ingest(record, str(doc.path), config.direction, config.auto_close)
        stored = _finish_stored(doc, snap, config, record, ingested.outcome, result.seconds)
        stored = replace(
            stored,
            report=replace(
                stored.report,
                document_id=ingested.document_id,
                obligations_added=ingested.obligations_added,
                duplicate_of=ingested.duplicate_of,
            ),
        )
        return _move_or_interrupt(doc, snap.sha256, stored, pending)


@dataclass(frozen=True)
class Decided:
    """What became of a document, and the move that still has to be done for it (folder None: none)."""

    report: IntakeReport
    folder: Path | None = None
    sidecar_suffix: str = ".json"
    body: str = ""


class PendingMoves:
    """Documents judged (and stored) whose move failed, keyed by path and content hash: the retry
    finishes the move instead of reading the file again. Shared by the lanes of one pool."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: dict[tuple[Path, str], Decided] = {}

    def get(self, path: Path, sha256: str) -> Decided | None:
        with self._lock:
            return self._items.get((path, sha256))

    def put(self, path: Path, sha256: str, decided: Decided) -> None:
        with self._lock:
            self._items[(path, sha256)] = decided

    def drop(self, path: Path, sha256: str) -> None:
        with self._lock:
            self._items.pop((path, sha256), None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


def _move_or_interrupt(
    doc: DocumentInput, sha256: str | None, decided: Decided, pending: PendingMoves
) -> IntakeReport:
    if decided.folder is None:
        return decided.report
    try:
        moved_to = archive_files(doc, decided.folder, sha256, decided.sidecar_suffix, decided.body)
    except OSError as exc:
        if sha256 is not None:
            pending.put(doc.path, sha256, decided)
        code = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
        return IntakeReport(
            doc.path,
            Outcome.INTERRUPTED,
            sha256,
            reason=f"cannot move into {decided.folder}: {exc.strerror or exc}",
            stage="move",
            document_id=decided.report.document_id,
            extra_files=doc.extra_pages,
            cause=f"move:{code}",
        )
    if sha256 is not None:
        pending.drop(doc.path, sha256)
    return replace(decided.report, moved_to=moved_to)


# A 1-byte file, "hello world", a saved web page: read without error, yet nothing an office files.
NOT_DISPATCH = "not an administrative document: no header field was found and it is not a dispatch"
# The header fields that say a text is a document; the type and is_dispatch are always set.
DOCUMENT_FIELDS = tuple(f.name for f in FIELDS if f.header and f.name not in ("document_type", "is_dispatch"))


def is_document(record: Record) -> bool:
    """A dispatch, or a text with at least one header field read (a news article with its date
    is kept: the record says what it is)."""
    if record.is_dispatch:
        return True
    for name in DOCUMENT_FIELDS:
        value = getattr(record, name, None)
        if hasattr(value, "model_dump"):
            value = any(v for v in value.model_dump().values())
        if value:
            return True
    return False


def _usable_record(result: SandboxResult) -> Record | None:
    """A record worth storing: NEEDS_OCR means nothing was read, so it goes to failed instead, and
    a later run with OCR on (or a nightly sweep of the failed folder) still finds it unstored."""
    if result.record_json is None or result.status in (Status.FAILED, Status.NEEDS_OCR):
        return None
    return Record.model_validate_json(result.record_json)


def _changed(doc: DocumentInput, snap: Snapshot) -> bool:
    try:
        return file_stats(doc) != snap.stats
    except FileNotFoundError:
        return True


def _finish_stored(
    doc: DocumentInput,
    snap: Snapshot,
    config: IntakeConfig,
    record: Record,
    outcome: Outcome,
    seconds: float,
) -> Decided:
    report = IntakeReport(
        doc.path,
        outcome,
        snap.sha256,
        extra_files=doc.extra_pages,
        seconds=seconds,
        number=record.number,
        record_status=str(record.status),
        needs_review=record.needs_review,
    )
    if config.archive is None:
        return Decided(report)
    return Decided(report, config.archive, ".json", record.model_dump_json(indent=2) + "\n")


def _finish_known(doc: DocumentInput, snap: Snapshot, config: IntakeConfig, store: Store) -> Decided:
    """Bytes already in the tracker: archive with a note saying so, without reading them again.

    Unless the archive already holds our own record for these bytes under this file's name with the
    file not (or only half) moved there: an earlier run stored the record, wrote its sidecar and
    was stopped (a failed move, a kill) before the move ended. Then the move is finished, the real
    record sidecar is kept, and the outcome is the stored one, not "same bytes"."""
    report = IntakeReport(doc.path, Outcome.SAME_BYTES, snap.sha256, extra_files=doc.extra_pages)
    if config.archive is None:
        return Decided(report)
    dest = choose_destination([doc.path, *doc.extra_pages], config.archive, snap.sha256, ".json")
    if dest.reuses and _is_record_sidecar(dest.sidecar):
        document_id = store.document_id_for(snap.sha256)
        stored = store.document(document_id) if document_id is not None else None
        outcome = Outcome.NEW
        if stored is not None and stored.duplicate_of is not None:
            outcome = Outcome.DUPLICATE_NUMBER
        own = replace(
            report,
            outcome=outcome,
            document_id=document_id,
            duplicate_of=stored.duplicate_of if stored else None,
            number=stored.number if stored else None,
            record_status=stored.status if stored else None,
        )
        return Decided(own, config.archive, ".json", "")  # empty body: the sidecar there is kept
    note = {
        "duplicate": True,
        "outcome": Outcome.SAME_BYTES.value,
        "sha256": snap.sha256,
        "original_path": str(doc.path),
        "received": _now(),
        "note": "these exact bytes were already in the tracker; not stored again",
    }
    return Decided(report, config.archive, ".json", _dumps(note))


def _is_record_sidecar(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and not data.get("duplicate") and isinstance(data.get("source"), dict)


def _finish_failure(
    doc: DocumentInput,
    snap: Snapshot | None,
    config: IntakeConfig,
    reason: str,
    stage: str,
    seconds: float = 0.0,
    clerk: str = CLERK_UNREADABLE,
) -> Decided:
    report = IntakeReport(
        doc.path,
        Outcome.FAILED,
        snap.sha256 if snap else None,
        reason=reason,
        stage=stage,
        extra_files=doc.extra_pages,
        seconds=seconds,
        clerk_reason=clerk,
    )
    if config.failed is None:
        return Decided(report)
    error = {
        "file": doc.path.name,
        "original_path": str(doc.path),
        "extra_files": [str(p) for p in doc.extra_pages],
        "sha256": snap.sha256 if snap else None,
        "size": snap.stats[0][0] if snap else None,
        "reason": reason,
        "clerk_reason": clerk,
        "stage": stage,
        "time": _now(),
        "settings": {
            "ocr": config.settings.ocr.value,
            "time_limit_s": config.limits.time_s,
            "memory_limit_mib": config.limits.memory_bytes // 2**20,
        },
        "tools": config.tools,
    }
    return Decided(report, config.failed, ".error.json", _dumps(error))


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


# --- moving files -------------------------------------------------------------------------------


def candidate_names(name: str, reserve: int = 0) -> Iterator[str]:
    """`a.pdf`, `a (2).pdf`, `a (3).pdf` …: what a clerk expects from a file manager; a name too
    long for the file system with `reserve` bytes of sidecar suffix is shortened first (fit_name)."""
    name = fit_name(name, reserve + len(" (9999)"))
    yield name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem:
        stem, suffix = name, ""
    n = 2
    while True:
        yield f"{stem} ({n}).{suffix}" if suffix else f"{stem} ({n})"
        n += 1


def _sidecar_sha(path: Path) -> str | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    sha = data.get("sha256") or data.get("source", {}).get("sha256")
    return sha if isinstance(sha, str) else None


@dataclass(frozen=True)
class Destination:
    files: list[Path]  # where each of the document's files goes
    sidecar: Path
    reuses: bool  # the sidecar (and maybe files) of an interrupted earlier move of these bytes


def choose_destination(
    files: list[Path], folder: Path, sha256: str | None, sidecar_suffix: str
) -> Destination:
    """Destinations for a document's files (one shared suffix), never an existing file.

    A sidecar already there for the same bytes, beside files that are either missing or the very
    files being moved (same inode: a kill between the hard link and the unlink; or same bytes and
    mtime: a kill during a copy across file systems), is an interrupted earlier move of this very
    document: reuse its names so a re-run finishes the job instead of adding a copy.
    """
    names = [candidate_names(f.name, len(sidecar_suffix.encode())) for f in files]
    while True:
        dests = [folder / next(gen) for gen in names]
        sidecar = dests[0].with_name(dests[0].name + sidecar_suffix)
        taken = any(d.exists() for d in dests)
        if not taken and not sidecar.exists():
            return Destination(dests, sidecar, reuses=False)
        if (
            sha256 is not None
            and _sidecar_sha(sidecar) == sha256
            and all(not d.exists() or _same_file(s, d) for s, d in zip(files, dests, strict=True))
        ):
            return Destination(dests, sidecar, reuses=True)


def _same_file(src: Path, dst: Path) -> bool:
    """`dst` is `src` itself (a hard link) or a finished copy of it (same size, mtime and bytes)."""
    try:
        a, b = src.stat(), dst.stat()
    except OSError:
        return not src.exists()  # the source is already gone: nothing more to move
    if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
        return True
    if (a.st_size, a.st_mtime_ns) != (b.st_size, b.st_mtime_ns):
        return False
    return sha256_file(src) == sha256_file(dst)


def archive_files(
    doc: DocumentInput, folder: Path, sha256: str | None, sidecar_suffix: str, body: str
) -> Path:
    """Write the sidecar, then move the files in; return where the main file went.

    An empty `body` keeps the sidecar already there (our own record from an interrupted move)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [doc.path, *doc.extra_pages]
    while True:
        dest = choose_destination(files, folder, sha256, sidecar_suffix)
        if body:
            write_atomic(dest.sidecar, body)
        try:
            for src, dst in zip(files, dest.files, strict=True):
                if not src.exists():
                    continue
                if dst.exists() and _same_file(src, dst):
                    os.unlink(src)  # the earlier move got as far as the link: finish it
                    fsync_dir(src.parent)
                else:
                    move_no_clobber(src, dst)
            return dest.files[0]
        except FileExistsError:
            continue  # another process took the name between our look and our move: pick the next
