"""Obligations on text that lost its marks (another tool's OCR, a PDF text layer without diacritics):
the rules read it through their vocabulary's marks (extractors/obligations/remark.py), switched on
by the noisy verdict (Context.marks_lost), and every value stays as printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from congvan.extractors.base import Context
from congvan.extractors.obligations import remark
from congvan.extractors.tasks import extract
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table
from congvan.pipeline.document import DocumentText, PageText
from congvan.pipeline.run import extract_file
from congvan.schemas.record import TextOrigin
from tests.script_module import load_script

ROOT = Path(__file__).resolve().parent.parent


def _strip_marks() -> ModuleType:
    return load_script("strip_marks_corpus")


def _tasks(text: str, noisy: bool, kinh_gui: str) -> list[dict]:
    context = Context(
        issued_date=date(2025, 3, 4),
        known={
            "issued_date": "2025-03-04",
            "document_type": "cong_van",
            "is_dispatch": True,
            "recipients": [{"name": kinh_gui, "kind": "kinh_gui", "purpose": None}],
        },
        marks_lost=((0, len(text)),) if noisy else (),
    )
    return [c.value for c in extract(text, context).candidates]


def _reading(tasks: list[dict]) -> list[tuple[str, list[str], list[str], list[str], str | None]]:
    """What a task says, marks aside: its text, assignees, lead, partners and due date."""
    return [
        (
            fold(t["text"]),
            [fold(a) for a in t["assignees"]],
            [fold(a) for a in t["lead"]],
            [fold(a) for a in t["supporting"]],
            (t["deadline"] or {}).get("date"),
        )
        for t in tasks
    ]


# Written with their marks, read here as another tool's OCR delivers them: every mark gone.
HEADED_LIST = """ỦY BAN NHÂN DÂN
HUYỆN BÌNH XUYÊN
Số: 215/UBND-NV
V/v rà soát hồ sơ cán bộ, công chức
Bình Xuyên, ngày 04 tháng 3 năm 2025
Kính gửi: Phòng Giáo dục và Đào tạo
Để chuẩn bị cho việc sắp xếp bộ máy, Chủ tịch Ủy ban nhân dân huyện yêu cầu:
1. Giao người đứng đầu các phòng, ban chuyên môn thuộc Ủy ban nhân dân huyện; Chủ tịch Ủy ban nhân dân các xã, thị trấn:
- Rà soát toàn bộ hồ sơ cán bộ, công chức đang công tác tại cơ quan, đơn vị.
- Cập nhật đầy đủ thông tin vào phần mềm quản lý trước ngày 20/3/2025.
Nơi nhận:
- Như trên;
- Lưu: VT.
CHỦ TỊCH
Trần Văn Hùng
"""

DEPARTMENTS = """BỘ TƯ PHÁP
Số: 88/BTP-VP
V/v rà soát văn bản hướng dẫn
Hà Nội, ngày 04 tháng 3 năm 2025
Kính gửi: Các đơn vị thuộc Bộ
Để bảo đảm tiến độ, Bộ trưởng yêu cầu các đơn vị thực hiện các nội dung sau:
1. Vụ 3, Vụ 5 và Cục Kế toán chủ trì rà soát các văn bản hướng dẫn, báo cáo Bộ trưởng trước ngày 15/4/2025.
2. Ban biên tập Cổng thông tin điện tử của Bộ đăng tải các văn bản mới ban hành trong ngày.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""

LEAD_AND_PARTNER = """SỞ Y TẾ
Số: 410/SYT-NVY
V/v phòng, chống sốt xuất huyết
Cần Thơ, ngày 04 tháng 3 năm 2025
Kính gửi: Các bệnh viện trực thuộc
Sở Y tế đề nghị Giám đốc các bệnh viện sẵn sàng giường bệnh, chậm nhất đến ngày 20/3/2025 báo cáo về Sở Y tế.
Trung tâm Kiểm soát bệnh tật chủ trì, phối hợp với Ủy ban nhân dân các quận, huyện tổ chức phun hóa chất tại các ổ dịch.
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


@pytest.mark.parametrize(
    ("text", "kinh_gui"),
    [
        pytest.param(HEADED_LIST, "Phòng Giáo dục và Đào tạo", id="headed-list"),
        pytest.param(DEPARTMENTS, "Các đơn vị thuộc Bộ", id="departments"),
        pytest.param(LEAD_AND_PARTNER, "Các bệnh viện trực thuộc", id="lead-and-partner"),
    ],
)
def test_a_text_without_marks_reads_as_it_does_with_them(text: str, kinh_gui: str) -> None:
    strip = _strip_marks().strip_marks
    marked = _reading(_tasks(text, noisy=False, kinh_gui=kinh_gui))
    assert marked and _reading(_tasks(strip(text), noisy=True, kinh_gui=strip(kinh_gui))) == marked


def test_a_header_names_the_assignees_of_its_bullets_without_marks() -> None:
    strip = _strip_marks().strip_marks
    tasks = _tasks(strip(HEADED_LIST), noisy=True, kinh_gui="Phong Giao duc va Dao tao")
    assert [t["text"][:24] for t in tasks] == ["Ra soat toan bo ho so ca", "Cap nhat day du thong ti"]
    for task in tasks:
        # as printed: the marks the rules read are never written into a value
        assert task["assignees"] == [
            "nguoi dung dau cac phong, ban chuyen mon thuoc Uy ban nhan dan huyen",
            "Chu tich Uy ban nhan dan cac xa, thi tran",
        ]
    assert tasks[1]["deadline"]["date"] == "2025-03-20"
    assert tasks[1]["deadline"]["text"] == "truoc ngay 20/3/2025"


def test_numbered_departments_and_an_editorial_board_open_bodies_without_marks() -> None:
    strip = _strip_marks().strip_marks
    tasks = _tasks(strip(DEPARTMENTS), noisy=True, kinh_gui="Cac don vi thuoc Bo")
    assert [t["assignees"] for t in tasks] == [
        ["Vu 3", "Vu 5", "Cuc Ke toan"],
        ["Ban bien tap Cong thong tin dien tu cua Bo"],
    ]


def test_a_lead_and_its_partner_are_read_without_marks() -> None:
    strip = _strip_marks().strip_marks
    tasks = _tasks(strip(LEAD_AND_PARTNER), noisy=True, kinh_gui="Cac benh vien truc thuoc")
    assert tasks[0]["assignees"] == ["Giam doc cac benh vien"]
    assert tasks[0]["deadline"]["date"] == "2025-03-20"
    assert tasks[1]["lead"] == ["Trung tam Kiem soat benh tat"]
    assert tasks[1]["supporting"] == ["Uy ban nhan dan cac quan, huyen"]


def test_without_the_noisy_verdict_the_rules_read_the_text_as_it_is() -> None:
    """The view is switched on by the verdict only: the same text judged clean gets no help (its
    bodies go unread and the Kính gửi addressee stands in), so a clean text's reading cannot change."""
    strip = _strip_marks().strip_marks
    tasks = _tasks(strip(DEPARTMENTS), noisy=False, kinh_gui="Cac don vi thuoc Bo")
    assert tasks[0]["assignees"] == ["Cac don vi thuoc Bo"]


