"""Duties laid on named people, and meeting minutes (issue #15; class: thông báo kết luận of
communes' and schools' meetings, biên bản of cooperatives and party cells, phương án naming the
members of a steering board — set 36 of the constructed sets, tuned on, and written documents).

- a person opens an assignee like a body does ("Giao đồng chí Nguyễn Văn Hùng, …", "Thầy …",
  "Cô …", "Thượng tá …"), and the office printed after the name, after a comma, stays with it;
- a biên bản records facts: the speakers' "đề nghị" in its discussion lays no duty, its "Kết luận"
  part does, its own closing ("Biên bản kết thúc lúc …") does not; the chair signs it, not the
  secretary, whichever column the text gives first.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from congvan.extractors import signer
from congvan.extractors.base import Context
from congvan.extractors.obligations.assignees import is_person
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings

REPO = Path(__file__).resolve().parents[1]
WRITTEN = REPO / "tests" / "data" / "obligations" / "written"
SET36 = REPO / "tests" / "fixtures" / "heldout" / "set36" / "docs"


def _written(name: str, issued: date) -> tuple[str, list[dict[str, Any]]]:
    """The tasks of a written document read whole (its type decides what a part lays)."""
    record = process(DocumentInput(WRITTEN / f"{name}.txt"), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None and record.issued_date == issued.isoformat()
    return record.document_type or "", [t.model_dump(mode="json") for t in record.tasks]


@pytest.mark.parametrize(
    ("piece", "person"),
    [
        ("đồng chí Nguyễn Văn Hùng", True),
        ("Thượng tá Nguyễn Văn Quang", True),
        ("Cô Lê Thị Hoa", True),
        ("Bà Trần Thị Mai", True),
        ("Đồng chí Trưởng Công an xã", False),  # an office, not a name
        ("Công an xã", False),
    ],
)
def test_a_person_is_an_honorific_or_rank_and_a_name(piece: str, person: bool) -> None:
    assert is_person(piece) is person


def test_people_named_in_a_notice_of_conclusions_are_its_assignees() -> None:
    _, found = _written("thong_bao_phan_cong_ca_nhan", date(2026, 12, 10))
    assert [t["assignees"][0] for t in found] == [
        "đồng chí Phạm Văn Hòa, Phó Chủ tịch UBND xã",
        "Đồng chí Đỗ Thị Lan, Công chức Văn phòng - Thống kê",
        "Thầy Nguyễn Hữu Phước – Hiệu trưởng Trường Tiểu học Tân Phú",
        "Cô Trần Thị Mỹ (Chủ tịch Hội Liên hiệp Phụ nữ xã)",
        "Trung tá Lê Văn Bình, Trưởng Công an xã",
    ]
    # "trực tiếp chỉ đạo" is the verb, not the end of the office
    assert found[0]["deadline"]["date"] == "2026-12-20"


def test_minutes_lay_duties_in_their_conclusions_only() -> None:
    kind, found = _written("bien_ban_hop_chi_bo", date(2026, 11, 5))
    assert kind == "bien_ban"
    assert [t["text"][:30] for t in found] == [
        "Giao đồng chí Lê Quốc Dũng, Ph",
        "Đồng chí Trần Văn Lộc, Trưởng ",
        "Các tổ đảng vận động đảng viên",
    ]
    assert found[0]["assignees"] == ["đồng chí Lê Quốc Dũng, Phó Bí thư Chi bộ"]
    assert found[1]["deadline"]["date"] == "2026-11-30"


def test_the_chair_signs_minutes_not_the_secretary() -> None:
    text = (WRITTEN / "bien_ban_hop_chi_bo.txt").read_text(encoding="utf-8")
    best = signer.extract(text, Context()).best("signer")
    assert best is not None and (best.value["name"], best.value["title"]) == ("Nguyễn Thị Hạnh", "CHỦ TRÌ")
    # the other column order (the secretary on the left, read first): still the chair
    head, _, foot = text.partition("CHỦ TRÌ\n")
    swapped = head + "THƯ KÝ\nVũ Minh Tâm\n\nCHỦ TRÌ\nNguyễn Thị Hạnh\n"
    best = signer.extract(swapped, Context()).best("signer")
    assert best is not None and best.value["name"] == "Nguyễn Thị Hạnh"
    assert "Vũ Minh Tâm" in foot


def test_a_cooperatives_minutes_set36() -> None:
    """Set 36's zx01 (tuned on): six conclusions with people as assignees; no task from the four
    speakers' opinions; the chair (CHỦ TỌA, right column) signs."""
    record = process(DocumentInput(SET36 / "zx01.docx"), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None and record.document_type == "bien_ban"
    assert record.signer is not None and record.signer.name == "Lê Văn Thành"
    assert len(record.tasks) == 6
    assert not any(t.text.startswith(("Bà Nguyễn Thị Thu:", "Ông Phan Văn Lực:")) for t in record.tasks)
    assert record.tasks[2].assignees == ["Bà Trần Thị Mai – Kế toán"]
    # a person named as the partner ("chủ trì, phối hợp với Bà … – Kế toán") is an assignee too
    assert record.tasks[1].assignees == ["Ông Đỗ Văn Sơn – Thành viên Hội đồng quản trị", "Bà Trần Thị Mai – Kế toán"]
    assert record.tasks[1].supporting == ["Bà Trần Thị Mai – Kế toán"]


def test_a_steering_boards_members_set36() -> None:
    """Set 36's zx06 (tuned on): each member's line "- Thượng tá …, Trưởng phòng PC06 – Trưởng
    ban: chỉ đạo …" is that member's duty, not the board's."""
    record = process(DocumentInput(SET36 / "zx06.pdf"), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None
    firsts = [t.assignees[0] for t in record.tasks[:4]]
    assert firsts[0] == "Thượng tá Nguyễn Văn Quang, Trưởng phòng PC06 – Trưởng ban"
    assert all(f.startswith(("Thượng tá", "Trung tá", "Thiếu tá")) for f in firsts)


def test_a_letter_of_introduction_lays_no_duty_and_has_no_subject() -> None:
    """A giấy giới thiệu (Phụ lục III prints no trích yếu): its particulars are no subject, its
    "Đề nghị Quý cơ quan tạo điều kiện …" is the form's courtesy, its validity date no deadline."""
    record = process(DocumentInput(WRITTEN / "giay_gioi_thieu.txt"), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None and record.document_type == "giay_gioi_thieu"
    assert record.subject is None
    assert record.tasks == []
    assert record.signer is not None and record.signer.name == "Trần Văn Khải"


def test_a_projects_parts_and_its_conditional_last_item() -> None:
    """An đề án: the subject ends where "Phần I." begins; the numbered "Quá trình thực hiện, nếu có
    khó khăn, vướng mắc, … báo cáo … để được hướng dẫn" is the generic closing, not a duty."""
    record = process(DocumentInput(WRITTEN / "de_an_phan.txt"), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None and record.document_type == "de_an"
    assert record.subject == (
        "Nâng cao chất lượng khám bệnh, chữa bệnh tại Trung tâm Y tế khu vực An Khê giai đoạn 2026 - 2028"
    )
    assert [t.assignees for t in record.tasks] == [["Khoa Khám bệnh"], ["Phòng Tổ chức - Hành chính"]]


def test_a_duty_with_a_conditional_tail_stays_a_duty() -> None:
    """The first corpus's 002: "… chủ động phối hợp …, tháo gỡ những khó khăn, vướng mắc …; nếu có
    khó khăn, vướng mắc kịp thời báo cáo" lays its duty; only a condition that opens the item is
    the closing."""
    record = process(
        DocumentInput(REPO / "corpus" / "docs" / "002_de40779bbbad1aa1.txt"), Settings(ocr=OcrMode.NEVER)
    ).record
    assert record is not None
    assert any(t.text.startswith("Viện kiểm sát nhân dân các địa phương chủ động phối hợp") for t in record.tasks)


def test_minutes_announce_the_next_meeting_not_their_own() -> None:
    """A biên bản is dated the day of the meeting it records: that meeting (19 giờ 30, 05/11, its
    "Địa điểm:" line) is no event; the next one it agrees on is, with the place printed with it."""
    record = process(DocumentInput(WRITTEN / "bien_ban_hop_chi_bo.txt"), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None
    assert [(e.start, e.place) for e in record.events] == [("2026-12-03T19:30:00", "Nhà văn hóa khu phố 4")]


def test_a_work_programme_table_led_by_units_and_people_set36() -> None:
    """Set 36's zx05 (tuned on): a chương trình công tác whose table heads its lead column "Đơn vị,
    người chủ trì"; its "căn cứ Chương trình này chủ động triển khai thực hiện các nội dung được
    phân công" is the closing, not a duty."""
    record = process(DocumentInput(SET36 / "zx05.docx"), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None and record.document_type == "chuong_trinh"
    rows = [t for t in record.tasks if t.lead]
    assert len(rows) == 7
    assert rows[3].lead == ["Bà Phạm Thị Thanh Hương – Phó Chủ tịch HĐND phường"]
    assert rows[0].deadline is not None and rows[0].deadline.date == "2026-12-18"
    assert not any("căn cứ Chương trình này" in t.text for t in record.tasks)


def test_a_meeting_announced_in_an_item_is_no_duty_set36() -> None:
    """Set 36's zx06 and zx09 (tuned on): "Ban Chỉ đạo họp triển khai Phương án vào lúc 14 giờ 00 …;
    thành phần gồm … các đơn vị được phân công" announces a meeting (the participle asks nothing);
    after "Nhà trường tổ chức Hội nghị … vào lúc 07 giờ 30 …", the next sentence's own subject
    ("Giáo viên chủ nhiệm các lớp chuẩn bị …") takes the item's duty."""
    plan = process(DocumentInput(SET36 / "zx06.pdf"), Settings(ocr=OcrMode.NEVER)).record
    assert plan is not None and not any(t.text.startswith("Ban Chỉ đạo họp") for t in plan.tasks)
    notice = process(DocumentInput(SET36 / "zx09.docx"), Settings(ocr=OcrMode.NEVER)).record
    assert notice is not None
    last = notice.tasks[-1]
    assert last.text.startswith("Giáo viên chủ nhiệm các lớp chuẩn bị nội dung")
    assert last.assignees == ["Giáo viên chủ nhiệm các lớp"]
    assert last.deadline is not None and last.deadline.date == "2026-11-17"


def test_a_projects_topics_over_the_paragraphs_that_name_who_acts() -> None:
    """An đề án's "1. Nâng cấp hạ tầng công nghệ thông tin" over "Tổ Công nghệ thông tin chủ trì, …":
    the paragraph is the duty, its title is not; a count wrapped to the next line ("… theo cấp độ" /
    "3. Thời gian hoàn thành: …") is no item 3; "căn cứ Đề án này chủ động triển khai thực hiện
    các nội dung được phân công" is the closing."""
    _, found = _written("de_an_nhiem_vu", date(2026, 10, 5))
    assert [t["assignees"][0] for t in found] == ["Tổ Công nghệ thông tin", "Phòng Điều dưỡng"]
    assert "theo cấp độ 3" in found[0]["text"]
    assert found[0]["deadline"]["date"] == "2026-12-31"
    assert found[0]["lead"] == ["Tổ Công nghệ thông tin"]


def test_a_wrapped_count_is_no_item_marker() -> None:
    from congvan.extractors.obligations.segment import paragraphs

    full = "Phòng Công nghệ thông tin nâng cấp máy chủ, bảo đảm an toàn thông tin theo cấp độ"
    text = f"{full}\n3. Thời gian hoàn thành: trong quý IV/2026.\n2. Phòng Điều dưỡng tổ chức tập huấn.\n"
    assert [p.text for p in paragraphs(text)] == [
        f"{full} 3. Thời gian hoàn thành: trong quý IV/2026.",
        "2. Phòng Điều dưỡng tổ chức tập huấn.",
    ]
    # after a line that ends its sentence, "3." opens an item
    ended = "Phòng Công nghệ thông tin nâng cấp máy chủ, bảo đảm an toàn thông tin theo cấp độ cao."
    assert len(paragraphs(f"{ended}\n3. Phòng Điều dưỡng tổ chức tập huấn.\n")) == 2


def test_a_letter_to_a_citizen_asks_the_person_it_is_addressed_to() -> None:
    """A court's thông báo to "Ông Nguyễn Văn Bình" (set 18's zf03, tuned on): "Tòa án … đề nghị Ông
    sửa đổi, bổ sung đơn khởi kiện …" asks that person, not someone named "Ông sửa đổi"."""
    record = process(
        DocumentInput(REPO / "tests" / "fixtures" / "heldout" / "set18" / "docs" / "zf03.pdf"),
        Settings(ocr=OcrMode.NEVER),
    ).record
    assert record is not None
    assert record.tasks[0].assignees == ["Ông Nguyễn Văn Bình"]
