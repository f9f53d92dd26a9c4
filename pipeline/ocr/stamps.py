"""Red rubber stamps of độ khẩn / độ mật ("HỎA TỐC", "KHẨN", "MẬT" …) read from the page image.

The page OCR paints red ink white (preprocess.remove_red_ink), so a stamped mark never reaches
the text. This module reads it on its own: red-ink components of stamp size and shape in the
header area (Nghị định 30/2020, Phụ lục I: the marks sit under the number, left column) →
crop → frame removed, ink made black on white → rotation from the letters' main axis (the 006
stamp is tilted ~40°) → Tesseract `vie` on both readings of that axis → fuzzy match against the
marks vocabulary (extractors/data/marks.json). Round seals are skipped by shape; receiving
stamps ("CV ĐẾN", "Số:", "Ngày:") are read but match no mark.

Measured on the 45 corpus scan pages (300 dpi, one core): one stamp-like component (006 p1,
read "HỎA TỐC" at 0.94, 0.55-0.65 s with two Tesseract calls); the 16 pages with red only in
seals ~0.15-0.2 s (the colour mask of the header part); the caller skips pages without red ink.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np
import regex
from PIL import Image
from rapidfuzz import fuzz

from congvan.errors import OCRFailed
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table
from congvan.pipeline.ocr import tesseract
from congvan.pipeline.ocr.preprocess import RED_HUES, ink_mask

# Marker of the page-text line that carries a stamped mark: "[Dấu] HỎA TỐC". extractors/marks.py
# keeps its own copy of the string (extractors do not import pipeline).
STAMP_MARKER = "[Dấu]"

A4_SHORT_SIDE_IN = 8.27  # page DPI is estimated from the page's short side
MM_PER_IN = 25.4
# A stamp's outer size: "MẬT" frames are ~15×8 mm, "HỎA TỐC HẸN GIỜ" frames up to ~70×25 mm.
STAMP_MIN_LONG_MM = 12.0
STAMP_MAX_LONG_MM = 90.0
STAMP_MIN_SHORT_MM = 4.0
STAMP_MAX_SHORT_MM = 45.0
# A seal is round (aspect ~1); a mark's frame or text line is at least this elongated.
MIN_ASPECT = 1.4
# Marks are printed in the header (ô 10a/10b): the component's centre must be in this upper share.
HEADER_SHARE = 0.55
# Strokes of one stamp merge into one blob under a closing of this size (~2 mm).
MERGE_MM = 2.0
BLOB_SCALE = 4
MIN_INK_PX_AT_300DPI = 1500  # less red than this in a blob is a speck or a seal's bleed-through
MAX_CANDIDATES = 3  # per page, largest first: a bound on the Tesseract calls
MARGIN_MM = 2.0
READ_DPI = 300  # stamp crops of lower-resolution pages are upscaled towards this
MAX_CROP_UPSCALE = 4
# A component reaching this share of the crop's width or height is the frame, not a letter.
FRAME_SHARE = 0.6
MIN_LETTER_PX = 15  # ink specks smaller than this are dropped before the axis is estimated
# Without its frame a stamp keeps at least this share of its ink as letters; less means the
# letters touched the frame and went with it.
MIN_LETTER_SHARE = 0.15
PAGE_MIN_RED_SHARE = 0.0002  # pages with less red than this are not searched at all
# Fuzzy match (rapidfuzz ratio on folded text, 0-100): "HOA TOE" → "hoa toc" scores 86; one slip
# in a short word does not pass ("ma" → "mat" 80, "kham" → "khan" 75), nor "den" → "khan" 57.
MIN_MATCH = 85.0
# Tesseract's mean word confidence (0-1) below which a read is noise: a tilted word read
# upside down came out "ma." at 0.20.
MIN_READ_CONFIDENCE = 0.5
# A read this confident that matches no mark is some other stamp ("CÔNG VĂN ĐẾN …" at 0.78):
# the remaining reading plans are not tried.
SETTLED_CONFIDENCE = 0.75
# The mark must account for most of what was read: a seal or a receiving stamp holds other words.
MIN_COVERAGE = 0.6

# OCR slips of capitals on a stamp: digit zero for O, one or bar for I.
CONFUSABLES = str.maketrans({"0": "o", "1": "i", "|": "i", "!": "i"})
# What stays of a stamp read for matching: letters and the confusable digits, as words.
# matches "HỎA", "TỐC", "H0A" in "— HỎA TỐC |"
STAMP_WORD = regex.compile(r"(?P<word>[\p{L}01|!]+)", regex.VERBOSE)


RotatedRect = tuple[Sequence[float], Sequence[float], float]  # cv2.minAreaRect: centre, size, angle


@dataclass(frozen=True)
class StampRead:
    """What Tesseract read inside one red stamp."""

    text: str
    confidence: float  # mean word confidence 0-1
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels
    angle: float  # degrees the crop was rotated to read it


@dataclass(frozen=True)
class StampMark:
    """A stamp read as an urgency or secrecy mark."""

    field: str  # "urgency" | "secrecy"
    value: str  # "hoa_toc", "khan", "mat" …
    phrase: str  # the vocabulary's form, e.g. "HỎA TỐC"
    score: float  # fuzzy match 0-100
    read: StampRead


@dataclass(frozen=True)
class Blob:
    box: tuple[int, int, int, int]
    long_px: float
    short_px: float
    ink_px: int


def page_dpi(width: int, height: int) -> float:
    return min(width, height) / A4_SHORT_SIDE_IN


def mm_to_px(mm: float, dpi: float) -> int:
    return max(1, round(mm * dpi / MM_PER_IN))


def red_blobs(mask: np.ndarray, dpi: float) -> list[Blob]:
    """Connected red-ink regions after merging the strokes of one stamp. The merging runs on the
    mask shrunk BLOB_SCALE times (max-pooled, so thin strokes survive): a 2 mm closing at full
    300 dpi costs ~0.4 s a page, on the shrunk mask ~0.02 s."""
    height, width = mask.shape
    small = cv2.resize(mask.astype(np.uint8), (width // BLOB_SCALE, height // BLOB_SCALE), interpolation=cv2.INTER_AREA)
    small = (small > 0).astype(np.uint8)
    size = max(1, mm_to_px(MERGE_MM, dpi / BLOB_SCALE))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    closed = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(closed)
    min_ink = MIN_INK_PX_AT_300DPI * (dpi / 300.0) ** 2
    blobs: list[Blob] = []
    for i in range(1, count):
        x, y, w, h, _area = (int(v) for v in stats[i])
        box = (x * BLOB_SCALE, y * BLOB_SCALE, min(width, (x + w) * BLOB_SCALE), min(height, (y + h) * BLOB_SCALE))
        ink = int(mask[box[1] : box[3], box[0] : box[2]].sum())
        if ink < min_ink:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        (_, _), (rw, rh), _ = cv2.minAreaRect(np.column_stack([xs, ys]).astype(np.float32))
        long_px, short_px = (max(rw, rh) + 1) * BLOB_SCALE, (min(rw, rh) + 1) * BLOB_SCALE
        blobs.append(Blob(box, long_px, short_px, ink))
    return blobs


def is_stamp_like(blob: Blob, dpi: float, page_height: int) -> bool:
    """Mark-sized, elongated (not a round seal), in the header part of the page."""
    long_mm = blob.long_px * MM_PER_IN / dpi
    short_mm = blob.short_px * MM_PER_IN / dpi
    centre_y = (blob.box[1] + blob.box[3]) / 2
    return (
        STAMP_MIN_LONG_MM <= long_mm <= STAMP_MAX_LONG_MM
        and STAMP_MIN_SHORT_MM <= short_mm <= STAMP_MAX_SHORT_MM
        and long_mm / max(short_mm, 1e-6) >= MIN_ASPECT
        and centre_y <= HEADER_SHARE * page_height
    )


def ink_points(mask: np.ndarray) -> np.ndarray:
    ys, xs = np.nonzero(mask)
    return np.column_stack([xs, ys]).astype(np.float32)


def without_frame_parts(mask: np.ndarray) -> np.ndarray:
    """The crop's ink without any component spanning most of the crop (the frame, whatever its
    shape: 006's is an arrow) and without specks. Letters touching the frame go with it."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8))
    height, width = mask.shape
    keep = np.zeros(count, dtype=bool)
    for i in range(1, count):
        _, _, w, h, area = (int(v) for v in stats[i])
        is_frame = w >= FRAME_SHARE * width or h >= FRAME_SHARE * height
        keep[i] = not is_frame and area >= MIN_LETTER_PX
    return keep[labels]


