"""The outcome of one document: a record and a status, or a reason. Never an escaped traceback."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from congvan.errors import ExitCode
from congvan.schemas.record import Record, RecordStatus


class Status(StrEnum):
    """How well one document was read. With a record it is the record's own `status`
    (schemas RecordStatus, see RECORD_STATUS: "complete" is SUCCESS here, the name the CLI and the
    evaluation print); FAILED is the one status without a record. What the tracker then did with
    the document (new, same bytes, failed …) is another question: tracker/api.Outcome."""

    SUCCESS = "success"  # every core header field found, no warnings
    PARTIAL = "partial"  # a record, with fields missing or doubtful (see its warnings)
    NEEDS_OCR = "needs_ocr"  # image-only pages and OCR off or unavailable: a record saying so
    FAILED = "failed"  # no record: the file could not be read (reason says why)


RECORD_STATUS = {
    RecordStatus.COMPLETE: Status.SUCCESS,
    RecordStatus.PARTIAL: Status.PARTIAL,
    RecordStatus.NEEDS_OCR: Status.NEEDS_OCR,
}


def status_of(record: Record) -> Status:
    return RECORD_STATUS[RecordStatus(record.status)]


@dataclass(frozen=True)
class DocumentResult:
    path: Path
    status: Status
    record: Record | None = None
    reason: str | None = None
    stage: str | None = None
    seconds: float = 0.0
    exit_code: ExitCode = ExitCode.OK  # of a FAILED result: its error's code (errors.run_exit_code)

    @property
    def ok(self) -> bool:
        return self.status is not Status.FAILED

    def summary_line(self) -> str:
        if self.status is Status.FAILED:
            return f"{self.path}: FAILED at {self.stage}: {self.reason}"
        if self.status is Status.NEEDS_OCR:
            return f"{self.path}: needs OCR: {self.reason}"
        return f"{self.path}: {self.status.value} ({self.seconds:.2f} s)"
