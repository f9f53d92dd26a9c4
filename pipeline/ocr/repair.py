"""Post-OCR repair of Vietnamese text (placeholder: identity until tuned)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Repaired:
    text: str
    warnings: tuple[str, ...] = ()


def repair_text(text: str) -> Repaired:
    return Repaired(text=text)
