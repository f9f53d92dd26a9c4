"""Where each field of a record came from, shown on the page it was read from.

A record keeps evidence spans (offsets into the document's extracted text), not the text itself,
so the text is read again from the original file the way the pipeline read it (load → text →
normalise). The words of each span are then found among the page's positioned words, line by line,
and their boxes become rectangles in page fractions drawn over the rendered page image:
- a PDF page read from its text layer: pdfium's character boxes (pipeline/text/pdf.py);
- a scanned page: Tesseract's word boxes (PageText.words, in pixels of the image that was OCR'd,
  which is the page rendered at the OCR resolution, or the image file itself). The document page
  never runs a page recognition: the text is rebuilt only when every OCR'd page is in the OCR cache
  (Tesseract output by page-content hash, filled by whatever read the document with the cache on).
  Rebuilding still calls Tesseract on at most two small crops, the handwritten digits of the
  header's number and day (one batch, bounded by the page timeout); the red-stamp reads come from
  the cache with the page's output.
  The rebuilt text is kept in memory by file and record text hash (ScanTexts); the marks are placed
  from the stored record on every view. The words are Tesseract's, while the text went through
  reading order and repair (diacritics, formulaic lines, handwritten digits), so a span line that
  is not spelled exactly by one physical line is matched fuzzily (rapidfuzz). On a cache miss the
  scan shows its page images and, on request, its text with the spans marked (that text view does
  read the scan with OCR, and fills the cache).
Plain text and DOCX have no page image: the text is shown with the span marked.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image
from rapidfuzz import fuzz

from congvan.extractors.textutil import fold
from congvan.operations.intake import _sidecar_sha, candidate_names
from congvan.pipeline.document import DocumentText, PageText, Word
from congvan.pipeline.layout import group_lines
from congvan.pipeline.load import DocumentInput, load
from congvan.pipeline.normalise import normalise
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text import acquire_text
from congvan.pipeline.text.pdf import PDFIUM_LOCK, RawPage, open_pdf, read_page
from congvan.schemas.record import TextOrigin
from congvan.tracker.api import StoredDocument
from congvan.web.memo import LastUsed

FIELD_LABELS = {
    "number": "Số, ký hiệu",
    "issued_place": "Địa danh",
    "issued_date": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "issuer_parent": "Cơ quan chủ quản",
    "subject": "Trích yếu",
    "document_type": "Loại văn bản",
    "signer": "Người ký",
    "urgency": "Độ khẩn",
    "secrecy": "Độ mật",
}
RENDER_SCALE = 1.5  # 108 dpi: readable on a laptop, about 150 kB a page as PNG
# A span line that no physical line spells exactly is taken from the physical line whose best
# matching stretch scores at least this (rapidfuzz partial ratio on folded, space-free text) ...
FUZZY_MIN_SCORE = 75
# ... when it is at least this long: shorter pieces ("1.", "a)") match almost anything.
FUZZY_MIN_CHARS = 6
# ... and when the page line is at least this share of its length.
FUZZY_MIN_COVER = 0.6
# Two consecutive OCR words are on one line when their heights overlap by this share of the smaller.
LINE_OVERLAP = 0.5

# A scan's text read again from the OCR cache, by (file sha256, the record's source.text_sha256).
ScanTexts = LastUsed[tuple[str, str], DocumentText]


@dataclass(frozen=True)
class Box:
    """A rectangle as fractions of the page (0–1, top-left origin): scales with the image."""

    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True)
class Mark:
    key: str  # "number", "task-3", …
    label: str
    start: int
    end: int
    page: int | None
    boxes: tuple[Box, ...] = ()


@dataclass
class Evidence:
    kind: str  # "pdf_layer": boxes on page images; "text": marked text only; "scan"; "missing"
    pages: int
    marks: list[Mark] = field(default_factory=list)
    text: str | None = None
    note: str | None = None

    @property
    def placed(self) -> bool:
        """Marks carry boxes on page images (a text-layer PDF, or a scan read from the OCR cache)."""
        return any(m.boxes for m in self.marks)


def locate_original(doc: StoredDocument, archives: Sequence[Path]) -> Path | None:
    """The original file of a stored document: where it was read, or where the drop folder moved it
    (an archive folder, same name or 'name (2)', with a sidecar naming these bytes)."""
    path = Path(doc.original_path)
    if path.is_file() and _same_bytes(path, doc.sha256):
        return path
    for folder in archives:
        for name in _limited(candidate_names(path.name), 50):
            candidate = folder / name
            if not candidate.exists():
                break
            sidecar = candidate.with_name(candidate.name + ".json")
            if _sidecar_sha(sidecar) == doc.sha256 or _same_bytes(candidate, doc.sha256):
                return candidate
    return None


def _limited(names: object, n: int) -> list[str]:
    out: list[str] = []
    for name in names:  # type: ignore[attr-defined]
        out.append(name)
        if len(out) >= n:
            break
    return out


def _same_bytes(path: Path, sha256: str) -> bool:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def record_marks(record: dict[str, object]) -> list[Mark]:
    """Every evidence span of a record: header fields first, then tasks, then events."""
    marks: list[Mark] = []
    spans = record.get("evidence") or {}
    if isinstance(spans, dict):
        for key, span in spans.items():
            if isinstance(span, dict) and "start" in span:
                label = FIELD_LABELS.get(str(key), str(key))
                marks.append(Mark(key, label, int(span["start"]), int(span["end"]), span.get("page")))
    for kind, label in (("tasks", "Nhiệm vụ"), ("events", "Sự kiện")):
        items = record.get(kind) or []
        for i, item in enumerate(items if isinstance(items, list) else []):
            span = item.get("evidence") if isinstance(item, dict) else None
            if isinstance(span, dict) and "start" in span:
                key = f"{kind[:-1]}-{i}"
                marks.append(
                    Mark(key, f"{label} {i + 1}", int(span["start"]), int(span["end"]), span.get("page"))
                )
    return marks


def read_text(
    path: Path, extra_pages: tuple[Path, ...] = (), ocr: bool = False, cache_dir: Path | None = None
) -> DocumentText:
    """The document's text as the pipeline read it (same stages); OCR only when asked."""
    settings = Settings(ocr=OcrMode.AUTO if ocr else OcrMode.NEVER, cache_dir=cache_dir)
    source = load(DocumentInput(path, extra_pages), settings)
    return normalise(acquire_text(source, settings))


