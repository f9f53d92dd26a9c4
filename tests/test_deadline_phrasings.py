"""Deadline phrasings of issue 15 on sentences written in the style of real dispatches (a ministry,
a province, a school, a hospital), read against an issue date of 10/01/2025.

Each positive row: the sentence, the deadline that binds it (date, text as printed, recurrence).
Each negative row: a sentence whose dates are starts, events, validities or cited documents, and
so holds no deadline at all."""

from __future__ import annotations

from datetime import date

import pytest

from congvan.extractors.base import Context
from congvan.extractors.deadlines import binding, find_deadlines, resolve, resolve_cell
from congvan.extractors.obligations import deadline_split
from congvan.extractors.tasks import extract
from congvan.extractors.vocab import load_table

ISSUED = date(2025, 1, 10)  # a Friday, in the first quarter

BINDING = [
    # quarters without "trong"
    (
        "Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan hoàn thành quý II năm 2025.",
        "2025-06-30",
        "quý II năm 2025",
        None,
        "quarter-words",
    ),
    (
        "Bệnh viện Đa khoa tỉnh tổ chức kiểm tra chéo hồ sơ bệnh án quý 2/2025.",
        "2025-06-30",
        "quý 2/2025",
        None,
        "quarter-digit",
    ),
    (
        "Xây dựng cơ sở dữ liệu cán bộ, công chức, viên chức toàn ngành. Thời gian thực hiện: Quý IV/2025.",
        "2025-12-31",
        "Thời gian thực hiện: Quý IV/2025",
        None,
        "quarter-label",
    ),
    (
        "Các phòng chuyên môn gửi báo cáo kết quả về Văn phòng Sở trước ngày 15 tháng cuối quý.",
        "2025-03-15",
        "trước ngày 15 tháng cuối quý",
        "P3M",
        "quarter-due-day",
    ),
    (
        "Các khoa, phòng tổng hợp số ca bệnh truyền nhiễm, báo cáo hằng quý về Phòng Kế hoạch tổng hợp.",
        None,
        "hằng quý",
        "P3M",
        "hang-quy",
    ),
    # half-years and the year
    (
        "Ủy ban nhân dân các huyện hoàn thành việc cấp giấy chứng nhận quyền sử dụng đất 6 tháng đầu năm 2025.",
        "2025-06-30",
        "6 tháng đầu năm 2025",
        None,
        "first-half",
    ),
    (
        "Các trường trung học phổ thông triển khai thí điểm mô hình trường học số 6 tháng cuối năm 2025.",
        "2025-12-31",
        "6 tháng cuối năm 2025",
        None,
        "second-half",
    ),
    (
        "Trung tâm Y tế các huyện hoàn thành tiêm vắc xin sởi cho trẻ em trong sáu tháng đầu năm.",
        "2025-06-30",
        "trong sáu tháng đầu năm",
        None,
        "first-half-words",
    ),
    (
        "Sở Xây dựng rà soát, hoàn thiện quy hoạch chung đô thị nửa đầu năm 2025.",
        "2025-06-30",
        "nửa đầu năm 2025",
        None,
        "nua-dau-nam",
    ),
    (
        "Các cơ sở khám bệnh, chữa bệnh triển khai bệnh án điện tử trong năm 2025.",
        "2025-12-31",
        "trong năm 2025",
        None,
        "year-alone",
    ),
    # month spans and day ranges
    (
        "Các trường tổ chức Hội khỏe Phù Đổng cấp trường từ tháng 3 đến tháng 5/2025.",
        "2025-05-31",
        "từ tháng 3 đến tháng 5/2025",
        None,
        "month-span",
    ),
    (
        "Thời gian thực hiện từ tháng 3 đến hết tháng 5/2025.",
        "2025-05-31",
        "từ tháng 3 đến hết tháng 5/2025",
        None,
        "month-span-het",
    ),
    (
        "Các đơn vị tổ chức tổng vệ sinh môi trường từ ngày 01 đến ngày 15/02/2025.",
        "2025-02-15",
        "từ ngày 01 đến ngày 15/02/2025",
        None,
        "day-range-words",
    ),
    (
        "Bộ phận Một cửa tiếp nhận hồ sơ đăng ký từ 01-15/02/2025.",
        "2025-02-15",
        "từ 01-15/02/2025",
        None,
        "day-range-dash",
    ),
    # weeks and monthly due days
    (
        "Phòng Tổ chức cán bộ hoàn thành hồ sơ nâng lương trong tuần.",
        "2025-01-12",
        "trong tuần",
        None,
        "week",
    ),
    (
        "Các trường hoàn thành việc nhập điểm học kỳ I lên hệ thống trong tuần đầu tháng 3/2025.",
        "2025-03-07",
        "trong tuần đầu tháng 3/2025",
        None,
        "first-week-of-month",
    ),
    (
        "Các Trạm Y tế xã gửi báo cáo hoạt động tháng về Trung tâm Y tế huyện trước ngày 05 của tháng sau.",
        "2025-02-05",
        "trước ngày 05 của tháng sau",
        "P1M",
        "next-month",
    ),
    (
        "Các sở, ban, ngành gửi báo cáo tình hình kinh tế - xã hội trước ngày 25 hằng tháng.",
        "2025-01-25",
        "trước ngày 25 hằng tháng",
        "P1M",
        "monthly-due",
    ),
    (
        "Định kỳ hằng quý, trước ngày 15 của tháng cuối quý, các bệnh viện gửi báo cáo công tác dược về Sở Y tế.",
        "2025-03-15",
        "Định kỳ hằng quý, trước ngày 15 của tháng cuối quý",
        "P3M",
        "hang-quy-due-day",
    ),
    (
        "Hằng tháng, chậm nhất ngày 05 của tháng sau, các xã báo cáo Ủy ban nhân dân huyện.",
        "2025-02-05",
        "Hằng tháng, chậm nhất ngày 05 của tháng sau",
        "P1M",
        "hang-thang-next-month",
    ),
    # the binding choice: the explicit date over a period
    (
        "Các huyện triển khai rà soát hộ nghèo trong năm 2025, báo cáo kết quả về Sở trước ngày 08/02/2025.",
        "2025-02-08",
        "trước ngày 08/02/2025",
        None,
        "date-over-year",
    ),
    (
        "Trong quý I năm 2025, các trường tổ chức kiểm tra nội bộ và gửi báo cáo về Phòng Giáo dục và Đào tạo "
        "chậm nhất ngày 15/3/2025.",
        "2025-03-15",
        "chậm nhất ngày 15/3/2025",
        None,
        "cham-nhat-over-quarter",
    ),
    (
        "Báo cáo kết quả thực hiện quý IV/2024 và phương hướng quý I/2025 gửi về Bộ trước ngày 20/01/2025.",
        "2025-01-20",
        "trước ngày 20/01/2025",
        None,
        "date-over-bare-quarter",
    ),
    # a start before the due date: the due date binds
    (
        "Các trường thực hiện từ ngày 01/11/2024 và báo cáo kết quả trong tháng 02/2025.",
        "2025-02-28",
        "trong tháng 02/2025",
        None,
        "start-then-month",
    ),
    (
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 05/01/2025 của UBND tỉnh, Sở Giáo dục và Đào tạo đề nghị các "
        "trường báo cáo kết quả trước ngày 20/02/2025.",
        "2025-02-20",
        "trước ngày 20/02/2025",
        None,
        "reference-then-date",
    ),
    (
        "Đề nghị các trường hoàn thành trước ngày 28/02/2025 (theo Kế hoạch số 10/KH-SGDĐT ngày 08/01/2025).",
        "2025-02-28",
        "trước ngày 28/02/2025",
        None,
        "date-then-reference",
    ),
    # digits that OCR read as look-alike letters ("1" as "l", "0" as "O") inside the date or time
    (
        "Đề nghị Công an huyện chuyển hồ sơ cho Cơ quan điều tra trong ngày ol/02/2025.",
        "2025-02-01",
        "trong ngày ol/02/2025",
        None,
        "ocr-l-and-o-in-the-day",
    ),
    (
        "Các khoa lập dự trù, từ ngày 13/01/2025 đến ngày 17/01/2025 tổng hợp, báo cáo Giám đốc trước ngày O7/02/2025.",
        "2025-02-07",
        "trước ngày O7/02/2025",
        None,
        "ocr-date-binds-over-a-range",
    ),
    # a report, its recipient, then the period (blind set 40, a commune party committee's letter)
    (
        "Văn phòng Đảng ủy tổng hợp tình hình, báo cáo Thường trực Đảng ủy hằng ngày trong thời gian có bão, lũ.",
        None,
        "hằng ngày",
        "P1D",
        "report-to-recipient-daily",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "expected_date", "expected_text", "expected_recurrence"),
    [row[:4] for row in BINDING],
    ids=[row[4] for row in BINDING],
)
def test_the_binding_deadline_of_a_sentence(
    sentence: str, expected_date: str | None, expected_text: str, expected_recurrence: str | None
) -> None:
    found = resolve(sentence, ISSUED)
    assert found is not None
    if expected_recurrence and expected_date:
        # a due day of every period: no printed first due date, `date` null; the next one is `next_due`
        assert (found["date"], found["next_due"]) == (None, expected_date)
        expected_date = None
    assert (found["date"], found["text"], found["recurrence"]) == (expected_date, expected_text, expected_recurrence)


