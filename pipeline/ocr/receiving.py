"""The receiving stamp (dấu đến) read from the page image: its arrival number and date.

The văn thư of the receiving office stamps a boxed form on the first page (Nghị định 30/2020,
Phụ lục IV; older offices "CV ĐẾN"): a title cell "ĐẾN", and fill-in rows "Số: ……", "Ngày: ……",
"Chuyển: ……" on dotted leaders, the number and date written by hand. The page OCR reads that
handwriting as noise ("lmà|š Ị số: _"), so the stamp is read apart:

frame (a rectangle of stamp size in the upper half: long horizontal and vertical rules, three of
its four sides drawn) → its field cell (right of the title cell's divider, under the office-name
rule) → the rows, one per dotted leader → each row's printed label read alone (`vie`) and matched
to Số / Ngày → the handwriting after the label cut out (dots and printed label left behind) →
digits by the digits-only Tesseract and the digit classifier (handwriting.py), the date split at
its separators into day / month / year.

A frame whose rows read no "Số" and no "Ngày" is no receiving stamp (a "KHẨN" box, a table) and
gives nothing. Handwriting that does not read as plausible digits gives "?" for that field, never
a guess: the extractor (extractors/arrival.py) turns it into null and a warning.

The result is one page-text line, "[Dấu đến] Số: 2352 | Ngày: 21/3/18 | tin cậy 0.82",
appended like the red marks (extractors/arrival.py keeps its own copy of the marker).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import regex
from PIL import Image
from rapidfuzz import fuzz

from congvan.errors import OCRFailed
from congvan.extractors.textutil import fold
from congvan.pipeline.ocr import tesseract
from congvan.pipeline.ocr.handwriting import Read, classifier_digits, combine, for_tesseract, tesseract_digits_batch

MARKER = "[Dấu đến]"
UNREAD = "?"
CACHE_KIND = "receiving-3"  # bump when the reading changes: cached lines are reused

A4_SHORT_SIDE_IN = 8.27
MM_PER_IN = 25.4
# The stamp is looked for in the upper part of the page (it goes in the blank space under the
# number and symbol, or under the subject).
SEARCH_SHARE = 0.5
# The frame's outer size: Phụ lục IV draws 50×30 mm; offices' own stamps run 35-90 × 15-50 mm
# (011's "CV ĐẾN" is 67×21 mm). Anything smaller is a mark's box ("KHẨN" is 22×13 mm).
FRAME_MIN_W_MM, FRAME_MAX_W_MM = 35.0, 95.0
FRAME_MIN_H_MM, FRAME_MAX_H_MM = 15.0, 55.0
# Rules: a horizontal run of at least this length, a vertical one of at least this height.
RULE_H_MM, RULE_V_MM = 12.0, 8.0
# Dashes of a worn rule are bridged first.
BRIDGE_MM = 1.5
SIDE_BAND_MM = 2.0
# A side is drawn when its rule covers this share of the frame's width or height; a stamp
# printed a little crooked or worn keeps three sides (011's right side is broken by the body text).
SIDE_COVER = 0.6
MIN_SIDES = 3
# An inner rule (the title cell's divider, the office name's underline) covers this share.
INNER_COVER = 0.5
RULE_CLEAR_PX = 4  # the cell starts this far inside its rules
MAX_FRAMES = 2  # per page: a bound on the Tesseract calls
# A fill-in line: dots bridged over BRIDGE_DOTS_MM, a run of at least LINE_MIN_MM and
# LINE_MIN_SHARE of the cell, at most LINE_MAX_THICK_MM thick (011's leaders: 0.5 mm).
BRIDGE_DOTS_MM = 1.0
LINE_MIN_MM = 8.0
LINE_MIN_SHARE = 0.3
LINE_MAX_THICK_MM = 1.2
DOT_MAX_MM = 1.0
EDGE_BAND_MM, EDGE_RUN_MM = 1.5, 3.0  # a horizontal run this long this near the cell's top is the frame's
DOT_RADIUS_MM = 0.4  # a leader's dot is ~0.5-0.8 mm across
LABEL_MAX_MM = 6.0  # "Số:" is ~5 mm in 011's stamp type
ROW_MIN_GAP_MM = 2.5
# Labels as printed on the stamp (folded), and the least fuzzy score of a row's first word.
LABELS = {"number": ("so",), "date": ("ngay",), "forward": ("chuyen",)}
MIN_LABEL_SCORE = 75.0
LABEL_CONFIG = "--oem 1 --psm 7"
# "21/3/18", "21.3.2018", "21-3": day, month and an optional year (the first separator is the
# only one a writer never leaves out).
DATE_DIGITS = regex.compile(
    r"""^(?P<day>\d{1,2}) [/.\-] (?P<month>\d{1,2}) (?: [/.\-] (?P<year>\d{2}|\d{4}) )?$""", regex.VERBOSE
)
DATE_CONFIG = "--oem 1 --psm 7 -c tessedit_char_whitelist=0123456789/.-"
# Strokes of a date group lie apart by more than this share of the digit height.
GROUP_GAP_SHARE = 0.45
SEPARATOR_HEIGHT_SHARE = 0.7  # a stroke lower than this share of the digits is a separator
# A handwritten field read less surely than this is written "?" (the extractor gives null and a
# warning): on 011 the reads below it were wrong ("2952" for 2352 at 0.50, "1/3/14" for 21/3/18).
MIN_FIELD_CONFIDENCE = 0.8
# Digits only one of the two readers saw need more: with the dots left on 011's "2352" the
# classifier alone read "2354" at 0.84.
MIN_ONE_READER_CONFIDENCE = 0.9


@dataclass(frozen=True)
class Frame:
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels


@dataclass(frozen=True)
class StampFields:
    """What the stamp's number and date rows read as (None: row not found; UNREAD: not legible)."""

    number: str | None
    date: str | None
    confidence: float
    box: tuple[int, int, int, int]

    def line(self) -> str:
        parts = [f"Số: {self.number or UNREAD}", f"Ngày: {self.date or UNREAD}", f"tin cậy {self.confidence:.2f}"]
        return f"{MARKER} " + " | ".join(parts)


