"""Classes of false and missed tasks a blind set of constructed documents showed (issue #15), each
on documents written here in the Nghị định 30 layout (not the blind set's text), read end to end
by the pipeline from a text file:

- a court letter's list of the case's parties, and any list of "label: person / particulars"
  entries with no duty verb, is no list of duties; a step that acts stays one;
- the term stated right after a list of documents asked for holds for each of them;
- courtesy closings ("Rất mong nhận được sự phối hợp …", "Trân trọng cảm ơn") lay no duty;
- a request to the customers ("Đề nghị Quý khách hàng …") is a task laid on them, as printed;
- a giấy mời's own request by a date (register the delegates) is a task, its invitation an event;
- a unit named "… Dược" over its duties is a unit, not a right ("… được");
- a service interruption's time is no meeting.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from congvan.extractors.base import Context
from congvan.extractors.events import extract as extract_events
from congvan.pipeline.run import extract_file


def _read(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "vanban.txt"
    path.write_text(text, encoding="utf-8")
    record = extract_file(path)
    assert record is not None
    return record


def _tasks(tmp_path: Path, text: str) -> list[dict[str, Any]]:
    return [t.model_dump(mode="json") for t in _read(tmp_path, text).tasks]


def _starting(tasks: list[dict[str, Any]], opening: str) -> dict[str, Any]:
    found = [t for t in tasks if t["text"].startswith(opening)]
    assert len(found) == 1, [t["text"][:70] for t in tasks]
    return found[0]


# --- a list of parties or particulars is no list of duties ------------------------------------

COURT_LETTER = """TÒA ÁN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN CHÂU THÀNH Độc lập - Tự do - Hạnh phúc
Số: 142/TA-DS Châu Thành, ngày 03 tháng 6 năm 2025
V/v đề nghị cung cấp chứng cứ

Kính gửi: Ủy ban nhân dân xã Tân Hương

Tòa án nhân dân huyện Châu Thành đang thụ lý vụ án dân sự sơ thẩm "Tranh chấp hợp đồng vay tài
sản và yêu cầu bồi thường thiệt hại" (Thụ lý số 55/2025/TLST-DS ngày 12/3/2025), giữa:
- Nguyên đơn: Bà Lê Thị Hoa, sinh năm 1975; cư trú tại ấp Tân Phú, xã Tân Hương, huyện Châu Thành.
- Bị đơn: Ông Phan Văn Minh, sinh năm 1968; cư trú tại ấp Tân Thuận, xã Tân Hương, huyện Châu Thành.
- Người có quyền lợi, nghĩa vụ liên quan: Ngân hàng Nông nghiệp và Phát triển nông thôn Chi nhánh
huyện Châu Thành.
Để có căn cứ giải quyết vụ án, Tòa án nhân dân huyện Châu Thành đề nghị Ủy ban nhân dân xã Tân
Hương cung cấp các tài liệu sau:
1. Bản sao hồ sơ chứng thực hợp đồng vay tài sản ngày 10/02/2023 giữa bà Lê Thị Hoa và ông Phan Văn Minh.
2. Xác nhận nơi cư trú hiện nay của ông Phan Văn Minh.
Tài liệu đề nghị gửi về Tòa án nhân dân huyện Châu Thành, địa chỉ: số 15 đường 30/4, thị trấn Tân Hiệp,
trong thời hạn 10 ngày kể từ ngày nhận được công văn này.
Rất mong nhận được sự phối hợp của Quý cơ quan./.

