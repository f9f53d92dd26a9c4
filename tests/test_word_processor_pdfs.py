"""PDFs a word processor exported (blind set 16: python-docx documents converted by LibreOffice, as
most offices publish them) and the schedule tables of a printed weekly work schedule (set 14).

What they showed, each fixed by class: a glyph the body font lacks drawn in a fallback font leaves
punctuation apart ("các sở , ban"); the body's first line printed straight under a centred trích
yếu runs into the subject; a công điện's formula "THỦ TƯỚNG CHÍNH PHỦ điện:" runs into the subject
and hides the "Kính gửi:" block under it; a weekly schedule's rows are meetings, not text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.extractors import issuer, place_date
from congvan.extractors.base import Context
from congvan.extractors.issuer import group_bodies
from congvan.extractors.obligations.assignees import subject_end
from congvan.extractors.schedule import schedule_roles, schedule_rows, shows_schedule_header
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.schemas.record import Record

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def _record(path: Path, cache: Path) -> Record:
    result = process(DocumentInput(path), Settings(ocr=OcrMode.NEVER, cache_dir=cache))
    assert isinstance(result.record, Record), result.reason
    return result.record


def test_a_chi_thi_subject_ends_at_the_body_printed_under_it(cache: Path) -> None:
    record = _record(HELDOUT / "set16" / "docs" / "zd03.pdf", cache)
    assert record.subject == "Về tăng cường công tác phòng cháy, chữa cháy rừng mùa khô năm 2025"


def test_a_cong_dien_formula_ends_the_subject_and_its_kinh_gui_is_read(cache: Path) -> None:
    record = _record(HELDOUT / "set16" / "docs" / "zd04.pdf", cache)
    assert record.document_type == "cong_dien"
    assert record.subject == (
        "Về việc tập trung ứng phó với hạn hán, xâm nhập mặn và bảo đảm nước sinh hoạt cho người dân"
    )
    assert [r.name for r in record.recipients if r.kind == "kinh_gui"] == [
        "Bộ trưởng các Bộ: Nông nghiệp và Môi trường, Tài chính, Công Thương, Y tế, Xây dựng",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố: Vĩnh Long, Đồng Tháp, An Giang, Cần Thơ, Cà Mau, Tây Ninh",
    ]


def test_recipients_keep_their_commas_where_a_fallback_font_drew_a_letter(cache: Path) -> None:
    record = _record(HELDOUT / "set16" / "docs" / "zd03.pdf", cache)
    names = [r.name for r in record.recipients if r.kind == "noi_nhan"]
    assert "Các sở, ban, ngành" in names
    assert not any(" ," in name for name in names)


def test_a_weekly_schedule_gives_one_event_per_row(cache: Path) -> None:
    record = _record(HELDOUT / "set14" / "docs" / "zb05.pdf", cache)
    assert [str(e.start) for e in record.events] == [
        "2025-04-14T08:00:00", "2025-04-14T14:00:00", "2025-04-15T07:30:00",
        "2025-04-16T08:00:00", "2025-04-17T14:00:00", "2025-04-18T08:00:00",
    ]  # fmt: skip
    first = record.events[0]
    assert first.title == "Họp giao ban Lãnh đạo UBND tỉnh"
    assert first.place == "Phòng họp số 1, UBND tỉnh"
    assert first.attendees == ["Các Phó Chủ tịch UBND tỉnh", "Lãnh đạo Văn phòng UBND tỉnh"]
    # the rows are meetings, not duties: the schedule lays none
    assert not any(t.text.startswith("Họp giao ban") for t in record.tasks)


def test_schedule_headers_and_rows_from_printed_text() -> None:
    assert schedule_roles(["Thời gian", "Nội dung", "Chủ trì", "Thành phần", "Địa điểm"]) == {
        0: "time", 1: "content", 2: "chair", 3: "attendees", 4: "place"
    }
    # a table of tasks puts its time last and names no place or attendees: not a schedule
    assert schedule_roles(["TT", "Nội dung công việc", "Cơ quan chủ trì", "Thời gian hoàn thành"]) is None
    assert shows_schedule_header("Thời gian\nThứ Hai,\nNội dung Chủ trì Thành phần Địa\nđiểm")
    assert not shows_schedule_header("Nội dung công việc | Cơ quan chủ trì | Thời gian hoàn thành")
    text = (
        "Ngày, giờ | Nội dung | Địa điểm\n"
        "Thứ Ba, 15/4, 07 giờ 30 | Kiểm tra dự án | Huyện Núi Thành\n"
        "\n2\n"
        "14 giờ 00 | Làm việc với Sở Y tế | Phòng họp số 2\n"
        "Kết thúc lịch.\n"
        "x | y | z\n"
    )
    rows = schedule_rows(text)
    assert [(r.text("time"), r.text("content"), r.text("place")) for r in rows] == [
        ("Thứ Ba, 15/4, 07 giờ 30", "Kiểm tra dự án", "Huyện Núi Thành"),
        ("14 giờ 00", "Làm việc với Sở Y tế", "Phòng họp số 2"),
    ]
    assert text[rows[1].cells["content"].start : rows[1].cells["content"].end] == "Làm việc với Sở Y tế"


def test_a_reports_coming_duties_are_tasks(cache: Path) -> None:
    # báo cáo sơ kết: "II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2025" lays numbered duties on the
    # Sở's own offices (the findings before it report what was done)
    record = _record(HELDOUT / "set16" / "docs" / "zd06.pdf", cache)
    rows = [(t.assignees, str(t.deadline.date) if t.deadline else None) for t in record.tasks]
    assert rows[1:4] == [
        (["Phòng Kế hoạch - Tài chính thuộc Sở"], "2026-01-31"),
        (["Phòng Chính sách dân tộc"], "2025-09-30"),
        (["Văn phòng Sở"], "2025-12-15"),
    ]
    assert rows[4:] == [(["UBND tỉnh"], "2025-08-31"), (["UBND tỉnh"], None)]  # its kiến nghị


def test_an_items_request_after_the_meeting_it_announces_is_the_task(cache: Path) -> None:
    # "5. Tập huấn: Bệnh viện tổ chức tập huấn … vào lúc 14 giờ 00 ngày 25/3/2025 … Đề nghị các khoa
    # gửi danh sách … trước 16 giờ 00 ngày 21/3/2025.": the training is the event, the list the duty
    record = _record(HELDOUT / "set16" / "docs" / "zd07.pdf", cache)
    last = record.tasks[-1]
    assert last.text.startswith("Đề nghị các khoa gửi danh sách người tham dự về Phòng Kế hoạch tổng hợp")
    assert last.assignees == ["các khoa"]
    assert last.deadline is not None and str(last.deadline.date) == "2025-03-21"
    assert [str(e.start) for e in record.events] == ["2025-03-25T14:00:00"]
    assert not any(t.text.startswith("Tập huấn") for t in record.tasks)


@pytest.mark.parametrize(
    ("lines", "bodies"),
    [
        # a state group's name wrapped over two lines, its provincial unit under it (VIỄN folds like VIỆN)
        (["TẬP ĐOÀN BƯU CHÍNH", "VIỄN THÔNG VIỆT NAM", "VIỄN THÔNG HUẾ"],
         ["TẬP ĐOÀN BƯU CHÍNH VIỄN THÔNG VIỆT NAM", "VIỄN THÔNG HUẾ"]),
        (["NGÂN HÀNG NHÀ NƯỚC", "VIỆT NAM", "CHI NHÁNH KHU VỰC 14"],
         ["NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "CHI NHÁNH KHU VỰC 14"]),
        # a level after "VIỆT NAM" goes on the same body
        (["ỦY BAN MTTQ VIỆT NAM", "XÃ LƯƠNG MINH", "BAN CÔNG TÁC MẶT TRẬN"],
         ["ỦY BAN MTTQ VIỆT NAM XÃ LƯƠNG MINH", "BAN CÔNG TÁC MẶT TRẬN"]),
    ],
)
def test_header_lines_group_into_bodies(lines: list[str], bodies: list[str]) -> None:
    assert _bodies(lines) == bodies


def _bodies(lines: list[str]) -> list[str]:
    """The bodies group_bodies makes of header lines, given as (text, start, end) one per line."""
    block, at = [], 0
    for line in lines:
        block.append((line, at, at + len(line)))
        at += len(line) + 1
    return [name for name, _, _ in group_bodies(block)]


def test_a_state_groups_wrapped_name_is_the_parent(cache: Path) -> None:
    record = _record(HELDOUT / "set18" / "docs" / "zf08.pdf", cache)
    assert (record.issuer_parent, record.issuer) == ("TẬP ĐOÀN BƯU CHÍNH VIỄN THÔNG VIỆT NAM", "VIỄN THÔNG HUẾ")


def test_a_place_name_wrapped_at_the_end_of_the_subject_stays_whole(cache: Path) -> None:
    # "V/v xử lý kiến nghị của cử tri về sạt lở bờ biển khu vực Cam" / "Ranh"
    record = _record(HELDOUT / "set18" / "docs" / "zf12.pdf", cache)
    assert record.subject == "xử lý kiến nghị của cử tri về sạt lở bờ biển khu vực Cam Ranh"


@pytest.mark.parametrize(
    ("sentence", "body"),
    [
        ("Tổ công tác có nhiệm vụ tiến hành kiểm sát trực tiếp việc tạm giữ.", "Tổ công tác"),
        ("Phòng Kế hoạch nhận xét, đánh giá hồ sơ dự thầu.", "Phòng Kế hoạch"),
        ("UBND thành phố Cam Ranh khảo sát hiện trạng, đề xuất phương án.", "UBND thành phố Cam Ranh"),
        ("Trung tâm Phục vụ hành chính công xã số hóa hồ sơ, kết quả.", "Trung tâm Phục vụ hành chính công xã"),
        ("Phòng Vật tư - Thiết bị y tế lập danh mục thiết bị cần thay thế.", "Phòng Vật tư - Thiết bị y tế"),
        ("Các khoa chuyên môn thành lập tổ soạn thảo báo cáo.", "Các khoa chuyên môn"),
        ("Văn phòng HĐND và UBND xã nâng cấp mạng nội bộ, trang bị 20 máy tính.", "Văn phòng HĐND và UBND xã"),
        # a verb-looking word used as a noun, or after a determiner, still names a body
        ("Tổ Công tác tuyên truyền xây dựng kế hoạch.", "Tổ Công tác tuyên truyền"),
        ("Cơ quan điều tra VKSND tối cao khẩn trương xác minh.", "Cơ quan điều tra VKSND tối cao"),
        ("Phòng Hậu cần - Kỹ thuật bảo đảm vật chất huấn luyện.", "Phòng Hậu cần - Kỹ thuật"),
    ],
)
def test_a_body_ends_where_its_action_begins(sentence: str, body: str) -> None:
    assert sentence[: subject_end(sentence, 0, len(sentence), [])] == body


LETTER_ASKING_FOR_FILES = """ỦY BAN NHÂN DÂN
TỈNH KHÁNH HÒA
Số: 412/UBND-NC
V/v đề nghị cung cấp hồ sơ nhân sự

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Khánh Hòa, ngày 10 tháng 11 năm 2025

