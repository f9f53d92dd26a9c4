"""Reading order of positioned words: lines, two-column regions, and full-width body text.

An administrative document (Nghị định 30/2020/NĐ-CP) puts two columns side by side in two places:
the header (issuer and number on the left, Quốc hiệu and place-date on the right) and the foot
("Nơi nhận" list on the left, signature block on the right). Reading line by line across the page
interleaves them ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …"), so a region where lines carry a left and a
right segment is emitted as the left column's lines, a blank line, then the right column's lines.

Every threshold is relative to the median word height, so the same code works on PDF words (points)
and on Tesseract words (pixels).
"""

from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from congvan.pipeline.boxes import Boxed
from congvan.pipeline.document import Word

# Words closer than this (× word height) are one word: kerning artefacts such as "CỘ NG" and runs
# of letters drawn in a fallback font ("VI" + "Ệ" + "N") are glued back together.
JOIN_GAP = 0.08
# A horizontal gap wider than this (× line height) separates two segments of one line; justified
# body text stays well under one height, the header and signature columns are 2–20 heights apart.
SEGMENT_GAP = 1.6
# Two words are on one line when their vertical overlap is at least this share of the smaller one.
LINE_OVERLAP = 0.5
# A one-column line joins a two-column region only if it follows the region's last line closely
# (× line height): a blank line before a centred title ends the header region.
REGION_MAX_VGAP = 1.3
# A line with two segments continues a region across a wider vertical gap (the "Số:" line sits a
# blank line below the issuer in many headers).
REGION_MAX_SPLIT_VGAP = 4.0
# Words with the same text whose boxes overlap this much are one word drawn twice (fake bold).
DUPLICATE_OVERLAP = 0.7
# Two lone lines that overlap vertically (but too little to be one line) and stand this far apart
# (× line height) are two columns whose baselines do not align: a table's cells aligned to their
# bottom, or columns set in different sizes. Lines of one text flow never overlap vertically.
OFFSET_COLUMN_GAP = 0.5
# A line of one column below the other column's last line starts a block of its own ("Kính gửi:"
# under the issuer's column, beside which the place-date line ended) when the gap above it exceeds
# the column's usual line gap by this much (× line height): a new paragraph, not a wrapped line.
PARAGRAPH_GAP = 0.25
# A centred line stands in from both ends of the full line below it by at least this (× line height),
# and its centre is within this share of that line's width from that line's centre (see
# `centred_over`; the body's first line may start a 1.27 cm indent in, which moves its centre by
# half that: about 4 % of a 16 cm measure).
CENTRED_INSET = 2.0
# The body's full measure, as a share of the page width (16 cm of text on a 21 cm page; an indented
# first line 15 cm): a column's lines (a subject under "Số:") never reach it.
FULL_MEASURE = 0.6
CENTRED_TOLERANCE = 0.06


@dataclass
class _Line:
    words: list[Word]
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return statistics.median(w.bottom - w.top for w in self.words)

    def add(self, word: Word) -> None:
        self.words.append(word)
        self.top = min(self.top, word.top)
        self.bottom = max(self.bottom, word.bottom)


