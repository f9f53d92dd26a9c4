"""Training digits for the handwritten-number classifier, all made here (no download):

- scikit-learn's bundled `load_digits` (1,797 handwritten 8×8 digits), upsampled;
- OpenCV's Hershey stroke fonts (two of them script-like), drawn with random pen widths;
- the TrueType fonts installed on the machine (`fc-list`), plain and italic;
- strokes drawn from control points in the shapes common in Vietnamese handwriting that the
  other sources lack: a "1" with a long lead-in upstroke, a "7" with a crossbar, an open "4",
  a "2" with a loop at its foot, a "9" with a straight stem.

Every sample goes through random slant, rotation, aspect change, elastic distortion and stroke
width change, then `features` (the same function the classifier applies to real crops).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from functools import lru_cache

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont
from sklearn.datasets import load_digits

CANVAS = 64
# Normalised glyph: the longer side scaled to BOX px and centred in SIDE × SIDE.
SIDE = 28
BOX = 22
CELL = 7
BINS = 9
HERSHEY = (
    cv2.FONT_HERSHEY_SIMPLEX,
    cv2.FONT_HERSHEY_DUPLEX,
    cv2.FONT_HERSHEY_COMPLEX,
    cv2.FONT_HERSHEY_TRIPLEX,
    cv2.FONT_HERSHEY_SCRIPT_SIMPLEX,
    cv2.FONT_HERSHEY_SCRIPT_COMPLEX,
    cv2.FONT_HERSHEY_PLAIN,
)


def normalise(mask: np.ndarray) -> np.ndarray:
    """Ink mask → float SIDE × SIDE image, glyph tightly cropped, aspect kept, centred. A "1" keeps
    its narrow shape instead of being stretched into a block."""
    ys, xs = np.nonzero(mask)
    out = np.zeros((SIDE, SIDE), np.float32)
    if len(xs) == 0:
        return out
    m = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.float32)
    h, w = m.shape
    scale = BOX / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    m = np.asarray(cv2.resize(m, (nw, nh), interpolation=cv2.INTER_AREA), dtype=np.float32)
    top, left = (SIDE - nh) // 2, (SIDE - nw) // 2
    out[top : top + nh, left : left + nw] = m
    return out


def gradient_histograms(image: np.ndarray) -> np.ndarray:
    """HOG: unsigned gradient orientations in CELL × CELL cells, L2-normalised over 2×2 cell
    blocks (OpenCV's HOGDescriptor is not in every build)."""
    gx = cv2.Sobel(image, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(image, cv2.CV_32F, 0, 1, ksize=3)
    magnitude = np.hypot(gx, gy)
    bins = (np.mod(np.arctan2(gy, gx), np.pi) / np.pi * BINS).astype(int) % BINS
    cells = SIDE // CELL
    hist = np.zeros((cells, cells, BINS), np.float32)
    for b in range(BINS):
        weighted = np.where(bins == b, magnitude, 0.0)
        hist[..., b] = weighted.reshape(cells, CELL, cells, CELL).sum(axis=(1, 3))
    blocks = [hist[i : i + 2, j : j + 2].ravel() for i in range(cells - 1) for j in range(cells - 1)]
    return np.concatenate([b / (np.linalg.norm(b) + 1e-6) for b in blocks])


def features(mask: np.ndarray) -> np.ndarray:
    """HOG of the normalised glyph (robust to stroke width), its 14×14 pixels, and its aspect."""
    norm = normalise(mask)
    hog = gradient_histograms(norm)
    pixels = cv2.resize(norm, (14, 14), interpolation=cv2.INTER_AREA).ravel()
    ys, xs = np.nonzero(mask)
    aspect = (np.ptp(xs) + 1) / (np.ptp(ys) + 1) if len(xs) else 0.0
    return np.concatenate([hog, pixels, [min(float(aspect), 2.0)]]).astype(np.float32)


def distort(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Slant, rotation, aspect, elastic distortion and pen width of one glyph (CANVAS² mask)."""
    img = mask.astype(np.float32)
    c = CANVAS / 2
    rot = cv2.getRotationMatrix2D((c, c), rng.uniform(-8, 8), rng.uniform(0.8, 1.0))[:, :2]
    shear = rng.uniform(-0.15, 0.45)  # handwriting leans right far more often than left
    linear = np.diag([rng.uniform(0.75, 1.2), 1.0]) @ np.array([[1.0, -shear], [0.0, 1.0]]) @ rot
    m = np.hstack([linear, (np.array([c, c]) - linear @ np.array([c, c]))[:, None]])
    img = np.asarray(cv2.warpAffine(img, m, (CANVAS, CANVAS)), dtype=np.float32)
    if rng.random() < 0.7:
        alpha, sigma = rng.uniform(2.0, 5.0), rng.uniform(5.0, 8.0)
        dx = cv2.GaussianBlur(rng.uniform(-1, 1, img.shape).astype(np.float32), (0, 0), sigma)
        dy = cv2.GaussianBlur(rng.uniform(-1, 1, img.shape).astype(np.float32), (0, 0), sigma)
        scale = alpha / max(float(np.abs(dx).max()), float(np.abs(dy).max()), 1e-6)
        gx, gy = np.meshgrid(np.arange(CANVAS, dtype=np.float32), np.arange(CANVAS, dtype=np.float32))
        img = np.asarray(cv2.remap(img, gx + dx * scale, gy + dy * scale, cv2.INTER_LINEAR), dtype=np.float32)
    out = (img > 0.5).astype(np.uint8)
    pen = rng.random()
    if pen < 0.25:
        out = np.asarray(cv2.dilate(out, np.ones((3, 3), np.uint8)), dtype=np.uint8)
    elif pen < 0.4 and out.sum() > 150:
        eroded = np.asarray(cv2.erode(out, np.ones((2, 2), np.uint8)), dtype=np.uint8)
        out = eroded if eroded.sum() > 0.4 * out.sum() else out
    return out


def sklearn_digit(image: np.ndarray) -> np.ndarray:
    big = cv2.resize(image.astype(np.float32), (40, 40), interpolation=cv2.INTER_CUBIC)
    canvas = np.zeros((CANVAS, CANVAS), np.uint8)
    canvas[12:52, 12:52] = big > 8
    return canvas


def hershey_digit(digit: int, rng: np.random.Generator) -> np.ndarray:
    canvas = np.zeros((CANVAS, CANVAS), np.uint8)
    font = int(rng.choice(HERSHEY)) | (cv2.FONT_ITALIC if rng.random() < 0.4 else 0)
    thickness = int(rng.integers(2, 6))
    scale = cv2.getFontScaleFromHeight(font, 36, thickness)
    (w, h), _ = cv2.getTextSize(str(digit), font, scale, thickness)
    cv2.putText(canvas, str(digit), ((CANVAS - w) // 2, (CANVAS + h) // 2), font, scale, 1, thickness, cv2.LINE_AA)
    return canvas


@lru_cache(maxsize=1)
def installed_fonts() -> tuple[str, ...]:
    """Paths of the installed TrueType/OpenType fonts, sorted (empty when fc-list is missing)."""
    try:
        out = subprocess.run(["fc-list", ":", "file"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    paths = {ln.split(":")[0].strip() for ln in out.splitlines()}
    return tuple(sorted(p for p in paths if p.lower().endswith((".ttf", ".otf"))))


def font_digit(digit: int, path: str) -> np.ndarray:
    font = ImageFont.truetype(path, 44)
    image = Image.new("L", (CANVAS, CANVAS), 0)
    draw = ImageDraw.Draw(image)
    box = draw.textbbox((0, 0), str(digit), font=font)
    x = (CANVAS - (box[2] - box[0])) // 2 - box[0]
    y = (CANVAS - (box[3] - box[1])) // 2 - box[1]
    draw.text((x, y), str(digit), fill=255, font=font)
    return (np.asarray(image) > 127).astype(np.uint8)


def arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float) -> list[tuple[float, float]]:
    """Points of an elliptic arc, angles in degrees clockwise from +x (image y points down)."""
    angles = np.radians(np.linspace(start, end, 24))
    return [(cx + rx * np.cos(a), cy + ry * np.sin(a)) for a in angles]


# Stroke shapes on a unit box (x right, y down), one list of polylines per style.
STROKES: dict[int, list[list[list[tuple[float, float]]]]] = {
    1: [
        [[(0.1, 0.4), (0.75, 0.0), (0.55, 1.0)]],  # long lead-in
        [[(0.3, 0.25), (0.7, 0.0), (0.5, 1.0)]],  # short lead-in
        [[(0.5, 0.0), (0.5, 1.0)]],  # bare bar
        [[(0.25, 0.2), (0.6, 0.0), (0.6, 1.0)], [(0.3, 1.0), (0.9, 1.0)]],  # with a foot
    ],
    2: [
        [arc(0.5, 0.28, 0.4, 0.28, 190, 390) + [(0.05, 1.0), (1.0, 0.97)]],
        [
            arc(0.5, 0.28, 0.4, 0.28, 190, 390)
            + [(0.1, 0.92)]
            + arc(0.2, 0.86, 0.12, 0.1, 270, 450)[::-1]
            + [(1.0, 0.95)]
        ],  # loop at the foot
    ],
    4: [
        [[(0.55, 0.0), (0.05, 0.65), (1.0, 0.65)], [(0.75, 0.3), (0.7, 1.0)]],  # open
        [[(0.7, 0.0), (0.05, 0.65), (1.0, 0.65)], [(0.7, 0.0), (0.7, 1.0)]],  # closed
        [[(0.2, 0.0), (0.1, 0.6), (1.0, 0.6)], [(0.75, 0.0), (0.7, 1.0)]],  # open, two bars
    ],
    7: [
        [[(0.0, 0.05), (1.0, 0.0), (0.35, 1.0)], [(0.35, 0.5), (0.95, 0.5)]],  # crossbar
        [[(0.0, 0.15), (0.1, 0.0), (1.0, 0.0), (0.4, 1.0)]],  # hooked start
        [[(0.0, 0.0), (1.0, 0.0), (0.45, 1.0)]],
    ],
    9: [
        [arc(0.5, 0.28, 0.42, 0.28, 0, 360), [(0.92, 0.28), (0.85, 1.0)]],  # straight stem
        [arc(0.5, 0.28, 0.42, 0.28, 0, 360), [(0.92, 0.28), (0.8, 0.8)] + arc(0.5, 0.8, 0.3, 0.2, 0, 150)],
    ],
}


def stroke_digit(digit: int, rng: np.random.Generator) -> np.ndarray:
    canvas = np.zeros((CANVAS, CANVAS), np.uint8)
    style = STROKES[digit][int(rng.integers(len(STROKES[digit])))]
    width = rng.uniform(0.45, 0.8) * 40 * (0.5 if digit == 1 and rng.random() < 0.3 else 1.0)
    x0, y0, height = (CANVAS - width) / 2, 12.0, 40.0
    for line in style:
        pts = np.array(
            [(x0 + (x + rng.normal(0, 0.04)) * width, y0 + (y + rng.normal(0, 0.03)) * height) for x, y in line],
            np.float32,
        )
        cv2.polylines(canvas, [np.round(pts).astype(np.int32)], False, 1, int(rng.integers(2, 6)), cv2.LINE_AA)
    return canvas


def samples(seed: int, per_digit: int) -> Iterator[tuple[np.ndarray, int]]:
    """Distorted training glyphs (CANVAS² masks) with their digit, deterministic for a seed."""
    rng = np.random.default_rng(seed)
    bundled = load_digits()
    by_digit = {d: bundled.images[bundled.target == d] for d in range(10)}
    fonts = installed_fonts()
    makers: list[tuple[float, Callable[[int], np.ndarray | None]]] = [
        (0.35, lambda d: sklearn_digit(by_digit[d][int(rng.integers(len(by_digit[d])))])),
        (0.25, lambda d: hershey_digit(d, rng)),
        (0.2, lambda d: font_digit(d, fonts[int(rng.integers(len(fonts)))]) if fonts else None),
        (0.2, lambda d: stroke_digit(d, rng) if d in STROKES else None),
    ]
    weights = np.array([w for w, _ in makers])
    for digit in range(10):
        made = 0
        while made < per_digit:
            _, make = makers[int(rng.choice(len(makers), p=weights / weights.sum()))]
            glyph = make(digit)
            if glyph is None:
                continue
            out = distort(glyph, rng)
            if out.sum() < 20:
                continue
            yield out, digit
            made += 1
