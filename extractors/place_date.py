"""Place and date of issue, from the place–date line ("Hà Nội, ngày 09 tháng 11 năm 2021").

Parsed from the captured day/month/year groups, never from the whole line. An e-signed document
prints the day blank ("ngày   tháng 11 năm 2024") and gets it stamped at signing; the stamped day
is then read from a lone digit line after the header, checked against the printed month and year.
Without any place–date line the e-signature time is a last, low-confidence resort.
"""

from __future__ import annotations

from datetime import date

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.canonical import PENALTY, snap_local_place, snap_place
from congvan.extractors.header import (
    GLUED_WORDS,
    Header,
    Segment,
    analyse,
    date_in_line,
    near_stamp,
    place_date_lead,
    stamped_digit_lines,
)
from congvan.extractors.landmarks import BLANK_FILL
from congvan.extractors.number import printed_number
from congvan.extractors.textutil import LETTER_DIGITS, make_date, parse_timestamp
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


# A digit run with OCR's letter for a digit inside it, outside the place–date line: "Số: l86-KH/HNDT",
# "CÔNG VĂN ĐẾN Số: 2O41", "Ngày l8/3/2025". Such a token is no word, so plain text carrying one came
# from another tool's OCR (class: a text export of a scanned dispatch whose marks survived).
SLIPPED_DIGIT_RUN = regex.compile(
    r"""
    (?<![\w]) (?=[OlI]*\d) (?=\d*[OlI]) [\dOlI]{2,} (?![\w])
    """,
    regex.VERBOSE,
)


def _ocr_slips_elsewhere(header: Header, seg: Segment) -> bool:
    """Another letter-for-digit slip in the text beside the place–date line's own."""
    view = header.view
    return any(
        not (seg.start <= m.start() < seg.end) for m in SLIPPED_DIGIT_RUN.finditer(view)
    )


def _mixed(m: regex.Match[str]) -> bool:
    """Each lettered group of the date also holds a printed digit ("2O", "2O24", "l5"): a slip,
    not a word."""
    return all(g is None or g.isdigit() or any(ch.isdigit() for ch in g) for g in (m["day"], m["year"]))


def _garbled(around_day: str) -> bool:
    """OCR debris next to the day ("ngày 3| tháng", "ngày Z tháng") means a handwritten day that
    was not read; punctuation, spaces and a template's blank are harmless ("ngày, 09", "ngày …… 14")."""
    return bool(regex.search(r"[^\s,.:]", regex.sub(BLANK_FILL, "", around_day)))


def _letter_digits(m: regex.Match[str]) -> bool:
    return any(g is not None and not g.isdigit() for g in (m["day"], m["year"]))


def _digits(group: str) -> str:
    """OCR's letter for a digit read as the digit ("l5" → "15", "2o24" → "2024"), folded text."""
    return group.translate(LETTER_DIGITS)


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


SPEC = ExtractorSpec("place_date", ("issued_place", "issued_date"), order=30)


def extract(text: str, context: Context) -> Extraction:
    header = analyse(text)
    seg = _place_date_segment(header)
    if seg is None:
        return _esign_fallback(header)
    m = date_in_line(header.folded, seg.start, seg.end)
    candidates: list[Candidate] = []
    warnings: list[str] = []
    # the place is read on its own: a date OCR garbled past reading does not lose it
    lead = m.start() if m is not None else _lead_of(header, seg)
    place_found = _place(header, seg, lead, context, warnings)
    if place_found is not None:
        candidates.append(place_found)
    place = place_found is not None
    if m is None:
        return _date_unreadable(header, seg, candidates, warnings)
    ocr_like = context.is_ocr or context.repaired or (_mixed(m) and _ocr_slips_elsewhere(header, seg))
    if not ocr_like and _letter_digits(m):
        # clean text with a letter for a digit is not an OCR slip: unread, as before; plain text
        # slipped the same way elsewhere ("Số: l86-KH/HNDT" … "Nghệ An, ngày 2O tháng 12 năm 2O24")
        # is another tool's OCR and its date is read, with the warning below
        return _date_unreadable(header, seg, candidates, warnings)
    month, year = int(regex.sub(r"[l|\]]", "1", m["month"])), int(_digits(m["year"]))
    if _garbled(m["pre"]) or _garbled(m["post"]):
        warnings.append(field_warning("issued_date", f"không đọc được ngày: '{header.view[m.start() : m.end()]}'"))
        return Extraction(tuple(candidates), tuple(warnings))
    if m["day"] is not None:
        issued = make_date(year, month, _digits(m["day"]))
        signed = _signed_before(header, issued)
        if issued is None:
            shown = header.view[m.start() : m.end()]
            warnings.append(field_warning("issued_date", f"ngày tháng không hợp lệ: '{shown}'"))
        elif (doubt := _hand_doubt(context, _digits(m["day"]))) is not None:
            settled = _same_month_esign(header, issued)
            if settled is not None:
                when, start, end = settled
                candidates.append(
                    Candidate("issued_date", when.isoformat(), start, end, "place_date.esign_over_hand", 0.6)
                )
                warnings.append(field_warning("issued_date", f"{doubt}; lấy ngày ký số {when.isoformat()}"))
            else:
                warnings.append(field_warning("issued_date", f"{doubt}; không chắc chắn nên để trống"))
        elif signed is not None:
            # a day after the signing time is a misread (a handwritten day, a stamp): the signature wins
            when, start, end = signed
            candidates.append(
                Candidate("issued_date", when.isoformat(), start, end, "place_date.esign_over_line", 0.6)
            )
            warnings.append(
                field_warning(
                    "issued_date",
                    f"đọc được {issued.isoformat()} muộn hơn thời gian ký số {when.isoformat()}; lấy ngày ký số",
                )
            )
        else:
            confidence = 0.95 if place else 0.85
            if context.is_ocr:
                confidence -= 0.1
            if _letter_digits(m):
                confidence -= 0.1
                shown = header.view[m.start() : m.end()]
                warnings.append(field_warning("issued_date", f"đọc chữ in nhầm thành số trong '{shown}'"))
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


