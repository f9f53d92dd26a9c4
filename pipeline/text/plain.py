"""Plain text files: UTF-8 (with or without BOM), UTF-16 with BOM, or 8-bit legacy Vietnamese."""

from __future__ import annotations

import codecs
import contextlib

from congvan.pipeline.document import PageText
from congvan.pipeline.text.legacy import fix_legacy
from congvan.pipeline.text.quality import score_page_text
from congvan.pipeline.text.unrun import unrun
from congvan.schemas.record import TextOrigin

UNRUN_WARNING = (
    "Trang {page}: phần đầu, phần cuối hoặc các điểm liệt kê của văn bản bị chép liền trên một dòng; "
    "đã tách lại dòng theo thể thức"
)

# A form feed separates pages in text dumps (pdftotext writes one per page).
PAGE_BREAK = "\f"


def _byte_char(code: int) -> str:
    try:
        return bytes([code]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(code)


# TCVN3 and VNI files were written on Windows: punctuation such as “ ” is cp1252, the letters sit
# at 0xA0–0xFF where cp1252 and Latin-1 agree; the five bytes cp1252 leaves undefined stay Latin-1.
_WINDOWS_8BIT = "".join(_byte_char(code) for code in range(256))


def decode_windows_8bit(data: bytes) -> str:
    return "".join(_WINDOWS_8BIT[b] for b in data)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Unicode first; 8-bit bytes are tried as TCVN3, VNI and cp1258."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    latin, legacy = fix_legacy(decode_windows_8bit(data))
    candidates = [(latin, legacy or "cp1252")]
    with contextlib.suppress(UnicodeDecodeError):
        candidates.append((data.decode("cp1258"), "cp1258"))
    return max(candidates, key=lambda c: score_page_text(c[0]).score)


def plain_pages(data: bytes) -> tuple[list[PageText], list[str]]:
    text, encoding = decode_text(data)
    converted = f"Tệp văn bản dùng bảng mã 8 bit {encoding}, đã chuyển sang Unicode"
    warnings = [] if encoding.startswith("utf") else [converted]
    chunks = text.split(PAGE_BREAK) if PAGE_BREAK in text else [text]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        chunk, broken = unrun(chunk)
        if broken:
            warnings.append(UNRUN_WARNING.format(page=number))
        pages.append(PageText(number, chunk, TextOrigin.PLAIN_TEXT))
    return pages, warnings
