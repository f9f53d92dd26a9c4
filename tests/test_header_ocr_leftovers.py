"""Header leftovers on text another tool OCRed (issue #14, blind set 4), each class on lines written
for this file:

- header marks: a word printed right is not rewritten to fit a neighbour that slipped ("CỔ PHẦN ĐẤU
  TƯ" is "CỔ PHẦN ĐẦU TƯ", not "CỔ PHẤN ĐẤU TƯ"); the issuer column of a two-column line is restored;
- a district's body (UBND huyện, Huyện ủy) snapped to the district's name within the province the
  header names, with a warning and a lower confidence, on noisy text only;
- a letter read for a digit in a date ("12/4/2O25", "ngày l5 tháng 3 năm 2O24"), read where the date
  grammar agrees, on OCR'd text only.
"""

from __future__ import annotations

import pytest

from congvan.extractors.canonical import province_named, snap_district_body
from congvan.extractors.header_marks import restore_line
from congvan.extractors.textutil import mend_letter_digits
from congvan.pipeline.extract import chosen, run_extractors
from congvan.pipeline.ocr.repair import repair_text

# --- header marks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        # the slipped word is the one fixed, by its other pair ("đầu tư")
        ("CÔNG TY CỔ PHẦN ĐẤU TƯ XÂY DỰNG", "CÔNG TY CỔ PHẦN ĐẦU TƯ XÂY DỰNG"),
        # a right reading stays right whatever the known pairs of its neighbour
        ("CÔNG TY CỔ PHẦN ĐẦU TƯ PHÁT TRIỂN", "CÔNG TY CỔ PHẦN ĐẦU TƯ PHÁT TRIỂN"),
        ("CÔNG TY CỖ PHẦN ĐẤU TƯ VÀ THƯƠNG MẠI", "CÔNG TY CỔ PHẦN ĐẦU TƯ VÀ THƯƠNG MẠI"),
        # the pairs that held before still hold
        ("HỘI ĐỒNG DẤU THẢU", "HỘI ĐỒNG ĐẤU THẦU"),
        ("CUC THUE TINH BAC NINH", "CỤC THUẾ TỈNH BẮC NINH"),
    ],
)
def test_a_word_attested_with_one_neighbour_is_not_bent_to_a_slipped_one(printed: str, expected: str) -> None:
    assert restore_line(printed)[0] == expected


def test_the_issuer_column_beside_the_motto_gets_its_marks() -> None:
    text = (
        "TỔNG CÔNG TY XÂY DỰNG HÀ NỘI        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "CÔNG TY CỖ PHẦN ĐẤU TƯ VÀ               Độc lập - Tự do - Hạnh phúc\n"
    )
    lines = repair_text(text).text.split("\n")
    assert lines[1].startswith("CÔNG TY CỔ PHẦN ĐẦU TƯ VÀ ")
    assert lines[1].endswith("Độc lập - Tự do - Hạnh phúc")


# --- district bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "province", "expected"),
    [
        ("UBND HUYEN THACH THAT", "Hà Nội", "UBND HUYỆN THẠCH THẤT"),
        ("HUYỆN ỦY THO XUÂN", "Thanh Hóa", "HUYỆN ỦY THỌ XUÂN"),
        ("Ủy ban nhân dân huyen Gia Vien", "Ninh Bình", "Ủy ban nhân dân huyện Gia Viễn"),
        ("QUAN UY BA DINH", "Hà Nội", "QUẬN ỦY BA ĐÌNH"),
    ],
)
def test_a_district_body_snaps_within_its_province(printed: str, province: str, expected: str) -> None:
    snap = snap_district_body(printed, province)
    assert snap is not None
    assert (snap.value, snap.printed, snap.match) == (expected, printed, "folded")


