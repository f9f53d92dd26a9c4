"""Issue 19, item 11: documents that were read wrong in the fault runs, rebuilt from corpus
documents in the test: a two-column header rendered by reportlab, a bilevel multi-page TIFF, a
page scanned sideways, and a long scan's memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from congvan.pipeline.document import SourceFile, Word
from congvan.pipeline.load import DocumentInput, load
from congvan.pipeline.ocr import engine
from congvan.pipeline.ocr.cer import cer
from congvan.pipeline.ocr.orientation import from_cache, sideways, to_cache, unsettled
from congvan.pipeline.ocr.preprocess import is_bilevel, prepare
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text import acquire_text
from congvan.pipeline.text.images import load_page_images
from congvan.pipeline.text.pdf import pdf_pages

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "docs"
GOLD = ROOT / "corpus" / "gold"
LABELS = ROOT / "corpus" / "labels"
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


# --- b: bilevel (1-bit) pages: faxes and black-and-white scans ---------------------------------


def _pdf_page(name: str, index: int, dpi: int) -> Image.Image:
    return pdfium.PdfDocument(DOCS / name)[index].render(scale=dpi / 72).to_pil()


def _save_tiff(pages: list[Image.Image], dest: Path, dpi: tuple[int, int]) -> Path:
    pages[0].save(dest, save_all=True, append_images=pages[1:], compression="group4", dpi=dpi)
    return dest


def test_bilevel_pages_are_told_from_grey_ones() -> None:
    photo = Image.open(DOCS / "030.jpg")
    assert not is_bilevel(photo) and not is_bilevel(photo.convert("L"))
    black_and_white = photo.convert("1")
    assert is_bilevel(black_and_white) and is_bilevel(black_and_white.convert("RGB"))


def test_a_fax_in_normal_mode_is_stretched_to_square_pixels(tmp_path: Path) -> None:
    page = _pdf_page("004.pdf", 0, 204).convert("1")
    squashed = page.resize((page.width, round(page.height * 98 / 204)), Image.Resampling.NEAREST)
    fax = _save_tiff([squashed, squashed], tmp_path / "fax.tif", (204, 98))
    frames = load_page_images(SourceFile(fax, fax.read_bytes(), "", "image/tiff"))
    assert [f.size for f in frames] == [(page.width, round(squashed.height * 204 / 98))] * 2
    assert all(f.mode == "1" for f in frames)  # still bilevel: smoothed as one before recognition


@pytest.mark.slow
@pytest.mark.ocr
def test_a_faxed_multi_page_tiff_reads_its_header(tmp_path: Path) -> None:
    pages = []
    for index in range(2):  # a fax machine samples 98 lines an inch, each 1/204 inch wide
        page = _pdf_page("004.pdf", index, 204).convert("L")
        page = page.resize((page.width, round(page.height * 98 / 204)), Image.Resampling.LANCZOS)
        pages.append(page.point(lambda v: 255 if v > 150 else 0).convert("1"))
    fax = _save_tiff(pages, tmp_path / "fax 004.tif", (204, 98))
    record = process(DocumentInput(fax), Settings(cache_dir=tmp_path / "cache")).record
    gold = json.loads((GOLD / "004.json").read_text(encoding="utf-8"))
    assert record is not None
    assert (record.issuer, record.number, str(record.issued_date)) == (
        gold["issuer"],
        gold["number"],
        gold["issued_date"],
    )


@pytest.mark.slow
@pytest.mark.ocr
def test_a_dithered_bilevel_scan_reads_uy_ban_not_ban_with_a_dot(tmp_path: Path) -> None:
    page = _pdf_page("012.pdf", 0, 200).convert("1")  # Pillow's default: Floyd–Steinberg dithering
    tiff = _save_tiff([page, page], tmp_path / "012 đen trắng.tif", (200, 200))
    settings = Settings(cache_dir=tmp_path / "cache")
    text = acquire_text(load(DocumentInput(tiff), settings), settings)
    for read in text.pages:
        assert read.raw_ocr_text is not None
        assert "ỦY BAN NHÂN DÂN" in read.raw_ocr_text and "BẠN" not in read.raw_ocr_text
    record = process(DocumentInput(tiff), settings).record
    gold = json.loads((GOLD / "012.json").read_text(encoding="utf-8"))
    assert record is not None and (record.issuer, record.number) == (gold["issuer"], gold["number"])


@pytest.mark.slow
@pytest.mark.ocr
def test_a_bilevel_rendering_of_030_reads_within_its_measured_error(tmp_path: Path) -> None:
    """030's two pages (a ~70 dpi JPEG) as a dithered 1-bit TIFF at ~200 dpi, scored against the
    human transcription: 5.14% raw CER before bilevel pages were smoothed, 4.52% after."""
    pages = []
    for name in ("030.jpg", "030_p2.jpg"):
        photo = Image.open(DOCS / name)
        pages.append(photo.resize((photo.width * 3, photo.height * 3), Image.Resampling.LANCZOS).convert("1"))
    tiff = _save_tiff(pages, tmp_path / "030.tif", (200, 200))
    settings = Settings(cache_dir=tmp_path / "cache")
    text = acquire_text(load(DocumentInput(tiff), settings), settings)
    scores = [
        cer(page.raw_ocr_text or "", (LABELS / f"030_gt_p{page.number}.txt").read_text(encoding="utf-8"))
        for page in text.pages
    ]
    rate = sum(s.errors for s in scores) / sum(s.reference_chars for s in scores)
    assert rate < 0.048, f"raw CER {rate:.2%}"


# --- c: a page scanned a quarter turned -------------------------------------------------------


def test_words_standing_taller_than_wide_mean_a_sideways_read() -> None:
    flat = [Word("Kính", 100, 50, 180, 80), Word("gửi:", 190, 50, 250, 80), Word("Sở", 260, 50, 300, 80)]
    tall = [Word("Kính", 50, 100, 80, 180), Word("gửi:", 50, 190, 80, 250), Word("Sở", 50, 260, 80, 300)]
    assert not sideways(flat) and sideways(tall)
    assert not sideways([Word("Số", 10, 10, 12, 40)])  # short words (and dashes) do not count


def _tsv(*words: tuple[str, int, int, int, int]) -> str:
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [f"5\t1\t1\t1\t1\t{i}\t{x}\t{y}\t{w}\t{h}\t95\t{t}" for i, (t, x, y, w, h) in enumerate(words, 1)]
    return "\n".join([head, *rows]) + "\n"


def test_a_sideways_read_cached_before_is_read_again_once() -> None:
    tall = _tsv(("Kính", 50, 100, 30, 80), ("gửi:", 50, 190, 30, 60), ("Tài", 50, 260, 30, 40))
    flat = _tsv(("Kính", 100, 50, 80, 30), ("gửi:", 190, 50, 60, 30), ("Tài", 260, 50, 40, 30))
    assert unsettled(tall) and not unsettled(flat)
    kept = to_cache(tall, 0, checked=True)  # OSD could not turn it: kept, and not asked again
    assert not unsettled(kept) and from_cache(kept) == (tall, 0)
    assert to_cache(flat, 0) == flat  # an upright read is stored as before


@pytest.mark.slow
@pytest.mark.ocr
def test_a_page_scanned_a_quarter_turned_clockwise_reads_in_order(tmp_path: Path) -> None:
    """Tesseract reads every word of 012 turned 90° clockwise right (confidence 0.93, as upright)
    but in reverse order, lines from the bottom: the record had no header field."""
    scan = tmp_path / "012 quay ngang.png"
    _pdf_page("012.pdf", 0, 300).rotate(-90, expand=True).save(scan)
    result = process(DocumentInput(scan), Settings(cache_dir=tmp_path / "cache"))
    record = result.record
    gold = json.loads((GOLD / "012.json").read_text(encoding="utf-8"))
    assert record is not None
    for field in ("number", "issuer", "issued_place", "document_type"):
        assert str(getattr(record, field)) == str(gold[field]), field
    assert str(record.issued_date) == gold["issued_date"]
    assert record.subject == gold["subject"]
    assert any("xoay 270°" in w for w in record.warnings)
    assert not record.needs_review
    # a cache entry written before (the reversed read, without a turn) is read again, not reused
    (entry,) = (tmp_path / "cache" / "ocr").glob("*/*.tsv")
    turned = Image.open(scan)
    entry.write_text(engine.recognise(prepare(turned).image, NEVER), encoding="utf-8")
    again = process(DocumentInput(scan), Settings(cache_dir=tmp_path / "cache")).record
    assert again is not None and (again.number, again.issued_place) == (gold["number"], gold["issued_place"])
    assert entry.read_text(encoding="utf-8").startswith("#congvan rotation=270\n")


# --- d: a long scan's memory grows by little more than its file per page ----------------------

PEAK = """
import resource, sys
from pathlib import Path
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import Settings
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))  # a worker's default cap
result = process(DocumentInput(Path(sys.argv[1])), Settings(cache_dir=Path(sys.argv[2])))
print(result.status.value, next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
"""


def _long_scan(kind: str, pages: int, dest: Path) -> Path:
    """004's three scanned pages repeated: as the PDF itself, or as a grey 200 dpi TIFF."""
    source = pdfium.PdfDocument(DOCS / "004.pdf")
    if kind == "pdf":
        out = pdfium.PdfDocument.new()
        while len(out) < pages:
            out.import_pages(source, list(range(min(len(source), pages - len(out)))))
        out.save(dest)
        return dest
    frames = [source[i].render(scale=200 / 72).to_pil().convert("L") for i in range(len(source))]
    sequence = [frames[i % len(frames)] for i in range(pages)]
    sequence[0].save(dest, save_all=True, append_images=sequence[1:], compression="tiff_lzw", dpi=(200, 200))
    return dest


def _peak_kib(path: Path) -> int:
    cache = Path.home() / ".cache" / "congvan"  # the pages' OCR is not what is measured here
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", PEAK, str(path), str(cache)], env=env, capture_output=True, text=True, timeout=1800
    )
    assert run.returncode == 0, run.stderr[-2000:]
    status, peak = run.stdout.split()
    assert status in ("success", "partial")
    return int(peak)


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.parametrize("kind", ["pdf", "tiff"])
def test_a_60_page_scan_costs_little_more_than_its_file_per_page(tmp_path: Path, kind: str) -> None:
    """Measured (MiB peak, 10 → 60 pages): PDF 585 → 739 before (3.1 a page: PDFium kept every
    page's parsed image in the open document), TIFF 330 → 587 (5.1 a page: every frame decoded
    at once). After, it grows with the file's bytes (~1 MiB a page of these scans) and ~0.5 MiB more."""
    short = _long_scan(kind, 10, tmp_path / f"10.{kind}")
    long = _long_scan(kind, 60, tmp_path / f"60.{kind}")
    file_per_page = (long.stat().st_size - short.stat().st_size) / 50 / 1024
    long_peak = _peak_kib(long)
    # The cap a worker is given (2 GiB address space) is far from reached: a few pages' worth.
    assert long_peak < 1024 * 1024, f"peak {long_peak // 1024} MiB for 60 pages"
    per_page = (long_peak - _peak_kib(short)) / 50
    assert per_page < file_per_page + 1536, f"{per_page:.0f} KiB a page for {file_per_page:.0f} KiB of file"
