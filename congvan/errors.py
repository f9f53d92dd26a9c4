"""Why a document could not be processed.

Each class carries the stage it belongs to and a process exit code, so an entry point turns
any of them into one result line (OCRmyPDF's exceptions.py does the same).
"""

from __future__ import annotations


class CongvanError(Exception):
    """A document-level failure with a clear, one-line reason."""

    stage: str = "pipeline"
    exit_code: int = 1

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EmptyFile(CongvanError):
    stage = "load"
    exit_code = 3


class UnsupportedMediaType(CongvanError):
    stage = "load"
    exit_code = 4


class CorruptFile(CongvanError):
    stage = "text"
    exit_code = 5


class EncryptedFile(CongvanError):
    stage = "text"
    exit_code = 6


class FileTooLarge(CongvanError):
    stage = "load"
    exit_code = 7


class NeedsOCR(CongvanError):
    """The document has image-only pages and OCR is off (`--ocr never`) or not installed."""

    stage = "text"
    exit_code = 8


class OCRFailed(CongvanError):
    stage = "ocr"
    exit_code = 9