@pytest.mark.parametrize(
    ("printed", "province"),
    [
        ("UBND HUYEN THACH THAT", "Nghệ An"),  # no such district in that province
        ("UBND HUYEN THACH THAN", "Hà Nội"),  # one edit away is another name: not snapped
        ("PHÒNG GIÁO DỤC HUYỆN THACH THAT", "Hà Nội"),  # not a head the data knows
        ("UBND THACH THAT", "Hà Nội"),  # no level word
    ],
)
def test_no_district_snap_without_a_match_in_the_province(printed: str, province: str) -> None:
    assert snap_district_body(printed, province) is None


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("DANG BO TINH THANH HOA", "Thanh Hóa"),
        ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Hà Nội"),
        ("Hà Nội", "Hà Nội"),
        ("Thạch Thất", None),
    ],
)
def test_the_province_a_header_line_names(printed: str, expected: str | None) -> None:
    assert province_named(printed) == expected


PARTY_HEADER = (
    "  ĐẢNG BỘ TỈNH THANH HÓA                      ĐẢNG CỘNG SẢN VIỆT NAM\n"
    "   HUYỆN ỦY THO XUÂN                                ---------------\n"
    "          *                              Thọ Xuân, ngày 03 tháng 7 năm 2024\n"
    "  Số 512-CV/HU\n"
    "V/v tổ chức hội nghị sơ kết\n\n"
    "Kính gửi: Các chi bộ, đảng bộ trực thuộc Huyện ủy.\n\n"
    "Ban Thường vụ Huyện ủy yêu cầu các chi bộ tổ chức hội nghị sơ kết trước ngày 31/7/2024.\n"
)
STATE_HEADER = (
    "UBND HUYEN THACH THAT            CONG HOA XA HOI CHU NGHIA VIET NAM\n"
    "                                      Doc lap - Tu do - Hanh phuc\n"
    "Số: 88/UBND-TCKH                    Hà Nội, ngày 10 tháng 3 năm 2025\n"
    "V/v đề nghị phê duyệt chủ trương đầu tư\n\n"
    "Kính gửi: Sở Tài chính thành phố Hà Nội.\n\n"
    "Ủy ban nhân dân huyện đề nghị Sở Tài chính xem xét, phê duyệt./.\n"
)


def test_a_district_issuer_snaps_by_the_parent_province_with_a_warning() -> None:
    extraction = run_extractors(PARTY_HEADER, repaired=True)
    issuer = extraction.best("issuer")
    assert issuer is not None and issuer.value == "HUYỆN ỦY THỌ XUÂN"
    assert PARTY_HEADER[issuer.start : issuer.end] == "HUYỆN ỦY THO XUÂN"  # the printed form as evidence
    assert issuer.confidence < 0.9  # 0.9 for a header body read as printed
    assert any("chuẩn hoá theo danh mục tỉnh Thanh Hóa" in w for w in extraction.warnings)


def test_a_district_issuer_snaps_by_the_place_line_province() -> None:
    assert chosen(run_extractors(STATE_HEADER, repaired=True), "issuer") == "UBND HUYỆN THẠCH THẤT"


def test_a_district_name_on_clean_text_is_left_as_printed() -> None:
    assert chosen(run_extractors(PARTY_HEADER), "issuer") == "HUYỆN ỦY THO XUÂN"


# --- letters read for digits in dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("gửi về Sở Y tế trước ngày 12/4/2O25;", "gửi về Sở Y tế trước ngày 12/4/2025;"),
        ("theo Công văn số 45/UBND-VX ngày O5/O3/2O25", "theo Công văn số 45/UBND-VX ngày 05/03/2025"),
        ("ngày l5 tháng 3 năm 2O24", "ngày 15 tháng 3 năm 2024"),
        ("ngay I2 thang 1O nam 2O24", "ngay 12 thang 10 nam 2024"),
        # not dates by the grammar: left alone
        ("tầng l5 tháng lO", "tầng l5 tháng lO"),
        ("mã 2O25-AB", "mã 2O25-AB"),
        ("ngày 4O/4/2O25", "ngày 4O/4/2O25"),
        ("ngày 12/4/2025", "ngày 12/4/2025"),
    ],
)
def test_letters_for_digits_are_read_where_the_date_grammar_agrees(printed: str, expected: str) -> None:
    mended = mend_letter_digits(printed)
    assert mended == expected and len(mended) == len(printed)


