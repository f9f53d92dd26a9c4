"""Events extractor: the invitation in 003 against its gold, no event in documents that report a
past meeting or state deadlines with a clock time, invitations written in the corpus' style."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congvan.extractors.base import Context
from congvan.extractors.events import extract
from congvan.extractors.textutil import collapse
from tests.obligations_gold import GoldDoc, full_ocr_documents, ocr_documents, text_documents

DOCS = {d.doc_id: d for d in text_documents() + ocr_documents() + full_ocr_documents()}


def _events(doc: GoldDoc) -> list[dict]:
    return [c.value for c in extract(doc.text(), doc.context()).candidates]


def test_invitation_003_matches_gold() -> None:
    doc = DOCS["003"]
    (event,) = _events(doc)
    (gold,) = doc.gold()["events"]
    assert event["start"] == gold["start"] and event["end"] == gold["end"]
    assert event["place"] == gold["place"]
    assert event["attendees"] == gold["attendees"]
    # the subject prints "2021 – 2030" with an en dash, the gold copies the body's hyphen
    assert collapse(event["title"]).replace("–", "-") == collapse(gold["title"])
    text = doc.text()
    span = text[event["evidence"]["start"] : event["evidence"]["end"]]
    assert "08 giờ 00" in span and "Địa điểm" in span


@pytest.mark.parametrize("doc_id", [pytest.param(d, id=d) for d in sorted(DOCS) if d != "003"])
def test_no_event_where_gold_has_none(doc_id: str) -> None:
    doc = DOCS[doc_id]
    assert doc.gold().get("events", []) == []
    assert _events(doc) == []


GIAY_MOI = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: 45/GM-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Quảng Ngãi, ngày 02 tháng 12 năm 2024
GIẤY MỜI
Về việc dự họp nghe báo cáo tình hình giải ngân vốn đầu tư công
năm 2024
UBND tỉnh tổ chức cuộc họp nghe báo cáo tình hình giải ngân vốn đầu tư công năm 2024, cụ thể như sau:
1. Thời gian: từ 08 giờ 00 đến 11 giờ 30, ngày 05/12/2024 (sáng thứ Năm).
2. Địa điểm: Phòng họp số 2, UBND tỉnh.
3. Thành phần mời:
- Lãnh đạo Sở Kế hoạch và Đầu tư;
- Lãnh đạo Sở Tài chính;
- Đại diện Kho bạc Nhà nước tỉnh.
Giao Sở Kế hoạch và Đầu tư chuẩn bị nội dung báo cáo, gửi về UBND tỉnh trước ngày 04/12/2024.
Nơi nhận:
- Như thành phần mời;
- Lưu: VT.
"""


def test_giay_moi_with_a_time_range() -> None:
    (event,) = [c.value for c in extract(GIAY_MOI, Context(issued_date=date(2024, 12, 2))).candidates]
    assert event["title"] == "họp nghe báo cáo tình hình giải ngân vốn đầu tư công năm 2024"
    assert (event["start"], event["end"]) == ("2024-12-05T08:00:00", "2024-12-05T11:30:00")
    assert event["place"] == "Phòng họp số 2, UBND tỉnh"
    assert event["attendees"] == [
        "Lãnh đạo Sở Kế hoạch và Đầu tư",
        "Lãnh đạo Sở Tài chính",
        "Đại diện Kho bạc Nhà nước tỉnh",
    ]


def test_meeting_before_the_issue_date_is_no_event() -> None:
    assert extract(GIAY_MOI, Context(issued_date=date(2024, 12, 9))).candidates == ()


def test_inline_time_and_attendees() -> None:
    text = GIAY_MOI.replace(
        "1. Thời gian: từ 08 giờ 00 đến 11 giờ 30, ngày 05/12/2024 (sáng thứ Năm).",
        "Vào lúc 14h00, thứ Sáu, ngày 06 tháng 12 năm 2024.",
    ).replace("3. Thành phần mời:", "Thành phần: Lãnh đạo các sở, ngành có liên quan.")
    (event,) = [c.value for c in extract(text, Context(issued_date=date(2024, 12, 2))).candidates]
    assert event["start"] == "2024-12-06T14:00:00"
    assert event["attendees"][0] == "Lãnh đạo các sở, ngành có liên quan"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=1500))
def test_never_raises_on_random_text(text: str) -> None:
    result = extract("Kính gửi: Sở Tài chính\n" + text, Context(issued_date=date(2024, 1, 1)))
    assert not result.warnings, result.warnings


