"""Stage 1: find the documents under the given paths and read each one's bytes.

A document is one file, or an ordered set of page images named `<stem>.<ext>`, `<stem>_p2.<ext>`,
`<stem>_p3.<ext>` … (a phone or scanner often saves a letter page by page).
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

from congvan.errors import CorruptFile, EmptyFile, EncryptedFile, FileTooLarge, UnsupportedMediaType
from congvan.pipeline.document import SourceFile
from congvan.pipeline.media import detect_media_type
from congvan.pipeline.settings import Settings

log = logging.getLogger("congvan.load")

DOCUMENT_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff"})
# Office encrypts a .docx into an OLE2 compound file; Word 97-2003 .doc is one too.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})

# "030_p2.jpg": page 2 of the document whose first page is "030.jpg"
PAGE_FILE = regex.compile(r"^(?P<stem>.+)_p(?P<page>\d{1,3})$")

# Files an office PC or a copy leaves behind that are never documents.
# matches "~$công văn.docx", ".~lock.báo cáo.docx#", "scan.pdf.part", "Thumbs.db"
IGNORED_NAME = regex.compile(
    r"""^(?: ~\$.* | \.~lock.* | .*\.part | .*\.crdownload | .*\.tmp
           | \.DS_Store | Thumbs\.db | desktop\.ini | \..* )$""",
    regex.VERBOSE | regex.IGNORECASE,
)


@dataclass(frozen=True)
class DocumentInput:
    """One document to process: its main file and further page files."""

    path: Path
    extra_pages: tuple[Path, ...] = ()

    @property
    def stem(self) -> str:
        return self.path.stem


def is_ignored(path: Path) -> bool:
    return bool(IGNORED_NAME.match(path.name))


def discover(paths: Iterable[Path]) -> tuple[list[DocumentInput], list[Path]]:
    """Documents under `paths` (files as given; folders searched recursively for document
    suffixes), page images grouped; returns (documents, skipped files).

    In a folder, nothing leads out of it: a link is taken (by its target's path) only when it
    resolves to a regular file inside the folder, and links elsewhere (a link to /etc/shadow in a
    swept share was stored and downloadable), pipes, sockets and devices are skipped with a log line."""
    files: list[Path] = []
    skipped: list[Path] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(_regular_files_within(path)):
                if is_ignored(child) or any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.suffix.lower() in DOCUMENT_SUFFIXES:
                    files.append(child)
                else:
                    skipped.append(child)
        else:
            files.append(path)  # named explicitly: the user gets an error if it is not a document
    return group_pages(files), skipped


def _regular_files_within(folder: Path) -> Iterator[Path]:
    """Regular files under `folder`, without following any link out of it (or into a loop)."""
    root = folder.resolve()
    seen: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        for name in dirnames:
            if (here / name).is_symlink():
                log.warning("%s: a link to a folder; not followed", here / name)
        for name in filenames:
            child = here / name
            try:
                st = child.lstat()
            except OSError:
                continue
            if stat.S_ISLNK(st.st_mode):
                target = _inside(child, root)
                if target is None:
                    log.warning("%s: a link leading out of %s (or to no regular file); skipped", child, folder)
                    continue
                child = folder / target.relative_to(root)
            elif not stat.S_ISREG(st.st_mode):
                log.warning("%s: not a regular file (a pipe, socket or device); skipped", child)
                continue
            if child not in seen:
                seen.add(child)
                yield child


def _inside(link: Path, root: Path) -> Path | None:
    """The resolved target of `link` when it is a regular file inside `root`, else None."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if root not in target.parents or not stat.S_ISREG(target.lstat().st_mode):
        return None
    return target


def group_pages(files: list[Path]) -> list[DocumentInput]:
    """Attach `<stem>_pN` page images to the `<stem>` image in the same folder."""
    by_key = {(f.parent, f.stem, f.suffix.lower()): f for f in files}
    extra: dict[Path, list[tuple[int, Path]]] = {}
    consumed: set[Path] = set()
    for f in files:
        m = PAGE_FILE.match(f.stem)
        if not m or f.suffix.lower() not in IMAGE_SUFFIXES:
            continue
        first = next(
            (by_key[(f.parent, m["stem"], s)] for s in IMAGE_SUFFIXES if (f.parent, m["stem"], s) in by_key), None
        )
        if first is not None:
            extra.setdefault(first, []).append((int(m["page"]), f))
            consumed.add(f)
    return [
        DocumentInput(f, tuple(p for _, p in sorted(extra.get(f, []))))
        for f in files
        if f not in consumed
    ]


def load(doc: DocumentInput, settings: Settings) -> SourceFile:
    """Read the bytes, hash them, detect the media type from the bytes (not the name)."""
    path = doc.path
    if not path.is_file():
        raise UnsupportedMediaType(f"{path}: not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile(f"{path.name}: the file is empty (0 bytes)")
    if size > settings.max_file_bytes:
        raise FileTooLarge(f"{path.name}: {size} bytes is over the limit of {settings.max_file_bytes} bytes")
    data = path.read_bytes()
    media_type = detect_media_type(data)
    if data.startswith(OLE2_MAGIC):
        raise EncryptedFile(
            f"{path.name}: a password-protected Office document (or an old binary .doc); "
            "save it without a password as .docx or PDF"
        )
    if media_type == "application/octet-stream" and path.suffix.lower() in (".pdf", ".docx"):
        raise CorruptFile(
            f"{path.name}: named {path.suffix.lower()} but the bytes are not a readable "
            f"{path.suffix.lower().lstrip('.').upper()} (they start with {data[:8]!r})"
        )
    if media_type == "application/octet-stream":
        raise UnsupportedMediaType(
            f"{path.name}: not a document congvan reads (PDF, DOCX, text, PNG/JPEG/TIFF image); "
            f"the bytes start with {data[:8]!r}"
        )
    return SourceFile(
        path=path,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        extra_pages=doc.extra_pages,
    )
