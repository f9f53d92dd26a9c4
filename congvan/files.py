"""Writing files so that nothing is ever half-written or overwritten.

The ground floor: the CLI, the operations and the tracker's exports all write through these, and
they import nothing of congvan's.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

_CHUNK = 1 << 20
NAME_MAX = 255  # bytes in one file name on ext4, XFS, btrfs, tmpfs and SMB shares
TEMP_STEM = 40  # bytes of the real name kept in a temporary's name, so a person can tell what it is


def _digest(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:10]


def _cut(text: str, size: int) -> str:
    """The longest prefix of `text` that is at most `size` bytes in UTF-8 (never half a letter)."""
    raw = text.encode("utf-8", "surrogateescape")[:size]
    return raw.decode("utf-8", "ignore")


def temp_name(name: str, suffix: str) -> str:
    """A temporary's name prefix for `name`: a 40-byte cut plus a hash, whatever the name's length
    (`.{name}.XXXXXXXX.tmp` passed 255 bytes for an 80-letter Vietnamese subject used as a name)."""
    return f".{_cut(name, TEMP_STEM)}~{_digest(name)}{suffix}"


def fit_name(name: str, reserve: int = 0) -> str:
    """`name`, or when it and `reserve` more bytes (a sidecar suffix, a " (2)") pass 255 bytes,
    its stem cut to fit with a hash of the whole name before the extension, so two long names
    that share a beginning stay apart and the file keeps its type:
    `Quyết định về việc … (200 bytes more).pdf` → `Quyết định về việc …~3f2a9c01d4.pdf`."""
    room = NAME_MAX - reserve
    if len(name.encode("utf-8", "surrogateescape")) <= room:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext.encode()) > 16:
        stem, ext = name, ""
    tail = f"~{_digest(name)}" + (f".{ext}" if ext else "")
    return _cut(stem, room - len(tail.encode("utf-8", "surrogateescape"))) + tail


def write_atomic(path: Path, text: str) -> None:
    """Write-to-temporary-then-rename, so a reader never sees half a record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=temp_name(path.name, "."), suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~current_umask())  # mkstemp makes 0600; records are for the office
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def move_no_clobber(src: Path, dst: Path) -> None:
    """Move `src` to `dst`, raising FileExistsError rather than replacing anything."""
    try:
        os.link(src, dst)  # atomic and refuses an existing name, unlike rename
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise FileExistsError(dst) from exc
        if exc.errno == errno.EXDEV:
            copy_across(src, dst)
        elif exc.errno in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            # A share without hard links: the folder lock keeps other congvan processes out.
            if dst.exists():
                raise FileExistsError(dst) from exc
            os.rename(src, dst)
            fsync_dir(dst.parent)
            fsync_dir(src.parent)
            return
        else:
            raise
    fsync_dir(dst.parent)
    os.unlink(src)
    fsync_dir(src.parent)


def copy_across(src: Path, dst: Path) -> None:
    tmp = dst.with_name(temp_name(dst.name, f".{os.getpid()}.part"))
    try:
        with src.open("rb") as fin, tmp.open("xb") as fout:
            shutil.copyfileobj(fin, fout, _CHUNK)
            fout.flush()
            os.fsync(fout.fileno())
        shutil.copystat(src, tmp)
        try:
            os.link(tmp, dst)
        except FileExistsError:
            raise
        except OSError:
            if dst.exists():
                raise FileExistsError(dst) from None
            os.rename(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def state_dir() -> Path:
    """Where congvan keeps state that cannot sit beside what it belongs to (locks of a server
    database, of a read-only folder): $CONGVAN_STATE_DIR, else $XDG_STATE_HOME, else ~/.local/state."""
    base = os.environ.get("CONGVAN_STATE_DIR") or os.environ.get("XDG_STATE_HOME")
    return Path(base) / "congvan" if base else Path.home() / ".local" / "state" / "congvan"
