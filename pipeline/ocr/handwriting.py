"""Handwritten number and day in the printed header.

Offices print "Số:      /UBND-TTHC" and "ngày      tháng 01 năm 2025" and write the number and
the day by hand at signing. Tesseract's page model reads those strokes as "899" or "0†". Here
the gap between the printed anchors is located from the word boxes, cropped from the original
page, and read again with a digits-only recogniser; the page text gets the new digits and a
warning records the handwritten read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np
import regex
from PIL import Image

from congvan.errors import OCRFailed
from congvan.extractors.base import HandRead
from congvan.extractors.textutil import fold
from congvan.pipeline.ocr import tesseract
from congvan.pipeline.ocr.digits import classify
from congvan.pipeline.ocr.preprocess import remove_red_ink
from congvan.pipeline.ocr.tsv import TsvWord
from congvan.schemas.fields import field_warning

# Anchors are looked for in the header only (top share of the page).
HEADER_SHARE = 0.45
# "Số:" and OCR variants "S6:", "Sô:" (folded, lower-case); the colon tells it from "Sở".
NUMBER_LABEL = regex.compile(r"""^s[o06]:$""", regex.VERBOSE)
# "Số:⁄11", "Số:0", "Sô#4": handwriting glued to the label by Tesseract.
NUMBER_LABEL_GLUED = regex.compile(r"""^s[o06](?::.+|[^\p{L}\s:].*)$""", regex.VERBOSE)
# "/UBND-TTHC", "/TTr-UBND", "299/UBND-TTHC", "/CV-PA§3" (digits may be glued to the symbol).
SYMBOL_WORD = regex.compile(r"""^(?P<digits>[^/]*)/(?P<symbol>\S*\p{Lu}\S*)$""", regex.VERBOSE)
# The slash that opens the printed symbol inside a word: the first one followed by a capital or by
# a printed year and a capital ("/UBND" in "/74,⁄/UBND-", where the page OCR ran the handwritten
# 4532 into the symbol word; "/2025/NQ-HĐND" of a draft resolution).
SYMBOL_SLASH = regex.compile(r"""/(?=\p{Lu}|\d{4}/\p{Lu})""", regex.VERBOSE)
# A symbol word the page OCR read cleanly: digits (or none) then the printed symbol, "299/UBND-TTHC",
# "/2025/NQ-HĐND".
CLEAN_SYMBOL_WORD = regex.compile(r"""^\d*/(?:\d{4}/)?\p{Lu}[^/]*$""", regex.VERBOSE)
# "/GM-HĐĐT", "/QĐ-UBND": a symbol with a type or unit after a hyphen, not OCR debris ("/IŠ").
HYPHENATED_SYMBOL = regex.compile(r"""/\p{Lu}[\p{L}\d&.]*-""", regex.VERBOSE)
# "ngày", "ngày15", "ngày⁄|Š" (folded): the day word may be glued to the label.
DAY_LABEL = regex.compile(r"""^ngay(?P<tail>.*)$""", regex.VERBOSE)
MONTH_LABEL = regex.compile(r"""^(?P<head>.*?)thang$""", regex.VERBOSE)
# "Thời gian ký: 15.01.2025 09:13:12" in an e-signature stamp.
ESIGN_TIME = regex.compile(
    r"""(?P<day>\d{1,2})[./-](?P<month>\d{1,2})[./-](?P<year>\d{4})\s+\d{1,2}:\d{2}""", regex.VERBOSE
)
# Dots, commas and colons are much shorter than handwritten digits.
MIN_STROKE_HEIGHT_SHARE = 0.45
# Tesseract's lowest per-digit confidence from which its read beats the classifier's.
TESSERACT_SURE = 0.8
# Page-OCR digits in the gap at or above this word confidence are taken as printed.
PRINTED_CONFIDENCE = 0.9
# Below this word confidence the page OCR's digits in a gap are no reading at all: on the first
# corpus its misreads of handwritten numbers sit at 0.00-0.13 ("899" for 299, "445" for 115); where
# it read "635" at 0.50 the handwriting reader's "1535" was wrong as well (the gold is 1595).
PAGE_EVIDENCE_CONFIDENCE = 0.3
# The crop is widened by this many label heights to the left; a stroke is the field's when at least
# INSIDE_SHARE of its ink lies within the gap proper.
CROP_MARGIN = 0.5
INSIDE_SHARE = 0.5
DIGITS_CONFIG = "--oem 1 --psm 7 -c tessedit_char_whitelist=0123456789"
# Several crops stacked: a uniform block of single lines.
DIGITS_BLOCK_CONFIG = "--oem 1 --psm 6 -c tessedit_char_whitelist=0123456789"
STACK_GAP_PX = 60

# The record field each handwritten gap fills (Field.kind).
HANDWRITTEN_FIELD = {"number": "number", "day": "issued_date"}


@dataclass(frozen=True)
class Field:
    """A handwritten gap: the crop box (page pixels) and the anchor words around it."""

    kind: str  # "number" | "day"
    box: tuple[int, int, int, int]  # left, top, right, bottom
    before: TsvWord
    after: TsvWord
    # the right edge was estimated from character boxes (refine_number_gap), not a printed word's edge
    estimated_right: bool = False


@dataclass(frozen=True)
class Read:
    digits: str
    confidence: float
    source: str = "tesseract"
    per_digit: tuple[float, ...] = ()  # the classifier's probability of each digit
    probabilities: tuple[tuple[float, ...], ...] = ()  # the classifier's, per digit over 0-9


@dataclass(frozen=True)
class Patched:
    text: str
    warnings: tuple[str, ...] = ()
    number: str | None = None
    day: str | None = None
    # per field patched in from the handwriting reader: its digits beside the page OCR's reading
    # of the same gap, for the extractors to cross-check (extractors/number.py, place_date.py)
    handwritten: tuple[HandRead, ...] = ()


def same_line(a: TsvWord, b: TsvWord) -> bool:
    """Vertical centre of b within a's box (handwritten gaps split Tesseract lines)."""
    centre = (b.word.top + b.word.bottom) / 2
    return (
        a.word.top - 0.3 * (a.word.bottom - a.word.top) <= centre <= a.word.bottom + 0.3 * (a.word.bottom - a.word.top)
    )


