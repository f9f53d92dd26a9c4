"""Text acquisition: the bytes of one document → its pages of text, or a typed error saying why not.

Public:
    acquire_text(source, settings) -> DocumentText
    fix_legacy(text) -> (text, encoding | None)          TCVN3 / VNI → Unicode
    classify_page_text(text) -> "good" | "empty" | "garbage"
    assess_text(text) -> Noise                           clean / noisy / garbage, with its signals
"""

from __future__ import annotations

from congvan.errors import CorruptFile, EmptyFile, NeedsOCR, UnsupportedMediaType
from congvan.pipeline.document import DocumentText, PageText, SourceFile
from congvan.pipeline.media import DOCX, IMAGE_TYPES, PDF, TEXT, detect_media_type, is_zip
from congvan.pipeline.settings import Settings
from congvan.pipeline.text.legacy import fix_legacy
from congvan.pipeline.text.mend import mend_noisy
from congvan.pipeline.text.quality import assess_text, classify_page_text, score_page_text

__all__ = ["acquire_text", "assess_text", "classify_page_text", "fix_legacy", "score_page_text"]


def _pages_and_warnings(
    source: SourceFile, media_type: str, settings: Settings
) -> tuple[list[PageText], list[str]]:
    if media_type == PDF:
        from congvan.pipeline.text.pdf import pdf_pages

        return pdf_pages(source.data, settings)
    if media_type == DOCX:
        from congvan.pipeline.text.docx import docx_pages

        return docx_pages(source.data)
    if media_type == TEXT:
        from congvan.pipeline.text.plain import plain_pages

        return plain_pages(source.data)
    if media_type in IMAGE_TYPES:
        from congvan.pipeline.text.images import image_pages

        return image_pages(source, settings)
    raise UnsupportedMediaType(f"unsupported file type {media_type} (expected PDF, DOCX, text or an image)")


def _claimed_type_warnings(source: SourceFile, media_type: str) -> list[str]:
    """The bytes decide the type; a name that promises a PDF or DOCX the bytes are not is corrupt
    unless the bytes are another type we read (a PNG saved as .pdf is read as a PNG)."""
    suffix = source.path.suffix.lower()
    claimed = {".pdf": PDF, ".docx": DOCX}.get(suffix)
    if claimed is None or claimed == media_type:
        return []
    if media_type in IMAGE_TYPES or media_type == (PDF if claimed == DOCX else DOCX):
        return [f"Tệp {source.path.name} mang đuôi {suffix} nhưng nội dung là {media_type}; đã đọc theo nội dung"]
    if claimed == DOCX:
        what = "a zip archive without word/document.xml" if is_zip(source.data) else "not a zip archive"
        raise CorruptFile(f"{source.path.name} is not a valid DOCX: {what}")
    raise CorruptFile(f"{source.path.name} is not a valid PDF: no %PDF- header")


def acquire_text(source: SourceFile, settings: Settings) -> DocumentText:
    """Pages of text of one document; raises a CongvanError subclass instead of returning nothing."""
    if not source.data:
        raise EmptyFile("file is empty (0 bytes)")
    media_type = detect_media_type(source.data)
    claimed = _claimed_type_warnings(source, media_type)
    pages, warnings = _pages_and_warnings(source, media_type, settings)
    pages, mended = mend_noisy(pages, media_type)
    warnings = claimed + warnings + mended
    if not any(p.text.strip() for p in pages):
        if media_type == TEXT:
            raise EmptyFile("file holds only whitespace")
        raise NeedsOCR("no page has any text: the document is blank or needs OCR")
    return DocumentText(pages=tuple(pages), warnings=tuple(warnings))
