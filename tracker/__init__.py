"""The tracker's storage: `open_store(url)` picks the engine from a SQLAlchemy-style URL."""

from __future__ import annotations

import os

from congvan.tracker.api import Store

DEFAULT_URL = "sqlite:///congvan.db"


def default_url() -> str:
    """$CONGVAN_DB, else a SQLite file in the current directory."""
    return os.environ.get("CONGVAN_DB") or DEFAULT_URL


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating on first use) the tracker at `url`."""
    url = url or default_url()
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        from congvan.tracker.sqlite import SqliteStore

        return SqliteStore(url)
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        from congvan.tracker.postgres import PostgresStore

        return PostgresStore(url)
    raise ValueError(f"unsupported database URL (want sqlite:///FILE or postgresql://…): {url}")


__all__ = ["DEFAULT_URL", "Store", "default_url", "open_store"]
