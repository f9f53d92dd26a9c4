"""DOCX text in reading order, with the two-column header and signature tables kept apart."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from pathlib import Path

import docx
import pytest

from congvan.extractors.base import Context
from congvan.extractors.tasks import extract
from congvan.pipeline.document import SourceFile
from congvan.pipeline.settings import Settings
from congvan.pipeline.text import acquire_text
from congvan.schemas.record import TextOrigin

# The header and foot of a real dispatch (corpus 003.pdf), laid out the way Word templates do it.
HEADER_ROWS = [
    ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"),
    ("Số: 542/TB-UBND", "Quảng Ngãi, ngày 06 tháng 11 năm 2024"),
]
FOOT_ROW = (
    "Nơi nhận:\n- Như thành phần;\n- CT, PCT UBND tỉnh;\n- Lưu: VT, KGVX.",
    "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\n\nPhùng Tô Long",
)


def fill(cell, text: str) -> None:
    first, *rest = text.split("\n")
    cell.paragraphs[0].text = first
    for line in rest:
        cell.add_paragraph(line)


def add_header(document: docx.document.Document) -> None:
    header = document.add_table(rows=len(HEADER_ROWS), cols=2)
    for row, (left, right) in zip(header.rows, HEADER_ROWS, strict=True):
        fill(row.cells[0], left)
        fill(row.cells[1], right)


def with_foot(document: docx.document.Document) -> bytes:
    """The Nơi nhận | signature table closes the document; its bytes."""
    foot = document.add_table(rows=1, cols=2)
    fill(foot.rows[0].cells[0], FOOT_ROW[0])
    fill(foot.rows[0].cells[1], FOOT_ROW[1])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_docx() -> bytes:
    document = docx.Document()
    add_header(document)
    document.add_paragraph("THÔNG BÁO")
    document.add_paragraph("Về việc tham dự Hội nghị đánh giá Chương trình mục tiêu quốc gia")
    data = document.add_table(rows=2, cols=3)
    for row, values in zip(
        data.rows, [("TT", "Đơn vị", "Số người"), ("1", "Sở Tài chính", "02")], strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("(Thông báo này thay cho Giấy mời)./.")
    return with_foot(document)


@pytest.fixture(scope="module")
def text() -> str:
    data = build_docx()
    doc = acquire_text(SourceFile(Path("tb.docx"), data, hashlib.sha256(data).hexdigest(), ""), Settings())
    assert [(p.number, p.origin) for p in doc.pages] == [(1, TextOrigin.DOCX)]
    return doc.text


def test_header_table_reads_left_cells_then_right_cells(text: str) -> None:
    assert text.split("\n")[:7] == [
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 542/TB-UBND", "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 06 tháng 11 năm 2024",
    ]  # fmt: skip


def test_paragraphs_and_tables_keep_document_order(text: str) -> None:
    order = [
        "Quảng Ngãi, ngày 06",
        "THÔNG BÁO",
        "Về việc tham dự",
        "TT | Đơn vị | Số người",
        "(Thông báo này",
        "Nơi nhận:",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_data_table_is_read_row_by_row(text: str) -> None:
    assert "TT | Đơn vị | Số người\n1 | Sở Tài chính | 02" in text


def test_noi_nhan_cell_comes_before_the_signature_cell(text: str) -> None:
    foot = text[text.index("Nơi nhận:") :]
    recipients, _, signature = foot.partition("\n\n")
    assert recipients.split("\n") == FOOT_ROW[0].split("\n")
    assert signature.startswith("TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG")
    assert signature.rstrip().endswith("Phùng Tô Long")


def build_numbered_docx() -> bytes:
    """A công văn whose items Word numbers itself (styles "List Number" / "List Bullet"): the
    markers are drawn from numbering.xml, not typed."""
    document = docx.Document()
    add_header(document)
    document.add_paragraph("Kính gửi: Các sở, ban, ngành tỉnh.")
    document.add_paragraph("Ủy ban nhân dân tỉnh đề nghị các cơ quan thực hiện các nội dung sau:")
    document.add_paragraph("Sở Y tế rà soát danh mục thuốc, báo cáo trước ngày 20/11/2024.", style="List Number")
    document.add_paragraph("Sở Tài chính:", style="List Number")
    document.add_paragraph("Bố trí kinh phí mua sắm thuốc;", style="List Bullet")
    document.add_paragraph("Hướng dẫn thanh toán trước ngày 30/11/2024.", style="List Bullet")
    return with_foot(document)


def test_word_list_numbering_is_printed_and_read_as_items() -> None:
    data = build_numbered_docx()
    doc = acquire_text(SourceFile(Path("cv.docx"), data, hashlib.sha256(data).hexdigest(), ""), Settings())
    lines = doc.text.splitlines()
    assert "1. Sở Y tế rà soát danh mục thuốc, báo cáo trước ngày 20/11/2024." in lines
    assert "2. Sở Tài chính:" in lines
    assert "- Hướng dẫn thanh toán trước ngày 30/11/2024." in lines
    tasks = [c.value for c in extract(doc.text, Context(issued_date=date(2024, 11, 6))).candidates]
    assert [(t["assignees"], (t["deadline"] or {}).get("date")) for t in tasks] == [
        (["Sở Y tế"], "2024-11-20"),
        (["Sở Tài chính"], None),
        (["Sở Tài chính"], "2024-11-30"),
    ]
