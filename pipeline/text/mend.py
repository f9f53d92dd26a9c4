"""Text that another tool OCRed gets the repair the project's own OCR output gets.

A plain text or DOCX file (judged as one document) or a PDF text-layer page (judged on its own)
that `quality.assess_text` calls noisy — marks lost or slipped as another tool's OCR leaves them
("CUC THUE TP HA NOI", "TONG CỤC THUÊ", "BỘ NÔNG NGHIẾP") — goes through `ocr.repair` and the document-wide
`ocr.consistency` pass, exactly as an OCR'd page does. Clean text is returned as it came, byte
for byte. Garbage PDF layers never reach this step when OCR can read the page again (pdf.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import regex

from congvan.pipeline.boxes import Boxed, carry
from congvan.pipeline.document import PageText
from congvan.pipeline.media import PDF
from congvan.pipeline.text.legacy import fix_legacy
from congvan.pipeline.text.quality import Noise, TextVerdict, assess_text
from congvan.pipeline.text.sprinkled import is_sprinkled, restore_bare
from congvan.schemas.fields import page_warning
from congvan.schemas.record import TextOrigin

DOCUMENT_WARNING = "Văn bản thiếu dấu hoặc sai dấu (có vẻ do công cụ khác nhận dạng), đã sửa dấu tự động"
PAGE_WARNING = (
    "Trang {page}: lớp chữ của PDF thiếu dấu hoặc sai dấu (có vẻ do công cụ khác nhận dạng), đã sửa dấu tự động"
)
GARBAGE_DOCUMENT_WARNING = (
    "Văn bản có vẻ là chữ nhận dạng hỏng (sai mã chữ hoặc do công cụ khác nhận dạng); "
    "đã thử sửa, hãy kiểm tra các trường"
)


def judged_text(text: str) -> str:
    """The text as the later stages will see it (legacy 8-bit fonts converted, NFC), so a TCVN3
    file is judged by its letters, not by its bytes."""
    from congvan.pipeline.normalise import normalise_text

    return normalise_text(fix_legacy(text)[0])


def assess(text: str) -> Noise:
    """The detector's view of `text` as the later stages will see it. Clean text is told at once;
    only text that does not look clean pays for the 8-bit font guess (a TCVN3 layer looks like
    soup until converted)."""
    noise = assess_text(text)
    if noise.verdict in ("clean", "empty"):
        return noise
    return assess_text(judged_text(text))


def verdict_of(text: str) -> TextVerdict:
    return assess(text).verdict


def _repair(pages: Sequence[PageText]) -> tuple[list[PageText], list[str]]:
    """Each page through the line repair, then the pages through the consistency pass."""
    from congvan.pipeline.ocr import consistency, repair

    lost = _lost_cost("\n".join(p.text for p in pages))
    repaired = [repair.repair_text(judged_text(p.text), lost) for p in pages]
    texts, _ = consistency.harmonise([r.text for r in repaired])
    notes = [page_warning(p.number, w) for p, r in zip(pages, repaired, strict=True) for w in r.warnings]
    out = [
        _repaired(p, text) if text != p.text else p
        for p, text in zip(pages, texts, strict=True)
    ]
    return out, notes


def _lost_cost(text: str) -> float:
    """The repair's cost of a lost mark on this text: the more marks it lost, the cheaper."""
    from congvan.pipeline.ocr.diacritics import lost_mark_cost

    return lost_mark_cost(assess(text).lost_marks)


def _repaired(page: PageText, text: str) -> PageText:
    """The page with its repaired text; its character boxes follow the edit (a text layer has them)."""
    if page.char_boxes is None:
        return replace(page, text=text, repaired=True)
    boxed = carry(Boxed(page.text, page.char_boxes), text)
    return replace(page, text=text, char_boxes=boxed.boxes, repaired=True)


SPRINKLED_WARNING = "Trang {page}: một số chữ mất dấu (có vẻ do công cụ khác nhận dạng), đã sửa dấu: {words}"


SLIP_WARNING = "Trang {page}: chữ 'l' trong chữ in hoa là chữ 'I' bị nhận dạng nhầm, đã sửa: {words}"
HORN_WARNING = "Trang {page}: chữ 'ươ' bị nhận dạng thiếu dấu móc ở chữ 'u', đã sửa: {words}"