Nơi nhận: THẨM PHÁN
- Như trên;
- Lưu: HS, VT.
Nguyễn Thanh Tâm
"""


def test_the_parties_of_a_case_are_no_tasks(tmp_path: Path) -> None:
    texts = [t["text"] for t in _tasks(tmp_path, COURT_LETTER)]
    for label in ("Nguyên đơn", "Bị đơn", "Người có quyền lợi"):
        assert not any(label in text for text in texts), texts
    assert [t[:20] for t in texts] == ["Bản sao hồ sơ chứng ", "Xác nhận nơi cư trú "]


def test_the_term_after_a_list_of_documents_holds_for_each(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, COURT_LETTER)
    # 10 days from the letter's date (03/6/2025); the closing that states it is no task of its own
    assert [(t["deadline"] or {}).get("date") for t in tasks] == ["2025-06-13", "2025-06-13"]
    assert not any(t["text"].startswith("Tài liệu đề nghị gửi") for t in tasks)


INSPECTION = """UBND TỈNH BẾN TRE CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG Độc lập - Tự do - Hạnh phúc
Số: 905/SNNMT-TTr Bến Tre, ngày 20 tháng 5 năm 2025
V/v kiểm tra công tác phòng, chống thiên tai

Kính gửi: Ủy ban nhân dân các xã Phú Túc, Tân Phú

Thực hiện yêu cầu của Ủy ban nhân dân tỉnh, Sở Nông nghiệp và Môi trường thành lập đoàn kiểm tra:
- Trưởng đoàn: Ông Võ Văn Hùng, Phó Giám đốc Sở.
- Thành viên: Bà Trần Thị Mai, Trưởng phòng Thủy lợi; ông Lê Quốc Bảo, chuyên viên.
- Thư ký đoàn: Ông Nguyễn Hữu Phước, chuyên viên Thanh tra Sở.
Đề nghị Ủy ban nhân dân các xã chuẩn bị báo cáo kết quả thực hiện, gửi về Sở trước ngày 28/5/2025.

Nơi nhận: GIÁM ĐỐC
- Như trên;
- Lưu: VT.
Trần Văn Tám
"""


def test_a_list_of_members_is_no_list_of_duties(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, INSPECTION)
    assert [t["text"][:40] for t in tasks] == ["Đề nghị Ủy ban nhân dân các xã chuẩn bị "]
    assert tasks[0]["deadline"]["date"] == "2025-05-28"


STEPS = """TRƯỜNG THPT NGUYỄN DU CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 61/TB-THPTND Buôn Ma Thuột, ngày 02 tháng 7 năm 2025
THÔNG BÁO
Về việc nhập học lớp 10 năm học 2025 - 2026

Nhà trường hướng dẫn thủ tục nhập học như sau:
- Bước 1: Học sinh nộp hồ sơ nhập học tại Văn phòng nhà trường.
- Bước 2: Học sinh đăng ký môn học tự chọn với giáo viên chủ nhiệm.
Nhà trường thông báo để học sinh và cha mẹ học sinh biết và thực hiện./.

Nơi nhận: HIỆU TRƯỞNG
- Học sinh (để thực hiện);
- Lưu: VT.
Lê Văn Hòa
"""


def test_steps_that_act_stay_tasks(tmp_path: Path) -> None:
    texts = [t["text"] for t in _tasks(tmp_path, STEPS)]
    assert [t[:8] for t in texts] == ["Bước 1: ", "Bước 2: "]


# --- courtesy closings; a request to the customers; a service interruption ---------------------

POWER_CUT = """TỔNG CÔNG TY ĐIỆN LỰC MIỀN TRUNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
CÔNG TY ĐIỆN LỰC QUẢNG NAM Độc lập - Tự do - Hạnh phúc
Số: 2210/QNaPC-KD Tam Kỳ, ngày 11 tháng 3 năm 2025
V/v ngừng cung cấp điện để bảo dưỡng lưới điện

Kính gửi:
- Ủy ban nhân dân phường An Mỹ, phường An Sơn;
- Quý khách hàng sử dụng điện trên địa bàn phường An Mỹ, phường An Sơn.

