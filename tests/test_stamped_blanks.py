"""Digits a numbering tool writes as text over a template's blank of leader dots
(pipeline/text/blanks.py), on real PDFs built by tests/fixtures/stamped/build.py."""

from __future__ import annotations

from pathlib import Path

from congvan.pipeline.run import extract_file
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text.blanks import filled_blanks
from congvan.pipeline.text.pdf import chars_to_words, pdf_pages

STAMPED = Path(__file__).parent / "fixtures" / "stamped"
TEXT_ONLY = Settings(ocr=OcrMode.NEVER)


def test_digits_written_over_the_dots_are_the_number_and_the_day() -> None:
    record = extract_file(STAMPED / "dots-stamped-as-text.pdf", TEXT_ONLY)
    assert record is not None
    assert record.number == "935/VP-TCKT"
    assert str(record.issued_date) == "2019-11-14"
    assert record.issued_place == "Hà Nội"
    pages, _ = pdf_pages((STAMPED / "dots-stamped-as-text.pdf").read_bytes(), TEXT_ONLY)
    assert "Số: 935 /VP-TCKT" in pages[0].text
    assert "Hà Nội, ngày 14 tháng 11 năm 2019" in pages[0].text


def test_the_dots_left_blank_are_a_blank_number_and_day_with_their_reasons() -> None:
    record = extract_file(STAMPED / "dots-left-blank.pdf", TEXT_ONLY)
    assert record is not None
    assert record.number is None and record.issued_date is None
    assert record.issued_place == "Hà Nội"  # the place is read without the day
    assert any("số in không có chữ số ('/VP-TCKT')" in w for w in record.warnings)
    assert any("ngày để trống khi in (tháng 11/2019)" in w for w in record.warnings)


def _line(text: str, x: float, top: float = 100.0, width: float = 6.0) -> list[tuple]:
    out = []
    for ch in text:
        w = 3.0 if ch == "." else width
        out.append((ch, x, top, x + w, top + 12))
        x += w
    return out


def test_a_word_typed_after_the_blank_stays_where_it_is() -> None:
    # "ngày .......tháng": the month's word touches the dots but is typed, not drawn over them
    chars = _line("ngày ", 0) + _line(".......", 30) + _line("tháng 11", 51)
    filled, rest = filled_blanks(chars)
    assert [w.text for w in chars_to_words(filled)] == ["ngày", ".......tháng", "11"]
    assert rest == []


def test_digits_drawn_later_over_the_dots_take_their_place() -> None:
    chars = _line("Số: ", 0) + _line("......../VP", 24) + _line("935", 25.5, top=98.0)
    filled, _ = filled_blanks(chars)
    assert [w.text for w in chars_to_words(filled)] == ["Số:", "935", "/VP"]


def test_two_dots_are_no_blank_and_digits_elsewhere_are_not_moved() -> None:
    chars = _line("TP.. ", 0) + _line("12", 6, top=100.0) + _line(".......", 60) + _line("5", 200)
    filled, _ = filled_blanks(chars)
    assert filled == chars
