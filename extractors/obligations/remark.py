"""A mark-less text as the obligation rules can read it: their own vocabulary given its marks back.

Text that another tool OCRed, or a PDF text layer, often lost its diacritics ("Giao nguoi dung dau
cac co quan …; Chu tich Uy ban nhan dan cac xa"), and the repair (pipeline/ocr/repair.py) restores
them only in part ("người dung đau các"). The rules match their vocabulary with marks (spaCy rulers
on ORTH/LOWER, regexes such as "chủ trì, phối hợp"), so on such a text they miss the heads, the
cues and the names. `view` returns the text with every phrase of that vocabulary whose letters are
there but whose marks are not written back with its marks; nothing else changes, and the view has
the same length as the text, so every offset found in it holds in the printed text (the values a
clerk reads are sliced from the printed text, pipeline.py).

A phrase is restored only where
- it lies inside a stretch the quality verdict called noisy (`Context.marks_lost`): clean text is
  never touched;
- each printed letter is the phrase's letter or that letter with its marks lost ("dung đau" may
  be "đứng đầu"; "bàn" is no "Ban"). In a phrase of several words, and in a body's head before a
  capitalised name ("Viên Cong nghiệp …" is "Viện …"), a mark the repair guessed wrong gives way;
- no other entry folds to the same letters; a capitalised entry ("Sở", "Vụ": a body's head) is
  matched only on a capitalised word, and a lower-case word alone only when remark_words.json lists
  it as one ("cac" is "các"; "quan", "nay", "de" may be many words and are left as printed).
Longer phrases go first: "can bo" is "cán bộ" before "can" is anything.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache

import regex

from congvan.extractors.obligations.units import entries
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

Range = tuple[int, int]

# One word of letters: "Giao", "dung", "Đoàn" (digits and punctuation end it).
LETTERS = regex.compile(r"\p{L}+")
# What stands between two words of one phrase, by class: spaces or a line break of a hard-wrapped
# paragraph; a comma ("xã, phường"); a dash ("Kế hoạch - Tổng hợp").
GAPS = ((" ", regex.compile(r"\s+")), (",", regex.compile(r"\s*,\s*")), ("-", regex.compile(r"\s*[-–]\s*")))
# An entry's words and what stands between them: "Văn hóa, Thể thao và Du lịch".
ENTRY_WORD = regex.compile(r"(?P<gap>[\s,\-–]*)(?P<word>\p{L}+)")
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}

# (folded words, gap classes) → the entry's words in lower case, or None when two entries share it
Key = tuple[tuple[str, ...], tuple[str, ...]]
Table = dict[Key, tuple[str, ...] | None]


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _spelling(word: str) -> tuple[str, tuple[str, ...]]:
    """Letters without tones, and the tones: equal for "hóa" and "hoá", "Ủy" and "Uỷ"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return (
        unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES)),
        tuple(sorted(c for c in decomposed if c in TONES)),
    )


def _gap_class(gap: str) -> str | None:
    for name, pattern in GAPS:
        if pattern.fullmatch(gap):
            return name
    return None


def vocabulary() -> list[str]:
    """Every entry the view restores: remark_words.json's words and the tables it names (a
    lower-case word alone only from its `single_words`)."""
    data = load_table("remark_words")
    found: list[str] = list(data["words"])
    for table, keys in data["tables"].items():
        loaded = load_table(table)
        for key in keys:
            found.extend(_strings(loaded[key]))
    found.extend(entry.head for entry in entries())
    singles = set(data["single_words"])
    return [*singles, *(w for w in found if len(w.split()) > 1 or w[:1].isupper() or w in singles)]


def _entry(text: str) -> tuple[Key, tuple[str, ...]] | None:
    parts = list(ENTRY_WORD.finditer(text))
    if not parts or text[parts[-1].end() :].strip(" .;:") or parts[0].group("gap"):
        return None
    gaps = tuple(_gap_class(m.group("gap")) for m in parts[1:])
    words = tuple(m.group("word") for m in parts)
    if any(g is None for g in gaps) or any(w.isupper() and len(w) > 1 for w in words):
        return None  # "UBND", "HĐND": abbreviations are printed as they are
    key = tuple(fold(w) for w in words)
    spelled = tuple(w.lower() for w in words)
    if any(len(k) != len(w) for k, w in zip(key, spelled, strict=True)):
        return None
    return (key, tuple(g or " " for g in gaps)), spelled