def without_frame_band(mask: np.ndarray, rect: RotatedRect) -> np.ndarray:
    """The crop's ink with a band inside its bounding rectangle's border erased: a rectangular
    frame goes, letters touching it lose only their serifs. The rectangle hugs the frame's outer
    edge, so the band is drawn centred there and twice as wide as the part kept inside."""
    band = np.zeros(mask.shape, dtype=np.uint8)
    corners = cv2.boxPoints(rect).astype(np.int32)
    inner = 2 * stroke_width(mask) + 3
    cv2.polylines(band, [corners], isClosed=True, color=1, thickness=2 * inner)
    return without_specks(mask & ~band.astype(bool))


def without_specks(mask: np.ndarray) -> np.ndarray:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8))
    keep = stats[:, cv2.CC_STAT_AREA] >= MIN_LETTER_PX
    keep[0] = False
    return keep[labels]


def stroke_width(mask: np.ndarray) -> int:
    """Typical ink stroke width: twice the median distance from stroke pixels to the paper."""
    dist = cv2.distanceTransform(mask.astype(np.uint8), cv2.DIST_L2, 3)
    inside = dist[mask]
    return max(1, round(2 * float(np.median(inside)))) if inside.size else 1


def main_axis(points: np.ndarray) -> float:
    """Angle (degrees, image coordinates) of the points' main axis: the line letters are set on."""
    if len(points) < 2:
        return 0.0
    # the eigenvector of the largest eigenvalue of the points' covariance (eigh sorts ascending)
    _, vectors = np.linalg.eigh(np.cov(points.T))
    return math.degrees(math.atan2(float(vectors[1, -1]), float(vectors[0, -1])))