# Printed width of a label as a multiple of the line's median word height (Times 13-14 pt; the
# low end of what clean header words measure in the corpus: Số: 1.14-1.5, ngày 2.02-2.4,
# tháng 2.34-2.7). Tesseract's boxes of the printed words often swallow the handwriting next
# to them ("ngày" box running over "31"), so the gap is measured from the far edge of each label.
LABEL_WIDTH_HEIGHTS = {"number": 1.2, "day": 2.05, "month": 2.35}


def line_height(words: Sequence[TsvWord], anchor: TsvWord) -> float:
    peers = [w for w in words if w is not anchor and same_line(anchor, w)]
    heights = sorted(w.word.bottom - w.word.top for w in (peers or [anchor]))
    return heights[len(heights) // 2]


def gap_box(
    words: Sequence[TsvWord], before: TsvWord, after: TsvWord, kind: str, page: tuple[int, int]
) -> tuple[int, int, int, int]:
    """Crop box between the printed label and the printed word after the handwriting."""
    h = line_height(words, before)
    left = before.word.x0 + LABEL_WIDTH_HEIGHTS[kind] * h
    if kind == "day":
        right = after.word.x1 - LABEL_WIDTH_HEIGHTS["month"] * h
    else:
        right = after.word.x0
        at = symbol_at(after.word.text)
        if at:
            # "299/UBND": the digits are inside the symbol word; keep its part before the slash.
            share = at / max(len(after.word.text), 1)
            right = after.word.x0 + share * (after.word.x1 - after.word.x0)
    # Handwriting overshoots the printed line; take most of a line height above and below.
    top = max(0, int(before.word.top - 0.8 * h))
    bottom = min(page[1], int(before.word.bottom + 0.8 * h))
    return (int(left + 2), top, int(right - 2), bottom)


def find_fields(words: Sequence[TsvWord], page: tuple[int, int]) -> list[Field]:
    header = sorted(
        (w for w in words if w.word.bottom <= HEADER_SHARE * page[1]), key=lambda w: (w.word.top, w.word.x0)
    )
    fields: dict[str, Field] = {}
    max_gap = 0.25 * page[0]
    for w in header:
        folded = fold(w.word.text).lower()
        # The number sits in the left (issuer) column, the date in the right one.
        if (
            "number" not in fields
            and w.word.x0 < 0.5 * page[0]
            and (NUMBER_LABEL.match(folded) or NUMBER_LABEL_GLUED.match(folded))
        ):
            after = next_symbol(header, w, max_gap)
            if after is not None:
                fields["number"] = Field("number", gap_box(header, w, after, "number", page), w, after)
        elif "day" not in fields and DAY_LABEL.match(folded):
            # "ngày#tháng": label, handwriting and month read as one word.
            after = w if MONTH_LABEL.match(folded) else next_month(header, w, max_gap)
            if after is not None:
                fields["day"] = Field("day", gap_box(header, w, after, "day", page), w, after)
    return [f for f in fields.values() if f.box[2] - f.box[0] > 4]


def symbol_at(word: str) -> int:
    """Index of the slash that opens the printed symbol in a word (0 for "/UBND-TTHC")."""
    m = SYMBOL_SLASH.search(word)
    return m.start() if m else max(word.find("/"), 0)


def next_symbol(words: Sequence[TsvWord], label: TsvWord, max_gap: float) -> TsvWord | None:
    """The printed symbol after "Số:": the nearest word holding a hyphenated symbol ("/GM-HĐĐT"),
    passing OCR debris of the handwriting that also has a slash ("6 /IŠ /GM-HĐĐT"); else the
    nearest word with a slash and a capital."""
    candidates = sorted(
        (
            w
            for w in words
            if w.word.x0 > label.word.x1 - 2
            and w.word.x0 - label.word.x1 <= max_gap
            and same_line(label, w)
            and SYMBOL_WORD.match(w.word.text)
        ),
        key=lambda w: w.word.x0,
    )
    hyphenated = [w for w in candidates if HYPHENATED_SYMBOL.search(w.word.text)]
    return (hyphenated or candidates or [None])[0]


# Character boxes are read from a band this many pixels taller than the symbol word.
BOX_MARGIN_PX = 10
BOXES_CONFIG = "--psm 7"


def symbol_left(image: Image.Image, field: Field, lang: str, timeout_s: float) -> float | None:
    """Where the printed symbol starts when the page OCR ran the handwriting into its word
    ("Ÿ/QĐÐ-UBND" for 968/QĐ-UBND, "Ö/BGDĐT-GDTrH" for 1113/…): Tesseract's character boxes of the
    stretch from the label to the word's end, at the slash right before the symbol's first letters."""
    after = field.after.word
    code = after.text[symbol_at(after.text) + 1 :]
    letters = [ch for ch in code if ch.isalpha()][:2]
    if len(letters) < 2:
        return None
    x0 = int(field.before.word.x1)
    top = max(0, int(after.top) - BOX_MARGIN_PX)
    bottom = min(image.size[1], int(after.bottom) + BOX_MARGIN_PX)
    try:
        crop = image.crop((x0, top, int(after.x1) + BOX_MARGIN_PX, bottom))
        chars = tesseract.boxes(crop, lang, BOXES_CONFIG, timeout_s)
    except OCRFailed:
        return None
    want = [fold(ch).upper() for ch in letters]
    for i in range(1, len(chars) - 1):
        if [fold(chars[i][0]).upper(), fold(chars[i + 1][0]).upper()] != want:
            continue
        # without its slash the boxes of the run-together stretch are guesses ("Ö/BGDĐT": "B" boxed
        # 30 px left of where it is printed): no edge rather than one that cuts a digit
        return float(x0 + chars[i - 1][1]) if chars[i - 1][0] == "/" else None
    return None


def refine_number_gap(image: Image.Image, field: Field, lang: str, timeout_s: float) -> Field:
    """A number field whose symbol word swallowed the handwriting gets its gap's right edge from
    character boxes (symbol_left); a clean symbol word ("/UBND-TTHC", "299/UBND") keeps its box."""
    if field.kind != "number" or CLEAN_SYMBOL_WORD.match(field.after.word.text):
        return field
    left = symbol_left(image, field, lang, timeout_s)
    if left is None or not field.box[0] + 4 < left - 2 <= field.after.word.x1:
        return field
    return replace(field, box=(field.box[0], field.box[1], int(left - 2), field.box[3]), estimated_right=True)


def next_month(words: Sequence[TsvWord], label: TsvWord, max_gap: float) -> TsvWord | None:
    candidates = [
        w
        for w in words
        if w is not label
        and w.word.x0 >= label.word.x0
        and w.word.x0 - label.word.x1 <= max_gap
        and same_line(label, w)
        and MONTH_LABEL.match(fold(w.word.text).lower())
    ]
    return min(candidates, key=lambda w: w.word.x0) if candidates else None


def strokes(
    crop: np.ndarray, band: tuple[int, int], inner: tuple[int, int] | None = None, cut_joined: bool = False
) -> np.ndarray | None:
    """Binary image (ink=255) of the handwritten strokes: red ink removed; strokes entirely above
    or below the anchor line's band (neighbouring printed lines), strokes cut by the crop edge or
    lying mostly outside the columns `inner` (remnants of the printed labels; the crop is taken
    wider than the gap so a digit written against a label is not cut) and dots/commas dropped;
    tightly cropped. With `cut_joined`, a stroke mostly inside the gap but run into the label
    (a "1" touching the tail of the "y" of "ngày") is kept, cut at the gap's left edge."""
    gray, _ = remove_red_ink(np.ascontiguousarray(crop))
    if gray.size == 0 or gray.min() > 160:  # nothing dark: an empty gap
        return None
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    width = ink.shape[1]
    lo, hi = inner if inner is not None else (0, width)
    kept: list[int] = []
    joined: list[int] = []  # mostly in the gap but running into the label: cut at the gap's edge
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < 12 or y + h <= band[0] or y >= band[1]:
            continue
        inside = (labels[:, lo:hi] == i).sum() >= INSIDE_SHARE * area
        if x + w >= width or (x == 0 and not (cut_joined and lo > 0 and inside)):
            continue
        if not inside:
            continue
        (joined if x == 0 else kept).append(i)
    if not kept and not joined:
        return None
    tallest = max(int(stats[i, 3]) for i in [*kept, *joined])
    kept = [i for i in kept if stats[i, 3] >= MIN_STROKE_HEIGHT_SHARE * tallest]
    keep = np.where(np.isin(labels, kept), 255, 0).astype(np.uint8)
    part = np.isin(labels, joined)
    part[:, :lo] = False
    keep[part] = 255
    if not keep.any():
        return None
    ys, xs = np.nonzero(keep)
    return keep[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def field_ink(rgb: np.ndarray, field: Field) -> np.ndarray | None:
    """The field's strokes, from a crop widened to the left by CROP_MARGIN label heights: a digit
    written against the label ("ngày15") is kept whole, the label's letters mostly outside the gap
    are not. The right edge stays where it is a printed word's edge: what it cuts is the word that
    follows ("tháng", "/UBND"). Where it was estimated from character boxes, the crop is widened
    there too, and a digit written against the slash is kept when most of it lies in the gap."""
    left, top, right, bottom = field.box
    margin = int(CROP_MARGIN * (field.before.word.bottom - field.before.word.top))
    x0 = max(0, left - margin)
    x1 = min(rgb.shape[1], right + margin) if field.estimated_right else right
    band = (int(field.after.word.top) - top, int(field.after.word.bottom) - top)
    # "Số:" ends in a colon, which a handwritten digit does not join; "ngày" ends in a "y" whose
    # tail reaches into the gap.
    return strokes(rgb[top:bottom, x0:x1], band, (left - x0, right - x0), cut_joined=field.kind in ("day", "month"))


def for_tesseract(ink: np.ndarray, height: int = 48) -> Image.Image:
    scale = height / max(ink.shape[0], 1)
    img = cv2.resize(255 - ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    img = cv2.copyMakeBorder(img, 16, 16, 16, 16, cv2.BORDER_CONSTANT, value=255)
    return Image.fromarray(img)


def tesseract_digits_batch(inks: Sequence[np.ndarray], timeout_s: float) -> list[Read | None]:
    """Digits of several crops in one tesseract call (a process start and model load cost more than
    the reading): the crops are stacked with wide white gaps and each TSV word is assigned back to
    the crop its vertical centre falls in."""
    if not inks:
        return []
    tiles = [np.asarray(for_tesseract(ink)) for ink in inks]
    width = max(t.shape[1] for t in tiles)
    gap = np.full((STACK_GAP_PX, width), 255, np.uint8)
    rows, spans, y = [], [], 0
    for tile in tiles:
        padded = cv2.copyMakeBorder(tile, 0, 0, 0, width - tile.shape[1], cv2.BORDER_CONSTANT, value=255)
        rows += [padded, gap]
        spans.append((y, y + tile.shape[0]))
        y += tile.shape[0] + STACK_GAP_PX
    stacked = Image.fromarray(np.vstack(rows[:-1]))  # no gap after the last tile
    config = DIGITS_CONFIG if len(inks) == 1 else DIGITS_BLOCK_CONFIG
    try:
        tsv = tesseract.tsv(stacked, lang="eng", config=config, timeout_s=timeout_s)
    except OCRFailed:
        return [None] * len(inks)  # the classifier still reads them; a stuck crop must not fail the page
    found: list[list[tuple[float, str, float]]] = [[] for _ in inks]
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5" or not cells[11].strip():
            continue
        centre = int(cells[7]) + int(cells[9]) / 2
        for i, (top, bottom) in enumerate(spans):
            if top <= centre <= bottom:
                found[i].append((float(cells[6]), cells[11].strip(), float(cells[10])))
    reads: list[Read | None] = []
    for words in found:
        words.sort()
        digits = "".join(text for _, text, _ in words)
        reads.append(
            Read(digits=digits, confidence=round(min(c for _, _, c in words) / 100.0, 3), source="tesseract")
            if digits
            else None
        )
    return reads


def classifier_digits(ink: np.ndarray) -> Read | None:
    read = classify(ink)
    if read is None:
        return None
    sure = tuple(max(p) for p in read.probabilities)
    return Read(
        digits=read.digits,
        confidence=read.confidence,
        source="classifier",
        per_digit=sure,
        probabilities=read.probabilities,
    )


# A digit taken instead of the classifier's first choice must still be this probable.
MIN_ALTERNATIVE_PROBABILITY = 0.2


def most_likely_plausible(kind: str, read: Read) -> Read | None:
    """The classifier's likeliest plausible digit string (each digit among its three likeliest),
    for a first choice that is not a possible day ("45" where the "1" has a lead-in stroke)."""
    if plausible(kind, read.digits):
        return read
    if not read.probabilities or len(read.probabilities) > 4:
        return None
    options: list[tuple[float, str, tuple[float, ...]]] = [(1.0, "", ())]
    for probs in read.probabilities:
        top = sorted(range(10), key=lambda d: -probs[d])[:3]
        options = [(p * probs[d], s + str(d), (*ps, probs[d])) for p, s, ps in options for d in top]
    best = max(((p, s, ps) for p, s, ps in options if plausible(kind, s)), default=None)
    if best is None or min(best[2]) < MIN_ALTERNATIVE_PROBABILITY:
        return None  # a wrong day is worse than none: the e-signature time or a warning does better
    return Read(best[1], round(min(best[2]), 3), "classifier", per_digit=best[2])


def plausible(kind: str, digits: str) -> bool:
    if kind == "day":
        return digits.isdigit() and 1 <= int(digits) <= 31 and len(digits) <= 2
    if kind == "month":
        return digits.isdigit() and 1 <= int(digits) <= 12 and len(digits) <= 2
    return digits.isdigit() and len(digits) <= 6


def combine(kind: str, tess: Read | None, clf: Read | None) -> Read | None:
    """Implausible reads (a day outside 1-31) are dropped first; agreeing reads are sure. Reads of
    the same length are voted digit by digit: the classifier's digit where its probability is at
    least Tesseract's word confidence (Tesseract's English model often misreads one handwritten
    digit of a word it is otherwise sure of, "545" for "575"), else Tesseract's. Of reads of
    different lengths (one of them lost or split a digit), Tesseract's when it is sure and
    surer than the classifier, else the classifier's."""
    tess = tess if tess is not None and plausible(kind, tess.digits) else None
    clf = most_likely_plausible(kind, clf) if clf is not None else None
    if tess and clf and tess.digits == clf.digits:
        return Read(tess.digits, max(tess.confidence, clf.confidence), "tesseract+classifier")
    if tess and clf and len(tess.digits) == len(clf.digits) and clf.per_digit:
        chosen = [
            (c, p, "classifier") if p >= tess.confidence else (t, tess.confidence, "tesseract")
            for t, c, p in zip(tess.digits, clf.digits, clf.per_digit, strict=True)
        ]
        digits = "".join(d for d, _, _ in chosen)
        if plausible(kind, digits):
            sources = {s for _, _, s in chosen}
            source = "tesseract+classifier" if len(sources) > 1 else sources.pop()
            return Read(digits, round(min(p for _, p, _ in chosen), 3), source)
    if tess and tess.confidence >= TESSERACT_SURE and (clf is None or tess.confidence > clf.confidence):
        return tess
    return clf or tess


def esign_day(esign: Sequence[str]) -> str | None:
    for line in esign:
        m = ESIGN_TIME.search(line)
        if m:
            return m["day"]
    return None


# "Số:1906" → "1906"; "ngày15" → "15" (what follows the label inside a glued word).
LABEL_TAIL = regex.compile(r"""^(?:s[o06]:?|ngay)(?P<tail>.*)$""", regex.VERBOSE)


def page_gap_text(words: Sequence[TsvWord], field: Field) -> tuple[str, float | None]:
    """What the page OCR read between the printed anchors (including characters glued to
    them, as in "Số:1906" or "26tháng"), and the lowest confidence of the words involved."""
    inside = [
        w
        for w in words
        if w is not field.before
        and w is not field.after
        and same_line(field.before, w)
        and field.before.word.x0 < w.word.x0 < field.after.word.x0
    ]
    before = LABEL_TAIL.match(fold(field.before.word.text).lower())
    parts = [field.before.word.text[len(field.before.word.text) - len(before["tail"]) :] if before else ""]
    parts += [w.word.text for w in inside]
    involved = [*inside, field.before]
    if field.after is not field.before:
        if field.kind == "number":
            parts.append(field.after.word.text.split("/", 1)[0])
        else:
            month = MONTH_LABEL.match(fold(field.after.word.text).lower())
            parts.append(field.after.word.text[: len(month["head"])] if month else "")
        involved.append(field.after)
    elif field.kind == "day":
        both = regex.match(r"^ngay(?P<mid>.*?)thang$", fold(field.before.word.text).lower())
        parts = [field.before.word.text[4 : 4 + len(both["mid"])] if both else ""]
    confs = [w.word.confidence for w in involved if w.word.confidence is not None]
    return "".join(p.strip() for p in parts), (min(confs) if confs else None)


def field_span(text: str, field: Field) -> regex.Match[str] | None:
    """The anchors and what lies between them in the page text (the page OCR may have broken
    the line at the handwriting)."""
    if field.before is field.after:
        pattern = regex.escape(field.before.word.text)
    else:
        pattern = regex.escape(field.before.word.text) + r"[\s\S]{0,40}?" + regex.escape(field.after.word.text)
    return regex.search(pattern, text)


def replacement(field: Field, digits: str) -> str:
    after = field.after.word.text
    if field.kind == "number":
        symbol = after[symbol_at(after) :]
        return f"Số: {digits} {symbol}"
    month = MONTH_LABEL.match(fold(after).lower())
    head = len(month["head"]) if month else 0
    return f"ngày {digits} {after[head:] if field.before is not field.after else 'tháng'}"


def patch_header(
    text: str,
    words: Sequence[TsvWord],
    image: Image.Image,
    esign: Sequence[str],
    timeout_s: float = 30.0,
    lang: str = "vie",
) -> Patched:
    """Re-read the handwritten number and day and patch them into `text` (Tesseract's page text)."""
    rgb = np.asarray(image.convert("RGB"))
    warnings: list[str] = []
    reads: dict[str, str] = {}
    pending: list[tuple[Field, np.ndarray, str, float | None]] = []
    hands: list[HandRead] = []
    read_anchors: list[TsvWord] = []  # the labels whose gap was read
    for field in find_fields(words, image.size):
        field = refine_number_gap(image, field, lang, timeout_s)
        gap, gap_conf = page_gap_text(words, field)
        if page_digits(field.kind, gap) and (gap_conf or 0) >= PRINTED_CONFIDENCE:
            reads[field.kind] = gap  # printed (typed) digits, read cleanly by the page OCR
            read_anchors.append(field.before)
            continue
        ink = field_ink(rgb, field)
        if ink is None:
            warnings.append(field_warning(HANDWRITTEN_FIELD[field.kind], "không đọc được chữ số viết tay"))
            continue
        pending.append((field, ink, gap, gap_conf))
    tess_reads = tesseract_digits_batch([ink for _, ink, _, _ in pending], timeout_s)
    for (field, ink, gap, gap_conf), tess in zip(pending, tess_reads, strict=True):
        clf = classifier_digits(ink)
        read = combine(field.kind, tess, clf)
        span = field_span(text, field)
        if read is None or span is None:
            warnings.append(field_warning(HANDWRITTEN_FIELD[field.kind], "không đọc được chữ số viết tay"))
            continue
        text = text[: span.start()] + replacement(field, read.digits) + text[span.end() :]
        reads[field.kind] = read.digits
        read_anchors.append(field.before)
        source = read.source.replace("tesseract", "Tesseract").replace("classifier", "mô hình chữ số")
        how = f"{source}, độ tin cậy {read.confidence:.2f}"
        warnings.append(field_warning(HANDWRITTEN_FIELD[field.kind], f"chữ số viết tay đọc là {read.digits} ({how})"))
        hands.append(
            HandRead(
                field=field.kind,
                digits=read.digits,
                page_digits=page_evidence(field.kind, gap, gap_conf),
                confidence=read.confidence,
                source=read.source,
                page_text=gap,
                page_confidence=gap_conf,
                classifier=(clf.digits, clf.confidence) if clf is not None else None,
                tesseract=(tess.digits, tess.confidence) if tess is not None else None,
            )
        )
    label = date_label(words, image.size)
    if label is not None and not any(a is label for a in read_anchors):
        text = date_from_glyphs(text, words, label, image, lang, timeout_s, reads, warnings)
    signed = esign_day(esign)
    if signed and "day" in reads and int(reads["day"]) != int(signed):
        warnings.append(
            field_warning("issued_date", f"ngày viết tay {reads['day']} khác ngày ký số {signed}; hãy kiểm tra")
        )
    return Patched(
        text=text,
        warnings=tuple(warnings),
        number=reads.get("number"),
        day=reads.get("day"),
        handwritten=tuple(hands),
    )


def page_digits(kind: str, gap: str) -> str | None:
    """The page OCR's reading of a gap when it is a reading at all: digits only, fitting the field
    (a day 1-31, a number of at most six digits, not all zeros). "2#", "Z", "0†" are what the page
    model makes of strokes it cannot read; they are no evidence against the handwriting reader."""
    return gap if plausible(kind, gap) and gap.strip("0") else None


def page_evidence(kind: str, gap: str, confidence: float | None) -> str | None:
    """The page OCR's digits in a gap when they count against the handwriting reader's: a
    reading (page_digits) the page model was not near-blind on (PAGE_EVIDENCE_CONFIDENCE)."""
    return page_digits(kind, gap) if (confidence or 0) >= PAGE_EVIDENCE_CONFIDENCE else None


# ---------------------------------------------------------------- the date line's label glyphs

# The place–date line is read again as one line for Tesseract's character boxes.
DATE_LINE_CONFIG = "--psm 7"
# How far above and below the label word the line strip reaches, in label heights.
DATE_LINE_MARGIN = 0.6
# A label letter's box wider than this many median letter widths swallowed handwriting beside it.
WIDE_LETTER = 1.6
# The printed "t" of "tháng" is narrow: this share of a median letter width.
T_WIDTH = 0.55


@dataclass(frozen=True)
class Glyph:
    char: str
    left: int
    right: int


def label_run(glyphs: Sequence[Glyph], word: str, start: int = 0) -> int | None:
    """Index of the first glyph of `word` (folded letters in a row) at or after `start`."""
    n = len(word)
    for i in range(start, len(glyphs) - n + 1):
        if "".join(fold(g.char).lower() for g in glyphs[i : i + n]) == word:
            return i
    return None


def date_gaps(
    image: Image.Image, words: Sequence[TsvWord], label: TsvWord, lang: str, timeout_s: float
) -> dict[str, tuple[int, int]]:
    """The columns (page pixels) of the handwritten day and month of "ngày … tháng … năm", from
    Tesseract's character boxes of the line: the day between the "y" of "ngày" and the "t" of
    "tháng", the month between the "g" of "tháng" and the "n" of "năm". The page model's words
    run the handwriting into the labels ("ngàyO(hángQ1", "tháng4@{"); the glyphs of the printed
    labels are still boxed one by one. A label letter whose box swallowed the handwriting is
    taken at a median letter's width; a "t" read as something else ("(háng") is placed before
    its "h". Empty where the labels are not found in order."""
    line = [w for w in words if same_line(label, w) and w.word.x0 >= label.word.x0]
    h = label.word.bottom - label.word.top
    x0 = max(0, int(label.word.x0) - 5)
    box = (
        x0,
        max(0, int(label.word.top - DATE_LINE_MARGIN * h)),
        min(image.size[0], int(max(w.word.x1 for w in line)) + 5),
        min(image.size[1], int(label.word.bottom + DATE_LINE_MARGIN * h)),
    )
    try:
        glyphs = [Glyph(c, x0 + left, x0 + right) for c, left, right in
                  tesseract.boxes(image.crop(box), lang, DATE_LINE_CONFIG, timeout_s)]
    except OCRFailed:
        return {}
    day_at = label_run(glyphs, "ngay")
    if day_at is None:
        return {}
    month_at = label_run(glyphs, "hang", day_at + 4)
    if month_at is None:
        return {}
    letters = [glyphs[i] for i in (*range(day_at, day_at + 4), *range(month_at, month_at + 3))]
    width = sorted(g.right - g.left for g in letters)[len(letters) // 2]
    y = glyphs[day_at + 3]
    day_right = glyphs[month_at].left - T_WIDTH * width
    if month_at > 0 and fold(glyphs[month_at - 1].char).lower() == "t":
        day_right = glyphs[month_at - 1].left
    gaps = {"day": (min(y.right, y.left + int(WIDE_LETTER * width)), int(day_right))}
    g = glyphs[month_at + 3]
    g_left = g.left if 0 <= g.left - glyphs[month_at + 2].right <= width else glyphs[month_at + 2].right
    year_at = label_run(glyphs, "nam", month_at + 4)
    if year_at is not None:
        gaps["month"] = (min(g.right, g_left + int(WIDE_LETTER * width)), glyphs[year_at].left)
    return {k: (left, right) for k, (left, right) in gaps.items() if right - left > 4}


# The place–date line stands in the right column: its "ngày" starts right of this share of the width.
DATE_LINE_LEFT = 0.35
# "năm" after the handwritten month ("năm", "năm2022")
YEAR_LABEL = regex.compile(r"""^nam(?:\d{4})?$""", regex.VERBOSE)


def agreed(kind: str, ink: np.ndarray, timeout_s: float) -> str | None:
    """Digits both readers read alike (Tesseract's digits model and the classifier), in range.
    A day or month read one way only is no read: on the tuning scans the classifier read a
    month "01" written into the "g" of "tháng" as "21" at 0.96."""
    tess = tesseract_digits_batch([ink], timeout_s)[0]
    clf = classifier_digits(ink)
    if tess is None or clf is None or not (plausible(kind, tess.digits) and plausible(kind, clf.digits)):
        return None
    return f"{int(tess.digits):02d}" if int(tess.digits) == int(clf.digits) else None


def date_label(words: Sequence[TsvWord], page: tuple[int, int]) -> TsvWord | None:
    """The "ngày" of the place–date line: the top-most in the header's right part (a "ngày" of a
    cited document lower down, "… số 1631/… ngày 22 tháng 12 năm 2021", is not it), after the
    place and its comma; None on a page without one (a body page, a "ngày" opening a line)."""
    labels = [
        w
        for w in words
        if w.word.bottom <= HEADER_SHARE * page[1]
        and w.word.x0 >= DATE_LINE_LEFT * page[0]
        and DAY_LABEL.match(fold(w.word.text).lower())
    ]
    label = min(labels, key=lambda w: w.word.top, default=None)
    if label is None:
        return None
    # "Đà Nẵng, ngày …": the place ends in a comma right before it (or glued, "Nội,ngày")
    before = [w for w in words if same_line(label, w) and w.word.x1 <= label.word.x0 + 2]
    place_end = max(before, key=lambda w: w.word.x1, default=None)
    return label if place_end is not None and place_end.word.text.endswith(",") else None


def date_from_glyphs(
    text: str,
    words: Sequence[TsvWord],
    label: TsvWord,
    image: Image.Image,
    lang: str,
    timeout_s: float,
    reads: dict[str, str],
    warnings: list[str],
) -> str:
    """A place–date line whose day the word boxes could not place ("ngàyO(hángQ1 năm 2022",
    "ngày Z3 tháng4@{ năm"): its day and month gaps from the label glyphs (date_gaps), each read
    by both readers. The line between "ngày" and "năm" is rewritten with what they agree on and
    left blank where they do not, so a misread such as "tháng4@{" is never taken for a month."""
    height = image.size[1]
    year = min(
        (w for w in words if w.word.x0 > label.word.x0 and same_line(label, w)
         and YEAR_LABEL.match(fold(w.word.text).lower())),
        key=lambda w: w.word.x0,
        default=None,
    )
    if year is None:
        return text
    rgb = np.asarray(image.convert("RGB"))
    h = label.word.bottom - label.word.top
    top, bottom = max(0, int(label.word.top - 0.8 * h)), min(height, int(label.word.bottom + 0.8 * h))
    found: dict[str, str] = {}
    for kind, (left, right) in date_gaps(image, words, label, lang, timeout_s).items():
        ink = field_ink(rgb, Field(kind, (left, top, right, bottom), label, label))
        if ink is None:
            continue  # a blank left at printing: the place–date extractor says so
        digits = agreed(kind, ink, timeout_s)
        if digits is None:
            what = "ngày" if kind == "day" else "tháng"
            unsure = f"không chắc chắn {what} viết tay; để trống, hãy nhập theo bản giấy"
            warnings.append(field_warning("issued_date", unsure))
            continue
        found[kind] = digits
    if not found:
        return text
    span = regex.search(regex.escape(label.word.text) + r"[\s\S]{0,40}?" + regex.escape(year.word.text), text)
    if span is None:
        return text
    year_tail = year.word.text[3:]
    line = f"ngày {found.get('day', '')} tháng {found.get('month', '')} năm{(' ' + year_tail) if year_tail else ''}"
    reads.update(found)
    warnings.append(field_warning(
        "issued_date",
        "ngày/tháng viết tay đọc theo vị trí chữ in: "
        + ", ".join(f"{'ngày' if k == 'day' else 'tháng'} {v}" for k, v in found.items()),
    ))
    return text[: span.start()] + regex.sub(r"[ ]{2,}", " ", line) + text[span.end() :]
