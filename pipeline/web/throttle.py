"""Sign-in throttling: after too many failed sign-ins for one name, or from one client address,
within a window, further attempts are refused (HTTP 429 with Retry-After) until the oldest
failures leave the window. A success clears the name's failures.

Failures are rows in the tracker's database, not process memory, so every server process on the
tracker counts the same attempts and a restart does not reset them. The address limit is higher
than the name limit: clerks of one office often share one address (NAT).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.store.base import SqlStore

FAILURES_TABLE = """CREATE TABLE IF NOT EXISTS web_signin_failures (
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    at BIGINT NOT NULL
)"""
FAILURES_INDEXES = (
    "CREATE INDEX IF NOT EXISTS web_signin_failures_name ON web_signin_failures (name, at)",
    "CREATE INDEX IF NOT EXISTS web_signin_failures_address ON web_signin_failures (address, at)",
)


@dataclass(frozen=True)
class ThrottlePolicy:
    window_s: int = 15 * 60
    per_name: int = 5  # failed sign-ins for one name within the window
    per_address: int = 20  # failed sign-ins from one address (any names) within the window


def ensure_table(store: SqlStore) -> None:
    with store._write():
        store._run(FAILURES_TABLE)
        for sql in FAILURES_INDEXES:
            store._run(sql)


def _key(name: str) -> str:
    return name.strip().casefold()[:64]


def retry_after(store: SqlStore, policy: ThrottlePolicy, name: str, address: str, now: int) -> int | None:
    """Seconds to wait before this name may try again from this address; None: it may try now."""
    since = now - policy.window_s
    waits = []
    for column, value, limit in (("name", _key(name), policy.per_name), ("address", address, policy.per_address)):
        rows = store._run(
            f"SELECT at FROM web_signin_failures WHERE {column} = ? AND at > ? ORDER BY at", (value, since)
        )
        if len(rows) >= limit:
            # Attempts resume when enough failures have left the window to fall under the limit.
            waits.append(int(rows[len(rows) - limit][0]) + policy.window_s - now)
    return max(1, max(waits)) if waits else None


def record_failure(store: SqlStore, policy: ThrottlePolicy, name: str, address: str, now: int) -> None:
    with store._write():
        store._run("DELETE FROM web_signin_failures WHERE at <= ?", (now - policy.window_s,))
        store._run(
            "INSERT INTO web_signin_failures (name, address, at) VALUES (?, ?, ?)", (_key(name), address, now)
        )


def clear(store: SqlStore, name: str) -> None:
    """A successful sign-in: the name's failures (from every address) are forgotten."""
    with store._write():
        store._run("DELETE FROM web_signin_failures WHERE name = ?", (_key(name),))
