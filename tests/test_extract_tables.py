"""Tables of tasks: a kế hoạch's appendix in a real DOCX and a real text-layer PDF gives one task per
row with its lead, supporting bodies and deadline; layout and non-task tables give none."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from congvan.extractors import tasks
from congvan.extractors.base import Context
from congvan.extractors.obligations.tables import cell_deadlines, header_roles, resolve_cell, table_tasks
from congvan.extractors.vocab import load_table
from congvan.pipeline.document import SourceFile
from congvan.pipeline.ocr.tables import cell_boxes, find_grids, levelled, skew_degrees
from congvan.pipeline.settings import Settings
from congvan.pipeline.text import acquire_text
from tests.tables_fixtures import build_docx, build_pdf, build_scan, build_scan_run_on, expected

ISSUED = date(2025, 1, 15)


def _text(name: str, data: bytes) -> str:
    doc = acquire_text(SourceFile(Path(name), data, hashlib.sha256(data).hexdigest(), ""), Settings())
    return doc.text


def _row_tasks(text: str) -> list[dict[str, Any]]:
    found = tasks.extract(text, Context(issued_date=ISSUED))
    return [c.value for c in found.candidates if c.rule == "tasks.table_row"]


@pytest.fixture(scope="module", params=["docx", "pdf", "pdf-header-once"])
def row_tasks(request: pytest.FixtureRequest) -> list[dict[str, Any]]:
    """The plan as DOCX, as PDF with the header row repeated on the table's second page, and as
    PDF without (the second page's rows are known as the same table by their column count)."""
    if request.param == "docx":
        return _row_tasks(_text("ke_hoach.docx", build_docx()))
    data = build_pdf(repeat_header=request.param == "pdf")
    return _row_tasks(_text("ke_hoach.pdf", data))


def test_the_column_wordings_load() -> None:
    roles = load_table("table_columns")["roles"]
    assert {"stt", "task", "lead", "supporting", "deadline", "product", "note"} <= set(roles)


@pytest.fixture(scope="module")
def scan() -> bytes:
    return build_scan()


def test_the_ruling_lines_of_a_scanned_table_give_its_grid(scan: bytes) -> None:
    import io

    gray = np.asarray(Image.open(io.BytesIO(scan)).convert("L"))
    [grid] = find_grids(gray)
    assert (len(grid.rows), len(grid.cols)) == (12, 6)  # header + 3 section rows + 7 rows; 5 columns
    section, task = cell_boxes(grid, 1), cell_boxes(grid, 2)
    assert [box is None for box in section] == [False, False, True, True, True]  # merged across
    assert all(box is not None for box in task)


@pytest.mark.parametrize("degrees", [-1.2, 0.6, 1.8])
def test_a_table_scanned_askew_is_levelled_before_its_rules_are_found(scan: bytes, degrees: float) -> None:
    import io

    page = Image.open(io.BytesIO(scan)).convert("L")
    turned = np.asarray(page.rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor=255))
    assert find_grids(turned) == []  # askew, no row or column of pixels holds a whole rule
    assert skew_degrees(turned) == pytest.approx(-degrees, abs=0.15)
    [grid] = find_grids(levelled(turned))
    assert (len(grid.rows), len(grid.cols)) == (12, 6)


@pytest.mark.slow
@pytest.mark.ocr
def test_a_scanned_table_run_on_without_its_header_keeps_every_row_by_real_tesseract() -> None:
    # the header row is printed once, on the first page; the second page's grid opens the page
    text = _text("phu_luc_2_trang.pdf", build_scan_run_on())
    found, _ = table_tasks(text, ISSUED)
    want = expected()["rows"]
    assert [got["text"][:12] for got in found] == [row["starts"][:12] for row in want]
    assert [got["deadline"]["date"] for got in found] == [row["deadline"] for row in want]


@pytest.mark.slow
@pytest.mark.ocr
def test_a_scanned_table_gives_one_task_per_row_by_real_tesseract(scan: bytes) -> None:
    text = _text("phu_luc.png", scan)
    found, _ = table_tasks(text, ISSUED)
    want = expected()["rows"]
    assert len(found) == len(want)
    for got, row in zip(found, want, strict=True):
        assert got["text"].startswith(row["starts"])
        assert (got["lead"], got["supporting"], got["assignees"]) == (row["lead"], row["supporting"], row["assignees"])
        assert got["deadline"]["date"] == row["deadline"]


