"""Conservative clean-up: NFC, line ends, invisible characters, legacy fonts, markdown bold."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from congvan.pipeline.document import DocumentText, PageText
from congvan.pipeline.normalise import normalise, normalise_text
from congvan.pipeline.text.legacy import unicode_to_vni
from congvan.schemas.record import TextOrigin

SEEDS = Path("/work/shared/seeds")


def doc(*texts: str) -> DocumentText:
    return DocumentText(
        pages=tuple(PageText(i, t, TextOrigin.TEXT_LAYER) for i, t in enumerate(texts, start=1))
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        pytest.param("Số: **927** /VKSTC-V16", "Số: 927 /VKSTC-V16", id="seed-bold-number"),
        pytest.param(unicodedata.normalize("NFD", "Quảng Ngãi"), "Quảng Ngãi", id="nfd-to-nfc"),
        pytest.param("Kính gửi:\r\n- Sở Tài chính;\r\n", "Kính gửi:\n- Sở Tài chính;\n", id="crlf"),
        pytest.param("Số:\u00a0542\u00a0/TB-UBND", "Số: 542 /TB-UBND", id="nbsp"),
        pytest.param("Quảng\u200bNgãi\ufeff", "QuảngNgãi", id="zero-width"),
        pytest.param("quốc gia \nphát triển", "quốc gia\nphát triển", id="trailing-space"),
        pytest.param("a * b ** c", "a * b ** c", id="lone-asterisks-kept"),
    ],
)
def test_normalise_text(raw: str, clean: str) -> None:
    assert normalise_text(raw) == clean


@pytest.mark.parametrize("stem", ["000", "001", "003"])
def test_real_seed_loses_only_bold_markers(stem: str) -> None:
    raw = next(SEEDS.glob(f"{stem}_*.txt")).read_text(encoding="utf-8")
    assert "**" in raw
    clean = normalise_text(raw)
    assert "**" not in clean
    assert clean.replace("\n", "").replace(" ", "") == raw.replace("**", "").replace("\n", "").replace(
        " ", ""
    )


def test_legacy_page_is_converted_with_a_warning_naming_the_encoding() -> None:
    text = "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc"
    result = normalise(doc("Trang một bình thường, không có gì lạ cả.", unicode_to_vni(text)))
    assert result.pages[1].text == text
    assert result.pages[0].text == "Trang một bình thường, không có gì lạ cả."
    assert result.warnings == ("Trang 2: chữ dùng bảng mã cũ VNI, đã chuyển sang Unicode",)


def test_page_numbers_and_origin_are_kept() -> None:
    result = normalise(doc("một", "hai"))
    assert [(p.number, p.origin) for p in result.pages] == [
        (1, TextOrigin.TEXT_LAYER),
        (2, TextOrigin.TEXT_LAYER),
    ]


def test_a_symbol_fonts_list_bullet_becomes_a_bullet() -> None:
    # Word's "List Bullet" exported to PDF: Symbol's bullet read by pdfium as U+F0B7 (LibreOffice,
    # blind set 16); Wingdings' square and arrow likewise. Only at a line's start, before a space.
    text = "Lưu ý:\n\uf0b7 Không dùng chung tài khoản;\n  \uf0a7 Hai\n\uf0d8\tBa\nGiá \uf0b7 x"
    assert normalise_text(text) == "Lưu ý:\n• Không dùng chung tài khoản;\n  • Hai\n•\tBa\nGiá \uf0b7 x"
