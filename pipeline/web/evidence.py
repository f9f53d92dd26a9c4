"""Where each field of a record came from, shown on the page it was read from.

A record keeps evidence spans (offsets into the document's extracted text), not the text itself,
so the text is read again from the original file the way the pipeline read it (load → text →
normalise, no OCR). For a PDF page read from its text layer, the words of the span are then found
among the page's positioned words (pdfium character boxes, pipeline/text/pdf.py) line by line; the
boxes become rectangles in page fractions, drawn over the rendered page image. Plain text and DOCX
have no page image: the text is shown with the span marked. A scan's OCR word boxes are not kept
by the pipeline, so a scan shows its page image and, on request, its text with the spans marked.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from extractors.textutil import fold
from pipeline.document import DocumentText, Word
from pipeline.intake import _sidecar_sha, candidate_names
from pipeline.layout import group_lines
from pipeline.load import DocumentInput, load
from pipeline.normalise import normalise
from pipeline.settings import OcrMode, Settings
from pipeline.store.api import StoredDocument
from pipeline.text import acquire_text

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
                label = FIELD_LABELS.get(key, key)
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


def read_text(path: Path, extra_pages: tuple[Path, ...] = (), ocr: bool = False) -> DocumentText:
    """The document's text as the pipeline read it (same stages); OCR only when asked."""
    settings = Settings(ocr=OcrMode.AUTO if ocr else OcrMode.NEVER)
    source = load(DocumentInput(path, extra_pages), settings)
    return normalise(acquire_text(source, settings))


def _squash(text: str) -> str:
    return "".join(fold(text).lower().split())


def _line_words_for(line: list[Word], wanted: str) -> list[Word] | None:
    """The words of one physical line that spell `wanted` (compared folded, spaces ignored)."""
    pieces = [_squash(w.text) for w in line]
    joined = "".join(pieces)
    at = joined.find(wanted)
    if at < 0:
        return None
    end = at + len(wanted)
    out: list[Word] = []
    pos = 0
    for w, piece in zip(line, pieces, strict=True):
        if pos < end and pos + len(piece) > at:
            out.append(w)
        pos += len(piece)
    return out


def locate_on_page(words: Sequence[Word], page_text: str, start: int, end: int) -> list[list[Word]]:
    """Words of the page covering page_text[start:end], one list per physical line.

    Each text line of the span is looked for among the page's physical lines, below the previous
    one found; the first is the n-th physical match when its text occurs n times before on the page.
    """
    lines = group_lines([w for w in words if w.text.strip()])
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
            if not hits:
                continue
            cursor = hits[min(seen, len(hits) - 1)]
            words_here = _line_words_for(lines[cursor], piece)
            if words_here:
                found.append(words_here)
            cursor += 1
            continue
        for j in range(cursor, len(lines)):
            words_here = _line_words_for(lines[j], piece)
            if words_here:
                found.append(words_here)
                cursor = j + 1
                break
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


def evidence_for(doc: StoredDocument, original: Path | None) -> Evidence:
    """Marks for every evidence span of the stored record, placed on pages where the file allows."""
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
        return Evidence(
            "scan",
            n_pages,
            marks,
            note="Văn bản quét (OCR): vị trí từng trường trên ảnh trang không được lưu; "
            "xem văn bản đã đọc với các đoạn được tô sáng.",
        )
    text = read_text(original)
    if media != "application/pdf":
        return Evidence(
            "text",
            len(text.pages),
            _with_pages(marks, text),
            text=text.text,
            note="Tệp không có ảnh trang: các đoạn được tô sáng trong văn bản.",
        )
    return Evidence("pdf_layer", len(text.pages), _place_on_pdf(original, text, marks), text=text.text)


def _with_pages(marks: list[Mark], text: DocumentText) -> list[Mark]:
    return [Mark(m.key, m.label, m.start, m.end, text.page_of(m.start)) for m in marks]


def _place_on_pdf(original: Path, text: DocumentText, marks: list[Mark]) -> list[Mark]:
    from pipeline.text.pdf import PDFIUM_LOCK

    with PDFIUM_LOCK:
        return _place_on_pdf_locked(original, text, marks)


def _place_on_pdf_locked(original: Path, text: DocumentText, marks: list[Mark]) -> list[Mark]:
    from pipeline.text.pdf import open_pdf, read_page

    pdf = open_pdf(original.read_bytes())
    try:
        raw_pages = {}
        starts = dict(zip((p.number for p in text.pages), text.page_starts, strict=True))
        page_texts = {p.number: p.text for p in text.pages}
        out = []
        for m in marks:
            page = text.page_of(m.start)
            if page is None:
                out.append(m)
                continue
            if page not in raw_pages:
                raw_pages[page] = read_page(pdf, page - 1)
            raw = raw_pages[page]
            base = starts[page]
            end = min(m.end, base + len(page_texts[page])) - base
            # Content first: the e-signature stamp is not drawn on the image, and its words repeat
            # the header's ("Quảng Ngãi", the issuer); a span only the stamp holds is found there.
            lines = locate_on_page(raw.words, page_texts[page], m.start - base, end)
            if not lines and raw.stamp_words:
                lines = locate_on_page(raw.stamp_words, page_texts[page], m.start - base, end)
            out.append(Mark(m.key, m.label, m.start, m.end, page, _boxes(lines, raw.width, raw.height)))
        return out
    finally:
        pdf.close()


def render_page(original: Path, page: int, scale: float = RENDER_SCALE) -> bytes:
    """PNG of one page of a PDF or image document, as printed (no e-signature widgets drawn)."""
    from PIL import Image

    data = original.read_bytes()
    if data[:5] == b"%PDF-":
        from pipeline.text.pdf import PDFIUM_LOCK, open_pdf

        with PDFIUM_LOCK:
            pdf = open_pdf(data)
            try:
                if not 1 <= page <= len(pdf):
                    raise IndexError(page)
                image = pdf[page - 1].render(scale=scale, draw_annots=False, may_draw_forms=False).to_pil()
            finally:
                pdf.close()
    else:
        if page != 1:
            raise IndexError(page)
        image = Image.open(io.BytesIO(data))
        image.thumbnail((1400, 2000))
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=False)
    return buf.getvalue()