@dataclass(frozen=True)
class _Segment:
    piece: Boxed  # its text, with the box of each character's word
    x0: float
    x1: float
    top: float = 0.0
    bottom: float = 0.0

    @property
    def text(self) -> str:
        return self.piece.text

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _Region:
    gutter: tuple[float, float]  # from the end of the left column to the start of the right one
    left: list[Boxed] = field(default_factory=list)
    right: list[Boxed] = field(default_factory=list)
    left_extent: tuple[float, float] = (float("inf"), float("-inf"))
    right_extent: tuple[float, float] = (float("inf"), float("-inf"))
    bottom: float = 0.0
    left_spans: list[tuple[float, float]] = field(default_factory=list)  # (top, bottom) of each left line
    right_bottom: float = float("-inf")

    def put(self, segments: Sequence[_Segment], side: str, span: tuple[float, float]) -> None:
        text = Boxed.join(" ", (s.piece for s in segments))
        x0 = min(s.x0 for s in segments)
        x1 = max(s.x1 for s in segments)
        if side == "left":
            self.left.append(text)
            self.left_extent = (min(self.left_extent[0], x0), max(self.left_extent[1], x1))
            self.left_spans.append(span)
        else:
            self.right.append(text)
            self.right_extent = (min(self.right_extent[0], x0), max(self.right_extent[1], x1))
            self.right_bottom = max(self.right_bottom, span[1])
        self.bottom = max(self.bottom, span[1])

    def starts_left_block(self, span: tuple[float, float], height: float) -> bool:
        """A lone left line below the right column's end that is no line of the left column's
        block: read after the right column, not before it (the place-date line stays ahead of
        "Kính gửi:")."""
        top = span[0]
        if not self.right or not self.left_spans or (top + span[1]) / 2 < self.right_bottom:
            return False
        gaps = [b[0] - a[1] for a, b in zip(self.left_spans, self.left_spans[1:], strict=False)]
        usual = statistics.median(gaps) if gaps else 0.0
        return top - self.left_spans[-1][1] > usual + PARAGRAPH_GAP * height

    def lines(self) -> list[Boxed]:
        blank = Boxed("", ())
        return [*self.left, blank, *self.right, blank] if self.left and self.right else [*self.left, *self.right]


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def _dedupe(words: Sequence[Word]) -> list[Word]:
    """Drop words drawn twice at (almost) the same place, as some PDFs do for bold text."""
    kept: list[Word] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        area = max((w.x1 - w.x0) * (w.bottom - w.top), 1e-6)
        duplicate = False
        for k in reversed(kept[-8:]):
            if k.text != w.text:
                continue
            inter = _overlap(w.x0, w.x1, k.x0, k.x1) * _overlap(w.top, w.bottom, k.top, k.bottom)
            if inter / area >= DUPLICATE_OVERLAP:
                duplicate = True
                break
        if not duplicate:
            kept.append(w)
    return kept


