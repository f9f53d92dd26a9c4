"""The Vietnamese deadline resolver on real phrasings (from the corpus and written in its style).

Each row: the phrase as printed, the issue date it is read against, and the expected date,
recurrence and time ("—" rows state no deadline at all)."""

from __future__ import annotations

from datetime import date

import pytest

from congvan.extractors.base import Context
from congvan.extractors.deadlines import binding, find_deadlines, resolve, resolve_cell
from congvan.extractors.tasks import extract
from congvan.extractors.vocab import load_table

FRI = date(2024, 11, 15)  # a Friday: working-day arithmetic skips the weekend after it
MID = date(2021, 3, 12)

CASES = [
    # absolute dates after a cue (corpus: 006, 003, 016, 027, 030, seed 000)
    ("trước ngày 20/01/2025", FRI, "2025-01-20", None, None, "006"),
    ("trước ngày 07/11/2024.", FRI, "2024-11-07", None, None, "003"),
    (
        "kịp thời báo cáo Sở Lao động - Thương binh và Xã hội trước 30/11/2024 để tổng hợp",
        FRI,
        "2024-11-30",
        None,
        None,
        "016",
    ),
    (
        "báo cáo về Sở GD&ĐT (phòng Chính trị, tư tưởng nhận) trước ngày 25/8/2019.",
        date(2019, 5, 31),
        "2019-08-25",
        None,
        None,
        "027",
    ),
    ("trước 14 giờ 00 ngày 29/7/2020", date(2020, 7, 26), "2020-07-29", None, "14:00", "030-a"),
    ("trước 10 giờ 00 ngày 04/8/2020", date(2020, 7, 26), "2020-08-04", None, "10:00", "030-b"),
    ("trước ngày 20 tháng 11 năm 2021", date(2021, 11, 9), "2021-11-20", None, None, "seed-000"),
    ("trước ngày 5 tháng 12 năm 2024", FRI, "2024-12-05", None, None, "words-single-digit"),
    ("trước ngày 15-12-2024", FRI, "2024-12-15", None, None, "dashes"),
    ("trước ngày 15.12.2024", FRI, "2024-12-15", None, None, "dots"),
    ("trước ngày 15/12/24", FRI, "2024-12-15", None, None, "two-digit-year"),
    ("Trước ngày 31/12/2024", FRI, "2024-12-31", None, None, "capital"),
    ("chậm nhất ngày 15/12/2024", FRI, "2024-12-15", None, None, "cham-nhat"),
    ("chậm nhất là ngày 25/11/2024", FRI, "2024-11-25", None, None, "cham-nhat-la"),
    ("chậm nhất vào ngày 10/01/2025", FRI, "2025-01-10", None, None, "cham-nhat-vao"),
    ("không muộn hơn ngày 30/6/2025", FRI, "2025-06-30", None, None, "khong-muon-hon"),
    ("hoàn thành trước ngày 31/3/2025", FRI, "2025-03-31", None, None, "hoan-thanh"),
    ("thời hạn hoàn thành: 28/02/2025", FRI, "2025-02-28", None, None, "thoi-han"),
    ("hạn chót: 20/12/2024", FRI, "2024-12-20", None, None, "han-chot"),
    ("trước 16 giờ ngày 18/11/2024", FRI, "2024-11-18", None, "16:00", "hour-only"),
    ("trước 8h00 ngày 20/11/2024", FRI, "2024-11-20", None, "08:00", "h-form"),
    ("trước 17 giờ 30 phút ngày 19/11/2024", FRI, "2024-11-19", None, "17:30", "phut"),
    ("trước 10 giờ 00, ngày 04/8/2020", date(2020, 7, 26), "2020-08-04", None, "10:00", "comma-before-day"),
    ("chậm nhất ngày 20/11/2024, lúc 16 giờ", FRI, "2024-11-20", None, "16:00", "time-after"),
    ("truoc ngay 20/01/2025", FRI, "2025-01-20", None, None, "ocr-no-diacritics"),
    # a day without its year: the first such day from the issue date on
    ("trước ngày 25/11", FRI, "2024-11-25", None, None, "no-year-ahead"),
    ("trước ngày 10/01", FRI, "2025-01-10", None, None, "no-year-next-year"),
    ("trước ngày 20 tháng 12", FRI, "2024-12-20", None, None, "no-year-words"),
    # a period as the duty's time frame: its last day
    ("chậm nhất trong quý III/2019", MID, "2019-09-30", None, None, "quarter-III"),
    ("trong quý IV năm 2024", FRI, "2024-12-31", None, None, "quarter-IV-words"),
    ("hoàn thành trong Quý I/2025", FRI, "2025-03-31", None, None, "quarter-I"),
    ("trong quý 2/2025", FRI, "2025-06-30", None, None, "quarter-digit"),
    # OCR of the Roman numeral (Tesseract on a printed "quý II/2025"): no quarter is above 4
    ("hoàn thành trong quý 11/2025", FRI, "2025-06-30", None, None, "quarter-ocr-II"),
    ("trong quý 111/2025", FRI, "2025-09-30", None, None, "quarter-ocr-III"),
    ("trong Quý lV năm 2025", FRI, "2025-12-31", None, None, "quarter-ocr-IV"),
    ("hoàn thành trong quý IW/2025", FRI, "2025-12-31", None, None, "quarter-ocr-V-read-W"),
    ("trong tháng 12/2021", MID, "2021-12-31", None, None, "month"),
    ("trong tháng 02/2024", MID, "2024-02-29", None, None, "month-leap"),
    ("trong tháng 6 năm 2025", FRI, "2025-06-30", None, None, "month-words"),
    ("chậm nhất trong tháng 3/2025", FRI, "2025-03-31", None, None, "month-cham-nhat"),
    ("trước tháng 6/2025", FRI, "2025-05-31", None, None, "before-month"),
    ("trong tháng 12", FRI, "2024-12-31", None, None, "month-no-year"),
    ("trong năm 2025", FRI, "2025-12-31", None, None, "year"),
    ("hoàn thành trong 6 tháng đầu năm 2025", FRI, "2025-06-30", None, None, "first-half"),
    ("trong 6 tháng cuối năm 2024", FRI, "2024-12-31", None, None, "second-half"),
    # relative to the issue date
    ("trong vòng 10 ngày kể từ ngày ký", FRI, "2024-11-25", None, None, "10-days-signing"),
    ("trong vòng 10 ngày làm việc kể từ ngày ký", FRI, "2024-11-29", None, None, "10-working-days"),
    (
        "trong vòng 05 ngày làm việc kể từ ngày nhận được văn bản",
        FRI,
        "2024-11-22",
        None,
        None,
        "5-working-days",
    ),
    ("trong thời hạn 15 ngày kể từ ngày ban hành", FRI, "2024-11-30", None, None, "thoi-han-15"),
    ("trong thời gian 30 ngày kể từ ngày ký", FRI, "2024-12-15", None, None, "thoi-gian-30"),
    ("trong vòng 02 tuần kể từ ngày nhận được", FRI, "2024-11-29", None, None, "weeks"),
    ("trong vòng 03 tháng kể từ ngày ký", FRI, "2025-02-15", None, None, "months"),
    ("chậm nhất 07 ngày kể từ ngày nhận được văn bản", FRI, "2024-11-22", None, None, "cham-nhat-7-days"),
    ("trong vòng 10 (mười) ngày làm việc kể từ ngày ký", FRI, "2024-11-29", None, None, "number-in-words"),
    ("trong vòng 10 ngày kể từ ngày ký", None, None, None, None, "relative-without-issue-date"),
    # counted before or after an event with no date: no date, the phrase kept
    ("chậm nhất 05 ngày trước khi tiến hành kiểm tra", FRI, None, None, None, "days-before-an-event"),
    ("trong 05 ngày làm việc sau cuộc họp", FRI, None, None, None, "days-after-a-meeting"),
    ("chậm nhất 10 ngày trước ngày khai giảng", FRI, None, None, None, "days-before-a-named-day"),
    # periodic duties
    ("định kỳ 6 tháng", FRI, None, "P6M", None, "seed-001"),
    ("Định kỳ 6 tháng, hàng năm hoặc đột xuất", date(2018, 3, 20), None, "P6M", None, "011-a"),
    ("theo định kỳ 6 tháng, hàng năm hoặc đột xuất.", date(2018, 3, 20), None, "P6M", None, "011-b"),
    ("định kỳ 6 tháng, hàng năm và đột xuất theo yêu cầu", date(2018, 3, 20), None, "P6M", None, "011-c"),
    ("định kỳ hàng tháng báo cáo UBND tỉnh", date(2024, 12, 31), None, "P1M", None, "004"),
    ("định kỳ hằng quý", FRI, None, "P3M", None, "quarterly"),
    ("định kỳ hằng năm", FRI, None, "P1Y", None, "yearly"),
    ("định kỳ hằng tuần", FRI, None, "P1W", None, "weekly"),
    ("định kỳ 03 tháng", FRI, None, "P3M", None, "three-months"),
    ("hằng tháng, trước ngày 25", FRI, "2024-11-25", "P1M", None, "monthly-due-this-month"),
    ("hằng tháng, trước ngày 10", FRI, "2024-12-10", "P1M", None, "monthly-due-next-month"),
    ("định kỳ hằng tháng, trước ngày 20 hằng tháng", FRI, "2024-11-20", "P1M", None, "monthly-due-repeated"),
    # a range: its end
    ("từ ngày 01/8/2020 đến ngày 15/8/2020", date(2020, 7, 26), "2020-08-15", None, None, "range"),
    ("từ ngày 23/6/2019 đến hết ngày 27/6/2019", date(2019, 5, 31), "2019-06-27", None, None, "range-het"),
    ("từ ngày 18/11 đến ngày 22/11/2024", FRI, "2024-11-22", None, None, "range-short-start"),
]

