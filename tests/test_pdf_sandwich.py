"""A scan another tool OCRed: an image page with an invisible text layer over it (what portals publish
and what `tesseract … pdf` or OCRmyPDF make). The layer is OCR output however clean it reads, so it
gets the repair our own OCR output gets; a table of tasks on such a page is drawn in the image, not
in the PDF, so the page is read again by our OCR, whose grid reader finds it.

Fixtures (tests/fixtures/sandwich): pages of two blind set-12 documents printed by Chromium, rendered
at 200 dpi grey (JPEG) and put through `tesseract <page>.jpg <out> -l vie pdf` (Tesseract 5, Debian).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import Settings
from congvan.pipeline.text.pdf import IMAGE_PAGE_COVERAGE, TABLE_REREAD_WARNING, open_pdf, read_page
from congvan.schemas.record import Record

SANDWICH = Path(__file__).resolve().parent / "fixtures" / "sandwich"


def _record(name: str, cache: Path) -> Record:
    result = process(DocumentInput(SANDWICH / name), Settings(cache_dir=cache))
    assert result.record is not None, result.reason
    return result.record


@pytest.mark.parametrize("name", ["signature-page.pdf", "table-page.pdf"])
def test_the_fixtures_are_image_pages_with_a_text_layer(name: str) -> None:
    raw = read_page(open_pdf((SANDWICH / name).read_bytes()), 0)
    assert raw.image_coverage >= IMAGE_PAGE_COVERAGE
    assert len(raw.text) > 300


def test_a_layer_over_a_scan_is_repaired_as_ocr_output(tmp_path: Path) -> None:
    record = _record("signature-page.pdf", tmp_path)
    # the layer reads "VỤ TRƯƠNG VỤ CHINH SACH THUE": clean-looking Vietnamese, wrong marks
    assert record.source.page_text_origin == ["text_layer_repaired"]
    assert record.signer is not None
    assert record.signer.title == "PHÓ VỤ TRƯỞNG"
    assert (record.signer.on_behalf_of or "").startswith("VỤ TRƯỞNG VỤ CHÍNH SÁCH")


def test_a_scanned_table_under_another_tools_layer_is_read_by_our_ocr(tmp_path: Path) -> None:
    record = _record("table-page.pdf", tmp_path)
    assert TABLE_REREAD_WARNING.format(page=1) in record.warnings
    rows = [t for t in record.tasks if t.deadline is not None and t.deadline.date is not None]
    # the page holds the table's first three rows (TT | Nội dung | Chủ trì | Phối hợp | Thời gian)
    assert [(t.assignees[0], str(t.deadline.date)) for t in rows[:3]] == [
        ("Sở Khoa học và Công nghệ", "2025-06-30"),
        ("Công an tỉnh", "2025-04-30"),
        ("Văn phòng UBND tỉnh", "2025-09-30"),
    ]
    assert rows[0].text.startswith("Rà soát, cập nhật Kiến trúc Chính quyền điện tử")