@cache
def tables() -> tuple[Table, Table]:
    """(entries in lower case, matched in any case; capitalised entries, matched capitalised only),
    each keyed by its folded words and gaps; a key two different spellings share maps to None."""
    lower: Table = {}
    upper: Table = {}
    for text in vocabulary():
        entry = _entry(text)
        if entry is None:
            continue
        key, spelled = entry
        table = upper if text[:1].isupper() else lower
        known = table.get(key, spelled)
        same = known is not None and [_spelling(w) for w in known] == [_spelling(w) for w in spelled]
        table[key] = known if same else None
    return lower, upper


@cache
def _longest() -> dict[str, int]:
    """The most words an entry opening with this folded word has: how far a match may reach."""
    out: dict[str, int] = {}
    for words, _ in (*tables()[0], *tables()[1]):
        out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


def _compatible(printed: str, spelled: str, loose: bool) -> bool:
    """Each printed letter is the entry's letter or that letter with its marks lost; `loose` (a
    phrase of several words, a head before a name): any letter the repair gave other marks ("xa,
    phương" for "xã, phường")."""
    return len(printed) == len(spelled) and all(
        p == s or p == fold(s) or loose and fold(p) == fold(s) for p, s in zip(printed.lower(), spelled, strict=True)
    )


def _with_case(spelled: str, printed: str) -> str:
    return "".join(s.upper() if p.isupper() else s for s, p in zip(spelled, printed, strict=True))


def _before_name(text: str, words: list[Range], gaps: list[str | None], k: int) -> bool:
    """Does a capitalised word follow word k - 1, separated by spaces only?"""
    return k < len(words) and gaps[k - 1] == " " and text[words[k][0]].isupper()


def _restore_range(chars: list[str], text: str, start: int, end: int) -> None:
    lower, upper = tables()
    longest = _longest()
    words = [(m.start(), m.end()) for m in LETTERS.finditer(text, start, end)]
    folded = [fold(text[s:e]) for s, e in words]
    gaps = [_gap_class(text[a[1] : b[0]]) for a, b in zip(words, words[1:], strict=False)]
    k = 0
    while k < len(words):
        taken = 1
        for n in range(min(longest.get(folded[k], 0), len(words) - k), 0, -1):
            between = gaps[k : k + n - 1]
            if any(g is None for g in between):
                continue
            span = words[k : k + n]
            as_printed = [text[s:e] for s, e in span]
            key = (tuple(folded[k : k + n]), tuple(g or " " for g in between))
            head = upper.get(key) if as_printed[0][:1].isupper() else None
            found = head or lower.get(key)
            # a head before a capitalised name is the head whatever marks the repair gave it:
            # "Viên Cong nghiệp phan mem" is "Viện …"
            loose = n > 1 or head is not None and _before_name(text, words, gaps, k + 1)
            if found is None or not all(_compatible(p, w, loose) for p, w in zip(as_printed, found, strict=True)):
                continue
            for (s, e), p, w in zip(span, as_printed, found, strict=True):
                chars[s:e] = list(_with_case(w, p))
            taken = n
            break
        k += taken


def view(text: str, noisy: Sequence[Range]) -> str:
    """`text` with the obligation vocabulary's marks restored inside the `noisy` stretches; the
    same length as `text`, and `text` itself when nothing is noisy or nothing changed."""
    if not noisy:
        return text
    chars = list(text)
    for start, end in noisy:
        _restore_range(chars, text, max(0, start), min(len(text), end))
    out = "".join(chars)
    return out if len(out) == len(text) and out != text else text


def printed(seen: str, view_text: str, text: str) -> str:
    """A text derived from the view at the same offsets (the flat text of segment.flatten) as it
    reads on the printed page: each character the view restored is given back as printed."""
    if view_text is text or len(seen) != len(text) or len(view_text) != len(text):
        return seen
    out = [
        printed_char if view_char != printed_char and seen_char == view_char else seen_char
        for seen_char, view_char, printed_char in zip(seen, view_text, text, strict=True)
    ]
    return "".join(out)
