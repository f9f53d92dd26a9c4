"""Long plans and other tools' text: tables laid out in columns of spaces, and the obligation classes
the blind constructed sets 3 and 4 showed (issue #15). Every text here is written for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from congvan.extractors.deadlines import find_deadlines
from congvan.extractors.obligations.pipeline import assignees_of
from congvan.extractors.obligations.tables import find_tables, table_tasks
from congvan.pipeline.run import extract_file

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


def _record_tasks(tmp_path: Path, header: str, body: str) -> list[dict[str, Any]]:
    """The tasks of a whole document, read by the pipeline as a plain-text file."""
    path = tmp_path / "doc.txt"
    path.write_text(header + body + CLOSING, encoding="utf-8")
    record = extract_file(path)
    assert record is not None
    return [task.model_dump() for task in record.tasks]


CHI_THI_HEADER = """\
BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                              Độc lập - Tự do - Hạnh phúc
Số: 07/CT-BNNMT
                                              Hà Nội, ngày 12 tháng 3 năm 2026

CHỈ THỊ
Về tăng cường phòng, chống dịch bệnh trên đàn gia súc, gia cầm

Thời gian qua, dịch bệnh trên đàn gia súc diễn biến phức tạp tại nhiều địa phương. Để chủ
động phòng, chống dịch bệnh, Bộ trưởng Bộ Nông nghiệp và Môi trường yêu cầu:
"""

CLOSING = """
Nơi nhận:                                     BỘ TRƯỞNG
- Như trên;
- Lưu: VT, TY.                                Trần Văn Bình
"""


def test_an_unnumbered_paragraph_after_a_named_item_is_a_duty_of_that_body(tmp_path: Path) -> None:
    body = """\
1. Cục Chăn nuôi và Thú y: Chủ trì hướng dẫn các địa phương xây dựng kế hoạch tiêm phòng
vắc xin đợt 1 năm 2026, hoàn thành trong tháng 4 năm 2026.
Tổ chức kiểm tra công tác kiểm dịch động vật vận chuyển ra khỏi địa bàn tỉnh tại các
chốt kiểm dịch, báo cáo Bộ trưởng trước ngày 30/6/2026.
2. Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương: Chỉ đạo các xã, phường thống
kê tổng đàn, lập sổ theo dõi tiêm phòng.
Định kỳ hằng quý báo cáo tình hình dịch bệnh về Cục Chăn nuôi và Thú y.
3. Định kỳ hằng tháng, Chi cục Chăn nuôi và Thú y các tỉnh báo cáo số gia súc tiêm phòng về Cục
Chăn nuôi và Thú y.
4. Cục trưởng Cục Chăn nuôi và Thú y, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc
trung ương chịu trách nhiệm tổ chức thực hiện nghiêm Chỉ thị này./.
"""
    tasks = _record_tasks(tmp_path, CHI_THI_HEADER, body)
    by_start = {t["text"].split()[0]: t for t in tasks}
    assert len(tasks) == 5, [t["text"] for t in tasks]
    # a periodic term before the comma, the body after it
    assert tasks[4]["assignees"] == ["Chi cục Chăn nuôi và Thú y các tỉnh"]
    # the item keeps its own deadline, the paragraph after it carries its own
    first = tasks[0]
    assert first["assignees"] == ["Cục Chăn nuôi và Thú y"] and first["deadline"]["date"] == "2026-04-30"
    follow = by_start["Tổ"]
    assert follow["assignees"] == ["Cục Chăn nuôi và Thú y"] and follow["deadline"]["date"] == "2026-06-30"
    periodic = tasks[3]
    assert periodic["assignees"] == ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]
    assert periodic["deadline"]["recurrence"] == "P3M"
    # the execution closing, numbered or not, is no task (gold guide)
    assert not any("chịu trách nhiệm tổ chức thực hiện" in t["text"] for t in tasks)


CONG_VAN_HEADER = """\
SỞ GIÁO DỤC VÀ ĐÀO TẠO                        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                              Độc lập - Tự do - Hạnh phúc
Số: 412/SGDĐT-KHTC
V/v triển khai kiểm định chất lượng                Hà Tĩnh, ngày 02 tháng 3 năm 2026
năm học 2025-2026

Kính gửi: Phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố.

"""


def test_a_pointer_to_the_appendix_and_a_contact_line_are_no_tasks(tmp_path: Path) -> None:
    body = """\
