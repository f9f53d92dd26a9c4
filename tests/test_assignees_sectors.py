"""Assignees on documents of every sector (issue #15): the unit-head vocabulary
(extractors/data/unit_heads.json) loads and is consistent, a realistic sentence of each sector
yields its assignees, a request goes to the body asked (or the addressees when it names nobody),
and the same rules hold on real corpus files (first and tuning halves)."""

from __future__ import annotations

import json
import pathlib
from datetime import date
from typing import Any

import pytest

from congvan.extractors.base import Context
from congvan.extractors.obligations.pipeline import assignees_of
from congvan.extractors.obligations.units import entries, head_of, head_words, is_category, is_honorific
from congvan.extractors.tasks import extract
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

REPO = pathlib.Path(__file__).resolve().parents[1]
RECORDED_TUNING = REPO / "tests" / "data" / "obligations" / "ocr_tuning"

# --- the vocabulary -------------------------------------------------------------------------


def test_unit_heads_cover_every_sector_of_the_brief() -> None:
    sectors = load_table("unit_heads")["sectors"]
    assert set(sectors) == {
        "state_administration",
        "courts_procuracy",
        "education",
        "health",
        "enterprise",
        "mass_organisations",
        "party",
        "people_categories",
    }
    for name, items in sectors.items():
        assert items, name
        for entry in items:
            assert set(entry) == {"heads", "kind", "specific", "example"}, entry
            assert entry["kind"] in {"body", "office", "people", "category"}, entry
            assert isinstance(entry["specific"], bool), entry
            # a category never names one body; a body or an office always does
            assert entry["specific"] == (entry["kind"] in {"body", "office"}), entry
            # the example is a sentence that uses one of its heads
            assert any(fold(h) in fold(entry["example"]) for h in entry["heads"]), entry


def test_no_head_is_both_a_body_and_a_category() -> None:
    seen: dict[str, bool] = {}
    for entry in entries():
        assert seen.setdefault(entry.head.lower(), entry.specific) == entry.specific, entry.head


def test_name_parts_and_not_heads_are_lists_of_words() -> None:
    table = load_table("unit_heads")
    for key in ("name_parts", "not_heads", "people_nouns", "addressee_pronouns", "place_units"):
        assert table[key] and all(isinstance(w, str) and w.strip() == w for w in table[key]), key
    assert "Khoa học" in table["not_heads"]  # "Sở Giáo dục, Khoa học và Công nghệ": no "Khoa" there


@pytest.mark.parametrize(
    ("form", "is_head"),
    [
        pytest.param("Khoa", True, id="body-capitalised"),
        pytest.param("Quý Công ty", True, id="honorific-before-a-body"),
        pytest.param("Quý Bệnh viện", True, id="honorific-before-a-hospital"),
        pytest.param("giáo viên chủ nhiệm", True, id="office-in-lower-case"),
        pytest.param("viên chức", True, id="people-in-lower-case"),
        pytest.param("phòng", False, id="body-never-in-lower-case"),
        pytest.param("lãnh đạo", False, id="an-office-that-is-a-verb-stays-capitalised"),
    ],
)
def test_printed_forms_of_heads(form: str, is_head: bool) -> None:
    assert (form in head_words()) is is_head


@pytest.mark.parametrize(
    ("name", "sector", "category"),
    [
        pytest.param("Khoa Khám bệnh", "health", False, id="hospital-department"),
        pytest.param("Chi cục Thi hành án dân sự huyện Gia Lâm", "courts_procuracy", False, id="thads"),
        pytest.param("Thủ trưởng các đơn vị trực thuộc", "people_categories", True, id="heads-of-all-units"),
        pytest.param("cán bộ, giáo viên, nhân viên", "people_categories", True, id="staff"),
        pytest.param("Công đoàn cơ sở", "mass_organisations", False, id="trade-union"),
        pytest.param("Chi bộ thôn Đông", "party", False, id="party-cell"),
        pytest.param("Ban Giám đốc Công ty", "enterprise", False, id="board-of-directors"),
    ],
)
def test_head_of_names(name: str, sector: str, category: bool) -> None:
    entry = head_of(name)
    assert entry is not None and entry.sector == sector
    assert is_category(name) is category