NO_DEADLINE = [
    ("Chỉ thị số 01/CT-UBND ngày 03/01/2024 của UBND tỉnh", "citation-date"),
    ("Nghị định số 161/2024/NĐ-CP ngày 18/12/2024 của Chính phủ", "decree-date"),
    ("Đánh giá khả năng hoàn thành mục tiêu, chỉ tiêu hàng năm và giai đoạn", "noun-hang-nam"),
    ("trong năm học 2024-2025 triển khai thực hiện từ học kì 2", "school-year"),
    ("đã được tập huấn cho giáo viên cốt cán vào tháng 11/2024", "past-month"),
    ("từ 13 giờ 00 ngày 26/7/2020 cho đến khi có thông báo tiếp theo", "open-ended"),
    ("định kỳ tổ chức sơ kết, tổng kết", "no-period"),
    ("số liệu tính đến ngày 31/12/2023", "as-of-date"),
    ("kế hoạch vốn đầu tư công năm 2025", "bare-year"),
    ("sau gần 03 năm triển khai Quyết định 596", "duration"),
]


@pytest.mark.parametrize("phrase", [pytest.param(p, id=i) for p, i in NO_DEADLINE])
def test_no_deadline(phrase: str) -> None:
    assert resolve(phrase, FRI) is None


def test_table_is_large_enough() -> None:
    assert len(CASES) + len(NO_DEADLINE) >= 60