def test_a_faint_copy_of_a_scanned_table_gives_the_same_rows_by_real_tesseract(scan: bytes) -> None:
    # class: worn toner or a duplicator's copy, print at about 150 on white (the manifest's faint
    # grey-purple scans): a fixed ink threshold read every cell as empty
    import io

    gray = Image.open(io.BytesIO(scan)).convert("L")
    faint = gray.point(lambda v: int(255 - (255 - v) * 0.45))
    assert min(faint.getdata()) > 128
    out = io.BytesIO()
    faint.save(out, format="PNG")
    found, _ = table_tasks(_text("phu_luc_faint.png", out.getvalue()), ISSUED)
    want = expected()["rows"]
    assert [(got["lead"], got["deadline"]["date"]) for got in found] == [(r["lead"], r["deadline"]) for r in want]


def test_one_task_per_row(row_tasks: list[dict[str, Any]]) -> None:
    assert len(row_tasks) == len(expected()["rows"])


@pytest.mark.parametrize("index", range(len(expected()["rows"])), ids=lambda i: f"row{i + 1}")
def test_each_row_has_its_lead_supporting_bodies_and_deadline(
    row_tasks: list[dict[str, Any]], index: int
) -> None:
    want = expected()["rows"][index]
    got = row_tasks[index]
    assert got["text"].startswith(want["starts"])
    assert got["text"].endswith(want.get("ends", got["text"][-10:]))
    assert got["lead"] == want["lead"]
    assert got["supporting"] == want["supporting"]
    assert got["assignees"] == want["assignees"]
    assert got["deadline"]["date"] == want["deadline"]


def test_rows_are_not_read_again_as_prose_directives() -> None:
    text = _text("ke_hoach.docx", build_docx())
    found = tasks.extract(text, Context(issued_date=ISSUED)).candidates
    table_start = text.index("STT | Nội dung công việc")
    assert all(c.start < table_start for c in found if c.rule != "tasks.table_row")
    assert any(c.rule == "tasks.directive" and "Sở Nội vụ" in c.value["assignees"] for c in found)


def test_the_pdf_table_replaces_the_pages_scattered_lines() -> None:
    text = _text("ke_hoach.pdf", build_pdf())
    assert "4 | Rà soát, đơn giản hóa thủ tục hành chính trong lĩnh vực đất đai và xây dựng" in text
    assert text.count("| Cơ quan chủ trì |") == 2  # header repeated on the table's second page


def test_an_unruled_table_the_finder_cannot_split_keeps_the_pages_words() -> None:
    text = _text("khong_ke.pdf", build_pdf(spacer_mm=0, ruled=False))
    assert " | " not in text  # pdfplumber's text-aligned columns cut words: no header, not used
    assert "Rà soát, đánh giá hệ thống văn bản" in text


PARTICIPANTS = [
    ["STT", "Họ và tên", "Chức vụ", "Đơn vị"],
    ["1", "Nguyễn Văn An", "Giám đốc", "Sở Tư pháp"],
    ["2", "Trần Thị Bình", "Phó Giám đốc", "Sở Nội vụ"],
]
PRICES = [
    ["STT", "Tên hàng hóa", "Đơn vị tính", "Đơn giá (đồng)"],
    ["1", "Giấy A4 Double A", "Ram", "75.000"],
    ["2", "Mực in HP 107A", "Hộp", "1.250.000"],
]
PROGRAMME = [
    ["Thời gian", "Nội dung", "Chủ trì"],
    ["08h00 - 08h30", "Đón tiếp đại biểu", "Văn phòng UBND tỉnh"],
    ["08h30 - 10h00", "Báo cáo kết quả thực hiện nhiệm vụ năm 2024", "Sở Nội vụ"],
]


@pytest.mark.parametrize(
    "table", [pytest.param(PARTICIPANTS, id="participants"), pytest.param(PRICES, id="price-list"),
              pytest.param(PROGRAMME, id="programme")]
)
def test_a_table_that_is_no_table_of_tasks_gives_no_task(table: list[list[str]]) -> None:
    text = _text("giay_moi.docx", build_docx(extra_tables=[table], with_tasks=False))
    assert table[1][1] in text
    assert _row_tasks(text) == []
    assert table_tasks(text, ISSUED) == ([], [])


