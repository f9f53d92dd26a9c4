"""Checks made once at start-up, so a service that cannot do its job says so and exits instead of
retrying every file forever: the tracker database and the folders it writes to are writable."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from congvan.errors import FolderNotWritable
from congvan.tracker.url import MEMORY, Engine, Tracker


def check_tracker_writable(tracker: Tracker) -> None:
    """A SQLite tracker must be writable (raises TrackerReadOnly); a server database says so itself."""
    if tracker.engine is Engine.SQLITE and tracker.target != MEMORY:
        from congvan.tracker.sqlite import check_writable

        db = Path(tracker.target)
        db.parent.mkdir(parents=True, exist_ok=True)
        check_writable(db)


def check_folders_writable(folders: Iterable[tuple[str, Path]]) -> None:
    """Each (label, folder) exists or can be made, and a file can be created and removed in it.

    A real probe, not os.access: root passes every permission check but not a read-only mount."""
    for label, folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, probe = tempfile.mkstemp(dir=folder, prefix=".congvan-probe-")
            os.close(fd)
            os.unlink(probe)
        except OSError as exc:
            raise FolderNotWritable(
                f"không ghi được vào thư mục {label} {folder} ({exc.strerror}) / "
                f"the {label} folder {folder} is not writable: fix its permissions or the mount"
            ) from exc
