"""Rebuild extractors/data/header_marks.json: the word pairs, with their marks, that header lines
are written with, keyed by their folded letters ("dau thau" → "đấu thầu").

Sources (issue #14, "trained from the corpus"): the gold records of the corpus's `first` and
`tuning` halves only (never `sealed`: MANIFEST.tsv's `half` column decides), their header strings
(issuer, issuer_parent, subject, signer title and on-behalf line, recipients) and task texts; and
the maintained vocabularies extractors/data/provinces.json, body_names.json, doc_types.json,
signing_prefixes.json (signer titles) and governing_bodies.json.
Only pairs of words printed next to each other in one phrase count (a comma or a dash ends it).

Run: /work/main/.venv/bin/python scripts/build_header_marks.py
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "extractors" / "data"
OUT = DATA / "header_marks.json"
HALVES = {"first", "tuning"}
VOCABULARIES = (
    "provinces.json", "body_names.json", "doc_types.json", "signing_prefixes.json", "governing_bodies.json",
)
PROVINCES = "provinces.json"
PROVINCE_UNITS = ("tỉnh", "thành phố")
# Letters of one phrase: "Ủy ban nhân dân tỉnh" (any other character ends it).
PHRASE = regex.compile(r"""\p{L}+(?:[ ]+\p{L}+)*""", regex.VERBOSE)


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def strings(value: Any) -> Iterator[str]:
    """Every string inside a JSON value, skipping `_about`-style notes."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not str(key).startswith("_"):
                yield from strings(item)


def gold_strings(gold: dict[str, Any]) -> Iterator[str]:
    for key in ("issuer", "issuer_parent", "subject"):
        if isinstance(gold.get(key), str):
            yield gold[key]
    signer = gold.get("signer") or {}
    for key in ("title", "on_behalf_of"):
        if isinstance(signer.get(key), str):
            yield signer[key]
    for recipient in gold.get("recipients") or []:
        if isinstance(recipient, dict) and isinstance(recipient.get("name"), str):
            yield recipient["name"]
    for task in gold.get("tasks") or []:
        if isinstance(task, dict) and isinstance(task.get("text"), str):
            yield task["text"]


def corpus_gold() -> Iterator[dict[str, Any]]:
    """Gold records of the first and tuning halves (a stem's -pdf/-docx twins included)."""
    with (ROOT / "corpus" / "MANIFEST.tsv").open(encoding="utf-8") as f:
        stems = {Path(row["file"]).stem for row in csv.DictReader(f, delimiter="\t") if row["half"] in HALVES}
    for stem in sorted(stems):
        path = ROOT / "corpus" / "gold" / f"{stem}.json"
        if path.exists():
            yield json.loads(path.read_text(encoding="utf-8"))


def pairs_of(text: str) -> Iterator[tuple[str, str]]:
    for run in PHRASE.findall(unicodedata.normalize("NFC", text)):
        yield from pairwise(run.lower().split())


def main() -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for gold in corpus_gold():
        for text in gold_strings(gold):
            counts.update(pairs_of(text))
    for name in VOCABULARIES:
        for text in strings(json.loads((DATA / name).read_text(encoding="utf-8"))):
            counts.update(pairs_of(text))
            if name == PROVINCES and text[:1].isupper():
                # a header names a province after its unit word: "UBND TỈNH BẮC NINH"
                for unit in PROVINCE_UNITS:
                    counts.update(pairs_of(f"{unit} {text}"))
    readings: dict[str, dict[str, int]] = defaultdict(dict)
    for (a, b), n in sorted(counts.items()):
        readings[f"{fold(a)} {fold(b)}"][f"{a} {b}"] = n
    OUT.write_text(
        json.dumps(
            {
                "_about": (
                    "Word pairs of header lines with their marks, keyed by their folded letters, with how "
                    "often each reading was seen. Built by scripts/build_header_marks.py from the gold of the "
                    "corpus's first and tuning halves (header strings and tasks) and from provinces.json, "
                    "body_names.json, doc_types.json, signing_prefixes.json and governing_bodies.json (provinces "
                    "also after 'tỉnh' and 'thành phố'); do not edit by hand."
                ),
                "pairs": dict(sorted(readings.items())),
            },
            ensure_ascii=False,
            indent=0,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(readings)} folded pairs, {sum(len(v) > 1 for v in readings.values())} with several readings")


if __name__ == "__main__":
    main()
