"""Place and date of issue, from the place–date line ("Hà Nội, ngày 09 tháng 11 năm 2021").

Parsed from the captured day/month/year groups, never from the whole line. An e-signed document
prints the day blank ("ngày   tháng 11 năm 2024") and gets it stamped at signing; the stamped day
is then read from a lone digit line after the header, checked against the printed month and year.
Without any place–date line the e-signature time is a last, low-confidence resort.
"""

from __future__ import annotations

from datetime import date

import regex

from congvan.extractors.base import Candidate, Context, Extraction
from congvan.extractors.canonical import PENALTY, snap_place
from congvan.extractors.header import DATE_CORE, Header, Segment, analyse, near_stamp, stamped_digit_lines
from congvan.extractors.number import printed_number
from congvan.extractors.textutil import make_date, parse_timestamp
from congvan.schemas.fields import field_warning

# The place ends at the comma before "ngày"; stray column marks and dashes are not part of it.
PLACE_TRIM = " \t,.;:-–_|"

# E-signature time in a stamp: "Thời gian ký: 15.01.2025 09:13:12 +07:00", "06.11.2024 09:27:05",
# ISO from other signing tools "Ngày ký: 2025-01-15T09:13:12+07:00".
ESIGN_TIME = regex.compile(
    r"""
    (?: \d{1,2}[./-]\d{1,2}[./-]\d{4} \s+ \d{1,2}:\d{2}(?::\d{2})?
      | \d{4}-\d{2}-\d{2} [T\s] \d{2}:\d{2}(?::\d{2})? )
    (?: \s* [+-]\d{2}:?\d{2} )?
    """,
    regex.VERBOSE,
)


def _garbled(around_day: str) -> bool:
    """OCR debris next to the day ("ngày 3| tháng", "ngày Z tháng") means a handwritten day that
    was not read; punctuation and spaces are harmless ("ngày, 09")."""
    return bool(regex.search(r"[^\s,.:]", around_day))


def _place_date_segment(header: Header) -> Segment | None:
    return next((s for s in header.segments if s.kind == "place_date"), None)


def _stamped_day(header: Header, month: int, year: int) -> tuple[date, int, int, float] | None:
    """The day stamped at signing: a lone 1–31 line after the header. When the number was also
    stamped, its digits come first ("542" then "06"), so that line is skipped."""
    candidates = stamped_digit_lines(header)
    printed = printed_number(header)
    if printed is not None and not printed.digits and candidates:
        candidates = candidates[1:]
    for ln in candidates:
        digits = ln.text.strip()
        day = make_date(year, month, digits)
        if day is None:
            continue
        confidence = 0.7 if near_stamp(header, ln) or digits.startswith("0") else 0.6
        at = ln.start + ln.text.index(digits)
        return day, at, at + len(digits), confidence
    return None


def _esign_times(header: Header) -> list[tuple[date, int, int]]:
    found = []
    for ln in header.stamp_lines:
        m = ESIGN_TIME.search(header.view, ln.start, ln.end)
        if m:
            d = parse_timestamp(m.group())
            if d:
                found.append((d, m.start(), m.end()))
    return found


def extract(text: str, context: Context) -> Extraction:
    header = analyse(text)
    seg = _place_date_segment(header)
    if seg is None:
        return _esign_fallback(header)
    m = DATE_CORE.search(header.folded, seg.start, seg.end)
    if m is None:  # cannot happen: the segment was cut at this pattern
        return Extraction()
    candidates: list[Candidate] = []
    warnings: list[str] = []
    place = header.view[seg.start : m.start()].strip(PLACE_TRIM)
    if place and regex.match(r"\p{Lu}", place):
        confidence, rule = (0.85 if context.is_ocr else 0.95), "place_date.line"
        snap = snap_place(place)
        value = place
        if snap is not None and snap.changed:
            value, rule = snap.value, "place_date.canonical"
            confidence -= PENALTY[snap.match]
            warnings.append(f"Địa danh đã chuẩn hoá: '{place}' → '{value}'")
        candidates.append(
            Candidate("issued_place", value, seg.start, seg.start + len(place), rule, round(confidence, 2))
        )
    month, year = int(m["month"].replace("l", "1").replace("|", "1")), int(m["year"])
    if _garbled(m["pre"]) or _garbled(m["post"]):
        warnings.append(field_warning("issued_date", f"không đọc được ngày: '{header.view[m.start() : m.end()]}'"))
        return Extraction(tuple(candidates), tuple(warnings))
    if m["day"] is not None:
        issued = make_date(year, month, m["day"])
        if issued is None:
            shown = header.view[m.start() : m.end()]
            warnings.append(field_warning("issued_date", f"ngày tháng không hợp lệ: '{shown}'"))
        else:
            confidence = 0.95 if place else 0.85
            if context.is_ocr:
                confidence -= 0.1
            candidates.append(
                Candidate(
                    "issued_date",
                    issued.isoformat(),
                    m.start(),
                    m.end(),
                    "place_date.line",
                    round(confidence, 2),
                )
            )
        return Extraction(tuple(candidates), tuple(warnings))
    stamped = _stamped_day(header, month, year)
    if stamped is not None:
        issued, _, _, confidence = stamped
        candidates.append(
            Candidate(
                "issued_date", issued.isoformat(), m.start(), m.end(), "place_date.stamped_day", confidence
            )
        )
        warnings.append(
            field_warning(
                "issued_date",
                f"ngày để trống khi in; bổ sung bằng ngày đóng dấu {issued.day:02d} nằm ngoài thứ tự đọc",
            )
        )
        return Extraction(tuple(candidates), tuple(warnings))
    same_month = [t for t in _esign_times(header) if (t[0].year, t[0].month) == (year, month)]
    if same_month:
        issued, start, end = same_month[0]
        candidates.append(
            Candidate("issued_date", issued.isoformat(), start, end, "place_date.esign_time", 0.35)
        )
        warnings.append(field_warning("issued_date", "ngày để trống khi in; lấy theo thời điểm ký số, có thể muộn hơn"))
    else:
        warnings.append(
            field_warning("issued_date", f"ngày để trống khi in (tháng {month:02d}/{year}), không thấy ngày đóng dấu")
        )
    return Extraction(tuple(candidates), tuple(warnings))


def _esign_fallback(header: Header) -> Extraction:
    times = _esign_times(header)
    if not times:
        return Extraction()
    issued, start, end = times[0]
    return Extraction(
        (Candidate("issued_date", issued.isoformat(), start, end, "place_date.esign_time", 0.3),),
        (field_warning("issued_date", "không có dòng địa danh, ngày tháng; lấy theo thời điểm ký số"),),
    )
