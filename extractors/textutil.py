"""Small helpers shared by extractors: lines with offsets, diacritic folding, Vietnamese dates."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache


@dataclass(frozen=True)
class Line:
    start: int  # offset of the first character in the document text
    end: int  # offset one past the last character (excluding the newline)
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def lines(text: str, start: int = 0, end: int | None = None) -> Iterator[Line]:
    """The lines of text[start:end] with their offsets in `text`."""
    stop = len(text) if end is None else end
    pos = start
    while pos < stop:
        nl = text.find("\n", pos, stop)
        line_end = stop if nl == -1 else nl
        yield Line(pos, line_end, text[pos:line_end])
        pos = line_end + 1


FOLD_RANGE = range(0x80, 0x2000)  # Latin-1 to Latin Extended Additional (all Vietnamese letters)


@cache
def _fold_table() -> dict[int, str]:
    """Each non-ASCII letter of FOLD_RANGE → its base letter, lower case (one character each)."""
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "d"}
    for code in FOLD_RANGE:
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0].lower()
        if code not in table and len(base) == 1 and base != ch:
            table[code] = base
    return table


def fold(text: str) -> str:
    """Lower case without diacritics ('Đăng ký' → 'dang ky'), same length as NFC input
    for Vietnamese letters, so offsets found in the folded text hold in the original."""
    folded = text.translate(_fold_table()).lower()
    if len(folded) == len(text):
        return folded
    # a few letters outside Vietnamese lower-case to two characters ("İ"): keep those as they are
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text.translate(_fold_table()))


def make_date(year: int | str, month: int | str, day: int | str) -> date | None:
    """A date from day-first parts as printed ('08', '6', '2021'); two-digit years are 20xx."""
    try:
        y, m, d = int(year), int(month), int(day)
        if y < 100:
            y += 2000
        if not 1945 <= y <= 2100:
            return None
        return date(y, m, d)
    except (TypeError, ValueError):
        return None


def parse_timestamp(span: str) -> date | None:
    """The calendar date of a captured signing timestamp, as printed in its own time zone:
    "15.01.2025 09:13:12 +07:00", "15/01/2025 09:13:12", "2025-01-15T09:13:12+07:00" (signing
    tools print it differently). Day-first, as Vietnamese dates are; None when it does not parse."""
    import dateparser  # heavy import, and only stamps need it

    parsed = dateparser.parse(
        span,
        languages=["vi", "en"],
        settings={"DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": True, "STRICT_PARSING": True},
    )
    if parsed is None or not 1945 <= parsed.year <= 2100:
        return None
    return parsed.date()


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, stripped."""
    return " ".join(text.split())
