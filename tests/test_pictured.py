"""Text drawn as pictures on a text-layer page: an e-office system's number and day stamped into
the blanks of a signed document (pipeline/text/pictured.py), read by real Tesseract."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.pipeline.document import Word
from congvan.pipeline.ocr.line import _digits_misread
from congvan.pipeline.run import extract_file
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text.pdf import pdf_pages
from congvan.pipeline.text.pictured import picture_boxes

PICTURED = Path(__file__).parent / "fixtures" / "pictured"
SET24 = Path(__file__).parent / "fixtures" / "heldout" / "set24" / "docs"


@pytest.mark.parametrize(
    ("name", "number", "issued", "place", "read"),
    [
        ("party-number-pictures.pdf", "1234-HD/BTCTU", "2025-08-21", "Nghệ An", "'1234', '21', '8'"),
        # the logo beside the issuer is taller than a line: no text, left alone
        ("state-number-pictures.pdf", "2087/SGDĐT-VP", "2025-09-05", "Gia Lai", "'2087', '05'"),
    ],
)
def test_number_and_day_stamped_as_pictures_are_read(
    name: str, number: str, issued: str, place: str, read: str, tmp_path: Path
) -> None:
    record = extract_file(PICTURED / name, Settings(cache_dir=tmp_path))
    assert record is not None
    assert record.number == number
    assert str(record.issued_date) == issued
    assert record.issued_place == place
    assert f"Trang 1: số/ngày đóng dạng ảnh trên lớp chữ, đã đọc bằng OCR: {read}" in record.warnings


def test_the_text_layer_alone_keeps_its_blanks_and_says_why() -> None:
    data = (PICTURED / "party-number-pictures.pdf").read_bytes()
    pages, warnings = pdf_pages(data, Settings(ocr=OcrMode.NEVER))
    assert "Số -HD/BTCTU" in pages[0].text
    assert any("có chữ dạng ảnh ở phần đầu văn bản nhưng không đọc được (OCR đang tắt)" in w for w in warnings)
    record = extract_file(PICTURED / "party-number-pictures.pdf", Settings(ocr=OcrMode.NEVER))
    assert record is not None
    # the blank number is no issuer line, and the place stands without its day
    assert (record.number, record.issued_date) == (None, None)
    assert (record.issuer, record.issuer_parent, record.issued_place) == ("BAN TỔ CHỨC", "TỈNH ỦY NGHỆ AN", "Nghệ An")


def _words(top: float) -> list[Word]:
    return [Word("Số:", 100, top, 120, top + 14), Word("/SGDĐT-VP", 160, top, 230, top + 14)]


def test_only_line_high_pictures_of_the_header_are_text() -> None:
    words = _words(120)
    stamped = (122, 119, 158, 134)
    logo = (60, 20, 105, 65)  # three lines high
    background = (90, 110, 260, 140)  # words lie on it
    low = (122, 600, 158, 615)  # below the header: a picture in the body
    banner = (0, 119, 500, 134)
    boxes = picture_boxes(words, [stamped, logo, background, low, banner], height=842, width=595)
    assert boxes == [stamped]
    assert picture_boxes([], [stamped], height=842, width=595) == []  # no text layer: a scan


@pytest.mark.parametrize(
    ("name", "line"),
    [
        # the day's picture rises above the letters of its line: set level with them, not with the
        # left column's line beside it
        ("zl06.pdf", "Thái Nguyên, ngày 17 tháng 11 năm 2025"),
        # a handwriting-like "11" Tesseract reads "T1" is read again as digits
        ("zl05.pdf", "Cần Thơ, ngày 03 tháng 11 năm"),
        # the whole number line stamped as one picture, its label read "SI:"
        ("zl04.pdf", "Số: 1234/5SGDĐT-VP"),
    ],
)
def test_pictures_join_their_line(name: str, line: str, tmp_path: Path) -> None:
    pages, _ = pdf_pages((SET24 / name).read_bytes(), Settings(cache_dir=tmp_path))
    assert line in pages[0].text.splitlines()


def test_a_short_token_of_digit_lookalikes_is_read_again() -> None:
    assert _digits_misread("T1") and _digits_misread("l5") and _digits_misread("2O")
    assert not _digits_misread("12") and not _digits_misread("21-HD") and not _digits_misread("Số")
