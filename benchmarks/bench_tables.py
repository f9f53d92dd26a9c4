"""Table detection speed (issue #15): the text of a 20-page text-layer PDF whose appendix is a ruled
table of tasks running over most pages, with and without the table reader (pdfplumber's table
finder runs only on pages whose text shows a table-of-tasks header and on the pages a table
continues onto), per page; the row reader on the resulting text; and one scanned table page
(300 dpi): finding its ruling lines, reading its cells with Tesseract, the whole page's OCR.

    PYTHONPATH=. python benchmarks/bench_tables.py
"""

from __future__ import annotations

import hashlib
import io
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from congvan.extractors.obligations.tables import table_tasks  # noqa: E402
from congvan.pipeline.document import SourceFile  # noqa: E402
from congvan.pipeline.ocr import tables as scan_tables  # noqa: E402
from congvan.pipeline.settings import Settings  # noqa: E402
from congvan.pipeline.text import acquire_text  # noqa: E402
from congvan.pipeline.text import pdf as pdf_text  # noqa: E402
from tests import tables_fixtures  # noqa: E402

PAGES = 20


def long_plan() -> bytes:
    """The test kế hoạch with its appendix rows repeated until the PDF has PAGES pages."""
    base = tables_fixtures.rows()
    header, body = base[0], base[1:]
    rows = [header]
    while len(rows) < 40 * PAGES:
        rows.extend(body)
    with mock.patch.object(tables_fixtures, "rows", lambda: rows):
        data = tables_fixtures.build_pdf(spacer_mm=0)
    n = 40 * PAGES
    while pdf_text.open_pdf(data).__len__() > PAGES and n > 10:
        n -= 20
        with mock.patch.object(tables_fixtures, "rows", lambda n=n: rows[:n]):
            data = tables_fixtures.build_pdf(spacer_mm=0)
    return data


def timed_text(data: bytes, tables: bool, repeat: int = 3) -> tuple[float, str]:
    source = SourceFile(Path("plan.pdf"), data, hashlib.sha256(data).hexdigest(), "")
    runs = []
    text = ""
    for _ in range(repeat):
        start = time.perf_counter()
        if tables:
            text = acquire_text(source, Settings()).text
        else:
            with mock.patch.object(pdf_text, "with_tables", lambda d, i, w, width, t, c, *fonts: (t, None)):
                text = acquire_text(source, Settings()).text
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), text


def main() -> None:
    data = long_plan()
    pages = len(pdf_text.open_pdf(data))
    plain, _ = timed_text(data, tables=False)
    with_tables, text = timed_text(data, tables=True)
    table_tasks(text[: text.index(" | ") + 2000], date(2025, 1, 15))  # loads the obligations pipeline
    start = time.perf_counter()
    tasks, spans = table_tasks(text, date(2025, 1, 15))
    rows_time = time.perf_counter() - start
    print(f"{pages}-page text-layer PDF, {text.count(' | ')} cell separators")
    print(f"text without tables: {plain * 1000:.0f} ms ({plain / pages * 1000:.1f} ms/page)")
    print(f"text with tables:    {with_tables * 1000:.0f} ms ({with_tables / pages * 1000:.1f} ms/page)")
    print(f"rows → tasks, pipeline loaded: {rows_time * 1000:.0f} ms, {len(tasks)} tasks in {len(spans)} tables")

    scan = tables_fixtures.build_scan()
    gray = np.asarray(Image.open(io.BytesIO(scan)).convert("L"))
    start = time.perf_counter()
    grids = scan_tables.find_grids(gray)
    grid_time = time.perf_counter() - start
    start = time.perf_counter()
    read = scan_tables.read_tables(gray, scan_tables.tesseract_reader("vie", 180))
    cells_time = time.perf_counter() - start
    source = SourceFile(Path("scan.png"), scan, hashlib.sha256(scan).hexdigest(), "")
    start = time.perf_counter()
    acquire_text(source, Settings())
    page_time = time.perf_counter() - start
    cells = sum(len(r) for t in read for r in t.rows)
    print(f"scanned page: ruling lines {grid_time * 1000:.0f} ms ({len(grids)} table), "
          f"{cells} cells read in {cells_time:.1f} s, whole page OCR with the table {page_time:.1f} s")
    # what every scanned page pays now: levelling (the skew search) and, on a page without a
    # table-of-tasks header, the check for a table run on from the page before
    turned = np.asarray(Image.fromarray(gray).rotate(1.2, resample=Image.Resampling.BICUBIC, fillcolor=255))
    prose = np.asarray(Image.open(io.BytesIO(tables_fixtures.build_scan_page(1))).convert("L"))
    for name, page in (("askew table page", turned), ("prose page", prose)):
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            scan_tables.find_grids(scan_tables.levelled(page))
            runs.append(time.perf_counter() - start)
        print(f"{name}: levelling and ruling lines {statistics.median(runs) * 1000:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
