"""Place and date of issue from the place–date line; e-signed blank day; OCR slips."""

from __future__ import annotations

import pytest

from congvan.extractors.base import Context
from congvan.extractors.place_date import extract
from tests.headertexts_a import (
    SEED_PREFIXES,
    corpus_gold,
    interleaved_with_stamp,
    pdf_text,
    pdftotext,
    seed_gold,
    seed_text,
    text_039,
)


def place_date(text: str, ocr: bool = False) -> tuple[str | None, str | None]:
    result = extract(text, Context(is_ocr=ocr))
    place, day = result.best("issued_place"), result.best("issued_date")
    return (place.value if place else None, day.value if day else None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("Hà Nội, ngày 09 tháng 11 năm 2021", ("Hà Nội", "2021-11-09"), id="seed000"),
        pytest.param(
            "Quảng Ngãi, ngày 15 tháng 4 năm 2020", ("Quảng Ngãi", "2020-04-15"), id="unpadded-month"
        ),
        pytest.param(
            "Số: 299 /UBND-TTHC Quảng Ngãi, ngày 15 tháng 01 năm 2025",
            ("Quảng Ngãi", "2025-01-15"),
            id="interleaved-with-number",
        ),
        pytest.param("Đà Nẵng, ngày 26tháng 7 năm 2020", ("Đà Nẵng", "2020-07-26"), id="ocr030-glued"),
        pytest.param("Quảng Ngãi, ngày 04tháng 02 năm 2025", ("Quảng Ngãi", "2025-02-04"), id="ocr012-glued"),
        pytest.param(
            "Quảng Ngãi, ngày 20 thảng 12 năm 2024", ("Quảng Ngãi", "2024-12-20"), id="ocr-thang-slip"
        ),
        pytest.param(
            "Quảng Ngãi, ngày &@ tháng l1 năm 2024", ("Quảng Ngãi", None), id="ocr005-unreadable-day"
        ),
        pytest.param("Quảng Ngãi, ngày 3| tháng 12 năm 2024", ("Quảng Ngãi", None), id="ocr004-debris-day"),
        pytest.param("Da Nang, ngay,94 thcing 5 nam 2019", ("Đà Nẵng", None), id="027-layer-invalid-day-place-snapped"),
        pytest.param(
            "TP. Hồ Chí Minh, ngày 02 tháng 3 năm 2023", ("TP. Hồ Chí Minh", "2023-03-02"), id="tp-prefix"
        ),
        pytest.param(
            "Hà Nội, ngày ....... 14 tháng 11 năm 2019", ("Hà Nội", "2019-11-14"), id="day-after-leader-dots"
        ),
        pytest.param("Hà Nội, ngày …14… tháng 11 năm 2019", ("Hà Nội", "2019-11-14"), id="day-inside-ellipses"),
        pytest.param("Hà Nội, ngày ______ tháng 11 năm 2019", ("Hà Nội", None), id="day-left-blank-underscores"),
        pytest.param(
            "V/v công bố Danh mục TTHC Quảng Ngãi, ngày 15 tháng 01 năm 2025",
            ("Quảng Ngãi", "2025-01-15"),
            id="interleaved-after-subject",
        ),
    ],
)
def test_place_date_line(line: str, expected: tuple[str | None, str | None]) -> None:
    text = f"ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{line}\n\nKính gửi: Sở Tài chính\n"
    assert place_date(text) == expected


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_seed_place_date_matches_gold(prefix: str) -> None:
    gold = seed_gold(prefix)
    assert place_date(seed_text(prefix)) == (gold["issued_place"], gold["issued_date"])


def test_body_dates_of_a_news_article_are_not_the_issued_date() -> None:
    assert place_date(seed_text("004")) == (None, None)


def test_039() -> None:
    assert place_date(text_039()) == ("Hà Nội", "2024-12-17")


@pytest.mark.parametrize("stem", ["003", "016"])
def test_born_digital(stem: str) -> None:
    gold = corpus_gold(stem)
    assert place_date(pdf_text(f"{stem}.pdf")) == (gold["issued_place"], gold["issued_date"])
    assert place_date(pdftotext(f"{stem}.pdf")) == (gold["issued_place"], gold["issued_date"])


@pytest.mark.parametrize(("stem", "stamped"), [("003", ("542", "06")), ("016", ("565", "15"))])
def test_blank_day_completed_from_stamped_digits(stem: str, stamped: tuple[str, ...]) -> None:
    # The stamp time (18.11.2024) is when the text was published, not signed: the lone day wins.
    result = extract(interleaved_with_stamp(f"{stem}.pdf", stamped), Context())
    best = result.best("issued_date")
    assert best is not None and best.value == corpus_gold(stem)["issued_date"]
    assert best.rule == "place_date.stamped_day" and best.confidence < 0.9
    assert any("để trống" in w for w in result.warnings)