def rect_axis(rect: RotatedRect) -> float:
    """Angle (degrees, image coordinates) of a rotated rectangle's long side."""
    (_, _), (w, h), angle = rect
    return float(angle) if w >= h else float(angle) + 90.0


def reading_plans(mask: np.ndarray) -> list[tuple[np.ndarray, float]]:
    """(ink to read, rotation) pairs, most likely first: the letters freed of a frame component
    on their own axis; the ink with the bounding rectangle's border erased, on the rectangle's
    axis (a frame touching the letters); the whole ink on that axis (a frameless stamp)."""
    points = ink_points(mask)
    if len(points) < 3:
        return []
    rect = cv2.minAreaRect(points)
    plans: list[tuple[np.ndarray, float]] = []
    letters = without_frame_parts(mask)
    if letters.sum() >= MIN_LETTER_SHARE * mask.sum():
        plans.append((letters, main_axis(ink_points(letters))))
    for ink in (without_frame_band(mask, rect), mask):
        if ink.any() and not any(np.array_equal(ink, done) for done, _ in plans):
            plans.append((ink, rect_axis(rect)))
    return plans


def rotated(black_on_white: np.ndarray, angle: float) -> np.ndarray:
    """The crop turned by `angle` degrees (counter-clockwise), canvas grown to keep every pixel."""
    height, width = black_on_white.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos) + 1, int(height * cos + width * sin) + 1
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    return cv2.warpAffine(black_on_white, matrix, (new_w, new_h), borderValue=255, flags=cv2.INTER_LINEAR)


def tesseract_words(image: np.ndarray, timeout_s: float) -> tuple[str, float]:
    """Text (words joined by spaces, lines by newlines) and mean word confidence 0-1."""
    try:
        data = tesseract.words(Image.fromarray(image), lang="vie", config="--oem 1 --psm 6", timeout_s=timeout_s)
    except OCRFailed:  # timeout or a failed run: nothing read
        return "", 0.0
    lines: dict[tuple[int, int, int], list[str]] = {}
    confs: list[float] = []
    for word, conf, block, par, line in zip(
        data["text"], data["conf"], data["block_num"], data["par_num"], data["line_num"], strict=True
    ):
        if word.strip() and float(conf) >= 0:
            lines.setdefault((block, par, line), []).append(word.strip())
            confs.append(float(conf) / 100.0)
    text = "\n".join(" ".join(words) for words in lines.values())
    return text, (sum(confs) / len(confs) if confs else 0.0)


@cache
def vocabulary() -> tuple[tuple[str, str, str, str], ...]:
    """(field, value, phrase, folded phrase) for every mark phrase, longest first."""
    table = load_table("marks")
    rows = [
        (field_name, entry["value"], phrase, fold(phrase).lower())
        for field_name in ("urgency", "secrecy")
        for entry in table[field_name]
        for phrase in entry["phrases"]
    ]
    return tuple(sorted(rows, key=lambda r: -len(r[3])))


def stamp_words(text: str) -> list[str]:
    return [fold(m["word"]).lower().translate(CONFUSABLES) for m in STAMP_WORD.finditer(text)]