def test_event_values_fit_the_record_schema() -> None:
    from congvan.schemas.record import Event

    for doc in (DOCS["003"],):
        for value in _events(doc):
            Event.model_validate(value)
    for value in [c.value for c in extract(GIAY_MOI, Context(issued_date=date(2024, 12, 2))).candidates]:
        Event.model_validate(value)


def test_place_printed_after_the_time() -> None:
    text = GIAY_MOI.replace(
        "1. Thời gian: từ 08 giờ 00 đến 11 giờ 30, ngày 05/12/2024 (sáng thứ Năm).\n"
        "2. Địa điểm: Phòng họp số 2, UBND tỉnh.\n",
        "Vào lúc 14 giờ 00, ngày 06/12/2024, tại Hội trường Sở Kế hoạch và Đầu tư.\n",
    )
    (event,) = [c.value for c in extract(text, Context(issued_date=date(2024, 12, 2))).candidates]
    assert (event["start"], event["place"]) == ("2024-12-06T14:00:00", "Hội trường Sở Kế hoạch và Đầu tư")


# A giấy mời laid out by Nghị định 30 (Phụ lục I): the invitees follow "… trân trọng kính mời:".
KINH_MOI = """UBND HUYỆN BÌNH SƠN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHÒNG GIÁO DỤC VÀ ĐÀO TẠO              Độc lập - Tự do - Hạnh phúc

Số: 25/GM-PGDĐT                    Bình Sơn, ngày 02 tháng 10 năm 2024

GIẤY MỜI
Họp triển khai nhiệm vụ năm học 2024 - 2025

Phòng Giáo dục và Đào tạo trân trọng kính mời:
- Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở trên địa bàn huyện.
Thời gian: 07 giờ 30 phút, ngày 08 tháng 10 năm 2024 (thứ Ba).
Địa điểm: Hội trường Phòng Giáo dục và Đào tạo huyện.
Đề nghị các trường chuẩn bị báo cáo kết quả năm học trước và gửi về Phòng trước ngày 05/10/2024.

Nơi nhận:                                           TRƯỞNG PHÒNG
- Như trên;
- Lưu: VT.
                                                    Nguyễn Thị Hoa
"""


def test_invitees_under_kinh_moi_attend_and_are_not_tasks() -> None:
    from congvan.extractors.tasks import extract as tasks

    context = Context(issued_date=date(2024, 10, 2))
    (event,) = [c.value for c in extract(KINH_MOI, context).candidates]
    assert event["attendees"] == ["Hiệu trưởng các trường mầm non, tiểu học, trung học cơ sở trên địa bàn huyện"]
    assert event["start"] == "2024-10-08T07:30:00"
    found = [c.value for c in tasks(KINH_MOI, context).candidates]
    assert [t["assignees"] for t in found] == [["các trường"]]  # the report asked for, not the invitees


# A leaders' weekly schedule whose day and hour are two columns, the day cell merged down over its
# rows (class: lịch công tác tuần of provincial offices, printed from Word; blind set 32, zt07).
WEEK_BY_DAY_AND_HOUR = """VĂN PHÒNG
Số: 02/TB-VP
Đồng Tháp, ngày 09 tháng 01 năm 2026
THÔNG BÁO
Lịch công tác tuần của Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân tỉnh
Văn phòng thông báo lịch công tác tuần như sau:
Ngày | Giờ | Nội dung | Lãnh đạo UBND tỉnh | Địa điểm
Thứ Hai 12/01 | 07h30 | Chào cờ đầu tuần; giao ban lãnh đạo. | Chủ tịch, các Phó Chủ tịch | Phòng họp số 1
 | 14h00 | Họp Ban Chỉ đạo các chương trình mục tiêu quốc gia. | Phó Chủ tịch | Phòng họp số 2
Thứ Ba 13/01 | 08h00 | Dự Hội nghị tổng kết ngành Nông nghiệp. | Phó Chủ tịch | Hội trường Sở
Nơi nhận:
- Lưu: VT.
"""


def test_a_schedule_by_day_and_hour_gives_an_event_per_timed_row() -> None:
    found = extract(WEEK_BY_DAY_AND_HOUR, Context(issued_date=date(2026, 1, 9)))
    assert [c.value["start"] for c in found.candidates] == [
        "2026-01-12T07:30:00", "2026-01-12T14:00:00", "2026-01-13T08:00:00"
    ]
    assert found.candidates[0].value["place"] == "Phòng họp số 1"