NO_DEADLINE = [
    ("Các đơn vị thực hiện từ ngày 01/11/2020.", "start"),
    ("Kể từ ngày 15/01/2025, các đơn vị thực hiện thanh toán học phí không dùng tiền mặt.", "ke-tu-ngay"),
    ("Bắt đầu từ ngày 01/02/2025, các bệnh viện triển khai bệnh án điện tử.", "bat-dau-tu"),
    ("Thông tư này có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2025.", "hieu-luc"),
    ("Quy định này có hiệu lực từ ngày 01/3/2025 đến ngày 31/12/2025.", "validity-range"),
    ("Kế hoạch áp dụng từ ngày 01/02/2025 đến ngày 30/6/2025.", "ap-dung-range"),
    ("Số liệu báo cáo tính từ ngày 15/12/2024 đến ngày 14/3/2025.", "figures-period"),
    ("Thời gian lấy số liệu từ ngày 01/01/2025 đến hết ngày 31/3/2025.", "figures-period-het"),
    ("Hội nghị tổ chức vào lúc 08 giờ 00 ngày 20/02/2025 tại Hội trường UBND tỉnh.", "meeting-time"),
    ("Hội nghị được tổ chức trong ngày 20/02/2025 tại hội trường Sở Y tế.", "meeting-day"),
    ("Thực hiện Quyết định số 12/QĐ-UBND ngày 05/01/2025 của UBND tỉnh về ban hành Kế hoạch.", "cited-decision"),
    ("Theo đề nghị tại Công văn số 345/SYT-NVY ngày 02/01/2025 của Sở Y tế.", "cited-letter"),
    ("Công văn này thay thế Công văn số 15/SGDĐT-VP ngày 03/01/2025.", "replaced-letter"),
    ("Ủy ban nhân dân tỉnh đánh giá cao kết quả thực hiện quý IV/2024 của các huyện.", "quarter-over"),
    ("Đề ra giải pháp triển khai công tác 6 tháng cuối năm để hoàn thành chỉ tiêu.", "half-without-year"),
    ("Các trường tổ chức kiểm tra theo kế hoạch tháng 3/2025.", "bare-single-month"),
    ("Giao chỉ tiêu kế hoạch hằng năm cho các đơn vị.", "noun-hang-nam"),
    ("Các đơn vị báo cáo, đánh giá chỉ tiêu hằng năm của ngành.", "report-then-noun-hang-nam"),
    ("Các lô hàng ghi mã lo/ol trên tem, trước khi nhập kho.", "look-alike-letters-are-no-date"),
]