def test_a_two_column_layout_table_gives_no_task() -> None:
    text = _text("layout.docx", build_docx(extra_tables=[[["Nơi nhận:", "KT. CHỦ TỊCH"],
                                                           ["- Sở Nội vụ;", "Nguyễn Văn Minh"]]], with_tasks=False))
    assert "| " not in text
    assert _row_tasks(text) == []


def test_header_roles_need_a_task_and_a_lead_column() -> None:
    assert header_roles(["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ"]) == {
        0: "stt", 1: "task", 2: "lead", 3: "supporting", 4: "deadline"
    }
    assert header_roles(["TT", "Nội dung", "Thời gian"]) is None
    assert header_roles(["THOI GIAN HOAN THANH", "NOI DUNG", "CHU TRI"]) is None


@pytest.mark.parametrize(
    ("cell", "day"),
    [("Quý III/2025", "2025-09-30"), ("Tháng 10/2025", "2025-10-31"), ("30/9/2025", "2025-09-30"),
     ("Trước ngày 31/8/2025", "2025-08-31"), ("Thường xuyên", None)],
)
def test_a_deadline_cell_is_resolved_and_kept_as_printed(cell: str, day: str | None) -> None:
    value = resolve_cell(cell, ISSUED)
    assert (value["date"] if value else None) == day
    if value:
        assert value["text"] == cell


def test_a_row_with_a_term_per_stage_is_one_task_per_stage_and_a_lead_cell_is_its_name() -> None:
    # class: kế hoạch appendices whose last row is the mid-term and final review (blind set 44,
    # zaf04): "Sơ kết: tháng 6/2026; tổng kết: tháng 12/2026" (gold guide: two deadlines, two tasks)
    table = [
        ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
        ["1", "Tập huấn nghiệp vụ cho công chức cấp xã", "Trung tâm Quy hoạch và Kiểm định xây dựng", "Văn phòng Sở",
         "Tháng 3/2025"],
        ["2", "Sơ kết 6 tháng và tổng kết việc thực hiện Kế hoạch", "Văn phòng Sở", "Các phòng, đơn vị thuộc Sở",
         "Sơ kết: tháng 6/2025; tổng kết: tháng 12/2025"],
    ]
    text = _text("ke_hoach_so.docx", build_docx(extra_tables=[table], with_tasks=False))
    rows = _row_tasks(text)
    assert [(t["text"], t["deadline"]["date"], t["deadline"]["text"]) for t in rows] == [
        ("Tập huấn nghiệp vụ cho công chức cấp xã", "2025-03-31", "Tháng 3/2025"),
        ("Sơ kết 6 tháng và tổng kết việc thực hiện Kế hoạch", "2025-06-30", "Sơ kết: tháng 6/2025"),
        ("Sơ kết 6 tháng và tổng kết việc thực hiện Kế hoạch", "2025-12-31", "tổng kết: tháng 12/2025"),
    ]
    # a lead cell's "và" before a word that heads no body is the name's (zaf04's row 4)
    assert rows[0]["lead"] == ["Trung tâm Quy hoạch và Kiểm định xây dựng"]
    # two parts of one date, or a part without one, stay the cell's one deadline
    assert len(cell_deadlines("Quý I/2025; Quý I/2025", ISSUED)) == 1
    assert len(cell_deadlines("Tháng 6/2025; khi có yêu cầu", ISSUED)) == 1


def test_a_category_co_operator_of_a_row_supports_only() -> None:
    # gold guide: a named co-operator is also an assignee, a category of people or units is not
    table = [
        ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
        ["1", "Tổ chức tập huấn phòng cháy, chữa cháy", "Phòng Hành chính", "Công đoàn cơ sở; cán bộ, nhân viên",
         "Tháng 3/2025"],
        ["2", "Rà soát hồ sơ nhân sự", "Phòng Tổ chức cán bộ", "Các khoa, phòng", "Quý II/2025"],
    ]
    text = _text("ke_hoach_bv.docx", build_docx(extra_tables=[table], with_tasks=False))
    assert [(t["assignees"], t["supporting"]) for t in _row_tasks(text)] == [
        (["Phòng Hành chính", "Công đoàn cơ sở"], ["Công đoàn cơ sở", "cán bộ, nhân viên"]),
        (["Phòng Tổ chức cán bộ"], ["Các khoa, phòng"]),
    ]


