"""Reading order of OCR words on a dispatch page.

Tesseract often joins the two header columns (issuer | Quốc hiệu) and the "Nơi nhận" | signer
block into single lines. Here each Tesseract line is split at wide gaps into segments; runs
of consecutive segments that share a vertical gutter form a band, and a band with text on both
sides of its gutter is emitted column by column (left, then right). Everything else keeps
top-to-bottom order, so ordinary body lines are untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from congvan.pipeline.layout import centred_over
from congvan.pipeline.ocr.tsv import TsvWord

# A gap is a column gutter, not a word space, when it is this many times the page's typical word
# space and also wider than this share of the word height (justified lines stretch every space of
# the line alike, so they stay below the ratio; 030's header gutter is ~4.7 word spaces).
GAP_SPLIT_SPACES = 3.0
GAP_MIN_HEIGHTS = 0.8
# A band (run of lines sharing a gutter) ends at a vertical gap taller than this many line
# heights: "Kính gửi:" after the header must not join the header's left column.
BAND_BREAK_HEIGHTS = 1.2
# A mark without letters or digits taller than this many line heights is a stroke, not text.
SPECK_HEIGHTS = 1.2
# The gutter between header columns lies in this middle band of the page width.
GUTTER_BAND = (0.2, 0.8)
# A gutter must be at least this wide (in word heights) to count.
MIN_GUTTER_HEIGHTS = 0.5


@dataclass(frozen=True)
class Segment:
    words: tuple[TsvWord, ...]
    x0: float
    x1: float
    top: float
    bottom: float
    block: int

    @property
    def text(self) -> str:
        return " ".join(w.word.text for w in self.words)


def make_segment(words: Sequence[TsvWord]) -> Segment:
    return Segment(
        words=tuple(words),
        x0=min(w.word.x0 for w in words),
        x1=max(w.word.x1 for w in words),
        top=min(w.word.top for w in words),
        bottom=max(w.word.bottom for w in words),
        block=words[0].block,
    )


def word_lines(words: Sequence[TsvWord]) -> list[list[TsvWord]]:
    lines: dict[tuple[int, int, int], list[TsvWord]] = {}
    for w in words:
        lines.setdefault(w.line_key, []).append(w)
    return [sorted(line, key=lambda w: w.word.x0) for line in lines.values()]


def typical_space(lines: Sequence[Sequence[TsvWord]]) -> float:
    gaps = [b.word.x0 - a.word.x1 for line in lines for a, b in zip(line, line[1:], strict=False)]
    gaps = [g for g in gaps if g > 0]
    return median(gaps) if gaps else 0.0


def is_speck(w: TsvWord, height: float) -> bool:
    """A mark without letters or digits standing taller than the line's words: a stroke of a
    seal, a signature or a rule line read as "_" or "|". Dashes and commas are much shorter."""
    return (
        not any(ch.isalnum() for ch in w.word.text) and (w.word.bottom - w.word.top) > SPECK_HEIGHTS * height
    )


def split_line(line: Sequence[TsvWord], limit: float) -> list[list[TsvWord]]:
    """Cut one line where the gap between consecutive words exceeds `limit`."""
    parts: list[list[TsvWord]] = [[line[0]]]
    for prev, w in zip(line, line[1:], strict=False):
        if w.word.x0 - prev.word.x1 > limit:
            parts.append([])
        parts[-1].append(w)
    return parts


def split_lines(words: Sequence[TsvWord]) -> list[Segment]:
    """Tesseract lines cut at gutter-wide gaps."""
    lines = word_lines(words)
    space = typical_space(lines)
    segments: list[Segment] = []
    for line in lines:
        height = median(w.word.bottom - w.word.top for w in line)
        kept = [w for w in line if not is_speck(w, height)]
        if not kept:
            continue
        limit = max(GAP_SPLIT_SPACES * space, GAP_MIN_HEIGHTS * height)
        segments.extend(make_segment(part) for part in split_line(kept, limit))
    return segments


def free_intervals(covered: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """Parts of [lo, hi] not covered by any interval."""
    free: list[tuple[float, float]] = []
    pos = lo
    for a, b in sorted(covered):
        if b <= pos:
            continue
        if a > pos:
            free.append((pos, min(a, hi)))
        pos = max(pos, b)
        if pos >= hi:
            break
    if pos < hi:
        free.append((pos, hi))
    return [(a, b) for a, b in free if b > a]


def gutter(segments: Sequence[Segment], page_width: float, min_width: float) -> tuple[float, float] | None:
    """The widest free vertical strip in the page's middle band shared by all `segments`."""
    lo, hi = GUTTER_BAND[0] * page_width, GUTTER_BAND[1] * page_width
    free = [
        iv for iv in free_intervals([(s.x0, s.x1) for s in segments], lo, hi) if iv[1] - iv[0] >= min_width
    ]
    return max(free, key=lambda iv: iv[1] - iv[0]) if free else None


