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