Kính gửi: Các sở, ban, ngành thuộc tỉnh.

Để chuẩn bị quy hoạch cán bộ, Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành:
- Lập danh sách cán bộ trong diện quy hoạch theo mẫu đính kèm;
- Gửi bản sao quyết định bổ nhiệm của từng cán bộ;
- Cung cấp bản tự kiểm điểm năm 2025 của từng cán bộ.
Hồ sơ gửi về Sở Nội vụ (qua Phòng Tổ chức biên chế) trước ngày 05/12/2025.
Báo cáo gửi bằng văn bản và qua thư điện tử snv@khanhhoa.gov.vn./.

Nơi nhận:
- Như trên;
- Lưu: VT, NC.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def test_how_the_files_are_sent_is_no_duty_and_its_date_is_the_items_term(tmp_path: Path) -> None:
    path = tmp_path / "cong-van.txt"
    path.write_text(LETTER_ASKING_FOR_FILES, encoding="utf-8")
    record = _record(path, tmp_path)
    assert [t.text.split()[0] for t in record.tasks] == ["Lập", "Gửi", "Cung"]
    assert [str(t.deadline.date) if t.deadline else None for t in record.tasks] == ["2025-12-05"] * 3


def test_a_report_delivery_sentence_after_the_duties_is_not_a_task(cache: Path) -> None:
    # "Báo cáo gửi bằng văn bản về Ngân hàng Nhà nước Chi nhánh Khu vực 14 (qua Phòng Thanh tra, giám
    # sát) và qua thư điện tử …" under two bulleted duties
    record = _record(HELDOUT / "set18" / "docs" / "zf10.pdf", cache)
    assert len(record.tasks) == 2
    assert not any(t.text.startswith("Báo cáo gửi") for t in record.tasks)


