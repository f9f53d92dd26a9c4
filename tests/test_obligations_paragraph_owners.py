"""Who owns each duty of a plan's paragraphs (issue #15; class: kế hoạch of provinces and party
committees that assign in turn inside a paragraph — blind set 42, tuned on, and a written plan):

- under a topic's title, a paragraph that hands the work on at each ";" lays one duty per body,
  a body's role in brackets between it and its verb included ("Công an tỉnh (cơ quan thường trực
  …) hướng dẫn …");
- a topic's title over "Việc … được giao cho X" and "Công tác … do X chủ trì" gives the work to X;
- "Trách nhiệm của thủ trưởng …" in lower case names the holder of the duties below it;
- "Đối với <case>: <Body> chủ trì …" is that body's duty;
- in a plan's content part, a point that names its body and binds it by a date is a duty though
  its heading only describes ("1. Hình thức tuyên truyền");
- "Các hoạt động trọng tâm được phân công tại Phụ lục" points to the appendix, no duty itself.
An item's own ";" clauses stay one duty (the real gold 002: "…; Báo Bảo vệ pháp luật phối hợp …").
"""

from __future__ import annotations

from typing import Any

from tests.obligations_gold import written_tasks


def _tasks() -> tuple[dict[str, Any], ...]:
    return written_tasks("ke_hoach_phan_cong_doan_van.txt")


def test_every_duty_and_its_owner() -> None:
    assert [t["assignees"] for t in _tasks()] == [
        ["Báo và Phát thanh, Truyền hình Gia Lai"],
        ["Sở Văn hóa, Thể thao và Du lịch"],
        ["Sở Khoa học và Công nghệ"],
        ["Công an tỉnh"],
        ["Sở Tài chính"],
        ["Trung tâm Phục vụ hành chính công tỉnh"],
        ["Văn phòng Ủy ban nhân dân tỉnh", "Công an tỉnh"],
        ["thủ trưởng các cơ quan chuyên môn"],
        ["Ủy ban nhân dân các xã, phường", "Sở Khoa học và Công nghệ"],
    ]


def test_each_clause_keeps_its_own_term() -> None:
    dates = [t["deadline"]["date"] if t["deadline"] else None for t in _tasks()]
    assert dates == [
        "2027-02-28", "2027-01-20", "2027-03-31", "2027-06-30", None,
        "2027-12-15", "2027-09-30", "2027-02-28", "2027-04-30",
    ]


def test_a_pointer_to_the_appendix_is_no_duty() -> None:
    assert not any("Phụ lục" in t["text"] for t in _tasks())