def test_honorifics() -> None:
    assert is_honorific("Quý Trường") and is_honorific("Quý cơ quan") and is_honorific("Quý Công ty")
    assert not is_honorific("Quý Công ty Cổ phần Xây dựng số 5 Hà Nội")
    assert not is_honorific("Quỹ Vì người nghèo")
    assert is_honorific("Ông/Bà") and not is_honorific("Ông Nguyễn Văn An")


# --- where a name ends, sector by sector -------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "names"),
    [
        pytest.param("Khoa Khám bệnh chủ trì tổ chức phân luồng người bệnh", ["Khoa Khám bệnh"], id="health-chu-tri"),
        pytest.param(
            "Phòng Kế hoạch tổng hợp tổng hợp lịch trực của các khoa", ["Phòng Kế hoạch tổng hợp"],
            id="health-a-name-holding-a-verb",
        ),
        pytest.param(
            "Khoa Hồi sức tích cực - Chống độc bố trí giường bệnh", ["Khoa Hồi sức tích cực - Chống độc"],
            id="health-tich-cuc-inside-the-name",
        ),
        pytest.param(
            "Giáo viên chủ nhiệm có trách nhiệm đôn đốc học sinh, cần báo cáo kết quả về Nhà trường",
            ["Giáo viên chủ nhiệm"], id="edu-people-end-at-co-trach-nhiem-before-a-modal",
        ),
        pytest.param(
            "Bộ môn Toán có trách nhiệm rà soát đề cương chi tiết học phần", ["Bộ môn Toán"], id="edu-bo-mon"
        ),
        pytest.param(
            "Thanh tra tỉnh tiến hành thanh tra việc quản lý đất đai", ["Thanh tra tỉnh"], id="state-tien-hanh"
        ),
        pytest.param(
            "Tòa án nhân dân khu vực 1 có trách nhiệm gửi báo cáo thống kê", ["Tòa án nhân dân khu vực 1"],
            id="court-after-the-2025-reform",
        ),
        pytest.param(
            "Hội Cựu chiến binh phường tuyên truyền đến hội viên", ["Hội Cựu chiến binh phường"], id="mass-veterans"
        ),
        pytest.param(
            "Cán bộ, công chức, viên chức và người lao động nghiêm túc thực hiện nội quy cơ quan",
            ["Cán bộ, công chức, viên chức và người lao động"], id="people-list-is-one-addressee",
        ),
        pytest.param(
            "UBND các xã, phường, đặc khu chủ động rà soát các hộ nghèo", ["UBND các xã, phường, đặc khu"],
            id="state-two-level-local-government",
        ),
        pytest.param(
            "Ban Giám đốc Chi nhánh chỉ đạo Phòng Kế toán hoàn thiện hồ sơ", ["Ban Giám đốc Chi nhánh"],
            id="enterprise-board",
        ),
        pytest.param(
            "Giáo viên chủ nhiệm, cố vấn học tập có trách nhiệm thông báo kế hoạch này",
            ["Giáo viên chủ nhiệm", "cố vấn học tập"], id="edu-two-offices",
        ),
        # the name ends at a working verb or a term of recurrence the verb list lacked, not at
        # the next verb further on (constructed sets 14, 28: "… xếp lớp", "… định kỳ báo cáo")
        pytest.param(
            "Các trường học trên địa bàn định kỳ hằng tháng báo cáo số liệu", ["Các trường học trên địa bàn"],
            id="a-term-of-recurrence-ends-the-name",
        ),
        pytest.param(
            "Phòng Tài chính - Kế hoạch phân bổ kinh phí cho các đơn vị", ["Phòng Tài chính - Kế hoạch"],
            id="state-phan-bo",
        ),
        pytest.param(
            "Trung tâm Y tế khu vực lập phương án bảo đảm y tế", ["Trung tâm Y tế khu vực"], id="health-lap-phuong-an"
        ),
        pytest.param(
            "Ban Chỉ huy Quân sự xã điều động lực lượng dân quân", ["Ban Chỉ huy Quân sự xã"],
            id="military-dieu-dong",
        ),
        pytest.param(
            "Phòng Đào tạo xếp lớp và thông báo lịch học cho sinh viên", ["Phòng Đào tạo"], id="edu-xep-lop"
        ),
        pytest.param(
            "Vụ Pháp chế trình Bộ trưởng ký ban hành Thông tư", ["Vụ Pháp chế"], id="central-submits-to-its-minister"
        ),
        pytest.param(
            "Ban Quản lý Chương trình Mục tiêu quốc gia chủ trì tổng hợp",
            ["Ban Quản lý Chương trình Mục tiêu quốc gia"], id="chuong-trinh-is-no-submission",
        ),
        pytest.param(
            "Tổ công tác báo cáo Ủy ban nhân dân tỉnh kết quả tháo gỡ vướng mắc", ["Tổ công tác"],
            id="a-verb-after-cong-tac-with-a-body-as-its-object",
        ),
        pytest.param(
            "Tổ Công tác tuyên truyền phối hợp với Đài Phát thanh xã", ["Tổ Công tác tuyên truyền"],
            id="a-verb-after-cong-tac-that-names-the-team",
        ),
    ],
)
def test_where_a_sector_name_ends(phrase: str, names: list[str]) -> None:
    assert assignees_of(phrase) == names


