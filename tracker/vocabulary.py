"""The local vocabulary: body names clerks corrected, exported from the tracker to the JSON file
extraction reads (Settings.local_vocabulary → extractors/canonical.load_local_names), so the next
documents from that body are spelled as corrected without extraction querying a database."""

from __future__ import annotations

import logging
from pathlib import Path

from congvan.extractors.canonical import local_names_json
from congvan.files import write_atomic
from congvan.tracker.api import Store
from congvan.tracker.url import Tracker

log = logging.getLogger(__name__)


def write_local_vocabulary(store: Store, path: Path) -> int:
    """Rewrite the file from every correction so far; returns how many names it holds."""
    names = store.learned_names()
    write_atomic(path, local_names_json(names))
    return len(names)


def refresh_local_vocabulary(tracker: Tracker) -> int | None:
    """Bring the tracker's vocabulary file up to date before a run takes documents in (another
    machine's web page may have made the corrections of a shared server tracker). Writes nothing
    while nobody corrected a name; a tracker that cannot be read leaves the file as it is (None):
    the vocabulary helps extraction, it never stops it."""
    from congvan.tracker import open_store

    try:
        with open_store(tracker) as store:
            if not store.learned_names() and not tracker.vocabulary.exists():
                return 0
            return write_local_vocabulary(store, tracker.vocabulary)
    except Exception as exc:  # noqa: BLE001 — an aid to extraction: a run goes on without it
        log.warning("local vocabulary not refreshed from %s: %s", tracker, exc)
        return None
