"""Text of a PDF page by page: the text layer where it is real text, OCR where the page is an image.

Fast path: pypdfium2 character boxes (about 10 ms a page) laid out by `congvan.pipeline.layout` (header and
signature columns separated). pdfplumber (about 200–350 ms a page here) is only the fallback when the
pdfium text shows letters split from their words. Signature widgets (the e-sign stamp, the number and
day stamped at signing: "Số: 542 /TB-UBND") are flattened into the page first, so their text is read:
widget words on a line of the page go into that line, the stamp block goes after the page's text.
"""

from __future__ import annotations

import ctypes
import io
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from congvan.errors import CorruptFile, EncryptedFile
from congvan.pipeline.boxes import Boxed, carry
from congvan.pipeline.document import PageText, Word
from congvan.pipeline.layout import group_lines, words_to_boxed, words_to_text
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text.blanks import filled_blanks
from congvan.pipeline.text.mend import assess
from congvan.pipeline.text.ocr_bridge import ocr_available, ocr_engine, ocr_images
from congvan.pipeline.text.pictured import PICTURES_READ, PICTURES_UNREAD, Box, picture_boxes, read_pictures
from congvan.pipeline.text.quality import Noise, page_quality, split_letter_share
from congvan.pipeline.text.tables import page_text as with_tables
from congvan.pipeline.text.tables import shows_table_header, without_fonts
from congvan.schemas.record import TextOrigin

# More lone accented letters than this share of tokens means the pdfium text split words apart.
SPLIT_LETTER_LIMIT = 0.03
# A page whose images cover this share of its area is a scan (its text layer may be just a stamp).
IMAGE_PAGE_COVERAGE = 0.5
REREAD_WARNING = "Trang {page}: lớp chữ của PDF hỏng, đã đọc lại bằng OCR"
TABLE_REREAD_WARNING = (
    "Trang {page}: bảng nhiệm vụ trên trang quét (lớp chữ do công cụ khác nhận dạng), đã đọc lại bằng OCR"
)
KEPT_WARNING = (
    "Trang {page}: lớp chữ của PDF hỏng nhưng không đọc lại được bằng OCR ({why}); "
    "giữ nguyên chữ, hãy kiểm tra các trường"
)
# A character further left than its predecessor by this (× height) starts a new word.
BACKWARD_JUMP = 0.3
# A forward gap wider than this (× height) without a space character is a word break.
WORD_GAP = 0.2
# Text render modes that paint nothing: an OCR tool's layer over a page image (3: invisible,
# 7: clip only; PDF 32000-1 §9.3.6).
INVISIBLE_MODES = frozenset({3, 7})
# Every so many characters is asked whether it is invisible before all of them are.
INK_SAMPLE_STEP = 16
# A page whose visible letters reach this share of its invisible ones is typeset text with an OCR
# layer laid over it (a digital PDF that someone put through OCR): the OCR layer repeats the page,
# with OCR's slips, and is dropped. Below it, the visible text is a stamp on a scan (the e-sign box,
# a stamped number) and the invisible layer is the page's text.
VISIBLE_OVER_OCR = 0.5
OCR_LAYER_DROPPED = "Trang {page}: PDF có thêm lớp chữ OCR ẩn chồng lên chữ thật; đã bỏ lớp OCR"


# The last cross-reference pointer of a PDF file.
# matches b"startxref\n755311"
STARTXREF = re.compile(rb"startxref\s+(?P<offset>\d+)", re.VERBOSE)
# What a cross-reference pointer must point at: a classic table or an xref stream object.
# matches b"xref\n0 12", b"12 0 obj"
XREF_SECTION = re.compile(rb"\s*(?:xref|\d+\s+\d+\s+obj)", re.VERBOSE)
# The start of an indirect object: a file cut short still has some; random bytes after %PDF none.
# matches b"1 0 obj"
PDF_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b", re.VERBOSE)