def test_the_view_restores_vocabulary_only_and_keeps_every_offset() -> None:
    text = "Giao nguoi dung dau cac co quan; Chu tich Uy ban nhan dan cac xa, phuong chu tri, phoi hop voi So Y te."
    seen = remark.view(text, ((0, len(text)),))
    assert len(seen) == len(text)
    assert seen == (
        "Giao người đứng đầu các cơ quan; Chủ tịch Ủy ban nhân dân các xã, phường chủ trì, phối hợp với Sở Y tế."
    )
    assert remark.printed(seen, seen, text) == text


def test_the_view_never_changes_a_printed_mark_nor_an_ambiguous_word() -> None:
    # "bàn" is no "Ban"; "quan", "nay", "de" alone may be many words: left as printed
    text = "Dat ban tai phong hop, quan ly hien nay, de xuat"
    seen = remark.view(text.replace("Dat ban", "Đặt bàn"), ((0, len(text)),))
    assert seen.startswith("Đặt bàn")
    assert "quản lý hiện nay, đề xuất" in seen
    assert remark.view(text, ()) is text  # nothing noisy: the very same text


def test_the_view_stays_inside_the_noisy_stretch() -> None:
    text = "cac co quan\n\ncac co quan"
    assert remark.view(text, ((0, 11),)) == "các cơ quan\n\ncac co quan"


def test_the_remark_vocabulary_loads_and_names_real_tables() -> None:
    data = load_table("remark_words")
    for table, keys in data["tables"].items():
        loaded = load_table(table)
        assert all(key in loaded for key in keys), table
    assert all(len(w.split()) == 1 for w in data["single_words"])
    lower, upper = remark.tables()
    assert lower[(("nguoi", "dung", "dau"), (" ", " "))] == ("người", "đứng", "đầu")
    assert upper[(("vu",), ())] == ("vụ",)
    assert lower.get((("quan",), ())) is None  # "quận", "quản", "quan": never alone


def test_a_stripped_corpus_document_keeps_its_named_assignees(tmp_path: Path) -> None:
    """t04 (tuning half), every mark removed as scripts/strip_marks_corpus.py does: the text is judged
    noisy and repaired, and its list under "1. Giao người đứng đầu …; Chủ tịch …" keeps both names."""
    stripped = tmp_path / "t04.txt"
    stripped.write_text(_strip_marks().strip_marks((ROOT / "corpus" / "docs" / "t04.txt").read_text("utf-8")), "utf-8")
    record = extract_file(stripped)
    assert record is not None
    assert [str(o) for o in record.source.page_text_origin] == ["plain_text_repaired"]
    tasks = [t.model_dump() if hasattr(t, "model_dump") else dict(t) for t in record.tasks]
    named = [[fold(a) for a in t["assignees"]] for t in tasks]
    expected = [
        "nguoi dung dau cac co quan chuyen mon, co quan hanh chinh khac, cac don vi su nghiep cong lap "
        "truc thuoc uy ban nhan thanh pho",
        "chu tich uy ban nhan dan cac xa, phuong va dac khu",
    ]
    assert sum(a == expected for a in named) == 4
    assert any(a == ["so noi vu"] for a in named)


def test_only_pages_another_tool_left_without_marks_reach_the_rules_as_noisy() -> None:
    """A PDF whose second text-layer page was judged noisy and repaired: only that page's stretch of
    the document text is read through the view; a clean page and our own OCR'd page are not."""
    pages = (
        PageText(1, "Kính gửi: Sở Y tế", TextOrigin.TEXT_LAYER),
        PageText(2, "Giao người dung đau các co quan", TextOrigin.TEXT_LAYER, repaired=True),
        PageText(3, "Nơi nhận", TextOrigin.OCR, repaired=True),
    )
    document = DocumentText(pages)
    (start, end), = document.marks_lost
    assert document.text[start:end] == "Giao người dung đau các co quan"