def test_a_receiving_stamp_read_as_text_above_the_header_does_not_end_the_issuer_block() -> None:
    # a scan whose receiving stamp (drawn in the top margin) OCR read as three lines of text: its bare
    # "Số: 2007" is the stamp's, not the document's, whose number carries its symbol
    text = (
        "CÔNG VĂN ĐẾN\nSố: 2007\nNgày: 15/9\n\nUBND TỈNH QUẢNG TRỊ\nSỞ Y TẾ\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\nSố: 1034/SYT-NVY\n"
        "V/v tăng cường các biện pháp phòng, chống dịch bệnh sởi\n"
    )
    found = {c.field: c.value for c in issuer.extract(text, Context(is_ocr=True)).candidates}
    assert found == {"issuer": "SỞ Y TẾ", "issuer_parent": "UBND TỈNH QUẢNG TRỊ"}


def test_a_place_date_line_ordered_after_kinh_gui_is_still_the_headers() -> None:
    # a scan's OCR ordered the right column's last line (the place–date) below "Kính gửi:"
    text = (
        "TRƯỜNG ĐẠI HỌC QUY NHƠN\nKHOA KINH TẾ VÀ KẾ TOÁN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 87 /KKTKT-ĐT\nV/v tổ chức bảo vệ khóa luận tốt\n"
        "nghiệp đợt 1 năm 2025\nKính gửi:\n\nBình Định, ngày 02 tháng 4 năm 2025\n\n"
        "- Các Bộ môn thuộc Khoa;\n- Giảng viên hướng dẫn khóa luận.\n"
    )
    found = {c.field: c.value for c in place_date.extract(text, Context(is_ocr=True)).candidates}
    assert (found.get("issued_place"), found.get("issued_date")) == ("Bình Định", "2025-04-02")