def mm_px(mm: float, dpi: float) -> int:
    return max(1, round(mm * dpi / MM_PER_IN))


def binary_ink(gray: np.ndarray) -> np.ndarray:
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def rules(ink: np.ndarray, dpi: float, bridge_mm: float = BRIDGE_MM) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rules of the ink (dashes bridged when `bridge_mm`: inside the
    frame it is 0, or stacked letters would bridge into a vertical rule)."""
    bridge = mm_px(bridge_mm, dpi) if bridge_mm else 1
    horizontal = cv2.morphologyEx(
        cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (bridge, 1))),
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (mm_px(RULE_H_MM, dpi), 1)),
    )
    vertical = cv2.morphologyEx(
        cv2.morphologyEx(ink, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, bridge))),
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (1, mm_px(RULE_V_MM, dpi))),
    )
    return horizontal, vertical


def find_frames(gray: np.ndarray, dpi: float) -> list[Frame]:
    """Stamp-sized rectangles drawn with rules on at least three sides, largest first."""
    region = gray[: int(SEARCH_SHARE * gray.shape[0])]
    horizontal, vertical = rules(binary_ink(region), dpi)
    joined = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((5, 5), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined)
    band = mm_px(SIDE_BAND_MM, dpi)
    frames: list[tuple[int, Frame]] = []
    for i in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[i])
        w_mm, h_mm = w * MM_PER_IN / dpi, h * MM_PER_IN / dpi
        if not (FRAME_MIN_W_MM <= w_mm <= FRAME_MAX_W_MM and FRAME_MIN_H_MM <= h_mm <= FRAME_MAX_H_MM):
            continue
        sides = (
            (horizontal[y : y + band, x : x + w].max(axis=0) > 0).mean(),
            (horizontal[y + h - band : y + h, x : x + w].max(axis=0) > 0).mean(),
            (vertical[y : y + h, x : x + band].max(axis=1) > 0).mean(),
            (vertical[y : y + h, x + w - band : x + w].max(axis=1) > 0).mean(),
        )
        if sum(s >= SIDE_COVER for s in sides) >= MIN_SIDES:
            frames.append((w * h, Frame((x, y, x + w, y + h))))
    return [f for _, f in sorted(frames, key=lambda t: -t[0])][:MAX_FRAMES]


def field_cell(gray: np.ndarray, frame: Frame, dpi: float) -> tuple[int, int, int, int]:
    """The part of the frame holding the fill-in rows: right of the title cell's divider (the
    rightmost inner vertical rule in the left half) and under the office name's rule (the lowest
    inner horizontal rule in the upper half)."""
    x0, y0, x1, y1 = frame.box
    horizontal, vertical = rules(binary_ink(gray[y0:y1, x0:x1]), dpi, bridge_mm=0)
    w, h = x1 - x0, y1 - y0
    edge = mm_px(SIDE_BAND_MM, dpi)
    cols = [c for c in range(edge, w // 2) if (vertical[:, c] > 0).mean() >= INNER_COVER * 0.8]
    rows_ = [r for r in range(edge, h // 2) if (horizontal[r, :] > 0).mean() >= INNER_COVER]
    left = (max(cols) + RULE_CLEAR_PX) if cols else edge
    top = (max(rows_) + RULE_CLEAR_PX) if rows_ else edge
    right_cols = [c for c in range(w // 2, w) if (vertical[:, c] > 0).mean() >= INNER_COVER]
    right = (min(right_cols) - RULE_CLEAR_PX) if right_cols else w - edge
    bottom_rows = [r for r in range(h // 2, h) if (horizontal[r, :] > 0).mean() >= INNER_COVER]
    bottom = (min(bottom_rows) - RULE_CLEAR_PX) if bottom_rows else h - edge
    return x0 + left, y0 + top, x0 + right, y0 + bottom


@dataclass(frozen=True)
class Row:
    baseline: int  # y of the fill-in line in cell pixels
    start: int  # x where the line starts (the label ends before it)


def fill_lines(ink: np.ndarray, dpi: float) -> tuple[list[Row], np.ndarray]:
    """The rows' fill-in lines (dotted leaders, whose dots touch at 300 dpi, or rules), top to
    bottom, and their mask. A line is a thin horizontal run once dots are bridged: a line of
    printed or handwritten text bridges into a band as tall as its letters, never a thin one."""
    width = ink.shape[1]
    bridge = cv2.getStructuringElement(cv2.MORPH_RECT, (mm_px(BRIDGE_DOTS_MM, dpi), 1))
    bridged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, bridge)
    runs = cv2.morphologyEx(
        bridged, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (mm_px(LINE_MIN_MM, dpi), 1))
    )
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs)
    rows: list[Row] = []
    mask = np.zeros_like(ink)
    for i in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[i])
        if h <= mm_px(LINE_MAX_THICK_MM, dpi) and w >= LINE_MIN_SHARE * width:
            rows.append(Row(y + h // 2, x))
            mask[labels == i] = 255
    rows.sort(key=lambda r: r.baseline)
    merged: list[Row] = []
    for row in rows:  # a line broken by a handwritten stroke: keep its leftmost start
        if merged and row.baseline - merged[-1].baseline <= mm_px(ROW_MIN_GAP_MM, dpi) / 2:
            merged[-1] = Row(merged[-1].baseline, min(merged[-1].start, row.start))
        else:
            merged.append(row)
    return merged, cv2.dilate(mask, np.ones((3, 3), np.uint8))


def label_of(text: str) -> str | None:
    """The row's field from its first word ("Số:", "Ngày:", "Chuyển:"), or None."""
    word = regex.match(r"\p{L}+", fold(text).lower().lstrip(" _|'\"`.,:;-"))
    if word is None:
        return None
    best = max(((fuzz.ratio(word[0], lab), name) for name, labs in LABELS.items() for lab in labs), default=None)
    return best[1] if best and best[0] >= MIN_LABEL_SCORE else None


