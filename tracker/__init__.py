"""The tracker's storage: `open_tracker(url)` parses a SQLAlchemy-style URL once into a `Tracker`
(tracker/url.py); `open_store(tracker)` connects to it with the engine the URL names."""

from __future__ import annotations

from congvan.tracker.api import Store
from congvan.tracker.url import DEFAULT_URL, Engine, Tracker, default_url, open_tracker


def open_store(url: Tracker | str | None = None) -> Store:
    """Open (creating and migrating on first use) the tracker; a URL string (or None: the default)
    is parsed first, for callers that hold one (tests, benchmarks)."""
    tracker = open_tracker(url)
    if tracker.engine is Engine.SQLITE:
        from congvan.tracker.sqlite import SqliteStore

        return SqliteStore(tracker.target)
    from congvan.tracker.postgres import PostgresStore

    return PostgresStore(tracker.target)


__all__ = ["DEFAULT_URL", "Engine", "Store", "Tracker", "default_url", "open_store", "open_tracker"]