@pytest.mark.parametrize("sentence", [row[0] for row in NO_DEADLINE], ids=[row[1] for row in NO_DEADLINE])
def test_starts_events_and_cited_dates_are_no_deadline(sentence: str) -> None:
    assert find_deadlines(sentence, ISSUED) == []
    assert resolve(sentence, ISSUED) is None


MONTH_LISTS = [
    (
        "Các trường tổ chức tập huấn chuyển đổi số cho giáo viên tháng 01 và tháng 02/2025.",
        "tháng 01 và tháng 02/2025",
        "2025-02-28",
        "bare-list",
    ),
    (
        "Trung tâm Kiểm soát bệnh tật tỉnh tổ chức giám sát dịch tễ trong tháng 3, tháng 4 năm 2025.",
        "trong tháng 3, tháng 4 năm 2025",
        "2025-04-30",
        "comma-list",
    ),
    (
        "Các phường ra quân dọn vệ sinh trong các tháng 02, 03/2025.",
        "trong các tháng 02, 03/2025",
        "2025-03-31",
        "cac-thang",
    ),
]


@pytest.mark.parametrize(
    ("sentence", "phrase", "due"), [row[:3] for row in MONTH_LISTS], ids=[row[3] for row in MONTH_LISTS]
)
def test_a_list_of_months_is_one_period_due_at_the_end_of_its_last_month(sentence: str, phrase: str, due: str) -> None:
    # every gold writer reads "trong tháng 4 và tháng 5/2025" as one period (one task, due 31/5)
    found = find_deadlines(sentence, ISSUED)
    assert [(sentence[start:end], value["date"], value["recurrence"]) for start, end, value in found] == [
        (phrase, due, None)
    ]
    assert resolve(phrase, ISSUED)["date"] == due  # type: ignore[index]


