"""Media type of an input from its bytes (magic numbers), never from its name."""

from __future__ import annotations

import io
import zipfile

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
TEXT = "text/plain"
OCTET = "application/octet-stream"

IMAGE_TYPES = frozenset({PNG, JPEG, TIFF})

# Bytes that never appear in text (NUL and most C0 controls); tab, LF, CR, FF, ESC-free.
_TEXT_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}
# A PDF header may follow a little junk (some mail gateways prepend bytes); readers accept 1 KiB.
_PDF_HEADER_WINDOW = 1024


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def looks_like_text(data: bytes) -> bool:
    """UTF-16 with a BOM, UTF-8, or an 8-bit legacy encoding (TCVN3/VNI bytes are >= 0x80)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            data.decode("utf-16")
        except UnicodeDecodeError:
            return False
        return True
    sample = data[:65536]
    if any(b in _TEXT_CONTROLS for b in sample):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        # 8-bit text: printable ASCII must still dominate, as in TCVN3/VNI Vietnamese.
        ascii_printable = sum(1 for b in sample if 0x20 <= b < 0x7F or b in (0x09, 0x0A, 0x0D))
        return ascii_printable / max(len(sample), 1) >= 0.6
    return True


def detect_media_type(data: bytes) -> str:
    if not data:
        return OCTET
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if is_zip(data):
        return DOCX if _is_docx(data) else OCTET
    if looks_like_text(data):
        return TEXT
    return OCTET