def test_find_deadlines_spans_point_into_the_text() -> None:
    text = (
        "- UBND huyện Trà Bồng tiếp tục chỉ đạo khẩn trương thực hiện Kết luận số 184/KL-TTr ngày "
        "06/9/2024; kịp thời báo cáo Sở Lao động - Thương binh và Xã hội trước\n30/11/2024 để tổng hợp."
    )
    found = find_deadlines(text, FRI)
    assert [(text[s:e], d["date"]) for s, e, d in found] == [("trước\n30/11/2024", "2024-11-30")]


def test_two_deadlines_in_order() -> None:
    text = "Gửi dự thảo trước ngày 20/11/2024; hoàn thiện, trình UBND tỉnh chậm nhất ngày 30/11/2024."
    assert [d["date"] for _, _, d in find_deadlines(text, FRI)] == ["2024-11-20", "2024-11-30"]


def test_impossible_date_is_no_deadline() -> None:
    assert resolve("trước ngày 31/02/2025", FRI) is None


# --- issue #15: phrasings met on unseen documents (corpus-real-2 and the first 32 of issue 15) ---
OCT = date(2025, 10, 28)  # a Tuesday
T12 = date(2026, 5, 20)

NEW_CASES = [
    # "trong ngày …" is the date itself; alone it is the day of issue
    ("Các đơn vị gửi danh sách về Văn phòng trong ngày 15/12/2025.", OCT, "2025-12-15", None, None, "trong-ngay-date"),
    ("Báo cáo nhanh tình hình thiệt hại ngay trong ngày.", OCT, "2025-10-28", None, None, "trong-ngay-alone"),
    ("hoàn thành báo cáo trong ngày hôm nay;", OCT, "2025-10-28", None, None, "trong-ngay-hom-nay"),
    # "chậm nhất …" and "không quá ngày" variants (t20: "Chậm nhất đến ngày 30/6/2009")
    (
        "Chậm nhất đến ngày 30/6/2009 phải hoàn thành việc cài đặt",
        date(2008, 12, 30),
        "2009-06-30",
        None,
        None,
        "cham-nhat-den",
    ),
    ("chậm nhất đến hết ngày 20/11/2025", OCT, "2025-11-20", None, None, "cham-nhat-den-het"),
    ("gửi về Sở Tài chính chậm nhất là trước ngày 20/11/2025", OCT, "2025-11-20", None, None, "cham-nhat-la-truoc"),
    ("chậm nhất trong ngày 05/11/2025", OCT, "2025-11-05", None, None, "cham-nhat-trong-ngay"),
    ("thời gian nộp hồ sơ không quá ngày 20/12/2025", OCT, "2025-12-20", None, None, "khong-qua-ngay"),
    ("Hạn cuối: 14/11/2025", OCT, "2025-11-14", None, None, "han-cuoi"),
    # the end of a period without its start (b07: "đến hết ngày 07/11/2025"); a range's end
    ("Thời gian nhận hồ sơ đến hết ngày 07/11/2025.", OCT, "2025-11-07", None, None, "den-het-ngay"),
    ("duy trì hoạt động của Ban chỉ đạo đến ngày 31/12/2010", date(2008, 12, 30), "2010-12-31", None, None, "den-ngay"),
    ("từ ngày 07/01/2022 đến ngày 17/01/2022", date(2022, 1, 7), "2022-01-17", None, None, "range-p05"),
    (
        "Từ 07/02 - 19/02/2022 (tuần 28 và 29): tiếp tục giảng dạy trực tuyến",
        date(2022, 1, 24),
        "2022-02-19",
        None,
        None,
        "range-dash",
    ),
    (
        "Từ 07⁄2 - 26/02/2022 (tuần 28 30): sinh viên thi trực tuyến",
        date(2022, 1, 24),
        "2022-02-26",
        None,
        None,
        "range-ocr-fraction-slash",
    ),
    # month lists and spans: the end of the last month
    ("thực hiện chi trả trong tháng 01 và tháng 02/2015", date(2014, 12, 20), "2015-02-28", None, None, "month-list"),
    ("tổ chức kiểm tra trong các tháng 11, 12/2025", OCT, "2025-12-31", None, None, "month-list-comma"),
    ("triển khai từ tháng 01 đến tháng 3/2026", OCT, "2026-03-31", None, None, "month-span"),
    ("trong tháng 3/2026", OCT, "2026-03-31", None, None, "month-period"),
    # quarters and halves, with and without a year
    ("Hoàn thành trong quý I/2026", OCT, "2026-03-31", None, None, "quarter-I-2026"),
    ("trong quý I và quý II/2026", OCT, "2026-06-30", None, None, "quarter-list"),
    ("hoàn thành trong quý IV", OCT, "2025-12-31", None, None, "quarter-no-year"),
    ("ban hành trước quý IV", date(2025, 3, 5), "2025-09-30", None, None, "before-quarter-no-year"),
    ("trước quý IV/2026", OCT, "2026-09-30", None, None, "before-quarter"),
    ("hoàn thành trong 6 tháng đầu năm 2026", OCT, "2026-06-30", None, None, "half-2026"),
    ("hoàn thành trong 6 tháng đầu năm", OCT, "2026-06-30", None, None, "half-no-year-next"),
    ("trong 6 tháng cuối năm", date(2025, 3, 5), "2025-12-31", None, None, "second-half-no-year"),
    ("hoàn thành cuối năm 2025", OCT, "2025-12-31", None, None, "end-of-year"),
    # a yearly due day: the next one after issue (next_due), with its recurrence
    ("báo cáo trước ngày 15/12 hằng năm", OCT, "2025-12-15", "P1Y", None, "yearly-hang"),
    ("gửi kế hoạch trước ngày 15 tháng 01 hàng năm", OCT, "2026-01-15", "P1Y", None, "yearly-hang-words"),
    ("gửi báo cáo trước ngày 25 hằng tháng", OCT, "2025-11-25", "P1M", None, "monthly-due-first"),
    # weekly and periodic duties (t12, t20)
    ("báo cáo Thủ tướng Chính phủ vào thứ Sáu hàng tuần", T12, None, "P1W", None, "weekday-weekly"),
    ("Định kỳ thứ Hai hàng tuần tổng hợp tình hình", T12, None, "P1W", None, "weekday-dinh-ky"),
    (
        "Định kỳ (ít nhất 6 tháng một lần) tổ chức đánh giá, sơ kết",
        date(2008, 12, 30),
        None,
        "P6M",
        None,
        "at-least-once",
    ),
    ("kiểm tra 06 tháng/lần", OCT, None, "P6M", None, "months-per-time"),
    # the week of issue, ending on its Sunday
    ("Các đơn vị hoàn thành trong tuần.", OCT, "2025-11-02", None, None, "this-week"),
    ("gửi số liệu trong tuần tới;", OCT, "2025-11-09", None, None, "next-week"),
    # weekday + date
    ("Hạn nộp: trước thứ Sáu, ngày 07/11/2025", OCT, "2025-11-07", None, None, "weekday-date"),
    ("trước 17 giờ 00, thứ Sáu ngày 07/11/2025", OCT, "2025-11-07", None, "17:00", "time-weekday-date"),
    # a date without its year: the next such day from the issue date on
    ("báo cáo kết quả trước ngày 08/02", OCT, "2026-02-08", None, None, "no-year-next-occurrence"),
    ("từ ngày 18/11 đến hết ngày 22/11", OCT, "2025-11-22", None, None, "range-no-year"),
]

