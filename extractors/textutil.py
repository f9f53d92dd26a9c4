"""Small helpers shared by extractors: lines with offsets, diacritic folding, Vietnamese dates."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date


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


def fold(text: str) -> str:
    """Lower case without diacritics ('Đăng ký' → 'dang ky'), same length as NFC input
    for Vietnamese letters, so offsets found in the folded text hold in the original."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.lower() if base else ch.lower())
    return "".join(out)


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


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, stripped."""
    return " ".join(text.split())
