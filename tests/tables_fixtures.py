"""Real files holding a kế hoạch with its appendix table of tasks, built from the text sources in
tests/data/obligations/tables/: a DOCX (python-docx, merged section rows) and a text-layer PDF
(reportlab with DejaVu fonts, ruled table continued on a second page with its header repeated)."""

from __future__ import annotations

import io
import json
import pathlib
from typing import Any

import docx

DATA = pathlib.Path(__file__).resolve().parent / "data" / "obligations" / "tables"
FONT_DIR = pathlib.Path("/usr/share/fonts/truetype/dejavu")
TABLE_MARK = "[BẢNG]"


def prose() -> list[str]:
    return (DATA / "ke_hoach.txt").read_text(encoding="utf-8").splitlines()


def rows() -> list[list[str]]:
    return [line.split("\t") for line in (DATA / "ke_hoach_phu_luc.tsv").read_text(encoding="utf-8").splitlines()]


def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    return data


def _joined_rows() -> list[list[str]]:
    """Rows as a word processor lays them out on one page: a continuation line belongs to its row."""
    out: list[list[str]] = []
    for row in rows():
        if len(row) > 1 and not row[0].strip() and out:
            out[-1] = [f"{a} {b}".strip() for a, b in zip(out[-1], row, strict=True)]
        else:
            out.append(row)
    return out


def build_docx(extra_tables: list[list[list[str]]] | None = None, with_tasks: bool = True) -> bytes:
    """The kế hoạch as Word prints it: section rows are one cell merged across the table, the row
    cut by a page break continues in a row of its own with an empty STT."""
    document = docx.Document()
    for line in prose():
        if line != TABLE_MARK:
            document.add_paragraph(line)
            continue
        for table_rows in extra_tables or []:
            _add_table(document, table_rows)
        if with_tasks:
            _add_table(document, rows())
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_table(document: Any, table_rows: list[list[str]]) -> None:
    width = max(len(r) for r in table_rows)
    table = document.add_table(rows=len(table_rows), cols=width)
    for row, values in zip(table.rows, table_rows, strict=True):
        if len(values) < width:  # a section row: STT, then one cell across the rest
            row.cells[1].merge(row.cells[width - 1])
            row.cells[0].text = values[0]
            row.cells[1].text = values[1] if len(values) > 1 else ""
            continue
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value


def build_pdf(spacer_mm: float = 150, ruled: bool = True, repeat_header: bool = True) -> bytes:
    """The kế hoạch as a text-layer PDF: prose on page 1, the appendix from page 2 with a ruled table
    pushed down by `spacer_mm` so that it runs onto page 3 (header row repeated there)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DejaVuSerif", str(FONT_DIR / "DejaVuSerif.ttf")))
    body = ParagraphStyle("body", fontName="DejaVuSerif", fontSize=11, leading=14)
    cell = ParagraphStyle("cell", fontName="DejaVuSerif", fontSize=9, leading=11)
    story: list[Any] = []
    for line in prose():
        if line == "PHỤ LỤC":
            story.append(PageBreak())
        if line == TABLE_MARK:
            story.append(Spacer(1, spacer_mm * mm))
            table_rows = _joined_rows()
            width = max(len(r) for r in table_rows)
            data = [[Paragraph(c, cell) for c in r] + [""] * (width - len(r)) for r in table_rows]
            spans = [("SPAN", (1, i), (width - 1, i)) for i, r in enumerate(table_rows) if len(r) < width]
            widths = [12 * mm, 62 * mm, 35 * mm, 38 * mm, 28 * mm]
            table = Table(data, colWidths=widths, repeatRows=1 if repeat_header else 0)
            grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else []
            table.setStyle(TableStyle([*grid, *spans]))
            story.append(table)
            continue
        story.append(Paragraph(line, body))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(story)
    return buffer.getvalue()


def _rasterised(pdf: bytes, first: int, last: int, dpi: int) -> list[bytes]:
    """Pages `first`..`last` of `pdf` rasterised in gray by pdftoppm, as PNG bytes."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="congvan-tables-") as tmp:
        path = pathlib.Path(tmp) / "plan.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-f", str(first), "-l", str(last), "-png", str(path),
             str(pathlib.Path(tmp) / "p")],
            check=True,
        )
        return [p.read_bytes() for p in sorted(pathlib.Path(tmp).glob("p-*.png"))]


def build_scan_page(page: int, dpi: int = 300) -> bytes:
    """One page of the plan (1: the prose) as a scanner would give it, as PNG bytes."""
    return _rasterised(build_pdf(), page, page, dpi)[0]


def build_scan_run_on(dpi: int = 300) -> bytes:
    """The appendix as a scanned PDF whose table runs from page 1 onto page 2 with its header row
    printed once: the PDF's pages 2 and 3 rasterised, as an image PDF."""
    from PIL import Image

    pages = [Image.open(io.BytesIO(png)).convert("L") for png in _rasterised(build_pdf(repeat_header=False), 2, 3, dpi)]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue()


def build_scan(dpi: int = 300) -> bytes:
    """The appendix page as a scanner would give it: the PDF's table page (table on one page)
    rasterised, as PNG bytes."""
    return _rasterised(build_pdf(spacer_mm=0), 2, 2, dpi)[0]