START_AND_CITED = [
    ("Quy định này áp dụng từ ngày 01/11/2020.", "start-tu-ngay"),
    ("Quyết định có hiệu lực kể từ ngày 05/01/2025.", "start-ke-tu-ngay"),
    ("Chương trình bắt đầu từ ngày 05/01/2025 tại Hội trường tỉnh.", "start-bat-dau-tu"),
    ("Thực hiện Công văn số 12/UBND ngày 05/01/2025 của UBND tỉnh về việc rà soát", "cited-cong-van"),
    ("theo Kế hoạch số 221/KH-ĐHVH ngày 24/01/2022 của Trường", "cited-ke-hoach"),
    ("Quyết định có hiệu lực đến ngày 31/12/2025.", "validity-end"),
    ("số liệu báo cáo tính đến hết ngày 30/9/2025", "as-of-het"),
    ("mũi 1 ít nhất sau 14 ngày và lưu trú trên địa bàn", "duration-sau"),
    ("Trong tuần qua, các đơn vị đã triển khai", "past-week"),
    ("chuẩn bị trước, trong và sau Tết", "around-tet"),
    ("hoàn thành trước cuối tháng 11", "end-of-month-without-year"),
]


@pytest.mark.parametrize(
    ("phrase", "issued", "want_date", "want_recurrence", "want_time"),
    [pytest.param(*row[:5], id=row[5]) for row in (*CASES, *NEW_CASES)],
)
def test_resolve(
    phrase: str,
    issued: date | None,
    want_date: str | None,
    want_recurrence: str | None,
    want_time: str | None,
) -> None:
    got = resolve(phrase, issued)
    assert got is not None, phrase
    if want_recurrence and want_date:
        # a due day of every period ("trước ngày 25 hằng tháng"): no first due date is printed, so
        # `date` is null (output contract, gold guide); the next such day is `next_due`
        assert (got["date"], got["next_due"]) == (None, want_date)
        want_date = None
    assert (got["date"], got["recurrence"], got["time"]) == (want_date, want_recurrence, want_time)
    assert got["text"] and got["text"] in phrase


