"""Text acquisition: the bytes of one document → its pages of text, or a typed error saying why not.

Public:
    acquire_text(source, settings) -> DocumentText
    fix_legacy(text) -> (text, encoding | None)          TCVN3 / VNI → Unicode
    classify_page_text(text) -> "good" | "empty" | "garbage"
"""

from __future__ import annotations

from pipeline.document import DocumentText, PageText, SourceFile
from pipeline.errors import EmptyFile, NeedsOCR, UnsupportedMediaType
from pipeline.media import DOCX, IMAGE_TYPES, PDF, TEXT, detect_media_type
from pipeline.settings import Settings
from pipeline.text.legacy import fix_legacy
from pipeline.text.quality import classify_page_text, score_page_text

__all__ = ["acquire_text", "classify_page_text", "fix_legacy", "score_page_text"]


def _pages_and_warnings(source: SourceFile, media_type: str, settings: Settings) -> tuple[list[PageText], list[str]]:
    if media_type == PDF:
        from pipeline.text.pdf import pdf_pages

        return pdf_pages(source.data, settings)
    if media_type == DOCX:
        from pipeline.text.docx import docx_pages

        return docx_pages(source.data)
    if media_type == TEXT:
        from pipeline.text.plain import plain_pages

        return plain_pages(source.data)
    if media_type in IMAGE_TYPES:
        from pipeline.text.images import image_pages

        return image_pages(source, settings)
    raise UnsupportedMediaType(f"unsupported file type {media_type} (expected PDF, DOCX, text or an image)")


def acquire_text(source: SourceFile, settings: Settings) -> DocumentText:
    """Pages of text of one document; raises a CongvanError subclass instead of returning nothing."""
    if not source.data:
        raise EmptyFile("file is empty (0 bytes)")
    media_type = detect_media_type(source.data)
    pages, warnings = _pages_and_warnings(source, media_type, settings)
    if not any(p.text.strip() for p in pages):
        if media_type == TEXT:
            raise EmptyFile("file holds only whitespace")
        raise NeedsOCR("no page has any text: the document is blank or needs OCR")
    return DocumentText(pages=tuple(pages), warnings=tuple(warnings))
