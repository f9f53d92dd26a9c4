"""Issue 19, item 11: documents that were read wrong in the fault runs, rebuilt from corpus
documents in the test: a two-column header rendered by reportlab, a bilevel multi-page TIFF, a
page scanned sideways, and a long scan's memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text.pdf import pdf_pages

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "docs"
GOLD = ROOT / "corpus" / "gold"
FONTS = Path("/usr/share/fonts/truetype/dejavu")
NEVER = Settings(ocr=OcrMode.NEVER)


# --- a: a two-column header whose columns do not line up ---------------------------------------


def _header_pdf(dest: Path, layout: str) -> Path:
    """039.txt (a Bộ GDĐT công văn) as a text-layer PDF whose header is a reportlab table: the
    issuer's column (issuer, Số, V/v) beside the Quốc hiệu's (Quốc hiệu, motto, place-date).
    `kinh_gui_in_column`: "Kính gửi:" typed in the issuer's cell, below the V/v, so it runs past
    the place-date line; `bottom_aligned`: cells aligned to their bottom (reportlab's default), so
    the two columns' lines sit at offset heights and never share a line."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DVSerif", str(FONTS / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont("DVSerif-Bold", str(FONTS / "DejaVuSerif-Bold.ttf")))
    base = ParagraphStyle("base", fontName="DVSerif", fontSize=12, leading=15)
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
    bold = ParagraphStyle("bold", parent=centre, fontName="DVSerif-Bold")
    flush = ParagraphStyle("flush", parent=base, alignment=TA_LEFT, spaceBefore=6)
    body = ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm)

    lines = [ln.strip() for ln in (DOCS / "039.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    issuer, quoc_hieu, motto, number, subject, place_date, kinh_gui = lines[:7]
    assert kinh_gui.startswith("Kính gửi") and "ngày" in place_date
    left = [Paragraph(issuer, bold), Paragraph(number, centre), Paragraph(subject, centre)]
    right = [Paragraph(quoc_hieu, bold), Paragraph(motto, bold), Spacer(1, 8), Paragraph(place_date, centre)]
    story: list = []
    if layout == "kinh_gui_in_column":
        left.append(Paragraph(kinh_gui, flush))
        top = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")])
        story.append(Table([[left, right]], colWidths=[75 * mm, 95 * mm], style=top))
    else:
        story.append(Table([[left, right]], colWidths=[75 * mm, 95 * mm]))
        story.append(Paragraph(kinh_gui, flush))
    story.append(Spacer(1, 12))
    story += [Paragraph(ln.replace("&", "&amp;"), body) for ln in lines[7:]]
    SimpleDocTemplate(str(dest), pagesize=A4, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=20 * mm).build(story)
    return dest


@pytest.mark.parametrize("layout", ["kinh_gui_in_column", "bottom_aligned"])
def test_the_place_date_line_of_a_two_column_header_is_read(tmp_path: Path, layout: str) -> None:
    pdf = _header_pdf(tmp_path / f"039-{layout}.pdf", layout)
    (page, *_), _ = pdf_pages(pdf.read_bytes(), NEVER)
    lines = page.text.split("\n")
    date_at = next(i for i, ln in enumerate(lines) if ln.startswith("Hà Nội, ngày"))
    assert date_at < next(i for i, ln in enumerate(lines) if ln.startswith("Kính gửi"))
    # the columns are not interleaved: the issuer's column, then the Quốc hiệu's
    assert lines.index("BỘ GIÁO DỤC VÀ ĐÀO TẠO") < lines.index("Số: 7991/BGDĐT-GDTrH") < date_at
    assert not any("Số:" in ln and "CỘNG" in ln for ln in lines)
    record = process(DocumentInput(pdf), NEVER).record
    gold = json.loads((GOLD / "039.json").read_text(encoding="utf-8"))
    assert record is not None
    for field in ("number", "issuer", "issued_place", "subject"):
        assert getattr(record, field) == gold[field], field
    assert str(record.issued_date) == gold["issued_date"]
    assert [r.name for r in record.recipients if r.kind == "kinh_gui"] == ["Các Sở Giáo dục và Đào tạo"]
