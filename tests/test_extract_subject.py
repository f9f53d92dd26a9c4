"""Trích yếu after V/v or under the type title."""

from __future__ import annotations

import re

import pytest

from congvan.extractors.base import Context
from congvan.extractors.subject import extract
from tests.headertexts_a import SEED_PREFIXES, corpus_gold, pdf_text, seed_gold, seed_text, text_039


def subject(text: str, ocr: bool = False) -> str | None:
    best = extract(text, Context(is_ocr=ocr)).best("subject")
    return best.value if best else None


def comparable(value: str | None) -> str | None:
    """As the evaluation compares: case-insensitive, whitespace collapsed, leading V/v or Về việc ignored."""
    if value is None:
        return None
    return re.sub(r"^(v/v|về việc)\s*", "", " ".join(value.split()).casefold())


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_seed_subject_matches_gold(prefix: str) -> None:
    assert comparable(subject(seed_text(prefix))) == comparable(seed_gold(prefix)["subject"])


def test_039_vv_on_linearised_header() -> None:
    assert subject(text_039()) == "thực hiện kiểm tra, đánh giá đối với cấp THCS, THPT"


@pytest.mark.parametrize("stem", ["003", "016"])
def test_born_digital_subject_under_title(stem: str) -> None:
    assert comparable(subject(pdf_text(f"{stem}.pdf"))) == comparable(corpus_gold(stem)["subject"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n"
            "Số: 899 /UBND-TTHC Quảng Ngãi, ngày 15 tháng 01 năm 2025\nV/v công bố Danh mục TTHC\n"
            "và xây dựng quy trình nội bộ\ngiải quyết TTHC\n\nKính gửi:\n- Sở Giao thông vận tải,\n",
            "công bố Danh mục TTHC và xây dựng quy trình nội bộ giải quyết TTHC",
            id="ocr006-vv-wrapped",
        ),
        pytest.param(
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO. Độc lập - Tự do - Hạnh phúc\nSố: 1906 /SGDĐT-CTrTT Đà Nẵng, ngày 26tháng 7 "
            "năm 2020\n\nVí khẩn trương thực hiện các biện\npháp phòng, chống dịch COVID-19\n\nKính gửi:\n",
            "khẩn trương thực hiện các biện pháp phòng, chống dịch COVID-19",
            id="ocr030-Vi-for-Vv",
        ),
        pytest.param(
            "CÔNG AN TP ĐÀ NẴNG\nPHÒNG AN CHÍNH TRỊ NỘI BỘ\nSố: 115 /CV-PA83\nMẠI thông báo hoạt động của tà đạo\n"
            "Hội thánh Đức Chúa trời\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
            "thông báo hoạt động của tà đạo Hội thánh Đức Chúa trời",
            id="ocr028-MAI-for-Vv",
        ),
        pytest.param(
            "TỜ TRÌNH\nvà việc đề nghị xây dựng Nghị quyết của HĐND tỉnh bãi bỏ Nghị quyết số\n"
            "24/2013/NQ-HĐND ngày 10/12/2013 của HĐND tỉnh\n\nKính gửi: Thường trực HĐND tỉnh\n",
            "Về việc đề nghị xây dựng Nghị quyết của HĐND tỉnh bãi bỏ Nghị quyết số 24/2013/NQ-HĐND "
            "ngày 10/12/2013 của HĐND tỉnh",
            id="ocr008-va-viec-is-ve-viec",
        ),
        pytest.param(
            "UBND TỈNH QUẢNG NGÃI\nSố: 12/QĐ-UBND\nHà Nội, ngày 5 tháng 3 năm 2024\n\nQUYẾT ĐỊNH\n"
            "Về việc ban hành Quy chế\n\nCăn cứ Luật …\n",
            "Về việc ban hành Quy chế",
            id="place-line-under-number-is-not-a-garbled-vv",
        ),
        pytest.param(
            "CHỈ THỊ\n\nlmà|š Ị số: _\nĐE\n:\n\n. Về việc tăng cường công tác thi hành án hành chính\n"
            "trên địa bàn tỉnh Quảng Ngãi\n\nTrong thời gian qua, công tác …\n",
            "Về việc tăng cường công tác thi hành án hành chính trên địa bàn tỉnh Quảng Ngãi",
            id="ocr011-debris-skipped",
        ),
        pytest.param(
            "QUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nCăn cứ Luật …\n",
            "Về việc ban hành Quy chế làm việc",
            id="qd-authority-line-stops",
        ),
    ],
)
def test_subject_lines(text: str, expected: str) -> None:
    assert subject(text, ocr=True) == expected


def test_an_upper_case_subject_keeps_its_case_on_ocr() -> None:
    text = "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH QUY CHẾ TUYỂN SINH\n\nCăn cứ Luật …\n"
    assert subject(text, ocr=True) == "VỀ VIỆC BAN HÀNH QUY CHẾ TUYỂN SINH"


def test_a_garbled_vv_is_only_guessed_on_ocr_text() -> None:
    text = (
        "CÔNG AN TP ĐÀ NẴNG\nPHÒNG AN CHÍNH TRỊ NỘI BỘ\nSố: 115 /CV-PA83\nMẠI thông báo hoạt động của tà đạo\n"
        "\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    )
    assert subject(text, ocr=False) is None


def test_body_title_words_are_not_a_subject() -> None:
    assert subject(seed_text("004")) is None


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        pytest.param("thủ tục hành chính.", "thủ tục hành chính.", id="printed-full-stop-kept"),
        pytest.param("thủ tục hành chính;", "thủ tục hành chính", id="semicolon-dropped"),
        pytest.param("thủ tục hành chính...", "thủ tục hành chính", id="leader-dots-dropped"),
        pytest.param("thủ tục hành chính. -", "thủ tục hành chính", id="stop-before-a-dash-dropped"),
    ],
)
def test_a_printed_final_full_stop_stays(tail: str, expected: str) -> None:
    """Gold guide: the trích yếu as printed, so a full stop printed after its last word stays
    (p14: "V/v xây dựng kế hoạch rà soát quy định, thủ tục hành chính."); separators do not."""
    text = (
        "UBND TỈNH QUẢNG NGÃI\nSố: 45/UBND-KSTTHC\nV/v xây dựng kế hoạch rà soát quy định,\n"
        f"{tail}\n\nKính gửi: Các sở, ban, ngành\n"
    )
    assert subject(text) == "xây dựng kế hoạch rà soát quy định, " + expected
