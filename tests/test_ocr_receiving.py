"""Receiving stamps (dấu đến) read from page images (pipeline/ocr/receiving.py).

Pages are rendered from corpus/docs as the text stage renders them for OCR. Of the 61 scan pages of
the first and tuning halves one carries a receiving stamp: 011 p1, a black "CV ĐẾN" form with
"Số: 2352" and "Ngày: 21/3/18" handwritten on dotted leaders (gold in corpus/gold/011.json). The
Nghị định 30 form (Phụ lục IV: "ĐẾN" cell, Số / Ngày / Chuyển rows) is drawn onto a real page to
cover the layout and ink the corpus lacks.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from congvan.extractors.arrival import extract
from congvan.extractors.base import Context
from congvan.pipeline.ocr import receiving
from congvan.pipeline.ocr.engine import ocr_pages
from congvan.pipeline.settings import Settings
from tests.receiving_stamps import BLUE, DOCS, PURPLE, RED, STAMP_AT_012, drawn_stamp, rendered_page

pytestmark = [pytest.mark.slow, pytest.mark.ocr]  # real Tesseract on 300 dpi pages, 3-5 s a test

TIMEOUT_S = 30.0


@cache
def page(name: str, index: int) -> Image.Image:
    """Page `index` (0-based) as the pipeline renders it for OCR, or a page image file."""
    if not name.endswith(".pdf"):
        return Image.open(DOCS / name).convert("RGB")
    return rendered_page(name, index)


def test_011_cv_den_stamp_date_read_and_its_number_left_unread() -> None:
    (stamp,) = receiving.read_receiving(page("011.pdf", 0), TIMEOUT_S)
    # gold: Số 2352, Ngày 21/3/18. The "3" of 2352 curls through the dotted leader and the digit
    # reader is unsure of it (0.75 < MIN_FIELD_CONFIDENCE): "?" rather than a wrong number.
    assert stamp.date == "21/3/18"
    assert stamp.number == receiving.UNREAD
    assert stamp.confidence >= receiving.MIN_FIELD_CONFIDENCE
    x0, y0, _, _ = stamp.box
    assert x0 < 400 and 500 < y0 < 900  # top-left, under the number, as stamped


def test_011_stamp_line_gives_the_arrival_date_and_a_warning_for_the_number() -> None:
    line = receiving.receiving_text(page("011.pdf", 0), TIMEOUT_S)
    result = extract("…\n\n" + line, Context(issued_date=date(2018, 3, 20)))
    (candidate,) = result.candidates
    assert candidate.value["date"] == "2018-03-21" and candidate.value["number"] is None
    assert "không đọc được số đến" in result.warnings[0]


@pytest.mark.parametrize(
    ("name", "index"),
    [
        pytest.param("006.pdf", 0, id="006-red-hoa-toc-arrow-and-seal"),
        pytest.param("p13.pdf", 0, id="p13-boxed-khan-mark"),
        pytest.param("p05.pdf", 0, id="p05-bank-box"),
        pytest.param("004.pdf", 2, id="004-seal-and-signature"),
        pytest.param("028.pdf", 0, id="028-handwritten-margin-notes"),
        pytest.param("030.jpg", 0, id="030-phone-photo"),
    ],
)
def test_no_receiving_stamp_on_pages_without_one(name: str, index: int) -> None:
    assert receiving.read_receiving(page(name, index), TIMEOUT_S) == []


@pytest.mark.parametrize(
    ("number", "day", "ink"),
    [
        pytest.param("1875", "5/2/2025", BLUE, id="blue-four-digit-year"),
        pytest.param("306", "12/11/24", RED, id="red-two-digit-year"),
        pytest.param("42", "3/1/2025", PURPLE, id="purple-short-number"),
    ],
)
def test_drawn_nghi_dinh_30_stamp_is_read(number: str, day: str, ink: tuple[int, int, int]) -> None:
    (stamp,) = receiving.read_receiving(drawn_stamp(page("012.pdf", 0), STAMP_AT_012, number, day, ink), TIMEOUT_S)
    assert (stamp.number, stamp.date) == (number, day)
    assert stamp.line().startswith(f"[Dấu đến] Số: {number} | Ngày: {day} | tin cậy ")


def test_a_drawn_stamp_left_empty_reads_as_unread_not_as_a_value() -> None:
    (stamp,) = receiving.read_receiving(drawn_stamp(page("012.pdf", 0), STAMP_AT_012, "", "", BLUE), TIMEOUT_S)
    assert (stamp.number, stamp.date) == (receiving.UNREAD, receiving.UNREAD)


def test_the_page_ocr_appends_the_stamp_line_and_keeps_it_with_the_page(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path, ocr_jobs=1)
    (first,) = ocr_pages([page("011.pdf", 0)], settings)
    assert first.text.rstrip().endswith("[Dấu đến] Số: ? | Ngày: 21/3/18 | tin cậy 0.85")
    assert list(tmp_path.rglob(f"*.{receiving.CACHE_KIND}"))  # read once, then from the cache
    (again,) = ocr_pages([page("011.pdf", 0)], settings)
    assert again.text == first.text


def test_a_receiving_stamp_beside_the_header_leaves_the_subject_readable(tmp_path: Path) -> None:
    """Stamped right of 012's place-date line (blank paper, as Nghị định 30 asks), the stamp's rules
    and handwriting joined the 'V/v …' line into one tall line and the subject was lost (None); the
    page is now read with the stamp painted white, and the stamp is still read apart."""
    import json

    from congvan.pipeline.load import DocumentInput
    from congvan.pipeline.run import process
    from tests.receiving_stamps import stamped_012_pdf

    gold = json.loads((DOCS.parent / "gold" / "012.json").read_text(encoding="utf-8"))
    scan = stamped_012_pdf(tmp_path / "012-den.pdf", "1875", "5/2/2025")
    record = process(DocumentInput(scan), Settings(cache_dir=tmp_path / "cache")).record
    assert record is not None
    assert (record.subject, record.number, str(record.issued_date)) == (
        gold["subject"],
        gold["number"],
        gold["issued_date"],
    )
    assert record.arrival is not None and (record.arrival.number, str(record.arrival.date)) == ("1875", "2025-02-05")


def test_a_stamp_sized_frame_with_nothing_written_in_it_is_no_stamp_and_no_failure() -> None:
    # a box drawn round nothing (a seal's frame, an empty form cell) the size of a receiving stamp: its
    # field cell has no rows; reading it failed the whole document ("zip() argument 2 is longer")
    image = page("012.pdf", 0).copy()
    draw = ImageDraw.Draw(image)
    dpi = min(image.size) / 8.27
    x, y = STAMP_AT_012
    draw.rectangle((x, y, x + round(50 * dpi / 25.4), y + round(30 * dpi / 25.4)), outline=BLUE, width=4)
    assert receiving.stamp_frames(image, TIMEOUT_S) == []
    assert receiving.read_receiving(image, TIMEOUT_S) == []
