"""Document type from the title line, the symbol, or V/v (công văn); is_dispatch as a scored judgement."""

from __future__ import annotations

import pytest

from congvan.extractors.base import Context
from congvan.extractors.doctype import extract, symbol_type
from tests.headertexts_a import SEED_PREFIXES, corpus_gold, pdf_text, seed_gold, seed_text, text_039


def doctype(text: str) -> tuple[str | None, bool | None]:
    result = extract(text, Context())
    t, d = result.best("document_type"), result.best("is_dispatch")
    return (t.value if t else None, d.value if d else None)


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_seed_type_and_dispatch_match_gold(prefix: str) -> None:
    gold = seed_gold(prefix)
    assert doctype(seed_text(prefix)) == (gold["document_type"], gold["is_dispatch"])


def test_039_cong_van() -> None:
    assert doctype(text_039()) == ("cong_van", True)


@pytest.mark.parametrize("stem", ["003", "016"])
def test_born_digital_thong_bao(stem: str) -> None:
    assert doctype(pdf_text(f"{stem}.pdf")) == (corpus_gold(stem)["document_type"], True)


@pytest.mark.parametrize(
    ("number", "slug"),
    [
        pytest.param("542/TB-UBND", "thong_bao", id="TB"),
        pytest.param("01/2021/QĐ-UBND", "quyet_dinh", id="QD-with-year"),
        pytest.param("238-QĐ/TW", "quyet_dinh", id="party-QD"),
        pytest.param("24/TTr-UBND", "to_trinh", id="TTr"),
        pytest.param("05/CT-UBND", "chi_thi", id="CT"),
        pytest.param("12/CTr-UBND", "chuong_trinh", id="CTr-not-CT"),
        pytest.param("3/ĐA-UBND", "de_an", id="DA-with-stroke"),
        pytest.param("3/DA-BQL", "du_an", id="DA-plain"),
        pytest.param("7/HĐ-CT", "hop_dong", id="HD-stroke"),
        pytest.param("7/HD-SGDĐT", "huong_dan", id="HD-plain"),
        pytest.param("115/CV-PA83", "cong_van", id="old-CV"),
        pytest.param("4515/VKSTC-T5", None, id="no-type"),
        pytest.param("299/UBND-TTHC", None, id="issuer-first"),
    ],
)
def test_symbol_type(number: str, slug: str | None) -> None:
    assert symbol_type(number)[0] == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        pytest.param(
            "ỦY BAN NHÂN DÂN\nSố: 299 /UBND-TTHC\nV/v công bố Danh mục TTHC\n\nKính gửi: Sở Tư pháp\n",
            "cong_van",
            id="006-cong-van",
        ),
        pytest.param(
            "ỦY BAN NHÂN DÂN\nSố: 05/CT-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
            "chi_thi",
            id="title-lost-symbol-CT",
        ),
        pytest.param(
            "SỞ KẾ HOẠCH VÀ ĐẦU TƯ\nSố: 10/BC-SKHĐT\n\nBÁO CÁO\nVề tình hình\n",
            "bao_cao",
            id="issuer-line-is-not-a-title",
        ),
        pytest.param("BỘ TÀI CHÍNH\nSố: 1/GM-BTC\n\nGIẤY MỜI\nHọp giao ban\n", "giay_moi", id="giay-moi"),
    ],
)
def test_type_from_header(text: str, slug: str) -> None:
    assert doctype(text)[0] == slug


def test_titles_in_the_body_do_not_count() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nSố: 12/UBND-VX\nV/v họp\n\nKính gửi: Các sở\n\nThực hiện Kế hoạch số 01/KH-UBND …\n"
        "THÔNG BÁO\n(Thông báo này thay cho Giấy mời)./.\n"
    )
    assert doctype(text)[0] == "cong_van"


def test_news_article_is_not_a_dispatch() -> None:
    result = extract(seed_text("004"), Context())
    assert result.best("is_dispatch").value is False
    assert result.best("document_type").value == "other"
    assert any("không phải văn bản hành chính" in w for w in result.warnings)