@dataclass(frozen=True)
class RawPage:
    """What the text layer of one page holds, before any OCR."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    stamp_words: tuple[Word, ...]
    image_coverage: float
    # fonts of an invisible OCR layer over typeset text, dropped from `words` (see VISIBLE_OVER_OCR)
    ocr_layer_fonts: frozenset[str] = frozenset()
    # the boxes of the page's pictures (x0, top, x1, bottom), for text drawn as pictures (pictured.py)
    images: tuple[Box, ...] = ()

    @property
    def ocr_layer_dropped(self) -> bool:
        return bool(self.ocr_layer_fonts)

    @property
    def text(self) -> str:
        return words_to_text(self.words, self.width)

    @property
    def stamp_text(self) -> str:
        return words_to_text(self.stamp_words, self.width)

    def boxed(self) -> Boxed:
        return words_to_boxed(self.words, self.width, self.height)

    def stamp_boxed(self) -> Boxed:
        return words_to_boxed(self.stamp_words, self.width, self.height)


def xref_warnings(data: bytes) -> list[str]:
    """A startxref that points at no cross-reference section: pdfium rebuilds the table by scanning
    the objects, and the text is usually fine, but say so."""
    found = STARTXREF.findall(data[-4096:])
    if not found:
        return ["PDF has no startxref: cross-reference table rebuilt by scanning the file"]
    offset = int(found[-1])
    if offset < len(data) and XREF_SECTION.match(data, offset):
        return []
    return ["PDF cross-reference table is damaged: rebuilt by scanning the file"]


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    if b"%%EOF" not in data[-2048:]:
        if PDF_OBJECT.search(data) is None:
            # Random bytes behind a %PDF header were called "truncated", sending a clerk to look
            # for the rest of a file that never existed.
            raise CorruptFile("PDF hỏng (corrupt): after the %PDF header there is no PDF object at all")
        raise CorruptFile("PDF is truncated: no %%EOF end marker")
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFile("PDF is password-protected") from exc
        raise CorruptFile(f"PDF cannot be parsed: {exc}") from exc
    if len(doc) == 0:
        raise CorruptFile("PDF has no pages (damaged page tree or cross-reference table)")
    return doc


def _chars(textpage: pdfium.PdfTextPage, page_height: float, start: int, end: int) -> list[tuple]:
    """(char, x0, top, x1, bottom) for text characters [start, end), top-left origin."""
    text = textpage.get_text_range(start, end - start) if end > start else ""
    rect = pdfium_c.FS_RECTF()
    out = []
    for offset, ch in enumerate(text):
        pdfium_c.FPDFText_GetLooseCharBox(textpage, start + offset, rect)
        out.append((ch, rect.left, page_height - rect.top, rect.right, page_height - rect.bottom))
    return out


@dataclass(frozen=True)
class _Ink:
    """How each character of a page is drawn: invisibly or not, and in which font."""

    invisible: tuple[bool, ...]
    font: tuple[str, ...]

    def hidden_fonts(self) -> frozenset[str]:
        """Fonts that only ever draw invisible text on the page (Tesseract's "GlyphLessFont")."""
        seen = {f for f, inv in zip(self.font, self.invisible, strict=True) if not inv and f}
        return frozenset(f for f, inv in zip(self.font, self.invisible, strict=True) if inv and f not in seen)


def _ink(textpage: pdfium.PdfTextPage, start: int, end: int) -> _Ink:
    """Generated characters (the spaces and line breaks pdfium adds) have no text object and count
    as visible."""
    invisible: list[bool] = []
    fonts: list[str] = []
    names: dict[int, str] = {}
    buffer = ctypes.create_string_buffer(128)
    for index in range(start, end):
        obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
        if not obj:
            invisible.append(False)
            fonts.append("")
            continue
        invisible.append(pdfium_c.FPDFTextObj_GetTextRenderMode(obj) in INVISIBLE_MODES)
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        if key not in names:
            size = pdfium_c.FPDFFont_GetBaseFontName(font, buffer, len(buffer)) if font else 0
            names[key] = buffer.value.decode("utf-8", "replace") if 0 < size <= len(buffer) else ""
        fonts.append(names[key])
    return _Ink(tuple(invisible), tuple(fonts))


def _has_invisible_text(textpage: pdfium.PdfTextPage, count: int) -> bool:
    """Whether the page has invisible text, from a sample of its characters: a cheap test before the
    per-character one (an OCR layer worth dropping has hundreds of characters)."""
    for index in range(0, count, INK_SAMPLE_STEP):
        obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
        if obj and pdfium_c.FPDFTextObj_GetTextRenderMode(obj) in INVISIBLE_MODES:
            return True
    return False


def _without_ocr_layer(chars: list[tuple], ink: _Ink) -> tuple[list[tuple], frozenset[str]]:
    """The page's characters without an invisible OCR layer laid over typeset text (see
    VISIBLE_OVER_OCR), and the fonts that drew that layer (empty when nothing was dropped: the page
    has no such layer, or the layer is its only text)."""
    invisible = ink.invisible
    hidden = sum(1 for c, inv in zip(chars, invisible, strict=True) if inv and c[0].isalnum())
    if not hidden:
        return chars, frozenset()
    shown = sum(1 for c, inv in zip(chars, invisible, strict=True) if not inv and c[0].isalnum())
    if shown < VISIBLE_OVER_OCR * hidden:
        return chars, frozenset()
    kept = [c for c, inv in zip(chars, invisible, strict=True) if not inv]
    return kept, ink.hidden_fonts() or frozenset({""})


def chars_to_words(chars: Sequence[tuple]) -> list[Word]:
    """Words from characters in content-stream order: a break at spaces, line changes and gaps."""
    words: list[Word] = []
    current: list[tuple] = []

    def flush() -> None:
        if current:
            words.append(
                Word(
                    text="".join(c[0] for c in current),
                    x0=min(c[1] for c in current),
                    top=min(c[2] for c in current),
                    x1=max(c[3] for c in current),
                    bottom=max(c[4] for c in current),
                )
            )
            current.clear()

    for ch, x0, top, x1, bottom in chars:
        if ch.isspace() or ch == "\x00" or x1 <= x0 and not _is_mark(ch):
            flush()
            continue
        if current and not _is_mark(ch):
            prev = current[-1]
            height = max(prev[4] - prev[2], bottom - top, 1e-6)
            center = (top + bottom) / 2
            same_line = prev[2] <= center <= prev[4]
            gap = x0 - prev[3]
            if not same_line or gap > WORD_GAP * height or x0 < prev[1] - BACKWARD_JUMP * height:
                flush()
        current.append((ch, x0, top, x1, bottom))
    flush()
    return words


def _is_mark(ch: str) -> bool:
    return unicodedata.combining(ch) > 0


def _image_boxes(page: pdfium.PdfPage) -> tuple[Box, ...]:
    """The page's pictures as boxes with the origin top-left, like the words'."""
    height = page.get_size()[1]
    boxes = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        boxes.append((left, height - top, right, height - bottom))
    return tuple(boxes)


def _image_coverage(boxes: Sequence[Box], width: float, height: float) -> float:
    area = 0.0
    for x0, top, x1, bottom in boxes:
        area += max(0.0, min(x1, width) - max(x0, 0.0)) * max(0.0, min(bottom, height) - max(top, 0.0))
    return min(1.0, area / max(width * height, 1e-6))


def _split_widget_words(content: list[Word], widget: list[Word]) -> tuple[list[Word], list[Word]]:
    """Widget words that sit on a content line (a number stamped into "Số: /TB-UBND") join the
    content; the rest (the e-sign stamp box) is kept apart."""
    lines = [(min(w.top for w in ln), max(w.bottom for w in ln)) for ln in group_lines(content)]
    inline: list[Word] = []
    apart: list[Word] = []
    for w in widget:
        center = (w.top + w.bottom) / 2
        if any(top <= center <= bottom for top, bottom in lines):
            inline.append(w)
        else:
            apart.append(w)
    return content + inline, apart


def _load_page(doc: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    try:
        return doc[index]
    except pdfium.PdfiumError as exc:
        raise CorruptFile(f"PDF page {index + 1} cannot be read: {exc}") from exc


def read_page(doc: pdfium.PdfDocument, index: int) -> RawPage:
    page = _load_page(doc, index)
    textpage = page.get_textpage()
    n_content = textpage.count_chars()
    textpage.close()
    # Flattening appends the widgets' appearance streams to the page content, so characters after
    # `n_content` are the widgets' (stamped number and day, e-signature box).
    pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
    page.close()
    page = doc[index]
    width, height = page.get_size()
    textpage = page.get_textpage()
    n_all = textpage.count_chars()
    chars = _chars(textpage, height, 0, n_content)
    hidden_fonts: frozenset[str] = frozenset()
    if _has_invisible_text(textpage, n_content):
        chars, hidden_fonts = _without_ocr_layer(chars, _ink(textpage, 0, n_content))
    chars, widget_chars = filled_blanks(chars, _chars(textpage, height, n_content, n_all))
    content = chars_to_words(chars)
    widget = chars_to_words(widget_chars)
    words, stamp = _split_widget_words(content, widget)
    images = _image_boxes(page)
    coverage = _image_coverage(images, width, height)
    return RawPage(index + 1, width, height, tuple(words), tuple(stamp), coverage, hidden_fonts, images)


def plumber_words(
    data: bytes, index: int, hidden_fonts: frozenset[str] = frozenset()
) -> tuple[list[Word], float, float]:
    """Words of one page by pdfplumber (slow; used when the pdfium text is damaged), without the
    characters of an invisible OCR layer's fonts."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = without_fonts(pdf.pages[index], hidden_fonts)
        words = [
            Word(w["text"], float(w["x0"]), float(w["top"]), float(w["x1"]), float(w["bottom"]))
            for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
        ]
        return words, float(page.width), float(page.height)


def _layer_text(raw: RawPage, data: bytes) -> tuple[Boxed, list[str]]:
    text = raw.boxed()
    # pdfplumber cannot see the render mode and would read an invisible OCR layer with the typeset
    # text, letter by letter interleaved ("NNơơii nnhhậận"): it leaves out the layer's fonts, and a
    # page whose layer shares a font with the ink (unknown: {""}) keeps pdfium's reading
    if split_letter_share(text.text) <= SPLIT_LETTER_LIMIT or "" in raw.ocr_layer_fonts:
        return text, []
    words, width, height = plumber_words(data, raw.number - 1, raw.ocr_layer_fonts)
    fallback = words_to_boxed(words, width, height)
    if split_letter_share(fallback.text) < split_letter_share(text.text):
        return fallback, [f"Trang {raw.number}: chữ do pdfium đọc bị tách rời, đã đọc lại bằng pdfplumber"]
    return text, []


def _with_stamp(text: Boxed, stamp: Boxed) -> Boxed:
    return Boxed.join("\n\n", (text, stamp)) if text.text and stamp.text else text if text.text else stamp


def _render(doc: pdfium.PdfDocument, index: int, dpi: int) -> Image.Image:
    """The page as scanned, without the e-signature widgets: their appearance (the stamp box
    "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC / … / 05.02.2025 15:35:18") would be OCR'd into the header,
    garbled, while its exact text comes from the text layer anyway. `doc` must be unflattened."""
    return doc[index].render(scale=dpi / 72, draw_annots=False, may_draw_forms=False).to_pil()


# PDFium keeps process-wide state and is not thread-safe (pypdfium2 says so): the web server runs
# requests on a thread pool, so every use of it in one process goes through this lock. Reentrant,
# because the text stage renders pages for OCR while it holds it.
PDFIUM_LOCK = threading.RLock()
# PDFium keeps every object it has parsed (a scanned page's image stream, about 1 MB) until its
# document is closed: reading a 60-page scan through one open document grew by 59 MB for the text
# layers and as much again for the renders. Pages are read through a document opened afresh every
# this many pages, so memory stays flat in the page count (8 MB over the same 60 pages).
REOPEN_EVERY = 8


class _Window:
    """The document `data`, opened again every REOPEN_EVERY pages asked of it."""

    def __init__(self, data: bytes, first: pdfium.PdfDocument | None = None) -> None:
        self.data = data
        self.doc = first
        self.served = 0

    def __call__(self) -> pdfium.PdfDocument:
        if self.doc is None or self.served >= REOPEN_EVERY:
            self.close()
            self.doc = open_pdf(self.data)
        self.served += 1
        return self.doc

    def close(self) -> None:
        if self.doc is not None:
            self.doc.close()
            self.doc, self.served = None, 0


def pdf_pages(data: bytes, settings: Settings) -> tuple[list[PageText], list[str]]:
    with PDFIUM_LOCK:
        window = _Window(data, open_pdf(data))
        try:
            return _pdf_pages(window, data, settings)
        finally:
            window.close()


def _is_scan(raw: RawPage, text: str, noise: Noise, settings: Settings) -> bool:
    """A page read by OCR because it is an image (or OCR is forced), not for a broken layer."""
    is_image = raw.image_coverage >= IMAGE_PAGE_COVERAGE
    return settings.ocr == OcrMode.ALWAYS or (page_quality(noise, text) != "good" and is_image)


def ocr_page_numbers(data: bytes, settings: Settings) -> list[int]:
    """The pages `pdf_pages` reads by OCR (scanned pages, and broken layers when OCR can run),
    found from the text layer alone: a long scan's pages can then be OCR'd apart (the page split
    of the Celery engine) and `pdf_pages` finds them in the OCR cache."""
    with PDFIUM_LOCK:
        window = _Window(data, open_pdf(data))
        try:
            numbers = []
            can_ocr: bool | None = None
            assert window.doc is not None
            for index in range(len(window.doc)):
                raw = read_page(window(), index)
                text, _ = _layer_text(raw, data)
                noise = assess(text.text)
                if _is_scan(raw, text.text, noise, settings):
                    numbers.append(raw.number)
                elif noise.verdict == "garbage":
                    can_ocr = ocr_available(settings) if can_ocr is None else can_ocr
                    if can_ocr:
                        numbers.append(raw.number)
            return numbers
        finally:
            window.close()


def ocr_one_page(data: bytes, number: int, settings: Settings) -> str:
    """OCR page `number` as `pdf_pages` would (same image, same e-signature layer), filling the
    OCR cache (`settings.cache_dir`, which must be set); returns the page's cache key."""
    from congvan.pipeline.ocr.engine import page_key

    if settings.cache_dir is None:
        raise ValueError("ocr_one_page fills the OCR cache: settings.cache_dir is required")
    with PDFIUM_LOCK:
        doc = open_pdf(data)
        try:
            layer = read_page(doc, number - 1).stamp_text or None
        finally:
            doc.close()
        pristine = open_pdf(data)
        try:
            image = _render(pristine, number - 1, settings.ocr_dpi)
        finally:
            pristine.close()
        ocr_images([number], lambda i: image, [layer], settings)
    return page_key(image, settings)


def _with_pictures(raw: RawPage, data: bytes, settings: Settings) -> tuple[RawPage, list[str]]:
    """The first page with the number and day its header draws as pictures read into its words."""
    if raw.number != 1 or raw.image_coverage >= IMAGE_PAGE_COVERAGE:
        return raw, []
    boxes = picture_boxes(raw.words, raw.images, raw.height, raw.width)
    if not boxes:
        return raw, []
    engine = ocr_engine(settings)
    if engine is None:
        why = "OCR đang tắt" if settings.ocr == OcrMode.NEVER else "chưa cài Tesseract"
        return raw, [PICTURES_UNREAD.format(page=raw.number, why=why)]
    doc = open_pdf(data)  # unflattened: the e-signature widgets are not drawn over the pictures
    try:
        page = doc[raw.number - 1]

        def image_of(box: Box) -> Image.Image:
            x0, top, x1, bottom = box
            crop = (max(0.0, x0), max(0.0, raw.height - bottom), max(0.0, raw.width - x1), max(0.0, top))
            bitmap = page.render(
                scale=settings.ocr_dpi / 72, crop=crop, draw_annots=False, may_draw_forms=False
            )
            return bitmap.to_pil()

        words = read_pictures(boxes, image_of, engine, settings, raw.words)
    finally:
        doc.close()
    if not words:
        return raw, []
    texts = ", ".join(f"'{w.text}'" for w in words)
    return replace(raw, words=raw.words + tuple(words)), [PICTURES_READ.format(page=raw.number, texts=texts)]


def _pdf_pages(window: _Window, data: bytes, settings: Settings) -> tuple[list[PageText], list[str]]:
    warnings = xref_warnings(data)
    texts: dict[int, PageText] = {}
    to_ocr: list[RawPage] = []
    can_ocr: bool | None = None  # asked once, and only when a broken layer needs it
    continued: int | None = None  # columns of a table of tasks that ended the previous page
    table_scan = False  # a scanned table of tasks was met: the scanned pages after it may run it on
    assert window.doc is not None
    for index in range(len(window.doc)):
        raw = read_page(window(), index)
        raw, notes = _with_pictures(raw, data, settings)
        warnings.extend(notes)
        text, notes = _layer_text(raw, data)
        warnings.extend(notes)
        if raw.ocr_layer_dropped:
            warnings.append(OCR_LAYER_DROPPED.format(page=raw.number))
        noise = assess(text.text)
        if _is_scan(raw, text.text, noise, settings):
            if noise.verdict in ("noisy", "garbage"):
                warnings.append(f"Trang {raw.number}: lớp chữ của PDF không phải chữ thật, đã đọc bằng OCR")
            to_ocr.append(raw)
            continue
        if noise.verdict == "garbage":
            # a born-digital page whose glyphs map to the wrong letters ("Chü trçrig trin khai")
            if can_ocr is None:
                can_ocr = ocr_available(settings)
            if can_ocr:
                warnings.append(REREAD_WARNING.format(page=raw.number))
                to_ocr.append(raw)
                continue
            why = "OCR đang tắt" if settings.ocr == OcrMode.NEVER else "chưa cài Tesseract"
            warnings.append(KEPT_WARNING.format(page=raw.number, why=why))
        tabled, continued = with_tables(
            data, index, raw.words, raw.width, text.text, continued, raw.ocr_layer_fonts - {""}
        )
        over_image = raw.image_coverage >= IMAGE_PAGE_COVERAGE
        if tabled == text.text and over_image and (table_scan or shows_table_header(text.text)):
            # another tool's OCR layer over a scanned table of tasks: its rules are in the image, not
            # drawn in the PDF, so the table finder sees no table; our OCR reads the page's grid
            if can_ocr is None:
                can_ocr = ocr_available(settings)
            if can_ocr:
                table_scan = True
                warnings.append(TABLE_REREAD_WARNING.format(page=raw.number))
                to_ocr.append(raw)
                continue
        if tabled != text.text:  # a table of tasks, its rows as ' | ' lines; the boxes follow the edit
            text = carry(text, tabled)
        page = _with_stamp(text, raw.stamp_boxed())
        texts[raw.number] = PageText(
            raw.number, page.text, TextOrigin.TEXT_LAYER, char_boxes=page.boxes, size=(raw.width, raw.height),
            over_image=over_image,
        )
    if to_ocr:
        numbers = [raw.number for raw in to_ocr]

        layers = [raw.stamp_text or None for raw in to_ocr]
        # read_page flattened the widgets into the pages it read; render from untouched copies, a
        # page at a time
        window.close()
        pristine = _Window(data)
        try:
            pages, notes = ocr_images(
                numbers, lambda i: _render(pristine(), to_ocr[i].number - 1, settings.ocr_dpi), layers, settings
            )
        finally:
            pristine.close()
        warnings.extend(notes)
        for page in pages:
            texts[page.number] = page
    return [texts[n] for n in sorted(texts)], warnings
