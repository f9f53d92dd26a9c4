"""Vietnamese typed in the legacy 8-bit fonts (TCVN3/ABC ".VnTime", VNI "VNI-Times"), read back as
Latin-1 letters, converted to Unicode NFC.

Such text reaches us from old .txt files, from PDF text layers of documents typed with those fonts
("Céng hßa X· héi chñ nghÜa ViÖt Nam", "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam") and from DOCX.

Tables are built from the standards rather than typed letter by letter:
- TCVN3 (TCVN 5712:1993, VN3): one byte per lower-case letter with its tone, 0xA1–0xFE; only the
  seven upper-case base letters Ă Â Ê Ô Ơ Ư Đ have codes (0xA1–0xA7). Upper-case toned letters are
  the lower-case codes drawn by an upper-case font (".VnTimeH"), so a word that is otherwise in
  capitals is put back in capitals.
- VNI (VNI for Windows): a base letter followed by a modifier byte for the tone and/or the
  circumflex or breve; ơ ư đ and the toned i are single bytes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import cache

import regex

from congvan.pipeline.text.quality import score_page_text

TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, huyền, sắc, hỏi, ngã, nặng

# TCVN3 lower-case letters by byte, in the standard's order: each base's untoned letter (if it has
# a code of its own), then the five tones in the order of TONES[1:].
_TCVN3_TONED: dict[str, tuple[int, int, int, int, int]] = {
    "a": (0xB5, 0xB8, 0xB6, 0xB7, 0xB9),
    "ă": (0xBB, 0xBE, 0xBC, 0xBD, 0xC6),
    "â": (0xC7, 0xCA, 0xC8, 0xC9, 0xCB),
    "e": (0xCC, 0xD0, 0xCE, 0xCF, 0xD1),
    "ê": (0xD2, 0xD5, 0xD3, 0xD4, 0xD6),
    "i": (0xD7, 0xDD, 0xD8, 0xDC, 0xDE),
    "o": (0xDF, 0xE3, 0xE1, 0xE2, 0xE4),
    "ô": (0xE5, 0xE8, 0xE6, 0xE7, 0xE9),
    "ơ": (0xEA, 0xED, 0xEB, 0xEC, 0xEE),
    "u": (0xEF, 0xF3, 0xF1, 0xF2, 0xF4),
    "ư": (0xF5, 0xF8, 0xF6, 0xF7, 0xF9),
    "y": (0xFA, 0xFD, 0xFB, 0xFC, 0xFE),
}
_TCVN3_BASE = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
               "ă": 0xA8, "â": 0xA9, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "đ": 0xAE}  # fmt: skip

# VNI modifiers by tone (order of TONES), for plain vowels, circumflex vowels and breve.
_VNI_PLAIN = ("", "ø", "ù", "û", "õ", "ï")
_VNI_CIRCUMFLEX = ("â", "à", "á", "å", "ã", "ä")
_VNI_BREVE = ("ê", "è", "é", "ú", "ü", "ë")
_VNI_I = ("i", "ì", "í", "æ", "ó", "ò")
# Vowel → (VNI base letters, modifier row).
_VNI_VOWELS: dict[str, tuple[str, tuple[str, ...]]] = {
    "a": ("a", _VNI_PLAIN), "ă": ("a", _VNI_BREVE), "â": ("a", _VNI_CIRCUMFLEX),
    "e": ("e", _VNI_PLAIN), "ê": ("e", _VNI_CIRCUMFLEX),
    "o": ("o", _VNI_PLAIN), "ô": ("o", _VNI_CIRCUMFLEX), "ơ": ("ô", _VNI_PLAIN),
    "u": ("u", _VNI_PLAIN), "ư": ("ö", _VNI_PLAIN), "y": ("y", _VNI_PLAIN),
}  # fmt: skip

# Latin-1 letters that Vietnamese never uses: their presence is what makes a legacy font suspect.
FOREIGN_LATIN1 = frozenset("¡¢£¤¥¦§¨©ª«¬®µ¶·¸¹»¼½¾ÆÇÈËÎÏÑÖ×ØÛÜÞßäåæçëîïñöøûüþ")
# Share of letters that must be foreign Latin-1 before a conversion is even tried.
MIN_FOREIGN_SHARE = 0.01
# The conversion must raise the Vietnamese-text score by this much to be applied.
MIN_GAIN = 0.2

# A word, used to restore capitals in converted TCVN3 text.
# matches "CộNG", "Việt"
WORD = regex.compile(r"(?P<word>[\p{L}\p{M}]+)", regex.VERBOSE)
# A converted line whose plain letters are at least this much capitals is a capitals line.
CAPS_LINE_SHARE = 0.9


def _compose(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


@cache
def tcvn3_decode_table() -> Mapping[str, str]:
    """Latin-1 character (as extracted) → Unicode letter."""
    table = {chr(code): letter for letter, code in _TCVN3_BASE.items()}
    for base, codes in _TCVN3_TONED.items():
        for tone, code in zip(TONES[1:], codes, strict=True):
            table[chr(code)] = _compose(base, tone)
    return table


@cache
def vni_encode_table() -> Mapping[str, str]:
    """Unicode letter → VNI character sequence (lower and upper case)."""
    table: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
    for vowel, (base, row) in _VNI_VOWELS.items():
        for tone, modifier in zip(TONES, row, strict=True):
            letter = _compose(vowel, tone)
            table[letter] = base + modifier
            table[letter.upper()] = (base + modifier).upper()
    for tone, code in zip(TONES, _VNI_I, strict=True):
        letter = _compose("i", tone)
        table[letter] = code
        table[letter.upper()] = code.upper()
    return {k: v for k, v in table.items() if k != v}


@cache
def _vni_decode_pattern() -> tuple[regex.Pattern[str], Mapping[str, str]]:
    decode = {v: k for k, v in vni_encode_table().items()}
    keys = sorted(decode, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(k) for k in keys)), decode


def _restore_capitals(line: str) -> str:
    """Capital toned letters come out lower-case; a line (or word) otherwise in capitals gets them back."""
    plain = [ch for ch in line if ch.isascii() and ch.isalpha()]
    if len(plain) >= 4 and sum(ch.isupper() for ch in plain) >= CAPS_LINE_SHARE * len(plain):
        return line.upper()

    def capitals(match: regex.Match[str]) -> str:
        word = match.group("word")
        letters = [ch for ch in word if ch.isascii() and ch.isalpha()]
        return word.upper() if len(letters) >= 2 and all(ch.isupper() for ch in letters) else word

    return WORD.sub(capitals, line)


def tcvn3_to_unicode(text: str) -> str:
    table = tcvn3_decode_table()
    converted = "".join(table.get(ch, ch) for ch in text)
    lines = converted.split("\n")
    return unicodedata.normalize("NFC", "\n".join(_restore_capitals(line) for line in lines))


def vni_to_unicode(text: str) -> str:
    pattern, decode = _vni_decode_pattern()
    return unicodedata.normalize("NFC", pattern.sub(lambda m: decode[m.group(0)], text))


def unicode_to_tcvn3(text: str) -> str:
    """Unicode → TCVN3 as a .VnTime/.VnTimeH document would extract (capital toned letters lose case)."""
    encode = {v: k for k, v in tcvn3_decode_table().items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        out.append(encode.get(ch) or encode.get(ch.lower()) or ch)
    return "".join(out)


def unicode_to_vni(text: str) -> str:
    encode = vni_encode_table()
    return "".join(encode.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def foreign_share(text: str) -> float:
    letters = sum(1 for ch in text if ch.isalpha() or ch in FOREIGN_LATIN1)
    return sum(1 for ch in text if ch in FOREIGN_LATIN1) / max(letters, 1)


def fix_legacy(text: str) -> tuple[str, str | None]:
    """The text converted from TCVN3 or VNI when it is clearly in one of them, else unchanged.

    Returns (text, encoding name or None). Never fires on Unicode Vietnamese or English: those have
    no foreign Latin-1 letters, and a conversion must turn the text into better Vietnamese.
    """
    if foreign_share(text) < MIN_FOREIGN_SHARE:
        return text, None
    before = score_page_text(text).score
    best: tuple[float, str, str | None] = (before + MIN_GAIN, text, None)
    for name, convert in (("TCVN3", tcvn3_to_unicode), ("VNI", vni_to_unicode)):
        candidate = convert(text)
        score = score_page_text(candidate).score
        if score >= best[0]:
            best = (score, candidate, name)
    return best[1], best[2]
