"""Who must act (issue #15; class: công văn, kế hoạch and chỉ thị that lay duties on offices,
titles and collectives — constructed set 38, tuned on, and a written document):

- an item whose later sentence opens with a body of its own lays one duty per body (gold guide:
  each sentence that lays a duty);
- "X phối hợp với Y" without "chủ trì" lays the duty on X alone, as the real gold reads it (004,
  t12), though the constructed sets' writers mostly list Y;
- a bare title before a comma shares the bodies of the next ("Giám đốc, Thủ trưởng các sở …");
- "Việc … do Sở Nội vụ thực hiện": the agent after "do" / "giao cho" owns the work;
- "Đề nghị <body>" as an item heading over a paragraph gives the paragraph to that body;
- the issuer's "… có ý kiến chỉ đạo như sau:" names who speaks: an item that names nobody goes to
  the addressees, not to the speaker.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings

WRITTEN = Path(__file__).resolve().parent / "data" / "obligations" / "written"


@cache
def _tasks() -> tuple[dict[str, Any], ...]:
    record = process(DocumentInput(WRITTEN / "cong_van_nhieu_chu_the.txt"), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None and record.issued_date == "2026-12-14"
    return tuple(t.model_dump(mode="json") for t in record.tasks)


def test_each_body_of_an_item_gets_its_own_duty() -> None:
    found = [t for t in _tasks() if t["text"].startswith(("Sở Y tế", "Sở Giáo dục", "Đề nghị Ủy ban Mặt trận"))]
    assert [t["assignees"] for t in found] == [
        ["Sở Y tế"],
        ["Sở Giáo dục và Đào tạo"],
        ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "các tổ chức chính trị - xã hội tỉnh"],
    ]
    assert all(t["text"].count(". ") == 0 for t in found)  # one sentence each, not the whole item


def test_a_partner_without_chu_tri_is_no_assignee() -> None:
    (task,) = [t for t in _tasks() if t["text"].startswith("Văn phòng Ủy ban nhân dân tỉnh phối hợp")]
    assert task["assignees"] == ["Văn phòng Ủy ban nhân dân tỉnh"]
    assert task["deadline"]["date"] == "2027-01-20"


def test_a_bare_title_shares_the_bodies_named_after_the_next() -> None:
    assert _tasks()[0]["assignees"] == ["Giám đốc, Thủ trưởng các sở, ban, ngành tỉnh"]


def test_the_agent_of_the_work_owns_it() -> None:
    (task,) = [t for t in _tasks() if t["text"].startswith("Việc tổng hợp")]
    assert task["assignees"] == ["Sở Nội vụ"]
    assert task["deadline"]["date"] == "2027-01-31"


def test_a_request_heading_gives_its_paragraph_to_the_body_it_names() -> None:
    (task,) = [t for t in _tasks() if "Liên đoàn Lao động tỉnh" in t["assignees"]]
    assert task["text"].startswith("Vận động công nhân")


def test_an_item_naming_nobody_goes_to_the_addressees_not_the_speaker() -> None:
    (task,) = [t for t in _tasks() if t["text"].startswith("Tăng cường tuyên truyền")]
    assert task["assignees"] == ["Các sở, ban, ngành tỉnh", "Ủy ban nhân dân các xã, phường"]
    assert len(_tasks()) == 8  # the closing "Yêu cầu … nghiêm túc triển khai thực hiện" is none


def test_a_telegrams_items_go_to_their_bodies_and_never_to_the_issuer_asking() -> None:
    """A công điện: "Chủ tịch … yêu cầu:" names who asks; "BCH …" opens a body; "Báo … tăng thời
    lượng đưa tin" acts (it is no press report); an item whose body the vocabulary does not know
    goes to the addressees of the "… điện:" block."""
    record = process(DocumentInput(WRITTEN / "cong_dien_bao.txt"), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None
    assert [t.assignees for t in record.tasks] == [
        ["BCH Quân sự tỉnh", "Công an tỉnh"],
        ["Báo và Phát thanh, Truyền hình Cà Mau"],
        [
            "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
            "Giám đốc Công an tỉnh",
            "Chủ tịch Ủy ban nhân dân các xã, phường, đặc khu",
        ],
        # a closing that hands the follow-up to a body is its duty (the real gold: 011, 013)
        ["Văn phòng Ủy ban nhân dân tỉnh"],
    ]