Sở Giáo dục và Đào tạo đề nghị Phòng Giáo dục và Đào tạo các huyện, thị xã, thành phố thực
hiện các nội dung sau:
1. Chỉ đạo các trường hoàn thành tự đánh giá, gửi báo cáo về Sở trước ngày 15/4/2026.
2. Bố trí cán bộ tham gia đoàn đánh giá ngoài theo đề nghị của Sở.
Các nhiệm vụ cụ thể, thời hạn hoàn thành và đơn vị thực hiện của từng trường tại Phụ lục
kèm theo Công văn này. Đầu mối liên hệ: Phòng Kế hoạch - Tài chính, Sở Giáo dục và Đào tạo,
số điện thoại 0239.3855 123, thư điện tử: khtc@hatinh.edu.vn.
"""
    tasks = _record_tasks(tmp_path, CONG_VAN_HEADER, body)
    assert [(t["deadline"] or {}).get("date") for t in tasks] == ["2026-04-15", None], [t["text"] for t in tasks]


KE_HOACH_HEADER = """\
TRUNG TÂM Y TẾ HUYỆN CẨM XUYÊN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                              Độc lập - Tự do - Hạnh phúc
Số: 35/KH-TTYT
                                              Cẩm Xuyên, ngày 05 tháng 3 năm 2026

KẾ HOẠCH
Kiểm tra công tác kiểm soát nhiễm khuẩn năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Đánh giá thực trạng công tác kiểm soát nhiễm khuẩn tại các khoa, phòng.
II. NỘI DUNG
1. Thành phần tổ kiểm tra
Tổ kiểm tra gồm Phó Giám đốc phụ trách chuyên môn, điều dưỡng trưởng và cán bộ khoa Kiểm
soát nhiễm khuẩn.
2. Hình thức
Kiểm tra trực tiếp tại khoa, đối chiếu hồ sơ với thực tế.
III. TỔ CHỨC THỰC HIỆN
1. Khoa Kiểm soát nhiễm khuẩn: Xây dựng bảng kiểm, tổng hợp kết quả báo cáo Giám đốc trước
ngày 30/4/2026.
2. Các khoa lâm sàng, cận lâm sàng: Chuẩn bị hồ sơ; phân công điều dưỡng trưởng phối hợp với
tổ kiểm tra.
"""


def test_a_plans_sub_headings_and_a_composition_are_no_tasks_and_a_label_names_the_body(
    tmp_path: Path,
) -> None:
    tasks = _record_tasks(tmp_path, KE_HOACH_HEADER, "")
    assert [t["assignees"] for t in tasks] == [
        ["Khoa Kiểm soát nhiễm khuẩn"],
        ["Các khoa lâm sàng, cận lâm sàng"],
    ], [t["text"] for t in tasks]


KE_HOACH_UBND_HEADER = """\
ỦY BAN NHÂN DÂN                               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ TĨNH                                  Độc lập - Tự do - Hạnh phúc
Số: 88/KH-UBND
                                              Hà Tĩnh, ngày 10 tháng 3 năm 2026

KẾ HOẠCH
Phát triển thanh toán không dùng tiền mặt năm 2026

"""


def test_the_items_of_a_section_inherit_the_bodies_its_intro_names_also_after_a_page_break(
    tmp_path: Path,
) -> None:
    body = """\
