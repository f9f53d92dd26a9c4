"""A small handwritten-digit classifier, trained here from scikit-learn's bundled `load_digits`
set (1,797 8×8 digits; no download) with seeded affine/thickness augmentation.

It reads one digit per connected stroke group; handwriting.py segments the crop and combines
its read with Tesseract's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import load_digits
from sklearn.svm import SVC

AUGMENT_ROUNDS = 3
DRAWN_PER_DIGIT = 300
SEED = 0
# A handwritten digit is about this wide for its height; a group wider than TOUCHING is split.
DIGIT_WIDTH_HEIGHTS = 0.7
TOUCHING_WIDTH_HEIGHTS = 1.4
# Stroke groups shorter than this share of the tallest one are dots, commas or label remnants.
MIN_HEIGHT_SHARE = 0.45


@dataclass(frozen=True)
class DigitRead:
    digits: str
    confidence: float  # the lowest per-digit probability


def to_8x8(mask: np.ndarray) -> np.ndarray:
    """Ink mask → the load_digits representation: centred in a square, 32×32 → 8×8 counts 0-16."""
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return np.zeros(64)
    m = mask[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1].astype(np.float32)
    h, w = m.shape
    side = max(h, w)
    square = np.zeros((side, side), np.float32)
    square[(side - h) // 2 : (side - h) // 2 + h, (side - w) // 2 : (side - w) // 2 + w] = m
    square = np.pad(cv2.resize(square, (28, 28), interpolation=cv2.INTER_AREA), 2)
    return (square.reshape(8, 4, 8, 4).mean(axis=(1, 3)) * 16).ravel()


def augment(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A slanted, rotated, scaled, thicker or thinner variant of one 8×8 training digit."""
    big = cv2.resize(image.astype(np.float32), (32, 32), interpolation=cv2.INTER_LINEAR)
    m = cv2.getRotationMatrix2D((16, 16), rng.uniform(-15, 15), rng.uniform(0.85, 1.1))
    shear = rng.uniform(-0.3, 0.3)
    m[0, 1] += shear
    m[0, 2] -= shear * 16
    big = cv2.warpAffine(big, m, (32, 32))
    if rng.random() < 0.5:
        kernel = np.ones((2, 2), np.uint8)
        big = cv2.dilate(big, kernel) if rng.random() < 0.5 else cv2.erode(big, kernel)
    return to_8x8(big > 4)


def drawn_one(rng: np.random.Generator) -> np.ndarray:
    """A "1" as written in Vietnam: a long lead-in upstroke, then the down stroke (load_digits
    has mostly bare bars, and reads these as 4 or 7)."""
    canvas = np.zeros((32, 32), np.uint8)
    top, bottom = int(rng.integers(2, 6)), int(rng.integers(27, 31))
    x_top = int(rng.integers(14, 22))
    x_bottom = x_top - int(rng.integers(0, 8))
    lead = (x_top - int(rng.integers(6, 14)), top + int(rng.integers(5, 14)))
    pts = np.array([lead, (x_top, top), (x_bottom, bottom)], np.int32)
    cv2.polylines(canvas, [pts], False, 255, int(rng.integers(2, 5)))
    return to_8x8(canvas > 0)


def drawn_seven(rng: np.random.Generator) -> np.ndarray:
    """A "7" with the crossbar common in Vietnamese handwriting."""
    canvas = np.zeros((32, 32), np.uint8)
    top, bottom = int(rng.integers(2, 7)), int(rng.integers(27, 31))
    left, right = int(rng.integers(4, 10)), int(rng.integers(22, 29))
    foot = int(rng.integers(8, 16))
    thick = int(rng.integers(2, 5))
    cv2.polylines(
        canvas, [np.array([(left, top + 2), (right, top), (foot, bottom)], np.int32)], False, 255, thick
    )
    mid = (top + bottom) // 2 + int(rng.integers(-2, 3))
    x_mid = (right + foot) // 2
    cv2.line(
        canvas, (x_mid - int(rng.integers(4, 8)), mid), (x_mid + int(rng.integers(4, 8)), mid), 255, thick
    )
    return to_8x8(canvas > 0)


