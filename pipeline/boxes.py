"""Where the text is printed: page boxes built with the text, carried through its changes, merged
per printed line for an evidence span.

The text stage lays words out into text (pipeline/layout.py for PDF text layers, ocr/order.py for
Tesseract's words); the same step records, for every character it emits, the box of the word it
came from (`Boxed`). Every later change of the text carries the boxes along: normalisation with an
exact offset map (pipeline/normalise.py), the post-OCR repair (diacritics, handwritten digits,
signature lines, consistency) with the character edit script between the text before and after
it (`carry`). The evidence span of a field then takes the boxes of its own characters
(`span_boxes`): nothing is searched or matched again later, and a viewer draws what the record holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from congvan.pipeline.document import PAGE_SEPARATOR, CharBox, PageText, Word

# Boxes of one printed line: a character whose box shares less than this share of the smaller
# height with the line so far starts another box (a span line that the repair joined from two
# physical lines, or a header cell beside a taller title).
SAME_LINE_OVERLAP = 0.5
BOX_DIGITS = 4  # 1/10000 of a page: under a tenth of a millimetre on A4


@dataclass(frozen=True)
class Boxed:
    """Text with one box (or None) per character."""

    text: str
    boxes: tuple[CharBox | None, ...]

    def __post_init__(self) -> None:
        if len(self.text) != len(self.boxes):
            raise ValueError("one box per character")

    @classmethod
    def plain(cls, text: str) -> Boxed:
        return cls(text, (None,) * len(text))

    @classmethod
    def word(cls, word: Word, width: float, height: float) -> Boxed:
        box = (word.x0 / width, word.top / height, word.x1 / width, word.bottom / height)
        return cls(word.text, (box,) * len(word.text))

    def __add__(self, other: Boxed) -> Boxed:
        return Boxed(self.text + other.text, self.boxes + other.boxes)

    @classmethod
    def join(cls, sep: str, parts: Iterable[Boxed]) -> Boxed:
        texts: list[str] = []
        boxes: list[CharBox | None] = []
        gap = (None,) * len(sep)
        for i, part in enumerate(parts):
            if i:
                texts.append(sep)
                boxes.extend(gap)
            texts.append(part.text)
            boxes.extend(part.boxes)
        return cls("".join(texts), tuple(boxes))

    def strip(self) -> Boxed:
        start = len(self.text) - len(self.text.lstrip())
        end = len(self.text.rstrip())
        if end <= start:
            return Boxed("", ())
        return Boxed(self.text[start:end], self.boxes[start:end])


def carry(before: Boxed, after: str) -> Boxed:
    """Boxes for `after`, a changed copy of `before.text` (the OCR repair rewrote some letters,
    digits or a signature line), from the character edit script between the two: kept and
    substituted characters keep their place; a letter inserted inside a word takes its word's box."""
    if after == before.text:
        return before
    boxes: list[CharBox | None] = [None] * len(after)
    for op in Levenshtein.opcodes(before.text, after):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            boxes[j1:j2] = before.boxes[i1:i2]
        elif tag == "replace":
            span = i2 - i1
            for j in range(j1, j2):
                boxes[j] = before.boxes[i1 + (j - j1) * span // (j2 - j1)]
    return Boxed(after, tuple(_fill_words(after, boxes)))


def _fill_words(text: str, boxes: list[CharBox | None]) -> list[CharBox | None]:
    """A character without a box inside a word (inserted by the repair) takes the box of the
    nearest boxed character before it in the word, or after it."""
    out = list(boxes)
    start = 0
    for end in range(len(text) + 1):
        if end < len(text) and not text[end].isspace():
            continue
        word = out[start:end]
        known = [b for b in word if b is not None]
        if known and len(known) < len(word):
            last: CharBox | None = None
            for k in range(start, end):
                if out[k] is None:
                    out[k] = last
                else:
                    last = out[k]
            first = next(b for b in word if b is not None)
            for k in range(start, end):
                if out[k] is not None:
                    break
                out[k] = first
        start = end + 1
    for k, ch in enumerate(text):
        if ch.isspace():
            out[k] = None
    return out


def remap(boxes: Sequence[CharBox | None], origin: Sequence[int]) -> tuple[CharBox | None, ...]:
    """Boxes after a change given as an offset map: `origin[k]` is the index of the character of
    the old text that the new character k stands for, or -1 for one that was added."""
    return tuple(boxes[i] if i >= 0 else None for i in origin)


def _line_boxes(boxes: Iterable[CharBox]) -> list[CharBox]:
    """One box per printed line (in reading order) out of the character boxes of one text line."""
    merged: list[list[float]] = []
    for x0, y0, x1, y1 in boxes:
        cur = merged[-1] if merged else None
        if cur is not None:
            overlap = min(cur[3], y1) - max(cur[1], y0)
            if overlap >= SAME_LINE_OVERLAP * min(cur[3] - cur[1], y1 - y0):
                cur[:] = [min(cur[0], x0), min(cur[1], y0), max(cur[2], x1), max(cur[3], y1)]
                continue
        merged.append([x0, y0, x1, y1])
    return [(m[0], m[1], m[2], m[3]) for m in merged]


def span_boxes(pages: Sequence[PageText], start: int, end: int) -> list[dict[str, float | int]] | None:
    """Page boxes of the span [start, end) of the document's text (pages joined by
    PAGE_SEPARATOR): one per printed line it covers, as fractions of the page, rounded. None when
    the text has no layout (DOCX, plain text); [] when its characters have no box."""
    if not any(p.char_boxes is not None for p in pages):
        return None
    out: list[dict[str, float | int]] = []
    base = 0
    for page in pages:
        lo, hi = max(start, base) - base, min(end, base + len(page.text)) - base
        at = lo
        while at < hi and page.char_boxes is not None:
            newline = page.text.find("\n", at, hi)
            stop = hi if newline < 0 else newline
            # the characters of one word share one box: look at each box once
            line = [b for b in dict.fromkeys(page.char_boxes[at:stop]) if b is not None]
            for box in _line_boxes(line):
                item = {"page": page.number, **_rounded(box)}
                if item not in out:
                    out.append(item)
            at = stop + 1
        base += len(page.text) + len(PAGE_SEPARATOR)
    return out


def _rounded(box: CharBox) -> dict[str, float]:
    x0, y0, x1, y1 = (min(1.0, max(0.0, round(v, BOX_DIGITS))) for v in box)
    return {"x0": x0, "y0": y0, "x1": x1, "y1": y1}