def test_a_header_whose_narrow_cells_wrap_their_words_still_shows_a_table() -> None:
    # class: printed PDFs whose header cells wrap ("Đơn vị chủ | trì"): the page text, line by line,
    # interleaves the cells' lines (blind set 14's Tỉnh đoàn plan, zb07, page 2)
    from congvan.extractors.obligations.tables import shows_table_header

    page = """STT Nội dung công việc Đơn vị chủ Đơn vị phối Thời gian hoàn
trì hợp

thành
1 Tổ chức Lễ ra quân Ban Phong Thành Đoàn 01/6/2025"""
    assert shows_table_header(page)
    assert not shows_table_header("Đơn vị chủ động rà soát, báo cáo kết quả thực hiện.")
    # a word-processor print whose header words each wrap onto lines of their own (blind set 32's
    # company plan, zt06: "Đơn vị thực" / "hiện", "Thời gian" / "hoàn" / "thành")
    wrapped = """Đơn vị thực
STT Nội dung

Thời gian
hoàn Sản phẩm

hiện

thành

1 Ban hành hướng dẫn, biểu mẫu Phòng Kế toán -"""
    assert shows_table_header(wrapped)
    # a scan's OCR that lost the narrow lead cell ("Đơn vị thực / hiện") still shows the numbered
    # table by its STT, task and deadline cells (set 32 scanned, zt06)
    assert shows_table_header("STT\nNội dung\n1\nBan hành hướng dẫn\nThời gian\nhoàn\nSản phẩm")
    assert not shows_table_header("Nội dung kiểm kê gồm tài sản, vật tư; thời gian hoàn thành trước ngày 10/12/2025.")
    # an admissions timeline whose time column says only "Thời gian": STT, task and lead (zt04)
    assert shows_table_header("Đơn vị thực\nSTT Thời gian\n1 Từ 01/4 đến\nNội dung\nhiện\nHọc sinh lớp 9 đăng ký")


# A faculty's timeline (class: thông báo and kế hoạch of schools, faculties and hospitals): when,
# what, a note; no lead column. Each row is a task; its doer is the row's own subject, else the
# addressees of the Kính gửi block.
TIMELINE = [
    ["Thời gian", "Nội dung công việc", "Ghi chú"],
    ["Từ 05/01 đến 10/01/2025", "Sinh viên đăng ký hình thức tốt nghiệp trên hệ thống quản lý đào tạo.", "Trực tuyến"],
    ["Trước 17h00 ngày 15/01/2025", "Các bộ môn gửi danh sách đề tài về Văn phòng Khoa.", "Bản mềm"],
    ["Tháng 02/2025", "Hoàn thành chấm khóa luận, nhập điểm lên hệ thống.", ""],
]
# A conference programme has the same shape with clock times: sessions, not duties.
PROGRAMME_TIMES = [
    ["Thời gian", "Nội dung công việc", "Ghi chú"],
    ["08h00 - 08h30", "Đón tiếp đại biểu, phát tài liệu.", ""],
    ["08h30 - 09h00", "Khai mạc hội nghị.", ""],
    ["09h00 - 10h30", "Báo cáo tổng kết công tác năm 2024.", ""],
]


def _timeline_text(table: list[list[str]]) -> str:
    rows = "\n".join(" | ".join(row) for row in table)
    return f"""KHOA CÔNG NGHỆ THÔNG TIN
Số: 12/TB-KCNTT
Nghệ An, ngày 15 tháng 01 năm 2025
THÔNG BÁO
Kế hoạch bảo vệ khóa luận tốt nghiệp
Kính gửi: Giảng viên các bộ môn thuộc Khoa.
Khoa thông báo kế hoạch như sau:
{rows}
Nơi nhận:
- Như trên;
- Lưu: VT.
"""


def test_header_roles_of_a_timeline_without_a_lead_column() -> None:
    assert header_roles(["Thời gian", "Nội dung công việc", "Ghi chú"]) == {0: "deadline", 1: "task", 2: "note"}
    # a bare "Nội dung" may head any list; a schedule of meetings names its place and attendees
    assert header_roles(["TT", "Nội dung", "Thời gian"]) is None
    assert header_roles(["Thời gian", "Nội dung công việc", "Địa điểm", "Thành phần"]) is None


