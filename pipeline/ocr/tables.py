"""Ruled tables on a scanned page, read cell by cell and printed like the other text stages print
tables: one row per line, cells joined by " | ", a merged cell's covered cells left empty.

The ruling lines are found with OpenCV (an opening with a long thin kernel keeps only horizontal,
then only vertical strokes); a table is a region crossed by several of both. Rows lie between
consecutive horizontal rules; a column boundary holds in a row only where a vertical rule crosses
that row (so a section row merged across the table is one cell). Only tables whose header row reads
as a table of tasks (extractors/obligations/tables.py) have all their cells read: each cell is one
small Tesseract call (pipeline/ocr/tesseract.py), and the rows are kept in the OCR cache with the
page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from congvan.extractors.obligations.tables import header_roles
from congvan.pipeline.ocr import tesseract
from congvan.pipeline.ocr.order import ordered_text
from congvan.pipeline.ocr.tsv import TsvWord

CELL_SEPARATOR = " | "
# A rule is at least this share of the page width (horizontal) or this many row heights (vertical).
H_RULE_SHARE = 0.04
V_RULE_PIXELS = 25
# A table is at least this share of the page wide and has this many rules each way.
MIN_TABLE_WIDTH_SHARE = 0.4
MIN_RULES = 3
# A boundary crosses a row when its vertical rule covers this share of the row's height.
CROSSING_SHARE = 0.6
# A cell with less ink than this share of its pixels is empty (no Tesseract call).
MIN_CELL_INK = 0.004
# Pixels taken off each side of a cell, so the rules themselves are not read as "|" or "l".
CELL_INSET = 6
CELL_CONFIG = "--psm 6"
# Scans lie askew by up to 2 degrees; a rule then spans several pixel rows and no row or column of
# pixels holds enough of it. The page is levelled first: the angle whose row profile is sharpest,
# tried in these steps on a quarter-size image.
SKEW_RANGE = 2.0
SKEW_STEP = 0.1
SKEW_SCALE = 0.25
# A table run on from the page before opens the page (under its margin and a running header) and
# has the columns of a table of tasks (STT, task, lead, and more).
CONTINUED_TOP_SHARE = 0.2
MIN_CONTINUED_COLUMNS = 4
# How much darker than its cell's paper a pixel must be to be ink.
FAINT_INK_DROP = 60.0
# "tables" held the readings of pages read before levelling (askew tables read as none);
# "tables-levelled" those read before timelines, headers without their lead cell and faint ink
# were known; "tables-faint-ink" those whose page showed its header only by STT, task and lead
CACHE_KIND = "tables-stt-lead"


@dataclass(frozen=True)
class Grid:
    """One ruled table: its rules' positions in page pixels and which boundaries cross each row."""

    x0: int
    y0: int
    x1: int
    y1: int
    rows: tuple[int, ...]  # y of each horizontal rule, top to bottom
    cols: tuple[int, ...]  # x of each vertical rule, left to right
    crossings: tuple[tuple[bool, ...], ...]  # per row: does boundary j (inner rules) cross it


@dataclass(frozen=True)
class ScanTable:
    top: int
    bottom: int
    rows: tuple[tuple[str, ...], ...]

    def lines(self) -> list[str]:
        return [CELL_SEPARATOR.join(row).rstrip() for row in self.rows]


def _binary(gray: np.ndarray) -> np.ndarray:
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)


def _positions(profile: np.ndarray, threshold: float) -> list[int]:
    """Centres of the runs of `profile` above `threshold` (a rule is a few pixels thick)."""
    above = profile >= threshold
    out: list[int] = []
    start = None
    for i, flag in enumerate(above):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start + i - 1) // 2)
            start = None
    if start is not None:
        out.append((start + len(above) - 1) // 2)
    return out


def skew_degrees(gray: np.ndarray) -> float:
    """The turn that levels the page's lines and rules (0.0 when it lies straight)."""
    small = cv2.resize(_binary(gray), None, fx=SKEW_SCALE, fy=SKEW_SCALE, interpolation=cv2.INTER_AREA)
    height, width = small.shape
    centre = (width / 2, height / 2)
    best, best_score = 0.0, -1.0
    steps = int(round(SKEW_RANGE / SKEW_STEP))
    for k in range(-steps, steps + 1):
        degrees = k * SKEW_STEP
        turned = cv2.warpAffine(
            small, cv2.getRotationMatrix2D(centre, degrees, 1.0), (width, height), flags=cv2.INTER_NEAREST
        )
        profile = turned.sum(axis=1, dtype=np.float64)
        score = float(np.square(profile).sum())
        if score > best_score:
            best, best_score = degrees, score
    return best


def levelled(gray: np.ndarray) -> np.ndarray:
    """The page turned level about its centre, the corners filled white."""
    degrees = skew_degrees(gray)
    if degrees == 0.0:
        return gray
    height, width = gray.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def find_grids(gray: np.ndarray) -> list[Grid]:
    """The ruled tables of a page image (8-bit gray)."""
    height, width = gray.shape
    binary = _binary(gray)
    h_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(10, int(width * H_RULE_SHARE)), 1))
    v_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, V_RULE_PIXELS))
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, h_kernel)
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, v_kernel)
    mask = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((5, 5), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    grids: list[Grid] = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label][:4])
        if w < MIN_TABLE_WIDTH_SHARE * width or h < 3 * V_RULE_PIXELS:
            continue
        h_region = horizontal[y : y + h, x : x + w] > 0
        v_region = vertical[y : y + h, x : x + w] > 0
        rows = _positions(h_region.sum(axis=1), 0.5 * w)
        cols = _positions(v_region.sum(axis=0), 0.3 * h)
        if len(rows) < MIN_RULES or len(cols) < MIN_RULES:
            continue
        crossings = []
        for top, bottom in zip(rows, rows[1:], strict=False):
            inner = v_region[top + 2 : max(top + 3, bottom - 2)]
            crossings.append(
                tuple(
                    bool(inner[:, max(0, c - 3) : c + 4].any(axis=1).mean() >= CROSSING_SHARE)
                    for c in cols[1:-1]
                )
            )
        grids.append(
            Grid(x, y, x + w, y + h, tuple(y + r for r in rows), tuple(x + c for c in cols), tuple(crossings))
        )
    return sorted(grids, key=lambda g: g.y0)


