"""Số và ký hiệu from the header's "Số:" line, e-signed completion, and body citations ignored."""

from __future__ import annotations

import pytest

from congvan.extractors.base import Context
from congvan.extractors.number import extract
from tests.headertexts_a import interleaved_with_stamp, pdf_text, pdftotext, seed_gold, seed_text, text_039


def number_of(text: str, ocr: bool = False) -> str | None:
    best = extract(text, Context(is_ocr=ocr)).best("number")
    return best.value if best else None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("Số: 4515 /VKSTC-T5", "4515/VKSTC-T5", id="seed000-number"),
        pytest.param("Số: 927 /VKSTC-V16", "927/VKSTC-V16", id="seed003-number"),
        pytest.param("Số: 7991/BGDĐT-GDTrH", "7991/BGDĐT-GDTrH", id="039-number"),
        pytest.param(
            "Số: 299 /UBND-TTHC Quảng Ngãi, ngày 15 tháng 01 năm 2025", "299/UBND-TTHC", id="006-interleaved"
        ),
        pytest.param(
            "ng Số: 115 /CV-PA83 Đà Nẵng, ngày 26 tháng 4 năm 2018", "115/CV-PA83", id="028-ocr-prefix"
        ),
        pytest.param(
            "Số: 1906 /SGDĐT-CTrTT Đà Nẵng, ngày 26tháng 7 năm 2020", "1906/SGDĐT-CTrTT", id="030-ocr"
        ),
        pytest.param("Số: 01/2021/QĐ-UBND", "01/2021/QĐ-UBND", id="year-in-number"),
        pytest.param("Số: 238-QĐ/TW", "238-QĐ/TW", id="party-style"),
        pytest.param("Sô: 24 /TTr-UBND", "24/TTr-UBND", id="ocr-label-So-circumflex"),
        pytest.param("S6: 463 /SGDĐT-CTrTT", "463/SGDĐT-CTrTT", id="ocr-label-S6"),
        pytest.param("Số : 53/TB-UBND", "53/TB-UBND", id="space-before-colon"),
        pytest.param("So: 4B62/TCT-KK", "4862/TCT-KK", id="ocr-B-for-8-between-digits"),
        pytest.param("Số: 2318/QĐ-CAT-PV0l", "2318/QĐ-CAT-PV01", id="ocr-l-for-1-in-unit-code"),
        # a template's blank of dots with the digits written over or into it
        pytest.param("Số: ........ 935 /VP-TCKT", "935/VP-TCKT", id="digits-after-leader-dots"),
        pytest.param("Số: ...935.../VP-TCKT", "935/VP-TCKT", id="digits-inside-leader-dots"),
        pytest.param("Số ……12-HD/BTCTU", "12-HD/BTCTU", id="party-digits-after-ellipses"),
        pytest.param("Số: 3456/C06-TTDLDC", "3456/C06-TTDLDC", id="police-department-code-as-body"),
    ],
)
def test_number_from_header_line(line: str, expected: str) -> None:
    text = f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n{line}\n\nKính gửi: Sở Tài chính\n"
    assert number_of(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Số: #4 /TTr -UBND", id="ocr002-handwritten-unreadable"),
        pytest.param("Số:0 /CT-UBND", id="ocr013-zero"),
        pytest.param("Số: 0_\n/TTr-UBND", id="ocr009-debris"),
        pytest.param("Số: ý# /CT-UBND", id="ocr011-debris"),
    ],
)
def test_unreadable_number_is_null_not_guessed(line: str) -> None:
    text = (
        f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\n{line}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
        "Căn cứ Luật số 77/2015/QH13;\n"
    )
    assert number_of(text, ocr=True) is None


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_number_matches_gold(prefix: str) -> None:
    assert number_of(seed_text(prefix)) == seed_gold(prefix)["number"]


def test_news_article_citations_are_not_the_number() -> None:
    # seed 004 cites "Kế hoạch số 13/KH-VKSTC" and "Chỉ thị số 05/CT –VKSTC-TCKS" in prose
    assert extract(seed_text("004"), Context()).candidates == ()


def test_039_linearised_header() -> None:
    assert number_of(text_039()) == "7991/BGDĐT-GDTrH"


@pytest.mark.parametrize(("name", "expected"), [("003.pdf", "542/TB-UBND"), ("016.pdf", "565/TB-UBND")])
def test_born_digital_layout_text(name: str, expected: str) -> None:
    assert number_of(pdf_text(name)) == expected


