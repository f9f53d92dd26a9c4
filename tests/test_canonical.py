"""Canonical spelling of places and bodies from extractors/data/provinces.json and body_names.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.extractors.canonical import LocalNames, Snap, load_local_names, local_names_json, snap_body, snap_place
from congvan.extractors.vocab import load_table


def test_provinces_data_has_34_after_and_63_before_the_merger() -> None:
    table = load_table("provinces")
    current = {p["name"] for p in table["current"]}
    assert len(current) == 34 and len(table["before_2025"]) == 63
    assert all(p["merged_into"] in current for p in table["before_2025"])
    assert {p["type"] for p in table["current"]} == {"tỉnh", "thành phố trực thuộc trung ương"}


def test_local_places_data_has_the_old_districts_and_the_2025_communes() -> None:
    """scripts/build_vocab.py writes them from vietnam-provinces: 696 districts before the merger
    and 3,321 communes and wards after it, less the numbered ones ('Quận 1', 'Phường 12')."""
    table = load_table("local_places")
    districts, communes = table["districts_before_2025"], table["communes_from_2025"]
    assert len(districts) > 600 and len(communes) > 2800
    assert {"Cầu Giấy", "Gia Viễn"} <= set(districts) and {"Đại Đồng", "Hoàn Kiếm"} <= set(communes)
    assert not any(ch.isdigit() for name in districts + communes for ch in name)


@pytest.mark.parametrize(
    ("printed", "value", "match"),
    [
        pytest.param("Hà Nội", "Hà Nội", "exact", id="marked"),
        pytest.param("Ha Noi", "Hà Nội", "folded", id="no-marks"),
        pytest.param("Hà Nol", "Hà Nội", "fuzzy", id="ocr-l-for-i"),
        pytest.param("Quang Ngai", "Quảng Ngãi", "folded", id="new-province"),
        pytest.param("Bac Giang", "Bắc Giang", "folded", id="old-province-merged-2025"),
        pytest.param("Ha Giang", "Hà Giang", "folded", id="old-province-merged-into-tuyen-quang"),
        pytest.param("Buon Ma Thuot", "Buôn Ma Thuột", "folded", id="old-city"),
        pytest.param("TP. HO CHI MINH", "TP. HỒ CHÍ MINH", "folded", id="upper-with-prefix"),
        pytest.param("Thanh Hoá", "Thanh Hoá", "exact", id="old-tone-placement-kept"),
        pytest.param("Thừa Thiên Huế", "Thừa Thiên Huế", "exact", id="alias"),
        # a province's first word is its name, not a kind: one OCR slip there is still the province
        pytest.param("Bắn Tre", "Bến Tre", "fuzzy", id="ocr-slip-in-the-first-word"),
    ],
)
def test_snap_place(printed: str, value: str, match: str) -> None:
    snap = snap_place(printed)
    assert snap is not None
    assert (snap.value, snap.match) == (value, match)
    assert snap.printed == printed


@pytest.mark.parametrize(
    "printed",
    [
        pytest.param("Thanh Trì", id="district-not-in-data"),
        pytest.param("tinh", id="too-short-to-guess"),
        pytest.param("Hà Nạm Nội", id="nothing-close"),
    ],
)
def test_no_snap(printed: str) -> None:
    assert snap_place(printed) is None


@pytest.mark.parametrize(
    ("printed", "value", "match"),
    [
        pytest.param("CUC THUE TINH BAC NINH", "CỤC THUẾ TỈNH BẮC NINH", "folded", id="upper-local-no-marks"),
        pytest.param("BO TAI CHINH", "BỘ TÀI CHÍNH", "folded", id="ministry"),
        pytest.param("BỘ TÀI CHlNH", "BỘ TÀI CHÍNH", "fuzzy", id="ministry-ocr-l"),
        pytest.param("TONG CỤC THUÊ", "TỔNG CỤC THUẾ", "folded", id="general-department-wrong-mark"),
        pytest.param("Bo Nong nghiep va Moi truong", "Bộ Nông nghiệp và Môi trường", "folded", id="ministry-2025"),
        pytest.param("BỘ DÂN TỘC VÀ TÔN GIÁO", "BỘ DÂN TỘC VÀ TÔN GIÁO", "exact", id="ministry-2025-exact"),
        pytest.param("BO KE HOACH VA DAU TU", "BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "folded", id="ministry-before-2025"),
        pytest.param("UBND TINH QUANG NGAI", "UBND TỈNH QUẢNG NGÃI", "folded", id="abbreviated-head"),
        pytest.param("CUC THUE TP HA NOI", "CỤC THUẾ TP HÀ NỘI", "folded", id="tp-abbreviation"),
        pytest.param(
            "Sở Giáo dục và Đào tạo tỉnh Quang Ngai",
            "Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi",
            "folded",
            id="sentence-case-department",
        ),
        pytest.param("ĐẠI HỌC ĐÀ NÀNG", "ĐẠI HỌC ĐÀ NẴNG", "folded", id="regional-university"),
        pytest.param("SỞ Y TÉ-TỈNH KIÊN GIANG", "SỞ Y TẾ TỈNH KIÊN GIANG", "folded", id="dash-glued-level"),
        pytest.param(
            "UỶ BAN NHÂN DÂN TỈNH THANH HOÁ", "UỶ BAN NHÂN DÂN TỈNH THANH HOÁ", "exact", id="old-tone-placement"
        ),
        # below the province the place is a commune's name from local_places.json
        pytest.param("ĐẢNG UY XÃ THANH SƠN", "ĐẢNG ỦY XÃ THANH SƠN", "folded", id="commune-party-committee"),
        pytest.param(
            "UY BAN NHAN DAN PHUONG HAC THANH", "ỦY BAN NHÂN DÂN PHƯỜNG HẠC THÀNH", "folded", id="ward-no-marks"
        ),
        pytest.param("UBND XA THANH SƠN", "UBND XÃ THANH SƠN", "folded", id="level-word-lost-its-mark"),
        # a district's name that lost every mark and folds to one name (a marked one needs its province)
        pytest.param(
            "UY BAN NHAN DAN HUYEN THO XUAN", "ỦY BAN NHÂN DÂN HUYỆN THỌ XUÂN", "folded", id="bare-district"
        ),
    ],
)
def test_snap_body(printed: str, value: str, match: str) -> None:
    snap = snap_body(printed)
    assert snap is not None
    assert (snap.value, snap.match) == (value, match)


@pytest.mark.parametrize(
    "printed",
    [
        pytest.param("HĐND tỉnh", id="no-place-to-check"),
        pytest.param("SO GIAO DUC VA DAO TAO", id="so-is-not-bo"),
        pytest.param("UBND HUYỆN THANH TRÌ", id="district-unknown"),
        pytest.param("BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYỀN NGÀNH KSND", id="unknown-body"),
        # a commune's name without its marks that folds like several: no guess at it
        pytest.param("UBND XA TAM DUONG", id="bare-commune-name-ambiguous"),
        pytest.param("ĐẢNG ỦY PHƯỜNG XYZ", id="commune-unknown"),
    ],
)
def test_body_left_as_printed(printed: str) -> None:
    assert snap_body(printed) is None


def test_every_place_spelling_is_unambiguous() -> None:
    from congvan.extractors.canonical import vocab

    assert [k for k, names in vocab().places.by_key.items() if len(names) > 1] == []


def test_body_names_loads_and_no_abbreviation_names_two_bodies() -> None:
    table = load_table("body_names")
    seen: dict[str, str] = {}
    for body in table["central"]:
        assert body["until"] is None or body["became"], body["name"]
        for abbr in body["abbreviations"]:
            assert seen.setdefault(abbr, body["name"]) == body["name"], abbr
    names = {b["name"] for b in table["central"]}
    assert {"Bộ Nông nghiệp và Môi trường", "Bộ Dân tộc và Tôn giáo", "Bộ Kế hoạch và Đầu tư"} <= names


# ---- the local vocabulary: names clerks corrected in the tracker --------------------------------
LEARNED = [("BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYÊN NGÀNH KSND", "BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYỀN NGÀNH KSND")]


def test_a_learned_name_snaps_its_misspelling_and_near_slips() -> None:
    local = LocalNames.of(LEARNED)
    right = LEARNED[0][1]
    assert snap_body(LEARNED[0][0], local) == Snap(right, LEARNED[0][0], "folded")
    assert snap_body(right, local) == Snap(right, right, "exact")
    slipped = "BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYỀN NGÀNH KSNO"  # another OCR slip: one edit on the folded key
    assert snap_body(slipped, local) == Snap(right, slipped, "fuzzy")
    assert snap_body(LEARNED[0][0]) is None  # without it, the maintained data does not know the body
    assert snap_body("BO TAI CHINH", local) == Snap("BỘ TÀI CHÍNH", "BO TAI CHINH", "folded")  # data still used


def test_the_local_vocabulary_file_round_trips_and_a_bad_one_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.json"
    assert load_local_names(path) is None  # no file yet: no corrections so far
    path.write_text(local_names_json(LEARNED), encoding="utf-8")
    local = load_local_names(path)
    assert local is not None and snap_body(LEARNED[0][0], local) is not None
    path.write_text("{not json", encoding="utf-8")
    assert load_local_names(path) is None
