"""Where each field of a record came from, drawn on the page it was read from.

The record holds it all: each evidence span carries its page boxes, computed at extraction from the
word boxes of the text layer or of OCR (pipeline/boxes.py), and `source.page_sizes` gives each page's
shape. This module only turns them into marks; it never reads the document again to place one. The
original file, when it can still be found, gives the picture under the marks (`render_page`);
without it the marks are drawn over a blank frame of the page's shape. Plain text and DOCX have no
pages: their spans are listed, and marked in the text when the file is still there.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from congvan.operations.intake import candidate_names
from congvan.pipeline.document import DocumentText
from congvan.pipeline.load import DocumentInput, load
from congvan.pipeline.normalise import normalise
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text import acquire_text
from congvan.pipeline.text.pdf import PDFIUM_LOCK, open_pdf
from congvan.tracker.api import StoredDocument

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
    "arrival": "Dấu đến",
}
RENDER_SCALE = 1.5  # 108 dpi: readable on a laptop, about 150 kB a page as PNG
# A mark stands this share of its line's height clear of the letters, so it frames them.
PAD = 0.15
A4 = (595.0, 842.0)  # the frame of a page whose size the record does not hold (older records)
NO_ORIGINAL = "Không tìm thấy tệp gốc: các vị trí được vẽ trên khung trang trống theo bản ghi đã lưu."
OLD_RECORD = (
    "Bản ghi này được trích xuất trước khi lưu vị trí trên trang: hãy trích xuất lại tài liệu "
    "(congvan nightly --reextract) để thấy vị trí của từng trường."
)
NO_PAGES = "Tệp không có ảnh trang: các đoạn được tô sáng trong văn bản."


@dataclass(frozen=True)
class Box:
    """A rectangle on one page as fractions of the page (0–1, top-left origin): scales with the image."""

    page: int
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

    def on(self, page: int) -> list[Box]:
        return [b for b in self.boxes if b.page == page]


@dataclass(frozen=True)
class Frame:
    """One page to draw: its number and its shape (width / height)."""

    number: int
    aspect: float


@dataclass
class Evidence:
    kind: str  # "pdf_layer" or "scan": marks on pages; "text": marked text only
    pages: int
    marks: list[Mark] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)  # pages drawn, with or without their picture
    text: str | None = None
    note: str | None = None

    @property
    def placed(self) -> bool:
        return any(m.boxes for m in self.marks)


def locate_original(doc: StoredDocument, archives: Sequence[Path]) -> Path | None:
    """The original file of a stored document: where it was read, or where the drop folder moved it
    (an archive folder, same name or 'name (2)'), recognised by its bytes."""
    path = Path(doc.original_path)
    if path.is_file() and _same_bytes(path, doc.sha256):
        return path
    for folder in archives:
        for n, name in enumerate(candidate_names(path.name)):
            candidate = folder / name
            if n >= 50 or not candidate.exists():
                break
            if _same_bytes(candidate, doc.sha256):
                return candidate
    return None


def _same_bytes(path: Path, sha256: str) -> bool:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest() == sha256


def _boxes(span: dict[str, object]) -> tuple[Box, ...]:
    raw = span.get("boxes")
    out = []
    for b in raw if isinstance(raw, list) else []:
        if not isinstance(b, dict):
            continue
        x0, y0, x1, y1 = (float(b[k]) for k in ("x0", "y0", "x1", "y1"))
        pad = PAD * (y1 - y0)
        left, top = max(0.0, x0 - pad), max(0.0, y0 - pad)
        out.append(
            Box(int(b["page"]), left, top, min(1.0, x1 + pad) - left, min(1.0, y1 + pad) - top)
        )
    return tuple(out)


def _mark(key: str, label: str, span: dict[str, object]) -> Mark:
    boxes = _boxes(span)
    page = span.get("page")
    page = page if isinstance(page, int) else (boxes[0].page if boxes else None)
    return Mark(key, label, int(span["start"]), int(span["end"]), page, boxes)  # type: ignore[call-overload]


def record_marks(record: dict[str, object]) -> list[Mark]:
    """Every evidence span of a record with its boxes: header fields first, then tasks, then events."""
    marks: list[Mark] = []
    spans = record.get("evidence") or {}
    if isinstance(spans, dict):
        for key, span in spans.items():
            if isinstance(span, dict) and "start" in span:
                marks.append(_mark(str(key), FIELD_LABELS.get(str(key), str(key)), span))
    for kind, label in (("tasks", "Nhiệm vụ"), ("events", "Sự kiện")):
        items = record.get(kind) or []
        for i, item in enumerate(items if isinstance(items, list) else []):
            span = item.get("evidence") if isinstance(item, dict) else None
            if isinstance(span, dict) and "start" in span:
                marks.append(_mark(f"{kind[:-1]}-{i}", f"{label} {i + 1}", span))
    return marks


def frames(source: dict[str, object]) -> list[Frame]:
    """The record's pages with their shapes (A4 upright where the record holds no size)."""
    n_pages = int(source.get("pages") or 0)  # type: ignore[call-overload]
    sizes = source.get("page_sizes")
    sizes = sizes if isinstance(sizes, list) else []
    out = []
    for number in range(1, n_pages + 1):
        size = sizes[number - 1] if number <= len(sizes) else None
        width, height = (size["width"], size["height"]) if isinstance(size, dict) else A4
        out.append(Frame(number, round(float(width) / float(height), 4)))
    return out