I. NHIỆM VỤ, GIẢI PHÁP
Các sở, ban, ngành và UBND các huyện, thành phố, thị xã tập trung thực hiện các nhiệm vụ
sau:
1. Hạ tầng thanh toán
- Rà soát, lắp đặt thiết bị thanh toán điện tử tại Bộ phận Một cửa các cấp, hoàn thành
trong quý II/2026.
2
2. Tuyên truyền
- Đẩy mạnh tuyên truyền lợi ích của thanh toán không dùng tiền mặt trên các phương tiện
thông tin đại chúng.
II. CHẾ ĐỘ BÁO CÁO
Các sở, ban, ngành, UBND các huyện, thành phố, thị xã báo cáo kết quả định kỳ 6 tháng
(trước ngày 10/6) và hằng năm (trước ngày 10/12) gửi Sở Tài chính để tổng hợp.
"""
    tasks = _record_tasks(tmp_path, KE_HOACH_UBND_HEADER, body)
    named = ["Các sở, ban, ngành", "UBND các huyện, thành phố, thị xã"]
    assert [t["assignees"] for t in tasks] == [named] * 4, [t["text"] for t in tasks]
    assert tasks[0]["deadline"]["date"] == "2026-06-30"
    assert tasks[1]["text"].startswith("Đẩy mạnh tuyên truyền")
    # one report per period: two tasks, each its period, no date of its own
    assert [(t["deadline"]["text"], t["deadline"]["recurrence"], t["deadline"]["date"]) for t in tasks[2:]] == [
        ("định kỳ 6 tháng (trước ngày 10/6)", "P6M", None),
        ("hằng năm (trước ngày 10/12)", "P1Y", None),
    ]


def test_a_term_counted_from_an_unknown_event_has_no_date() -> None:
    issued = date(2026, 3, 10)
    unknown = find_deadlines("Sở Tài chính thẩm định trong thời hạn 07 ngày làm việc kể từ ngày nhận đủ hồ sơ.", issued)
    assert [v for _, _, v in unknown] == [
        {"date": None, "text": "trong thời hạn 07 ngày làm việc kể từ ngày nhận đủ hồ sơ", "recurrence": None,
         "time": None}
    ]
    done = find_deadlines("cập nhật chậm nhất 03 ngày làm việc kể từ ngày hoàn thành việc đăng ký biến động.", issued)
    assert done[0][2]["date"] is None and done[0][2]["text"].endswith("đăng ký biến động")
    # the day this document is received or signed is known
    known = find_deadlines("báo cáo trong vòng 10 ngày kể từ ngày nhận được văn bản này.", issued)
    assert known[0][2]["date"] == "2026-03-20"
    monthly = find_deadlines("báo cáo tiến độ định kỳ hằng tháng (trước ngày 25) về Sở Nội vụ.", issued)
    assert [v for _, _, v in monthly] == [
        {"date": None, "text": "định kỳ hằng tháng (trước ngày 25)", "recurrence": "P1M", "time": None}
    ]
    once = find_deadlines("tổ chức diễn tập ít nhất 01 lần/năm.", issued)
    assert once[0][2]["recurrence"] == "P1Y"


# Another tool's OCR text: item labels lost their colons, headings run into their bullets.
OCR_PLAN_BODY = """\
III. TỔ CHỨC THỰC HIỆN
1. Trung tâm Y tế huyện (cơ quan thường trực Ban Chỉ đạo phòng, chống dịch huyện)
- Chủ trì, phối hợp với các đơn vị liên quan tổ chức giám sát dịch tại các xã, hoàn thành
trước ngày 30/4/2026.
2. Bộ phận Văn phòng Chuẩn bị hội trường, tài liệu phục vụ hội nghị sơ kết.
3. Giáo viên chủ nhiệm Thông báo kế hoạch đến cha mẹ học sinh trước ngày 20/3/2026.
4. Đề nghị Phòng Văn hóa và Thông tin niêm yết công khai danh sách tại trụ sở.
Các đơn vị có báo cáo tham luận gửi bản mềm về Văn phòng trước ngày 25/3/2026.
Điều 2. Ban QLDA có nhiệm vụ lập kế hoạch triển khai dự án, trình Giám đốc phê duyệt.
"""


def test_ocr_item_labels_keep_the_body_and_leave_the_verb(tmp_path: Path) -> None:
    tasks = _record_tasks(tmp_path, KE_HOACH_HEADER.split("I. MỤC ĐÍCH")[0], OCR_PLAN_BODY)
    assert [t["assignees"] for t in tasks] == [
        ["Trung tâm Y tế huyện"],
        ["Bộ phận Văn phòng"],
        ["Giáo viên chủ nhiệm"],
        ["Phòng Văn hóa và Thông tin"],
        ["Các đơn vị có báo cáo tham luận"],
        ["Ban QLDA"],
    ], [t["text"] for t in tasks]
    # a name made of a capitalised verb stays whole
    assert assignees_of("Ban Chỉ đạo phòng, chống dịch huyện chủ trì tổ chức kiểm tra") == [
        "Ban Chỉ đạo phòng, chống dịch huyện"
    ]


def test_timetable_lines_are_no_tasks_and_a_lettered_item_over_cases_is_one(tmp_path: Path) -> None:
    body = """\
I. NỘI DUNG VÀ THỜI GIAN
1. Đăng ký dự thi: từ ngày 16/3/2026 đến ngày 20/3/2026.
2. Thi vòng loại: từ ngày 06/4/2026 đến ngày 10/4/2026.
II. TỔ CHỨC THỰC HIỆN
Các trường trung học cơ sở và Phòng Giáo dục và Đào tạo thực hiện các nhiệm vụ sau:
a) Kiểm soát chặt chẽ danh sách thí sinh, hồ sơ dự thi theo đúng điều lệ cuộc thi đã ban hành.
b) Hoàn thiện hồ sơ đề nghị công nhận kết quả theo hướng dẫn tại Công văn số 215/SGDĐT-GDTrH:
+ Đối với cấp trường: hoàn thành trong tháng 4/2026.
+ Đối với cấp huyện: hoàn thành trước ngày 15/5/2026.
"""
    tasks = _record_tasks(tmp_path, KE_HOACH_HEADER.split("I. MỤC ĐÍCH")[0], body)
    assert [t["text"].split(":")[0][:30] for t in tasks] == [
        "Kiểm soát chặt chẽ danh sách t",
        "Hoàn thiện hồ sơ đề nghị công ",
        "Đối với cấp trường",
        "Đối với cấp huyện",
    ]
    assert [(t["deadline"] or {}).get("date") for t in tasks[2:]] == ["2026-04-30", "2026-05-15"]
