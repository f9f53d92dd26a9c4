"""Pausing between attempts at a file that could not be finished for a reason outside it (an
unwritable folder, a read-only database, a full disk), and saying so once.

Per file and per cause: the pause doubles from `base` to `cap` while the same cause repeats, and
starts again at `base` when the cause changes. One log line when a file starts failing, when its
cause changes and when it goes through; the attempts in between are logged at debug level only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("congvan.watch")


@dataclass
class _Failing:
    cause: str
    attempts: int
    due: float  # monotonic time of the next attempt
    reason: str


class Retries:
    def __init__(self, base: float, cap: float) -> None:
        self.base = base
        self.cap = max(cap, base)
        self._files: dict[Path, _Failing] = {}

    def failed(self, path: Path, cause: str, reason: str, now: float) -> float:
        """Note one more failed attempt; returns the pause before the next one."""
        old = self._files.get(path)
        attempts = old.attempts + 1 if old is not None and old.cause == cause else 1
        delay = min(self.cap, self.base * 2 ** (attempts - 1))
        self._files[path] = _Failing(cause, attempts, now + delay, reason)
        if attempts == 1:
            log.warning("%s: cannot finish (%s): %s; retrying, pauses up to %g s", path.name, cause, reason, self.cap)
        else:
            log.debug("%s: attempt %d failed (%s); next in %g s", path.name, attempts, cause, delay)
        return delay

    def succeeded(self, path: Path) -> None:
        old = self._files.pop(path, None)
        if old is not None:
            log.warning("%s: went through after %d failed attempts (%s)", path.name, old.attempts, old.cause)

    def forget(self, path: Path) -> None:
        self._files.pop(path, None)

    def waiting(self, path: Path, now: float) -> bool:
        entry = self._files.get(path)
        return entry is not None and now < entry.due

    def failing(self) -> dict[Path, tuple[str, int, str]]:
        """Files now failing: cause, attempts, last reason (for a status line)."""
        return {p: (f.cause, f.attempts, f.reason) for p, f in self._files.items()}
