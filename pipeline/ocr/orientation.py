"""Pages read sideways or upside down: a sheet fed into the scanner turned, a phone photo without
an orientation tag. Tesseract's page model reads such a page as noise with a low confidence
(030.jpg: mean word confidence 0.95 upright, 0.41 turned 90°, 0.42 turned 180°), so only such a
page is handed to Tesseract's orientation detector (OSD, `osd.traineddata`, shipped with Debian's
tesseract-ocr; ~0.9 s a page), and the turned page is kept only when it reads clearly better.

One turn reads well all the same: a page turned a quarter clockwise. Tesseract finds its vertical
text lines and reads every word right (012: 0.93, as upright) but lays the page out turned, so the
words come out in reverse order, lines from the bottom ("VT, D.KTTH Lưu: - / … / tham V/v").
Such a read is told by its word boxes, which stand taller than wide (99% of the words of three
letters or more on 012 and 030 turned either way, 0-1% upright); it goes to OSD too, and the turned
page is kept when its words lie flat and it reads about as well.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex
from PIL import Image

from congvan.errors import OCRFailed
from congvan.pipeline.document import Word
from congvan.pipeline.ocr import tesseract
from congvan.pipeline.ocr.tsv import parse_tsv

# Mean word confidence under which a page may be turned; the upright corpus pages read at ≥ 0.79
# except nearly blank ones (006 p2, a seal and two lines: 0.29), which OSD then leaves as they are.
UNREADABLE_CONFIDENCE = 0.6
# The turned page must read this much better (mean word confidence) to replace the first read.
MIN_GAIN = 0.2
# A read whose words of this many letters or more stand taller than wide, in this share, lay sideways.
SIDEWAYS_MIN_LETTERS = 3
SIDEWAYS_SHARE = 0.5
# A sideways read is replaced by the turned page's unless that reads this much worse.
SIDEWAYS_MAX_LOSS = 0.1
# How the page cache records a turn: a first line "#congvan rotation=180" before the TSV
# ("rotation=0": a sideways read that OSD could not turn, so it is not asked again).
CACHE_HEADER = regex.compile(r"""^\#congvan[ ]rotation=(?P<degrees>0|90|180|270)\n""", regex.VERBOSE)


def detect(image: Image.Image, timeout_s: float) -> int:
    """Degrees to turn the page clockwise to make its text upright (0, 90, 180, 270); 0 when OSD
    cannot tell (too little text) or fails."""
    try:
        osd = tesseract.osd(image, timeout_s)
    except OCRFailed:
        return 0
    degrees = int(osd.get("rotate", 0)) % 360
    return degrees if degrees in (90, 180, 270) else 0


def sideways(words: Sequence[Word]) -> bool:
    """The words were read along vertical lines: the page lies turned a quarter."""
    long = [w for w in words if len(w.text) >= SIDEWAYS_MIN_LETTERS]
    tall = sum(1 for w in long if w.bottom - w.top > w.x1 - w.x0)
    return bool(long) and tall / len(long) >= SIDEWAYS_SHARE


def keep_turn(first: float, first_sideways: bool, again: float, again_sideways: bool) -> bool:
    """Whether the page read turned (mean word confidence `again`) replaces the first read."""
    if first_sideways:
        return not again_sideways and again >= first - SIDEWAYS_MAX_LOSS
    return again >= first + MIN_GAIN


def turned(image: Image.Image, degrees: int) -> Image.Image:
    """The page turned clockwise by `degrees` (PIL's rotate turns counter-clockwise)."""
    return image.rotate(-degrees, expand=True) if degrees else image


def to_cache(tsv: str, degrees: int, checked: bool = False) -> str:
    """The entry of a page read `degrees` turned; `checked`: a sideways read kept as it was."""
    return f"#congvan rotation={degrees}\n{tsv}" if degrees or checked else tsv


def unsettled(cached: str) -> bool:
    """An entry written before sideways reads were turned: no header, and its words stand tall.
    The page is read again rather than kept in reverse word order."""
    return CACHE_HEADER.match(cached) is None and sideways([w.word for w in parse_tsv(cached)])


def from_cache(cached: str) -> tuple[str, int]:
    """(TSV, degrees) of a cached page; entries written before turning existed carry no header."""
    m = CACHE_HEADER.match(cached)
    return (cached[m.end() :], int(m["degrees"])) if m else (cached, 0)


def unturned_words(words: Sequence[Word], degrees: int, size: tuple[int, int]) -> tuple[Word, ...]:
    """Word boxes read on the page turned clockwise by `degrees`, back in the pixels of the page as
    given (`size` = its width, height), so they land on the page a viewer renders."""
    if not degrees:
        return tuple(words)
    width, height = size

    def back(u: float, v: float) -> tuple[float, float]:
        if degrees == 90:  # turned clockwise: original (x, y) went to (height - y, x)
            return v, height - u
        if degrees == 180:
            return width - u, height - v
        return width - v, u  # 270

    out = []
    for w in words:
        (ax, ay), (bx, by) = back(w.x0, w.top), back(w.x1, w.bottom)
        out.append(Word(w.text, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), w.confidence))
    return tuple(out)
