"""A born-digital PDF that someone put through OCR anyway: the typeset text is there, and an invisible
OCR layer (render mode 3, Tesseract's "GlyphLessFont") lies over it. Read both and every line comes
out twice, letters interleaved ("NNơơii nnhhậận"); the OCR layer is dropped and the page reads as
the typeset text alone. A scan's invisible layer (no ink under it) is still the page's text.

Fixtures (tests/fixtures/double): page 2 of two blind set-12 documents printed by Chromium
(z07, a quyết định in decomposed Unicode whose foot holds the Nơi nhận and the signature; z09, a
kế hoạch whose ruled table of tasks runs on), each page rendered at 200 dpi grey, put through
`tesseract <page>.png <out> --dpi 200 -l vie -c textonly_pdf=1 pdf` and laid over the original
page with `qpdf <original> --overlay <ocr layer> -- <out>`.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text.pdf import OCR_LAYER_DROPPED, open_pdf, pdf_pages, read_page
from congvan.schemas.record import Record, TextOrigin

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOUBLE = FIXTURES / "double"
ORIGINALS = {"signature-page.pdf": "z07.pdf", "table-page.pdf": "z09.pdf"}


def _original_page(name: str) -> bytes:
    """Page 2 of the set-12 original, alone in a PDF (what the fixture was made from)."""
    source = pdfium.PdfDocument(FIXTURES / "heldout" / "set12" / "docs" / ORIGINALS[name])
    out = pdfium.PdfDocument.new()
    out.import_pages(source, [1])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _text(data: bytes) -> tuple[str, list[str]]:
    pages, warnings = pdf_pages(data, Settings(ocr=OcrMode.NEVER))
    assert [p.origin for p in pages] == [TextOrigin.TEXT_LAYER]
    return pages[0].text, warnings


@pytest.mark.parametrize("name", sorted(ORIGINALS))
def test_the_fixtures_carry_an_invisible_layer_over_ink(name: str) -> None:
    raw = read_page(open_pdf((DOUBLE / name).read_bytes()), 0)
    assert raw.ocr_layer_fonts == frozenset({"GlyphLessFont"})
    assert raw.image_coverage == 0.0  # typeset text, no page image under the layer
    assert not read_page(open_pdf(_original_page(name)), 0).ocr_layer_dropped


@pytest.mark.parametrize("name", sorted(ORIGINALS))
def test_the_page_reads_as_its_typeset_text_alone(name: str) -> None:
    doubled, warnings = _text((DOUBLE / name).read_bytes())
    original, original_warnings = _text(_original_page(name))
    assert doubled == original
    assert OCR_LAYER_DROPPED.format(page=1) in warnings
    assert OCR_LAYER_DROPPED.format(page=1) not in original_warnings


def test_the_table_of_tasks_is_read_from_the_ink_only() -> None:
    # pdfplumber reads cells from every character, the invisible ones too: the layer's font is left out
    text, _ = _text((DOUBLE / "table-page.pdf").read_bytes())
    rows = [line for line in text.splitlines() if line.count(" | ") >= 4]
    assert rows[0] == "TT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành"
    assert rows[1].startswith("4 | Triển khai nền tảng học liệu số dùng chung cho các cơ sở giáo dục phổ thông | ")
    assert all("Triển khai Triển khai" not in row for row in rows)


def test_the_foot_of_a_double_layer_page_gives_one_signer_and_clean_recipients(tmp_path: Path) -> None:
    result = process(DocumentInput(DOUBLE / "signature-page.pdf"), Settings(cache_dir=tmp_path))
    record = result.record
    assert isinstance(record, Record)
    assert record.signer is not None
    assert record.signer.name == "Nguyễn Anh Thu"
    assert record.signer.title == "PHÓ HIỆU TRƯỞNG"
    assert [r.name for r in record.recipients if r.kind == "noi_nhan"] == [
        "Như Điều 3",
        "Giám đốc ĐHQGHN",
        "Ban Kế hoạch - Tài chính ĐHQGHN",
    ]