def evidence_for(doc: StoredDocument, original: Path | None) -> Evidence:
    """The record's marks, from its stored boxes; the file (when found) only adds the text of a
    document without pages."""
    record = doc.record
    source = record.get("source") if isinstance(record.get("source"), dict) else {}
    assert isinstance(source, dict)
    n_pages = int(source.get("pages") or 0)
    marks = record_marks(record)
    boxed = any(m.boxes for m in marks) or any(
        isinstance(s, dict) and isinstance(s.get("boxes"), list) for s in _spans(record)
    )
    origin = str(source.get("text_origin") or "")
    media = str(source.get("media_type") or "")
    if origin == "ocr" or media == "application/pdf" or boxed:
        kind = "scan" if origin == "ocr" else "pdf_layer"
        note = None if original is not None else NO_ORIGINAL
        if marks and not boxed:
            note = OLD_RECORD
        return Evidence(kind, n_pages, marks, frames(source), note=note)
    text = _marked_text(original, source)
    return Evidence("text", n_pages, marks, text=text, note=NO_PAGES if text is not None else None)


def _spans(record: dict[str, object]) -> list[object]:
    spans = record.get("evidence")
    out: list[object] = list(spans.values()) if isinstance(spans, dict) else []
    for kind in ("tasks", "events"):
        items = record.get(kind)
        out.extend(i.get("evidence") for i in (items if isinstance(items, list) else []) if isinstance(i, dict))
    return out


def _marked_text(original: Path | None, source: dict[str, object]) -> str | None:
    """The text of a DOCX or plain-text file when it is still there and still reads as the record's
    spans expect (its hash), else None."""
    if original is None:
        return None
    text = read_text(original).text
    kept = source.get("text_sha256")
    if kept and hashlib.sha256(text.encode("utf-8")).hexdigest() != kept:
        return None
    return text


def read_text(
    path: Path, extra_pages: tuple[Path, ...] = (), ocr: bool = False, cache_dir: Path | None = None
) -> DocumentText:
    """The document's text as the pipeline reads it (same stages); OCR only when asked."""
    settings = Settings(ocr=OcrMode.AUTO if ocr else OcrMode.NEVER, cache_dir=cache_dir)
    source = load(DocumentInput(path, extra_pages), settings)
    return normalise(acquire_text(source, settings))


def extra_files(record: dict[str, object]) -> tuple[Path, ...]:
    """Further page files of an image document that are still where they were read."""
    source = record.get("source")
    names = source.get("extra_files", []) if isinstance(source, dict) else []
    return tuple(p for p in (Path(str(n)) for n in names) if p.is_file())


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

        frames_ = load_page_images(SourceFile(original, data, "", "", extra_pages))
        if not 1 <= page <= len(frames_):
            raise IndexError(page)
        image = frames_[page - 1]
        image.thumbnail((1400, 2000))
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=False)
    return buf.getvalue()
