"""A small handwritten-digit classifier and the segmentation of a handwritten field into digits.

The model is a one-hidden-layer perceptron on HOG + 14×14 pixel features (digit_data.features),
trained on digits made here (digit_data.samples: scikit-learn's bundled set, Hershey and installed
fonts, drawn Vietnamese-style strokes, all distorted). Its weights ship in
`data/digits_mlp.npz` (written by `scripts/train_digits.py`); without that file it is trained at
first use (about a minute).

Segmentation: the ink is deslanted, cut into connected stroke groups, and a group wider than one
digit is split where the classifier finds the best-read pieces (touching digits, "59" as one blob).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from congvan.pipeline.ocr.digit_data import features, samples

MODEL_PATH = Path(__file__).parent / "data" / "digits_mlp.npz"
SEED = 0
PER_DIGIT = 1000
HIDDEN = 128
# Stroke groups shorter than this share of the tallest one are dots, commas or label remnants.
MIN_HEIGHT_SHARE = 0.45
# Strokes of one digit overlap horizontally by most of the narrower one's width; a short stroke
# (the top bar of a "5") is merged with less.
MERGE_OVERLAP = 0.8
SHORT_SHARE = 0.75
# A group wider than this multiple of its height may hold several digits ("31" written close
# together is about as wide as it is high).
SPLIT_WIDTH_HEIGHTS = 0.7
# A single upright digit is rarely wider than its height: a group read whole pays this much
# log-probability per unit of width beyond that.
WIDE_COST = 3.0
# Every digit spans most of the line: a split piece lower than this share is a bar or a tail.
PIECE_HEIGHT_SHARE = 0.6
# Log-probability cost of each extra cut, so a group stays whole unless splitting reads better.
SPLIT_COST = 0.15
SHEARS = np.linspace(-0.7, 0.3, 21)


@dataclass(frozen=True)
class DigitRead:
    digits: str
    confidence: float  # the lowest per-digit probability
    probabilities: tuple[tuple[float, ...], ...] = ()  # per digit, over 0-9


@dataclass(frozen=True)
class Mlp:
    """Standardisation and weights of the perceptron (plain arrays: no pickle to load)."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: np.ndarray

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        h = np.maximum(((x - self.mean) / self.scale) @ self.w1 + self.b1, 0.0)
        z = h @ self.w2 + self.b2
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)


def train(per_digit: int = PER_DIGIT, seed: int = SEED) -> Mlp:
    from sklearn.neural_network import MLPClassifier

    data = list(samples(seed, per_digit))
    x = np.array([features(m) for m, _ in data])
    y = np.array([d for _, d in data])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    model = MLPClassifier((HIDDEN,), alpha=1e-3, max_iter=80, early_stopping=True, random_state=seed)
    model.fit((x - mean) / scale, y)
    return Mlp(
        mean.astype(np.float32),
        scale.astype(np.float32),
        model.coefs_[0].astype(np.float32),
        model.intercepts_[0].astype(np.float32),
        model.coefs_[1].astype(np.float32),
        model.intercepts_[1].astype(np.float32),
    )


def save(model: Mlp, path: Path = MODEL_PATH) -> None:
    np.savez_compressed(path, mean=model.mean, scale=model.scale, w1=model.w1, b1=model.b1, w2=model.w2, b2=model.b2)


@lru_cache(maxsize=1)
def classifier() -> Mlp:
    """The shipped model (loads in milliseconds), else one trained now."""
    if MODEL_PATH.is_file():
        with np.load(MODEL_PATH) as z:
            return Mlp(z["mean"], z["scale"], z["w1"], z["b1"], z["w2"], z["b2"])
    return train()


def probabilities(masks: list[np.ndarray]) -> np.ndarray:
    return classifier().predict_proba(np.array([features(m) for m in masks]))


def shear(mask: np.ndarray, k: float) -> np.ndarray:
    """x' = x + k·y (k < 0 makes a right-leaning stroke upright), cropped to the ink's columns."""
    h, w = mask.shape
    offset = max(0.0, -k * h)
    m = np.array([[1.0, k, offset], [0.0, 1.0, 0.0]], np.float32)
    out = cv2.warpAffine(mask.astype(np.uint8), m, (w + int(abs(k) * h) + 2, h), flags=cv2.INTER_NEAREST)
    xs = np.nonzero(out.any(axis=0))[0]
    return out[:, xs.min() : xs.max() + 1] if len(xs) else out


def deslant(mask: np.ndarray) -> np.ndarray:
    """The shear that makes the ink's column profile most peaked (upright strokes): gaps between
    slanted digits open up, and a slanted "1" no longer overlaps the digit before it."""
    best, best_score = mask, -1.0
    for k in SHEARS:
        cand = shear(mask, float(k))
        profile = cand.sum(axis=0).astype(np.float64)
        score = float((profile**2).sum())
        if score > best_score:
            best, best_score = cand, score
    return best


