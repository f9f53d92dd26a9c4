"""Stage 5: turn the chosen candidates into a validated Record (contract schema_version 1)."""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import ValidationError

from congvan.extractors.base import Extraction
from congvan.pipeline.boxes import span_boxes
from congvan.pipeline.document import DocumentText, SourceFile
from congvan.pipeline.extract import chosen
from congvan.schemas.fields import CORE_FIELDS, DISPATCH_ONLY, FIELDS, LIST_FIELDS, field_warning
from congvan.schemas.record import SCHEMA_VERSION, Record

HEADER_FIELDS = ("number", "issuer", "issued_date", "issued_place", "subject", "signer")
NO_HEADER_WARNING = (
    "không đọc được trường nào của phần đầu văn bản (số, cơ quan ban hành, ngày, trích yếu, người ký): "
    "cần người kiểm tra lại bản gốc"
)

# Fields with one chosen value (and one evidence span): the scalars and the signer.
SINGLE_FIELDS = tuple(f.name for f in FIELDS if not f.is_list)
SPANNED_ITEMS = ("tasks", "events", "references")  # list fields whose items carry an evidence span
OCR_CONFIDENCE_WARNING = 0.75


def source_block(source: SourceFile, text: DocumentText) -> dict[str, Any]:
    return {
        "path": str(source.path),
        "sha256": source.sha256,
        "media_type": source.media_type,
        "pages": len(text.pages),
        "text_origin": text.origin.value,
        "ocr_confidence": text.ocr_confidence,
        "page_ocr_confidence": [p.ocr_confidence for p in text.pages],
        "page_text_origin": [p.page_origin.value for p in text.pages],
        "extra_files": [str(p) for p in source.extra_pages],
        "text_sha256": hashlib.sha256(text.text.encode("utf-8")).hexdigest(),
        "page_sizes": [{"width": p.size[0], "height": p.size[1]} if p.size else None for p in text.pages],
    }


def span(text: DocumentText, start: int, end: int) -> dict[str, Any]:
    """An evidence span with its page and its page boxes (see pipeline/boxes.py)."""
    return {"start": start, "end": end, "page": text.page_of(start), "boxes": span_boxes(text.pages, start, end)}


def with_boxes(text: DocumentText, item: Any) -> Any:
    """A list item (task, event, reference) whose evidence span gains its page and boxes."""
    ev = item.get("evidence") if isinstance(item, dict) else None
    if not isinstance(ev, dict) or not isinstance(ev.get("start"), int) or not isinstance(ev.get("end"), int):
        return item
    page = ev.get("page")
    return {**item, "evidence": {**span(text, ev["start"], ev["end"]), "page": page}}


def assemble(source: SourceFile, text: DocumentText, extraction: Extraction, version: str) -> Record:
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "source": source_block(source, text)}
    evidence: dict[str, dict[str, Any]] = {}
    for field_name in SINGLE_FIELDS:
        best = extraction.best(field_name)
        data[field_name] = best.value if best else None
        if best is not None and best.end > best.start:
            evidence[field_name] = span(text, best.start, best.end)
    for field_name in (f.name for f in FIELDS if f.is_list):
        data[field_name] = chosen(extraction, field_name)
    for field_name in SPANNED_ITEMS:
        data[field_name] = [with_boxes(text, item) for item in data[field_name]]
    if data.get("arrival"):
        data["arrival"] = with_boxes(text, data["arrival"])  # the stamp's box on the page
    data["emails"] = list(dict.fromkeys(e.lower() for e in data["emails"]))
    data["document_type"] = data["document_type"] or "other"
    if data["is_dispatch"] is None:
        data["is_dispatch"] = data["document_type"] != "other" or bool(data["number"] or data["signer"])
    warnings = list(text.warnings) + list(extraction.warnings)
    if not data["is_dispatch"]:
        for field_name in DISPATCH_ONLY:
            data[field_name] = [] if field_name in LIST_FIELDS else None
            evidence.pop(field_name, None)
    else:
        missing = [f for f in CORE_FIELDS if not data[f]]
        if missing:
            warnings += [field_warning(f, "không tìm thấy trong văn bản") for f in missing]
    for page in text.pages:
        if page.ocr_confidence is not None and page.ocr_confidence < OCR_CONFIDENCE_WARNING:
            warnings.append(
                f"Trang {page.number}: độ tin cậy nhận dạng chữ (OCR) thấp ({page.ocr_confidence:.2f}); "
                "hãy kiểm tra các giá trị"
            )
    data["needs_review"] = not any(data[f] for f in HEADER_FIELDS) and data["document_type"] == "other"
    if data["needs_review"]:
        # A scan turned the wrong way (or a photo of something else) reads as words in no order:
        # archived as `other` with every field empty, nothing flagged it for a clerk.
        warnings.append(NO_HEADER_WARNING)
    data["evidence"] = evidence
    data["warnings"] = list(dict.fromkeys(warnings))
    data["status"] = "partial" if data["warnings"] else "complete"
    data["extractor_version"] = version
    return validate(data)


def validate(data: dict[str, Any]) -> Record:
    """Validate; a field that breaks the contract is dropped with a warning instead of failing
    the whole document (one bad date must not lose the other fields)."""
    for _ in range(20):
        try:
            return Record.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            top = err["loc"][0] if err["loc"] else None
            if not isinstance(top, str) or top in ("source", "schema_version"):
                raise
            default: Any = [] if top in LIST_FIELDS else ({} if top == "evidence" else None)
            if top == "document_type":
                default = "other"
            elif top == "is_dispatch":
                default = True
            elif isinstance(data.get(top), list) and len(err["loc"]) > 1 and isinstance(err["loc"][1], int):
                # drop only the offending list item
                items = list(data[top])
                bad = items.pop(err["loc"][1])
                data[top] = items
                data.setdefault("warnings", []).append(field_warning(top, f"bỏ một mục không hợp lệ: {bad!r}"))
                continue
            data.setdefault("warnings", []).append(field_warning(top, f"giá trị {data.get(top)!r} không hợp lệ, đã bỏ"))
            data[top] = default
    return Record.model_validate(data)


def needs_ocr_record(source: SourceFile, reason: str, pages: int, version: str) -> Record:
    """A record that says honestly that the document could not be read without OCR: no field
    is guessed, `status` is needs_ocr and the warning says which pages."""
    return Record.model_validate(
        {
            "source": {
                "path": str(source.path),
                "sha256": source.sha256,
                "media_type": source.media_type,
                "pages": pages,
                # the text these pages hold can only come from OCR
                "text_origin": "ocr",
                "extra_files": [str(p) for p in source.extra_pages],
            },
            "is_dispatch": False,
            "document_type": "other",
            "status": "needs_ocr",
            "warnings": [
                f"Cần nhận dạng chữ (OCR), chưa đọc được trường nào (chạy với --ocr auto, có Tesseract): {reason}"
            ],
            "extractor_version": version,
        }
    )