def test_a_ban_of_a_party_committee_named_without_its_place_is_one_body() -> None:
    # "ĐẢNG BỘ TỈNH QUẢNG TRỊ / BAN TUYÊN GIÁO VÀ DÂN VẬN / TỈNH ỦY" (blind set 20, a DOCX)
    lines = ["ĐẢNG BỘ TỈNH QUẢNG TRỊ", "BAN TUYÊN GIÁO VÀ DÂN VẬN", "TỈNH ỦY"]
    assert _bodies(lines) == ["ĐẢNG BỘ TỈNH QUẢNG TRỊ", "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY"]
    # the party's own header: under "ĐẢNG BỘ …" the bare committee is the issuer
    assert _bodies(["ĐẢNG BỘ TỈNH THANH HÓA", "TỈNH ỦY"]) == ["ĐẢNG BỘ TỈNH THANH HÓA", "TỈNH ỦY"]


ROLE_PLAN = """ỦY BAN NHÂN DÂN
XÃ TÂN HỘI
Số: 45/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Tân Hội, ngày 10 tháng 12 năm 2025

KẾ HOẠCH
Chuyển đổi số năm 2026

III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội là cơ quan thường trực, tham mưu UBND xã theo dõi, đôn đốc việc thực hiện Kế \
hoạch; tổng hợp, báo cáo kết quả năm 2026 trước ngày 10/12/2026.
2. Phòng Kinh tế là đầu mối tổng hợp, báo cáo kết quả trước ngày 15/12/2026.

Nơi nhận:
- Lưu: VT.

CHỦ TỊCH
Nguyễn Văn A
"""


