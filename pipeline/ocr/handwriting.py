"""Handwritten number and day in the printed header (placeholder until tuned)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

from pipeline.ocr.tsv import TsvWord


@dataclass(frozen=True)
class Patched:
    text: str
    warnings: tuple[str, ...] = ()


def patch_header(text: str, words: Sequence[TsvWord], image: Image.Image, esign: Sequence[str]) -> Patched:
    return Patched(text=text)
