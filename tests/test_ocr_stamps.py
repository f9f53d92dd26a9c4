"""Red urgency/secrecy stamps read from page images (pipeline/ocr/stamps.py).

Pages are rendered from corpus/docs exactly as the text stage renders them for OCR. The corpus has
one real mark stamp (006 p1, an arrow-shaped "HỎA TỐC" tilted ~40°); rectangular stamps of the
other marks, and a red receiving stamp, are drawn onto a real page (012 p1) to cover the shapes
the corpus lacks.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from congvan.extractors.base import Context
from congvan.extractors.marks import extract
from congvan.extractors.textutil import fold
from congvan.pipeline.ocr import stamps
from congvan.pipeline.settings import Settings
from congvan.pipeline.text.pdf import PDFIUM_LOCK, _render, open_pdf

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
TIMEOUT_S = 30.0


@cache
def page(name: str, index: int) -> Image.Image:
    """Page `index` (0-based) as the pipeline renders it for OCR, or a page image file."""
    if not name.endswith(".pdf"):
        return Image.open(DOCS / name).convert("RGB")
    with PDFIUM_LOCK:
        doc = open_pdf((DOCS / name).read_bytes())
        try:
            return _render(doc, index, Settings().ocr_dpi)
        finally:
            doc.close()


def candidates(image: Image.Image) -> list[stamps.Blob]:
    dpi = stamps.page_dpi(image.width, image.height)
    return stamps.stamp_blobs(stamps.header_region(image, dpi), dpi, image.height)


# ---- matching what was read against the marks vocabulary -------------------------------------


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        pytest.param("HỎA TỐC", ("urgency", "hoa_toc"), id="hoa-toc"),
        pytest.param("HOA TOC", ("urgency", "hoa_toc"), id="hoa-toc-no-diacritics"),
        pytest.param("H0A TÓC", ("urgency", "hoa_toc"), id="hoa-toc-zero-and-wrong-accent"),
        pytest.param("| HỎA TỐC |", ("urgency", "hoa_toc"), id="hoa-toc-frame-bars"),
        pytest.param("HOẢ TỐC\nHẸN GIỜ", ("urgency", "hoa_toc"), id="hoa-toc-hen-gio-two-lines"),
        pytest.param("THƯỢNG KHẨN", ("urgency", "thuong_khan"), id="thuong-khan"),
        pytest.param("KHẨN", ("urgency", "khan"), id="khan"),
        pytest.param("MẬT", ("secrecy", "mat"), id="mat"),
        pytest.param("TỐI MẬT", ("secrecy", "toi_mat"), id="toi-mat"),
        pytest.param("TUYET MAT", ("secrecy", "tuyet_mat"), id="tuyet-mat-no-diacritics"),
    ],
)
def test_match_mark(read: str, expected: tuple[str, str]) -> None:
    found = stamps.match_mark(read)
    assert found is not None and found[:2] == expected


@pytest.mark.parametrize(
    "read",
    [
        pytest.param("CV\nĐẾN\nSố: 2352\nNgày: 21.3.18\nChuyển:", id="011-cv-den-receiving-stamp"),
        pytest.param("CÔNG VĂN ĐẾN\nSố: ......\nNgày: ......", id="cong-van-den"),
        pytest.param("ĐẾN", id="den-alone"),
        pytest.param("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", id="seal-ring-text"),
        pytest.param("VỌH 00L", id="006-read-upside-down"),
        pytest.param("ma.", id="one-slip-in-a-short-word"),
        pytest.param("KHẨN TRƯƠNG THỰC HIỆN CÔNG VĂN", id="mark-word-in-a-longer-text"),
        pytest.param("", id="nothing-read"),
    ],
)
def test_no_mark_matched(read: str) -> None:
    assert stamps.match_mark(read) is None


def test_marks_text_is_read_by_the_marks_extractor() -> None:
    """Every phrase of the vocabulary, as the OCR stage would append it, gives its value back."""
    read = stamps.StampRead("", 0.9, (0, 0, 1, 1), 0.0)
    for field_name, value, phrase, _ in stamps.vocabulary():
        text = "Nơi nhận:\n- Như trên;\n\n" + stamps.marks_text(
            [stamps.StampMark(field_name, value, phrase, 100.0, read)]
        )
        best = extract(text, Context(is_ocr=True)).best(field_name)
        assert best is not None and best.value == value, phrase
        assert text[best.start : best.end] == phrase


# ---- which red components are stamp candidates (no OCR) ----------------------------------------


def test_006_hoa_toc_stamp_is_the_only_candidate() -> None:
    image = page("006.pdf", 0)
    found = candidates(image)
    assert len(found) == 1  # the round seal over the signature is not one
    x0, y0, x1, y1 = found[0].box
    # under the left header column, between the number block and the body
    assert x1 < image.width / 2
    assert 0.15 * image.height < y0 < y1 < 0.4 * image.height


@pytest.mark.parametrize(
    ("name", "index"),
    [
        pytest.param("002.pdf", 0, id="002-p1-seal-at-signature"),
        pytest.param("004.pdf", 2, id="004-p3-seal-in-upper-half"),
        pytest.param("007.pdf", 2, id="007-p3-seal-in-upper-half"),
        pytest.param("008.pdf", 2, id="008-p3-seal-in-upper-half"),
        pytest.param("006.pdf", 1, id="006-p2-seal-bleed-through"),
        pytest.param("010.pdf", 1, id="010-p2-seal-bleed-through"),
        pytest.param("011.pdf", 0, id="011-p1-grey-scan-cv-den"),
        pytest.param("028.pdf", 1, id="028-p2-seal-and-handwriting"),
        pytest.param("030_p2.jpg", 0, id="030-p2-low-resolution-seal"),
    ],
)
def test_no_candidate_on_seals_and_receiving_stamps(name: str, index: int) -> None:
    assert candidates(page(name, index)) == []


# ---- reading real pages with Tesseract ---------------------------------------------------------


@pytest.mark.slow
@pytest.mark.ocr
def test_006_reads_hoa_toc() -> None:
    marks = stamps.read_marks(page("006.pdf", 0), TIMEOUT_S)
    assert [(m.field, m.value, m.phrase) for m in marks] == [("urgency", "hoa_toc", "HỎA TỐC")]
    read = marks[0].read
    assert fold(read.text) == fold("HỎA TỐC")
    assert read.confidence >= 0.8
    assert 300 < read.angle < 340  # turned back by ~40°: the stamp rises to the right
    assert stamps.marks_text(marks) == "[Dấu] HỎA TỐC"


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.parametrize(
    ("name", "index"),
    [
        pytest.param("011.pdf", 0, id="011-p1-cv-den"),
        pytest.param("012.pdf", 0, id="012-p1-seal-no-stamp"),
        pytest.param("004.pdf", 2, id="004-p3-seal-in-upper-half"),
        pytest.param("001.pdf", 0, id="001-p1-no-red"),
    ],
)
def test_pages_without_a_mark(name: str, index: int) -> None:
    assert stamps.read_marks(page(name, index), TIMEOUT_S) == []


# ---- stamps drawn onto a real page: shapes the corpus lacks ------------------------------------

STAMP_RED = (225, 40, 60)


def drawn_stamp(lines: tuple[str, ...], angle: float, px: int) -> Image.Image:
    """Alpha mask of a framed rubber stamp: bold serif capitals in a rectangle, turned by `angle`."""
    font = ImageFont.truetype("DejaVuSerif-Bold.ttf", px)
    probe = ImageDraw.Draw(Image.new("L", (1, 1)))
    boxes = [probe.textbbox((0, 0), ln, font=font) for ln in lines]
    line_h = int(px * 1.3)
    width = int(max(b[2] - b[0] for b in boxes)) + px
    height = line_h * len(lines) + px // 2
    stamp = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(stamp)
    draw.rectangle((2, 2, width - 3, height - 3), outline=255, width=max(3, px // 12))
    for k, (ln, b) in enumerate(zip(lines, boxes, strict=True)):
        x = (width - (b[2] - b[0])) // 2 - b[0]
        y = px // 4 + k * line_h + (line_h - (b[3] - b[1])) // 2 - b[1]
        draw.text((x, y), ln, font=font, fill=255)
    return stamp.rotate(angle, expand=True, resample=Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(1))


def stamped_page(lines: tuple[str, ...], angle: float, px: int = 60) -> Image.Image:
    """012 p1 with the stamp inked (uneven, multiplied over the paper) under its left header column."""
    base = np.asarray(page("012.pdf", 0)).astype(float)
    alpha = np.asarray(drawn_stamp(lines, angle, px)).astype(float) / 255
    alpha *= np.random.default_rng(0).uniform(0.6, 1.0, alpha.shape)  # worn rubber
    x, y = int(0.08 * base.shape[1]), int(0.2 * base.shape[0])
    region = base[y : y + alpha.shape[0], x : x + alpha.shape[1]]
    region *= 1 - alpha[..., None] * (1 - np.array(STAMP_RED) / 255)
    return Image.fromarray(base.astype(np.uint8))


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.parametrize(
    ("lines", "angle", "expected"),
    [
        pytest.param(("KHẨN",), -3, ("urgency", "khan"), id="khan-tilt-3"),
        pytest.param(("KHẨN",), 25, ("urgency", "khan"), id="khan-tilt-25-letters-touch-frame"),
        pytest.param(("THƯỢNG KHẨN",), 2, ("urgency", "thuong_khan"), id="thuong-khan"),
        pytest.param(("HỎA TỐC", "HẸN GIỜ"), -2, ("urgency", "hoa_toc"), id="hoa-toc-hen-gio-two-lines"),
        pytest.param(("MẬT",), 0, ("secrecy", "mat"), id="mat"),
        pytest.param(("TỐI MẬT",), -6, ("secrecy", "toi_mat"), id="toi-mat"),
        pytest.param(("TUYỆT MẬT",), 8, ("secrecy", "tuyet_mat"), id="tuyet-mat"),
    ],
)
def test_drawn_mark_stamps(lines: tuple[str, ...], angle: float, expected: tuple[str, str]) -> None:
    marks = stamps.read_marks(stamped_page(lines, angle), TIMEOUT_S)
    assert [(m.field, m.value) for m in marks] == [expected]


@pytest.mark.slow
@pytest.mark.ocr
def test_drawn_red_receiving_stamp_is_no_mark() -> None:
    image = stamped_page(("CÔNG VĂN ĐẾN", "Số: ......", "Ngày: ......", "Chuyển: ......"), 1, px=45)
    reads = stamps.read_stamps(image, TIMEOUT_S)
    assert len(reads) == 1 and "ĐẾN" in reads[0].text  # it was found and read …
    assert stamps.read_marks(image, TIMEOUT_S) == []  # … and is not a mark


@pytest.mark.slow
@pytest.mark.ocr
@pytest.mark.parametrize("factor", [pytest.param(2, id="150dpi"), pytest.param(3, id="100dpi")])
def test_drawn_stamp_on_a_low_resolution_page(factor: int) -> None:
    image = stamped_page(("HỎA TỐC",), 4)
    small = image.resize((image.width // factor, image.height // factor), Image.Resampling.LANCZOS)
    assert [m.value for m in stamps.read_marks(small, TIMEOUT_S)] == ["hoa_toc"]
