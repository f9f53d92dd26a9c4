"""Character error rate of OCR text against a human transcription.

Whitespace is normalised first (runs of spaces/newlines count as one space): line breaks and
column gaps differ between any two transcriptions of a page without being recognition errors.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex
from rapidfuzz.distance import Levenshtein

# "Số:  1906 /SGDĐT\n  Đà Nẵng" -> "Số: 1906 /SGDĐT Đà Nẵng"
WHITESPACE_RUN = regex.compile(r"""\s+""", regex.VERBOSE)


def normalise(text: str) -> str:
    return WHITESPACE_RUN.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class CerScore:
    errors: int  # edits (insertions + deletions + substitutions)
    reference_chars: int

    @property
    def cer(self) -> float:
        return self.errors / self.reference_chars if self.reference_chars else 0.0


def cer(hypothesis: str, reference: str) -> CerScore:
    ref, hyp = normalise(reference), normalise(hypothesis)
    return CerScore(errors=Levenshtein.distance(hyp, ref), reference_chars=len(ref))