def test_tet_keeps_its_text_with_a_null_date() -> None:
    # a named day the text gives no date for (lunar holidays move every year): never a guessed date
    got = resolve("hoàn thành việc chi trả trước Tết Nguyên đán Bính Ngọ 2026", OCT)
    assert got == {"date": None, "text": "trước Tết Nguyên đán", "recurrence": None, "time": None}


@pytest.mark.parametrize("phrase", [pytest.param(p, id=i) for p, i in START_AND_CITED])
def test_start_dates_and_cited_documents_are_no_deadline(phrase: str) -> None:
    assert resolve(phrase, OCT) is None


BINDING = [
    # the explicit date over the period, wherever it stands
    (
        "Rà soát, hoàn thiện quy hoạch trong năm 2025, báo cáo kết quả về Sở Nội vụ trước ngày 08/02/2025.",
        date(2025, 1, 10),
        "2025-02-08",
        "explicit-over-year",
    ),
    (
        "Trước ngày 08/02/2025, các đơn vị gửi kế hoạch thực hiện trong năm 2025.",
        date(2025, 1, 10),
        "2025-02-08",
        "explicit-first-over-year",
    ),
    (
        "Tổ chức tập huấn trong tháng 3/2025, gửi danh sách học viên chậm nhất ngày 10/3/2025.",
        date(2025, 1, 10),
        "2025-03-10",
        "explicit-over-month",
    ),
    # a later report deadline over a background range
    (
        "Kế hoạch triển khai từ ngày 01/01/2025 đến ngày 31/12/2025; báo cáo sơ kết trước ngày 15/6/2025.",
        date(2025, 1, 10),
        "2025-06-15",
        "report-over-range",
    ),
    # a range's end over a quarter; a month over a year
    (
        "Thực hiện trong quý II/2025, từ ngày 01/4/2025 đến ngày 20/5/2025",
        date(2025, 1, 10),
        "2025-05-20",
        "range-over-quarter",
    ),
    ("trong năm 2025, trọng tâm trong tháng 6/2025", date(2025, 1, 10), "2025-06-30", "month-over-year"),
    # a cited document's date and a start date are never candidates
    (
        "Thực hiện Công văn số 12/UBND ngày 05/01/2025, kể từ ngày 15/01/2025 các đơn vị báo cáo trong năm 2025.",
        date(2025, 1, 10),
        "2025-12-31",
        "cited-and-start-skipped",
    ),
]