def rows_by_order(labels: Sequence[str | None]) -> dict[str, int]:
    """Row index of the number and the date. The form prints Số, Ngày, Chuyển in that order, so
    a row whose label was read fixes the others: a "Số:" in a stamp's small type often reads as
    noise where "Ngày:" and "Chuyển:" read well. No label read: no stamp."""
    order = ("number", "date", "forward")
    for name in ("date", "forward", "number"):  # the labels that read best first
        if name in labels:
            anchor = labels.index(name) - order.index(name)
            return {n: anchor + k for k, n in enumerate(order[:2]) if 0 <= anchor + k < len(labels)}
    return {}


def read_label(gray: np.ndarray, timeout_s: float) -> str:
    scale = 2
    big = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    padded = cv2.copyMakeBorder(big, 20, 20, 20, 20, cv2.BORDER_CONSTANT, value=255)
    try:
        return tesseract.text(Image.fromarray(padded), lang="vie", config=LABEL_CONFIG, timeout_s=timeout_s).strip()
    except OCRFailed:
        return ""


def without_rules(ink: np.ndarray, rows: Sequence[Row], dpi: float) -> np.ndarray:
    """The cell's ink without the frame's own rules left at its edges (the office name's underline
    runs into the top of the cell, and joins the tops of the digits under it): solid horizontal
    runs away from every fill-in line."""
    horizontal, vertical = rules(ink, dpi, bridge_mm=0)
    reach = mm_px(LINE_MAX_THICK_MM, dpi)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(horizontal)
    drop = np.zeros(ink.shape, dtype=bool)
    for i in range(1, count):
        y, h = int(stats[i][1]), int(stats[i][3])
        if not any(y - reach <= r.baseline <= y + h + reach for r in rows):
            drop |= labels == i
    # the rule's remnant along the cell's top edge, shorter than a rule where digits cross it
    edge = mm_px(EDGE_BAND_MM, dpi)
    stub = cv2.getStructuringElement(cv2.MORPH_RECT, (mm_px(EDGE_RUN_MM, dpi), 1))
    drop[:edge] |= cv2.morphologyEx(ink[:edge], cv2.MORPH_OPEN, stub) > 0
    drop = cv2.dilate(drop.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool) | (vertical > 0)
    return np.where(drop, 0, ink).astype(np.uint8)


