"""Line breaks put back into plain text whose crawler ran the header and the foot together
(pipeline/text/unrun.py), on constructed crawls in tests/fixtures/runon."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.pipeline.run import extract_file
from congvan.pipeline.settings import Settings
from congvan.pipeline.text.unrun import unrun

RUNON = Path(__file__).parent / "fixtures" / "runon"


def test_a_run_on_cong_van_reads_as_its_printed_layout() -> None:
    record = extract_file(RUNON / "vpcp-cong-van.txt", Settings())
    assert record is not None
    assert (record.number, str(record.issued_date), record.issued_place) == ("2739/VPCP-ĐMDN", "2019-04-05", "Hà Nội")
    assert record.issuer == "VĂN PHÒNG CHÍNH PHỦ"
    assert record.subject == "quy định về quản trị doanh nghiệp tại Luật Doanh nghiệp chưa được thực thi"
    assert record.signer is not None
    assert (record.signer.name, record.signer.title, record.signer.on_behalf_of) == (
        "Lê Mạnh Hà", "PHÓ CHỦ NHIỆM", "BỘ TRƯỞNG, CHỦ NHIỆM"
    )
    assert [r.name for r in record.recipients if r.kind == "noi_nhan"] == [
        "Như trên", "Thủ tướng, các Phó Thủ tướng", "Hiệp hội Doanh nghiệp nhỏ và vừa Việt Nam",
        "VPCP: BTCN, các PCN, Trợ lý TTg, các Vụ: KTTH, PL",
    ]
    assert any("chép liền trên một dòng" in w for w in record.warnings)


def test_a_run_on_ke_hoach_keeps_its_title_subject_and_stacked_signature() -> None:
    record = extract_file(RUNON / "ubnd-ke-hoach.txt", Settings())
    assert record is not None
    assert record.document_type == "ke_hoach" and record.number == "12/KH-UBND"
    assert record.subject == "Triển khai công tác cải cách hành chính năm 2026"
    assert record.signer is not None
    assert record.signer.signature_block == "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn An"
    assert [(t.assignees, str(t.deadline.date) if t.deadline else None) for t in record.tasks] == [
        (["Sở Nội vụ"], "2026-06-30"), (["Sở Tư pháp"], "2026-09-15")
    ]


@pytest.mark.parametrize(
    ("line", "lines"),
    [
        pytest.param(
            "Nơi nhận: - Như trên; - Lưu: VT. TL. BỘ TRƯỞNG VỤ TRƯỞNG VỤ PHÁP CHẾ Trần Thị Bình",
            ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TL. BỘ TRƯỞNG", "VỤ TRƯỞNG VỤ PHÁP CHẾ", "Trần Thị Bình"],
            id="tl-two-titles",
        ),
        pytest.param(
            "Nơi nhận: - Như trên; - Lưu: VT. HIỆU TRƯỞNG Nguyễn Văn Hùng",
            ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "HIỆU TRƯỞNG", "Nguyễn Văn Hùng"],
            id="head-without-prefix",
        ),
        pytest.param(
            "Nơi nhận: - Như trên; - Lưu VT, BTC. T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ Lê Văn Cường",
            ["Nơi nhận:", "- Như trên;", "- Lưu VT, BTC.", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Lê Văn Cường"],
            id="party-slashed-prefix",
        ),
        pytest.param(
            "THỦ TƯỚNG Nguyễn Văn Thành Nơi nhận: - Ban Bí thư; - Lưu: VT, NN (3b).",
            ["THỦ TƯỚNG", "Nguyễn Văn Thành", "Nơi nhận:", "- Ban Bí thư;", "- Lưu: VT, NN (3b)."],
            id="signature-before-the-list",
        ),
        pytest.param(
            "KT. BỘ TRƯỞNG THỨ TRƯỞNG (Đã ký) Trung tướng Tô Văn Tùng Nơi nhận: - Như trên; - Lưu: VT.",
            ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "(Đã ký) Trung tướng", "Tô Văn Tùng", "Nơi nhận:", "- Như trên;",
             "- Lưu: VT."],
            id="signed-mark-and-rank-before-the-name",
        ),
        pytest.param(
            "Nơi nhận:\t- Như trên;\t- Lưu: VT.\tKT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn An",
            ["Nơi nhận:", "- Như trên;", "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn An"],
            id="cells-joined-by-tabs",
        ),
    ],
)
def test_a_run_on_foot_is_broken_at_its_entries_prefix_title_and_name(line: str, lines: list[str]) -> None:
    text, changed = unrun(line)
    assert changed and text.split("\n") == lines
    assert len(text) == len(line)  # a space became each break: offsets hold


@pytest.mark.parametrize(
    ("line", "lines"),
    [
        pytest.param(
            "ĐẢNG BỘ TỈNH LÂM ĐỒNG HUYỆN ỦY ĐỨC TRỌNG * Số 15-NQ/HU ĐẢNG CỘNG SẢN VIỆT NAM --------------- "
            "Đức Trọng, ngày 10 tháng 3 năm 2025",
            ["ĐẢNG BỘ TỈNH LÂM ĐỒNG", "HUYỆN ỦY ĐỨC TRỌNG", "*", "Số 15-NQ/HU", "ĐẢNG CỘNG SẢN VIỆT NAM",
             "---------------", "Đức Trọng, ngày 10 tháng 3 năm 2025"],
            id="party-header",
        ),
        pytest.param(
            "BỘ QUỐC PHÒNG CỤC CHÍNH TRỊ ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ["BỘ QUỐC PHÒNG", "CỤC CHÍNH TRỊ", "-------", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
            id="two-bodies-a-name-with-an-opener-inside",
        ),
        pytest.param(
            "Số: 3456/C06-TTDLDC KHẨN V/v đẩy mạnh thu thập | Hà Nội, ngày 28 tháng 11 năm 2023",
            ["Số: 3456/C06-TTDLDC", "KHẨN", "V/v đẩy mạnh thu thập", "  Hà Nội, ngày 28 tháng 11 năm 2023"],
            id="row-order-cells-joined-by-bars",
        ),
        pytest.param(
            "6. Chủ tịch UBND các tỉnh: a) Kiện toàn Ban. b) Rà soát; hoàn thành. c) Định kỳ báo cáo.",
            ["6. Chủ tịch UBND các tỉnh:", "a) Kiện toàn Ban.", "b) Rà soát; hoàn thành.", "c) Định kỳ báo cáo."],
            id="lettered-points",
        ),
        pytest.param(
            "2. Sở Nội vụ làm A. 3. Sở Tư pháp làm B.", ["2. Sở Nội vụ làm A.", "3. Sở Tư pháp làm B."],
            id="numbered-items",
        ),
    ],
)
def test_a_run_on_header_and_points_are_broken_at_their_parts(line: str, lines: list[str]) -> None:
    text, changed = unrun(line)
    assert changed and text.split("\n") == lines


@pytest.mark.parametrize(
    "line",
    [
        # points out of order, or after no sentence's end, are a sentence's words
        "Theo Điều 5. Luật số 12. Khoản 3. Mục b) của",
        # two columns read across with a wide gap (pdftotext -layout): read as they are
        "BỘ TÀI CHÍNH                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Nơi nhận:                   KT. BỘ TRƯỞNG",
        # the foot's two columns, one line each: the label then the prefix
        "Nơi nhận: KT. BỘ TRƯỞNG",
        # a body sentence with a number and a date is no header
        "Thực hiện Kết luận số 34-KL/TW ngày 18 tháng 5 năm 2026 của Bộ Chính trị",
        # a compound title is one title
        "KT. BỘ TRƯỞNG, CHỦ NHIỆM",
    ],
)
def test_lines_laid_out_as_printed_are_left_alone(line: str) -> None:
    assert unrun(line) == (line, False)
