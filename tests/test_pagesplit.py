"""The page split's pieces outside Celery: which pages of a PDF the pipeline OCRs (found from the
text layer alone, as `pdf_pages` decides), one page OCR'd into the cache and its entries carried to
another cache, and `Sandbox.call` under the lane's limits. Real corpus files, real Tesseract (the
shared OCR cache keeps it quick)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from congvan.operations import pagesplit
from congvan.operations.sandbox import CallFailed, Limits, Sandbox
from congvan.pipeline.ocr.engine import cache_entries, restore_cache_entries
from congvan.pipeline.settings import Settings
from congvan.pipeline.text.pdf import ocr_page_numbers, pdf_pages
from congvan.schemas.record import TextOrigin

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "docs"
SHARED_CACHE = Path(
    os.environ.get("CONGVAN_CACHE") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "congvan"
)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("003.pdf", id="text-layer"),
        pytest.param("009.pdf", id="scan-5-pages"),
        pytest.param("016.pdf", id="text-layer-4-pages"),
        pytest.param("027.pdf", id="scan-with-noisy-layer"),
        pytest.param("002.pdf", id="scan-with-esign-stamps"),
    ],
)
def test_ocr_page_numbers_are_the_pages_pdf_pages_ocrs(name: str) -> None:
    data = (CORPUS / name).read_bytes()
    settings = Settings(cache_dir=SHARED_CACHE)
    pages, _ = pdf_pages(data, settings)
    assert ocr_page_numbers(data, settings) == [p.number for p in pages if p.origin is TextOrigin.OCR]


def test_a_page_read_apart_is_found_in_another_cache(tmp_path: Path) -> None:
    """A page OCR'd on one machine: its entries stored on another make pdf_pages read the same
    page there from them (only the handwriting reader, never cached, runs Tesseract again)."""
    data = (CORPUS / "012.pdf").read_bytes()
    here = Settings(cache_dir=SHARED_CACHE)
    key = pagesplit.read_page(str(CORPUS / "012.pdf"), 1, here)["key"]
    entries = cache_entries(key, SHARED_CACHE)
    assert "tsv" in entries
    there = tmp_path / "cache"
    restore_cache_entries(key, entries, there)
    assert cache_entries(key, there) == entries
    files = {p.name: p.stat().st_ino for p in there.rglob(f"{key}.*")}
    assert pdf_pages(data, Settings(cache_dir=there)) == pdf_pages(data, here)
    # read, not recomputed: a miss stores the page anew (a new file by rename, a new inode)
    assert {p.name: p.stat().st_ino for p in there.rglob(f"{key}.*")} == files


def test_restored_entries_never_name_a_path(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a page key"):
        restore_cache_entries("../../etc", {"tsv": "x"}, tmp_path)
    restore_cache_entries("a" * 64, {"tsv": "x", "../evil": "y", "TSV": "z"}, tmp_path)
    assert cache_entries("a" * 64, tmp_path) == {"tsv": "x"}


def test_sandbox_call_returns_raises_and_survives_a_crash(tmp_path: Path) -> None:
    sandbox = Sandbox(Settings(), Limits(time_s=60))
    try:
        assert sandbox.call(pagesplit.plan, str(CORPUS / "003.pdf"), Settings()) == []
        assert sandbox.call(pagesplit.plan, str(CORPUS / "009.pdf"), Settings()) == [1, 2, 3, 4, 5]
        with pytest.raises(CallFailed, match="FileNotFoundError"):
            sandbox.call(pagesplit.plan, str(tmp_path / "missing.pdf"), Settings())
        with pytest.raises(CallFailed, match="worker killed by SIGKILL"):
            sandbox.call(os.kill, 0, 9)  # the worker's own process group: it dies, we do not
        assert sandbox.call(pagesplit.plan, str(CORPUS / "t04.txt"), Settings()) == []  # a fresh worker
    finally:
        sandbox.close()


def test_producers_do_not_load_the_pipeline() -> None:
    """`nightly --engine celery` and `watch --engine celery` import the Celery engine's modules to
    enqueue: the page split's pipeline (PDF rendering, OpenCV) stays out of them."""
    import json
    import subprocess
    import sys

    code = (
        "import json, sys; import congvan.operations.distributed; "
        "print(json.dumps(sorted(m for m in ('cv2', 'pypdfium2', 'congvan.pipeline.ocr.engine') if m in sys.modules)))"
    )
    env = {"PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    assert json.loads(out.stdout) == []
