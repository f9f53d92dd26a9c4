"""A Nghị định 30 receiving stamp (dấu đến, Phụ lục IV) drawn onto a real corpus page, for the stamp
reader's tests and the browser life-cycle walk: the corpus has one real stamp (011 p1) whose number
cannot be read, so the layout and inks it lacks are drawn."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from congvan.pipeline.settings import Settings
from congvan.pipeline.text.pdf import PDFIUM_LOCK, _render, open_pdf

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
# 012 p1 beside its place-date line: the one stamp-sized blank in the upper half (300 dpi pixels)
STAMP_AT_012 = (1800, 520)
BLUE, RED, PURPLE = (30, 40, 170), (200, 30, 40), (90, 30, 120)


def rendered_page(name: str, index: int, dpi: int | None = None) -> Image.Image:
    """Page `index` (0-based) of corpus/docs/`name` as the pipeline renders it for OCR."""
    with PDFIUM_LOCK:
        doc = open_pdf((DOCS / name).read_bytes())
        try:
            return _render(doc, index, dpi or Settings().ocr_dpi)
        finally:
            doc.close()


def drawn_stamp(
    base: Image.Image, at: tuple[int, int], number: str, day: str, ink: tuple[int, int, int]
) -> Image.Image:
    """The Phụ lục IV form (50×30 mm: office name, "ĐẾN" cell, Số / Ngày / Chuyển on dotted
    leaders) stamped at `at`, the number and date written in an italic in black."""
    image = base.copy()
    draw = ImageDraw.Draw(image)
    dpi = min(image.size) / 8.27

    def mm(value: float) -> int:
        return round(value * dpi / 25.4)

    small = ImageFont.truetype("DejaVuSerif.ttf", mm(3))
    title = ImageFont.truetype("DejaVuSerif-Bold.ttf", mm(5))
    hand = ImageFont.truetype("DejaVuSerif-Italic.ttf", mm(4.5))
    x, y = at
    width = max(2, mm(0.35))
    draw.rectangle((x, y, x + mm(50), y + mm(30)), outline=ink, width=width)
    draw.text((x + mm(3), y + mm(1)), "SỞ TÀI CHÍNH", font=small, fill=ink)
    draw.line((x, y + mm(6), x + mm(50), y + mm(6)), fill=ink, width=width)
    draw.line((x + mm(14), y + mm(6), x + mm(14), y + mm(30)), fill=ink, width=width)
    draw.text((x + mm(1.5), y + mm(14)), "ĐẾN", font=title, fill=ink)
    for k, (label, value) in enumerate((("Số:", number), ("Ngày:", day), ("Chuyển:", ""))):
        baseline = y + mm(13) + k * mm(7)
        left = x + mm(15.5)
        draw.text((left, baseline - mm(3.2)), label, font=small, fill=ink)
        start = left + draw.textlength(label, font=small) + mm(0.5)
        for dot in range(int(start), x + mm(48), mm(1)):
            draw.ellipse((dot, baseline - 2, dot + 3, baseline + 1), fill=ink)
        if value:
            draw.text((start + mm(3), baseline - mm(5.2)), value, font=hand, fill=(20, 20, 20))
    return image


def stamped_012_pdf(path: Path, number: str, day: str, ink: tuple[int, int, int] = BLUE) -> Path:
    """012.pdf (575/UBND-KTTH, one page, to Sở Tài chính) as Sở Tài chính's scanner would give it
    back after the văn thư stamped it: an image-only PDF of page 1 with the drawn stamp."""
    dpi = Settings().ocr_dpi
    drawn_stamp(rendered_page("012.pdf", 0, dpi), STAMP_AT_012, number, day, ink).save(path, "PDF", resolution=dpi)
    return path
