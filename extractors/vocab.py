"""Vocabulary tables (document types, signing prefixes, purposes, governing bodies …) kept as
data files in extractors/data/, loaded once per process and never mutated."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_table(name: str) -> Any:
    """Load extractors/data/<name>.json. Callers must treat the result as read-only."""
    with resources.files("congvan.extractors.data").joinpath(f"{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def table_names() -> list[str]:
    return sorted(
        p.name.removesuffix(".json")
        for p in resources.files("congvan.extractors.data").iterdir()
        if p.name.endswith(".json")
    )