def without_dots(ink: np.ndarray, rows: Sequence[Row], dpi: float) -> np.ndarray:
    """The cell's ink without the leaders' dots: specks centred on a fill-in line. Strokes that
    touch the line keep their ink (erasing the line's band would cut the foot of every digit)."""
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(ink)
    size = mm_px(DOT_MAX_MM, dpi)
    reach = mm_px(LINE_MAX_THICK_MM, dpi)
    drop = np.zeros(count, dtype=bool)
    for i in range(1, count):
        _, _, w, h, _area = (int(v) for v in stats[i])
        centre = float(centroids[i][1])
        drop[i] = w <= size and h <= size and any(abs(centre - r.baseline) <= reach for r in rows)
    out = np.where(drop[labels], 0, ink).astype(np.uint8)
    # dots joined to a digit's foot: in the line's band, ink in a column with no other ink of the
    # row above it is a dot (the inside of a "3"'s lower curve has its upper arc above)
    radius = mm_px(DOT_RADIUS_MM, dpi)
    reach_up = mm_px(ROW_MIN_GAP_MM, dpi)
    for row in rows:
        y0, y1 = row.baseline - radius, row.baseline + radius + 1
        if y0 < 1 or y1 > out.shape[0]:
            continue
        open_above = ~out[max(0, y0 - reach_up) : y0].any(axis=0)
        out[y0:y1, open_above] = 0
    return out


def label_end(row: Row, dpi: float) -> int:
    """Where the handwriting may start: the fill-in line's start, when the label did not merge
    into it, else the widest short label ("Số:", "Ngày:") as printed on stamps."""
    return max(row.start, mm_px(LABEL_MAX_MM, dpi))


def handwriting_ink(ink: np.ndarray, top: int, bottom: int, left: int, dpi: float) -> np.ndarray | None:
    """The row's handwriting right of its label: strokes whose foot lies between the previous
    fill-in line (`top`) and this one (`bottom`), wherever they reach up (a written "3" rises
    over the line above), specks and components cut by the left edge (label remnants) dropped."""
    part = ink[:bottom, left:].copy()
    if part.size == 0:
        return None
    # the dots a digit's foot touches stay joined to it: the line's lower half is cut away
    count, labels, stats, _ = cv2.connectedComponentsWithStats(part)
    size = mm_px(DOT_MAX_MM, dpi)
    keep = np.zeros(count, dtype=bool)
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        foot = y + h
        keep[i] = foot > top + (bottom - top) // 3 and not (w <= size and h <= size) and area >= 12 and x > 0
    out = np.where(keep[labels], 255, 0).astype(np.uint8)
    if not out.any():
        return None
    ys, xs = np.nonzero(out)
    return out[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]


