"""Where an assignee phrase ends and how it splits into bodies.

A list of assignees is split at commas, semicolons and "và" — except inside a known name
("Sở Văn hóa, Thể thao và Du lịch", "UBND các huyện, thị xã, thành phố"), found by the body
ruler, and except where the next piece does not open a new body (a piece that starts with no
head word — "Sở", "Ban", "UBND", "Thủ trưởng", "các" … — continues the previous name). The
phrase itself ends at the first action verb in lower case ("Sở Tài chính | hướng dẫn …").
All functions work on offsets into one text, so the names returned are as printed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

import regex

from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

Range = tuple[int, int]

# A separator between two assignees: ", " "; " " và " (also "và" after a comma).
SEPARATOR = regex.compile(r"\s*[,;]\s*(?:và\s+)?|\s+và\s+")


@cache
def _verbs() -> regex.Pattern[str]:
    table = load_table("directive_verbs")
    words = sorted(table["action_verbs"], key=len, reverse=True)
    # "Sở Tài chính hướng dẫn", "… theo chức năng, nhiệm vụ tích cực …"; a lower-case verb only.
    return regex.compile(r"(?<![\p{L}\d])(?:" + "|".join(regex.escape(w) for w in words) + r")(?![\p{L}\d])")


@cache
def _folded_verbs() -> regex.Pattern[str]:
    table = load_table("directive_verbs")
    # verbs of two syllables or more, on folded text: OCR drops or swaps diacritics ("phôi hợp",
    # "tô chức") and a two-syllable verb rarely folds onto a lower-case word of a name
    words = sorted({fold(w) for w in table["action_verbs"] if " " in w}, key=len, reverse=True)
    return regex.compile(r"(?<![a-z0-9])(?:" + "|".join(regex.escape(w) for w in words) + r")(?![a-z0-9])")


@lru_cache(maxsize=8)
def _fold_cached(text: str) -> str:
    return fold(text)


@cache
def _determiners() -> regex.Pattern[str]:
    words = load_table("directive_verbs")["noun_determiners"]
    # "các tổ chức", "của cơ quan": after these a verb-looking word is a noun.
    return regex.compile(r"(?:^|\s)(?:" + "|".join(regex.escape(w) for w in words) + r")\s*$")


def _inside(pos: int, ranges: Sequence[Range]) -> bool:
    return any(s <= pos < e for s, e in ranges)


def subject_end(text: str, start: int, limit: int, protected: Sequence[Range]) -> int | None:
    """Offset where the assignee phrase starting at `start` ends: the first lower-case action verb
    (outside a known name, not a noun after "các"), a colon, or a parenthesis; None if none within
    `limit`."""
    window_end = min(len(text), limit)
    colon = text.find(":", start, window_end)
    folded = _fold_cached(text)
    found = sorted(
        {m.start() for m in _verbs().finditer(text, start, window_end)}
        | (
            {m.start() for m in _folded_verbs().finditer(folded, start, window_end)}
            if len(folded) == len(text)
            else set()
        )
    )
    for pos in found:
        if colon != -1 and colon < pos:
            break
        if pos == start or _inside(pos, protected) or not text[pos].islower():
            continue
        if _determiners().search(text[max(start, pos - 12) : pos]):
            continue
        return _trim_back(text, start, pos)
    if colon != -1:
        return _trim_back(text, start, colon)
    return None


def _trim_back(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,;:-–(":
        end -= 1
    return end


def split_names(
    text: str, start: int, end: int, protected: Sequence[Range], heads: Sequence[int]
) -> list[Range]:
    """Split text[start:end] into one span per body."""
    head_set = set(heads)
    pieces: list[Range] = []
    piece_start = start
    for match in SEPARATOR.finditer(text, start, end):
        if _inside(match.start(), protected) or match.end() >= end:
            continue
        nxt = match.end()
        if nxt not in head_set or _inside(nxt, protected) and not any(s == nxt for s, _ in protected):
            continue  # "Sở Kế hoạch và Đầu tư": "Đầu tư" opens no body, the name goes on
        pieces.append((piece_start, match.start()))
        piece_start = nxt
    pieces.append((piece_start, end))
    out: list[Range] = []
    for s, e in pieces:
        while s < e and text[s] in " -–+•;,":
            s += 1
        while e > s and text[e - 1] in " ,;.:":
            e -= 1
        if e > s:
            out.append((s, e))
    return out