Để bảo dưỡng đường dây 22 kV, Công ty Điện lực Quảng Nam tạm ngừng cung cấp điện như sau:
- Thời gian: từ 07 giờ 00 ngày 16/3/2025 đến 16 giờ 30 ngày 16/3/2025.
- Khu vực: các tuyến đường Phan Chu Trinh, Trần Cao Vân và các kiệt lân cận.
Công ty kính đề nghị Ủy ban nhân dân các phường thông báo trên hệ thống truyền thanh cho Nhân dân
biết trước ngày 14/3/2025.
Đề nghị Quý khách hàng chủ động bố trí sản xuất, sinh hoạt trong thời gian ngừng cung cấp điện.
Công ty Điện lực Quảng Nam rất mong nhận được sự thông cảm của Quý khách hàng.
Trân trọng cảm ơn./.

Nơi nhận: GIÁM ĐỐC
- Như trên;
- Lưu: VT, KD.
Hồ Văn Lợi
"""


def test_courtesy_closings_lay_no_duty(tmp_path: Path) -> None:
    texts = [t["text"] for t in _tasks(tmp_path, POWER_CUT)]
    assert not any("rất mong" in text.lower() or "cảm ơn" in text.lower() for text in texts), texts
    assert not any("Rất mong" in t["text"] for t in _tasks(tmp_path, COURT_LETTER))


def test_a_request_to_the_customers_is_theirs(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, POWER_CUT)
    assert len(tasks) == 2, [t["text"][:60] for t in tasks]
    # printed as the sentence names them, not as both Kính gửi addressees
    assert _starting(tasks, "Đề nghị Quý khách hàng chủ động")["assignees"] == ["Quý khách hàng"]
    assert _starting(tasks, "Công ty kính đề nghị")["deadline"]["date"] == "2025-03-14"


def test_a_service_interruption_is_no_meeting(tmp_path: Path) -> None:
    assert _read(tmp_path, POWER_CUT).events == []


def test_a_time_beside_a_partnership_is_no_meeting() -> None:
    # "phối hợp" folds like "họp" ("hop"): only the marked "họp" names a meeting
    text = POWER_CUT.replace(
        "- Khu vực:", "- Đơn vị phối hợp: Điện lực Tam Kỳ.\n- Khu vực:"
    )
    found = extract_events(text, Context(issued_date=None, known={"is_dispatch": True}))
    assert found.candidates == ()


def test_a_meeting_in_a_letter_is_an_event(tmp_path: Path) -> None:
    text = POWER_CUT.replace(
        "Đề nghị Quý khách hàng chủ động",
        "Công ty tổ chức họp với Ủy ban nhân dân các phường vào lúc 14 giờ 00 ngày 13/3/2025 tại trụ sở"
        " Công ty.\nĐề nghị Quý khách hàng chủ động",
    )
    events = _read(tmp_path, text).events
    assert [e.start for e in events] == ["2025-03-13T14:00:00"]


# --- a giấy mời's own request by a date --------------------------------------------------------

INVITATION = """UBND HUYỆN ĐỨC TRỌNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc
Số: 37/GM-PGDĐT Đức Trọng, ngày 05 tháng 3 năm 2025
GIẤY MỜI
Dự Hội nghị sơ kết học kỳ I năm học 2024 - 2025

Phòng Giáo dục và Đào tạo trân trọng kính mời:
- Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở trên địa bàn huyện.
Tới dự Hội nghị sơ kết học kỳ I năm học 2024 - 2025.
- Thời gian: bắt đầu lúc 08 giờ 00 ngày 14/3/2025.
- Địa điểm: Hội trường Ủy ban nhân dân huyện Đức Trọng.
Đề nghị các trường gửi danh sách cán bộ tham dự về Phòng Giáo dục và Đào tạo trước 10 giờ 00 ngày
11/3/2025 qua hệ thống quản lý văn bản.
Đề nghị các đồng chí tham dự đúng thành phần, thời gian./.