def stroke_groups(ink: np.ndarray) -> list[np.ndarray]:
    """The ink cut into groups at wide horizontal gaps and at separator strokes (a "/" or a
    short bar lower than the digits): "21/3/18" → three groups."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink)
    comps = sorted((tuple(int(v) for v in stats[i]) for i in range(1, count)), key=lambda s: s[0])
    if not comps:
        return []
    tall = max(c[3] for c in comps)
    digits = [c for c in comps if c[3] >= SEPARATOR_HEIGHT_SHARE * tall]
    separators = [c for c in comps if c[3] < SEPARATOR_HEIGHT_SHARE * tall]
    groups: list[list[tuple[int, ...]]] = []
    for comp in digits:
        if groups:
            prev_right = max(c[0] + c[2] for c in groups[-1])
            split = comp[0] - prev_right > GROUP_GAP_SHARE * tall or any(
                prev_right - 2 <= s[0] + s[2] / 2 <= comp[0] + 2 for s in separators
            )
            if not split:
                groups[-1].append(comp)
                continue
        groups.append([comp])
    out: list[np.ndarray] = []
    for group in groups:
        x0 = min(c[0] for c in group)
        x1 = max(c[0] + c[2] for c in group)
        piece = ink[:, x0:x1].copy()
        ys = np.nonzero(piece.any(axis=1))[0]
        out.append(piece[ys.min() : ys.max() + 1])
    return out


def read_digits(kinds: Sequence[str], inks: Sequence[np.ndarray], timeout_s: float) -> list[Read | None]:
    """Each ink read as digits by Tesseract and the classifier together (handwriting.combine);
    a read not sure enough for a stamp is None."""
    tess = tesseract_digits_batch(list(inks), timeout_s)
    reads = [combine(kind, t, classifier_digits(ink)) for kind, t, ink in zip(kinds, tess, inks, strict=True)]
    return [r if r is not None and sure_enough(r) else None for r in reads]


def sure_enough(read: Read) -> bool:
    both = "+" in read.source  # "tesseract+classifier": the two readers agree
    return read.confidence >= (MIN_FIELD_CONFIDENCE if both else MIN_ONE_READER_CONFIDENCE)


def date_from_groups(ink: np.ndarray, timeout_s: float) -> tuple[str | None, float]:
    """The date read group by group (day, month, year cut at the separators), each group by
    Tesseract and the classifier together: handwriting whose separators are short marks (011)."""
    groups = stroke_groups(ink)
    # the văn thư writes day, month and year; fewer groups means a digit or a separator was lost
    if len(groups) != 3:
        return None, 0.0
    reads = read_digits(["day", "day", "number"], groups, timeout_s)
    if any(r is None for r in reads):
        return None, 0.0
    return normal_date("/".join(r.digits for r in reads if r is not None)), min(
        r.confidence for r in reads if r is not None
    )


def date_whole(ink: np.ndarray, timeout_s: float) -> tuple[str | None, float]:
    """The date read in one line by Tesseract with its separators: writing whose "/" is as tall
    as the digits, which the grouping would take for a "1"."""
    try:
        tsv = tesseract.tsv(for_tesseract(ink), lang="eng", config=DATE_CONFIG, timeout_s=timeout_s)
    except OCRFailed:
        return None, 0.0
    words = [row.split("\t") for row in tsv.splitlines()[1:]]
    words = [w for w in words if len(w) == 12 and w[0] == "5" and w[11].strip()]
    if not words:
        return None, 0.0
    text = "".join(w[11].strip() for w in words)
    confidence = min(float(w[10]) for w in words) / 100.0
    return (normal_date(text), confidence) if confidence >= MIN_ONE_READER_CONFIDENCE else (None, 0.0)


def normal_date(text: str) -> str | None:
    """The date as the stamp line writes it ("21/3/18"), when `text` is a plausible day/month[/year]."""
    found = DATE_DIGITS.match(text)
    if found is None or not (1 <= int(found["day"]) <= 31 and 1 <= int(found["month"]) <= 12):
        return None
    year = found["year"]
    return f"{int(found['day'])}/{int(found['month'])}" + (f"/{year}" if year else "")


def read_date(ink: np.ndarray, timeout_s: float) -> tuple[str | None, float]:
    """The date row read both ways; two reads that disagree are no reading."""
    reads = [r for r in (date_from_groups(ink, timeout_s), date_whole(ink, timeout_s)) if r[0] is not None]
    sure = [r for r in reads if r[1] >= MIN_FIELD_CONFIDENCE]
    if len({r[0] for r in reads}) > 1 and len(sure) != 1:
        return None, 0.0
    if not sure:
        return None, 0.0
    return max(sure, key=lambda r: r[1])


def read_frame(rgb: np.ndarray, frame: Frame, dpi: float, timeout_s: float) -> StampFields | None:
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    x0, y0, x1, y1 = field_cell(gray, frame, dpi)
    if x1 - x0 < mm_px(10, dpi) or y1 - y0 < mm_px(5, dpi):
        return None
    cell = gray[y0:y1, x0:x1]
    ink = binary_ink(cell)
    rows, _lines = fill_lines(ink, dpi)
    rows = [r for r in rows if r.baseline >= mm_px(ROW_MIN_GAP_MM, dpi)]  # a rule's remnant at the top
    if not rows:
        return None  # a frame with no written rows (a box drawn round a title, a seal's edge)
    ink = without_dots(without_rules(ink, rows, dpi), rows, dpi)
    pad = mm_px(0.8, dpi)
    tops = [0] + [r.baseline + pad for r in rows[:-1]]
    labels = [
        label_of(read_label(255 - ink[top : row.baseline + pad, :], timeout_s))
        for row, top in zip(rows, tops, strict=True)
    ]
    found: dict[str, tuple[Row, int]] = {}
    for name, index in rows_by_order(labels).items():
        found[name] = (rows[index], tops[index])
    if not found:
        return None  # no "Số"/"Ngày" row: another box
    number: str | None = None
    date: str | None = None
    # the confidence of what was read; nothing read: 0
    confidences: list[float] = []
    if "number" in found:
        row, top = found["number"]
        hand = handwriting_ink(ink, top, row.baseline + pad, label_end(row, dpi), dpi)
        read = read_digits(["number"], [hand], timeout_s)[0] if hand is not None else None
        number = UNREAD
        if read is not None:
            number = read.digits.lstrip("0") or "0"
            confidences.append(read.confidence)
    if "date" in found:
        row, top = found["date"]
        hand = handwriting_ink(ink, top, row.baseline + pad, label_end(row, dpi), dpi)
        text, conf = read_date(hand, timeout_s) if hand is not None else (None, 0.0)
        date = UNREAD
        if text is not None and conf >= MIN_FIELD_CONFIDENCE:
            date = text
            confidences.append(conf)
    return StampFields(number, date, round(min(confidences, default=0.0), 2), (x0, y0, x1, y1))


def _gray_and_dpi(image: Image.Image) -> tuple[np.ndarray, np.ndarray, float]:
    rgb = np.asarray(image if image.mode == "RGB" else image.convert("RGB"))
    return rgb, cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), min(image.width, image.height) / A4_SHORT_SIDE_IN


def read_receiving(image: Image.Image, timeout_s: float) -> list[StampFields]:
    """Every receiving stamp on the page, read (usually none)."""
    rgb, gray, dpi = _gray_and_dpi(image)
    out: list[StampFields] = []
    for frame in find_frames(gray, dpi):
        read = read_frame(rgb, frame, dpi, timeout_s)
        if read is not None:
            out.append(read)
    return out


def has_frame(image: Image.Image) -> bool:
    """Whether a stamp-sized ruled box lies in the upper half (~0.08 s a page, no OCR)."""
    _, gray, dpi = _gray_and_dpi(image)
    return bool(find_frames(gray, dpi))


def stamp_frames(image: Image.Image, timeout_s: float) -> list[tuple[int, int, int, int]]:
    """The whole boxes (x0, y0, x1, y1) of the page's receiving stamps: frames whose rows read as
    Số/Ngày, never another ruled box (a table cell keeps its text)."""
    rgb, gray, dpi = _gray_and_dpi(image)
    return [frame.box for frame in find_frames(gray, dpi) if read_frame(rgb, frame, dpi, timeout_s) is not None]


def receiving_text(image: Image.Image, timeout_s: float) -> str:
    """The page-text lines of its receiving stamps ("" without one)."""
    return "\n".join(f.line() for f in read_receiving(image, timeout_s))
