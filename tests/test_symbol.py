"""Số và ký hiệu against the grammar of Nghị định 30/2020/NĐ-CP, Phụ lục III."""

from __future__ import annotations

import pytest

from congvan.extractors.symbol import Refused, Symbol, parse


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        pytest.param("4515/VKSTC-T5", "4515/VKSTC-T5", id="cong-van-no-type"),
        pytest.param("38/ĐHNN", "38/ĐHNN", id="body-only"),
        pytest.param("161/2024/NĐ-CP", "161/2024/NĐ-CP", id="decree-with-year"),
        pytest.param("21/2017/QH14", "21/2017/QH14", id="law"),
        pytest.param("238-QĐ/TW", "238-QĐ/TW", id="party"),
        pytest.param("04/HD/BTGDVTU", "04/HD/BTGDVTU", id="party-with-slash"),
        pytest.param("1906/SGDĐT-CTrTT", "1906/SGDĐT-CTrTT", id="unit"),
        pytest.param("12/HD-BTC", "12/HD-BTC", id="hd-is-huong-dan-not-hop-dong"),
    ],
)
def test_clean_symbols_are_kept(printed: str, value: str) -> None:
    parsed = parse(printed)
    assert isinstance(parsed, Symbol)
    assert parsed.value == value and parsed.repairs == ()


@pytest.mark.parametrize(
    ("printed", "value"),
    [
        pytest.param("19/CD-TTg", "19/CĐ-TTg", id="CD-to-CĐ"),
        pytest.param("I5/2024/ND-CP", "15/2024/NĐ-CP", id="I-for-1-and-D-for-Đ"),
        pytest.param("0S/CT-TTG", "05/CT-TTg", id="S-for-5-and-case"),
        pytest.param("1Ø/QD-UBND", "10/QĐ-UBND", id="slashed-zero"),
        pytest.param("26-QD/TW", "26-QĐ/TW", id="party-type"),
        pytest.param("49/QĐĐ-ĐHTĐ", "49/QĐ-ĐHTĐ", id="doubled-Đ-in-type"),
        pytest.param("96/QĐĐ-UBND", "96/QĐ-UBND", id="doubled-Đ-before-body"),
        pytest.param("2318/QĐ-CAT-PV0l", "2318/QĐ-CAT-PV01", id="unit-number-l-for-1"),
        pytest.param("15/CAT-PCO4", "15/CAT-PC04", id="unit-number-O-for-0"),
        pytest.param("1234/5SGDĐT-VP", "1234/SGDĐT-VP", id="S-read-twice-once-as-5"),
    ],
)
def test_ocr_confusions_repaired_where_vocabulary_agrees(printed: str, value: str) -> None:
    parsed = parse(printed)
    assert isinstance(parsed, Symbol)
    assert parsed.value == value and parsed.repairs


def test_unit_outside_vocabulary_is_not_repaired() -> None:
    """'B0CA' might be 'BOCA', but no vocabulary says so: the grammar alone repairs nothing."""
    parsed = parse("3/KH-UBND-B0CA")
    assert isinstance(parsed, Symbol)
    assert parsed.value == "3/KH-UBND-B0CA" and parsed.repairs == ()


def test_spacing_inside_symbol() -> None:
    parsed = parse("17/NQ- CP")
    assert isinstance(parsed, Symbol) and parsed.value == "17/NQ-CP"
    assert (parsed.type_code, parsed.codes) == ("NQ", ("CP",))


@pytest.mark.parametrize(
    "printed",
    [
        pytest.param("2/J", id="one-letter"),
        pytest.param("2/ J3", id="one-letter-and-digit"),
        pytest.param("AB/QĐ-UBND", id="number-not-digits"),
        pytest.param("12/XY/ABC", id="unknown-party-type"),
        pytest.param("12/qd-ubnd", id="lower-case-junk"),
        pytest.param("14", id="no-symbol"),
    ],
)
def test_garbage_is_refused(printed: str) -> None:
    parsed = parse(printed)
    assert isinstance(parsed, Refused)
    assert parsed.reason


def test_a_real_double_d_stays() -> None:
    """"HĐĐT" (hội đồng đấu thầu) is no known code one Đ shorter: it is printed that way."""
    parsed = parse("45/GM-HĐĐT")
    assert isinstance(parsed, Symbol) and parsed.value == "45/GM-HĐĐT"


@pytest.mark.parametrize(
    ("printed", "local", "value"),
    [
        pytest.param("1419/KH-DĐHVH", {"ĐHVH"}, "1419/KH-ĐHVH", id="doubled-Đ-of-the-issuer-code"),
        pytest.param("1631/DHNN-KT", {"ĐHNN"}, "1631/ĐHNN-KT", id="D-for-Đ-of-the-issuer-code"),
        pytest.param("1419/KH-DĐHVH", set(), "1419/KH-DĐHVH", id="unvouched-stays"),
    ],
)
def test_the_documents_own_codes_settle_a_body(printed: str, local: set[str], value: str) -> None:
    parsed = parse(printed, frozenset(local))
    assert isinstance(parsed, Symbol) and parsed.value == value


@pytest.mark.parametrize("printed", ["123/CAT-PC04", "12/BCA-C04", "7/VKSTC-V14", "45/UBND-VX", "3/KH-UBND-B0CA"])
def test_unit_codes_without_a_slip_stay(printed: str) -> None:
    parsed = parse(printed)
    assert isinstance(parsed, Symbol) and parsed.value == printed


def test_a_doubled_s_stays_refused_where_the_body_is_unknown() -> None:
    assert isinstance(parse("12/5ABC-VP"), Refused)