def test_a_body_given_a_leading_role_is_the_assignee(tmp_path: Path) -> None:
    # "X là cơ quan thường trực, tham mưu …", "X là đầu mối tổng hợp, báo cáo …": the role is the duty
    path = tmp_path / "ke-hoach.txt"
    path.write_text(ROLE_PLAN, encoding="utf-8")
    record = _record(path, tmp_path)
    assert [t.assignees for t in record.tasks] == [["Phòng Văn hóa - Xã hội"], ["Phòng Kinh tế"]]


def test_a_subject_printed_in_capitals_keeps_its_wrapped_line(cache: Path) -> None:
    # another tool's OCR of a quyết định whose trích yếu is printed in capitals over two lines (set 22)
    record = _record(HELDOUT / "set22" / "docs" / "zj05.txt", cache)
    assert (record.subject or "").upper().endswith("ĐỀ ÁN 06 TẠI CÔNG AN CÁC XÃ, PHƯỜNG NĂM 2026")


def test_a_blank_number_is_filled_from_the_signature_stamps_line_read_with_slips(cache: Path) -> None:
    # another tool's OCR: "S6:      /BGDĐT-GDPT" in the header, the e-signature system's "Số:
    # 5l27/BGDDT-GDPT" beside the stamp ("l" for "1", "D" for "Đ")
    record = _record(HELDOUT / "set22" / "docs" / "zj01.txt", cache)
    assert record.number == "5127/BGDĐT-GDPT"


def test_a_cong_van_is_told_by_a_garbled_v_v_line_and_a_typeless_symbol(cache: Path) -> None:
    # another tool's OCR without marks: "So: 4B62/TCT-KK" (a digit read as a letter), "Viv trien khai …"
    record = _record(HELDOUT / "set22" / "docs" / "zj09.txt", cache)
    assert record.document_type == "cong_van"
    # "4B62": a B between digits is OCR's 8, read so only because the whole symbol then parses,
    # and the repair is said
    assert record.number == "4862/TCT-KK"
    assert any("'4B62/TCT-KK' → '4862/TCT-KK'" in w for w in record.warnings)


def test_a_piece_of_the_quoc_hieu_read_twice_is_not_the_issuers() -> None:
    # a scan's OCR read "NAM" again between the Quốc hiệu and the motto (scanned set 18)
    text = (
        "TÒA ÁN NHÂN DÂN TỐI CAO\nTÒA ÁN NHÂN DÂN\nTỈNH GIA LAI\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nNAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 45 /TB-TA\n\nQuy Nhơn, ngày 08 tháng 9 năm 2025\n\nTHÔNG BÁO\n"
    )
    found = {c.field: c.value for c in issuer.extract(text, Context(is_ocr=True)).candidates}
    assert found == {"issuer": "TÒA ÁN NHÂN DÂN TỈNH GIA LAI", "issuer_parent": "TÒA ÁN NHÂN DÂN TỐI CAO"}
