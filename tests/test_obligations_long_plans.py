"""Long plans and other tools' text: tables laid out in columns of spaces, and the obligation classes
the blind constructed sets 3 and 4 showed (issue #15). Every text here is written for the test."""

from __future__ import annotations

from datetime import date

from congvan.extractors.obligations.tables import find_tables, table_tasks

# A kế hoạch's appendix as a plain-text file prints it: columns of spaces, cells wrapped under their
# column, a page number and the header repeated at a page break, a short "Thời hạn" header.
ALIGNED_APPENDIX = """\
Phụ lục
NHIỆM VỤ TRIỂN KHAI CHUYỂN ĐỔI SỐ NĂM 2026

TT   Nhiệm vụ                               Chủ trì               Phối hợp                 Thời hạn
1    Rà soát, chuẩn hóa cơ sở dữ liệu       Sở Khoa học và        Sở Tài chính, UBND       Quý I/2026
     hộ tịch trên địa bàn tỉnh              Công nghệ             cấp huyện
2    Triển khai nền tảng họp trực tuyến     Văn phòng UBND tỉnh   Viễn thông tỉnh          01/3 - 30/4/2026
     đến cấp xã
3
TT   Nhiệm vụ                               Chủ trì               Phối hợp                 Thời hạn
3    Tập huấn kỹ năng số cho cán bộ,        Sở Nội vụ                                      Tháng 6/2026
     công chức cấp xã
4    Đánh giá mức độ chuyển đổi số cấp      Tổ công tác chuyển    Các sở, ngành liên quan  Trước 15/12/2026
     huyện, báo cáo UBND tỉnh               đổi số
Nơi nhận:
- Như trên;
"""


def test_a_space_aligned_table_gives_one_task_per_row_with_wrapped_cells_joined() -> None:
    tasks, spans = table_tasks(ALIGNED_APPENDIX, date(2026, 1, 10))
    assert [t["text"] for t in tasks] == [
        "Rà soát, chuẩn hóa cơ sở dữ liệu hộ tịch trên địa bàn tỉnh",
        "Triển khai nền tảng họp trực tuyến đến cấp xã",
        "Tập huấn kỹ năng số cho cán bộ, công chức cấp xã",
        "Đánh giá mức độ chuyển đổi số cấp huyện, báo cáo UBND tỉnh",
    ]
    assert tasks[0]["assignees"][:2] == ["Sở Khoa học và Công nghệ", "Sở Tài chính"]
    assert tasks[0]["deadline"]["date"] == "2026-03-31"
    # a range of days ends on its last day
    assert tasks[1]["deadline"] == {"date": "2026-04-30", "text": "01/3 - 30/4/2026", "recurrence": None,
                                    "time": None}
    assert tasks[2]["assignees"] == ["Sở Nội vụ"]
    # a lead cell is a name even when its words read like a duty ("… chuyển đổi số")
    assert tasks[3]["assignees"] == ["Tổ công tác chuyển đổi số"]
    assert tasks[3]["deadline"]["date"] == "2026-12-15"
    # the table ends at the first line of prose
    assert len(spans) == 1 and "Nơi nhận" not in ALIGNED_APPENDIX[spans[0][0] : spans[0][1]]


# A schedule of work: time first, then the work and who carries it out; unlike a programme whose
# lead column names who chairs a session, this is a table of tasks.
ALIGNED_TIMETABLE = """\
III. TIẾN ĐỘ THỰC HIỆN
Thời gian               Nội dung                                    Đơn vị thực hiện
03/3 - 07/3/2026        Các trường tự đánh giá, gửi hồ sơ về        Các trường tiểu học
                        Phòng Giáo dục và Đào tạo
Trước 20/3/2026         Thẩm định hồ sơ, đề xuất công nhận          Phòng Giáo dục và Đào tạo
2
IV. TỔ CHỨC THỰC HIỆN
"""

ALIGNED_PROGRAMME = """\
Thời gian        Nội dung                                   Chủ trì
8h00 - 8h30      Khai mạc hội nghị                          Chủ tịch UBND huyện
8h30 - 10h00     Báo cáo kết quả năm 2025                   Phó Chủ tịch UBND huyện
"""


def test_a_space_aligned_schedule_of_work_is_a_table_of_tasks_and_a_programme_is_not() -> None:
    tasks, _ = table_tasks(ALIGNED_TIMETABLE, date(2026, 2, 20))
    assert [(t["text"], t["assignees"], t["deadline"]["date"]) for t in tasks] == [
        ("Các trường tự đánh giá, gửi hồ sơ về Phòng Giáo dục và Đào tạo", ["Các trường tiểu học"],
         "2026-03-07"),
        ("Thẩm định hồ sơ, đề xuất công nhận", ["Phòng Giáo dục và Đào tạo"], "2026-03-20"),
    ]
    assert find_tables(ALIGNED_PROGRAMME) == []


def test_prose_with_wide_spaces_is_no_table() -> None:
    text = "Nơi nhận:                                     KT. CHỦ TỊCH\n- Như trên;        PHÓ CHỦ TỊCH\n"
    assert find_tables(text) == []
