"""Marks of upper-case header lines restored from the header vocabulary (issue #14, leftover 2):
lines as OCR left them on corpus scans are restored; clean header strings (every upper-case gold
string of the first and tuning halves) are never changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from congvan.extractors.header_marks import is_upper_line, restore_line
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table
from congvan.pipeline.ocr.repair import repair_text
from tests.corpus_halves import HALVES

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
CLEAN_STEMS = sorted(
    stem for stem, half in HALVES.items() if half in {"first", "tuning"} and (CORPUS / "gold" / f"{stem}.json").exists()
)


def test_the_vocabulary_loads() -> None:
    pairs = load_table("header_marks")["pairs"]
    assert set(pairs["dau thau"]) == {"đấu thầu"}
    assert len(pairs) > 5000


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        pytest.param("HỘI ĐỒNG DẤU THẢU MUA.", "HỘI ĐỒNG ĐẤU THẦU MUA.", id="p13-issuer-two-swapped-marks"),
        pytest.param("SỞ Y TÉ-TỈNH KIÊN GIANG", "SỞ Y TẾ-TỈNH KIÊN GIANG", id="p13-parent-y-te"),
        pytest.param("ĐẠI HỌC ĐÀ NÀNG", "ĐẠI HỌC ĐÀ NẴNG", id="p04-parent-province"),
        pytest.param("ĐẠI HỌC TAY", "ĐẠI HỌC TÂY", id="b07-lost-circumflex"),
        pytest.param("II. PHẠM VI ĐIỀU CHỈNH, ĐÓI TƯỢNG ÁP DỤNG", "II. PHẠM VI ĐIỀU CHỈNH, ĐỐI TƯỢNG ÁP DỤNG",
                     id="008-heading"),
        pytest.param("CUC THUE TINH BAC NINH", "CỤC THUẾ TỈNH BẮC NINH", id="other-tools-text-without-marks"),
        # the standard local bodies of health and schools (body_names.json local_heads)
        pytest.param("BỆNH VIỆN ĐÃ KHOA", "BỆNH VIỆN ĐA KHOA", id="hospital-tilde-slip"),
        pytest.param("TRUONG TRUNG HOC PHO THONG", "TRƯỜNG TRUNG HỌC PHỔ THÔNG", id="school-without-marks"),
    ],
)
def test_ocr_header_lines_get_their_marks(ocr: str, expected: str) -> None:
    assert restore_line(ocr)[0] == expected


@pytest.mark.parametrize(
    "printed",
    [
        pytest.param("THỨ TRƯỞNG", id="thu-truong-vs-thu-truong-ambiguous"),
        pytest.param("UỶ BAN NHÂN DÂN TỈNH", id="tone-placement-variant-kept"),
        pytest.param("ĐÓNG DẤU", id="neighbour-spelt-as-printed-decides"),
        pytest.param("CÔNG TY TNHH XYZ", id="unknown-words-as-printed"),
        pytest.param("ĐẢNG BỘ QUẬN CẦU GIẤY", id="a-level-before-its-place-stays"),
        # a hospital's printed name once read "ĐÃ KHOA" (the only pair seen was "viên đã" of a task)
        pytest.param("BỆNH VIỆN ĐA KHOA", id="hospital-printed"),
    ],
)
def test_printed_header_lines_stay(printed: str) -> None:
    assert restore_line(printed) == (printed, 0)


@pytest.mark.parametrize("stem", CLEAN_STEMS)
def test_clean_upper_case_gold_strings_are_never_changed(stem: str) -> None:
    gold = json.loads((CORPUS / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    signer = gold.get("signer") or {}
    strings = [gold.get("issuer"), gold.get("issuer_parent"), gold.get("subject"), signer.get("title"),
               signer.get("on_behalf_of"), *(r.get("name") for r in gold.get("recipients") or [])]
    upper = [s for s in strings if isinstance(s, str) and is_upper_line(s)]
    assert [restore_line(s)[0] for s in upper] == upper


def test_the_ocr_repair_restores_an_upper_case_issuer_and_leaves_lower_case_lines() -> None:
    text = "SỞ Y TÉ-TỈNH KIÊN GIANG\nHỘI ĐỒNG DẤU THẢU MUA.\nthành lập Hội đồng dấu thâu mua thuốc\n"
    repaired = repair_text(text)
    assert repaired.text.split("\n")[:2] == ["SỞ Y TẾ-TỈNH KIÊN GIANG", "HỘI ĐỒNG ĐẤU THẦU MUA."]
    assert "Hội đồng" in repaired.text.split("\n")[2]


UPPER_HEADER_CHARS = list("ĐDAÂĂEÊIOÔƠUƯYÁÀẢÃẠẤẦẨẪẬẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰNGHTCMX ,.-\n")


@given(st.text(alphabet=st.sampled_from(UPPER_HEADER_CHARS), max_size=60))
@settings(max_examples=300, deadline=None)
def test_restoring_marks_never_changes_the_letters(line: str) -> None:
    """Only marks change: the folded line is the same, and so is every character that is no letter."""
    fixed, changed = restore_line(line)
    assert fold(fixed) == fold(line)
    assert [c for c in fixed if not c.isalpha()] == [c for c in line if not c.isalpha()]
    assert (changed == 0) == (fixed == line)