@pytest.mark.parametrize(("sentence", "issued", "want"), [pytest.param(*row[:3], id=row[3]) for row in BINDING])
def test_binding_expression(sentence: str, issued: date, want: str) -> None:
    got = resolve(sentence, issued)
    assert got is not None and got["date"] == want


def test_binding_prefers_a_date_then_a_recurrence() -> None:
    weekly = {"date": None, "text": "vào thứ Sáu hàng tuần", "recurrence": "P1W", "time": None}
    tet = {"date": None, "text": "trước Tết Nguyên đán", "recurrence": None, "time": None}
    dated = {"date": "2026-07-05", "text": "trước ngày 05 tháng 7 năm 2026", "recurrence": None, "time": None}
    assert binding([tet, weekly]) == weekly
    assert binding([weekly, dated]) == dated
    assert binding([]) is None


def test_find_deadlines_returns_both_deadlines_of_one_directive_in_order() -> None:
    text = (
        "Định kỳ báo cáo Thủ tướng Chính phủ về tiến độ, kết quả thực hiện vào thứ Sáu hàng tuần; "
        "báo cáo tổng thể kết quả thực hiện trước ngày 05 tháng 7 năm 2026."
    )
    got = [(text[s:e], d["date"], d["recurrence"]) for s, e, d in find_deadlines(text, T12)]
    assert got == [
        ("vào thứ Sáu hàng tuần", None, "P1W"),
        ("trước ngày 05 tháng 7 năm 2026", "2026-07-05", None),
    ]


