"""Pair the obligations of a re-extracted record with the stored ones, so statuses and notes that
people gave a task survive a better extractor rewording or re-splitting it."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from congvan.extractors.textutil import fold

MIN_SCORE = 55.0  # below this similarity two tasks are different duties
POSITION_PENALTY = 3.0  # per place moved, so equal texts pair in order


@dataclass(frozen=True)
class Stored:
    id: int
    position: int
    text: str


def match(old: list[Stored], new_texts: list[str]) -> dict[int, int]:
    """new position → stored obligation id, greedily by best similarity (one-to-one)."""
    scored: list[tuple[float, int, int]] = []
    for o in old:
        fo = fold(o.text)
        for pos, text in enumerate(new_texts):
            score = fuzz.token_set_ratio(fo, fold(text)) - POSITION_PENALTY * abs(o.position - pos)
            if score >= MIN_SCORE:
                scored.append((score, pos, o.id))
    scored.sort(key=lambda s: (-s[0], s[1]))
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, pos, oid in scored:
        if pos in pairs or oid in used:
            continue
        pairs[pos] = oid
        used.add(oid)
    return pairs
