"""Vietnamese deadline phrases → a resolved deadline.

`find_deadlines(text)` locates every deadline phrase ("trước ngày 20/01/2025", "chậm nhất trong
quý III/2019", "trong vòng 10 ngày làm việc kể từ ngày ký", "định kỳ 6 tháng" …) and returns
their spans with the phrase's parts; `resolve(phrase, issued)` turns one phrase into
`{"date", "text", "recurrence", "time"}`, resolving relative phrases against the issue date.

Matching runs on the diacritic-folded text (same length as the NFC text, so spans hold in the
original): OCR often drops or garbles diacritics, and "truoc ngay" must match like "trước ngày".
dateparser is not used: it reads "trước" as "ago".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import regex

from congvan.extractors.textutil import fold, make_date

# A calendar date as printed, on folded text: "20/01/2025", "20-01-2025", "20.01.2025",
# "20 thang 11 nam 2021", "20 thang 11/2021"; year optional ("ngay 25/8", "ngay 20 thang 11").
_DATE = r"""
    (?P<d>\d{1,2}) \s* (?: [/.\-] \s* (?P<m>\d{1,2}) (?: \s* [/.\-] \s* (?P<y>\d{4}|\d{2}) (?!\d) )?
                        | \s+ thang \s+ (?P<m2>\d{1,2})
                          (?: \s* (?: [/.\-] | \s nam \s ) \s* (?P<y2>\d{4}) )? )
    (?![\d/])
