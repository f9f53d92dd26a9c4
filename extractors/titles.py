"""Document types by name: the vocabulary of type titles and abbreviations (data/doc_types.json),
the type title line of a header ("THÔNG BÁO KẾT LUẬN") and the type an abbreviation names ("TTr").

Apart from `doctype` (which scores and assigns the type) so that `number`, which repairs an
OCR-garbled type code against the title, and `doctype`, which reads the number's symbol, both
look down to it instead of at each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from congvan.extractors.header import Header, spaced_title
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

TITLE_MAX_EXTRA_WORDS = 8


@dataclass(frozen=True)
class TypeVocab:
    titles: tuple[tuple[regex.Pattern[str], str, str], ...]  # (folded pattern, slug, title), longest first
    exact: dict[str, str]  # abbreviation as printed → slug
    folded: dict[str, set[str]]  # folded abbreviation → slugs (ambiguous when > 1)


@cache
def vocab() -> TypeVocab:
    table = load_table("doc_types")["types"]
    titles = []
    exact: dict[str, str] = {}
    folded: dict[str, set[str]] = {}
    for entry in table:
        for title in entry["titles"]:
            pattern = regex.compile(rf"^\s*{spaced_title(title)}(?![\p{{L}}\d])")
            titles.append((pattern, entry["slug"], title))
        for abbr in entry["abbreviations"] + entry["old_abbreviations"]:
            exact[abbr] = entry["slug"]
            folded.setdefault(fold(abbr), set()).add(entry["slug"])
    titles.sort(key=lambda t: -len(t[2]))
    return TypeVocab(tuple(titles), exact, folded)


def _is_upper(text: str) -> bool:
    letters = regex.sub(r"\P{L}", "", text)
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def title_line(header: Header) -> tuple[str, int, int, str] | None:
    """The type title line in the header: (slug, start, end, title) of the first upper-case piece
    that starts with a type title ("THÔNG BÁO", "THÔNG BÁO KẾT LUẬN"), not a body name."""
    for seg in header.segments:
        if seg.kind != "plain" or not _is_upper(seg.text):
            continue
        folded = header.folded_of(seg)
        for pattern, slug, title in vocab().titles:
            m = pattern.match(folded)
            if not m:
                continue
            extra = folded[m.end() :].split()
            if len(extra) > TITLE_MAX_EXTRA_WORDS:
                break
            start = seg.start + len(seg.text) - len(seg.text.lstrip())
            return slug, start, seg.start + m.end(), title
    return None


def slug_of_abbreviation(abbr: str) -> str | None:
    v = vocab()
    abbr = abbr.replace("Ð", "Đ")
    if abbr in v.exact:
        return v.exact[abbr]
    slugs = v.folded.get(fold(abbr), set())
    return next(iter(slugs)) if len(slugs) == 1 else None
