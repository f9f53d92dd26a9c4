"""Text of one document as the stages hand it on: pages, their origin, and offsets for evidence."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from congvan.extractors.base import HandRead
from congvan.schemas.record import PageTextOrigin, TextOrigin

PAGE_SEPARATOR = "\n\n"

# Where one character of a page's text is printed: (x0, top, x1, bottom) as fractions of the page
# width and height, origin top-left; None for characters the layout added (spaces, line breaks)
# or that no box backs (an appended e-signature line on an OCR'd page).
CharBox = tuple[float, float, float, float]


@dataclass(frozen=True)
class Word:
    """A word with its box, from a PDF text layer or from OCR. Coordinates in points or pixels,
    origin top-left; only their relative positions within one page matter."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None


@dataclass(frozen=True)
class PageText:
    number: int  # 1-based
    text: str
    origin: TextOrigin
    ocr_confidence: float | None = None
    raw_ocr_text: str | None = None  # OCR text before post-OCR repair, kept for inspection
    # OCR'd pages: the recognised words in Tesseract's order, with their boxes in pixels of the
    # page image that was read (`image_size` = its width, height), so a span can be shown on the
    # page. Their text is Tesseract's, before reading order and repair: it differs from `text`.
    words: tuple[Word, ...] = ()
    image_size: tuple[int, int] | None = None
    # One entry per character of `text` (same length), carried through every change of the text,
    # so an evidence span gets its page boxes at extraction time; None where no layout exists
    # (DOCX, plain text).
    char_boxes: tuple[CharBox | None, ...] | None = None
    # Width and height of the page (PDF points or image pixels): its aspect ratio, for a viewer.
    size: tuple[float, float] | None = None
    # Noisy text (another tool's OCR, marks lost) put through the OCR repair (text/mend.py).
    repaired: bool = False
    # A text layer lying over a page image: a scan another tool OCRed (invisible text over it).
    over_image: bool = False
    # OCR'd pages: the header fields the handwriting reader patched into `text`, each beside what
    # the page OCR read in the same gap (pipeline/ocr/handwriting.py)
    handwritten: tuple[HandRead, ...] = ()

    @property
    def page_origin(self) -> PageTextOrigin:
        if self.repaired and self.origin is not TextOrigin.OCR:
            return PageTextOrigin(f"{self.origin.value}_repaired")
        return PageTextOrigin(self.origin.value)


@dataclass(frozen=True)
class SourceFile:
    """The bytes of one input document (one file, or a page-image set such as 030.jpg + 030_p2.jpg)."""

    path: Path
    data: bytes
    sha256: str
    media_type: str
    extra_pages: tuple[Path, ...] = ()  # further page images of the same document, in order


@dataclass(frozen=True)
class DocumentText:
    pages: tuple[PageText, ...]
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return PAGE_SEPARATOR.join(p.text for p in self.pages)

    @property
    def page_starts(self) -> tuple[int, ...]:
        starts: list[int] = []
        pos = 0
        for p in self.pages:
            starts.append(pos)
            pos += len(p.text) + len(PAGE_SEPARATOR)
        return tuple(starts)

    def page_of(self, offset: int) -> int | None:
        """1-based page number containing `offset` of `text`."""
        page = None
        for number, start in zip((p.number for p in self.pages), self.page_starts, strict=True):
            if offset >= start:
                page = number
        return page

    @property
    def origin(self) -> TextOrigin:
        origins = {p.origin for p in self.pages}
        if TextOrigin.OCR in origins:
            return TextOrigin.OCR
        return next(iter(origins)) if origins else TextOrigin.PLAIN_TEXT

    @property
    def marks_lost(self) -> tuple[tuple[int, int], ...]:
        """The (start, end) of each page of `text` that came without its marks from another tool
        and was repaired (text/mend.py); our own OCR's pages are not among them."""
        return tuple(
            (start, start + len(p.text))
            for p, start in zip(self.pages, self.page_starts, strict=True)
            if p.repaired and p.origin is not TextOrigin.OCR
        )

    @property
    def ocr_confidence(self) -> float | None:
        confs = [p.ocr_confidence for p in self.pages if p.ocr_confidence is not None]
        return round(sum(confs) / len(confs), 4) if confs else None

    @property
    def handwritten(self) -> Mapping[str, HandRead]:
        """The handwritten reads by field, from the first page that has one (the header's page)."""
        found: dict[str, HandRead] = {}
        for page in self.pages:
            for read in page.handwritten:
                found.setdefault(read.field, read)
        return found

    def with_pages(self, pages: tuple[PageText, ...], *warnings: str) -> DocumentText:
        return DocumentText(pages=pages, warnings=self.warnings + tuple(warnings))
