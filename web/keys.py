"""The key that signs the session cookies, kept out of the tracker database: whoever holds a copy
of the database (a backup, a local user) must not be able to sign a cookie.

It comes from $CONGVAN_SECRET_KEY, else from a file of its own, mode 0600: `congvan serve
--secret-file`, else `<tracker>.key` beside a SQLite tracker (for PostgreSQL, in the state
directory; several servers on one PostgreSQL tracker share the file or the variable). The file is
made on first use; `congvan users rotate-key` writes a new one, and a running server reads it again
when the file changes, so rotating signs everyone out at once.
"""

from __future__ import annotations

import os
import secrets
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from congvan.tracker.url import Tracker

ENV = "CONGVAN_SECRET_KEY"
MIN_ENV_KEY = 32  # characters: a short passphrase would be guessable offline from one cookie


class SecretKeyError(ValueError):
    """The key cannot be used (a file others can read, a short variable); the message says why."""


@dataclass(frozen=True)
class KeySource:
    file: Path | None  # None: the key is the environment's
    env_value: str | None = None

    def describe(self) -> str:
        return f"${ENV}" if self.file is None else str(self.file)


def default_key_file(tracker: Tracker) -> Path:
    """Beside a SQLite file (`congvan.db.key`); in the state directory for a server database."""
    return Path(f"{tracker.lock_base}.key")


def key_source(tracker: Tracker, secret_file: Path | None = None, environ: dict[str, str] | None = None) -> KeySource:
    env = (os.environ if environ is None else environ).get(ENV)
    if env:
        if len(env) < MIN_ENV_KEY:
            raise SecretKeyError(f"${ENV} is shorter than {MIN_ENV_KEY} characters")
        return KeySource(None, env)
    return KeySource(secret_file or default_key_file(tracker))


def _new_key() -> str:
    return secrets.token_urlsafe(48)


def _read(path: Path) -> str:
    st = path.stat()
    if st.st_mode & 0o077:
        raise SecretKeyError(f"{path} can be read by others (mode {stat.S_IMODE(st.st_mode):o}): chmod 600 {path}")
    key = path.read_text().strip()
    if len(key) < MIN_ENV_KEY:
        raise SecretKeyError(f"{path} holds no key (shorter than {MIN_ENV_KEY} characters)")
    return key


def load_key(source: KeySource) -> str:
    """The key; a missing file is made now (0600). Concurrent first servers: one creates it, the
    others read what it wrote (O_EXCL)."""
    if source.file is None:
        assert source.env_value is not None
        return source.env_value
    path = source.file
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = _new_key()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(key + "\n")
                out.flush()
                os.fsync(out.fileno())
            return key
    return _read(path)


def rotate_key(source: KeySource) -> Path:
    """Write a new key in place of the old (atomically, 0600). The caller ends the sessions."""
    if source.file is None:
        raise SecretKeyError(f"the key comes from ${ENV}: change it there and restart the server")
    path = source.file
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # 0600
    try:
        with os.fdopen(fd, "w") as out:
            out.write(_new_key() + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


class SigningKey:
    """The current key for a running server: the file is looked at (one stat) on every request and
    read again when it was replaced, so a rotation applies without a restart."""

    def __init__(self, source: KeySource) -> None:
        self.source = source
        self._stamp: tuple[int, int] | None = None
        self._key = load_key(source)
        self._stamp = self._file_stamp()

    def _file_stamp(self) -> tuple[int, int] | None:
        if self.source.file is None:
            return None
        try:
            st = self.source.file.stat()
        except OSError:
            return self._stamp  # gone for a moment (being replaced): keep the key we have
        return (st.st_ino, st.st_mtime_ns)

    def current(self) -> str:
        stamp = self._file_stamp()
        if stamp != self._stamp:
            self._key = load_key(self.source)
            self._stamp = stamp
        return self._key
