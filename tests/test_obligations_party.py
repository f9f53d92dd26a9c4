"""Party documents and e-office decisions (blind set 24, Hướng dẫn 36-HD/VPTW forms): the party
form of a quyết định's execution article, a notice's own closing, legal bases citing a "Chương
trình", bodies picked out by a passive participle, and the 2025 names the assignee ruler keeps
whole. Real PDFs of tests/fixtures/heldout/set24, read with their pictured numbers by Tesseract."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from congvan.extractors.obligations import genre as genres
from congvan.extractors.obligations.directives import is_legal_basis
from congvan.pipeline.run import extract_file

SET24 = Path(__file__).parent / "fixtures" / "heldout" / "set24" / "docs"


@cache
def _tasks(name: str) -> list[dict[str, Any]]:
    record = extract_file(SET24 / name)
    assert record is not None
    return [t.model_dump(mode="json") for t in record.tasks]


def _texts(name: str) -> list[str]:
    return [t["text"] for t in _tasks(name)]


@pytest.mark.parametrize("name", ["zl06.pdf", "zl08.pdf"])
def test_the_party_execution_article_is_no_task(name: str) -> None:
    # "Điều 4. Văn phòng Đảng ủy, … và các đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành."
    assert not [t for t in _texts(name) if "căn cứ Quyết định thi hành" in t]


def test_a_passive_participle_picks_out_the_bodies_that_act() -> None:
    found = [t for t in _tasks("zl06.pdf") if t["text"].startswith("Các chi bộ, đảng bộ bộ phận được kiểm tra")]
    assert len(found) == 1
    assert found[0]["assignees"] == ["Các chi bộ, đảng bộ bộ phận được kiểm tra"]


def test_a_legal_basis_citing_a_programme_is_no_task() -> None:
    assert not [t for t in _texts("zl06.pdf") if t.startswith("Căn cứ")]
    # "Chương trình" ends in the request cue "trình" but is a noun: the line is a basis
    assert is_legal_basis(
        "Căn cứ Chương trình kiểm tra, giám sát năm 2025 của Ban Chấp hành Đảng bộ (Chương trình số 05-CTr/ĐU);"
    )
    assert not is_legal_basis("Căn cứ hướng dẫn của Bộ Y tế, đề nghị các đơn vị báo cáo trước ngày 15/4.")


def test_a_notice_asking_for_itself_to_be_carried_out_is_its_closing() -> None:
    closing = "nghiêm túc triển khai thực hiện Thông báo kết luận này"
    assert not [t for t in _texts("zl02.pdf") if closing in t]


def test_names_with_commas_and_verbs_stay_whole() -> None:
    assignees = {a for t in _tasks("zl02.pdf") for a in t["assignees"]}
    steering = "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh"
    assert steering in assignees and "Ủy ban Kiểm tra Tỉnh ủy" in assignees
    assignees = {a for t in _tasks("zl01.pdf") for a in t["assignees"]}
    assert "Phòng Tổ chức đảng, đảng viên" in assignees


def test_a_procedure_step_is_a_duty_only_where_it_binds() -> None:
    # zl07 "III. QUY TRÌNH GIẢI QUYẾT": "Bước 2. Tiến hành: Tổ giải quyết tố cáo làm việc với …" says
    # how the procedure runs; "I. ĐỐI TƯỢNG, THẨM QUYỀN" says who is competent
    texts = _texts("zl07.pdf")
    assert not [t for t in texts if t.startswith(("Tiến hành:", "Kết luận:", "Bước"))]
    assert not [t for t in texts if t.startswith("Ủy ban kiểm tra đảng ủy cơ sở giải quyết tố cáo")]
    # zl01's steps bind ("Chậm nhất 05 ngày làm việc …", "trong thời hạn 10 ngày …", "Hằng năm, chi bộ
    # rà soát …"): each is a duty
    steps = [t for t in _texts("zl01.pdf") if t.startswith("Bước")]
    assert [s[:6] for s in steps] == ["Bước 2", "Bước 3", "Bước 4"]


@pytest.mark.parametrize(
    ("step", "binds"),
    [
        ("Bước 4. Chậm nhất 10 ngày kể từ ngày có kết luận, tổ chức đảng phải thông báo kết luận.", True),
        # inside a step "đề nghị" is the step's proposal, not a request to the reader (the writers of
        # sets 34 and 35); a step that opens with the request asks (directives.describes_step)
        ("Bước 2: Chi bộ xem xét; đề nghị cấp ủy cấp trên xem xét.", False),
        ("Bước 2: Chi bộ xem xét; chi ủy có trách nhiệm hoàn thiện hồ sơ.", True),
        ("Bước 2. Tiến hành: Tổ giải quyết tố cáo làm việc với người tố cáo.", False),
        ("Bước 3. Kết luận: nếu đảng viên có vi phạm đến mức phải xử lý kỷ luật thì thực hiện quy trình.", False),
    ],
)
def test_what_makes_a_step_bind(step: str, binds: bool) -> None:
    assert genres.step_binds(step) is binds


SET26 = Path(__file__).parent / "fixtures" / "heldout" / "set26" / "docs"


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        # a verb inside the name ("xây dựng") and a "và" that joins two halves of one name
        ("zn04.pdf", "Cục Kinh tế - Quản lý đầu tư xây dựng"),
        ("zn05.docx", "Cục Nhà giáo và Cán bộ quản lý giáo dục"),
        ("zn05.docx", "Sở Nội vụ"),  # "Sở Nội vụ tuyển dụng đủ số giáo viên …": the name ends at its verb
    ],
)
def test_ministry_units_named_with_verbs_and_conjunctions_stay_whole(name: str, unit: str) -> None:
    record = extract_file(SET26 / name)
    assert record is not None
    assert unit in {a for t in record.tasks for a in t.assignees}


def test_the_unit_vocabulary_loads_and_names_units() -> None:
    from congvan.extractors.vocab import load_table

    units = load_table("central_units")["units"]
    assert len(units) == len(set(units)) > 50
    assert all(u.split()[0] in {"Vụ", "Cục", "Báo", "Trung", "Hạt", "Chi", "Ủy"} for u in units)


def test_the_who_does_what_heading_of_a_guidance_letter_lays_duties() -> None:
    # set 28's zp10: "… hướng dẫn như sau: 1. Đối tượng, tiêu chuẩn: … 2. Tổ chức thực hiện: - Hội
    # Nông dân các xã, phường tổ chức bình xét …, hoàn thành trước ngày 20/12/2026."
    path = Path(__file__).parent / "fixtures" / "heldout" / "set28" / "docs" / "zp10.pdf"
    record = extract_file(path)
    assert record is not None
    dated = {str(t.deadline.date) for t in record.tasks if t.deadline and t.deadline.date}
    assert {"2026-12-20", "2026-12-28"} <= dated


def test_a_conclusions_agreement_with_a_report_lays_no_duty() -> None:
    # set 28's zp09: "1. Cơ bản thống nhất với báo cáo của Văn phòng Đảng ủy. Năm 2026, …"
    path = Path(__file__).parent / "fixtures" / "heldout" / "set28" / "docs" / "zp09.pdf"
    record = extract_file(path)
    assert record is not None
    texts = [t.text for t in record.tasks]
    assert not [t for t in texts if t.startswith("Cơ bản thống nhất")]
    assert [t for t in texts if t.startswith("Giao Văn phòng Đảng ủy chủ trì")]


def test_a_short_action_title_over_prose_that_names_who_acts_is_a_heading() -> None:
    # set 28's zp07: "2. Xây dựng kế hoạch năm 2027" over "Các đơn vị xây dựng dự thảo kế hoạch năm
    # 2027, gửi về Sở trước ngày 25/12/2026; …": the prose is the duty, the title its topic
    path = Path(__file__).parent / "fixtures" / "heldout" / "set28" / "docs" / "zp07.pdf"
    record = extract_file(path)
    assert record is not None
    texts = [t.text for t in record.tasks]
    assert "Xây dựng kế hoạch năm 2027" not in texts
    assert [t for t in texts if t.startswith("Các đơn vị xây dựng dự thảo kế hoạch năm 2027")]


SET34 = Path(__file__).parent / "fixtures" / "heldout" / "set34" / "docs"


@pytest.mark.parametrize(
    ("name", "described", "assigned"),
    [
        # "III. MỘT SỐ TRƯỜNG HỢP CỤ THỂ" before "IV. TỔ CHỨC THỰC HIỆN": how the procedure treats a
        # case, not a duty; the duties are the execution part's
        ("zv06.pdf", "Đảng viên đang bị thi hành kỷ luật", "Vụ Tổ chức đảng, đảng viên chủ trì"),
        # a Sở's admissions guidance: what candidates do is the procedure, the schools' duties are assigned
        ("zv04.pdf", "Thí sinh đăng ký dự tuyển", "Báo cáo kết quả tuyển sinh về Sở"),
    ],
)
def test_parts_before_the_execution_part_of_a_guidance_describe_its_procedure(
    name: str, described: str, assigned: str
) -> None:
    record = extract_file(SET34 / name)
    assert record is not None
    texts = [t.text for t in record.tasks]
    assert not [t for t in texts if t.startswith(described)]
    assert [t for t in texts if t.startswith(assigned)]


def test_an_unnamed_part_describes_a_procedure_only_where_a_later_part_assigns() -> None:
    assert genres.is_step_section(None, "huong_dan", assigned_later=True)
    assert not genres.is_step_section(None, "huong_dan", assigned_later=False)
    # a plan's or a dispatch's parts lay duties whatever follows them
    assert not genres.is_step_section(None, "ke_hoach", assigned_later=True)
    assert genres.is_step_section("quy_trinh", "huong_dan")


def test_a_plans_topics_before_its_execution_part_are_no_tasks() -> None:
    # zv08, a city's kế hoạch: "III. NỘI DUNG" lists what the plan covers ("Hạ tầng và dữ liệu: phát
    # triển Trung tâm dữ liệu …"); "V. TỔ CHỨC THỰC HIỆN" and its appendix table assign the work
    record = extract_file(SET34 / "zv08.pdf")
    assert record is not None
    texts = [t.text for t in record.tasks]
    assert not [t for t in texts if t.startswith(("Hạ tầng và dữ liệu:", "Đổi mới sáng tạo:", "Hoàn thiện thể chế:"))]
    assert len(texts) >= 10  # the execution part's and the table's duties stay


@pytest.mark.parametrize(
    ("title", "topics"),
    [
        ("II. NỘI DUNG", True),
        ("1. Nội dung tuyên truyền", True),
        ("II. NỘI DUNG, HÌNH THỨC VÀ THỜI GIAN", True),
        ("II. NỘI DUNG, NHIỆM VỤ", False),  # the duties
        ("III. NỘI DUNG THỰC HIỆN", False),
        ("II. NHIỆM VỤ, GIẢI PHÁP", False),
    ],
)
def test_which_titles_head_a_plans_topics(title: str, topics: bool) -> None:
    assert genres.is_topic_title(title.split(". ", 1)[1]) is topics
