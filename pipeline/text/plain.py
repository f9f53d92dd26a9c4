"""Plain text files: UTF-8 (with or without BOM), UTF-16 with BOM, or 8-bit legacy Vietnamese."""

from __future__ import annotations

import codecs

from pipeline.document import PageText
from pipeline.text.legacy import fix_legacy
from pipeline.text.quality import score_page_text
from schemas.record import TextOrigin

# A form feed separates pages in text dumps (pdftotext writes one per page).
PAGE_BREAK = "\f"


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
    latin, legacy = fix_legacy(data.decode("latin-1"))
    candidates = [(latin, legacy or "latin-1")]
    try:
        candidates.append((data.decode("cp1258"), "cp1258"))
    except UnicodeDecodeError:
        pass
    return max(candidates, key=lambda c: score_page_text(c[0]).score)


def plain_pages(data: bytes) -> tuple[list[PageText], list[str]]:
    text, encoding = decode_text(data)
    warnings = [] if encoding.startswith("utf") else [f"text file decoded from the 8-bit {encoding} encoding"]
    chunks = text.split(PAGE_BREAK) if PAGE_BREAK in text else [text]
    pages = [PageText(number, chunk, TextOrigin.PLAIN_TEXT) for number, chunk in enumerate(chunks, start=1)]
    return pages, warnings