"""

# Clock time before or after the date: "14 gio 00", "14 gio 00 phut", "14h00", "8h", "10 gio".
_TIME = r"""(?P<hh>\d{1,2}) \s* (?: gio | h ) \s* (?P<mm>\d{2})? (?: \s* phut )?"""

# "truoc ngay 20/01/2025", "cham nhat ngay 15/12/2024", "truoc 14 gio 00 ngay 29/7/2020",
# "truoc 30/11/2024", "han chot: 31/12/2024", "hoan thanh truoc ngay 20 thang 11 nam 2021",
# "khong muon hon ngay 10/01/2025", "truoc 10 gio 00, ngay 04/8/2020".
DATE_DEADLINE = regex.compile(
    r"""
    (?P<cue> truoc | cham \s nhat (?: \s la)? (?: \s vao)? | khong \s (?:muon|cham) \s hon
           | han \s chot \s* :?
           | thoi \s han (?: \s (?:hoan \s thanh|nop|gui|bao \s cao))? \s* :? (?: \s la)? )
    \s*,?\s*
    (?: """
    + _TIME
    + r""" \s* ,? \s* )?
    (?: (?: cua \s )? ngay \s+ )?
    """
    + _DATE
    + r"""
    (?: \s* ,? \s* (?: vao \s )? (?: luc \s )? \s*
        (?P<hh2>\d{1,2}) \s* (?: gio | h ) (?![a-z]) \s* (?P<mm2>\d{2})? )?
    """,
    regex.VERBOSE,
)

# Range end: "tu ngay 01/8/2020 den ngay 15/8/2020", "tu 13 gio 00 ngay 26/7 den het ngay 31/7/2020".
DATE_RANGE = regex.compile(
    r"""
    (?P<cue> tu \s+ (?: \d{1,2} \s* (?:gio|h) \s* (?:\d{2})? \s* (?:phut)? \s* ,? \s* )?
             (?:ngay \s+)? [\d/.\-]+ (?: \s thang \s \d{1,2} (?: \s nam \s \d{4})? )?
             \s* (?: \( [^)]{0,20} \) \s* )? (?:cho \s)? den \s+ (?:het \s+)? )
    (?: ngay \s+ )?
    """
    + _DATE,
    regex.VERBOSE,
)

# Quarter as the period of a duty: "cham nhat trong quy III/2019", "trong quy IV nam 2024",
# "truoc quy 2/2025", "hoan thanh trong Quy I/2025".
QUARTER = regex.compile(
    r"""
    (?P<cue> (?: cham \s nhat \s | hoan \s thanh \s | xong \s )? (?: trong | truoc | het | cuoi ) ) \s+
    quy \s+ (?P<q> iv | iii | ii | i | [1-4]) \s* (?: [/.\-] | \s nam \s ) \s* (?P<y>\d{4})
    """,
    regex.VERBOSE,
)

# Month as the period of a duty: "trong thang 12/2021", "trong thang 12 nam 2021",
# "truoc thang 6/2025" (before the month starts), "cham nhat trong thang 3/2025".
MONTH = regex.compile(
    r"""
    (?P<cue> (?: cham \s nhat \s | hoan \s thanh \s | xong \s )? (?: trong | truoc | het | cuoi ) ) \s+
    thang \s+ (?P<m>\d{1,2}) (?: \s* (?: [/.\-] | \s nam \s ) \s* (?P<y>\d{4}) )? (?![\d/])
    """,
    regex.VERBOSE,
)

# Half-year or year as the period of a duty: "trong nam 2025", "trong 6 thang dau nam 2025",
# "truoc 6 thang cuoi nam 2024"; "nam hoc 2024-2025" is a school year, not a deadline.
YEAR = regex.compile(
    r"""
    (?P<cue> (?: cham \s nhat \s | hoan \s thanh \s )? (?: trong | het | truoc \s het ) ) \s+
    (?: (?P<half> 6 \s thang \s (?P<which> dau | cuoi ) ) \s )?
    nam \s+ (?P<y>\d{4}) (?! \s* [\-–] \s* \d)
    """,
    regex.VERBOSE,
)

# Relative to the issue or receipt date: "trong vong 10 ngay lam viec ke tu ngay ky",
# "trong thoi han 05 ngay ke tu ngay nhan duoc van ban", "sau 15 ngay ke tu ngay ban hanh".
RELATIVE = regex.compile(
    r"""
    (?P<cue> trong \s (?: vong | thoi \s han | thoi \s gian )? | sau | cham \s nhat (?: \s la)?
           | khong \s qua ) \s*
    (?P<n>\d{1,3}) \s* (?: \( [^)]{0,20} \) \s* )?
    (?P<unit> ngay \s lam \s viec | ngay | tuan | thang )
    (?: \s* ,? \s* (?: ke \s )? tu \s (?: ngay | khi ) \s
        (?P<anchor> ky | ban \s hanh | nhan \s duoc (?: \s van \s ban)? | van \s ban | thong \s bao
                  | co \s hieu \s luc )? )?
    """,
    regex.VERBOSE,
)

# A periodic duty: "dinh ky 6 thang", "dinh ky hang thang", "hang quy", "hang nam",
# "dinh ky 6 thang, hang nam hoac dot xuat", with an optional due day: "hang thang, truoc ngay 25".
RECURRING = regex.compile(
    r"""
    (?P<lead> (?: theo \s )? dinh \s ky \s* ,? \s* )?
    (?: (?P<n>\d{1,2}) \s (?P<unit1> thang | tuan | nam | quy )
      | hang \s (?P<unit2> thang | tuan | quy | nam | ngay ) (?! \s \d{4}) )
    (?P<extra> (?: \s* , \s* | \s (?:va|hoac) \s ) (?: hang \s (?:thang|quy|nam) | dot \s xuat )
               (?: \s (?:va|hoac) \s (?: dot \s xuat | hang \s (?:thang|quy|nam) ) )? )?
    (?: \s* ,? \s* (?P<due> truoc \s (?: ngay \s )? (?P<dd>\d{1,2}) (?![\d/]) ) (?: \s hang \s thang)? )?
    """,
    regex.VERBOSE,
)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_PERIOD_ISO = {"ngay": "P1D", "tuan": "P1W", "thang": "P1M", "quy": "P3M", "nam": "P1Y"}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str  # "date", "range", "quarter", "month", "year", "relative", "recurring"
    groups: dict[str, str | None]


def _month_end(year: int, month: int) -> date | None:
    if not (1 <= month <= 12 and 1945 <= year <= 2100):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_working_days(start: date, days: int) -> date:
    # Working days skip Saturday and Sunday; public holidays are not known here.
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _infer_year(day: int, month: int, issued: date | None) -> date | None:
    # "truoc ngay 25/8" without a year: the first such day not before the issue date.
    if issued is None:
        return None
    candidate = make_date(issued.year, month, day)
    if candidate is not None and candidate < issued:
        candidate = make_date(issued.year + 1, month, day)
    return candidate


def _time(hh: str | None, mm: str | None) -> str | None:
    if hh is None:
        return None
    hour, minute = int(hh), int(mm or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _calendar_date(g: dict[str, str | None], issued: date | None) -> date | None:
    day = g.get("d")
    month = g.get("m") or g.get("m2")
    year = g.get("y") or g.get("y2")
    if day is None or month is None:
        return None
    if year is None:
        return _infer_year(int(day), int(month), issued)
    return make_date(year, month, day)


def _next_monthly_due(day: int, issued: date | None) -> date | None:
    if issued is None or not 1 <= day <= 31:
        return None
    this_month = make_date(
        issued.year, issued.month, min(day, calendar.monthrange(issued.year, issued.month)[1])
    )
    if this_month is not None and this_month > issued:
        return this_month
    nxt = _add_months(date(issued.year, issued.month, 1), 1)
    return date(nxt.year, nxt.month, min(day, calendar.monthrange(nxt.year, nxt.month)[1]))


def _value(found: Found, text: str, issued: date | None) -> dict[str, Any] | None:
    g = found.groups
    phrase = text[found.start : found.end].strip(" ,;.")
    result: dict[str, Any] = {"date": None, "text": phrase, "recurrence": None, "time": None}
    when: date | None = None
    if found.kind in ("date", "range"):
        when = _calendar_date(g, issued)
        result["time"] = _time(g.get("hh"), g.get("mm")) or _time(g.get("hh2"), g.get("mm2"))
        if when is None:
            return None
    elif found.kind == "quarter":
        quarter = _ROMAN.get((g.get("q") or "").lower())
        year = int(g["y"] or 0)
        when = _month_end(year, quarter * 3) if quarter else None
        if when is None:
            return None
    elif found.kind == "month":
        month = int(g["m"] or 0)
        year = int(g["y"] or 0) if g.get("y") else (issued.year if issued else 0)
        if g.get("y") is None and issued is not None and month < issued.month:
            year += 1
        when = _month_end(year, month)
        if when is not None and (g.get("cue") or "").endswith("truoc"):
            # "trước tháng 6/2025": due before the month begins.
            when = date(when.year, when.month, 1) - timedelta(days=1)
        if when is None and g.get("y") is not None:
            return None
    elif found.kind == "year":
        year = int(g["y"] or 0)
        last_month = 6 if g.get("half") and g.get("which") == "dau" else 12
        when = _month_end(year, last_month)
        if when is None:
            return None
    elif found.kind == "relative":
        count = int(g["n"] or 0)
        unit = g.get("unit") or ""
        if issued is not None and count > 0:
            if unit == "ngay lam viec":
                when = _add_working_days(issued, count)
            elif unit == "ngay":
                when = issued + timedelta(days=count)
            elif unit == "tuan":
                when = issued + timedelta(weeks=count)
            elif unit == "thang":
                when = _add_months(issued, count)
    elif found.kind == "recurring":
        if g.get("n"):
            unit = g.get("unit1") or ""
            count = int(g["n"] or 0)
            if count == 0:
                return None
            result["recurrence"] = {
                "thang": f"P{count}M",
                "tuan": f"P{count}W",
                "nam": f"P{count}Y",
                "quy": f"P{3 * count}M",
            }[unit]
        else:
            result["recurrence"] = _PERIOD_ISO[g.get("unit2") or "thang"]
        if g.get("dd") and result["recurrence"] == "P1M":
            when = _next_monthly_due(int(g["dd"] or 0), issued)
    result["date"] = when.isoformat() if when else None
    return result


def _scan(folded: str) -> list[Found]:
    found: list[Found] = []
    for kind, pattern in (
        ("range", DATE_RANGE),
        ("date", DATE_DEADLINE),
        ("quarter", QUARTER),
        ("month", MONTH),
        ("year", YEAR),
        ("relative", RELATIVE),
        ("recurring", RECURRING),
    ):
        for match in pattern.finditer(folded):
            if kind == "recurring" and not (match.group("lead") or match.group("due")):
                # a bare "6 thang" is a length, "chỉ tiêu hàng năm" a noun phrase: not a duty's period
                continue
            if kind == "month" and match.group("y") is None and match.group("cue").endswith("cuoi"):
                continue  # "cuối tháng 12" without a year is too vague to resolve
            span = (match.start(), match.end())
            if any(f.start < span[1] and span[0] < f.end for f in found):
                continue  # an earlier, more specific pattern already covers this text
            found.append(Found(span[0], span[1], kind, match.groupdict()))
    return sorted(found, key=lambda f: f.start)


def _word_boundary_ok(folded: str, start: int) -> bool:
    return start == 0 or not folded[start - 1].isalnum()


def find_deadlines(text: str, issued: date | None = None) -> list[tuple[int, int, dict[str, Any]]]:
    """Every deadline phrase in `text`, as (start, end, deadline dict), in text order."""
    if not text:
        return []
    folded = fold(text)
    if len(folded) != len(text):
        return []  # offsets would not hold; fold() keeps length for all NFC Vietnamese text
    out: list[tuple[int, int, dict[str, Any]]] = []
    for found in _scan(folded):
        if not _word_boundary_ok(folded, found.start):
            continue
        value = _value(found, text, issued)
        if value is not None:
            end = found.end
            while end > found.start and text[end - 1] in " ,;.":
                end -= 1
            out.append((found.start, end, value))
    return out


def resolve(phrase_text: str, issued: date | None) -> dict[str, Any] | None:
    """The deadline one phrase states, or None when it states none."""
    try:
        found = find_deadlines(phrase_text, issued)
    except Exception:  # noqa: BLE001 — odd text never raises
        return None
    if not found:
        return None
    dated = [f for f in found if f[2]["date"] is not None]
    return (dated or found)[0][2]
