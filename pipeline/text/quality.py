"""Is a page's text layer real Vietnamese text, nothing, or garbage (a noisy OCR layer)?

Scanned PDFs often carry an old OCR layer without diacritics ("CONG Hcok xA HQI CHiJ NGHiA VIVT NAM",
corpus 027.pdf); trusting it loses every accent, so such a page is OCR'd again. The score is the
share of word tokens that are well-formed Vietnamese syllables, times a factor for how many carry
Vietnamese letters at all (real Vietnamese prose: about half of all syllables).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

import regex

PageQuality = Literal["good", "empty", "garbage"]

# Fewer letters than this is no text layer (page numbers, a stray dash).
MIN_LETTERS = 20
GOOD_SCORE = 0.35
# Share of tokens with a Vietnamese letter (đ, ơ, ư, ă, â, ê, ô or a tone mark) in real text;
# measured: 003.pdf 0.62, 016.pdf 0.63, seeds 0.55–0.66, 027.pdf 0.04.
EXPECTED_DIACRITIC_SHARE = 0.45

# A word token: letters, possibly with digits glued in by bad OCR ("h9c", "S6").
# matches "Hcok", "h9c", "nghĩa"
TOKEN = regex.compile(r"(?P<token>[\p{L}\p{M}][\p{L}\p{M}\d]*)", regex.VERBOSE)

# One Vietnamese syllable with tone marks removed, lower case: onset, vowel nucleus, coda.
# matches "nghia", "thuong", "quyen", "duoc"
SYLLABLE = regex.compile(
    r"""^(?P<onset>ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?
        (?P<nucleus>[aăâeêioôơuưy]{1,3})
        (?P<coda>ch|ng|nh|[cmnpt])?$""",
    regex.VERBOSE,
)

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
VIETNAMESE_LETTERS = set("đăâêôơư")


@dataclass(frozen=True)
class QualityScore:
    verdict: PageQuality
    score: float
    syllable_share: float
    diacritic_share: float
    tokens: int


def _strip_tones(token: str) -> tuple[str, int]:
    """Lower-cased token without tone marks (keeping ă â ê ô ơ ư đ) and the number of tone marks."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    tones = sum(1 for ch in decomposed if ch in TONE_MARKS)
    kept = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", kept), tones


def _case_ok(token: str) -> bool:
    return token.islower() or token.isupper() or (token[0].isupper() and token[1:].islower())


def is_syllable(token: str) -> bool:
    """A well-formed Vietnamese syllable: structure, at most one tone mark, consistent case."""
    if not _case_ok(token):
        return False
    bare, tones = _strip_tones(token)
    return tones <= 1 and SYLLABLE.match(bare) is not None


def has_vietnamese_letter(token: str) -> bool:
    bare, tones = _strip_tones(token)
    return tones > 0 or any(ch in VIETNAMESE_LETTERS for ch in bare)


def score_page_text(text: str) -> QualityScore:
    letters = sum(1 for ch in text if ch.isalpha())
    tokens = [m.group("token") for m in TOKEN.finditer(unicodedata.normalize("NFC", text))]
    if letters < MIN_LETTERS or not tokens:
        return QualityScore("empty", 0.0, 0.0, 0.0, len(tokens))
    syllable_share = sum(1 for t in tokens if is_syllable(t)) / len(tokens)
    diacritic_share = sum(1 for t in tokens if has_vietnamese_letter(t)) / len(tokens)
    score = syllable_share * min(1.0, diacritic_share / EXPECTED_DIACRITIC_SHARE)
    verdict: PageQuality = "good" if score >= GOOD_SCORE else "garbage"
    return QualityScore(
        verdict, round(score, 3), round(syllable_share, 3), round(diacritic_share, 3), len(tokens)
    )


def classify_page_text(text: str) -> PageQuality:
    """'good' real Vietnamese text, 'empty' no text to speak of, 'garbage' a noisy layer to re-OCR."""
    return score_page_text(text).verdict


def split_letter_share(text: str) -> float:
    """Share of tokens that are a lone Vietnamese vowel: a letter split from its word, as when a PDF
    draws accented capitals in a fallback font ("VI N KI M … Ệ Ể")."""
    tokens = [m.group("token") for m in TOKEN.finditer(text)]
    if not tokens:
        return 0.0
    lone = sum(1 for t in tokens if len(t) == 1 and has_vietnamese_letter(t))
    return lone / len(tokens)