def match_mark(text: str) -> tuple[str, str, str, float] | None:
    """(field, value, phrase, score) of the mark a stamp's text reads as, or None.

    A run of 1-4 consecutive words is compared with each phrase; the best run must score
    MIN_MATCH and hold MIN_COVERAGE of the letters read, so that a seal ("ỦY BAN NHÂN DÂN …")
    or a receiving stamp ("CV ĐẾN Số: Ngày: Chuyển:") never reads as a mark."""
    words = stamp_words(text)
    total = sum(len(w) for w in words)
    if not total:
        return None
    best: tuple[str, str, str, float] | None = None
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 4) + 1):
            run = " ".join(words[i:j])
            if sum(len(w) for w in words[i:j]) < MIN_COVERAGE * total:
                continue
            for field_name, value, phrase, folded in vocabulary():
                score = fuzz.ratio(run, folded)
                if score >= MIN_MATCH and (best is None or score > best[3]):
                    best = (field_name, value, phrase, score)
    return best


def read_blob(rgb: np.ndarray, blob: Blob, dpi: float, timeout_s: float) -> StampRead:
    """OCR one stamp along its reading plans until one reads as a mark; else the most confident read."""
    margin = mm_to_px(MARGIN_MM, dpi)
    x0, y0 = max(0, blob.box[0] - margin), max(0, blob.box[1] - margin)
    x1, y1 = min(rgb.shape[1], blob.box[2] + margin), min(rgb.shape[0], blob.box[3] + margin)
    box = (x0, y0, x1, y1)
    crop = rgb[y0:y1, x0:x1]
    # a low-resolution page image (030.jpg is ~70 dpi) is brought to Tesseract's usual scale
    scale = min(MAX_CROP_UPSCALE, max(1, round(READ_DPI / dpi)))
    if scale > 1:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    best = StampRead("", 0.0, box, 0.0)
    best_key: tuple[float, float] = (-1.0, -1.0)
    for ink, axis in reading_plans(ink_mask(crop, RED_HUES)):
        page = np.where(ink, 0, 255).astype(np.uint8)
        # the axis leaves the text upright or upside down: the second reading only if needed
        for angle in (axis, axis + 180.0):
            text, conf = tesseract_words(rotated(page, angle), timeout_s)
            found = match_mark(text) if conf >= MIN_READ_CONFIDENCE else None
            key = (found[3] if found else 0.0, conf)
            if key > best_key:
                best, best_key = StampRead(text, round(conf, 3), box, round(angle % 360, 1)), key
            if found:
                return best
        if best_key[1] >= SETTLED_CONFIDENCE:
            break
    return best


def header_region(image: Image.Image, dpi: float) -> np.ndarray:
    """RGB pixels of the page's upper part: every blob centred in the header share fits in it
    whole (half the largest stamp below that line), and the rest of the page is never converted."""
    bottom = min(image.height, round(HEADER_SHARE * image.height) + mm_to_px(STAMP_MAX_LONG_MM / 2, dpi))
    region = image.crop((0, 0, image.width, bottom))
    return np.asarray(region if region.mode == "RGB" else region.convert("RGB"))


def stamp_blobs(rgb: np.ndarray, dpi: float, page_height: int) -> list[Blob]:
    """Stamp-like red components of a header region (see header_region), most ink first."""
    mask = ink_mask(rgb, RED_HUES)
    if mask.mean() < PAGE_MIN_RED_SHARE:
        return []
    blobs = [
        b
        for b in red_blobs(mask, dpi)
        # cut by the region's lower edge: something lower down the page, not a header mark
        if b.box[3] < rgb.shape[0] - BLOB_SCALE and is_stamp_like(b, dpi, page_height)
    ]
    return sorted(blobs, key=lambda b: -b.ink_px)


def read_stamps(image: Image.Image, timeout_s: float) -> list[StampRead]:
    """Every stamp-like red component in the page's header part, read. Empty without red ink."""
    dpi = page_dpi(image.width, image.height)
    rgb = header_region(image, dpi)
    return [read_blob(rgb, b, dpi, timeout_s) for b in stamp_blobs(rgb, dpi, image.height)[:MAX_CANDIDATES]]


def read_marks(image: Image.Image, timeout_s: float) -> list[StampMark]:
    """The urgency/secrecy marks stamped in red on the page (at most one per field)."""
    found: dict[str, StampMark] = {}
    for read in read_stamps(image, timeout_s):
        match = match_mark(read.text) if read.confidence >= MIN_READ_CONFIDENCE else None
        if match is None:
            continue
        field_name, value, phrase, score = match
        if field_name not in found or score > found[field_name].score:
            found[field_name] = StampMark(field_name, value, phrase, score, read)
    return sorted(found.values(), key=lambda m: m.field, reverse=True)  # urgency before secrecy


def marks_text(marks: list[StampMark]) -> str:
    """Lines for the page text: "[Dấu] HỎA TỐC", one per mark."""
    return "\n".join(f"{STAMP_MARKER} {m.phrase}" for m in marks)
