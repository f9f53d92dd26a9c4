"""Vietnamese syllable structure: (onset)(medial+nucleus)(coda) + one tone, as a validity check
for OCR output. A syllable ending in p/t/c/ch takes only the sắc or nặng tone; OCR that drops or
swaps a tone on such a syllable ("tât", "khẩt") produces an impossible one.
"""

from __future__ import annotations

import unicodedata

import regex

TONE_MARKS = {"\u0300": "huyen", "\u0301": "sac", "\u0303": "nga", "\u0309": "hoi", "\u0323": "nang"}
STOP_CODA_TONES = {"sac", "nang"}

# Onset, rhyme (vowel cluster) and coda of a tone-stripped, lower-case syllable. The rhymes are
# the standard inventory of Vietnamese orthography (qu/gi onsets absorb their u/i).
SYLLABLE = regex.compile(
    r"""
    ^(?P<onset>ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?
    (?P<rhyme>
        uyê|uya|uyu|iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uây|
        ai|ao|au|âu|ay|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|
        a|ă|â|e|ê|i|y|o|ô|ơ|u|ư
    )
    (?P<coda>ch|ng|nh|[cmnpt])?$
    """,
    regex.VERBOSE,
)
# Rhymes that end in a vowel glide take no coda.
OPEN_ONLY = {
    "ai",
    "ao",
    "au",
    "âu",
    "ay",
    "ây",
    "eo",
    "êu",
    "iu",
    "oi",
    "ôi",
    "ơi",
    "ui",
    "ưi",
    "ưu",
    "iêu",
    "yêu",
    "oai",
    "oay",
    "oao",
    "oeo",
    "uây",
    "uôi",
    "ươi",
    "ươu",
    "uyu",
    "ia",
    "ua",
    "ưa",
    "uya",
}
# Nuclei that never stand without a coda.
CODA_ONLY = {"ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ"}
VIETNAMESE_WORD = regex.compile(r"""^\p{L}+$""", regex.VERBOSE)


def split_tone(syllable: str) -> tuple[str, str | None, int]:
    """Lower-case syllable without its tone mark, the tone's name, and how many tone marks it had."""
    tones = []
    kept = []
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch in TONE_MARKS:
            tones.append(TONE_MARKS[ch])
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), (tones[0] if tones else None), len(tones)


def is_valid(syllable: str) -> bool:
    base, tone, count = split_tone(syllable)
    if count > 1:
        return False
    m = SYLLABLE.match(base)
    if not m:
        return False
    rhyme, coda = m["rhyme"], m["coda"]
    if coda and rhyme in OPEN_ONLY:
        return False
    if not coda and rhyme in CODA_ONLY:
        return False
    return not (coda in {"p", "t", "c", "ch"} and tone not in STOP_CODA_TONES)


def looks_vietnamese(token: str) -> bool:
    """A lower-case or capitalised letter-only token: the kind the validity check applies to
    (all-caps abbreviations such as UBND or TTHC are not syllables)."""
    return bool(VIETNAMESE_WORD.match(token)) and not (
        len(token) > 1 and token.isupper() and not is_valid(token)
    )


# Vowels carrying a circumflex, breve or horn: the tone mark sits on them ("tất", "được").
MODIFIED_VOWELS = "âêôơưăÂÊÔƠƯĂ"
ACUTE = "\u0301"


def restore_lost_acute(syllable: str) -> str | None:
    """ "tât" → "tất": a syllable closed by p/t/c/ch must carry sắc or nặng; with no tone at all the
    mark that went missing is the acute above the vowel (Tesseract merges it into the circumflex
    or drops it; the dot of nặng sits below and survives). Only when the tone's place is certain
    (a modified vowel) and the result is a valid syllable; otherwise None."""
    base, tone, count = split_tone(syllable)
    if count or not SYLLABLE.match(base.lower()):
        return None
    m = SYLLABLE.match(base.lower())
    if m is None or m["coda"] not in {"p", "t", "c", "ch"}:
        return None
    positions = [i for i, ch in enumerate(syllable) if ch in MODIFIED_VOWELS]
    if not positions:
        return None
    i = positions[-1]  # "ươ": the tone goes on the second vowel
    fixed = unicodedata.normalize(
        "NFC", syllable[:i] + unicodedata.normalize("NFD", syllable[i]) + ACUTE + syllable[i + 1 :]
    )
    return fixed if is_valid(fixed) else None
