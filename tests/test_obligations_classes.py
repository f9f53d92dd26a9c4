"""Classes of documents the obligation rules are built for (issue #15), each on real corpus files
of the first and tuning halves and on written documents in the Nghị định 30 layout:

- duty lists whose items name a lead and its partners ("X chủ trì, phối hợp với Y"): a named
  partner is also an assignee, a category of bodies is supporting only (gold guide);
- duty lists whose units stand on lines of their own ("Sở Thông tin và Truyền thông:") over their
  "-" and "+" items: the items take that unit;
- answer letters: no task from the explanation; a conditional closing lays no duty;
- schedule tables with their time column first, or laid out with tabs.
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from congvan.extractors import tasks as tasks_extractor
from congvan.extractors.base import Context
from congvan.pipeline.document import SourceFile
from congvan.pipeline.run import extract_file
from congvan.pipeline.settings import Settings
from congvan.pipeline.text import acquire_text
from tests.tables_fixtures import rows

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "corpus" / "docs"
WRITTEN = REPO / "tests" / "data" / "obligations" / "written"


@cache
def _tasks(name: str) -> list[dict[str, Any]]:
    record = extract_file(DOCS / name)
    assert record is not None
    return [t.model_dump(mode="json") for t in record.tasks]


def _starting(found: list[dict[str, Any]], opening: str) -> dict[str, Any]:
    matches = [t for t in found if t["text"].startswith(opening)]
    assert len(matches) == 1, [t["text"][:60] for t in found]
    return matches[0]


def _written(name: str, issued: date) -> list[dict[str, Any]]:
    text = (WRITTEN / f"{name}.txt").read_text(encoding="utf-8")
    return [c.value for c in tasks_extractor.extract(text, Context(issued_date=issued)).candidates]


# --- lead and partners ----------------------------------------------------------------------

def test_a_named_partner_is_an_assignee_after_the_lead_t01() -> None:
    task = _starting(_tasks("t01.docx"), "Điều chỉnh tiến độ cấp vốn")
    assert task["assignees"] == ["Ban Quản lý dự án đầu tư xây dựng số 1", "Nhà đầu tư"]
    assert task["lead"] == ["Ban Quản lý dự án đầu tư xây dựng số 1"]
    assert task["supporting"] == ["Nhà đầu tư"]


def test_a_category_of_partners_stays_supporting_only_t12() -> None:
    task = _starting(_tasks("t12.txt"), "Chủ trì phối hợp với Bộ Tài chính")
    assert task["assignees"] == ["Bộ Nội vụ", "Bộ Tài chính"]
    assert "các cơ quan liên quan" in task["supporting"]


# --- units on lines of their own ----------------------------------------------------------------

def test_a_unit_line_heads_its_items() -> None:
    found = _written("don_vi_dau_muc", date(2026, 3, 10))
    assert not any(t["text"].startswith("Sở Thông tin và Truyền thông:") for t in found)
    for opening in ("Đẩy mạnh tuyên truyền cải cách hành chính", "Xây dựng chuyên mục cải cách hành",
                    "Phối hợp với Báo Lâm Đồng đăng tải"):
        assert _starting(found, opening)["assignees"] == ["Sở Thông tin và Truyền thông"], opening
    first = _starting(found, "Chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh")
    assert first["assignees"] == ["Sở Nội vụ", "Văn phòng Ủy ban nhân dân tỉnh"]
    assert _starting(found, "Tổng hợp kết quả")["deadline"]["date"] == "2026-12-10"
    assert _starting(found, "Tổ chức kiểm tra công tác")["deadline"]["date"] == "2026-12-31"  # quý IV
    assert _starting(found, "Tổ chức kiểm tra công tác")["assignees"] == ["Sở Tư pháp"]
    iso = _starting(found, "Giao Sở Khoa học và Công nghệ chủ trì")
    assert iso["assignees"] == ["Sở Khoa học và Công nghệ", "Sở Nội vụ"]
    assert iso["deadline"]["date"] == "2026-09-30"


# --- answer letters and closings -----------------------------------------------------------------

def test_an_answer_to_a_voters_petition_lays_no_duty() -> None:
    assert _written("tra_loi_cu_tri", date(2026, 6, 12)) == []


def test_a_conditional_closing_is_no_task_and_an_ocr_l_is_item_one_p09() -> None:
    found = _tasks("p09.pdf")
    assert not any("nếu có góp ý thêm" in t["text"] for t in found)
    item = _starting(found, "Tiếp tục thực hiện Công văn số 5842/BGDĐT-GDTrH")  # printed "1.", OCR "L."
    assert item["assignees"] == [
        "Sở Giáo dục và Đào tạo các tỉnh, thành phố", "Sở Giáo dục, Khoa học và Công nghệ tỉnh Bạc Liêu"
    ]


def test_a_conditional_report_of_difficulties_is_no_task_b05() -> None:
    assert not any("vướng mắc" in t["text"] and "báo cáo" in t["text"] for t in _tasks("b05.pdf"))


# --- schedule tables ---------------------------------------------------------------------------

def _docx_with_tab_rows(table_rows: list[list[str]]) -> bytes:
    """A plan whose appendix is laid out with tab stops, one paragraph per row (no Word table)."""
    import io

    import docx

    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 15/KH-UBND", "Quảng Ngãi, ngày 15 tháng 01 năm 2025",
                 "KẾ HOẠCH", "Cải cách hành chính năm 2025", "PHỤ LỤC"):
        document.add_paragraph(line)
    for row in table_rows:
        document.add_paragraph("\t".join(row))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _row_tasks(text: str, issued: date) -> list[dict[str, Any]]:
    found = tasks_extractor.extract(text, Context(issued_date=issued))
    return [c.value for c in found.candidates if c.rule == "tasks.table_row"]


def test_a_table_laid_out_with_tabs_gives_one_task_per_row() -> None:
    table = [r for r in rows() if len(r) == 5 and r[0].strip()]  # numbered rows of the fixture plan
    data = _docx_with_tab_rows(table)
    text = acquire_text(SourceFile(Path("plan.docx"), data, hashlib.sha256(data).hexdigest(), ""), Settings()).text
    found = _row_tasks(text, date(2025, 1, 15))
    assert [t["text"] for t in found] == [r[1] for r in table[1:]]
    second = found[1]
    assert second["lead"] == ["Sở Tư pháp"] and second["assignees"] == ["Sở Tư pháp", "Công an tỉnh", "Sở Tài chính"]
    assert second["deadline"]["date"] == "2025-10-31"


@pytest.mark.parametrize(
    ("header", "tasks_expected"),
    [
        pytest.param(["TT", "Thời gian", "Nội dung", "Đơn vị thực hiện"], 2, id="schedule-time-first"),
        pytest.param(["TT", "Thời gian", "Nội dung", "Chủ trì"], 0, id="programme-chaired"),
    ],
)
def test_a_schedule_with_its_time_column_first(header: list[str], tasks_expected: int) -> None:
    lines = [
        "ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG", "Số: 125/KH-UBND", "Lâm Đồng, ngày 10 tháng 3 năm 2026",
        "KẾ HOẠCH", "Tổ chức Hội thi", " | ".join(header),
        "1 | Tháng 4-5/2026 | Tổ chức vòng sơ khảo | Ủy ban nhân dân các huyện",
        "2 | Hằng tháng | Báo cáo tiến độ | Sở Văn hóa, Thể thao và Du lịch",
    ]
    found = _row_tasks("\n".join(lines) + "\n", date(2026, 3, 10))
    assert len(found) == tasks_expected
    if found:
        assert found[0]["deadline"]["date"] == "2026-05-31"  # a span of months ends with its last
        assert found[1]["deadline"]["recurrence"] == "P1M" and found[1]["deadline"]["date"] is None


# --- nghị quyết items by topic -------------------------------------------------------------------

def test_items_by_topic_and_a_directive_with_two_deadlines_t13() -> None:
    found = _tasks("t13.txt")
    assert _starting(found, "Đối với các chi phí khám bệnh, chữa bệnh bảo hiểm y tế vượt dự toán được")[
        "assignees"] == ["Bảo hiểm xã hội Việt Nam"]  # "…, giao Bảo hiểm xã hội Việt Nam …"
    assert _starting(found, "Đối với các chi phí khám bệnh, chữa bệnh bảo hiểm y tế vượt tổng mức")[
        "assignees"] == ["Bảo hiểm xã hội Việt Nam"]  # past the clause's own comma
    first = _starting(found, "Đối với chi phí khám bệnh, chữa bệnh bảo hiểm y tế vượt dự toán năm 2023")
    second = _starting(found, "xong trước ngày 01 tháng 8 năm 2026")
    assert first["assignees"] == second["assignees"] == ["Bộ Tài chính", "Bảo hiểm xã hội Việt Nam"]
    assert (first["deadline"]["date"], second["deadline"]["date"]) == ("2026-05-01", "2026-08-01")
    assert _starting(found, "Cơ sở khám bệnh, chữa bệnh chịu trách nhiệm")["assignees"] == [
        "Cơ sở khám bệnh, chữa bệnh"
    ]


def test_a_conclusion_that_praises_or_approves_lays_no_duty_of_it() -> None:
    found = _written("ket_luan_dong_y", date(2026, 4, 10))
    assert [t["assignees"] for t in found] == [["Sở Xây dựng"], ["Sở Tài chính", "Sở Xây dựng"]]
    assert [t["deadline"]["date"] for t in found] == ["2026-06-30", "2026-05-31"]


def test_an_acting_item_over_a_list_of_slogans_is_the_task_b05() -> None:
    found = _tasks("b05.pdf")
    assert _starting(found, "Lựa chọn và thực hiện Khẩu hiệu tuyên truyền tại đơn vị")["assignees"] == [
        "Thủ trưởng các cơ sở giáo dục"
    ]
    assert not any("Vì sức khỏe của bạn" in t["text"] or "dù chỉ một lần" in t["text"] for t in found)


def test_the_criteria_of_a_plan_under_theo_huong_are_no_tasks_t12() -> None:
    found = _tasks("t12.txt")
    for criterion in ("Trên cơ sở biên chế được giao năm 2026", "Thực hiện chế độ hợp đồng thực hiện nhiệm vụ",
                      "Lựa chọn, giới thiệu người hoạt động không chuyên trách"):
        assert not any(t["text"].startswith(criterion) for t in found), criterion
    assert _starting(found, "Kết thúc hoạt động đối với người hoạt động không chuyên trách")["deadline"][
        "date"] == "2026-05-31"


def test_a_unit_whose_duties_open_with_carrying_out_the_directive_t20() -> None:
    task = _starting(_tasks("t20.txt"), "Chỉ đạo Sở TT&TT và các Sở, ban, ngành liên quan thực hiện nghiêm chỉnh")
    assert task["assignees"] == ["Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]


def test_every_item_under_a_unit_heading_is_its_duty_t20() -> None:
    # "a) Vụ Công nghệ thông tin:" over "- Điều tra, khảo sát, tổng hợp và cung cấp lên mạng: danh sách …"
    task = _starting(_tasks("t20.txt"), "Điều tra, khảo sát, tổng hợp và cung cấp lên mạng")
    assert task["assignees"] == ["Vụ Công nghệ thông tin"]


# --- deadlines in a plan's wording ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("Thời gian hoàn thành: Quý III/2026.", "2026-09-30"),
        ("Thời gian thực hiện: tháng 5/2026.", "2026-05-31"),
        ("Tiến độ: tháng 6/2026", "2026-06-30"),
        ("Thời hạn hoàn thành: 30/6/2026", "2026-06-30"),
        ("Thời gian thực hiện: từ tháng 4/2026 đến tháng 6/2026.", "2026-06-30"),
        ("hoàn thành trong tháng 4-5/2026.", "2026-05-31"),
        ("Thời gian: 08 giờ ngày 09/4/2026", None),  # a meeting's time, not a deadline
        ("Thời gian thực hiện: từ ngày 01/4/2026", None),  # a start date
    ],
)
def test_labelled_and_spanned_deadlines(phrase: str, day: str | None) -> None:
    from congvan.extractors.deadlines import resolve

    value = resolve(phrase, date(2026, 3, 10))
    assert (value["date"] if value else None) == day


def test_a_giao_line_names_the_lead_and_partners_of_the_items_below_it() -> None:
    # "Giao X chủ trì, phối hợp với Y:" on its own line over lettered items (thông báo kết luận,
    # kế hoạch of provinces): X leads each item, Y supports; a category of partners is supporting only
    found = _written("giao_chu_tri_dau_muc", date(2026, 2, 20))
    first = _starting(found, "Rà soát hạ tầng mạng diện rộng")
    assert first["assignees"] == ["Sở Khoa học và Công nghệ"]
    assert first["lead"] == ["Sở Khoa học và Công nghệ"]
    assert first["supporting"] == ["các cơ quan, đơn vị liên quan"]
    assert first["deadline"]["date"] == "2026-03-31"
    data = _starting(found, "Hoàn thành kết nối dữ liệu")
    assert data["assignees"] == ["Sở Tài chính", "Sở Nội vụ", "Văn phòng UBND tỉnh"]
    assert data["lead"] == ["Sở Tài chính"]
    assert data["deadline"]["date"] == "2026-06-30"
    inline = _starting(found, "Giao Văn phòng UBND tỉnh chủ trì")
    assert inline["assignees"] == ["Văn phòng UBND tỉnh", "Sở Tư pháp"]
    assert len(found) == 5


def test_a_term_the_document_defines_for_its_bodies_heads_their_items() -> None:
    # "(sau đây gọi là chủ dự án thành phần)": the term names the bodies later, as a unit heading
    found = _written("thuat_ngu_dinh_nghia", date(2026, 3, 10))
    assert _starting(found, "Lập kế hoạch thực hiện dự án")["assignees"] == ["Chủ dự án thành phần"]
    assert _starting(found, "Xây dựng bộ chỉ số giám sát")["assignees"] == ["Chủ dự án thành phần"]
    assert _starting(found, "Bố trí vốn đối ứng")["assignees"] == ["Cơ quan chủ quản Chương trình"]
    assert _starting(found, "Báo cáo kết quả thực hiện Chương trình")["assignees"] == ["Cơ quan chủ quản Chương trình"]


def test_only_terms_for_bodies_of_two_to_six_words_are_names() -> None:
    from congvan.extractors.obligations.assignees import defined_names

    text = (
        "phần mềm tự do nguồn mở (hay còn gọi là phần mềm mã nguồn mở- viết tắt là PMNM) "
        "và Sở Tài chính (sau đây gọi là Sở)"
    )
    assert defined_names(text) == []  # a one-word term is a head word already
    text = "các bộ, cơ quan chủ dự án (gọi là chủ dự án thành phần). 5. Chủ dự án thành phần: lập kế hoạch"
    assert [text[s:e] for s, e in defined_names(text)] == ["chủ dự án thành phần", "Chủ dự án thành phần"]


def test_a_decisions_record_fields_and_the_rights_it_grants_are_no_duties() -> None:
    # quyết định giao đề tài: "Học viên: Lê Minh Quân, Khóa: …" is a field of its record, "Học viên
    # được phép bảo vệ …" a right; the duty is "Cán bộ hướng dẫn và học viên có trách nhiệm …"
    found = _written("quyet_dinh_giao_de_tai", date(2023, 10, 26))
    assert [t["text"][:40] for t in found] == ["Cán bộ hướng dẫn và học viên có trách nh"]
    assert found[0]["assignees"] == ["Cán bộ hướng dẫn", "học viên"]


@pytest.mark.parametrize(
    ("sentence", "permission"),
    [
        ("Học viên được phép bảo vệ luận văn thạc sĩ ít nhất 06 tháng sau khi có quyết định.", True),
        ("Đảng viên được quyền khiếu nại quyết định kỷ luật lên cấp trên.", True),
        ("Học viên được phép bảo vệ khi đã hoàn thành học phần và phải nộp hồ sơ trước ngày 10/5.", False),
        ("Sở Y tế chủ trì, phối hợp với các đơn vị được phân công triển khai.", False),
    ],
)
def test_a_right_granted_is_no_duty(sentence: str, permission: bool) -> None:
    from congvan.extractors.obligations import genre

    assert genre.grants_permission(sentence) is permission


def test_a_request_inside_a_cited_documents_description_is_not_the_texts() -> None:
    # "Thực hiện …; Công văn số … của Văn phòng Chính phủ thông báo ý kiến chỉ đạo … giao Bộ Công an
    # …": the basis reports what the cited paper asks; the text's own request follows
    text = (
        "Kính gửi: Các bộ, cơ quan trung ương.\n\n"
        "Thực hiện Nghị quyết số 163/2024/QH15 ngày 27/11/2024 của Quốc hội; Công văn số 6785/VPCP-KGVX "
        "ngày 21/7/2025 của Văn phòng Chính phủ thông báo ý kiến chỉ đạo của Phó Thủ tướng giao Bộ Công an "
        "triển khai thực hiện lập, thẩm định Chương trình.\n"
        "Thực hiện Kế hoạch số 45/KH-BCA ngày 02/8/2025 của Bộ Công an, Bộ Công an đề nghị các bộ, cơ quan "
        "trung ương báo cáo kết quả trước ngày 30/9/2025.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )
    found = [c.value for c in tasks_extractor.extract(text, Context(issued_date=date(2025, 9, 16))).candidates]
    assert [t["text"][:30] for t in found] == ["Thực hiện Kế hoạch số 45/KH-BC"]
    assert found[0]["assignees"] == ["các bộ, cơ quan trung ương"]


def test_a_note_naming_lettered_items_gives_each_its_term() -> None:
    # "(Nội dung a, b, c gửi về Bộ Công an trước ngày 30/9/2025 …)" after item c: the term of a, b and
    # c; item d keeps its own ("quý IW/2025", OCR's doubled V)
    text = (
        "Kính gửi: Các bộ, cơ quan trung ương.\n\n"
        "Bộ Công an đề nghị chủ dự án thành phần thực hiện một số nội dung sau:\n"
        "a) Lập kế hoạch giai đoạn 2026-2030 và năm 2026.\n"
        "b) Xây dựng phương án phân bổ kế hoạch đầu tư công trung hạn.\n"
        "c) Xây dựng chỉ số, biểu mẫu giám sát, đánh giá dự án.\n"
        "(Nội dung a, b, c gửi về Bộ Công an trước ngày 30/9/2025 để tổng hợp, báo cáo cấp có thẩm quyền)\n"
        "d) Ban hành hướng dẫn nghiệp vụ thực hiện dự án (hoàn thành trong quý IW/2025).\n"
        "e) Thực hiện giám sát, đánh giá dự án thành phần.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )
    found = [c.value for c in tasks_extractor.extract(text, Context(issued_date=date(2025, 9, 16))).candidates]
    terms = [(t["text"][:8], (t["deadline"] or {}).get("date")) for t in found]
    assert terms == [
        ("Lập kế h", "2025-09-30"),
        ("Xây dựng", "2025-09-30"),
        ("Xây dựng", "2025-09-30"),
        ("Ban hành", "2025-12-31"),
        ("Thực hiệ", None),
    ]


def test_a_phone_scans_garbled_dashes_and_a_list_heading_of_particulars() -> None:
    # an exam notice read from a phone capture: "!." for "1.", "-." and "--" for "-"; "-- Số lượng đề
    # thi và đáp án;" heads the particulars under it and is no duty
    text = (
        "Kính gửi: Các Khoa.\n\n"
        "Nay, Ban Giám hiệu đề nghị các Khoa triển khai cho giảng viên thực hiện như sau:\n"
        "!. Giảng viên giảng dạy thực hiện việc ra đề thi đúng theo quy định, cụ thể như sau:\n"
        "- Giảng viên thực hiện ra đề thi theo mẫu của Nhà trường.\n"
        "-. Giảng viên ghi rõ thời gian làm bài thi trên đề thi.\n"
        "-- Số lượng đề thi và đáp án;\n"
        "+ Hình thức thi tự luận: 2 đề thi và 2 đáp án.\n"
        "+ Hình thức thi trắc nghiệm: 2 bộ đề thi và 2 bộ đáp án.\n"
        "2. Trưởng Bộ môn có trách nhiệm duyệt đề thi.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )
    found = [c.value for c in tasks_extractor.extract(text, Context(issued_date=date(2025, 7, 14))).candidates]
    assert [t["text"][:28] for t in found] == [
        "Giảng viên giảng dạy thực hi",
        "Giảng viên thực hiện ra đề t",
        "Giảng viên ghi rõ thời gian ",
        "Trưởng Bộ môn có trách nhiệm",
    ]


@pytest.mark.parametrize(
    ("sentence", "tasks"),
    [
        # what the press reported is the reason for the letter, not a duty
        ("Báo Đấu thầu ngày 26 tháng 3 năm 2019 đưa tin, theo khảo sát, có tới 80 nghìn công ty cổ phần là"
         " công ty gia đình.", 0),
        # an action that includes reporting news is a duty
        ("Đài Phát thanh - Truyền hình tỉnh tăng cường thời lượng tuyên truyền; đưa tin kịp thời cấp dự báo"
         " cháy rừng.", 1),
    ],
)
def test_a_press_report_is_no_duty(sentence: str, tasks: int) -> None:
    text = f"Kính gửi: Bộ Kế hoạch và Đầu tư.\n\n{sentence}\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    assert len(tasks_extractor.extract(text, Context(issued_date=date(2019, 4, 5))).candidates) == tasks


@pytest.mark.parametrize(
    ("sentence", "tasks"),
    [
        # a draft sent so that the units comment on it: they are asked
        ("Lịch họp cụ thể Văn phòng Bộ sẽ thông báo sau, Văn phòng Bộ xin gửi trước dự thảo Quy chế để các"
         " đơn vị nghiên cứu, tham gia, đóng góp ý kiến tại cuộc họp.", 1),
        # a document sent so that the units know and carry it out: the generic closing
        ("Xin gửi kèm theo Quyết định số 12/QĐ-STC để các đơn vị biết và thực hiện.", 0),
    ],
)
def test_a_draft_sent_for_comments_asks_the_units(sentence: str, tasks: int) -> None:
    text = f"Kính gửi: Thủ trưởng các đơn vị.\n\n{sentence}\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    assert len(tasks_extractor.extract(text, Context(issued_date=date(2019, 11, 14))).candidates) == tasks


@pytest.mark.parametrize(
    ("sentence", "closing"),
    [
        # a paper the issuer passes on "để … biết": the generic closing of the gold guide
        ("Sở Tài chính sao gửi Quyết định số 12/QĐ-UBND để các đơn vị biết, thực hiện.", True),
        ("Sở Tài chính gửi kèm theo Quyết định để các đơn vị biết và thực hiện.", True),
        # passed on at the issuer's request: a duty
        ("Giao Sở Y tế chuyển hồ sơ để Sở Nội vụ biết và phối hợp.", False),
        ("Đề nghị các đơn vị gửi báo cáo về Sở để tổng hợp.", False),
    ],
)
def test_a_paper_passed_on_for_the_units_to_know_is_the_closing(sentence: str, closing: bool) -> None:
    from congvan.extractors.obligations import genre

    assert genre.is_know_closing(sentence) is closing
    text = f"Kính gửi: Các đơn vị.\n\n{sentence}\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    found = tasks_extractor.extract(text, Context(issued_date=date(2025, 3, 1))).candidates
    assert (len(found) == 0) is closing


def test_a_heading_naming_whose_duties_follow_gives_each_body_without_its_colon() -> None:
    # "7. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường, đặc khu" (no colon) over a), b):
    # both bodies, each a name, not the introduction's addressees
    text = (
        "Kính gửi: Các sở, ban, ngành.\n\n"
        "Phó Chủ tịch UBND tỉnh yêu cầu các sở, ban, ngành tập trung thực hiện tốt các nhiệm vụ sau:\n"
        "6. Về chính quyền số\n"
        "Giao Sở Khoa học và Công nghệ chủ trì, phối hợp các cơ quan, đơn vị liên quan:\n"
        "a) Theo dõi tình hình sử dụng chữ ký số.\n"
        "7. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường, đặc khu\n"
        "a) Chủ động xây dựng kế hoạch khắc phục tồn tại, hạn chế.\n"
        "b) Chủ động kết nối, khai thác các hệ thống thông tin chuyên ngành.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n"
    )
    found = [c.value for c in tasks_extractor.extract(text, Context(issued_date=date(2026, 1, 25))).candidates]
    assert [t["assignees"] for t in found[1:]] == [["các sở, ban, ngành", "UBND các xã, phường, đặc khu"]] * 2
