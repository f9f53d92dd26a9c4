"""Page image clean-up before recognition.

Kept only what measurably helped Tesseract 5 (LSTM, `vie`) on the real scans (psm 3, 300 dpi;
mean word confidence on 002/006 pages, CER on 030):
- red ink (seals, "HỎA TỐC"/"ĐẾN" stamps) painted white: helps (006 conf .941 → .944, 002 .932 → .933,
  fewer junk words beside the stamp);
- low-resolution images (030.jpg is 576 px wide, ~70 dpi) upscaled ×2: CER .110 → .093
  (×3 .097, ×4 .100: more upscaling blurs);
- not kept: blue-ink removal (handwriting in these scans is dark navy, V≈15, indistinguishable
  from print, and the mask eats anti-aliased print edges: 006 conf .944 → .936), Otsu
  binarisation (030 CER .110 → .125, 006 conf .944 → .938), deskew: the scans lie at up to 2°
  (004 +1.8° to +2.0°, 001 p2 −1.3°, 013 +1.0°, measured from Tesseract's baselines); levelling
  every page askew by more than 0.3° (projection-profile angle, bicubic turn) before recognition
  lowered the corpus's whole-header accuracy from 28 to 25 of 33 (signers and a place–date line
  lost on 005, 007, 013), CER unchanged, so Tesseract reads the page as scanned;
- bilevel pages (1-bit faxes and scans: only black and white pixels, no grey edge) smoothed by a
  Gaussian blur of 0.7 px, as Tesseract's LSTM model was trained on anti-aliased text. Measured on
  bilevel renderings (threshold 150, and Floyd–Steinberg dithering) of 030 at ~200 dpi, CER raw
  against the human transcription: thresholded 6.71% → 6.58% (after repair 5.11% → 5.06%),
  dithered 5.17% → 4.34% (4.27% → 3.39%); of 004/005/012 at 200 dpi, against their colour
  300 dpi reading: thresholded 8.41% → 7.87%, dithered 9.59% → 9.13% (σ 1.0 and 1.5 worse on
  these, 2.0 mixed; a ×1.5 upscale and a median filter worse).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

# HSV limits (OpenCV scale: H 0-179, S/V 0-255). Seal red is saturated and bright; black print
# under a seal keeps a low value, so it is never masked.
INK_MIN_SATURATION = 70
INK_MIN_VALUE = 100
RED_HUES = ((0, 12), (160, 179))
# Pages narrower than this (an A4 page under ~130 dpi) are upscaled by an integer factor.
MIN_PAGE_WIDTH_PX = 1100
MAX_UPSCALE = 3
# Gaussian blur (σ in pixels) that gives a bilevel page the grey edges Tesseract expects.
BILEVEL_BLUR_SIGMA = 0.7


@dataclass(frozen=True)
class Prepared:
    """The page as sent to Tesseract plus what was done to it."""

    image: Image.Image  # grayscale ("L")
    scale: int  # the prepared image is `scale` times the input; word boxes are divided back
    ink_fraction: float  # share of page pixels painted white as coloured ink


def ink_mask(rgb: np.ndarray, hues: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Boolean mask of saturated, bright pixels whose hue falls in one of `hues`."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    h, s, v = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    in_hue = np.zeros(h.shape, dtype=bool)
    for lo, hi in hues:
        in_hue |= (h >= lo) & (h <= hi)
    mask = (s >= INK_MIN_SATURATION) & (v >= INK_MIN_VALUE) & in_hue
    # Anti-aliased ink edges are less saturated than the stroke: grow the mask by a pixel,
    # still sparing dark (printed) pixels.
    grown = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)).astype(bool)
    return grown & (v >= INK_MIN_VALUE)


def remove_red_ink(rgb: np.ndarray) -> tuple[np.ndarray, float]:
    """Grayscale page with red ink painted white; returns it and the painted share."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    mask = ink_mask(rgb, RED_HUES)
    gray[mask] = 255
    return gray, float(mask.mean())


def upscale_factor(width: int) -> int:
    if width >= MIN_PAGE_WIDTH_PX:
        return 1
    return min(MAX_UPSCALE, math.ceil(MIN_PAGE_WIDTH_PX / max(width, 1)))


def is_bilevel(image: Image.Image) -> bool:
    """A 1-bit page, or one whose pixels are all pure black or pure white (a 1-bit scan decoded to
    grey or RGB): no anti-aliased edge at all."""
    if image.mode == "1":
        return True
    if image.mode not in ("L", "RGB"):
        return False
    counts = image.histogram()  # 256 counts per band, counted in C without a copy of the page
    return not any(any(counts[band + 1 : band + 255]) for band in range(0, len(counts), 256))


def prepare(image: Image.Image) -> Prepared:
    rgb = np.asarray(image.convert("RGB"))
    gray, removed = remove_red_ink(rgb)
    if is_bilevel(image):
        gray = cv2.GaussianBlur(gray, (0, 0), BILEVEL_BLUR_SIGMA)
    scale = upscale_factor(gray.shape[1])
    if scale > 1:
        gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return Prepared(image=Image.fromarray(gray), scale=scale, ink_fraction=removed)
