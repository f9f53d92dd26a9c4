"""The orchestrator: one document goes load → text → normalise → extract → assemble/validate.

Reads top to bottom as the list of stages. Every exception becomes a DocumentResult here, in one
place, so a bad file never stops a run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path

from congvan.errors import CongvanError, ExitCode, NeedsOCR
from congvan.extractors.canonical import load_local_names
from congvan.pipeline.assemble import assemble, needs_ocr_record
from congvan.pipeline.document import DocumentText
from congvan.pipeline.extract import run_extractors
from congvan.pipeline.load import DocumentInput, load
from congvan.pipeline.normalise import normalise
from congvan.pipeline.result import DocumentResult, Status, status_of
from congvan.pipeline.settings import Settings
from congvan.pipeline.text import acquire_text
from congvan.schemas.record import Record, TextOrigin

log = logging.getLogger("congvan")


def version() -> str:
    try:
        return metadata.version("congvan")
    except metadata.PackageNotFoundError:
        return "0.2.0+src"


def process(doc: DocumentInput, settings: Settings) -> DocumentResult:
    """Process one document; never raises."""
    started = time.perf_counter()
    source = None
    try:
        source = load(doc, settings)
        text = acquire_text(source, settings)
        text = normalise(text)
        keep_text(doc, text, settings)
        extraction = run_extractors(
            text.text, is_ocr=text.origin is TextOrigin.OCR, handwritten=text.handwritten,
            repaired=any(page.repaired for page in text.pages),
            local_names=load_local_names(settings.local_vocabulary),
            marks_lost=text.marks_lost,
        )
        record = assemble(source, text, extraction, version())
        return DocumentResult(doc.path, status_of(record), record, seconds=time.perf_counter() - started)
    except NeedsOCR as exc:
        if source is None:
            return DocumentResult(
                doc.path, Status.FAILED, reason=exc.reason, stage=exc.stage, exit_code=exc.exit_code
            )
        pages = getattr(exc, "pages", 0) or 0
        record = needs_ocr_record(source, exc.reason, pages, version())
        return DocumentResult(
            doc.path, Status.NEEDS_OCR, record, reason=exc.reason, stage=exc.stage,
            seconds=time.perf_counter() - started,
        )
    except CongvanError as exc:
        return DocumentResult(
            doc.path, Status.FAILED, reason=exc.reason, stage=exc.stage, seconds=time.perf_counter() - started,
            exit_code=exc.exit_code,
        )
    except Exception as exc:  # noqa: BLE001 — the one place where any failure becomes a result
        log.debug("internal error on %s", doc.path, exc_info=True)
        return DocumentResult(
            doc.path, Status.FAILED, reason=f"internal error: {type(exc).__name__}: {exc}", stage="pipeline",
            seconds=time.perf_counter() - started, exit_code=ExitCode.FAILED,
        )


def keep_text(doc: DocumentInput, text: DocumentText, settings: Settings) -> None:
    if settings.keep_work is None:
        return
    settings.keep_work.mkdir(parents=True, exist_ok=True)
    (settings.keep_work / f"{doc.stem}.txt").write_text(text.text, encoding="utf-8")
    for page in text.pages:
        if page.raw_ocr_text is not None:
            (settings.keep_work / f"{doc.stem}.p{page.number}.raw-ocr.txt").write_text(page.raw_ocr_text, "utf-8")


def process_many(docs: Sequence[DocumentInput], settings: Settings, jobs: int = 1) -> Iterator[DocumentResult]:
    """Results in completion order; documents in parallel processes when jobs > 1."""
    if jobs <= 1 or len(docs) <= 1:
        for doc in docs:
            yield process(doc, settings)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(process, doc, settings) for doc in docs]
        for future in futures:
            yield future.result()


def extract_file(path: Path, settings: Settings | None = None) -> Record | None:
    """Library convenience: the record of one file (None if it could not be read)."""
    return process(DocumentInput(path), settings or Settings()).record
