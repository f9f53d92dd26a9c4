"""Did Tesseract read the whole page? The share of the page's ink that lies inside a word box.

Tesseract's automatic page segmentation (psm 3) sometimes leaves a whole text region out of its
layout: no block, no words, nothing in the TSV to say so (004.pdf page 1 lost every body
paragraph: 282 words where the page has 590). The ink it did not cover tells.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PIL import Image

from congvan.pipeline.ocr.tsv import TsvWord

DARK = 110  # grey level below which a pixel is ink (print is ~0-60, paper ~230+)
BOX_MARGIN_PX = 4  # glyph parts (diacritics, descenders) just outside a word's box
# Measured on the corpus scans: whole pages 0.90-1.00; 004 p1 with its body skipped 0.49.
MIN_COVERAGE = 0.8


def ink_coverage(image: Image.Image, words: Sequence[TsvWord]) -> float:
    """Share of dark pixels of `image` inside some word box (box coordinates in its pixels)."""
    dark = np.asarray(image.convert("L")) < DARK
    total = int(dark.sum())
    if total == 0:
        return 1.0
    covered = np.zeros_like(dark)
    height, width = dark.shape
    m = BOX_MARGIN_PX
    for w in words:
        x0, y0 = max(0, int(w.word.x0) - m), max(0, int(w.word.top) - m)
        x1, y1 = min(width, int(w.word.x1) + m), min(height, int(w.word.bottom) + m)
        if x1 > x0 and y1 > y0:
            covered[y0:y1, x0:x1] = True
    return float((dark & covered).sum()) / total