CELLS = [
    ("Tháng 01 và tháng 02/2025", "2025-02-28", None),
    ("Quý II/2025", "2025-06-30", None),
    ("6 tháng đầu năm 2025", "2025-06-30", None),
    ("Tuần đầu tháng 3/2025", "2025-03-07", None),
    ("Hằng quý", None, "P3M"),
    ("Hàng tháng", None, "P1M"),
]


@pytest.mark.parametrize(("cell", "expected_date", "expected_recurrence"), CELLS, ids=[c[0] for c in CELLS])
def test_a_table_cell_of_a_deadline_column(
    cell: str, expected_date: str | None, expected_recurrence: str | None
) -> None:
    found = resolve_cell(cell, ISSUED)
    assert found is not None
    assert (found["date"], found["text"], found["recurrence"]) == (expected_date, cell, expected_recurrence)


def test_a_range_ending_at_a_clock_time_keeps_it() -> None:
    found = resolve("Hạn nộp hồ sơ: từ ngày 02/01/2025 đến 17 giờ 00 ngày 15/01/2025.", ISSUED)
    assert found is not None
    assert (found["date"], found["time"]) == ("2025-01-15", "17:00")


def test_binding_prefers_the_explicit_date_whatever_the_order() -> None:
    values = [v for _, _, v in find_deadlines("trước ngày 08/02/2025 và hoàn thành trong quý I/2025", ISSUED)]
    assert [v["date"] for v in values] == ["2025-02-08", "2025-03-31"]
    assert binding(values)["date"] == "2025-02-08"  # type: ignore[index]
    assert binding(list(reversed(values)))["date"] == "2025-02-08"  # type: ignore[index]


def test_a_month_list_splits_nothing_and_a_firm_date_in_its_clause_binds() -> None:
    flat = (
        "Các trường tổ chức tập huấn cho giáo viên trong tháng 01 và tháng 02/2025. "
        "Trung tâm Y tế tổ chức giám sát trong tháng 3, tháng 4/2025 và báo cáo trước ngày 10/5/2025."
    )
    found = find_deadlines(flat, ISSUED)
    first_end = flat.index("Trung tâm")
    assert deadline_split.split(flat, 0, first_end, found) == []
    assert deadline_split.split(flat, first_end, len(flat), found) == []
    assert binding([v for s, _, v in found if s >= first_end])["date"] == "2025-05-10"  # type: ignore[index]


def test_a_month_that_closes_its_own_clause_splits_off_its_duty() -> None:
    # an article chaining two duties with ";": the month ends the first one's clause, the date the
    # second's (class: quyết định and kế hoạch); a period inside its sentence still splits nothing
    flat = (
        "Giao Văn phòng Sở chủ trì, phối hợp với Thanh tra Sở phổ biến Quy chế đến toàn thể công chức"
        " trong tháng 3/2025; kiểm tra việc thực hiện Quy chế tại các đơn vị trực thuộc, báo cáo Giám"
        " đốc Sở trước ngày 15/6/2025."
    )
    found = find_deadlines(flat, ISSUED)
    parts = deadline_split.split(flat, 0, len(flat), found)
    assert [(flat[s:e].strip()[:14], v["date"]) for (s, e), v in parts] == [
        ("Giao Văn phòng", "2025-03-31"),
        ("kiểm tra việc ", "2025-06-15"),
    ]
    inside = "Sở Tài chính rà soát danh mục trong tháng 3/2025 và báo cáo trước ngày 15/4/2025."
    assert deadline_split.split(inside, 0, len(inside), find_deadlines(inside, ISSUED)) == []


