"""The local vocabulary: body names clerks corrected, exported from the tracker to the JSON file
extraction reads (Settings.local_vocabulary → extractors/canonical.load_local_names), so the next
documents from that body are spelled as corrected without extraction querying a database."""

from __future__ import annotations

from pathlib import Path

from congvan.extractors.canonical import local_names_json
from congvan.files import write_atomic
from congvan.tracker.api import Store


def write_local_vocabulary(store: Store, path: Path) -> int:
    """Rewrite the file from every correction so far; returns how many names it holds."""
    names = store.learned_names()
    write_atomic(path, local_names_json(names))
    return len(names)
