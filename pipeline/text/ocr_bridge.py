"""Hand page images to the OCR stage, or fail with NeedsOCR naming the pages.

`pipeline.ocr` is imported lazily: without Tesseract (or without the module) the text stage still
works for text documents, and image pages fail with a clear reason instead of an empty document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pipeline.document import PageText
from pipeline.errors import NeedsOCR
from pipeline.settings import OcrMode, Settings
from schemas.record import TextOrigin


def _engine() -> Any | None:
    try:
        import pipeline.ocr as ocr
    except ImportError:
        return None
    try:
        return ocr if ocr.available() else None
    except Exception:  # a broken OCR install is "OCR unavailable", reported through NeedsOCR
        return None


def _pages(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def ocr_images(
    numbers: Sequence[int],
    images: Callable[[], list[Any]],
    text_layers: Sequence[str | None],
    settings: Settings,
) -> tuple[list[PageText], list[str]]:
    """OCR the page images (built only when OCR will run): one PageText per page, and warnings."""
    if settings.ocr == OcrMode.NEVER:
        raise NeedsOCR(f"page(s) {_pages(numbers)} are images without a usable text layer and OCR is off")
    engine = _engine()
    if engine is None:
        raise NeedsOCR(
            f"page(s) {_pages(numbers)} are images without a usable text layer and OCR "
            "(tesseract with the 'vie' model) is not available"
        )
    results = engine.ocr_pages(images(), settings, text_layers=list(text_layers))
    warnings = [w for r in results for w in r.warnings]
    pages = [
        PageText(
            number=number,
            text=result.text,
            origin=TextOrigin.OCR,
            ocr_confidence=result.confidence,
            raw_ocr_text=result.raw_text,
        )
        for number, result in zip(numbers, results, strict=True)
    ]
    return pages, warnings
