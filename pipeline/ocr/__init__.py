"""OCR of page images (issue #3). The text stage calls `ocr_pages`; everything else is internal.

Interface (stable, used by pipeline/text):
    available() -> bool                       tesseract binary and the 'vie' model are installed
    ocr_pages(images, settings) -> list[OcrResult]
        images: list of PIL.Image (one per page, in order); returns one result per page
    ocr_page_stream(count, image_of, settings, text_layers) -> list[(OcrResult, image size)]
        the same with each page image made on its turn and dropped once read (flat memory)
    read_line(image, lang, timeout_s) -> (text, mean confidence)
        one line of print in a small image (text a PDF draws as a picture)

The engine (OpenCV, NumPy) loads on first use of these names, so a process that only asks
`tesseract.version()` (the operations' tool list) does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from congvan.pipeline.ocr.engine import OcrResult, available, ocr_page_stream, ocr_pages
    from congvan.pipeline.ocr.line import read_line

__all__ = ["OcrResult", "available", "ocr_page_stream", "ocr_pages", "read_line"]


def __getattr__(name: str) -> Any:
    if name == "read_line":
        from congvan.pipeline.ocr.line import read_line

        return read_line
    if name in __all__:
        from congvan.pipeline.ocr import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
