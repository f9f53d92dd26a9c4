"""The landmark table (extractors/data/landmarks.json) and its matchers: every landmark matches its
canonical form, its unaccented form, its variants and the OCR misreadings seen on real scans, and
never body text that merely contains its words."""

from __future__ import annotations

import pytest

from congvan.extractors import landmarks, number, recipients, signer
from congvan.extractors.base import Context
from congvan.extractors.landmarks import LANDMARKS, find, line_starts_with, matches
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

# What follows a landmark on its line in the tests: capitals, as after a signing prefix.
TAIL = " VĂN PHÒNG"
IDS = [entry["id"] for entry in load_table("landmarks")["landmarks"]]


def test_table_loads_and_every_entry_has_a_matcher() -> None:
    assert "landmarks" in landmarks.load_table("landmarks")
    assert set(IDS) == set(LANDMARKS)
    assert len(IDS) == len(set(IDS)), "landmark ids are unique"
    for landmark in LANDMARKS.values():
        assert landmark.examples and landmark.negatives, landmark.id


@pytest.mark.parametrize("landmark_id", IDS)
def test_canonical_form_matches(landmark_id: str) -> None:
    assert matches(LANDMARKS[landmark_id].canonical + TAIL, landmark_id)


@pytest.mark.parametrize("landmark_id", IDS)
def test_unaccented_form_matches(landmark_id: str) -> None:
    canonical = LANDMARKS[landmark_id].canonical
    assert matches(fold(canonical) + TAIL, landmark_id)
    assert matches(fold(canonical).upper() + TAIL, landmark_id)


@pytest.mark.parametrize(
    ("landmark_id", "variant"),
    [pytest.param(lm.id, v, id=f"{lm.id}-{v}") for lm in LANDMARKS.values() for v in lm.variants],
)
def test_variant_matches(landmark_id: str, variant: str) -> None:
    assert matches(variant + TAIL, landmark_id)


@pytest.mark.parametrize(
    ("landmark_id", "line"),
    [pytest.param(lm.id, e, id=f"{lm.id}-{e[:24]}") for lm in LANDMARKS.values() for e in lm.examples],
)
def test_real_line_matches(landmark_id: str, line: str) -> None:
    assert matches(line, landmark_id)


@pytest.mark.parametrize(
    ("landmark_id", "line"),
    [pytest.param(lm.id, n, id=f"{lm.id}-{n[:24]}") for lm in LANDMARKS.values() for n in lm.negatives],
)
def test_body_text_does_not_match(landmark_id: str, line: str) -> None:
    assert not matches(line, landmark_id)


@pytest.mark.parametrize(
    ("landmark_id", "line"),
    [
        pytest.param("vv", "Vív khẩn trương triển khai", id="vv-Viv-accent"),
        pytest.param("vv", "Viv thông báo hoạt động", id="vv-Viv"),
        pytest.param("vv", "Vy tăng cường phòng chống", id="vv-Vy"),
        pytest.param("so", "$6: 1906 /SGDĐT-CTrTT", id="so-dollar6"),
        pytest.param("so", "Sô: 115/CV-PA83", id="so-So-circumflex"),
        pytest.param("kinh_gui", "Kinh gùi: Sở Tài chính", id="kinh-gui-grave"),
        pytest.param("kinh_gui", "Kính gưi: Sở Tài chính", id="kinh-gui-horn"),
        pytest.param("kinh_gui", "Kinh grri: Sở Tài chính", id="kinh-grri"),
        pytest.param("noi_nhan", "Nơi nhân:", id="noi-nhan-circumflex"),
        pytest.param("noi_nhan", "Noi nhan:", id="noi-nhan-bare"),
        pytest.param("kt", "KT, CHỦ TỊCH", id="kt-comma"),
        pytest.param("kt", "_W. CHỦ TỊCH", id="kt-W"),
    ],
)
def test_ocr_misreadings_seen_on_scans_match(landmark_id: str, line: str) -> None:
    assert matches(line, landmark_id)


@pytest.mark.parametrize(
    ("landmark_id", "text"),
    [
        pytest.param("kinh_gui", "Sở đã gửi kèm theo Công văn số 12/SNV.", id="gui-kem"),
        pytest.param("kinh_gui", "Đơn vị trân trọng kính gửi đến quý cơ quan.", id="kinh-gui-mid-sentence"),
        pytest.param("kinh_gui", "Kinh giri kèm hồ sơ", id="garbled-without-colon"),
        pytest.param("noi_nhan", "Công dân nộp tại nơi nhận hồ sơ của Bộ phận một cửa.", id="noi-nhan-mid-sentence"),
        pytest.param("noi_nhan", "Nơi nhận hồ sơ: Bộ phận một cửa", id="noi-nhan-ho-so-line"),
        pytest.param("vv", "Vy Văn Thành, Trưởng phòng", id="vv-name-Vy"),
        pytest.param("kt", "W Thành phố", id="kt-W-without-dot"),
        pytest.param("so", "Công văn số 12/UBND ngày 3/1", id="so-without-colon"),
        pytest.param("luu", "Đề nghị các đơn vị lưu ý", id="luu-y-mid-sentence"),
    ],
)
def test_tolerance_adds_no_match_in_body_text(landmark_id: str, text: str) -> None:
    assert not matches(text, landmark_id)


def test_find_gives_offsets_in_the_original_text() -> None:
    text = "UBND TỈNH\nSố: 12/UBND\n\nKính gửi: Sở Tài chính\nNội dung.\nNơi nhận:\n- Như trên;"
    kinh = find(text, "kinh_gui")
    noi = find(text, "noi_nhan")
    assert kinh is not None and text[kinh.start() : kinh.end()].strip() == "Kính gửi"
    assert noi is not None and text[noi.end() - 8 : noi.end()] == "Nơi nhận"
    assert find(text, "kinh_gui", kinh.end()) is None


def test_line_starts_with_is_anchored() -> None:
    assert line_starts_with("- Kính gửi: Sở Tài chính", "kinh_gui")
    assert not line_starts_with("Sở Tài chính. Kính gửi: Sở", "kinh_gui")
    assert LANDMARKS["noi_nhan"].pattern.search(fold("abc\nNơi nhận:")) is not None


def test_phrase_embeds_in_an_extractor_pattern() -> None:
    assert landmarks.phrase("kinh_gui") in recipients.HEADING.pattern


# The extractors reading through the table gain the scans' misreadings.


def test_number_after_a_misread_so_label() -> None:
    best = number.extract("UBND TỈNH\n$6: 1906 /SGDĐT-CTrTT\n", Context(is_ocr=True)).best("number")
    assert best is not None and best.value == "1906/SGDĐT-CTrTT"


def test_recipients_under_a_misread_kinh_gui() -> None:
    text = "Số: 12/UBND\nV/v họp\n\nKinh gùi: Sở Tài chính tỉnh Quảng Ngãi\n\nNội dung công văn đề nghị thực hiện."
    names = [c.value["name"] for c in recipients.extract(text, Context()).all("recipients")]
    assert names == ["Sở Tài chính tỉnh Quảng Ngãi"]


@pytest.mark.parametrize(
    "prefix", [pytest.param("KT, ", id="comma"), pytest.param("_W. ", id="W-dot"), pytest.param("KT. ", id="dot")]
)
def test_signer_authority_under_a_misread_kt(prefix: str) -> None:
    assert signer.prefixed(f"{prefix}CHỦ TỊCH".lstrip("_")) == ("KT", "CHỦ TỊCH")
