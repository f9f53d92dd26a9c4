#!/usr/bin/env python3
"""Render each seed text of the corpus as a text-layer PDF and as a DOCX.

usage: render_seeds.py [--docs DIR] [--gold DIR] [--out-docs DIR] [--out-gold DIR]

The PDF and DOCX paths of the pipeline are then tested on the same content as the plain
text path. For seed ``<stem>.txt`` the script writes ``<stem>-pdf.pdf`` and
``<stem>-docx.docx`` into the documents folder and copies the seed's gold file to
``<stem>-pdf.json`` and ``<stem>-docx.json`` (the content is the same, so is the truth).

Layout, kept to a few documented rules so the output is predictable:
- Header: only when a Quốc hiệu line ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") appears
  before the first "Kính gửi" line / type title / body paragraph. The header region is
  every line before that point. Its right column takes the Quốc hiệu, the motto
  ("Độc lập - Tự do - Hạnh phúc") and the place–date line ("…, ngày … tháng … năm …");
  a type title after the place–date line also ends the header;
  every other header line (issuer, Số, V/v) goes to the left column, in order. Seeds
  print the two blocks one after the other, which is why a split is needed at all.
- Footer: from the "Nơi nhận" line to the end. The "Nơi nhận" line and the "- …" lines
  after it form the left column; everything after the list is the signature block,
  right column.
- Body: every other non-empty line is one paragraph (wrapped by the renderer). A short
  line in capitals (a type title such as "KẾ HOẠCH") is centred and bold.
- Markdown emphasis left by the OCR (``**bold**``, ``*italic*``) is rendered as bold
  (italics as plain text: only the regular and bold faces of fonts-dejavu-core are used,
  so the output does not depend on optional fonts) and the markers are dropped. Other
  characters are kept verbatim.

Output is deterministic: reportlab runs with ``invariant=1`` and the DOCX carries fixed
core-property dates and fixed ZIP entry times, so re-running changes no byte.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

REPO = Path(__file__).resolve().parents[1]
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSerif.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSerif-Bold.ttf"
FIXED_TIME = dt.datetime(2024, 1, 1, 0, 0, 0)
ZIP_TIME = (2024, 1, 1, 0, 0, 0)

# "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (also the older spelling "HOÀ", any case)
QUOC_HIEU = re.compile(r"""C[ỘO]NG \s+ H[ÒO]A? [ÀA]? \s+ X[ÃA] \s+ H[ỘO]I""", re.VERBOSE | re.IGNORECASE)
# "Độc lập - Tự do - Hạnh phúc"
MOTTO = re.compile(r"""^ \W* Độc \s+ lập""", re.VERBOSE | re.IGNORECASE)
# "Hà Nội, ngày 09 tháng 11 năm 2021"
PLACE_DATE = re.compile(r""", \s* ngày \s+ \S+ \s+ tháng \s+ \S+ \s+ năm""", re.VERBOSE | re.IGNORECASE)
# "- Kính gửi:" / "Kính gửi: Sở Tài chính"
KINH_GUI = re.compile(r"""^ [\s\-–•]* Kính \s+ gửi""", re.VERBOSE | re.IGNORECASE)
# "Nơi nhận:" (also the OCR slip "Noi nhận:")
NOI_NHAN = re.compile(r"""^ [\s*]* N[ơo]i \s+ nh[ậa]n""", re.VERBOSE | re.IGNORECASE)
# "000_e566c0ecd86c5a3b" (a seed file stem)
SEED_STEM = re.compile(r"""(?P<index>\d{3}) _ (?P<digest>[0-9a-f]{16})""", re.VERBOSE)
# "- Như trên;"
LIST_ITEM = re.compile(r"""^ \s* [-–•+]""", re.VERBOSE)
# "**" toggles bold, "*" toggles italic: "Số: **927** /VKSTC-V16"
EMPHASIS = re.compile(r"""(?P<marker>\*\*|\*)""", re.VERBOSE)

BODY_LINE_MIN = 100  # a header line is never this long; a body paragraph usually is
TITLE_MAX = 60


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool


Line = tuple[Run, ...]


@dataclass(frozen=True)
class Layout:
    header_left: list[Line]
    header_right: list[Line]
    body: list[Line]
    footer_left: list[Line]
    footer_right: list[Line]


def plain(line: Line) -> str:
    return "".join(r.text for r in line)


def strip_line(line: Line) -> Line:
    """Drop the leading and trailing blanks of a line, whichever run they sit in."""
    runs = [r for r in line if r.text]
    if not runs:
        return ()
    runs[0] = Run(runs[0].text.lstrip(), runs[0].bold)
    runs[-1] = Run(runs[-1].text.rstrip(), runs[-1].bold)
    return tuple(r for r in runs if r.text)


def parse_runs(lines: list[str]) -> list[Line]:
    """Split each line into bold/plain runs; bold state carries across lines like markdown."""
    out: list[Line] = []
    bold = False
    for raw in lines:
        runs: list[Run] = []
        for i, part in enumerate(EMPHASIS.split(raw)):
            if i % 2 == 1:
                if part == "**":
                    bold = not bold
                continue
            if part:
                runs.append(Run(part, bold))
        out.append(tuple(runs))
    return out


def is_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(text) <= TITLE_MAX and all(c.isupper() for c in letters)


def header_extent(texts: list[str]) -> tuple[int, bool]:
    """Where the header region ends, and whether there is one (a Quốc hiệu line inside it).

    It ends at the first "Kính gửi" line or body-length line, or at a type title printed
    after the place–date line (issuer lines above the Quốc hiệu are capitals too).
    """
    end = len(texts)
    dated = False
    for index, t in enumerate(texts):
        if KINH_GUI.match(t) or len(t) >= BODY_LINE_MIN or (dated and is_title(t)):
            end = index
            break
        dated = dated or bool(PLACE_DATE.search(t))
    return end, any(QUOC_HIEU.search(t) for t in texts[:end])


def split_layout(text: str) -> Layout:
    lines = [strip_line(ln) for ln in parse_runs(text.splitlines()) if plain(ln).strip()]
    texts = [plain(ln) for ln in lines]

    footer_at = next((i for i, t in enumerate(texts) if NOI_NHAN.match(t)), len(lines))
    header_end, has_header = header_extent(texts[:footer_at])

    header_left: list[Line] = []
    header_right: list[Line] = []
    if has_header:
        for line, t in zip(lines[:header_end], texts[:header_end], strict=True):
            right = QUOC_HIEU.search(t) or MOTTO.match(t) or PLACE_DATE.search(t)
            (header_right if right else header_left).append(line)
    body = lines[header_end if has_header else 0:footer_at]

    footer_left: list[Line] = []
    footer_right: list[Line] = []
    if footer_at < len(lines):
        footer_left.append(lines[footer_at])
        i = footer_at + 1
        while i < len(lines) and LIST_ITEM.match(texts[i]):
            footer_left.append(lines[i])
            i += 1
        footer_right = lines[i:]
    return Layout(header_left, header_right, body, footer_left, footer_right)


# ---------------------------------------------------------------- PDF (reportlab)

def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markup(line: Line) -> str:
    return "".join(f"<b>{_xml(r.text)}</b>" if r.bold else _xml(r.text) for r in line)


def render_pdf(layout: Layout, out: Path, title: str) -> None:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(TTFont("DVSerif", str(FONT_REGULAR)))
    pdfmetrics.registerFont(TTFont("DVSerif-Bold", str(FONT_BOLD)))
    pdfmetrics.registerFontFamily("DVSerif", normal="DVSerif", bold="DVSerif-Bold",
                                  italic="DVSerif", boldItalic="DVSerif-Bold")
    base = ParagraphStyle("base", fontName="DVSerif", fontSize=11.5, leading=15)
    body = ParagraphStyle("body", parent=base, alignment=TA_JUSTIFY, firstLineIndent=10 * mm, spaceAfter=4)
    centre = ParagraphStyle("centre", parent=base, fontSize=10.5, leading=13.5, alignment=TA_CENTER)
    title_style = ParagraphStyle("title", parent=centre, fontName="DVSerif-Bold", spaceBefore=6)
    small = ParagraphStyle("small", parent=base, fontSize=10, leading=12.5, alignment=TA_LEFT)

    def column(lines: list[Line], style: ParagraphStyle) -> list[Paragraph]:
        return [Paragraph(_markup(ln), style) for ln in lines]

    def two_columns(left: list[Paragraph], right: list[Paragraph], widths: tuple[float, float]) -> Table:
        table = Table([[left, right]], colWidths=list(widths))
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 2)]))
        return table

    story: list = []
    if layout.header_left or layout.header_right:
        story.append(two_columns(column(layout.header_left, centre), column(layout.header_right, centre),
                                 (70 * mm, 100 * mm)))
    for ln in layout.body:
        text = plain(ln)
        story.append(Paragraph(_xml(text), title_style) if is_title(text) else Paragraph(_markup(ln), body))
    if layout.footer_left or layout.footer_right:
        story.append(two_columns(column(layout.footer_left, small), column(layout.footer_right, centre),
                                 (85 * mm, 85 * mm)))
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=25 * mm, rightMargin=15 * mm,
                            topMargin=20 * mm, bottomMargin=20 * mm, title=title, author="congvan corpus",
                            creator="scripts/render_seeds.py", invariant=1)
    doc.build(story)


# ---------------------------------------------------------------- DOCX (python-docx)

def _add_line(paragraph: Paragraph, line: Line) -> None:
    for r in line:
        run = paragraph.add_run(r.text)
        run.bold = r.bold or None


def _fill_cell(cell: _Cell, lines: list[Line], centred: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    first = True
    for ln in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_line(paragraph, ln)


def render_docx(layout: Layout, out: Path, title: str) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    props = doc.core_properties
    props.title = title
    props.author = "congvan corpus"
    props.last_modified_by = "scripts/render_seeds.py"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1

    if layout.header_left or layout.header_right:
        table = doc.add_table(rows=1, cols=2)
        _fill_cell(table.cell(0, 0), layout.header_left, centred=True)
        _fill_cell(table.cell(0, 1), layout.header_right, centred=True)
    for ln in layout.body:
        text = plain(ln)
        paragraph = doc.add_paragraph()
        if is_title(text):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(text).bold = True
        else:
            _add_line(paragraph, ln)
    if layout.footer_left or layout.footer_right:
        table = doc.add_table(rows=1, cols=2)
        _fill_cell(table.cell(0, 0), layout.footer_left, centred=False)
        _fill_cell(table.cell(0, 1), layout.footer_right, centred=True)

    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(_fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """python-docx stamps ZIP entries with the current time; rewrite them with a fixed one."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------- driver

