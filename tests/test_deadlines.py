"""The Vietnamese deadline resolver on real phrasings (from the corpus and written in its style).

Each row: the phrase as printed, the issue date it is read against, and the expected date,
recurrence and time ("—" rows state no deadline at all)."""

from __future__ import annotations

from datetime import date

import pytest

from congvan.extractors.deadlines import find_deadlines, resolve

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


@pytest.mark.parametrize(
    ("phrase", "issued", "want_date", "want_recurrence", "want_time"),
    [pytest.param(*row[:5], id=row[5]) for row in CASES],
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
    assert (got["date"], got["recurrence"], got["time"]) == (want_date, want_recurrence, want_time)
    assert got["text"] and got["text"] in phrase


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
