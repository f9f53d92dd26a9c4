"""The real `congvan watch` as a subprocess on a temporary inbox: every dropped file ends exactly
once in archive or failed, byte-identical, and the tracker holds each good document once."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from congvan.pipeline.load import is_ignored
from tests.ops_corpus import CORPUS, bad_corpus, cli_env, congvan, sha256, text_documents, tracker_rows

STABLE = 1.0
IGNORED_DROPS = (
    "~$Công văn.docx",
    ".~lock.report.docx#",
    "upload.part",
    ".DS_Store",
    "Thumbs.db",
    ".hidden.pdf",
)


def drop_slowly(source: Path, dest: Path, chunks: int = 5, pause: float = STABLE * 0.6) -> None:
    """Write a file the way a slow SMB copy does: in pieces, each pause shorter than the stability delay."""
    data = source.read_bytes()
    step = max(1, len(data) // chunks)
    with dest.open("wb") as fh:
        for start in range(0, len(data), step):
            fh.write(data[start : start + step])
            fh.flush()
            time.sleep(pause)


class Watcher:
    def __init__(self, root: Path, *extra: str) -> None:
        self.root = root
        self.inbox, self.archive, self.failed = root / "inbox", root / "archive", root / "failed"
        self.inbox.mkdir(exist_ok=True)
        self.db = root / "tracker.db"
        self.log = root / "watch.log"
        args = congvan(
            "watch",
            str(self.inbox),
            "--db",
            f"sqlite:///{self.db}",
            "--archive",
            str(self.archive),
            "--failed",
            str(self.failed),
            "--ocr",
            "never",
            "--stable",
            str(STABLE),
            "--rescan",
            "2",
            "--time-limit",
            "90",
            "--memory-limit",
            "1024",
            *extra,
        )
        self.proc = subprocess.Popen(
            args,
            env=cli_env(root / "state"),
            stdout=subprocess.DEVNULL,
            stderr=self.log.open("w"),
        )
        deadline = time.monotonic() + 30
        while "watching" not in self.log.read_text(encoding="utf-8"):
            assert self.proc.poll() is None, self.log.read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the watcher did not start"
            time.sleep(0.1)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(60)


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[Watcher]:
    w = Watcher(tmp_path)
    yield w
    if w.proc.poll() is None:
        w.proc.kill()
        w.proc.wait()


def wait_until_only_ignored_left(inbox: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = [p for p in inbox.iterdir() if not is_ignored(p)]
        if not left:
            return
        time.sleep(0.5)
    raise AssertionError(f"still in the inbox after {timeout} s: {sorted(p.name for p in left)}")


@pytest.mark.slow
def test_every_dropped_file_is_accounted_for_exactly_once(watcher: Watcher, tmp_path: Path) -> None:
    staging = tmp_path / "staging"
    good = text_documents(staging, 8, prefix="cv")
    for name in ("003.pdf", "016.pdf", "030.jpg", "030_p2.jpg"):
        shutil.copy(CORPUS / name, staging / name)
    shutil.copy(good[0], staging / "cv-0000 bản sao.txt")  # the same bytes under another name
    corpus = bad_corpus()
    entries = corpus.build(staging)
    dropped = {p.name: sha256(p) for p in staging.iterdir()}

    slow = {name for name, e in entries.items() if e.slow} | {"016.pdf"}
    writers = [
        threading.Thread(target=drop_slowly, args=(staging / n, watcher.inbox / n)) for n in sorted(slow)
    ]
    for t in writers:
        t.start()
    for name in sorted(dropped):
        if name not in slow:
            shutil.copy(staging / name, watcher.inbox / name)
    for name in IGNORED_DROPS:
        (watcher.inbox / name).write_bytes(b"temporary")
    for t in writers:
        t.join()

    wait_until_only_ignored_left(watcher.inbox, timeout=240)
    assert watcher.stop() == 0
    log = watcher.log.read_text(encoding="utf-8")

    # Exactly once, byte-identical, in the expected folder.
    archived = {p.name: sha256(p) for p in watcher.archive.iterdir() if not p.name.endswith(".json")}
    failed = {p.name: sha256(p) for p in watcher.failed.iterdir() if not p.name.endswith(".json")}
    assert not set(archived) & set(failed)
    assert {**archived, **failed} == dropped, log
    expect_failed = {n for n, e in entries.items() if e.expect == "failed"} | {"030.jpg", "030_p2.jpg"}
    assert set(failed) == expect_failed, log
    for name, entry in entries.items():
        if entry.expect == "failed":
            error = json.loads((watcher.failed / f"{name}.error.json").read_text(encoding="utf-8"))
            assert entry.reason in error["reason"], (name, error["reason"])
            assert error["tools"]["tesseract"]
    # Temporary and system files are left alone.
    assert sorted(p.name for p in watcher.inbox.iterdir() if p.name != ".congvan.lock") == sorted(
        IGNORED_DROPS
    )

    # The tracker: every good document once; of the two same-bytes copies, whichever came second
    # is archived with a note instead of being stored again.
    rows = tracker_rows(watcher.db)
    assert len(rows) == len({r[0] for r in rows}) == len(set(archived.values()))
    assert {r[0] for r in rows} == set(archived.values())
    notes = [
        json.loads((watcher.archive / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("cv-0000.txt", "cv-0000 bản sao.txt")
    ]
    assert sorted(bool(n.get("duplicate")) for n in notes) == [False, True]


def test_refuses_an_archive_inside_the_inbox(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    done = subprocess.run(
        congvan(
            "watch",
            str(tmp_path / "inbox"),
            "--archive",
            str(tmp_path / "inbox" / "archive"),
            "--db",
            f"sqlite:///{tmp_path / 'db'}",
        ),
        env=cli_env(tmp_path / "state"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "inside the inbox" in done.stderr


def test_a_second_watcher_on_the_same_inbox_is_refused(watcher: Watcher, tmp_path: Path) -> None:
    done = subprocess.run(
        congvan(
            "watch",
            str(watcher.inbox),
            "--db",
            f"sqlite:///{tmp_path / 'other.db'}",
            "--archive",
            str(tmp_path / "a2"),
            "--failed",
            str(tmp_path / "f2"),
        ),
        env=cli_env(tmp_path / "state"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    assert f"pid {watcher.proc.pid}" in done.stderr
    assert watcher.stop() == 0


@pytest.mark.slow
def test_polling_mode_takes_files_in_subfolders_and_page_sets_together(tmp_path: Path) -> None:
    # --poll is the mode for SMB/NFS shares; --recursive takes sub-folders (one per clerk, say).
    w = Watcher(tmp_path, "--poll", "0.5", "--recursive", "--rescan", "600")
    try:
        clerk = w.inbox / "Phòng Hành chính"
        clerk.mkdir()
        [doc] = text_documents(tmp_path / "staging", 1)
        shutil.copy(CORPUS / "030.jpg", clerk / "030.jpg")
        drop_slowly(CORPUS / "030_p2.jpg", clerk / "030_p2.jpg", chunks=3)
        drop_slowly(doc, clerk / doc.name, chunks=3)
        deadline = time.monotonic() + 90
        while any(clerk.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert w.stop() == 0
    finally:
        if w.proc.poll() is None:
            w.proc.kill()
    log = w.log.read_text(encoding="utf-8")
    assert list(clerk.iterdir()) == [], log
    assert "030.jpg (+1 pages): FAILED" in log  # one document of two pages (OCR is off here)
    assert sorted(p.name for p in w.failed.iterdir()) == ["030.jpg", "030.jpg.error.json", "030_p2.jpg"]
    assert (w.archive / doc.name).read_bytes() == doc.read_bytes()
