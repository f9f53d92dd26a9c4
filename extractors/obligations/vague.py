"""Co-operators too vague to be assignees ("các cơ quan liên quan"): the gold guide keeps them as
supporting bodies only. Its own module because both the table reader and the prose pipeline ask,
and the table reader reads its cells with the prose pipeline."""

from __future__ import annotations

from functools import cache

from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table


@cache
def _markers() -> tuple[str, ...]:
    return tuple(load_table("table_columns")["vague_supporting"])


def is_vague(name: str) -> bool:
    """ "các cơ quan liên quan": a co-operator too vague to be an assignee."""
    folded = fold(name)
    return any(marker in folded for marker in _markers())