@lru_cache(maxsize=1)
def classifier() -> CalibratedClassifierCV:
    """Trained once per process (about 2 s), deterministic for a given scikit-learn version."""
    data = load_digits()
    rng = np.random.default_rng(SEED)
    features = [to_8x8(cv2.resize(x.astype(np.float32), (32, 32)) > 4) for x in data.images]
    labels = list(data.target)
    for _ in range(AUGMENT_ROUNDS):
        for image, label in zip(data.images, data.target, strict=True):
            features.append(augment(image, rng))
            labels.append(label)
    for _ in range(DRAWN_PER_DIGIT):
        features.extend([drawn_one(rng), drawn_seven(rng)])
        labels.extend([1, 7])
    # Calibrated probabilities serve as the read's confidence (SVC(probability=True) is deprecated).
    model = CalibratedClassifierCV(SVC(gamma="scale", C=10, random_state=SEED), ensemble=False)
    return model.fit(np.array(features), labels)


def segment(ink: np.ndarray) -> list[np.ndarray]:
    """One mask per digit, left to right: connected strokes, merged where they overlap
    horizontally (a "5" whose top bar is a separate stroke)."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats((ink > 0).astype(np.uint8), connectivity=8)
    comps = sorted(
        ((int(stats[i, 0]), int(stats[i, 0] + stats[i, 2]), i) for i in range(1, n) if stats[i, 4] >= 20),
        key=lambda c: c[0],
    )
    groups: list[tuple[int, int, list[int]]] = []
    for x0, x1, i in comps:
        if groups:
            g0, g1, ids = groups[-1]
            if min(x1, g1) - max(x0, g0) > 0.5 * min(x1 - x0, g1 - g0):
                groups[-1] = (min(g0, x0), max(g1, x1), [*ids, i])
                continue
        groups.append((x0, x1, [i]))
    masks = [np.isin(labels, ids) for _, _, ids in groups]
    heights = [int(np.ptp(np.nonzero(m)[0])) + 1 for m in masks]
    tallest = max(heights, default=0)
    kept = [m for m, h in zip(masks, heights, strict=True) if h >= MIN_HEIGHT_SHARE * tallest]
    return [part for m in kept for part in split_touching(m, tallest)]


def split_touching(mask: np.ndarray, height: int) -> list[np.ndarray]:
    """Cut a stroke group wider than one digit (digits run together in fast handwriting) at the
    columns of least ink near evenly spaced positions."""
    xs = np.nonzero(mask.any(axis=0))[0]
    x0, x1 = int(xs.min()), int(xs.max()) + 1
    width = x1 - x0
    count = round(width / (DIGIT_WIDTH_HEIGHTS * height)) if height else 1
    if width <= TOUCHING_WIDTH_HEIGHTS * height or count < 2:
        return [mask]
    profile = mask[:, x0:x1].sum(axis=0)
    cuts = [x0]
    for k in range(1, count):
        centre = k * width // count
        lo, hi = max(1, centre - width // (3 * count)), min(width - 1, centre + width // (3 * count))
        cuts.append(x0 + lo + int(np.argmin(profile[lo:hi])))
    cuts.append(x1)
    parts = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        part = np.zeros_like(mask)
        part[:, a:b] = mask[:, a:b]
        if part.any():
            parts.append(part)
    return parts


def classify(ink: np.ndarray) -> DigitRead | None:
    masks = segment(ink)
    if not masks:
        return None
    probs = classifier().predict_proba(np.array([to_8x8(m) for m in masks]))
    digits = "".join(str(int(p.argmax())) for p in probs)
    return DigitRead(digits=digits, confidence=round(float(min(p.max() for p in probs)), 3))