def cell_boxes(grid: Grid, row: int) -> list[tuple[int, int, int, int] | None]:
    """The cells of one row, left to right, one per column; a merged cell's covered columns are None."""
    top, bottom = grid.rows[row], grid.rows[row + 1]
    boxes: list[tuple[int, int, int, int] | None] = []
    left_index = 0
    for j in range(1, len(grid.cols)):
        is_last = j == len(grid.cols) - 1
        if is_last or grid.crossings[row][j - 1]:
            boxes.append((grid.cols[left_index], top, grid.cols[j], bottom))
            boxes.extend([None] * (j - left_index - 1))
            left_index = j
    return boxes


Reader = Callable[[Image.Image], str]


def tesseract_reader(lang: str, timeout_s: float) -> Reader:
    def read(crop: Image.Image) -> str:
        return tesseract.text(crop, lang, CELL_CONFIG, timeout_s)

    return read


def _read_cell(gray: np.ndarray, box: tuple[int, int, int, int] | None, read: Reader) -> str:
    if box is None:
        return ""
    x0, y0, x1, y1 = box
    crop = gray[y0 + CELL_INSET : y1 - CELL_INSET, x0 + CELL_INSET : x1 - CELL_INSET]
    if crop.size == 0:
        return ""
    # ink is what is well darker than the cell's paper: a faint copy's grey-violet print (about 150
    # on 250) is ink too, where a fixed 128 read its cells as empty
    paper = float(np.percentile(crop, 90))
    if float((crop < min(128.0, paper - FAINT_INK_DROP)).mean()) < MIN_CELL_INK:
        if float((crop < paper - FAINT_INK_DROP).mean()) < MIN_CELL_INK:
            return ""
        crop = cv2.normalize(crop, None, 0, 255, cv2.NORM_MINMAX)  # stretched for the recogniser
    padded = cv2.copyMakeBorder(crop, 12, 12, 12, 12, cv2.BORDER_CONSTANT, value=255)
    # a "|" in a cell would split it when the row is printed: it is an I or l the rules left behind
    return " ".join(read(Image.fromarray(padded)).replace("|", "I").split())


def read_tables(gray: np.ndarray, read: Reader) -> list[ScanTable]:
    """The tables of tasks of a page: the header row read first, the rest only for a table of tasks."""
    out: list[ScanTable] = []
    gray = levelled(gray)
    for grid in find_grids(gray):
        if len(grid.rows) < 2:
            continue
        header = _read_row(gray, grid, 0, read)
        if header_roles(list(header)) is None:
            continue
        out.append(_table(grid, [header, *(_read_row(gray, grid, row, read) for row in range(1, len(grid.rows) - 1))]))
    return out


def _read_row(gray: np.ndarray, grid: Grid, row: int, read: Reader) -> tuple[str, ...]:
    return tuple(_read_cell(gray, box, read) for box in cell_boxes(grid, row))


def _table(grid: Grid, rows: Sequence[tuple[str, ...]]) -> ScanTable:
    return ScanTable(grid.y0, grid.y1, tuple(r for r in rows if any(r)))


def read_continued(gray: np.ndarray, read: Reader) -> list[ScanTable]:
    """A table of tasks run on from the page before: a ruled table that opens the page, with no
    header row of its own (the header stays on the first page). Its rows are read as they are; the
    tasks extractor takes them only after a table with as many columns."""
    gray = levelled(gray)
    grids = [g for g in find_grids(gray) if len(g.rows) >= 2 and len(g.cols) - 1 >= MIN_CONTINUED_COLUMNS]
    if not grids or grids[0].y0 > CONTINUED_TOP_SHARE * gray.shape[0]:
        return []
    grid = grids[0]
    return [_table(grid, [_read_row(gray, grid, row, read) for row in range(len(grid.rows) - 1)])]


def to_cache(tables: Sequence[ScanTable]) -> str:
    return json.dumps([{"top": t.top, "bottom": t.bottom, "rows": [list(r) for r in t.rows]} for t in tables])


def from_cache(kept: str) -> list[ScanTable]:
    return [
        ScanTable(int(t["top"]), int(t["bottom"]), tuple(tuple(r) for r in t["rows"])) for t in json.loads(kept)
    ]


def text_with_tables(words: Sequence[TsvWord], width: float, tables: Sequence[ScanTable]) -> str:
    """The page's reading-order text with each table's words replaced by its rows."""
    ordered = sorted(tables, key=lambda t: t.top)

    def middle(w: TsvWord) -> float:
        return (w.word.top + w.word.bottom) / 2

    rest = [w for w in words if not any(t.top <= middle(w) <= t.bottom for t in ordered)]
    parts: list[str] = []
    above = -1.0
    for table in ordered:
        chunk = [w for w in rest if above < middle(w) < table.top]
        if chunk:
            parts.append(ordered_text(chunk, width))
        parts.append("\n".join(table.lines()))
        above = table.bottom
    tail = [w for w in rest if middle(w) > above]
    if tail:
        parts.append(ordered_text(tail, width))
    return "\n".join(p.strip("\n") for p in parts if p.strip())