def extra_files(record: dict[str, object]) -> tuple[Path, ...]:
    """Further page files of an image document that are still where they were read."""
    source = record.get("source")
    names = source.get("extra_files", []) if isinstance(source, dict) else []
    return tuple(p for p in (Path(str(n)) for n in names) if p.is_file())


def ocr_pages_cached(
    original: Path, extra_pages: tuple[Path, ...], record: dict[str, object], cache_dir: Path
) -> bool:
    """Every page the record says was OCR'd has its Tesseract output and its signature lines' reads
    in the cache, so reading the document again costs no recognition (only reading order, repair
    and a few header crops)."""
    from congvan.pipeline.ocr import signature
    from congvan.pipeline.ocr.engine import cached_text, cached_tsv, page_key

    source = record.get("source")
    confidences = source.get("page_ocr_confidence", []) if isinstance(source, dict) else []
    wanted = [i for i, c in enumerate(confidences if isinstance(confidences, list) else []) if c is not None]
    if not wanted:
        return False
    settings = Settings(cache_dir=cache_dir)
    images = _ocr_page_images(original, extra_pages, wanted, settings)
    if images is None:
        return False
    keys = [page_key(im, settings) for im in images]
    return all(
        cached_tsv(k, cache_dir) is not None and cached_text(k, signature.CACHE_KIND, cache_dir) is not None
        for k in keys
    )


def _ocr_page_images(
    original: Path, extra_pages: tuple[Path, ...], indexes: list[int], settings: Settings
) -> list[Image.Image] | None:
    """The page images exactly as the text stage hands them to OCR (same renderer, same dpi)."""
    data = original.read_bytes()
    if data[:5] == b"%PDF-":
        from congvan.pipeline.text.pdf import _render

        with PDFIUM_LOCK:
            pdf = open_pdf(data)
            try:
                if max(indexes) >= len(pdf):
                    return None
                return [_render(pdf, i, settings.ocr_dpi) for i in indexes]
            finally:
                pdf.close()
    from congvan.pipeline.document import SourceFile
    from congvan.pipeline.text.images import load_page_images

    source = SourceFile(original, data, "", "", extra_pages)
    images = load_page_images(source)
    if max(indexes) >= len(images):
        return None
    return [images[i] for i in indexes]


def _squash(text: str) -> str:
    return "".join(fold(text).lower().split())