Nơi nhận: TRƯỞNG PHÒNG
- Như trên;
- Lưu: VT.
Đinh Thị Ngọc
"""


def test_a_giay_moi_request_by_a_date_is_a_task(tmp_path: Path) -> None:
    record = _read(tmp_path, INVITATION)
    tasks = [t.model_dump(mode="json") for t in record.tasks]
    assert [t["text"][:40] for t in tasks] == ["Đề nghị các trường gửi danh sách cán bộ "]
    assert tasks[0]["deadline"]["date"] == "2025-03-11"
    assert tasks[0]["assignees"] == ["các trường"]
    # the invitation itself stays the event
    assert [e.start for e in record.events] == ["2025-03-14T08:00:00"]


# --- a unit named "… Dược" ------------------------------------------------------------------------

PHARMACY = """SỞ Y TẾ TỈNH NGHỆ AN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
BỆNH VIỆN ĐA KHOA THÀNH PHỐ VINH Độc lập - Tự do - Hạnh phúc
Số: 512/BV-KHTH Vinh, ngày 14 tháng 4 năm 2025
V/v triển khai đấu thầu thuốc năm 2025

Kính gửi: Các khoa, phòng trong Bệnh viện.

Giám đốc Bệnh viện yêu cầu các khoa, phòng thực hiện các nội dung sau:
1. Phòng Tài chính kế toán: Bố trí kinh phí mua sắm thuốc theo kế hoạch được duyệt.
2. Khoa Dược: Tổng hợp nhu cầu thuốc của các khoa lâm sàng, trình Hội đồng thuốc và điều trị
trước ngày 25/4/2025.
3. Phòng Quản lý Dược: Rà soát danh mục thuốc trúng thầu; hướng dẫn các khoa sử dụng thuốc hợp lý.
Đề nghị các khoa, phòng nghiêm túc thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT, KHTH.
GIÁM ĐỐC
Phạm Văn Hải
"""


@pytest.mark.parametrize(
    ("opening", "unit"),
    [
        pytest.param("Khoa Dược: Tổng hợp", "Khoa Dược", id="khoa-duoc"),
        pytest.param("Phòng Quản lý Dược: Rà soát", "Phòng Quản lý Dược", id="phong-quan-ly-duoc"),
    ],
)
def test_a_unit_named_duoc_keeps_its_duties(tmp_path: Path, opening: str, unit: str) -> None:
    tasks = _tasks(tmp_path, PHARMACY)
    assert len(tasks) == 3, [t["text"][:60] for t in tasks]
    assert _starting(tasks, opening)["assignees"] == [unit]


def test_a_right_still_lays_no_duty(tmp_path: Path) -> None:
    text = PHARMACY.replace(
        "Đề nghị các khoa, phòng nghiêm túc thực hiện./.",
        "Người bệnh có thẻ bảo hiểm y tế được cấp thuốc theo danh mục.\n"
        "Đề nghị các khoa, phòng nghiêm túc thực hiện./.",
    )
    assert not any(t["text"].startswith("Người bệnh") for t in _tasks(tmp_path, text))


@pytest.mark.parametrize(
    "sentence",
    [
        "Trân trọng kính mời đại diện lãnh đạo Công ty đến dự vào lúc 14 giờ 00 ngày 13/3/2025 tại trụ sở.",
        "Công ty tổ chức Diễn đàn khách hàng sử dụng điện vào lúc 14 giờ 00 ngày 13/3/2025 tại trụ sở.",
        "Công ty tổ chức đối thoại với khách hàng vào lúc 14 giờ 00 ngày 13/3/2025 tại trụ sở.",
        "Sinh viên có mặt tại Hội trường A vào lúc 14 giờ 00 ngày 13/3/2025 để dự lễ.",
    ],
    ids=["den-du", "dien-dan", "doi-thoai", "co-mat-tai"],
)
def test_other_gatherings_are_events(tmp_path: Path, sentence: str) -> None:
    # attending ("đến dự", "có mặt tại") and the gatherings a thông báo announces besides meetings
    text = POWER_CUT.replace("Đề nghị Quý khách hàng chủ động", sentence + "\nĐề nghị Quý khách hàng chủ động")
    events = _read(tmp_path, text).events
    assert [e.start for e in events] == ["2025-03-13T14:00:00"]
