"""A tracker filled from the corpus for the web tests: the text documents and the two born-digital
PDFs (003, 016), read without OCR, plus one editor and one reader account; the browser tests add
one scan (030.jpg) read with OCR into an OCR cache the server then uses."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tracker_fixtures import CORPUS, SEED_000, TEXT_DOCS, add_account, corpus_record

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.tracker import open_store
from congvan.web.users import Role

WEB_DOCS = [*TEXT_DOCS, "003.pdf", "016.pdf"]
EDITOR = ("bientap", "mat-khau-bien-tap")
READER = ("chixem", "mat-khau-chi-xem")
# 4515/VKSTC-T5 asks the units for a "báo cáo sơ kết" due 20/11/2021: overdue on this day.
TODAY = "2021-11-25"


@dataclass(frozen=True)
class WebCorpus:
    url: str
    report_obligation: int  # the 4515/VKSTC-T5 task "Báo cáo của các đơn vị gửi về …" (due 20/11/2021)
    report_document: int
    pdf_document: int  # 003.pdf, a text-layer PDF


def fill_tracker(db_file: Path) -> WebCorpus:
    url = f"sqlite:///{db_file}"
    store = open_store(url)
    try:
        ids: dict[str, int] = {}
        for name in WEB_DOCS:
            ids[name] = store.ingest(corpus_record(name), str(CORPUS / name)).document_id
        add_account(store, *EDITOR, Role.EDITOR)
        add_account(store, *READER, Role.READER)
        tasks = [o for o in store.obligations() if o.document_id == ids[SEED_000]]
        report = next(o for o in tasks if o.text.startswith("Báo cáo của các đơn vị"))
    finally:
        store.close()
    return WebCorpus(url, report.id, ids[SEED_000], ids["003.pdf"])


SCAN = "030.jpg"  # a one-page photo of a dispatch (Sở GD&ĐT Đà Nẵng, 1906/SGDĐT-CTrTT)


def add_scan(url: str, ocr_cache: Path) -> int:
    """Read the scan with OCR (its page goes into `ocr_cache`) and store it: its document id."""
    result = process(DocumentInput(CORPUS / SCAN), Settings(ocr=OcrMode.AUTO, cache_dir=ocr_cache, ocr_jobs=1))
    assert result.record is not None, result.reason
    store = open_store(url)
    try:
        return store.ingest(result.record, str(CORPUS / SCAN)).document_id
    finally:
        store.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(base: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"congvan serve exited with {proc.returncode}")
        try:
            urllib.request.urlopen(base + "/login", timeout=2).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError("congvan serve did not answer within a minute")
