"""Small helpers shared by extractors: lines with offsets, diacritic folding, Vietnamese dates."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

import regex


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


@lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """Lower case without diacritics ('Đăng ký' → 'dang ky'), same length as NFC input
    for Vietnamese letters, so offsets found in the folded text hold in the original.

    Cached: the extractors ask about the same paragraph (and the whole text) many times over, and
    translating a non-ASCII text costs ~50 ns a character (a 50-page dispatch folded ~5 M)."""
    folded = text.translate(_fold_table()).lower()
    if len(folded) == len(text):
        return folded
    # a few letters outside Vietnamese lower-case to two characters ("İ"): keep those as they are
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text.translate(_fold_table()))


def one_spelling_by_fold(words: Iterable[str]) -> dict[str, str]:
    """Folded word → its spelling, for the words whose folded letters no other word shares
    ("dang" → "Đặng" among surnames; "Đoàn" and "Doãn" both fold to "doan" and are left out)."""
    spellings: dict[str, set[str]] = {}
    for word in words:
        spellings.setdefault(fold(word), set()).add(word)
    return {k: next(iter(v)) for k, v in spellings.items() if len(v) == 1}


def alternation(words: Iterable[str]) -> str:
    """A regex matching any of `words`, longest first, written as a trie ("chủ trì|chủ động" →
    "chủ\\ (?:trì|động)"): the same matches as "|".join of the words sorted longest first, as at
    one offset the words that match are prefixes of one another and the trie tries the longer
    first; but `regex` walks one branch per letter instead of trying every word at every offset
    (the ~400 action verbs: 31 → 12 ms over a 50-page dispatch)."""
    trie: dict[str, Any] = {}
    for word in sorted(words):  # a fixed pattern from run to run (a set has no order)
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [regex.escape(ch) + emit(child) for ch, child in node.items() if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return ("(?:" + body + ")" if len(branches) == 1 else body) + "?"  # the longer words first

    return emit(trie)


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


# Letters another tool's OCR reads for digits ("2O25", "l5", "I2"; folded: "2o24", "i2").
LETTER_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "i": "1"})
# A date whose digits OCR read in part as letters, by the date grammar only: "12/4/2O25",
# "ngày l5 tháng 3", "năm 2O24" (also unmarked: "ngay l5 thang 3 nam 2O24").
SLIPPED_NUMERIC_DATE = regex.compile(
    r"""
    (?<![\w/⁄.\-]) (?P<d>[\dOolI]{1,2}) (?P<s>[/⁄.\-]) (?P<m>[\dOolI]{1,2}) (?P=s) (?P<y>[\dOolI]{4}) (?![\w/⁄])
    """,
    regex.VERBOSE,
)
SLIPPED_WORD_DAY = regex.compile(
    r"""
    (?i: \b ng\w{1,2}y ) [ ]+ (?P<d>[\dOolI]{1,2}) [ ]+ (?i: th\w{1,4}g ) [ ]+ (?P<m>[\dOolI]{1,2}) (?!\w)
    """,
    regex.VERBOSE,
)
SLIPPED_YEAR = regex.compile(r"""(?i: \b n\w{1,2}m ) [ ]+ (?P<y>[12lI][\dOolI]{3}) (?!\w)""", regex.VERBOSE)


def _valid(year: str, month: str, day: str) -> bool:
    return make_date(*(part.translate(LETTER_DIGITS) for part in (year, month, day))) is not None


def mend_letter_digits(text: str) -> str:
    """OCR'd text with the letters read for digits inside dates put back as digits, where the date
    grammar agrees (a valid day and month, a year 1945–2100); the same length, so offsets hold.
    Only for text another tool or our OCR read: clean text never goes through it."""
    spans: list[tuple[int, int]] = []

    def slipped(group: str) -> bool:
        return any(ch.isdigit() for ch in group) and not group.isdigit()

    for m in SLIPPED_NUMERIC_DATE.finditer(text):
        groups = ("d", "m", "y")
        readable = all(any(c.isdigit() for c in m[g]) for g in groups)
        if readable and any(slipped(m[g]) for g in groups) and _valid(*(m[g] for g in ("y", "m", "d"))):
            spans += [m.span(g) for g in groups]
    for m in SLIPPED_WORD_DAY.finditer(text):
        day, month = (m[g].translate(LETTER_DIGITS) for g in ("d", "m"))
        if (slipped(m["d"]) or slipped(m["m"])) and make_date(2000, month, day) is not None:
            spans += [m.span("d"), m.span("m")]
    for m in SLIPPED_YEAR.finditer(text):
        if slipped(m["y"]) and make_date(m["y"].translate(LETTER_DIGITS), 1, 1) is not None:
            spans.append(m.span("y"))
    if not spans:
        return text
    out = list(text)
    for start, end in spans:
        out[start:end] = list(text[start:end].translate(LETTER_DIGITS))
    return "".join(out)
