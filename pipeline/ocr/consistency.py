"""One reading for a phrase the document prints several times.

Recognition slips are scattered: a dispatch about "nhà tạm, nhà dột nát" prints the phrase a
dozen times and Tesseract reads "đột nát" in two of them; an exam notice reads "kỳ thì" once and
"kỳ thi" three times. Where the same two syllables (marks folded away) are read several ways in
one document, the minority readings take the reading the document gives most, provided that
reading is a dictionary word or a pair seen in administrative text and theirs is not, and each
changed syllable is a plausible misreading of it. A syllable changes only where the majority was
also read with the same word on its other side ("nhà dột nát" for "nhà đột nát"; "nhà cửa" twice
says nothing about "nhà của hộ nghèo"), in a case the majority writes it in (names stay), and
when it forms no known pair with that other neighbour ("xã hội thành phố" stays in a document
about the "Hội thánh Tin lành": "thành phố" is a word). A word two pairs disagree on is left.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from congvan.extractors.syllables import is_valid
from congvan.extractors.textutil import fold
from congvan.pipeline.ocr.diacritics import (
    ADDED_MARK,
    WHITESPACE,
    Chunk,
    Lexicon,
    adjacent,
    channel_cost,
    identity,
    lexicon,
    with_case,
    words_of,
)

# The majority reading must be seen this many times, and this many times as often as the one
# it replaces.
MIN_MAJORITY = 2
MIN_RATIO = 2
# A changed syllable may differ by one added tone at most (the dearest slip the channel allows).
MAX_COST = ADDED_MARK


@dataclass(frozen=True)
class Spot:
    """Where a word sits: text index and index of its whitespace-split part."""

    text: int
    part: int


@dataclass(frozen=True)
class Occurrence:
    first: Spot
    second: Spot
    a: Chunk
    b: Chunk
    before: str | None  # the word before the pair, lower case, when in the same phrase
    after: str | None


def known(pair: tuple[str, str], lex: Lexicon) -> bool:
    """A dictionary word or a pair seen in administrative text, both syllables as written."""
    return pair in lex.words or pair in lex.pairs


def harmonise(texts: Sequence[str]) -> tuple[list[str], int]:
    """The texts (one document's pages) with minority readings of repeated pairs replaced, and
    how many words changed."""
    lex = lexicon()
    split = [WHITESPACE.split(t) for t in texts]
    seen: defaultdict[tuple[str, str], Counter[tuple[str, str]]] = defaultdict(Counter)
    where: defaultdict[tuple[str, str], list[Occurrence]] = defaultdict(list)
    for t, parts in enumerate(split):
        words = words_of(parts)
        for k in range(len(words) - 1):
            if not adjacent(words[k], words[k + 1]):
                continue
            (i, a), (j, b) = words[k], words[k + 1]
            assert a.core and b.core
            pair = (a.core.lower(), b.core.lower())
            if not (is_valid(pair[0]) and is_valid(pair[1])):
                continue
            seen[(fold(pair[0]), fold(pair[1]))][pair] += 1
            before = neighbour(words, k, -1)
            after = neighbour(words, k + 1, 1)
            where[pair].append(Occurrence(Spot(t, i), Spot(t, j), a, b, before, after))
    # every rewrite proposed for a word; a word two pairs disagree on is left
    proposals: defaultdict[Spot, set[str]] = defaultdict(set)
    for variants in seen.values():
        if len(variants) < 2:
            continue
        (best, n), *_ = variants.most_common(1)
        if n < MIN_MAJORITY or not known(best, lex):
            continue
        for pair, m in variants.items():
            if pair == best or n < MIN_RATIO * m or known(pair, lex) or not plausible(pair, best):
                continue
            for occurrence in where[pair]:
                for spot, text in rewrites(occurrence, best, where[best], lex):
                    proposals[spot].add(text)
    changed = 0
    for spot, texts_for_spot in proposals.items():
        if len(texts_for_spot) == 1:
            split[spot.text][spot.part] = texts_for_spot.pop()
            changed += 1
    return ["".join(parts) for parts in split], changed


def plausible(pair: tuple[str, str], best: tuple[str, str]) -> bool:
    return all(identity(a) == identity(b) or channel_cost(a, b) <= MAX_COST for a, b in zip(pair, best, strict=True))


def shape(chunk: Chunk) -> str:
    core = chunk.core or ""
    return "upper" if core.isupper() and len(core) > 1 else "title" if core[:1].isupper() else "lower"


def neighbour(words: list[tuple[int, Chunk]], k: int, step: int) -> str | None:
    """The word before (step -1) or after (+1) word k, lower case, when they share a phrase."""
    other = k + step
    if not 0 <= other < len(words):
        return None
    if not adjacent(*sorted((words[k], words[other]), key=lambda w: w[0])):
        return None
    return (words[other][1].core or "").lower()


def same_word(a: str | None, b: str | None) -> bool:
    return (a is None) == (b is None) and (a is None or fold(a) == fold(b or ""))


def rewrites(at: Occurrence, best: tuple[str, str], majority: list[Occurrence], lex: Lexicon) -> list[tuple[Spot, str]]:
    """The words of the minority occurrence `at` to rewrite to the majority reading `best`. A word
    changes only where a majority occurrence has the same word on its other side (the whole
    three-word context was read the majority's way: "nhà dột nát" for "nhà đột nát", while "nhà
    cửa" twice says nothing about "nhà của hộ nghèo"), in a case the majority writes it in, and
    when it forms no known pair with that other neighbour ("thành" of "thành phố")."""
    out = []
    sides = ((at.first, at.a, best[0], at.before, True), (at.second, at.b, best[1], at.after, False))
    for spot, chunk, word, outer, left in sides:
        assert chunk.core
        own = chunk.core.lower()
        if identity(own) == identity(word):
            continue
        alike = [o for o in majority if same_word(o.before if left else o.after, outer)]
        if not any(shape(o.a if left else o.b) == shape(chunk) for o in alike):
            continue
        if outer is not None and known((outer, own) if left else (own, outer), lex):
            continue
        out.append((spot, chunk.lead + with_case(word, chunk.core) + chunk.trail))
    return out