def _beside(word: Word, line: _Line) -> bool:
    """Is the word level with its nearest neighbour on the line? A line's own bounds grow with a
    taller word (a signature title set larger beside a small-print "Nơi nhận" list) and would
    take in the small lines above and below it, interleaving them ("ThườngUBNDtỉnhtrực"); the
    word's neighbour in x tells which of them it belongs to."""
    nearest = min(line.words, key=lambda k: max(k.x0 - word.x1, word.x0 - k.x1, 0.0))
    h, nh = word.bottom - word.top, nearest.bottom - nearest.top
    return _overlap(word.top, word.bottom, nearest.top, nearest.bottom) >= LINE_OVERLAP * min(h, nh)


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into lines top to bottom, each line sorted left to right."""
    lines: list[_Line] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        h = w.bottom - w.top
        target = None
        for line in reversed(lines[-3:]):
            lh = line.bottom - line.top
            if _overlap(w.top, w.bottom, line.top, line.bottom) >= LINE_OVERLAP * min(h, lh) and _beside(w, line):
                target = line
                break
        if target is None:
            lines.append(_Line([w], w.top, w.bottom))
        else:
            target.add(w)
    return [sorted(line.words, key=lambda w: w.x0) for line in sorted(lines, key=lambda ln: ln.top)]


def _starts_with_mark(text: str) -> bool:
    return bool(text) and unicodedata.combining(text[0]) > 0


# Punctuation that closes what comes before it: "sở" + "," is "sở," (a word processor draws a glyph
# its font lacks in a fallback font, as its own piece: LibreOffice's "ở" in DejaVu beside Liberation).
CLOSING_PUNCTUATION = ",.;:)!?"


def _glues(left: str, right: str) -> bool:
    """Letters glue to letters, closing punctuation to a letter or digit: "Số:" and a stamped "565"
    stay two words."""
    return (left[-1].isalpha() and right[0].isalpha()) or (left[-1].isalnum() and right[0] in CLOSING_PUNCTUATION)


def _segments(
    line: Sequence[Word], height: float, size: tuple[float, float], cut: float = SEGMENT_GAP
) -> list[_Segment]:
    """Join the words of one line, gluing near-touching pieces and cutting at wide gaps."""
    segments: list[_Segment] = []
    parts: list[Boxed] = []
    x0 = line[0].x0
    x1 = line[0].x1
    top, bottom = line[0].top, line[0].bottom
    for prev, word in zip([None, *line[:-1]], line, strict=True):
        piece = Boxed.word(word, *size)
        if prev is None:
            parts.append(piece)
            continue
        gap = word.x0 - x1
        if gap > cut * height:
            segments.append(_Segment(Boxed.join(" ", parts), x0, x1, top, bottom))
            parts, x0 = [piece], word.x0
            top, bottom = word.top, word.bottom
        elif _starts_with_mark(word.text) or (gap < JOIN_GAP * height and _glues(parts[-1].text, word.text)):
            parts[-1] += piece
        else:
            parts.append(piece)
        x1 = max(x1, word.x1)
        top, bottom = min(top, word.top), max(bottom, word.bottom)
    segments.append(_Segment(Boxed.join(" ", parts), x0, x1, top, bottom))
    return segments


def _extent(segments: Sequence[_Segment]) -> tuple[float, float]:
    return min(s.top for s in segments), max(s.bottom for s in segments)


def _widest_gap(segments: Sequence[_Segment]) -> tuple[float, float]:
    gaps = [(b.x0 - a.x1, a.x1, b.x0) for a, b in zip(segments, segments[1:], strict=False)]
    _, lo, hi = max(gaps)
    return lo, hi


def _side(segment: _Segment, region: _Region, page_center: float) -> str | None:
    """Which column a lone segment clearly belongs to, or None when it is full-width or centred."""
    lo, hi = region.gutter
    if segment.x1 <= hi and segment.x0 < lo:
        col_center = (region.left_extent[0] + region.left_extent[1]) / 2
        if abs(segment.center - col_center) < abs(segment.center - page_center):
            return "left"
    if segment.x0 >= lo and segment.x1 > hi:
        col_center = (region.right_extent[0] + region.right_extent[1]) / 2
        if abs(segment.center - col_center) < abs(segment.center - page_center):
            return "right"
    return None


def _offset_columns(
    above: tuple[_Segment, float, float], below: tuple[_Segment, float, float], height: float
) -> tuple[tuple[_Segment, tuple[float, float]], tuple[_Segment, tuple[float, float]]] | None:
    """Two lone lines side by side at offset heights ("CỘNG HÒA …" a few points above "BỘ GIÁO
    DỤC …"): (left, its span), (right, its span), or None when they are lines of one flow."""
    (a, a_top, a_bottom), (b, b_top, b_bottom) = above, below
    if b_top >= a_bottom:  # stacked, as the lines of any paragraph are
        return None
    pair = [(a, (a_top, a_bottom)), (b, (b_top, b_bottom))]
    left, right = sorted(pair, key=lambda p: p[0].x0)
    if right[0].x0 - left[0].x1 < OFFSET_COLUMN_GAP * height:  # also when they overlap: one column
        return None
    return left, right


def _split_at(
    lone: tuple[list[Word], _Segment, float, float],
    gutter: tuple[float, float],
    below: float,
    height: float,
    size: tuple[float, float],
) -> tuple[list[_Segment], list[_Segment]] | None:
    """The line just above a new two-column region, cut where a gap narrower than a column gap
    (but wider than a space) lines up with the region's gutter ("BỘ GIÁO DỤC VÀ ĐÀO TẠO" 20 pt
    from "CỘNG HOÀ XÃ HỘI …" in narrow table cells): its left and right segments, or None."""
    line, _, _, bottom = lone
    if below - bottom > REGION_MAX_SPLIT_VGAP * height:
        return None
    segments = _segments(line, height, size, cut=OFFSET_COLUMN_GAP)
    if len(segments) < 2:
        return None
    lo, hi = _widest_gap(segments)
    if _overlap(lo, hi, *gutter) <= 0:
        return None
    mid = (lo + hi) / 2
    return [s for s in segments if s.center < mid], [s for s in segments if s.center >= mid]


class Spanned(Protocol):
    x0: float
    x1: float


def centred_over(above: Spanned, line: Spanned, height: float, page_width: float) -> bool:
    """A centred line (a trích yếu under its type title, a heading) right above a line that runs
    the full measure beyond it on both sides (the body's first line, wrapped): the block ends there,
    and a blank line says so, as no line spacing does when a word processor prints the body's first
    line straight under the subject (Nghị định 30 Phụ lục I: the trích yếu is centred, the body
    justified). Lines of one paragraph share their left edge or indent and run to the right edge."""
    if line.x1 - line.x0 < FULL_MEASURE * page_width:
        return False  # a wider line of the same centred block (a subject wrapped in its column)
    inset = CENTRED_INSET * height
    if not (above.x0 >= line.x0 + inset and above.x1 <= line.x1 - inset):
        return False
    return abs((above.x0 + above.x1) / 2 - (line.x0 + line.x1) / 2) <= CENTRED_TOLERANCE * (line.x1 - line.x0)


def words_to_text(words: Sequence[Word], page_width: float) -> str:
    """Text of one page in reading order, two-column regions emitted column by column."""
    return words_to_boxed(words, page_width, 1.0).text


def words_to_boxed(words: Sequence[Word], page_width: float, page_height: float) -> Boxed:
    """`words_to_text` with the box of each character's word, as fractions of the page."""
    words = [w for w in words if w.text.strip()]
    if not words:
        return Boxed("", ())
    words = _dedupe(words)
    page_center = page_width / 2
    size = (page_width or 1.0, page_height or 1.0)
    out: list[Boxed] = []
    region: _Region | None = None
    lone: tuple[list[Word], _Segment, float, float] | None = None  # the last line, when it went out alone
    for line in group_lines(words):
        height = statistics.median(w.bottom - w.top for w in line) or 1.0
        segments = _segments(line, height, size)
        top = min(w.top for w in line)
        bottom = max(w.bottom for w in line)
        span = (top, bottom)
        vgap = top - region.bottom if region is not None else float("inf")
        near = vgap <= REGION_MAX_VGAP * height
        previous, lone = lone, None
        if len(segments) >= 2:
            lo, hi = _widest_gap(segments)
            if region is not None and vgap <= REGION_MAX_SPLIT_VGAP * height and _overlap(lo, hi, *region.gutter) > 0:
                region.gutter = (max(lo, region.gutter[0]), min(hi, region.gutter[1]))
            else:
                if region is not None:
                    out.extend(region.lines())
                region = _Region(gutter=(lo, hi))
                if previous is not None and (split := _split_at(previous, region.gutter, top, height, size)):
                    out.pop()  # the line above is this region's first: its columns nearly touch
                    region.put(split[0], "left", (previous[2], previous[3]))
                    region.put(split[1], "right", (previous[2], previous[3]))
            mid = (region.gutter[0] + region.gutter[1]) / 2
            left = [s for s in segments if s.center < mid]
            right = [s for s in segments if s.center >= mid]
            # each column keeps its own height: a larger signature title beside a small-print
            # "Nơi nhận" line would stretch the list's line spacing and end its block early
            if left:
                region.put(left, "left", _extent(left))
            if right:
                region.put(right, "right", _extent(right))
            continue
        segment = segments[0]
        if region is not None and near:
            side = _side(segment, region, page_center)
            if side is not None and not (side == "left" and region.starts_left_block(span, height)):
                region.put(segments, side, span)
                continue
        if region is not None:
            out.extend(region.lines())
            region = None
        elif previous is not None and (pair := _offset_columns(previous[1:], (segment, top, bottom), height)):
            out.pop()  # the line above went out alone: it is this one's other column
            (left_seg, left_span), (right_seg, right_span) = pair
            region = _Region(gutter=(left_seg.x1, right_seg.x0))
            for seg, seg_span, side in ((left_seg, left_span, "left"), (right_seg, right_span, "right")):
                region.put([seg], side, seg_span)
            continue
        if previous is not None and centred_over(previous[1], segment, height, size[0]):
            out.append(Boxed("", ()))
        out.append(segment.piece)
        lone = (line, segment, top, bottom)
    if region is not None:
        out.extend(region.lines())
    while out and not out[-1].text:
        out.pop()
    return Boxed.join("\n", out)