def groups(mask: np.ndarray) -> list[np.ndarray]:
    """Connected strokes, left to right, merged where they overlap horizontally as strokes of
    one digit do."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    comps = sorted((i for i in range(1, n) if stats[i, 4] >= 20), key=lambda i: stats[i, 0])
    tallest = max((int(stats[i, 3]) for i in comps), default=0)
    merged: list[tuple[int, int, int, list[int]]] = []  # x0, x1, height, ids
    for i in comps:
        x0, x1, h = int(stats[i, 0]), int(stats[i, 0] + stats[i, 2]), int(stats[i, 3])
        if merged:
            g0, g1, gh, ids = merged[-1]
            overlap = min(x1, g1) - max(x0, g0)
            narrow = min(x1 - x0, g1 - g0)
            short = min(h, gh) < SHORT_SHARE * tallest
            if overlap > (0.3 if short else MERGE_OVERLAP) * narrow:
                merged[-1] = (min(g0, x0), max(g1, x1), max(gh, h), [*ids, i])
                continue
        merged.append((x0, x1, h, [i]))
    return [np.isin(labels, ids) for _, _, _, ids in merged]


def height(mask: np.ndarray) -> int:
    ys = np.nonzero(mask.any(axis=1))[0]
    return int(ys.max() - ys.min() + 1) if len(ys) else 0


def width(mask: np.ndarray) -> int:
    xs = np.nonzero(mask.any(axis=0))[0]
    return int(xs.max() - xs.min() + 1) if len(xs) else 0


def cut(mask: np.ndarray, cuts: list[int]) -> list[np.ndarray]:
    parts = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        part = np.zeros_like(mask)
        part[:, a:b] = mask[:, a:b]
        parts.append(part)
    return parts


def candidate_cuts(mask: np.ndarray, count: int, line: int) -> list[list[int]]:
    """Ways to cut a group into `count` pieces: at the thinnest columns near evenly spaced
    positions, plus each of the few deepest profile valleys (for two pieces)."""
    xs = np.nonzero(mask.any(axis=0))[0]
    x0, x1 = int(xs.min()), int(xs.max()) + 1
    w = x1 - x0
    profile = mask[:, x0:x1].sum(axis=0).astype(np.float64)
    even = [x0]
    for k in range(1, count):
        centre = k * w // count
        lo, hi = max(1, centre - w // (3 * count)), min(w - 1, centre + w // (3 * count) + 1)
        even.append(x0 + lo + int(np.argmin(profile[lo:hi])))
    options = [[*even, x1]]
    if count == 2:
        margin = max(2, int(0.25 * line))
        inner = range(margin, w - margin)
        for c in sorted(inner, key=lambda c: profile[c])[:6]:
            options.append([x0, x0 + c, x1])
    return options


def split(mask: np.ndarray, line: int) -> list[np.ndarray]:
    """A group as one digit or as two or three touching ones, whichever the classifier reads
    best (mean log-probability, less SPLIT_COST per extra piece, less WIDE_COST for a whole group
    wider than high); pieces must each span most of
    the line height."""
    if width(mask) <= SPLIT_WIDTH_HEIGHTS * line:
        return [mask]
    best = [mask]
    wide = max(0.0, width(mask) / max(height(mask), 1) - 1.0)
    best_score = float(np.log(probabilities([mask]).max())) - WIDE_COST * wide
    for count in (2, 3):
        if width(mask) < 0.5 * count * line * 0.6:
            continue
        for cuts in candidate_cuts(mask, count, line):
            parts = cut(mask, cuts)
            if any(height(p) < PIECE_HEIGHT_SHARE * line or width(p) < 3 for p in parts):
                continue
            probs = probabilities(parts)
            score = float(np.log(probs.max(axis=1)).mean()) - SPLIT_COST * (count - 1)
            if score > best_score:
                best, best_score = parts, score
    return best


def segment(ink: np.ndarray) -> list[np.ndarray]:
    """One mask per digit, left to right."""
    mask = deslant(ink > 0)
    parts = groups(mask)
    heights = [height(m) for m in parts]
    line = max(heights, default=0)
    kept = [m for m, h in zip(parts, heights, strict=True) if h >= MIN_HEIGHT_SHARE * line]
    return [piece for m in kept for piece in split(m, line)]


def classify(ink: np.ndarray) -> DigitRead | None:
    masks = segment(ink)
    if not masks:
        return None
    probs = probabilities(masks)
    digits = "".join(str(int(p.argmax())) for p in probs)
    return DigitRead(
        digits=digits,
        confidence=round(float(min(p.max() for p in probs)), 3),
        probabilities=tuple(tuple(float(v) for v in p) for p in probs),
    )
