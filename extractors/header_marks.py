"""Marks of upper-case header lines that OCR or another tool lost or changed ("HỘI ĐỒNG DẤU THẢU"
→ "HỘI ĐỒNG ĐẤU THẦU", "CUC THUE TINH" → "CỤC THUẾ TỈNH").

The general repair (pipeline/ocr/diacritics.py) leaves upper-case words of a line in ordinary
case alone and rewrites a valid syllable only on strong bigram evidence from body text; header
lines (issuer, issuer_parent, title, a subject in capitals) are written with a small vocabulary of
their own. A word takes another reading only where the pairs it forms with its neighbours
(header_marks.json: corpus gold and the body, province and type vocabularies, keyed by folded
letters) leave exactly one reading of it (the readings both its pairs allow, where it has
two), and that reading is not the printed one. Tone placement
variants ("HOÁ"/"HÓA") are one reading and never rewritten into each other. A word no known pair
contains, or one whose pairs disagree, stays as printed.
"""

from __future__ import annotations

from functools import cache

import regex

from congvan.extractors.syllables import split_tone
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

# A run of words of one phrase (spaces only between them): "HỘI ĐỒNG DẤU THẢU MUA" of
# "HỘI ĐỒNG DẤU THẢU MUA." ("-", ",", "." and digits end it).
PHRASE = regex.compile(r"""\p{L}+(?:[ ]+\p{L}+)*""", regex.VERBOSE)
WORD = regex.compile(r"""\p{L}+""", regex.VERBOSE)
# An upper-case line: six letters or more, none in lower case ("SỞ Y TÉ-TỈNH KIÊN GIANG").
MIN_UPPER_LETTERS = 6

Identity = tuple[str, str | None]


def identity(word: str) -> Identity:
    """Letters and tone, equal for tone-placement variants ("hoá", "hóa")."""
    base, tone, _ = split_tone(word)
    return base, tone


@cache
def _pairs() -> dict[str, dict[str, int]]:
    table: dict[str, dict[str, int]] = load_table("header_marks")["pairs"]
    return table


def _readings(key: str, side: int, neighbour: str) -> tuple[dict[Identity, str], bool]:
    """Readings of one word of a pair (side 0: the first, 1: the second), by identity, with their
    most seen spelling, and whether a pair spells the neighbour as it is printed. Pairs whose other
    word is spelt as the neighbour is printed speak first ("ĐỒNG DẤU THẦU": "đồng đấu", not
    "đóng dấu"); a neighbour no pair spells so lets all speak."""
    pairs = [(pair.split(" "), n) for pair, n in _pairs().get(key, {}).items()]
    printed = identity(neighbour)
    agreeing = [(words, n) for words, n in pairs if identity(words[1 - side]) == printed]
    best: dict[Identity, tuple[str, int]] = {}
    for words, n in agreeing or pairs:
        word = words[side]
        spelling, count = best.get(identity(word), (word, 0))
        best[identity(word)] = (word if count <= n else spelling, count + n)
    return {ident: spelling for ident, (spelling, _) in best.items()}, bool(agreeing)


def _common(sides: list[dict[Identity, str]]) -> dict[Identity, str]:
    """The readings every side allows."""
    if not sides:
        return {}
    return {i: w for i, w in sides[0].items() if all(i in side for side in sides)}


def _cased(reading: str, like: str) -> str:
    if like.isupper():
        return reading.upper()
    if like[:1].isupper():
        return reading[:1].upper() + reading[1:]
    return reading


@cache
def _level_words() -> frozenset[str]:
    """The one-word administrative levels with their marks ("quận", "huyện", "xã"): printed so, they
    are the level before a place name, which the header's pairs may not know ("BỘ QUẬN" is not "BỘ
    QUẢN …")."""
    return frozenset(w for w in load_table("body_names")["levels"] if " " not in w)


def is_upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= MIN_UPPER_LETTERS and not any(ch.islower() for ch in letters)


def restore_phrase(words: list[str]) -> list[str]:
    """The words of one phrase, each replaced where its known pairs give it one other reading."""
    folded = [fold(w) for w in words]
    out = list(words)
    for k, word in enumerate(words):
        if word.lower() in _level_words():
            continue  # "QUẬN", "HUYỆN" printed whole before a place name: "ĐẢNG BỘ QUẬN CẦU GIẤY"
        known = []
        if k > 0:  # the left neighbour as already restored
            known.append(_readings(f"{folded[k - 1]} {folded[k]}", 1, out[k - 1]))
        if k + 1 < len(words):
            known.append(_readings(f"{folded[k]} {folded[k + 1]}", 0, words[k + 1]))
        known = [(side, agrees) for side, agrees in known if side]
        if any(agrees and identity(word) in side for side, agrees in known):
            continue  # read as printed with a neighbour as printed ("CỔ PHẦN" of "CỔ PHẦN ĐẤU TƯ")
        sides = [side for side, _ in known]
        # readings both known pairs allow ("TINH BAC NINH": "bắc"/"bạc" after "tỉnh", only "bắc" before "ninh")
        found = _common(sides)
        if not found:
            # the pairs disagree: the one that spells its neighbour as printed speaks, the other
            # neighbour is the slipped word ("ĐẤU" of "PHẦN ĐẤU TƯ" reads "ĐẦU" by "TƯ")
            found = _common([side for side, agrees in known if agrees])
        if len(found) != 1:
            continue  # no known pair, or several readings left: as printed
        (ident, reading), = found.items()
        if ident != identity(word):
            out[k] = _cased(reading, word)
    return out


def restore_line(line: str) -> tuple[str, int]:
    """The line with its words' marks restored from the header vocabulary, and how many changed."""
    changed = 0
    parts: list[str] = []
    last = 0
    for m in PHRASE.finditer(line):
        words = m[0].split()
        fixed = restore_phrase(words)
        changed += sum(a != b for a, b in zip(words, fixed, strict=True))
        parts.append(line[last : m.start()])
        spans = [w.span() for w in WORD.finditer(m[0])]
        text = m[0]
        for (start, end), word in reversed(list(zip(spans, fixed, strict=True))):
            text = text[:start] + word + text[end:]
        parts.append(text)
        last = m.end()
    parts.append(line[last:])
    return "".join(parts), changed