def _covering(line: list[Word], pieces: list[str], at: int, end: int, share: float = 0.0) -> list[Word]:
    """Words whose folded text overlaps [at, end) of the joined line by more than `share` of it."""
    out: list[Word] = []
    pos = 0
    for w, piece in zip(line, pieces, strict=True):
        overlap = min(end, pos + len(piece)) - max(at, pos)
        if overlap > 0 and overlap >= share * len(piece):
            out.append(w)
        pos += len(piece)
    return out


def _line_words_for(line: list[Word], wanted: str) -> list[Word] | None:
    """The words of one physical line that spell `wanted` (compared folded, spaces ignored)."""
    pieces = [_squash(w.text) for w in line]
    at = "".join(pieces).find(wanted)
    if at < 0:
        return None
    return _covering(line, pieces, at, at + len(wanted))


def _fuzzy_line_words(line: list[Word], wanted: str) -> tuple[float, list[Word]]:
    """The best approximate stretch of one physical line for `wanted`: its score and words."""
    pieces = [_squash(w.text) for w in line]
    joined = "".join(pieces)
    if len(wanted) < FUZZY_MIN_CHARS or not joined:
        return 0.0, []
    if len(joined) < FUZZY_MIN_COVER * len(wanted):
        return 0.0, []  # a short line ("tỉnh.") fits inside almost any long text
    hit = fuzz.partial_ratio_alignment(wanted, joined, score_cutoff=FUZZY_MIN_SCORE)
    if hit is None:
        return 0.0, []
    # partial_ratio aligns the shorter string inside the longer: the line's stretch is the
    # destination when the line is longer, the source when the wanted text is. A word at the edge
    # of the stretch counts only if mostly inside it (not the "Quảng" after "Số: 24/TTr-UBND").
    at, end = (hit.dest_start, hit.dest_end) if len(joined) >= len(wanted) else (0, len(joined))
    words = _covering(line, pieces, at, end, share=0.5)
    return (hit.score, words) if words else (0.0, [])


def _fuzzy_best(lines: list[list[Word]], wanted: str, start: int) -> tuple[int, list[Word]] | None:
    best: tuple[float, int, list[Word]] | None = None
    for j in range(start, len(lines)):
        score, words = _fuzzy_line_words(lines[j], wanted)
        if words and (best is None or score > best[0]):
            best = (score, j, words)
    return (best[1], best[2]) if best else None


