"""The receiving stamp (dấu đến): the arrival number and date the receiving office wrote into it,
read from the page text OCR leaves ("CV ĐẾN Số: 2352 Ngày: 21/3/18"). It is a proposal: the
tracker numbers documents with its own gap-free counter (tracker/arrivals.py) and shows this beside.

The stamp's number and date are handwritten, so what OCR makes of them is doubtful; a number or
date the window after the heading does not hold clearly gives nothing rather than a guess. A day
written without its year takes the issued date's year (the next year when that would put arrival
before issue: a document issued in December and received in January).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.textutil import LETTER_DIGITS, fold, make_date
from congvan.extractors.vocab import load_table

# How far after the heading the Số and Ngày lines are looked for (the stamp's own lines).
WINDOW_LINES = 4
WINDOW_CHARS = 160
RULE = "arrival.receiving_stamp"
RULE_READ_APART = "arrival.stamp_read_apart"

# The line the OCR stage writes for a receiving stamp it read apart (pipeline/ocr/receiving.py
# keeps its own copy: extractors do not import pipeline); "?" marks handwriting it could not read.
# matches "[Dấu đến] Số: 2352 | Ngày: 21/3/18 | tin cậy 0.82", "[Dấu đến] Số: ? | Ngày: ? | tin cậy 0.00"
STAMP_LINE = regex.compile(
    r"""^\[Dấu\ đến\]\ Số:\ (?P<number>\d{1,6}|\?)
        \ \|\ Ngày:\ (?:(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{4}|\d{2}))?|\?)
        \ \|\ tin\ cậy\ (?P<confidence>[01]\.\d\d)$""",
    regex.VERBOSE | regex.MULTILINE,
)
UNREADABLE = "Dấu đến: có dấu đến nhưng không đọc được {what} viết tay; hãy nhập theo bản giấy."

# "Số: 2352" in the stamp: digits only (a number with a symbol, "07/CT-UBND", is the document's own).
# Another tool's OCR reads a written digit as a letter inside the run ("Số: 2O41", "Số: 4O7", folded
# "2o41"): o, l, i between digits are digits; a letter after the run is not taken.
STAMP_NUMBER = regex.compile(
    r"""\b(?P<label>so) \s* [:.]? \s* (?P<digits>\d(?:\d|[oli](?=[oli]*\d)){0,5}) (?![\d/]|\s*/\s*\p{L})""",
    regex.VERBOSE,
)

# "Ngày: 21/3/18", "Ngay 21.3.2018", "Ngày: 21/3" (the year left out).
STAMP_DATE = regex.compile(
    r"""\b(?P<label>ngay) \s* [:.]? \s*
        (?P<day>\d{1,2}) \s* [/.\-] \s* (?P<month>\d{1,2})
        (?: \s* [/.\-] \s* (?P<year>\d{4}|\d{2}) )? (?!\d)""",
    regex.VERBOSE,
)


@cache
def headings() -> regex.Pattern[str]:
    """The stamp headings, folded ("cong van den", "cv den"; "den" alone on its line)."""
    table = load_table("arrival_stamps")
    spaced = [r"\s*".join(regex.escape(w) for w in fold(h).split()) for h in table["headings"]]
    alone = [regex.escape(fold(h)) for h in table["alone_only"]]
    # "CÔNG VĂN ĐẾN" anywhere; "CV\nĐẾN" across the stamp's two lines; "ĐẾN" on a line of its own
    pattern = rf"\b(?:{'|'.join(spaced)})\b|(?m:^[^\S\n]*(?:{'|'.join(alone)})[^\S\n]*$)"
    return regex.compile(pattern)


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _window_end(text: str, start: int) -> int:
    end = start
    for _ in range(WINDOW_LINES):
        nl = text.find("\n", end + 1)
        if nl < 0:
            return min(len(text), start + WINDOW_CHARS)
        end = nl
    return min(end, start + WINDOW_CHARS)


def _arrival_date(day: str, month: str, year: str | None, issued: date | None) -> tuple[date | None, bool]:
    """The date, and whether its year was supplied from the issued date."""
    if year:
        return make_date(year, month, day), False
    if issued is None:
        return None, True
    guess = make_date(issued.year, month, day)
    if guess is not None and guess < issued:
        guess = make_date(issued.year + 1, month, day)
    return guess, True


SPEC = ExtractorSpec("arrival", ("arrival",), requires=("issued_date",), order=130)


def from_read_apart(text: str, context: Context) -> Extraction | None:
    """The stamp the OCR stage read apart, or None when the text has no such line. Unread
    handwriting gives null (and a warning), never a guess."""
    line = STAMP_LINE.search(text)
    if line is None:
        return None
    warnings: list[str] = []
    number = line["number"] if line["number"] != "?" else None
    arrived, year_guessed = (None, False)
    if line["day"]:
        arrived, year_guessed = _arrival_date(line["day"], line["month"], line["year"], context.issued_date)
    missing = [what for what, value in (("số đến", number), ("ngày đến", arrived)) if value is None]
    if missing:
        warnings.append(UNREADABLE.format(what=" và ".join(missing)))
    if number is None and arrived is None:
        return Extraction((), tuple(warnings))
    confidence = float(line["confidence"]) - (0.1 if year_guessed else 0.0)
    if arrived is not None and context.issued_date is not None and arrived < context.issued_date:
        warnings.append("Dấu đến: ngày đến ghi trên dấu sớm hơn ngày ban hành; hãy kiểm tra.")
        confidence = min(confidence, 0.3)
    confidence = round(max(0.0, confidence), 2)
    value = {
        "number": number,
        "date": arrived.isoformat() if arrived is not None else None,
        "confidence": confidence,
        "evidence": {"start": line.start(), "end": line.end()},
    }
    candidate = Candidate("arrival", value, line.start(), line.end(), RULE_READ_APART, confidence)
    return Extraction((candidate,), tuple(warnings))


def extract(text: str, context: Context) -> Extraction:
    apart = from_read_apart(text, context)
    if apart is not None:
        return apart  # the stamp read on its own beats the page OCR's reading of it
    folded = fold(text)
    warnings: list[str] = []
    for head in headings().finditer(folded):
        if not _capitals(text[head.start() : head.end()]):
            continue  # "đến" in prose, not a stamp
        window_end = _window_end(folded, head.end())
        number = STAMP_NUMBER.search(folded, head.end(), window_end)
        when = STAMP_DATE.search(folded, head.end(), window_end)
        if number is None and when is None:
            continue  # an empty stamp ("Số: ......"): nothing was written in it
        arrived, year_guessed = (None, False)
        if when is not None:
            arrived, year_guessed = _arrival_date(when["day"], when["month"], when["year"], context.issued_date)
            if arrived is None:
                warnings.append("Dấu đến: không đọc được ngày đến ghi trên dấu.")
        confidence = 0.7 if number is not None and arrived is not None else 0.5
        if year_guessed and arrived is not None:
            confidence -= 0.1
        if number is not None and not number["digits"].isdigit():
            confidence -= 0.1  # a letter read as a digit: likelier than the cut number, still a reading
        if arrived is not None and context.issued_date is not None and arrived < context.issued_date:
            warnings.append("Dấu đến: ngày đến ghi trên dấu sớm hơn ngày ban hành; hãy kiểm tra.")
            confidence = 0.3
        ends = [m.end() for m in (number, when) if m is not None]
        value = {
            "number": number["digits"].translate(LETTER_DIGITS).lstrip("0") or "0" if number is not None else None,
            "date": arrived.isoformat() if arrived is not None else None,
            "confidence": round(confidence, 2),
            "evidence": {"start": head.start(), "end": max(ends)},
        }
        return Extraction((Candidate("arrival", value, head.start(), max(ends), RULE, confidence),), tuple(warnings))
    return Extraction((), tuple(warnings))
