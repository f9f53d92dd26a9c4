"""OCR of page images (issue #3). The text stage calls `ocr_pages`; everything else is internal.

Interface (stable, used by pipeline/text):
    available() -> bool                       tesseract binary and the 'vie' model are installed
    ocr_pages(images, settings) -> list[OcrResult]
        images: list of PIL.Image (one per page, in order); returns one result per page
"""

from __future__ import annotations

from congvan.pipeline.ocr.engine import OcrResult, available, ocr_pages

__all__ = ["OcrResult", "available", "ocr_pages"]