def mend_noisy(pages: Sequence[PageText], media_type: str) -> tuple[list[PageText], list[str]]:
    """The pages with noisy text repaired, and warnings saying so; OCR'd pages are left alone.
    Text that reads clean still gets the slips no clean text has ("PHƯỜNG CẦU GlẤY"), and its bare
    words their marks back where several of them are no syllable without ("Tết Dương lich")."""
    mended, warnings = _mend_noisy(pages, media_type)
    slipped, notes = _mend_slips(mended)
    sprinkled, restored = _mend_sprinkled(slipped, media_type)
    return sprinkled, warnings + notes + restored


def _mend_sprinkled(pages: Sequence[PageText], media_type: str) -> tuple[list[PageText], list[str]]:
    """Bare words restored in text that reads clean but lost marks here and there (sprinkled.py).
    A PDF is judged page by page, like its noisy pages; another file as one text."""
    judged = [i for i, p in enumerate(pages) if p.origin is not TextOrigin.OCR and not p.repaired and not p.over_image]
    if media_type == PDF:
        chosen = [i for i in judged if is_sprinkled(pages[i].text)]
    else:
        chosen = judged if judged and is_sprinkled("\n".join(pages[i].text for i in judged)) else []
    if not chosen:
        return list(pages), []
    lost = _lost_cost("\n".join(pages[i].text for i in chosen))
    out = list(pages)
    notes: list[str] = []
    for i in chosen:
        try:
            text, changes = restore_bare(pages[i].text, lost)
        except ImportError:  # the OCR stage is optional; its context model goes with it
            return list(pages), []
        if text != pages[i].text:
            notes.append(SPRINKLED_WARNING.format(page=pages[i].number, words=", ".join(dict.fromkeys(changes))))
            out[i] = _repaired(pages[i], text)
    return out, notes


def _mend_slips(pages: Sequence[PageText]) -> tuple[list[PageText], list[str]]:
    try:
        from congvan.pipeline.ocr.repair import fix_capitals_l, fix_missing_horn
    except ImportError:  # the OCR stage is optional; its repair goes with it
        return list(pages), []
    out: list[PageText] = []
    notes: list[str] = []
    for page in pages:
        if page.origin is TextOrigin.OCR or page.repaired:
            out.append(page)
            continue
        capitals = fix_capitals_l(page.text)
        text = fix_missing_horn(capitals)
        if text == page.text:
            out.append(page)
            continue
        for warning, before, after in ((SLIP_WARNING, page.text, capitals), (HORN_WARNING, capitals, text)):
            words = sorted(set(_changed_words(before, after)))
            if words:
                notes.append(warning.format(page=page.number, words=", ".join(words)))
        out.append(replace(page, text=text))  # same length: the character boxes hold
    return out, notes


def _changed_words(before: str, after: str) -> list[str]:
    """The words that differ, as printed (the texts have one length)."""
    return [m[0] for m in regex.finditer(r"\p{L}+", before) if after[m.start() : m.end()] != m[0]]


def _mend_noisy(pages: Sequence[PageText], media_type: str) -> tuple[list[PageText], list[str]]:
    if media_type == PDF:
        return _mend_pdf_pages(pages)
    if any(p.origin is TextOrigin.OCR for p in pages):
        return list(pages), []
    verdict = verdict_of("\n".join(p.text for p in pages))
    if verdict not in ("noisy", "garbage"):
        return list(pages), []
    out, notes = _repair(pages)
    if not any(p.repaired for p in out):
        return out, []
    return out, [DOCUMENT_WARNING if verdict == "noisy" else GARBAGE_DOCUMENT_WARNING, *notes]


def _mend_pdf_pages(pages: Sequence[PageText]) -> tuple[list[PageText], list[str]]:
    # a layer over a page image is OCR output however clean it reads ("TRƯỜNG" for "TRƯỞNG", "quý 11"
    # for "quý II" are clean Vietnamese): it gets the repair our own OCR output gets
    noisy = [
        i
        for i, p in enumerate(pages)
        if p.origin is TextOrigin.TEXT_LAYER
        and (verdict := verdict_of(p.text)) != "garbage"
        and (verdict == "noisy" or (p.over_image and verdict != "empty"))
    ]
    if not noisy:
        return list(pages), []
    fixed, notes = _repair([pages[i] for i in noisy])
    out = list(pages)
    warnings: list[str] = []
    for i, page in zip(noisy, fixed, strict=True):
        out[i] = page
        if page.repaired:
            warnings.append(PAGE_WARNING.format(page=page.number))
    return out, warnings + notes
