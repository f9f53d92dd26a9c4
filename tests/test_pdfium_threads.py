"""PDFium is not thread-safe; the web server renders page images and reads text layers on a thread
pool. Without the shared lock this crashed `congvan serve` (two page images of 003 at once)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text.pdf import pdf_pages
from congvan.web.evidence import render_page

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"


def test_concurrent_renders_and_text_reads_in_one_process() -> None:
    pdfs = [DOCS / "003.pdf", DOCS / "016.pdf"]

    def work(i: int) -> int:
        path = pdfs[i % 2]
        if i % 3 == 0:
            pages, _ = pdf_pages(path.read_bytes(), Settings(ocr=OcrMode.NEVER))
            return len(pages)
        return len(render_page(path, 1 + i % 2, scale=0.5))

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(48)))
    assert all(r > 0 for r in results)
