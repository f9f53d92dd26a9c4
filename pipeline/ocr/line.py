"""One line of print read from a small image: text a PDF draws as a picture on a text-layer page
(pipeline/text/pictured.py)."""

from __future__ import annotations

from PIL import Image, ImageOps

from congvan.pipeline.ocr import tesseract

# A single line; the LSTM engine. The image is padded white: Tesseract misses glyphs touching the edge.
LINE_CONFIG = "--oem 1 --psm 7"
DIGITS_CONFIG = "--oem 1 --psm 7 -c tessedit_char_whitelist=0123456789"
# A short token of digits and letters that look like digits is a stamped number or day misread
# ("T1" for a handwritten-looking "11"): it is read again as digits only.
DIGIT_LOOKALIKES = frozenset("TtlIiOoQDSsBZzg|!]")
SHORT_TOKEN = 6
PAD_PX = 12
# Tesseract reads lines best with letters 20-40 px high; a picture rendered smaller is scaled up.
MIN_HEIGHT_PX = 40


def read_line(image: Image.Image, lang: str, timeout_s: float) -> tuple[str, float]:
    """The line's words joined by spaces, and their mean confidence (0-100; 0 when none)."""
    padded = _prepared(image)
    text, confidence = _read(padded, lang, LINE_CONFIG, timeout_s)
    if _digits_misread(text):
        digits, digit_confidence = _read(padded, lang, DIGITS_CONFIG, timeout_s)
        if len(digits) == len(text) and digits.isdigit():
            # the whitelist run reports low confidences for what it was forced to choose; the
            # first reading's confidence says how clearly the picture holds a line of print
            return digits, max(confidence, digit_confidence)
    return text, confidence


def _digits_misread(text: str) -> bool:
    return (
        0 < len(text) <= SHORT_TOKEN
        and any(ch.isdigit() for ch in text)
        and not text.isdigit()
        and all(ch.isdigit() or ch in DIGIT_LOOKALIKES for ch in text)
    )


def _prepared(image: Image.Image) -> Image.Image:
    gray = image.convert("L")
    if gray.height < MIN_HEIGHT_PX:
        scale = MIN_HEIGHT_PX / max(gray.height, 1)
        gray = gray.resize((max(1, round(gray.width * scale)), MIN_HEIGHT_PX), Image.Resampling.LANCZOS)
    return ImageOps.expand(gray, border=PAD_PX, fill=255)


def _read(padded: Image.Image, lang: str, config: str, timeout_s: float) -> tuple[str, float]:
    data = tesseract.words(padded, lang, config, timeout_s)
    words: list[str] = []
    confidences: list[float] = []
    for text, conf in zip(data.get("text", []), data.get("conf", []), strict=False):
        text = str(text).strip()
        if text and float(conf) >= 0:
            words.append(text)
            confidences.append(float(conf))
    return " ".join(words), (sum(confidences) / len(confidences) if confidences else 0.0)
