"""The two hooks every SQL engine supplies, on which the shared queries are written."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

Row = tuple[Any, ...]


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SqlHooks(ABC):
    @abstractmethod
    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run one statement written with `?` placeholders; its rows (none for a write)."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[None]:
        """One write transaction, serialised against other writers (processes included)."""
