"""Hand page images to the OCR stage, or fail with NeedsOCR naming the pages.

`congvan.pipeline.ocr` is imported lazily: without Tesseract (or without the module) the text stage still
works for text documents, and image pages fail with a clear reason instead of an empty document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rapidfuzz import fuzz

from congvan.errors import NeedsOCR
from congvan.pipeline.boxes import carry
from congvan.pipeline.document import PageText
from congvan.pipeline.settings import OcrMode, Settings
from congvan.schemas.record import TextOrigin


def _engine() -> Any | None:
    try:
        import congvan.pipeline.ocr as ocr
    except ImportError:
        return None
    try:
        return ocr if ocr.available() else None
    except Exception:  # a broken OCR install is "OCR unavailable", reported through NeedsOCR
        return None


def ocr_engine(settings: Settings) -> Any | None:
    """The OCR stage when OCR may and can run, else None."""
    return None if settings.ocr == OcrMode.NEVER else _engine()


def ocr_available(settings: Settings) -> bool:
    """Whether OCR may and can run: a broken text layer is read again only then, else kept."""
    return ocr_engine(settings) is not None


STAMP_ECHO_SIMILARITY = 80  # rapidfuzz ratio: an OCR'd stamp line is this close to the layer's line
STAMP_LINE_MIN_CHARS = 6


def drop_stamp_echo(ocr_text: str, layer: str | None) -> str:
    """Remove the e-signature stamp as OCR read it from the page image ("TRUNG TÂM CÔNG BÁO /
    VÀ TIN HỌC / ttcbth()quangnga1.øov.vn / 05.02.2025 15:35:18 +07:00" amid the header): the
    page's text layer carries the same stamp exactly, and the OCR copy lands inside the header
    columns. Only runs of two or more consecutive matching lines go, so a printed line that
    merely repeats one stamp line (the signer's name) stays."""
    stamp = [ln.strip() for ln in (layer or "").splitlines() if len(ln.strip()) >= STAMP_LINE_MIN_CHARS]
    if not stamp:
        return ocr_text
    lines = ocr_text.split("\n")
    echo = [
        len(ln.strip()) >= STAMP_LINE_MIN_CHARS
        and max(fuzz.ratio(ln.strip(), st) for st in stamp) >= STAMP_ECHO_SIMILARITY
        for ln in lines
    ]
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and echo[j]:
            j += 1
        if j - i >= 2:
            keep[i:j] = [False] * (j - i)
        i = max(j, i + 1)
    return "\n".join(ln for ln, k in zip(lines, keep, strict=True) if k)


def _without_echo(text: str, layer: str | None) -> str:
    """The echo is removed from the OCR part only, not from the appended text layer itself."""
    from congvan.pipeline.ocr.engine import ESIGN_HEADER

    body, marker, appended = text.partition(ESIGN_HEADER)
    return drop_stamp_echo(body, layer) + marker + appended


def _pages(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def ocr_images(
    numbers: Sequence[int],
    image_of: Callable[[int], Any],
    text_layers: Sequence[str | None],
    settings: Settings,
) -> tuple[list[PageText], list[str]]:
    """OCR the pages `numbers`; `image_of(i)` makes the i-th one's image when its turn comes (only
    when OCR will run, and one page at a time: see ocr_page_stream). One PageText per page, and warnings."""
    if settings.ocr == OcrMode.NEVER:
        raise NeedsOCR(f"page(s) {_pages(numbers)} are images without a usable text layer and OCR is off")
    engine = _engine()
    if engine is None:
        raise NeedsOCR(
            f"page(s) {_pages(numbers)} are images without a usable text layer and OCR "
            "(tesseract with the 'vie' model) is not available"
        )
    results = engine.ocr_page_stream(len(numbers), image_of, settings, text_layers=list(text_layers))
    warnings = [w for r, _ in results for w in r.warnings]
    pages = []
    for number, (result, size), layer in zip(numbers, results, text_layers, strict=True):
        text = _without_echo(result.text, layer)
        pages.append(
            PageText(
                number=number,
                text=text,
                origin=TextOrigin.OCR,
                ocr_confidence=result.confidence,
                raw_ocr_text=result.raw_text,
                words=result.words,
                image_size=size,
                char_boxes=carry(result.boxed(), text).boxes,
                size=(float(size[0]), float(size[1])),
                handwritten=result.handwritten,
            )
        )
    return pages, warnings
