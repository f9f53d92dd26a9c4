"""How a long-running service (the drop-folder watcher, a nightly sweep) is doing, in a small JSON
file in the state directory that `congvan status` reads: a service that stops while looking alive
is as bad as a lost file to an office that trusts it overnight.

The intake lanes write it (operations/lane.py): documents queued and done, the time of the last
finished document, and the reason of the current retry (a database that went away, a full disk).
Writing is best-effort: the state directory may sit on the very disk that is full.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from congvan.files import state_dir, write_atomic

log = logging.getLogger("congvan.health")

STALL_AFTER = 900.0  # seconds with documents waiting and none finished: the service is stalled
WRITE_EVERY = 2.0  # seconds between rewrites of the file while documents flow


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


# "postgresql://office:s3cret@db/congvan": the password part, never written to the status file
URL_PASSWORD = re.compile(r"(?P<user>//[^:/@\s]+):[^@/\s]*@", re.VERBOSE)


def without_password(text: str) -> str:
    return URL_PASSWORD.sub(r"\g<user>:***@", text)


def status_folder() -> Path:
    return state_dir() / "status"


@dataclass
class ServiceState:
    """What the status file holds (one per service and folder/tracker)."""

    service: str  # "watch" or "nightly"
    about: str  # the inbox or swept folders, and the tracker
    pid: int = field(default_factory=os.getpid)
    started: str = field(default_factory=_now)
    updated: str = field(default_factory=_now)
    last_progress: str | None = None  # when a document last finished (any outcome)
    state: str = "running"  # running, retrying, stopped
    reason: str | None = None  # why it is retrying
    retrying_since: str | None = None
    queued: int = 0
    done: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # outcome → documents
    current: str | None = None  # the long document being read: "name: page 12/60"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ServiceState:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class Health:
    """The status file of one service; thread-safe (every lane of a pool reports into it)."""

    def __init__(self, service: str, about: str, folder: Path | None = None) -> None:
        digest = hashlib.sha256(about.encode()).hexdigest()[:12]
        self.path = (folder or status_folder()) / f"{service}-{digest}.json"
        self.state = ServiceState(service=service, about=without_password(about))
        self._lock = threading.Lock()
        self._written = 0.0
        self._warned = False
        # per-page progress of a long document, for a terminal's bar (the CLI sets it)
        self.on_page: Callable[[str, int, int], None] | None = None
        self._write(force=True)

    def page(self, name: str, done: int, total: int) -> None:
        with self._lock:
            self.state.current = f"{name}: page {done}/{total}" if done < total else None
            # a page read is progress too: a 60-page scan is not a stalled service
            self.state.last_progress = _now()
            self._write()
        if self.on_page is not None:
            self.on_page(name, done, total)

    def queued(self, n: int = 1) -> None:
        with self._lock:
            self.state.queued += n
            self._write()

    def finished(self, outcome: str, retry_reason: str | None = None) -> None:
        """A document came back; `retry_reason` when it was left to take again because of the
        service's surroundings (database, disk), not because of the document."""
        with self._lock:
            s = self.state
            s.done += 1
            s.counts[outcome] = s.counts.get(outcome, 0) + 1
            if retry_reason is not None:
                if s.state != "retrying" or s.reason != retry_reason:
                    log.warning("retrying: %s", retry_reason)
                    s.retrying_since = s.retrying_since or _now()
                force = s.state != "retrying" or s.reason != retry_reason
                s.state, s.reason = "retrying", retry_reason
            else:
                if s.state == "retrying":
                    log.warning("recovered after retrying since %s (%s)", s.retrying_since, s.reason)
                force = s.state == "retrying"
                s.state, s.reason, s.retrying_since = "running", None, None
                s.last_progress = _now()
            self._write(force=force)

    def stopped(self) -> None:
        with self._lock:
            self.state.state = "stopped"
            self._write(force=True)

    def _write(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._written < WRITE_EVERY:
            return
        self.state.updated = _now()
        try:
            write_atomic(self.path, json.dumps(asdict(self.state), ensure_ascii=False, indent=2) + "\n")
            self._written = now
        except OSError as exc:
            if not self._warned:
                log.warning("cannot write the status file %s: %s", self.path, exc.strerror)
                self._warned = True


@dataclass(frozen=True)
class Verdict:
    state: ServiceState
    health: str  # ok, retrying, stalled, stopped, dead
    why: str


def _age(stamp: str | None, now: datetime) -> float | None:
    if stamp is None:
        return None
    return (now - datetime.fromisoformat(stamp)).total_seconds()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def judge(state: ServiceState, now: datetime | None = None, stall_after: float = STALL_AFTER) -> Verdict:
    """ok / retrying / stalled / stopped / dead (the process is gone without saying it stopped)."""
    now = now or datetime.now().astimezone()
    waiting = state.queued - state.done
    if state.state == "stopped":
        return Verdict(state, "stopped", "stopped normally")
    if not _alive(state.pid):
        return Verdict(state, "dead", f"process {state.pid} is gone ({waiting} documents were waiting)")
    if state.state == "retrying":
        since = _age(state.retrying_since, now) or 0.0
        return Verdict(state, "retrying", f"{state.reason} (for {since:.0f} s)")
    quiet = _age(state.last_progress or state.started, now) or 0.0
    if waiting > 0 and quiet > stall_after:
        return Verdict(state, "stalled", f"{waiting} documents waiting, none finished for {quiet:.0f} s")
    return Verdict(state, "ok", f"{waiting} documents waiting" if waiting else "idle")


def read_all(folder: Path | None = None) -> list[ServiceState]:
    out = []
    for path in sorted((folder or status_folder()).glob("*.json")):
        try:
            out.append(ServiceState.from_json(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            continue
    return out