CELLS = [
    ("Quý I/2026", "2026-03-31", "quarter"),
    ("Quý IV năm 2025", "2025-12-31", "quarter-words"),
    ("Tháng 3/2026", "2026-03-31", "month"),
    ("Tháng 01 và tháng 02/2026", "2026-02-28", "month-list"),
    ("Năm 2026", "2026-12-31", "year"),
    ("6 tháng đầu năm 2026", "2026-06-30", "half"),
    ("30/6/2026", "2026-06-30", "date"),
    ("Trước 15/11/2025", "2025-11-15", "before-date"),
    ("Từ 07/02 - 19/02/2026", "2026-02-19", "range"),
    ("Từ 21/02/2026", None, "start-only"),
    ("Thường xuyên", None, "ongoing"),
]


@pytest.mark.parametrize(("cell", "want"), [pytest.param(*row[:2], id=row[2]) for row in CELLS])
def test_resolve_cell_of_a_deadline_column(cell: str, want: str | None) -> None:
    got = resolve_cell(cell, OCT)
    assert (got["date"] if got else None) == want
    if got:
        assert got["text"] in cell


def test_deadline_words_load() -> None:
    occasions = load_table("deadline_words")["occasions"]
    assert "Tết Nguyên đán" in occasions and all(isinstance(w, str) and w for w in occasions)


# Chỉ thị in the wording of t12 (corpus-real-2): items that state two deadlines are two tasks each
# (the "\\" line continuations keep each item one paragraph, as the flattened text has it)
CHI_THI = """THỦ TƯỚNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 18/CT-TTg
Hà Nội, ngày 20 tháng 5 năm 2026
CHỈ THỊ
Về việc sắp xếp thôn, tổ dân phố
Để triển khai kịp thời việc sắp xếp thôn, tổ dân phố, Thủ tướng Chính phủ yêu cầu:
1. Ủy ban nhân dân các tỉnh, thành phố
a) Kết thúc hoạt động đối với người hoạt động không chuyên trách tại cấp xã trước ngày 31 tháng 5 năm 2026. \
Khẩn trương xây dựng, ban hành và tổ chức thực hiện phương án bố trí, sử dụng người hoạt động không chuyên \
trách ở cấp xã; bảo đảm hoàn thành đồng bộ với việc sắp xếp thôn, tổ dân phố, trước ngày 30 tháng 6 năm 2026.
b) Định kỳ báo cáo Thủ tướng Chính phủ về tiến độ, kết quả thực hiện (qua Bộ Nội vụ) vào thứ Sáu hàng \
tuần; báo cáo tổng thể kết quả thực hiện trước ngày 05 tháng 7 năm 2026.
c) Rà soát toàn bộ thôn, tổ dân phố trong năm 2026, báo cáo Bộ Nội vụ trước ngày 10/6/2026.
Nơi nhận:
- Như trên;
- Lưu: VT.
THỦ TƯỚNG
Phạm Minh Chính
"""


def test_a_directive_with_two_deadlines_is_two_tasks() -> None:
    tasks = [c.value for c in extract(CHI_THI, Context(issued_date=T12)).candidates]
    got = [
        (t["text"].split()[0], (t["deadline"] or {}).get("date"), (t["deadline"] or {}).get("recurrence"))
        for t in tasks
    ]
    assert got == [
        ("Kết", "2026-05-31", None),
        ("Khẩn", "2026-06-30", None),
        ("Định", None, "P1W"),
        ("báo", "2026-07-05", None),
        ("Rà", "2026-06-10", None),  # the period "trong năm 2026" splits nothing; the explicit date binds
    ]
    assert all(t["assignees"] == ["Ủy ban nhân dân các tỉnh, thành phố"] for t in tasks)
    for task in tasks:
        span = CHI_THI[task["evidence"]["start"] : task["evidence"]["end"]]
        assert " ".join(span.split()) == task["text"]
