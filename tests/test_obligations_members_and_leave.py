"""Lists that are not duties, and duties split by their terms (issue #15; class: a quyết định that
sets up a team and names its members, and a company's or agency's notice of Tết leave — blind set
40, tuned on, and two written documents):

- the members listed under "… gồm các ông (bà) có tên sau:" are members, not duties, whatever
  words their posts hold ("Trưởng phòng Kế hoạch tổng hợp – Thành viên");
- days off stated as the staff's own verb ("… nghỉ Tết Nguyên đán … từ … đến hết …") are a
  schedule, no duty; "lập lịch trực Tết" and "chi trả tiền lương" are duties;
- a phone number wrapped onto a line of its own inside a bracket ("điện thoại:" /
  "0290.3831.246) trước ngày …") does not start a new duty;
- "báo cáo <recipient> hằng ngày …. Kết thúc kỳ nghỉ, … báo cáo … trước ngày …" is two duties,
  one daily, one by its date;
- a closing that only urges carrying out, typed ". /.", is no duty.
"""

from __future__ import annotations

from tests.obligations_gold import written_tasks

_tasks = written_tasks


def test_the_members_of_a_new_team_are_no_duties() -> None:
    tasks = _tasks("quyet_dinh_thanh_lap_to.txt")
    assert [t["text"][:40] for t in tasks] == [
        "Xây dựng kế hoạch kiểm tra, trình Giám đ",
        "Kiểm tra việc thực hiện quy trình vô khu",
        "Phòng Tài chính – Kế toán chi trả kinh p",
    ]
    assert [t["assignees"] for t in tasks] == [["Tổ kiểm tra"], ["Tổ kiểm tra"], ["Phòng Tài chính – Kế toán"]]
    assert tasks[1]["deadline"]["recurrence"] == "P3M"


def test_days_off_are_no_duty_and_the_duties_around_them_are() -> None:
    tasks = _tasks("thong_bao_nghi_tet.txt")
    assert not any("nghỉ Tết Nguyên đán Đinh Mùi từ" in t["text"] for t in tasks)
    assert not any(t["text"].startswith("Yêu cầu") for t in tasks)  # the closing
    assert [t["assignees"] for t in tasks] == [
        ["Các phòng, ban, xí nghiệp"],
        ["Xí nghiệp Chế biến"],
        ["Xí nghiệp Chế biến"],
        ["Phòng Tài chính – Kế toán"],
    ]


def test_a_phone_number_wrapped_inside_a_bracket_stays_in_its_duty() -> None:
    first = _tasks("thong_bao_nghi_tet.txt")[0]
    assert "điện thoại: 0290.3831.246) trước ngày 01/02/2027" in first["text"]
    assert first["deadline"]["date"] == "2027-02-01"


def test_a_daily_report_and_a_dated_one_are_two_duties() -> None:
    daily, dated = _tasks("thong_bao_nghi_tet.txt")[1:3]
    assert (daily["deadline"]["date"], daily["deadline"]["recurrence"]) == (None, "P1D")
    assert dated["text"].startswith("Kết thúc kỳ nghỉ")
    assert dated["deadline"]["date"] == "2027-02-20"
