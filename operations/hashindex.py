"""A local cache beside the tracker: (path, size, mtime_ns) → sha256, and failures per content.

Not the tracker (that is the tracker): losing this file only costs re-hashing. It lets a
nightly re-run over 10,000 unchanged files skip reading them, and keeps a file that failed from
being read again every night by the same extractor version (a zip bomb would cost its time limit
each run); `--retry-failed` ignores the failures.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS failures (
    sha256 TEXT NOT NULL, extractor_version TEXT NOT NULL, stage TEXT, reason TEXT,
    PRIMARY KEY (sha256, extractor_version)
);
"""


@dataclass(frozen=True)
class Failure:
    stage: str | None
    reason: str | None


class HashIndex:
    """Loaded whole into memory at open (a few MB for 100,000 files); written back in batches."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30)
        self._db.executescript(_SCHEMA)
        self._files = {
            row[0]: (row[1], row[2], row[3])
            for row in self._db.execute("SELECT path, size, mtime_ns, sha256 FROM files")
        }
        self._pending: list[tuple[str, int, int, str]] = []

    def lookup(self, path: Path, size: int, mtime_ns: int) -> str | None:
        known = self._files.get(str(path))
        if known is None or known[0] != size or known[1] != mtime_ns:
            return None
        return known[2]

    def remember(self, path: Path, size: int, mtime_ns: int, sha256: str) -> None:
        self._files[str(path)] = (size, mtime_ns, sha256)
        self._pending.append((str(path), size, mtime_ns, sha256))
        if len(self._pending) >= 500:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", self._pending)
            self._pending.clear()

    def failure(self, sha256: str, extractor_version: str) -> Failure | None:
        row = self._db.execute(
            "SELECT stage, reason FROM failures WHERE sha256 = ? AND extractor_version = ?",
            (sha256, extractor_version),
        ).fetchone()
        return Failure(row[0], row[1]) if row else None

    def record_failure(
        self, sha256: str, extractor_version: str, stage: str | None, reason: str | None
    ) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?)",
                (sha256, extractor_version, stage, reason),
            )

    def close(self) -> None:
        self.flush()
        self._db.close()
