"""The tracker URL, parsed once at the door into a frozen `Tracker`: which engine, where its data
is, and where the locks that guard it live. Everything below takes the parsed object, so no
worker thread re-reads the string.

Accepted (SQLAlchemy style): `sqlite:///rel/path.db`, `sqlite:////abs/path.db`, `sqlite://` (in
memory), `postgresql://user@host:port/db` (also `postgres://` and `postgresql+psycopg://`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from congvan.files import state_dir

DEFAULT_URL = "sqlite:///congvan.db"
MEMORY = ":memory:"


class Engine(StrEnum):
    SQLITE = "sqlite"
    POSTGRES = "postgresql"


@dataclass(frozen=True)
class Tracker:
    """Where the tracker is. `target` is the SQLite file (or ":memory:") or the psycopg DSN."""

    url: str  # as given, for messages
    engine: Engine
    target: str
    lock_base: Path  # `<base>.lock` (run lock), `<base>.locks/` (document locks), `<base>.hashindex`

    def __str__(self) -> str:
        return self.url

    @property
    def vocabulary(self) -> Path:
        """The local vocabulary: names clerks corrected, written by the tracker after each such
        correction and read by extraction (Settings.local_vocabulary), which never queries the
        database. Beside a SQLite file; in the state directory for a server database."""
        return self.lock_base.with_name(self.lock_base.name + ".vocabulary.json")


def default_url() -> str:
    """$CONGVAN_DB, else a SQLite file in the current directory."""
    return os.environ.get("CONGVAN_DB") or DEFAULT_URL


def open_tracker(url: str | Tracker | None = None) -> Tracker:
    """Parse a tracker URL (None: `default_url()`); a `Tracker` passes through. Raises ValueError."""
    if isinstance(url, Tracker):
        return url
    url = url or default_url()
    scheme, sep, rest = url.partition(":")
    scheme = scheme.lower()
    if sep and scheme == "sqlite":
        path = _sqlite_path(url, rest)
        return Tracker(url, Engine.SQLITE, path, _lock_base(url, path))
    if sep and (scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+")):
        dsn = "postgresql:" + rest  # psycopg knows no SQLAlchemy driver suffix (postgresql+psycopg)
        return Tracker(url, Engine.POSTGRES, dsn, _lock_base(url, None))
    raise ValueError(f"unsupported database URL (want sqlite:///FILE or postgresql://…): {url}")


def _sqlite_path(url: str, rest: str) -> str:
    if rest in ("", "//", "///:memory:"):
        return MEMORY
    if not rest.startswith("///") or rest == "///":
        raise ValueError(f"not a SQLite URL (want sqlite:///path): {url}")
    return rest[3:]


def _lock_base(url: str, sqlite_path: str | None) -> Path:
    """Beside a SQLite file (two machines sharing its folder see the same locks); in the state
    directory, named by the URL's hash, for a server database or an in-memory one."""
    if sqlite_path is not None and sqlite_path != MEMORY:
        return Path(sqlite_path).resolve()
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    return state_dir() / f"db-{digest}"