def test_blank_day_without_stamped_digits_falls_back_to_esign_time_with_low_confidence() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nSố: /TB-UBND Quảng Ngãi, ngày tháng 11 năm 2024\n\nTHÔNG BÁO\nVề việc họp\n"
        "Thực hiện chỉ đạo …\n\nTRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.vn\n18.11.2024 07:25:14\n+07:00\n"
    )
    best = extract(text, Context()).best("issued_date")
    assert best is not None and best.value == "2024-11-18" and best.confidence <= 0.35


def test_an_iso_signing_time_from_another_signing_tool_is_read_in_its_own_time_zone() -> None:
    """06:05 on 19/11 at +07:00 is still 18/11 in UTC: the printed local date is the one wanted."""
    text = (
        "ỦY BAN NHÂN DÂN\nSố: /TB-UBND Quảng Ngãi, ngày tháng 11 năm 2024\n\nTHÔNG BÁO\nVề việc họp\n"
        "Thực hiện chỉ đạo …\n\nKý bởi: Ủy ban nhân dân tỉnh Quảng Ngãi\nNgày ký: 2024-11-19T06:05:00+07:00\n"
    )
    best = extract(text, Context()).best("issued_date")
    assert best is not None and best.value == "2024-11-19" and best.confidence <= 0.35


def test_stamped_day_must_fit_the_printed_month() -> None:
    text = "ỦY BAN NHÂN DÂN\nSố: 12/TB-UBND Hà Nội, ngày tháng 02 năm 2025\n\nTHÔNG BÁO\nVề việc họp\nThực hiện …\n30\n"
    assert place_date(text)[1] is None  # 30 February does not exist


def test_place_without_marks_snaps_and_keeps_the_printed_evidence() -> None:
    text = "BỘ TÀI CHÍNH\nSố: 12/BTC-NSNN\nHa Noi, ngày 05 tháng 3 năm 2024\n\nKính gửi: Sở Tài chính\n"
    result = extract(text, Context())
    best = result.best("issued_place")
    assert best is not None and best.value == "Hà Nội"
    assert text[best.start : best.end] == "Ha Noi"
    assert best.confidence < 0.95
    assert any(w.startswith("Địa danh đã chuẩn hoá") for w in result.warnings)


@pytest.mark.parametrize(
    ("above", "expected"),
    [
        pytest.param("Đà Nẵng,", "Đà Nẵng", id="place-broken-after-its-comma"),
        pytest.param("Thành phố Hồ Chí Minh,", "Thành phố Hồ Chí Minh", id="long-place-broken"),
        pytest.param("TỈNH QUẢNG NGÃI,", None, id="upper-case-body-line-is-no-place"),
        pytest.param("Đà Nẵng", None, id="no-comma-no-place"),
    ],
)
def test_a_place_date_line_broken_after_the_place(above: str, expected: str | None) -> None:
    """A narrow right column breaks "Đà Nẵng, ngày 24 tháng 01 năm 2022" after the comma: the place
    is the line above when it names a known place and ends in the comma; the date parses either way."""
    text = f"UBND TỈNH X\nSố: 12/UBND\n{above}\nngày 24 tháng 01 năm 2022\n\nKính gửi: A\n"
    found = extract(text, Context(is_ocr=True))
    place = found.best("issued_place")
    assert (place.value if place else None) == expected
    assert found.best("issued_date").value == "2022-01-24"


def test_a_date_read_across_interleaved_columns() -> None:
    """Two columns linearised line by line: the place–date line's year closes the next line, after
    the left column's "V/v …" words; the date is read across them, its span covering both pieces."""
    text = (
        "UBND TỈNH X CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/UBND Đà Nẵng, ngày 24 tháng 01\n"
        "V/v tổ chức hội nghị năm 2022\n\nKính gửi: A\n"
    )
    found = extract(text, Context(is_ocr=True))
    date = found.best("issued_date")
    assert date.value == "2022-01-24"
    assert text[date.start : date.end].endswith("năm 2022")
    assert found.best("issued_place").value == "Đà Nẵng"


def test_a_year_on_the_next_line_without_an_open_month_is_not_joined() -> None:
    text = "UBND TỈNH X\nSố: 12/UBND Đà Nẵng, ngày 24\nV/v kế hoạch năm 2022\n\nKính gửi: A\n"
    assert extract(text, Context(is_ocr=True)).best("issued_date") is None


@pytest.mark.parametrize(
    "date_line",
    [
        "Nghệ An, ngày        tháng\nnăm 2025",
        "Hải Phòng, ngày\n\ntháng     năm 2025",
    ],
    ids=["wrapped-once", "wrapped-with-an-empty-line"],
)
def test_a_draft_date_left_blank_and_wrapped_keeps_its_place(date_line: str) -> None:
    """A narrow header cell wraps a blank date (a draft, or a page before the e-office stamps it):
    the place stands without the day."""
    text = f"SỞ Y TẾ\nSố:     /SYT-NVY\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n{date_line}\n\nKính gửi: A\n"
    found = extract(text, Context())
    place = found.best("issued_place")
    assert place is not None and place.value == date_line.split(",")[0]
    assert found.best("issued_date") is None
