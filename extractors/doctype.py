"""Document type (Nghị định 30/2020/NĐ-CP, Phụ lục III) and whether the text is a dispatch at all.

The type comes, in order of trust, from the type title printed in the header ("THÔNG BÁO"), from
the type abbreviation in the number's symbol ("542/TB-UBND" → TB), or, for a công văn, which has
no title, from "V/v" with a symbol that names no type ("4515/VKSTC-T5"). A title only counts in
the header region: "Thông báo này thay cho Giấy mời" or "Kế hoạch số 01/KH" in the body do not.

`is_dispatch` is a scored judgement: a news article has no Quốc hiệu, no "Số:", no "Nơi nhận",
a web timestamp ("6/6/2024 3:24:42 PM") and runs as narrative; a dispatch whose header was lost
still has its title, its "Nơi nhận" and its signature block.
"""

from __future__ import annotations

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.header import Header, analyse
from congvan.extractors.landmarks import (
    KINH_GUI,
    NOI_NHAN,
    SIGNING_PREFIX,
    SO_LABEL,
    VE_VIEC,
    VV_GARBLED,
    VV_LABEL,
)
from congvan.extractors.number import normalise, printed_number
from congvan.extractors.titles import slug_of_abbreviation, title_line
from congvan.schemas.fields import field_warning

# Web page timestamp of a news article: "6/6/2024 3:24:42 PM".
WEB_TIMESTAMP = regex.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*[AP]M\b", regex.VERBOSE)
# Closing mark of a dispatch's last body sentence: "… thực hiện./."
CLOSING_MARK = regex.compile(r"\./\.")

DISPATCH_THRESHOLD = 2.0


def symbol_type(number: str) -> tuple[str | None, str]:
    """Type slug named by the symbol of a normalised number and the symbol's first token:
    '542/TB-UBND' → TB, '01/2021/QĐ-UBND' → QĐ, '238-QĐ/TW' → QĐ, '4515/VKSTC-T5' → (None, VKSTC)."""
    rest = regex.sub(r"^\d+[a-z]?", "", number).lstrip("/-")
    parts = [p for p in regex.split(r"[/\-]", rest) if p]
    parts = [p for p in parts if not regex.fullmatch(r"\d{4}", p)]  # the year of "01/2021/QĐ-UBND"
    if not parts:
        return None, ""
    return slug_of_abbreviation(parts[0]), parts[0]


def _has_vv(header: Header) -> bool:
    """A "V/v" line, or another tool's OCR of it ("Viv triển khai …", "Vív khẩn trương …")."""
    return any(
        seg.kind == "plain" and (VV_LABEL.match(header.folded_of(seg)) or VV_GARBLED.match(seg.text))
        for seg in header.segments
    )


def _has_subject_line(header: Header) -> bool:
    """A left-column subject line: "V/v …", or "Về việc …" where no title stands above it."""
    return _has_vv(header) or any(
        seg.kind == "plain" and VE_VIEC.match(header.folded_of(seg)) for seg in header.segments
    )


# The symbol part of a "Số:" line whose digits OCR garbled (handwritten): "Số: 2 /74,⁄/UBND- KSTTHC"
# → "UBND- KSTTHC". The last slash-separated run that holds capitals.
SYMBOL_TAIL = regex.compile(r"/\s?(?P<symbol>\p{Lu}[\p{L}\d&.]*(?:\s?[-–]\s?[\p{L}\d&.]+)*)\s*$")


def _typeless_symbol(header: Header) -> tuple[int, int] | None:
    """Span of a "Số:" line's symbol that names no document type, read even when the digits are
    unreadable: a công văn's symbol is the body's abbreviation ("…/UBND-KSTTHC"), a titled type's
    starts with the type code ("…/TB-UBND")."""
    for seg in header.segments:
        if seg.kind != "plain" or not SO_LABEL.search(header.folded_of(seg)):
            continue
        m = SYMBOL_TAIL.search(seg.text.rstrip())
        if m is None:
            continue
        first = regex.split(r"\s?[-–]\s?", m["symbol"])[0]
        if slug_of_abbreviation(first) is None:
            return seg.start + m.start("symbol"), seg.start + m.end("symbol")
    return None


