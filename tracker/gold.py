"""Corrected documents out as gold records in the corpus format (corpus/GOLD-GUIDE.md): the stored
record, with what clerks fixed, without `source` and the evidence spans, so `congvan eval GOLD PRED`
measures the extractor against what clerks fixed. Each file is named by the document's SHA-256:
a prediction made from the same bytes is named the same way (`gold_name`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from congvan.files import write_atomic
from congvan.tracker.api import Store, StoredDocument

# What a gold record leaves out: where the record came from and how it was read, not the document.
NOT_GOLD = ("source", "evidence", "status", "extractor_version", "warnings")
# List fields whose items carry an evidence span of their own.
ITEMS_WITH_EVIDENCE = ("tasks", "events", "references")


def gold_record(record: dict[str, Any]) -> dict[str, Any]:
    gold = {k: v for k, v in record.items() if k not in NOT_GOLD}
    for key in ITEMS_WITH_EVIDENCE:
        gold[key] = [{k: v for k, v in item.items() if k != "evidence"} for item in gold.get(key) or []]
    return gold


def gold_name(sha256: str) -> str:
    """The file name of a document's gold record (and of a prediction to score against it)."""
    return f"{sha256}.json"


def write_gold(store: Store, out: Path) -> list[Path]:
    """One gold file per corrected document (duplicates by number included: their own bytes)."""
    written: list[Path] = []
    for doc in store.corrected_documents():
        written.append(_write(doc, out))
    return written


def _write(doc: StoredDocument, out: Path) -> Path:
    path = out / gold_name(doc.sha256)
    write_atomic(path, json.dumps(gold_record(doc.record), ensure_ascii=False, indent=2) + "\n")
    return path