DATED = (
    "SỞ Y TẾ NGHỆ AN                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "                                           Độc lập - Tự do - Hạnh phúc\n"
    "Số: 310/SYT-NVY                        Nghệ An, ngày l5 tháng 3 năm 2O25\n"
    "V/v triển khai tháng hành động vì an toàn thực phẩm\n\n"
    "Kính gửi: Ủy ban nhân dân các huyện, thành phố, thị xã.\n\n"
    "Thực hiện Công văn số 88/BYT-ATTP ngày O5/O3/2O25 của Bộ Y tế, Sở Y tế đề nghị:\n"
    "Ủy ban nhân dân các huyện xây dựng kế hoạch triển khai, gửi về Sở Y tế trước ngày 12/4/2O25.\n"
)


def test_an_ocr_date_with_letters_is_read_on_the_place_date_line_with_a_warning() -> None:
    extraction = run_extractors(DATED, repaired=True)
    date = extraction.best("issued_date")
    assert date is not None and date.value == "2025-03-15"
    assert any("đọc chữ in nhầm thành số" in w for w in extraction.warnings)


def test_an_ocr_date_with_letters_is_read_in_references_and_deadlines() -> None:
    extraction = run_extractors(DATED, repaired=True)
    refs = chosen(extraction, "references")
    assert [(r["number"], r["date"]) for r in refs] == [("88/BYT-ATTP", "2025-03-05")]
    deadlines = [t["deadline"]["date"] for t in chosen(extraction, "tasks") if t.get("deadline")]
    assert "2025-04-12" in deadlines


# Clean text with one lettered date and no other slip: nothing says another tool OCR'd it.
LONE_SLIP = DATED.replace("O5/O3/2O25", "05/03/2025").replace("12/4/2O25", "12/4/2025")


def test_letters_in_a_date_of_clean_text_are_not_read() -> None:
    assert chosen(run_extractors(LONE_SLIP), "issued_date") is None
    assert all(r["date"] != "2025-03-05" for r in chosen(run_extractors(DATED), "references"))


# Another tool's OCR export that kept its marks: the number and the arrival stamp slipped the same
# way as the date ("l42", "2O18"), so the place–date line is read (with its warning).
OTHER_TOOL = (
    "HỘI CỰU CHIẾN BINH VIỆT NAM               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "BAN THƯỜNG VỤ HỘI CCB TỈNH HÀ TĨNH               Độc lập - Tự do - Hạnh phúc\n"
    "Số: l42-KH/CCB                              Hà Tĩnh, ngày 1O tháng 9 năm 2O25\n\n"
    "CÔNG VĂN ĐẾN  Số: 2O18\n\n"
    "KẾ HOẠCH\nTổ chức kỷ niệm ngày truyền thống\n"
)


def test_a_lettered_date_of_plain_text_slipped_elsewhere_too_is_read() -> None:
    extraction = run_extractors(OTHER_TOOL)
    assert chosen(extraction, "issued_date") == "2025-09-10"
    assert any("đọc chữ in nhầm thành số" in w for w in extraction.warnings)


def test_a_day_of_two_letters_is_read_on_unmarked_ocr_text() -> None:
    # unmarked OCR of a party committee: "ngay lO thang 12 nam 2025" (l for 1, O for 0)
    text = (
        "DANG BO TINH QUANG TRI                    DANG CONG SAN VIET NAM\n"
        "DANG UY XA CAM LO\n"
        "So 07-CT/DU                       Cam Lo, ngay lO thang 12 nam 2025\n\nCHI THI\n"
    )
    assert chosen(run_extractors(text, repaired=True), "issued_date") == "2025-12-10"
    assert chosen(run_extractors(text), "issued_date") is None  # text not known to be OCR'd