def recognised_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Tesseract's own lines, from its words in reading order: a line ends where the next word
    does not sit beside the previous one (it starts further left, or no longer shares its height).
    Grouping by geometry instead merges neighbouring lines of a slightly skewed scan."""
    lines: list[list[Word]] = []
    for w in words:
        if not w.text.strip():
            continue
        prev = lines[-1][-1] if lines else None
        if prev is not None and w.x0 >= prev.x0 and _shares_height(prev, w):
            lines[-1].append(w)
        else:
            lines.append([w])
    return lines


def _shares_height(a: Word, b: Word) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap >= LINE_OVERLAP * min(a.bottom - a.top, b.bottom - b.top)


def locate_on_page(
    words: Sequence[Word], page_text: str, start: int, end: int, recognised: bool = False
) -> list[list[Word]]:
    """Words of the page covering page_text[start:end], one list per line (`recognised`: OCR words
    in Tesseract's order, grouped into its lines; otherwise physical lines from the boxes).

    Each text line of the span is looked for among the page's lines, below the previous one
    found; the first is the n-th match when its text occurs n times before on the page. A text
    line no page line spells exactly (OCR text repaired after recognition) takes the best
    approximate match instead.
    """
    lines = recognised_lines(words) if recognised else group_lines([w for w in words if w.text.strip()])
    pieces = [_squash(t) for t in page_text[start:end].split("\n")]
    found: list[list[Word]] = []
    cursor = 0
    for piece in pieces:
        if not piece:
            continue
        if not found:
            # The n-th time this text occurs on the page is the n-th physical line spelling it.
            seen = _squash(page_text[:start]).count(piece)
            hits = [j for j, ln in enumerate(lines) if _line_words_for(ln, piece) is not None]
            if hits:
                cursor = hits[min(seen, len(hits) - 1)]
                words_here = _line_words_for(lines[cursor], piece)
                if words_here:
                    found.append(words_here)
                cursor += 1
                continue
            fuzzy = _fuzzy_best(lines, piece, 0)
            if fuzzy is not None:
                found.append(fuzzy[1])
                cursor = fuzzy[0] + 1
            continue
        for j in range(cursor, len(lines)):
            words_here = _line_words_for(lines[j], piece)
            if words_here:
                found.append(words_here)
                cursor = j + 1
                break
        else:
            fuzzy = _fuzzy_best(lines, piece, cursor)
            if fuzzy is not None:
                found.append(fuzzy[1])
                cursor = fuzzy[0] + 1
    return found


def _boxes(lines: list[list[Word]], width: float, height: float) -> tuple[Box, ...]:
    out = []
    for words in lines:
        x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
        top, bottom = min(w.top for w in words), max(w.bottom for w in words)
        pad = 0.15 * (bottom - top)
        out.append(
            Box(
                left=max(0.0, (x0 - pad) / width),
                top=max(0.0, (top - pad) / height),
                width=min(1.0, (x1 - x0 + 2 * pad) / width),
                height=min(1.0, (bottom - top + 2 * pad) / height),
            )
        )
    return tuple(out)


def evidence_for(
    doc: StoredDocument, original: Path | None, ocr_cache: Path | None = None, texts: ScanTexts | None = None
) -> Evidence:
    """Marks for every evidence span of the stored record, placed on pages where the file allows;
    a scan is placed only when its OCR is in `ocr_cache` (or its text read again is in `texts`)."""
    record = doc.record
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    assert isinstance(source, dict)
    n_pages = int(source.get("pages") or 0)
    marks = record_marks(record)
    if original is None:
        return Evidence(
            "missing", n_pages, marks, note="Không tìm thấy tệp gốc: chỉ hiển thị các trường đã trích."
        )
    origin = str(source.get("text_origin") or "")
    media = str(source.get("media_type") or "")
    if origin == "ocr":
        text = scan_text(doc, original, ocr_cache, texts)
        if text is None:
            return Evidence(
                "scan",
                n_pages,
                marks,
                note="Văn bản quét (OCR): chưa có kết quả OCR lưu sẵn để định vị từng trường trên ảnh "
                "trang; xem văn bản đã đọc với các đoạn được tô sáng.",
            )
        if not same_text(source, text):
            return drifted("scan", text, marks)
        placed = place_marks(text, marks, _layouts(original, text, media))
        note = None if any(m.boxes for m in placed) else "Không định vị được các trường trên ảnh trang."
        return Evidence("scan", len(text.pages), placed, text=text.text, note=note)
    text = read_text(original)
    if not same_text(source, text):
        return drifted("text" if media != "application/pdf" else "pdf_layer", text, marks)
    if media != "application/pdf":
        return Evidence(
            "text",
            len(text.pages),
            _with_pages(marks, text),
            text=text.text,
            note="Tệp không có ảnh trang: các đoạn được tô sáng trong văn bản.",
        )
    placed = place_marks(text, marks, _layouts(original, text, media))
    return Evidence("pdf_layer", len(text.pages), placed, text=text.text)


def scan_text(
    doc: StoredDocument, original: Path, ocr_cache: Path | None, texts: ScanTexts | None = None
) -> DocumentText | None:
    """A scan's text read again, or None when a page's OCR is not in the cache. The read is kept in
    `texts` by file and by the hash of the text the record was taken from: the same bytes extracted
    again from other text (a newer OCR) are read again, while the marks, which come from the record,
    are placed anew on every view."""
    source = doc.record.get("source")
    kept = source.get("text_sha256") if isinstance(source, dict) else None
    key = (doc.sha256, str(kept or ""))
    if texts is not None and (text := texts.get(key)) is not None:
        return text
    extra = extra_files(doc.record)
    if ocr_cache is None or not ocr_pages_cached(original, extra, doc.record, ocr_cache):
        return None
    text = read_text(original, extra, ocr=True, cache_dir=ocr_cache)
    if texts is not None:
        texts.put(key, text)
    return text


def same_text(source: dict[str, object], text: DocumentText) -> bool:
    """Is `text` the text the record's spans point into? Records from before the hash was kept
    are trusted."""
    kept = source.get("text_sha256")
    return not kept or hashlib.sha256(text.text.encode("utf-8")).hexdigest() == kept


def drifted(kind: str, text: DocumentText, marks: list[Mark]) -> Evidence:
    """The file now reads differently (a newer extractor or OCR repair): spans would land on the
    wrong words, so the fields are listed without places."""
    return Evidence(
        kind,
        len(text.pages),
        [Mark(m.key, m.label, m.start, m.end, None) for m in marks],
        note="Văn bản đọc lại khác với văn bản lúc trích xuất (phiên bản mới hơn): không định vị được "
        "các trường; hãy trích xuất lại tài liệu (congvan nightly --reextract).",
    )


def _with_pages(marks: list[Mark], text: DocumentText) -> list[Mark]:
    return [Mark(m.key, m.label, m.start, m.end, text.page_of(m.start)) for m in marks]


@dataclass(frozen=True)
class PageWords:
    """Positioned words of one page and the size of the space their boxes are in."""

    words: Sequence[Word]
    width: float
    height: float
    recognised: bool = False  # OCR words in Tesseract's order (see recognised_lines)


Layouts = Callable[[PageText, int], list[PageWords]]  # (page, offset of the span in its text)


def place_marks(text: DocumentText, marks: list[Mark], layouts: Layouts) -> list[Mark]:
    """Each mark with its page and its boxes, from the first word layout of its page that holds it."""
    starts = dict(zip((p.number for p in text.pages), text.page_starts, strict=True))
    by_number = {p.number: p for p in text.pages}
    out = []
    for m in marks:
        number = text.page_of(m.start)
        if number is None:
            out.append(m)
            continue
        page, base = by_number[number], starts[number]
        end = min(m.end, base + len(page.text)) - base
        boxes: tuple[Box, ...] = ()
        for layout in layouts(page, m.start - base):
            lines = locate_on_page(layout.words, page.text, m.start - base, end, layout.recognised)
            if lines:
                boxes = _boxes(lines, layout.width, layout.height)
                break
        out.append(Mark(m.key, m.label, m.start, m.end, number, boxes))
    return out


def _layouts(original: Path, text: DocumentText, media: str) -> Layouts:
    """Word layouts per page: Tesseract's words on an OCR'd page; on a PDF, pdfium's words of a
    text-layer page and the e-signature stamp's words (both kinds of page carry its text)."""
    from congvan.pipeline.ocr.engine import ESIGN_HEADER

    raw_pages: dict[int, RawPage] = {}

    def pdf_page(number: int) -> RawPage:
        if number not in raw_pages:
            raw_pages[number] = _read_pdf_page(original, number)
        return raw_pages[number]

    def layouts(page: PageText, offset: int) -> list[PageWords]:
        out: list[PageWords] = []
        stamp_at = page.text.find(ESIGN_HEADER)
        in_stamp = 0 <= stamp_at <= offset  # the e-signature lines the OCR stage appended
        if page.origin == TextOrigin.OCR and page.words and page.image_size and not in_stamp:
            out.append(PageWords(page.words, *page.image_size, recognised=True))
        if media != "application/pdf":
            return out
        raw = pdf_page(page.number)
        if page.origin != TextOrigin.OCR:
            # Content first: the e-signature stamp is not drawn on the image, and its words repeat
            # the header's ("Quảng Ngãi", the issuer); a span only the stamp holds is found there.
            out.append(PageWords(raw.words, raw.width, raw.height))
        if raw.stamp_words:
            out.append(PageWords(raw.stamp_words, raw.width, raw.height))
        return out

    return layouts


def _read_pdf_page(original: Path, number: int) -> RawPage:
    with PDFIUM_LOCK:
        pdf = open_pdf(original.read_bytes())
        try:
            return read_page(pdf, number - 1)
        finally:
            pdf.close()


def render_page(
    original: Path, page: int, scale: float = RENDER_SCALE, extra_pages: tuple[Path, ...] = ()
) -> bytes:
    """PNG of one page of a PDF or image document, as printed (no e-signature widgets drawn); an
    image document's pages are its frames, then those of its further page files."""
    data = original.read_bytes()
    if data[:5] == b"%PDF-":
        with PDFIUM_LOCK:
            pdf = open_pdf(data)
            try:
                if not 1 <= page <= len(pdf):
                    raise IndexError(page)
                image = pdf[page - 1].render(scale=scale, draw_annots=False, may_draw_forms=False).to_pil()
            finally:
                pdf.close()
    else:
        from congvan.pipeline.document import SourceFile
        from congvan.pipeline.text.images import load_page_images

        frames = load_page_images(SourceFile(original, data, "", "", extra_pages))
        if not 1 <= page <= len(frames):
            raise IndexError(page)
        image = frames[page - 1]
        image.thumbnail((1400, 2000))
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=False)
    return buf.getvalue()
