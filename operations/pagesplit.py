"""The page split of the Celery engine: a long scan's pages OCR'd by several workers at once.

A worker given a PDF whose pages to OCR number more than its `--split-pages` (and while its queue
is short, so other workers are idle) does not read it alone: it replaces its task by a chord, a
group of page tasks (one page rendered and OCR'd each, on whatever worker is free) whose results
are the pages' OCR cache entries, joined by a task that stores those entries in its own OCR cache
and takes the document as any other (`take_document`). The record is the one a single process
makes by construction: the join runs the same pipeline and finds each page's Tesseract output in
its cache. A page task that fails only costs time: the join reads that page itself, and reports
the failure the way a single process would.

The functions `plan` and `read_page` run in the lane's sandbox (time and memory limits, its own
process group), as the document itself would: they parse and render an untrusted PDF.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from congvan.operations.lane import IntakeLane
from congvan.operations.sandbox import CallFailed
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.media import PDF, detect_media_type
from congvan.pipeline.ocr.engine import cache_entries, restore_cache_entries
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text.pdf import ocr_one_page, ocr_page_numbers

log = logging.getLogger("congvan.worker")

NEVER = 0  # --split-pages 0: every document is read whole by one worker


def plan(path: str, settings: Settings) -> list[int]:
    """The page numbers the pipeline will OCR in this file ([] for anything but a PDF)."""
    data = Path(path).read_bytes()
    if detect_media_type(data) != PDF:
        return []
    return ocr_page_numbers(data, settings)


def read_page(path: str, number: int, settings: Settings) -> dict[str, Any]:
    """OCR one page into the cache; its entries, to be stored by the worker that joins."""
    assert settings.cache_dir is not None
    key = ocr_one_page(Path(path).read_bytes(), number, settings)
    return {"page": number, "key": key, "entries": cache_entries(key, settings.cache_dir)}


def pages_to_split(lane: IntakeLane, doc: DocumentInput, settings: Settings, split_pages: int) -> list[int]:
    """The pages to OCR apart, or [] when the document is read whole: the split is off, OCR is
    off or uncached (the join must find the pages), the document is pages of images (already one
    file a page) or has no more pages to OCR than `split_pages`."""
    if split_pages <= NEVER or settings.cache_dir is None or settings.ocr == OcrMode.NEVER or doc.extra_pages:
        return []
    if doc.path.suffix.lower() != ".pdf":
        return []
    try:
        numbers = lane.call(plan, str(doc.path), settings)
    except (CallFailed, OSError) as exc:
        log.info("%s: not split (%s); read whole", doc.path.name, exc)
        return []
    return numbers if len(numbers) > split_pages else []


def read_page_safely(lane: IntakeLane, path: str, number: int, settings: Settings) -> dict[str, Any] | None:
    """A page task's body: never raises, so the chord always joins (None: the join reads the page)."""
    try:
        return lane.call(read_page, path, number, settings)
    except (CallFailed, OSError) as exc:
        log.warning("%s: page %d not read apart (%s); the join reads it", Path(path).name, number, exc)
        return None


def restore(pages: list[dict[str, Any] | None], cache_dir: Path) -> int:
    """Store the page tasks' cache entries; how many pages came back."""
    stored = 0
    for page in pages:
        if page is None:
            continue
        restore_cache_entries(str(page["key"]), dict(page["entries"]), cache_dir)
        stored += 1
    return stored