def dispatch_score(text: str, header: Header, has_title: bool, has_number: bool) -> tuple[float, list[str]]:
    """Weighted signals of an official document; positive above DISPATCH_THRESHOLD."""
    folded = header.folded
    signals = [
        (2.0, "quốc hiệu", any(s.kind == "quoc_hieu" for s in header.segments)),
        (2.0, "số và ký hiệu", has_number),
        (1.5, "dòng địa danh, ngày tháng", any(s.kind == "place_date" for s in header.segments)),
        (1.5, "tên loại văn bản", has_title),
        (1.5, "nơi nhận", bool(NOI_NHAN.search(folded))),
        (1.0, "kính gửi", bool(KINH_GUI.search(folded))),
        (1.0, "v/v", _has_vv(header)),
        (1.0, "quyền hạn ký (TM., KT., …)", bool(SIGNING_PREFIX.search(header.view))),
        (0.5, "dấu kết thúc ./.", bool(CLOSING_MARK.search(text))),
        (-2.5, "mốc giờ trang web", bool(WEB_TIMESTAMP.search(text[:2000]))),
    ]
    score = sum(w for w, _, on in signals if on)
    return score, [name for w, name, on in signals if on]


SPEC = ExtractorSpec("doctype", ("document_type", "is_dispatch"), order=40)


def extract(text: str, context: Context) -> Extraction:
    header = analyse(text)
    candidates: list[Candidate] = []
    warnings: list[str] = []
    title = title_line(header)
    printed = printed_number(header)
    number = normalise(printed.digits, printed.symbol) if printed else None
    if title is not None:
        slug, start, end, _ = title
        candidates.append(Candidate("document_type", slug, start, end, "doctype.title", 0.95))
    if printed is not None and number:
        symbol_slug, _ = symbol_type(number)
        if symbol_slug is not None and title is None and _has_vv(header):
            # Nghị định 30, Phụ lục I: a titled type always prints its title, and only a công văn
            # carries a "V/v" line. Without a title the symbol's first token is the body's own
            # abbreviation that happens to spell a type code: "1234/CT-CS" of Cục Thuế (not Chỉ thị).
            candidates.append(
                Candidate("document_type", "cong_van", printed.start, printed.end, "doctype.cong_van_vv", 0.85)
            )
        elif symbol_slug is not None:
            candidates.append(
                Candidate("document_type", symbol_slug, printed.start, printed.end, "doctype.symbol", 0.8)
            )
        elif _has_vv(header) or KINH_GUI.search(header.folded):
            confidence = 0.85 if _has_vv(header) else 0.6
            candidates.append(
                Candidate(
                    "document_type", "cong_van", printed.start, printed.end, "doctype.cong_van", confidence
                )
            )
    elif title is None and (typeless := _typeless_symbol(header)) and _has_subject_line(header):
        # no title, a number OCR could not read whole, a symbol naming no type and a subject line:
        # the class of scanned công văn whose number was written by hand
        candidates.append(
            Candidate("document_type", "cong_van", typeless[0], typeless[1], "doctype.cong_van_symbol", 0.6)
        )
    elif title is None and _has_vv(header):
        candidates.append(
            Candidate("document_type", "cong_van", header.start, header.start, "doctype.vv_only", 0.5)
        )
    score, signals = dispatch_score(text, header, title is not None, printed is not None)
    is_dispatch = score >= DISPATCH_THRESHOLD
    confidence = min(0.95, 0.55 + 0.1 * abs(score - DISPATCH_THRESHOLD))
    candidates.append(
        Candidate("is_dispatch", is_dispatch, 0, 0, "doctype.dispatch_score", round(confidence, 2))
    )
    if not is_dispatch:
        warnings.append(
            field_warning(
                "is_dispatch",
                f"không phải văn bản hành chính (điểm {score:.1f}: {', '.join(signals) or 'không có dấu hiệu nào'})",
            )
        )
        candidates = [c for c in candidates if c.field != "document_type"]
    if not any(c.field == "document_type" for c in candidates):
        candidates.append(Candidate("document_type", "other", 0, 0, "doctype.none", 0.3))
    return Extraction(tuple(candidates), tuple(warnings))
