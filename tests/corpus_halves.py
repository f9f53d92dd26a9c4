"""Which half of the corpus a document belongs to, read from corpus/MANIFEST.tsv (its `half` column).

The one place tests pick documents by half. Tests that assert accuracy on corpus documents keep to
the `first` corpus (the documents the rules were written on); the `tuning` and `sealed` halves of
corpus-real-2 are scored by `congvan eval corpus/`, where low scores are reported, not asserted.
Checks that hold for any document (gold and records follow the contract) cover every half.
"""

from __future__ import annotations

from pathlib import Path

from congvan.evaluation.evaluate import read_halves

MANIFEST = Path(__file__).resolve().parents[1] / "corpus" / "MANIFEST.tsv"
HALVES = read_halves(MANIFEST)  # document stem → "first", "tuning" or "sealed"
FIRST = "first"


def half_of(name: str) -> str:
    """The half of a corpus file or stem ("t04.txt", "000_e566c0ecd86c5a3b-pdf"); KeyError if unlisted."""
    return HALVES[Path(name).stem]


def in_first(name: str) -> bool:
    return half_of(name) == FIRST
