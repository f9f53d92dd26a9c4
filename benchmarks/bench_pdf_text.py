"""ms/page of PDF text paths on the born-digital corpus PDFs (a script, not a test).

    /work/venv/bin/python benchmarks/bench_pdf_text.py [repeats]

Paths compared:
  pdfplumber text   page.extract_text()            (interleaves the header columns)
  pdfplumber words  page.extract_words() + layout  (correct order, the fallback path)
  pdfium text       get_text_bounded()             (content-stream order, no boxes)
  pdfium words      char boxes + layout            (correct order; what pdf.read_page does, minus flatten)
  chosen path       congvan.pipeline.text.pdf.read_page + layout (flatten widgets, char boxes, layout)
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from congvan.pipeline.layout import words_to_text  # noqa: E402
from congvan.pipeline.text.pdf import _chars, chars_to_words, open_pdf, plumber_words, read_page  # noqa: E402

CORPUS = Path("/work/shared/corpus-real")
FILES = ("003.pdf", "016.pdf")


def plumber_text(data: bytes, pages: int) -> None:
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def plumber_layout(data: bytes, pages: int) -> None:
    for index in range(pages):
        words, width, _ = plumber_words(data, index)
        words_to_text(words, width)


def pdfium_text(data: bytes, pages: int) -> None:
    doc = pdfium.PdfDocument(data)
    for page in doc:
        page.get_textpage().get_text_bounded()


def pdfium_layout(data: bytes, pages: int) -> None:
    doc = pdfium.PdfDocument(data)
    for page in doc:
        textpage = page.get_textpage()
        words = chars_to_words(_chars(textpage, page.get_height(), 0, textpage.count_chars()))
        words_to_text(words, page.get_width())


def chosen(data: bytes, pages: int) -> None:
    doc = open_pdf(data)
    for index in range(pages):
        raw = read_page(doc, index)
        _ = raw.text, raw.stamp_text


PATHS: dict[str, Callable[[bytes, int], None]] = {
    "pdfplumber text": plumber_text,
    "pdfplumber words+layout": plumber_layout,
    "pdfium text": pdfium_text,
    "pdfium chars+layout": pdfium_layout,
    "chosen (read_page)": chosen,
}


def ms_per_page(fn: Callable[[bytes, int], None], data: bytes, pages: int, repeats: int) -> float:
    fn(data, pages)  # warm-up: imports, font caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(data, pages)
        times.append((time.perf_counter() - start) * 1000 / pages)
    return statistics.median(times)


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    header = f"{'path':<26}" + "".join(f"{name:>12}" for name in FILES)
    print(f"ms/page, median of {repeats} runs")
    print(header)
    print("-" * len(header))
    docs = {name: (CORPUS / name).read_bytes() for name in FILES}
    pages = {name: len(pdfium.PdfDocument(data)) for name, data in docs.items()}
    for label, fn in PATHS.items():
        cells = "".join(f"{ms_per_page(fn, docs[n], pages[n], repeats):>12.1f}" for n in FILES)
        print(f"{label:<26}{cells}")


if __name__ == "__main__":
    main()