# A Sở Y tế letter in the usual layout: one item with a list of months (one period), one with a
# period and a date, one periodic report.
LETTER = """UBND TỈNH QUẢNG NAM
SỞ Y TẾ
Số: 35/SYT-NVY
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Nam, ngày 10 tháng 01 năm 2025
V/v triển khai công tác phòng, chống dịch bệnh năm 2025
Kính gửi: Các bệnh viện tuyến tỉnh
Thực hiện Quyết định số 12/QĐ-UBND ngày 05/01/2025 của UBND tỉnh, Sở Y tế đề nghị:
1. Các bệnh viện tổ chức tập huấn phòng, chống dịch cho nhân viên y tế trong tháng 01 và tháng 02/2025.
2. Bệnh viện Đa khoa tỉnh rà soát danh mục thuốc trong năm 2025, báo cáo kết quả về Sở Y tế trước ngày 08/02/2025.
3. Các bệnh viện báo cáo hằng quý tình hình khám, chữa bệnh, gửi về Sở Y tế trước ngày 15 tháng cuối quý.
Nơi nhận:
- Như trên;
- Lưu: VT, NVY.
GIÁM ĐỐC
Nguyễn Văn An
"""


def test_a_letter_gives_one_task_per_item_and_the_binding_deadlines() -> None:
    tasks = [c.value for c in extract(LETTER, Context(issued_date=ISSUED)).candidates]
    deadlines = [(t["deadline"]["date"] or t["deadline"].get("next_due"), t["deadline"]["recurrence"]) for t in tasks]
    assert deadlines == [
        ("2025-02-28", None),  # "trong tháng 01 và tháng 02/2025": one period
        ("2025-02-08", None),
        ("2025-03-15", "P3M"),  # the next due day of a quarterly duty
    ]
    assert tasks[2]["deadline"]["date"] is None
    assert tasks[0]["text"].startswith("Các bệnh viện tổ chức tập huấn")
    # the decision's date (05/01/2025) is no task's deadline
    assert all(t["deadline"]["date"] != "2025-01-05" for t in tasks)


def test_periodic_verbs_load() -> None:
    verbs = load_table("deadline_words")["periodic_verbs"]
    assert "báo cáo" in verbs and all(isinstance(v, str) and v for v in verbs)


def test_a_bare_period_needs_the_issue_date_to_be_a_deadline() -> None:
    # without the issue date a bare "quý II năm 2025" may be a period already reported on
    sentence = "Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan hoàn thành quý II năm 2025."
    assert find_deadlines(sentence, None) == []
    assert [v["date"] for _, _, v in find_deadlines(sentence, ISSUED)] == ["2025-06-30"]
    # a cue makes it the duty's period either way
    assert [v["date"] for _, _, v in find_deadlines("hoàn thành trong quý II năm 2025", None)] == ["2025-06-30"]


DAILY = [
    (
        "Các xã, phường báo cáo tình hình mưa lũ về Sở Nông nghiệp và Môi trường trước 16 giờ hằng ngày.",
        "trước 16 giờ hằng ngày",
        "16:00",
    ),
    (
        "Trung tâm Y tế cập nhật số ca mắc sốt xuất huyết hằng ngày, trước 15 giờ 30 gửi Sở Y tế.",
        "hằng ngày, trước 15 giờ 30",
        "15:30",
    ),
    (
        "Ban Chỉ huy phòng thủ dân sự các huyện gửi báo cáo nhanh chậm nhất lúc 16h00 mỗi ngày.",
        "chậm nhất lúc 16h00 mỗi ngày",
        "16:00",
    ),
]


@pytest.mark.parametrize(("sentence", "phrase", "time"), DAILY)
def test_a_daily_due_time_recurs_every_day_at_its_hour(sentence: str, phrase: str, time: str) -> None:
    found = resolve(sentence, ISSUED)
    assert found == {"date": None, "text": phrase, "recurrence": "P1D", "time": time}


def test_a_clock_time_on_a_dated_day_is_no_daily_duty() -> None:
    found = resolve("Các đơn vị gửi báo cáo trước 17 giờ ngày 12/01/2025.", ISSUED)
    assert found is not None and (found["date"], found["recurrence"], found["time"]) == ("2025-01-12", None, "17:00")


def test_a_clock_time_read_by_ocr_keeps_its_hour() -> None:
    # "trước l6 giờ OO ngày 25/3/2025": the hour's "1" and the minutes' "0"s read as letters
    found = resolve("Khoa Dược báo cáo Giám đốc trước l6 giờ OO ngày 14/02/2025.", ISSUED)
    assert found is not None
    assert (found["date"], found["time"]) == ("2025-02-14", "16:00")
