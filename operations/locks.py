"""Advisory file locks (fcntl.flock) that keep a watcher and a nightly run, or two of either, from
processing the same folder, database or document at once.

Three kinds, all released by the kernel when the holder dies (even by SIGKILL), so a crash never
leaves a stale lock behind:
- a folder lock `<DIR>/.congvan.lock`, held by a watcher for its life and by a nightly run while it
  sweeps the folder (kept inside the folder so two machines sharing it over SMB/NFS see it too);
- a run lock `<db>.lock`, held by a nightly run so two never sweep into one database;
- document locks `<db>.locks/<2 hex>.lock`, striped by the first byte of the content hash, held
  while one document goes from extraction to its stored record. Striping keeps the number of
  files fixed (256) instead of leaving one file per document behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from congvan.files import state_dir
from congvan.tracker.url import Tracker

FOLDER_LOCK_NAME = ".congvan.lock"

log = logging.getLogger("congvan.locks")


class LockHeld(Exception):
    """Someone else holds the lock; the message names the lock file and the holder's pid."""


class LockWaitStopped(Exception):
    """The stop event (SIGTERM, ^C) was set while waiting for a lock."""


class FileLock:
    """An exclusive flock on one file; the holder's pid is written into it for the message."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, timeout: float = 0.0, stop: threading.Event | None = None) -> None:
        """Take the lock, waiting at most `timeout` seconds; raise LockHeld otherwise, and
        LockWaitStopped as soon as `stop` is set (SIGTERM must not wait out an hour-long timeout).

        The descriptor is closed on every way out but success, so a failure (ENOSPC, EIO, a
        signal) never leaves the flock held inside this process."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            self._wait(fd, timeout, stop)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._write_pid(fd)

    def _wait(self, fd: int, timeout: float, stop: threading.Event | None) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if stop is not None and stop.is_set():
                    raise LockWaitStopped(f"stopped while waiting for {self.path}") from None
                if time.monotonic() >= deadline:
                    raise LockHeld(f"{self.path} is held by another congvan process{_read_holder(fd)}") from None
                if stop is not None:
                    stop.wait(0.05)
                else:
                    time.sleep(0.05)

    def _write_pid(self, fd: int) -> None:
        """The pid only makes a LockHeld message clearer: a full disk must not cost the lock."""
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as exc:
            log.warning("lock %s taken, but its holder pid could not be written: %s", self.path, exc.strerror)

    def release(self) -> None:
        if self._fd is not None:
            # Unlock before close so the pid is never read back as the holder's.
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read_holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


def folder_lock(folder: Path) -> FileLock:
    """The lock of a drop folder or swept folder: inside it when writable, else in the state dir."""
    folder = folder.resolve()
    if os.access(folder, os.W_OK):
        return FileLock(folder / FOLDER_LOCK_NAME)
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:16]
    return FileLock(state_dir() / f"folder-{digest}.lock")


def run_lock(tracker: Tracker) -> FileLock:
    base = tracker.lock_base
    return FileLock(base.with_name(base.name + ".lock"))


class DocumentLocks:
    """Per-content locks for one database, so the same bytes are never extracted twice at once."""

    def __init__(self, tracker: Tracker) -> None:
        base = tracker.lock_base
        self.folder = base.with_name(base.name + ".locks")

    @contextlib.contextmanager
    def hold(self, sha256: str, timeout: float = 3600.0, stop: threading.Event | None = None) -> Iterator[None]:
        lock = FileLock(self.folder / f"{sha256[:2]}.lock")
        lock.acquire(timeout, stop)
        try:
            yield
        finally:
            lock.release()
