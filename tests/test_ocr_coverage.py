"""Tesseract's page layout can leave a whole region out (004.pdf page 1 lost its body paragraphs);
the ink outside every word box tells, and the page is read again as one block."""

from __future__ import annotations

import gzip
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from congvan.pipeline.ocr.coverage import MIN_COVERAGE, ink_coverage
from congvan.pipeline.ocr.engine import ocr_pages
from congvan.pipeline.ocr.preprocess import prepare
from congvan.pipeline.ocr.tsv import parse_tsv
from congvan.pipeline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "ocr"


def page_004(number: int = 1) -> Image.Image:
    doc = pdfium.PdfDocument(ROOT / "corpus" / "docs" / "004.pdf")
    return doc[number - 1].render(scale=300 / 72, draw_annots=False, may_draw_forms=False).to_pil()


def recorded(name: str) -> str:
    with gzip.open(DATA / name, "rt", encoding="utf-8") as fh:
        return fh.read()


def test_skipped_region_shows_as_uncovered_ink() -> None:
    image = prepare(page_004()).image
    skipped = ink_coverage(image, parse_tsv(recorded("004_p1_psm3.tsv.gz")))
    whole = ink_coverage(image, parse_tsv(recorded("004_p1_psm6.tsv.gz")))
    assert skipped < MIN_COVERAGE < 0.9 < whole


def test_blank_page_counts_as_covered() -> None:
    assert ink_coverage(Image.new("L", (200, 300), 255), []) == 1.0


@pytest.mark.slow
@pytest.mark.ocr
def test_a_page_whose_layout_skipped_the_body_is_read_whole() -> None:
    (result,) = ocr_pages([page_004()], Settings())
    assert "Ngày 24/12/2024" in result.text  # the first body paragraph psm 3 left out
    assert "Chủ tịch UBND tỉnh Nguyễn" in result.text