def test_a_timeline_row_is_laid_on_its_subject_or_on_the_addressees() -> None:
    addressees = [{"name": "Giảng viên các bộ môn thuộc Khoa", "kind": "kinh_gui", "purpose": None}]
    found = tasks.extract(_timeline_text(TIMELINE), Context(issued_date=ISSUED, known={"recipients": addressees}))
    rows = [c.value for c in found.candidates if c.rule == "tasks.table_row"]
    assert [(r["assignees"], (r["deadline"] or {}).get("date")) for r in rows] == [
        (["Sinh viên"], "2025-01-10"),
        (["Các bộ môn"], "2025-01-15"),
        (["Giảng viên các bộ môn thuộc Khoa"], "2025-02-28"),
    ], rows


def test_a_programme_of_clock_times_gives_no_task() -> None:
    assert _row_tasks(_timeline_text(PROGRAMME_TIMES)) == []


def test_a_timeline_in_a_word_table_gives_one_task_per_row() -> None:
    text = _text("thong_bao.docx", build_docx(extra_tables=[TIMELINE], with_tasks=False))
    rows = _row_tasks(text)
    assert [r["text"].split()[0] for r in rows] == ["Sinh", "Các", "Hoàn"], rows


def test_a_lead_cell_merged_down_rows_is_every_rows_lead_and_a_cell_splits_at_semicolons() -> None:
    table = [
        ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"],
        ["1", "Rà soát thủ tục hành chính.", "Văn phòng UBND xã", "Trưởng thôn; Chi hội Phụ nữ thôn", "Tháng 3/2025"],
        ["2", "Niêm yết công khai thủ tục hành chính.", "", "", "Tháng 4/2025"],
    ]
    text = "\n".join(" | ".join(row) for row in table)
    rows, _ = table_tasks(text, ISSUED)
    assert [r["lead"] for r in rows] == [["Văn phòng UBND xã"], ["Văn phòng UBND xã"]]
    assert rows[0]["supporting"] == ["Trưởng thôn", "Chi hội Phụ nữ thôn"]


def test_a_row_the_table_finder_left_as_loose_lines_is_still_a_row() -> None:
    # class: a PDF table whose lead cell is merged across a page break: the row under it has no top
    # rule on its page, and the finder prints it as loose lines between two pieces of the table
    # (blind set 32, zt02)
    text = """Thời gian | Nội dung | Bộ phận / người thực hiện
Trước ngày 28/02/2026 | Xây dựng kế hoạch ôn tập chi tiết của từng môn. | Tổ trưởng chuyên môn
Tháng 4/2026 | Tổ chức thi thử tốt nghiệp lần 1. | Phó Hiệu trưởng

Trước ngày
20/5/2026

Tổ chức thi thử lần 2; thông báo kết quả
đến cha mẹ học sinh.
Từ 05/5 đến 25/5/2026 | Hướng dẫn học sinh đăng ký dự thi trực tuyến. | Giáo viên chủ nhiệm lớp 12
"""
    rows, _ = table_tasks(text, ISSUED)
    assert [(r["text"][:22], (r["deadline"] or {}).get("date"), r["lead"]) for r in rows] == [
        ("Xây dựng kế hoạch ôn t", "2026-02-28", ["Tổ trưởng chuyên môn"]),
        ("Tổ chức thi thử tốt ng", "2026-04-30", ["Phó Hiệu trưởng"]),
        ("Tổ chức thi thử lần 2;", "2026-05-20", ["Phó Hiệu trưởng"]),
        ("Hướng dẫn học sinh đăn", "2026-05-25", ["Giáo viên chủ nhiệm lớp 12"]),
    ]


def test_a_row_with_no_time_of_its_own_is_due_by_the_end_of_its_phase() -> None:
    # class: plans of communes and schools laid out by phases, the phase's period in its heading
    # row (blind set 32, zt05); a row's own time wins
    text = """TT | Nội dung công việc | Chủ trì | Phối hợp | Thời gian
Giai đoạn 1: Chuẩn bị (từ ngày 15/10 đến ngày 25/10/2025) |  |  |  |
1 | Thành lập Tổ rà soát tại các thôn. | Phòng Văn hóa - Xã hội |  | Trước ngày 20/10/2025
2 | Tập huấn quy trình rà soát cho Tổ rà soát. | Phòng Văn hóa - Xã hội |  |
Giai đoạn 2: Tổ chức rà soát |  |  |  |
3 | Họp dân tại thôn thống nhất kết quả. | Trưởng các thôn |  |
"""
    rows, _ = table_tasks(text, ISSUED)
    assert [(r["deadline"] or {}).get("date") for r in rows] == ["2025-10-20", "2025-10-25", None]