def seed_stems(docs: Path) -> list[str]:
    """Seed texts keep their original names, "<NNN>_<16 hex digits>.txt" (real documents are "<NNN>.*")."""
    return sorted(p.stem for p in docs.glob("*.txt") if SEED_STEM.fullmatch(p.stem))


def render_all(docs: Path, gold: Path, out_docs: Path, out_gold: Path) -> list[Path]:
    out_docs.mkdir(parents=True, exist_ok=True)
    out_gold.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for stem in seed_stems(docs):
        layout = split_layout((docs / f"{stem}.txt").read_text(encoding="utf-8"))
        pdf, docx_path = out_docs / f"{stem}-pdf.pdf", out_docs / f"{stem}-docx.docx"
        render_pdf(layout, pdf, stem)
        render_docx(layout, docx_path, stem)
        for suffix in ("pdf", "docx"):
            target = out_gold / f"{stem}-{suffix}.json"
            shutil.copyfile(gold / f"{stem}.json", target)
            written.append(target)
        written += [pdf, docx_path]
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=Path, default=REPO / "corpus" / "docs",
                        help="folder with the seed .txt files")
    parser.add_argument("--gold", type=Path, default=REPO / "corpus" / "gold",
                        help="folder with the seed gold files")
    parser.add_argument("--out-docs", type=Path, default=None, help="where renderings go (default: --docs)")
    parser.add_argument("--out-gold", type=Path, default=None, help="where gold copies go (default: --gold)")
    args = parser.parse_args(argv)
    for font in (FONT_REGULAR, FONT_BOLD):
        if not font.exists():
            print(f"missing font {font}: apt-get install fonts-dejavu-core", file=sys.stderr)
            return 1
    written = render_all(args.docs, args.gold, args.out_docs or args.docs, args.out_gold or args.gold)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