def bands(
    segments: Sequence[Segment], page_width: float, min_width: float, line_height: float
) -> list[list[Segment]]:
    """Consecutive segments (top to bottom) grouped while they keep a common gutter and no
    wide vertical gap separates them."""
    out: list[list[Segment]] = []
    current: list[Segment] = []
    for seg in in_rows(segments):
        near = bool(current) and seg.top - max(s.bottom for s in current) <= BAND_BREAK_HEIGHTS * line_height
        if near and gutter([*current, seg], page_width, min_width) is not None:
            current.append(seg)
            continue
        if current:
            out.append(current)
        current = [seg]
    if current:
        out.append(current)
    return out


def in_rows(segments: Sequence[Segment]) -> list[Segment]:
    """Top-to-bottom, and left-to-right within a row: segments whose vertical centre lies inside
    the row's first segment count as one row (a few pixels of skew must not flip them)."""
    ordered: list[Segment] = []
    rest = sorted(segments, key=lambda s: (s.top + s.bottom) / 2)
    while rest:
        first = rest[0]
        row = [s for s in rest if first.top <= (s.top + s.bottom) / 2 <= first.bottom]
        row = row or [first]
        ordered.extend(sorted(row, key=lambda s: s.x0))
        taken = {id(s) for s in row}
        rest = [s for s in rest if id(s) not in taken]
    return ordered


def band_lines(band: Sequence[Segment], page_width: float, min_width: float) -> list[Segment | None]:
    """The band's lines in reading order; None is the blank line between two columns."""
    cut = gutter(band, page_width, min_width)
    if cut is None or len(band) == 1:
        return list(in_rows(band))
    mid = (cut[0] + cut[1]) / 2
    left = [s for s in band if s.x1 <= mid]
    right = [s for s in band if s.x0 >= mid]
    if not left or not right:
        return list(in_rows(band))
    # Columns are separate blocks of text: a blank line between them.
    return [*in_rows(left), None, *in_rows(right)]


def ordered_lines(words: Sequence[TsvWord], page_width: float) -> list[Segment | None]:
    """Reading-order lines of a page (None: a blank line), without blank lines at either end:
    two-column bands column by column, other lines top-down."""
    if not words:
        return []
    segments = split_lines(words)
    height = median(w.word.bottom - w.word.top for w in words)
    min_width = MIN_GUTTER_HEIGHTS * height
    out: list[Segment | None] = []
    for band in bands(segments, page_width, min_width, height):
        lines = band_lines(band, page_width, min_width)
        if len(lines) > 1 and None in lines and out and out[-1] is not None:
            out.append(None)
        out.extend(lines)
        if None in lines:
            out.append(None)
    out = _with_block_ends(out, height, page_width)
    while out and out[0] is None:
        out.pop(0)
    while out and out[-1] is None:
        out.pop()
    return out


def _with_block_ends(lines: list[Segment | None], height: float, page_width: float) -> list[Segment | None]:
    """A blank line where a centred line (the trích yếu) stands over the body's full-measure first
    line: a scan shows no wider gap there than between lines of one block (pipeline/layout.py,
    `centred_over`, does the same for text layers)."""
    out: list[Segment | None] = []
    for line in lines:
        above = out[-1] if out else None
        if line is not None and above is not None and centred_over(above, line, height, page_width):
            out.append(None)
        out.append(line)
    return out


def ordered_text(words: Sequence[TsvWord], page_width: float) -> str:
    """Reading-order text of a page (see ordered_lines)."""
    return "\n".join(s.text if s is not None else "" for s in ordered_lines(words, page_width))
