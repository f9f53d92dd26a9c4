"""E-mail addresses: body text, e-signature stamps of born-digital PDFs, OCR-broken domains."""

from __future__ import annotations

import pytest

from congvan.extractors import emails
from congvan.extractors.base import Context
from tests.test_extract_recipients import SEED_IDS, gold_of, text_of


def run(text: str) -> list[str]:
    return [c.value for c in emails.extract(text, Context()).all("emails")]


@pytest.mark.parametrize(
    "doc",
    [pytest.param(d, id=d[:3]) for d in SEED_IDS]
    + [
        pytest.param("039", id="039"),
        pytest.param("003", id="003-pdf-stamp"),
        pytest.param("016", id="016-pdf-stamp"),
    ],
)
def test_whole_document_matches_gold(doc: str) -> None:
    assert list(dict.fromkeys(run(text_of(doc)))) == gold_of(doc)["emails"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "gửi 01 bản vào địa chỉ thư điện tử: vp_t5@vks.gov.vn để tổng hợp báo cáo",
            ["vp_t5@vks.gov.vn"],
            id="seed000-body",
        ),
        pytest.param(
            "(hoặc phối hợp với Vụ Thi đua - Khen thưởng, gửi vào hộp thư: vp_v16@vks.gov.vn) để giới thiệu",
            ["vp_v16@vks.gov.vn"],
            id="seed003-in-brackets",
        ),
        pytest.param(
            "BÁO VÀ TIN HỌC\nttcbth@quangngai. gov.vn\n06.11.2024 09:27:05",
            ["ttcbth@quangngai.gov.vn"],
            id="ocr-space-after-dot",
        ),
        pytest.param(
            "TTCBTH@QUANGNGAI.GOV.VN06.11.2024 09:27:05",
            ["ttcbth@quangngai.gov.vn"],
            id="stamp-glued-to-date-upper-case",
        ),
        pytest.param("Email: sgddt@danang.gov.vn.", ["sgddt@danang.gov.vn"], id="sentence-full-stop"),
        pytest.param("liên hệ qua abc@gmail. Cảm ơn", [], id="unknown-label-after-space-is-not-joined"),
        pytest.param("Quảng Ngãi, ngày &@ tháng l1 năm 2024", [], id="ocr-at-sign-in-date"),
    ],
)
def test_lines(line: str, expected: list[str]) -> None:
    assert run(line) == expected


@pytest.mark.parametrize(
    ("line", "is_ocr", "expected"),
    [
        pytest.param(
            "đề nghị Sở GDĐT báo cáo về Bộ GDĐT bằng văn bản và gửi qua\n"
            "email: vugdtrh)moet.gov.vn để kịp thời giải quyết./.",
            True,
            ["vugdtrh@moet.gov.vn"],
            id="p09-at-read-as-bracket",
        ),
        pytest.param("Thư điện tử: vanthu()quangngai.gov.vn", True, ["vanthu@quangngai.gov.vn"], id="at-as-parens"),
        pytest.param("email: vugdtrh)moet.gov.vn", False, [], id="typed-text-not-repaired"),
        pytest.param("(xem tại trang 2)com.vn và (phụ lục)gov.vn", True, [], id="no-email-label"),
    ],
)
def test_ocr_at_sign_read_as_a_bracket(line: str, is_ocr: bool, expected: list[str]) -> None:
    found = emails.extract(line, Context(is_ocr=is_ocr)).all("emails")
    assert [c.value for c in found] == expected


@pytest.mark.parametrize(
    ("ocr_text", "address"),
    [
        # an e-signature stamp on a scan: "@" read with a bracket, a space after a dot, "gov" as "8ov"
        ("Email: syt@)quangtri. 8ov.vn\nCơ quan: Tỉnh Quảng Trị", "syt@quangtri.gov.vn"),
        ("liên hệ qua thư điện tử abc@(hue.vnpt.vn.", "abc@hue.vnpt.vn"),
        # a scanned body line: the bracket read before the "@"
        ("hằng ngày qua địa chỉ thư điện tử atgt.sxd(@dongnai.gov.vn.", "atgt.sxd@dongnai.gov.vn"),
    ],
)
def test_ocr_slips_inside_a_stamps_address_are_repaired_on_ocr_text_only(ocr_text: str, address: str) -> None:
    assert [c.value for c in emails.extract(ocr_text, Context(is_ocr=True)).all("emails")] == [address]
    assert [c.value for c in emails.extract(ocr_text, Context()).all("emails")] == []


def test_an_at_sign_read_as_empty_brackets_is_repaired_in_text_that_reads_clean() -> None:
    # another tool's OCR with few slips (not repaired as noisy): "()" after an e-mail label is its "@";
    # a lone bracket is taken only where the text is known to be OCR
    line = "Đề nghị đăng ký qua email: cdt.bvdkgl()gmail.com để bố trí chỗ ngồi."
    assert [c.value for c in emails.extract(line, Context()).all("emails")] == ["cdt.bvdkgl@gmail.com"]
    assert [c.value for c in emails.extract("email: vugdtrh)moet.gov.vn", Context()).all("emails")] == []