def _signed_before(header: Header, issued: date | None) -> tuple[date, int, int] | None:
    """The e-signature time when the read issued day falls after it in the same month: a document
    is dated no later than it is signed, so such a day was misread."""
    if issued is None:
        return None
    for when, start, end in _esign_times(header):
        if (when.year, when.month) == (issued.year, issued.month) and when < issued:
            return when, start, end
    return None


def _hand_doubt(context: Context, day: str) -> str | None:
    """A warning when the day in the text is a handwritten read the page OCR read otherwise."""
    hand = context.handwritten.get("day")
    if hand is None or not hand.page_digits or not hand.page_digits.isdigit() or not hand.digits.isdigit():
        return None
    if int(day) != int(hand.digits) or int(hand.page_digits) == int(hand.digits):
        return None
    return f"ngày viết tay đọc thành '{hand.digits}' nhưng trang đọc '{hand.page_digits}'"


def _same_month_esign(header: Header, issued: date) -> tuple[date, int, int] | None:
    return next(
        (t for t in _esign_times(header) if (t[0].year, t[0].month) == (issued.year, issued.month)), None
    )


def _lead_of(header: Header, seg: Segment) -> int:
    lead = place_date_lead(header.folded, seg.start, seg.end)
    return lead.start() if lead is not None else seg.start


def _wrapped_place(header: Header, seg: Segment, place: str) -> tuple[str, int] | None:
    """A place the line wrapped ("Thành phố Hồ Chí" / "Minh, ngày 28 …", a web table cell):
    the previous line's capitalised words joined to it, when only the joined name is a known
    place. Returns (joined place, its start)."""
    if snap_place(place) is not None:
        return None
    above = header.view.rfind("\n", 0, seg.start - 1)
    line = header.view[above + 1 : seg.start - 1]
    words = line.split()
    if not 1 <= len(words) <= 5 or not all(regex.match(r"\p{Lu}|phố|xã|trấn", w) for w in words):
        return None
    joined = f"{' '.join(words)} {place}"
    snap = snap_place(joined)
    if snap is None or snap.match != "exact":
        return None
    return joined, above + 1 + len(line) - len(line.lstrip())


def _place_above(header: Header, seg: Segment) -> tuple[str, int, int] | None:
    """A place the line broke after its comma ("Đà Nẵng," / "ngày 24 tháng 01 năm 2022", a narrow
    right column): the line right above, one to five capitalised words ending in a comma, when it
    names a known place. Returns (place, start, end)."""
    above = header.view.rfind("\n", 0, max(seg.start - 1, 0))
    line = header.view[above + 1 : max(seg.start - 1, 0)]
    words = line.strip().rstrip(",").split()
    # an upper-case line is the header's body names ("TỈNH QUẢNG NGÃI"), not the italic place
    if not line.rstrip().endswith(",") or not 1 <= len(words) <= 5 or line.isupper():
        return None
    if not all(regex.match(r"\p{Lu}|phố|xã|trấn", w) for w in words):
        return None
    place = " ".join(words)
    if snap_place(place) is None:
        return None
    start = above + 1 + len(line) - len(line.lstrip())
    return place, start, start + len(line.strip().rstrip(",").rstrip())


def _place(header: Header, seg: Segment, lead: int, context: Context, warnings: list[str]) -> Candidate | None:
    place = header.view[seg.start : lead].strip(PLACE_TRIM)
    start = seg.start
    end = seg.start + len(header.view[seg.start : lead].rstrip(PLACE_TRIM))
    if not place and (broken := _place_above(header, seg)) is not None:
        place, start, end = broken
    if not place or not regex.match(r"\p{Lu}", place):
        return None
    confidence, rule = (0.85 if context.is_ocr else 0.95), "place_date.line"
    wrapped = _wrapped_place(header, seg, place)
    if wrapped is not None:
        place, start = wrapped
        rule = "place_date.wrapped"
    snap = snap_place(place)
    if snap is None and (context.is_ocr or context.repaired):
        # a district's or commune's place–date line in text that lost its marks: "Gia Vien, ngày …"
        snap = snap_local_place(place)
    value = place
    if snap is None and GLUED_WORDS.search(place):
        # "Thành phốHồChí Minh": the italic line's lost spaces put back
        spaced = GLUED_WORDS.sub(" ", place)
        snap = snap_place(spaced)
        value = spaced
    if snap is not None and snap.changed:
        value, rule = snap.value, "place_date.canonical"
        confidence -= PENALTY[snap.match]
        warnings.append(f"Địa danh đã chuẩn hoá: '{place}' → '{value}'")
    return Candidate("issued_place", value, start, end, rule, round(confidence, 2))


def _date_unreadable(header: Header, seg: Segment, candidates: list[Candidate], warnings: list[str]) -> Extraction:
    """The place–date line's date did not parse: the e-signature time, when the document has one,
    dates it (with a warning); otherwise the date stays null rather than guessed."""
    line = header.view[seg.start : seg.end].strip()
    times = _esign_times(header)
    if times:
        issued, start, end = times[0]
        candidates.append(Candidate("issued_date", issued.isoformat(), start, end, "place_date.esign_time", 0.4))
        warnings.append(
            field_warning("issued_date", f"không đọc được ('{line}'); lấy theo thời gian ký số, có thể muộn hơn")
        )
    else:
        warnings.append(field_warning("issued_date", f"không đọc được: '{line}'"))
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
