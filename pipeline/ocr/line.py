"""One line of print read from a small image: text a PDF draws as a picture on a text-layer page
(pipeline/text/pictured.py)."""

from __future__ import annotations

from PIL import Image, ImageOps

from congvan.pipeline.ocr import tesseract

# A single line; the LSTM engine. The image is padded white: Tesseract misses glyphs touching the edge.
LINE_CONFIG = "--oem 1 --psm 7"
PAD_PX = 12
# Tesseract reads lines best with letters 20-40 px high; a picture rendered smaller is scaled up.
MIN_HEIGHT_PX = 40


def read_line(image: Image.Image, lang: str, timeout_s: float) -> tuple[str, float]:
    """The line's words joined by spaces, and their mean confidence (0-100; 0 when none)."""
    gray = image.convert("L")
    if gray.height < MIN_HEIGHT_PX:
        scale = MIN_HEIGHT_PX / max(gray.height, 1)
        gray = gray.resize((max(1, round(gray.width * scale)), MIN_HEIGHT_PX), Image.Resampling.LANCZOS)
    padded = ImageOps.expand(gray, border=PAD_PX, fill=255)
    data = tesseract.words(padded, lang, LINE_CONFIG, timeout_s)
    words: list[str] = []
    confidences: list[float] = []
    for text, conf in zip(data.get("text", []), data.get("conf", []), strict=False):
        text = str(text).strip()
        if text and float(conf) >= 0:
            words.append(text)
            confidences.append(float(conf))
    return " ".join(words), (sum(confidences) / len(confidences) if confidences else 0.0)