@pytest.mark.parametrize(("name", "expected"), [("003.pdf", "542/TB-UBND"), ("016.pdf", "565/TB-UBND")])
def test_pdftotext_split_number_line(name: str, expected: str) -> None:
    # pdftotext prints the stamped digits beside the label and the symbol lines later: "Số: 542" … "/TB-UBND"
    assert number_of(pdftotext(name)) == expected


@pytest.mark.parametrize(
    ("name", "stamped", "expected"),
    [("003.pdf", ("542", "06"), "542/TB-UBND"), ("016.pdf", ("565", "15"), "565/TB-UBND")],
)
def test_esigned_number_completed_from_lone_stamp_digits(
    name: str, stamped: tuple[str, ...], expected: str
) -> None:
    text = interleaved_with_stamp(name, stamped)
    result = extract(text, Context())
    best = result.best("number")
    assert best is not None and best.value == expected
    assert best.rule == "number.esign_completion" and best.confidence < 0.9
    assert any("chữ số đóng dấu" in w for w in result.warnings)
    assert text[best.start : best.end].strip() == "/TB-UBND"  # evidence: the printed symbol


def test_a_blank_of_leader_dots_is_a_blank_number() -> None:
    result = extract(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: ........../UBND-KTTH\n\nKính gửi: Sở Tài chính\n", Context()
    )
    assert result.best("number") is None
    assert any("số in không có chữ số ('/UBND-KTTH')" in w for w in result.warnings)


def test_blank_number_without_stamp_digits_warns() -> None:
    result = extract(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: /UBND-KTTH\n\nKính gửi: Sở Tài chính\n", Context()
    )
    assert result.best("number") is None and result.warnings


def test_receiving_stamp_is_not_the_number() -> None:
    text = "CÔNG VĂN ĐẾN Số: 2352\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 07/CT-UBND\n\nCHỈ THỊ\n"
    assert number_of(text) == "07/CT-UBND"


@pytest.mark.parametrize(
    ("header_text", "expected"),
    [
        pytest.param(
            "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 239 /TTIr-UBND\n\nTỜ TRÌNH\nVề việc đề nghị xây dựng Nghị quyết",
            "239/TTr-UBND", id="008-ocr-TTIr",
        ),
        pytest.param(
            "BAN CHỈ ĐẠO\nSố: 12/BCĐ-VP\n\nV/v triển khai kế hoạch\n\nKính gửi: Các sở",
            "12/BCĐ-VP", id="no-title-no-repair",
        ),
        pytest.param(
            "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 280/BC-UBND\n\nBÁO CÁO\nVề việc điều chỉnh dự toán",
            "280/BC-UBND", id="known-code-untouched",
        ),
    ],
)
def test_ocr_type_code_repaired_against_the_title(header_text: str, expected: str) -> None:
    from congvan.extractors.base import Context
    from congvan.extractors.number import extract

    (candidate,) = extract(header_text, Context(is_ocr=True)).candidates
    assert candidate.value == expected


def test_ocr_confused_type_code_is_repaired_by_the_symbol_grammar() -> None:
    text = "THỦ TƯỚNG CHÍNH PHỦ\nSố: 19/CD-TTg\n\nKính gửi: Bộ Tài chính\n"
    result = extract(text, Context(is_ocr=True))
    best = result.best("number")
    assert best is not None and best.value == "19/CĐ-TTg"
    assert text[best.start : best.end] == "19/CD-TTg"  # the evidence keeps what the page says
    assert best.confidence < 0.9
    assert any("19/CD-TTg" in w and "19/CĐ-TTg" in w for w in result.warnings)


def test_garbage_number_is_null_with_a_warning() -> None:
    result = extract("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 2/J\n\nKính gửi: Sở Tài chính\n", Context(is_ocr=True))
    assert result.best("number") is None
    assert any(w.startswith("Số, ký hiệu bị bỏ") for w in result.warnings)


def test_an_unmarked_bare_label_with_a_letter_for_the_first_digit_is_the_number() -> None:
    # a commune party committee's chỉ thị as another tool OCR'd it: "So O3-CT/DU", no colon
    text = (
        "DANG BO TINH KON TUM                 DANG CONG SAN VIET NAM\n"
        "DANG UY XA DAK HA\n        *\nSo O5-CT/DU\n\nCHI THI\n"
    )
    assert number_of(text, ocr=True) == "05-CT/ĐU"