# --- who a directive goes to, on short documents of each sector -------------------------------

HEAD = """{issuer}
Số: 12/TB-XX
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 28 tháng 11 năm 2025
THÔNG BÁO
{kinh_gui}{body}
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def _tasks(body: str, issuer: str, recipients: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    kinh_gui = "".join(f"Kính gửi: {r['name']}\n" for r in recipients if r["kind"] == "kinh_gui")
    context = Context(issued_date=date(2025, 11, 28), known={"recipients": recipients})
    text = HEAD.format(issuer=issuer, kinh_gui=kinh_gui, body=body)
    return [(c.value["text"][:40], c.value["assignees"]) for c in extract(text, context).candidates]


def _to(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "kind": "kinh_gui", "purpose": None} for n in names]


def test_a_university_notice_to_its_units() -> None:
    body = (
        "Nhà trường thông báo kế hoạch tổ chức thi kết thúc học phần học kỳ I năm học 2025-2026 như sau:\n"
        "1. Phòng Đào tạo chủ trì xây dựng lịch thi, gửi các Khoa trước ngày 10/12/2025.\n"
        "2. Các Khoa: Rà soát danh sách sinh viên đủ điều kiện dự thi, gửi về Phòng Đào tạo trước ngày 12/12/2025.\n"
        "3. Giáo viên chủ nhiệm, cố vấn học tập có trách nhiệm thông báo kế hoạch này đến sinh viên các lớp.\n"
        "4. Sinh viên phải có mặt tại phòng thi trước giờ thi 15 phút.\n"
    )
    assert [a for _, a in _tasks(body, "TRƯỜNG ĐẠI HỌC Y DƯỢC", _to("Các đơn vị trong Trường"))] == [
        ["Phòng Đào tạo"],
        ["Các Khoa"],
        ["Giáo viên chủ nhiệm", "cố vấn học tập"],
        ["Sinh viên"],
    ]


def test_a_hospital_board_to_its_departments() -> None:
    body = (
        "Để chuẩn bị công tác khám, chữa bệnh trong dịp Tết Nguyên đán, Ban Giám đốc yêu cầu:\n"
        "1. Khoa Khám bệnh bố trí đủ nhân lực trực 24/24 giờ.\n"
        "2. Phòng Kế hoạch tổng hợp tổng hợp lịch trực của các khoa, trình Giám đốc phê duyệt trước ngày 20/01/2026.\n"
        "3. Điều dưỡng trưởng các khoa kiểm tra cơ số thuốc, vật tư cấp cứu.\n"
    )
    assert [a for _, a in _tasks(body, "BỆNH VIỆN ĐA KHOA TỈNH", _to("Các khoa, phòng trong Bệnh viện"))] == [
        ["Khoa Khám bệnh"],
        ["Phòng Kế hoạch tổng hợp"],
        ["Điều dưỡng trưởng các khoa"],
    ]


def test_a_civil_judgment_office_asks_the_heads_of_its_branches() -> None:
    body = (
        "Cục Thi hành án dân sự tỉnh yêu cầu Chi cục trưởng Chi cục Thi hành án dân sự các huyện:\n"
        "- Rà soát, phân loại án có điều kiện thi hành.\n"
        "- Báo cáo kết quả về Cục trước ngày 25/12/2025.\n"
    )
    found = _tasks(body, "CỤC THI HÀNH ÁN DÂN SỰ TỈNH", _to("Các Chi cục Thi hành án dân sự"))
    assert [a for _, a in found] == [["Chi cục trưởng Chi cục Thi hành án dân sự các huyện"]] * 2


def test_a_company_board_and_its_workers() -> None:
    body = (
        "Ban Giám đốc Công ty giao nhiệm vụ như sau:\n"
        "1. Phòng Kế toán chủ trì, phối hợp với các Chi nhánh hoàn thiện hồ sơ quyết toán năm 2025 trước ngày"
        " 15/01/2026.\n"
        "2. Chi nhánh Hà Nội báo cáo doanh thu quý IV/2025.\n"
        "3. Người lao động chấp hành nghiêm nội quy lao động.\n"
    )
    found = _tasks(body, "CÔNG TY CỔ PHẦN XÂY DỰNG SỐ 5", _to("Các phòng ban, chi nhánh"))
    # "các Chi nhánh" is a vague co-operator: supporting only
    assert [a for _, a in found] == [["Phòng Kế toán"], ["Chi nhánh Hà Nội"], ["Người lao động"]]


def test_mass_organisations_and_party_bodies() -> None:
    body = (
        "Ban Thường trực Ủy ban MTTQ Việt Nam phường đề nghị:\n"
        "1. Hội Cựu chiến binh phường tuyên truyền đến hội viên về cuộc vận động.\n"
        "2. Công đoàn cơ sở vận động đoàn viên ủng hộ Quỹ Vì người nghèo trước ngày 30/12/2025.\n"
    )
    found = _tasks(body, "ỦY BAN MTTQ VIỆT NAM PHƯỜNG BA ĐÌNH", _to("Các tổ chức thành viên"))
    assert [a for _, a in found] == [["Hội Cựu chiến binh phường"], ["Công đoàn cơ sở"]]
    body = (
        "Ban Thường vụ Đảng ủy yêu cầu các chi bộ tổ chức sinh hoạt chuyên đề trong tháng 12/2025.\n"
        "Giao Ủy ban Kiểm tra Đảng ủy kiểm tra, giám sát việc thực hiện.\n"
    )
    found = _tasks(body, "ĐẢNG ỦY PHƯỜNG HOÀN KIẾM", _to("Các chi bộ trực thuộc"))
    assert [a for _, a in found] == [["các chi bộ"], ["Ủy ban Kiểm tra Đảng ủy"]]


def test_a_plan_of_short_unit_headings_right_after_kinh_gui() -> None:
    # short lines after a one-line Kính gửi are the body once they open an item or end with ":"
    body = (
        "1. Khoa Dược:\n- Cung ứng đủ thuốc, vật tư y tế cho các khoa lâm sàng.\n"
        "2. Phòng Điều dưỡng:\n- Kiểm tra việc thực hiện quy trình chăm sóc người bệnh.\n"
    )
    found = _tasks(body, "BỆNH VIỆN ĐA KHOA TỈNH", _to("Các khoa, phòng"))
    assert [a for _, a in found] == [["Khoa Dược"], ["Phòng Điều dưỡng"]]


def test_a_unit_heading_in_capitals() -> None:
    body = (
        "Nhà trường phân công thực hiện kế hoạch như sau:\n"
        "1. PHÒNG ĐÀO TẠO\n- Xây dựng kế hoạch giảng dạy học kỳ II.\n"
        "- Thông báo lịch học đến sinh viên trước ngày 20/12/2025.\n"
        "2. TRƯỜNG HỢP ĐẶC BIỆT\n- Sinh viên nghỉ học dài ngày phải có đơn gửi Khoa.\n"
    )
    found = _tasks(body, "TRƯỜNG ĐẠI HỌC X", _to("Các đơn vị"))
    # "TRƯỜNG HỢP" starts like "Trường" but is no unit
    assert [a for _, a in found] == [["PHÒNG ĐÀO TẠO"], ["PHÒNG ĐÀO TẠO"], ["Sinh viên nghỉ học dài ngày"]]


def test_a_subject_chosen_by_a_relative_clause_runs_to_its_modal() -> None:
    body = (
        "Cục Thuế tỉnh đề nghị các doanh nghiệp nộp tờ khai thuế đúng hạn. Doanh nghiệp nào chưa thực hiện"
        " hóa đơn điện tử phải hoàn thành trước ngày 31/12/2025.\n"
    )
    found = _tasks(body, "CỤC THUẾ TỈNH", _to("Các doanh nghiệp trên địa bàn tỉnh"))
    assert [a for _, a in found] == [["các doanh nghiệp"], ["Doanh nghiệp nào chưa thực hiện hóa đơn điện tử"]]


def test_the_body_that_asks_is_not_the_one_that_acts() -> None:
    body = (
        "Để chuẩn bị cho kỳ kiểm tra cuối học kỳ I, Hiệu trưởng yêu cầu giáo viên chủ nhiệm các lớp nhắc nhở"
        " học sinh ôn tập. Đề nghị cán bộ, giáo viên, nhân viên thực hiện nghiêm túc lịch coi kiểm tra.\n"
    )
    found = _tasks(body, "TRƯỜNG THPT NGUYỄN TRÃI", _to("Toàn thể cán bộ, giáo viên, nhân viên"))
    assert [a for _, a in found] == [["giáo viên chủ nhiệm các lớp"], ["cán bộ, giáo viên, nhân viên"]]


def test_a_request_that_names_nobody_goes_to_the_addressee() -> None:
    body = "Để bảo đảm an toàn, đề nghị rà soát toàn bộ hệ thống phòng cháy, chữa cháy trước ngày 10/12/2025.\n"
    found = _tasks(body, "CÔNG AN TỈNH", _to("Bệnh viện Đa khoa tỉnh"))
    assert [a for _, a in found] == [["Bệnh viện Đa khoa tỉnh"]]


def test_an_honorific_is_the_addressee() -> None:
    body = (
        "Tổng cục Thuế nhận được công văn số 12/AP của Công ty về hoàn thuế. Về vấn đề này, đề nghị Quý Công ty"
        " bổ sung hồ sơ hoàn thuế theo quy định, gửi Cục Thuế tỉnh trước ngày 31/12/2025.\n"
    )
    found = _tasks(body, "TỔNG CỤC THUẾ", _to("Công ty TNHH Thương mại An Phát"))
    assert [a for _, a in found] == [["Công ty TNHH Thương mại An Phát"]]
    # without a Kính gửi block the honorific stays as printed
    assert [a for _, a in _tasks(body, "TỔNG CỤC THUẾ", [])] == [["Quý Công ty"]]
    body = (
        "Để kịp thời tổng hợp, Phòng Đào tạo kính đề nghị Quý Thầy Cô thông báo đến sinh viên lớp mình phụ"
        " trách trước ngày 15/12/2025.\n"
    )
    found = _tasks(body, "TRƯỜNG ĐẠI HỌC X", _to("Giáo viên chủ nhiệm các lớp"))
    assert [a for _, a in found] == [["Giáo viên chủ nhiệm các lớp"]]
    body = "Ủy ban nhân dân phường đề nghị Ông/Bà có mặt tại trụ sở để giải quyết vụ việc trước ngày 15/12/2025.\n"
    found = _tasks(body, "ỦY BAN NHÂN DÂN PHƯỜNG", _to("Ông Nguyễn Văn An"))
    assert [a for _, a in found] == [["Ông Nguyễn Văn An"]]


def test_a_kind_of_body_over_its_units_and_places_is_the_addressees_of_that_kind() -> None:
    body = "Công an tỉnh đề nghị Công an các đơn vị, địa phương rà soát, báo cáo trước ngày 15/12/2025.\n"
    to = [*_to("Công an các huyện, thành phố, thị xã"), *_to("Phòng Cảnh sát giao thông")]
    assert [a for _, a in _tasks(body, "CÔNG AN TỈNH THANH HÓA", to)] == [["Công an các huyện, thành phố, thị xã"]]
    # no addressee of that kind: as printed
    other = _to("Ủy ban nhân dân các xã")
    assert [a for _, a in _tasks(body, "CÔNG AN TỈNH THANH HÓA", other)] == [["Công an các đơn vị, địa phương"]]


def test_a_bare_các_đơn_vị_is_the_addressees() -> None:
    body = "Sở Giáo dục và Đào tạo đề nghị các đơn vị báo cáo kết quả về Sở trước ngày 15/12/2025.\n"
    to = [*_to("Trưởng phòng Giáo dục và Đào tạo các huyện"), *_to("Hiệu trưởng các trường trung học phổ thông")]
    found = _tasks(body, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", to)
    assert [a for _, a in found] == [["Trưởng phòng Giáo dục và Đào tạo các huyện",
                                      "Hiệu trưởng các trường trung học phổ thông"]]
    assert [a for _, a in _tasks(body, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", [])] == [["các đơn vị"]]
    # a qualifier picks some out: kept as printed
    body = "Sở đề nghị các đơn vị trực thuộc Sở báo cáo kết quả trước ngày 15/12/2025.\n"
    assert [a for _, a in _tasks(body, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", to)] == [["các đơn vị trực thuộc Sở"]]


def _noi_nhan(name: str, purpose: str | None) -> dict[str, Any]:
    return {"name": name, "kind": "noi_nhan", "purpose": purpose}


def test_without_kinh_gui_the_nơi_nhận_line_for_execution() -> None:
    body = (
        "Nhà trường thông báo về việc đăng ký báo cáo seminar cấp Khoa, như sau:\n"
        "- Triển khai đến tất cả giảng viên của đơn vị đăng ký báo cáo seminar trong năm học 2025-2026.\n"
    )
    own_units = [_noi_nhan("HĐT", "để báo cáo"), _noi_nhan("Các đơn vị thuộc Trường", None)]
    assert [a for _, a in _tasks(body, "TRƯỜNG ĐẠI HỌC X", own_units)] == [["Các đơn vị thuộc Trường"]]
    executing = [_noi_nhan("Ban Giám hiệu", "để báo cáo"), _noi_nhan("Các Khoa", "để thực hiện")]
    assert [a for _, a in _tasks(body, "TRƯỜNG ĐẠI HỌC X", executing)] == [["Các Khoa"]]
    # two lines for execution do not say which one a directive is for
    two = executing + [_noi_nhan("Sinh viên", "để thực hiện")]
    assert [a for _, a in _tasks(body, "TRƯỜNG ĐẠI HỌC X", two)] == [[]]
    # copies sent for information name nobody to act
    information = [_noi_nhan("CT, PCT UBND tỉnh", None), _noi_nhan("Sở Tài chính", None)]
    assert [a for _, a in _tasks(body, "TRƯỜNG ĐẠI HỌC X", information)] == [[]]


# --- real corpus files ---------------------------------------------------------------------------


def _gold(stem: str) -> dict[str, Any]:
    return json.loads((REPO / "corpus" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def _real(text: str, stem: str) -> list[dict[str, Any]]:
    gold = _gold(stem)
    context = Context(
        issued_date=date.fromisoformat(gold["issued_date"]) if gold["issued_date"] else None,
        known={"recipients": gold["recipients"], "document_type": gold["document_type"], "is_dispatch": True},
    )
    return [c.value for c in extract(text, context).candidates]


def _gold_assignees(stem: str, opening: str) -> list[str]:
    return next(t["assignees"] for t in _gold(stem)["tasks"] if t["text"].startswith(opening))


@pytest.mark.parametrize(
    ("path", "stem", "opening"),
    [
        pytest.param(
            REPO / "corpus" / "docs" / "001_d3ba48757fc946ed.txt", "001_d3ba48757fc946ed",
            "Giao Tổ Công tác tuyên truyền", id="first-a-work-group-named-for-its-work",
        ),
        pytest.param(RECORDED_TUNING / "b07.txt", "b07", "Triển khai đến", id="tuning-nơi-nhận-own-units"),
        pytest.param(RECORDED_TUNING / "p05.txt", "p05", "Trường Đại học Ngoại ngữ", id="tuning-honorific"),
        pytest.param(RECORDED_TUNING / "p05.txt", "p05", "Bước 2", id="tuning-people-end-at-a-payment-verb"),
    ],
)
def test_real_files(path: pathlib.Path, stem: str, opening: str) -> None:
    found = [t for t in _real(path.read_text(encoding="utf-8"), stem) if t["text"].startswith(opening)]
    assert len(found) == 1, [t["text"][:40] for t in found]
    assert [fold(a) for a in found[0]["assignees"]] == [fold(a) for a in _gold_assignees(stem, opening)]
