"""Why a document could not be processed, and the exit codes of the command line.

Each error class carries the stage it belongs to and an `ExitCode`, so an entry point turns any
of them into one result line and one process status (OCRmyPDF's exceptions.py does the same).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class ExitCode(IntEnum):
    """What `congvan <verb>` returns to a shell, a cron job or a systemd unit (README, "Using it").

    0-9 say how the command went; 10-19 say why a document could not be read; 130 is a stop on
    request. Click and Typer exit 2 on a usage error of their own, so our own usage errors do too.
    """

    OK = 0
    FAILED = 1  # did not do its job; documents of one run that failed for different reasons
    USAGE = 2  # bad arguments: a missing path, a malformed date, an unknown role, folders that clash
    LOCKED = 3  # another congvan process holds the inbox, the folder or the tracker
    TRACKER_UNAVAILABLE = 4  # the tracker database cannot be opened
    STALLED = 5  # an intake lane stopped on its own; the watcher cannot go on
    MAIL_UNAVAILABLE = 6  # the SMTP server cannot be reached, refused TLS or the sign-in: nothing sent
    EMPTY_FILE = 10
    UNSUPPORTED_TYPE = 11
    CORRUPT_FILE = 12
    ENCRYPTED_FILE = 13
    FILE_TOO_LARGE = 14
    NEEDS_OCR = 15  # image-only pages and no OCR: only when not even a needs_ocr record could be made
    OCR_FAILED = 16
    INTERRUPTED = 130  # stopped by a signal (128 + SIGINT, what a shell reports for ^C)


def run_exit_code(failures: Iterable[ExitCode]) -> ExitCode:
    """The exit code of a run over many documents, from the codes of those that failed: OK when
    none failed, their shared code when all failed for the same reason (one corrupt PDF among a
    hundred good files exits 12, like the corrupt PDF alone), FAILED when the reasons differ.
    A record with status needs_ocr is a result, not a failure."""
    codes = set(failures)
    if not codes:
        return ExitCode.OK
    return codes.pop() if len(codes) == 1 else ExitCode.FAILED


class CongvanError(Exception):
    """A document-level failure with a clear, one-line reason.

    `reason` is the operator's detail (English, for logs and `.error.json`); `clerk` is what the
    office reads on the upload page: Vietnamese, one per class, without file internals."""

    stage: str = "pipeline"
    exit_code: ExitCode = ExitCode.FAILED
    clerk: str = "không đọc được tệp này"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EmptyFile(CongvanError):
    stage = "load"
    exit_code = ExitCode.EMPTY_FILE
    clerk = "tệp rỗng, không có nội dung"


class UnsupportedMediaType(CongvanError):
    stage = "load"
    exit_code = ExitCode.UNSUPPORTED_TYPE
    clerk = "loại tệp không được hỗ trợ (chỉ nhận PDF, DOCX, TXT và ảnh PNG, JPEG, TIFF)"


class CorruptFile(CongvanError):
    stage = "text"
    exit_code = ExitCode.CORRUPT_FILE
    clerk = "tệp bị hỏng hoặc nội dung không đúng loại tệp ghi trong tên"


class EncryptedFile(CongvanError):
    stage = "text"
    exit_code = ExitCode.ENCRYPTED_FILE
    clerk = "tệp được đặt mật khẩu; hãy gửi bản không có mật khẩu"


class FileTooLarge(CongvanError):
    stage = "load"
    exit_code = ExitCode.FILE_TOO_LARGE
    clerk = "tệp quá lớn so với giới hạn cho phép"


class NeedsOCR(CongvanError):
    """The document has image-only pages and OCR is off (`--ocr never`) or not installed."""

    stage = "text"
    exit_code = ExitCode.NEEDS_OCR
    clerk = "tệp chỉ gồm ảnh trang, cần nhận dạng chữ (OCR) nhưng máy chủ chưa bật OCR"


class OCRFailed(CongvanError):
    stage = "ocr"
    exit_code = ExitCode.OCR_FAILED
    clerk = "không nhận dạng được chữ trên ảnh trang"


# What the clerk reads for a document that failed, by its exit code (the sandbox passes the code,
# not the exception) and for the failures no error class stands for.
CLERK_REASONS: dict[int, str] = {
    int(cls.exit_code): cls.clerk
    for cls in (EmptyFile, UnsupportedMediaType, CorruptFile, EncryptedFile, FileTooLarge, NeedsOCR, OCRFailed)
}
CLERK_TIME_LIMIT = "đọc tệp quá thời gian cho phép"
CLERK_MEMORY_LIMIT = "tệp cần quá nhiều bộ nhớ để đọc"
CLERK_CRASHED = "lỗi khi đọc tệp; quản trị viên xem chi tiết trong nhật ký"
CLERK_NOT_DISPATCH = "không phải văn bản hành chính (không thấy số, ngày, cơ quan ban hành hay trích yếu)"
CLERK_CHANGED = "tệp bị thay đổi trong khi đang đọc; sẽ đọc lại sau"
CLERK_UNREADABLE = "không mở được tệp"


def clerk_reason(code: int | None) -> str:
    """The Vietnamese reason for a failure with this exit code."""
    return CLERK_REASONS.get(int(code), CongvanError.clerk) if code is not None else CongvanError.clerk


class TrackerReadOnly(CongvanError):
    """The tracker database (or the folder it needs for its journal) cannot be written: refused
    before opening, so SQLite leaves no read-only `-shm`/`-wal` behind."""

    stage = "store"
    exit_code = ExitCode.TRACKER_UNAVAILABLE


class FolderNotWritable(CongvanError):
    """A folder the watcher must write to (inbox, archive, failed) cannot be written."""

    stage = "start"
    exit_code = ExitCode.USAGE
