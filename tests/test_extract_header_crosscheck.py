"""Header fields read independently and checked against each other (issue #14): the place without a
full date, the date against the e-signature time, a công văn without a title, a subject ended by
the layout, signature blocks on real scans. Fixtures are modelled on real dispatches (scans read
by Tesseract, web copies of dispatches, e-signed PDFs)."""

from __future__ import annotations

import pytest

from congvan.extractors import doctype, issuer, number, place_date, signer, subject
from congvan.extractors.base import Context, HandRead

OCR = Context(is_ocr=True)
TEXT = Context()

HEAD = "TRƯỜNG ĐẠI HỌC NGOẠI NGỮ\nSố: 38 /ĐHNN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
BODY = "\nKính gửi: Các đơn vị trực thuộc.\nThực hiện kế hoạch năm học, Trường thông báo như sau:\n"
ESIGN = "\n[Chữ ký số]\nTRƯỜNG ĐẠI HỌC NGOẠI NGỮ\nThời gian ký: 05.01.2022 09:13:12 +07:00\n"


def best(result, field):  # type: ignore[no-untyped-def]
    found = result.best(field)
    return found.value if found else None


@pytest.mark.parametrize(
    ("line", "place", "day"),
    [
        pytest.param("Đà Nẵng, ngày Z3 tháng 4@{ năm 2022", "Đà Nẵng", None, id="garbled-day-and-month"),
        pytest.param("Đà Nẵng, ngàyO(hángQ1 năm 2022", "Đà Nẵng", None, id="labels-glued-to-debris"),
        pytest.param("Lâm Đồng, ngày 06 tháng 1] năm 2025", "Lâm Đồng", "2025-11-06", id="month-bracket-for-1"),
    ],
)
def test_place_without_a_full_date(line: str, place: str, day: str | None) -> None:
    result = place_date.extract(HEAD + line + "\n" + BODY, OCR)
    assert (best(result, "issued_place"), best(result, "issued_date")) == (place, day)


def test_unreadable_date_falls_back_on_the_esignature_with_a_warning() -> None:
    result = place_date.extract(HEAD + "Đà Nẵng, ngày Z3 tháng 4@{ năm 2022\n" + BODY + ESIGN, OCR)
    assert best(result, "issued_date") == "2022-01-05"
    assert any("thời gian ký số" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("Đà Nẵng, ngày 28 tháng 01 năm 2022", "2022-01-05", id="handwritten-day-after-signing"),
        pytest.param("Đà Nẵng, ngày 05 tháng 01 năm 2022", "2022-01-05", id="day-equal-to-signing-kept"),
        pytest.param("Đà Nẵng, ngày 04 tháng 01 năm 2022", "2022-01-04", id="day-before-signing-kept"),
    ],
)
def test_issued_day_after_the_signing_time_loses(line: str, expected: str) -> None:
    result = place_date.extract(HEAD + line + "\n" + BODY + ESIGN, OCR)
    assert best(result, "issued_date") == expected
    later = "muộn hơn thời gian ký số"
    assert any(later in w for w in result.warnings) == line.startswith("Đà Nẵng, ngày 28")


@pytest.mark.parametrize(
    ("text", "place", "day"),
    [
        pytest.param(
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n|\nSố: 5095/SGDĐT-CTTTHSSV\n"
            "V/v tăng cường kiểm soát ô nhiễm\n|\nHà Nội, ngày 03\ntháng 12 năm 2025\n|\nKính gửi: Các đơn vị\n",
            "Hà Nội",
            "2025-12-03",
            id="web-copy-date-wrapped",
        ),
        pytest.param(
            "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\n"
            "Số: 4240/UBND-VX\nV/v khẩn trương hoàn thành cập nhật\n|\nThành phố Hồ Chí\n"
            "Minh, ngày 28 tháng 11 năm 2025\n|\nKính gửi: Các sở, ngành\n",
            "Thành phố Hồ Chí Minh",
            "2025-11-28",
            id="web-copy-place-wrapped",
        ),
    ],
)
def test_place_date_wrapped_in_a_web_table_cell(text: str, place: str, day: str) -> None:
    result = place_date.extract(text, TEXT)
    assert (best(result, "issued_place"), best(result, "issued_date")) == (place, day)


def test_header_after_a_web_page_information_panel() -> None:
    panel = "".join(f"|\n**{label}:**\n|\n{value}\n" for label, value in [
        ("Số hiệu", "4240/UBND-VX"), ("Loại văn bản", "Công văn"), ("Nơi ban hành", "Thành phố Hồ Chí Minh"),
        ("Người ký", "Nguyễn Mạnh Cường"), ("Ngày ban hành", "28/11/2025"), ("Ngày hiệu lực", "Đã biết"),
        ("Tình trạng", "Đã biết"), ("Lĩnh vực", "Bộ máy hành chính"), ("Nguồn", "Văn bản gốc"),
    ])
    dispatch = (
        "**ỦY BAN NHÂN DÂN\n**\nTHÀNH PHỐ HỒ CHÍ MINH\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
        "Độc lập - Tự do - Hạnh phúc\n|\nSố: 4240/UBND-VX\n*V/v khẩn trương hoàn thành cập nhật*\n|\n"
        "*Thành phố Hồ Chí Minh, ngày 28 tháng 11 năm 2025*\n|\n**Kính gửi:**\n- Các sở, ngành.\n"
    )
    text = "Đang tải văn bản...\n" + panel + dispatch
    assert best(doctype.extract(text, TEXT), "document_type") == "cong_van"
    assert best(subject.extract(text, TEXT), "subject") == "khẩn trương hoàn thành cập nhật"
    assert best(place_date.extract(text, TEXT), "issued_date") == "2025-11-28"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ\nSố: 2 /74,⁄/UBND- KSTTHC\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Phú Thọ, ngày tháng 12 năm 2011\n\nVề việc xây dựng kế hoạch rà\nsoát quy định, thủ tục hành chính.\n"
            "Kính gửi:\n- Các sở, ban, ngành;\n",
            "cong_van",
            id="handwritten-number-ve-viec",
        ),
        pytest.param(
            "SỞ Y TẾ\nSố: /GM-HĐĐT\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKiên Giang, ngày 5 tháng 4 năm 2018\n\n"
            "Về việc họp Tổ xây dựng Kế hoạch\nKính gửi: Các thành viên\n",
            "giay_moi",
            id="type-code-in-symbol-not-cong-van",
        ),
    ],
)
def test_cong_van_without_title(text: str, expected: str) -> None:
    assert best(doctype.extract(text, OCR), "document_type") == expected


def test_untitled_ve_viec_subject() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ\nSố: 2 /74,⁄/UBND- KSTTHC\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Phú Thọ, ngày tháng 12 năm 2011\n\nVề việc xây dựng kế hoạch rà\nsoát quy định, thủ tục hành chính.\n"
        "Kính gửi:\n- Các sở, ban, ngành;\n"
    )
    # the full stop printed after the trích yếu stays (gold guide: as printed; p14's gold)
    expected = "Về việc xây dựng kế hoạch rà soát quy định, thủ tục hành chính."
    assert best(subject.extract(text, OCR), "subject") == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            "V/v phúc khảo kết quả kỳ thi khảo sát năng lực\nchuẩn đầu ra cho sinh viên đợt thi\nngày 26/12/2021\n",
            "phúc khảo kết quả kỳ thi khảo sát năng lực chuẩn đầu ra cho sinh viên đợt thi ngày 26/12/2021",
            id="short-date-tail",
        ),
        pytest.param(
            "V/v góp ý dự thảo Nghị định\n(thay thế Nghị định số 30/2020/NĐ-CP)\n",
            "góp ý dự thảo Nghị định (thay thế Nghị định số 30/2020/NĐ-CP)",
            id="parenthesis-continuation",
        ),
        pytest.param(
            "V/v tổ chức học tập trung sau Tết Nguyên Đán\nNhâm Dần 2022\n",
            "tổ chức học tập trung sau Tết Nguyên Đán Nhâm Dần 2022",
            id="nham-dan-not-nham",
        ),
        pytest.param(
            "V/v tổ chức học tập trung\n\n(Kèm theo danh sách)\n",
            "tổ chức học tập trung",
            id="parenthesis-after-blank-ends-it",
        ),
        pytest.param(
            "V/v tổ chức học tập trung\n____\n", "tổ chức học tập trung", id="rule-line-ends-it"
        ),
    ],
)
def test_subject_ends_by_layout(lines: str, expected: str) -> None:
    text = "TRƯỜNG ĐẠI HỌC NGOẠI NGỮ\nSố: 38/ĐHNN\n" + lines + "\nKính gửi: Các đơn vị.\n"
    assert best(subject.extract(text, TEXT), "subject") == expected


FOOT = "\nĐề nghị các đơn vị thực hiện./.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n"


@pytest.mark.parametrize(
    ("block", "name", "title", "on_behalf_of"),
    [
        pytest.param("KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n\n\nPhạm Thị Thanh Trà\n", "Phạm Thị Thanh Trà",
                     "PHÓ THỦ TƯỚNG", "THỦ TƯỚNG", id="deputy-prime-minister"),
        pytest.param("BỘ TRƯỞNG, CHỦ NHIỆM\nỦY BAN DÂN TỘC\n\n\nHầu Văn Lềnh\n", "Hầu Văn Lềnh",
                     "BỘ TRƯỞNG, CHỦ NHIỆM ỦY BAN DÂN TỘC", None, id="compound-title"),
        pytest.param("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n-+'T§. Lê Thị Minh Đức\n", "Lê Thị Minh Đức",
                     "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC", id="seal-debris-before-name"),
        pytest.param("GIÁM ĐỐC\n\n(đã ký)\nNguyễn Văn An (đã ký)\n", "Nguyễn Văn An", "GIÁM ĐỐC", None,
                     id="signed-mark-on-name-line"),
        pytest.param("GIÁM ĐỐC\n\n\"Nguyễn Văn An ~~\n", "Nguyễn Văn An", "GIÁM ĐỐC", None,
                     id="stray-quote-and-strokes"),
    ],
)
def test_signature_blocks_on_real_scans(block: str, name: str, title: str, on_behalf_of: str | None) -> None:
    found = best(signer.extract(HEAD + BODY + FOOT + block, OCR), "signer")
    assert (found["name"], found["title"], found["on_behalf_of"]) == (name, title, on_behalf_of)


def test_attachment_signature_block_is_not_the_main_one() -> None:
    main = HEAD + BODY + FOOT + "KT. HIỆU TRƯỞNG\nPHÓ HIỆU TRƯỞNG\n\nPhạm Thị Tố Như\n"
    attached = (
        "\n\nỦY BAN NHÂN DÂN TỈNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nPHỤ LỤC\nDanh sách đơn vị\n"
        "1. Trường A\n2. Trường B\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrần Văn Bình\n"
    )
    found = best(signer.extract(main + attached, OCR), "signer")
    assert (found["name"], found["title"]) == ("Phạm Thị Tố Như", "PHÓ HIỆU TRƯỞNG")


GAZETTE = (
    "\nCHỈ THỊ\n            CỦA BỘ THÔNG TIN VÀ TRUYỀN THÔNG SỐ 07/2008/CT-BTTTT\n"
    "                          NGÀY 30 THÁNG 12 NĂM 2008\n"
    "  VỀ ĐẨY MẠNH SỬ DỤNG PHẦN MỀM MÃ NGUỒN MỞ TRONG HOẠT ĐỘNG CỦA CƠ QUAN, TỔ\n"
    "                                CHỨC NHÀ NƯỚC\n\n\n"
    "      Thực hiện Quyết định số 235/2004/QĐ-TTg ngày 02 tháng 3 năm 2004 của Thủ tướng Chính phủ,\n"
    "Bộ Khoa học và Công nghệ đã xây dựng tài liệu hướng dẫn sử dụng.\n"
)


@pytest.mark.parametrize(
    ("module", "field", "expected"),
    [
        pytest.param(number, "number", "07/2008/CT-BTTTT", id="number"),
        pytest.param(issuer, "issuer", "BỘ THÔNG TIN VÀ TRUYỀN THÔNG", id="issuer"),
        pytest.param(place_date, "issued_date", "2008-12-30", id="date"),
        pytest.param(
            subject,
            "subject",
            "VỀ ĐẨY MẠNH SỬ DỤNG PHẦN MỀM MÃ NGUỒN MỞ TRONG HOẠT ĐỘNG CỦA CƠ QUAN, TỔ CHỨC NHÀ NƯỚC",
            id="subject",
        ),
    ],
)
def test_reprinted_gazette_heading(module, field: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert best(module.extract(GAZETTE, TEXT), field) == expected


@pytest.mark.parametrize(
    ("block", "title"),
    [
        pytest.param("CHỦ TỊCH\nTY\ncua nã ỐNG\nPhạm Quang Ngọc\n", "CHỦ TỊCH", id="chu-tich-ty"),
        pytest.param("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTA\n\nNguyễn Hữu Độ\n", "THỨ TRƯỞNG", id="thu-truong-ta"),
        pytest.param("KT. GIÁM ĐỐC SỞ\nVÀ ĐÀO TẠO\nPHÓ GIÁM ĐỐC\n\nLê Văn Bình\n", "PHÓ GIÁM ĐỐC", id="wrapped-kept"),
    ],
)
def test_seal_strokes_under_a_title_are_not_title_lines(block: str, title: str) -> None:
    found = best(signer.extract(HEAD + BODY + FOOT + block, OCR), "signer")
    assert found["title"] == title


def _hand(**reads: tuple[str, str | None]) -> Context:
    return Context(is_ocr=True, handwritten={k: HandRead(k, d, p) for k, (d, p) in reads.items()})


NUMBERED = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: {digits} /UBND-TTHC\nV/v tổ chức hội nghị\n\n"


@pytest.mark.parametrize(
    ("printed", "reads", "expected"),
    [
        pytest.param("1571", {"number": ("1571", "157")}, None, id="hand-read-disagrees-with-page-null"),
        pytest.param("157", {"number": ("157", "157")}, "157/UBND-TTHC", id="hand-read-agrees"),
        pytest.param("1571", {"number": ("1571", None)}, "1571/UBND-TTHC", id="page-read-nothing"),
        pytest.param("1571", {}, "1571/UBND-TTHC", id="no-handwriting"),
    ],
)
def test_handwritten_number_against_the_page_reading(
    printed: str, reads: dict[str, tuple[str, str | None]], expected: str | None
) -> None:
    result = number.extract(NUMBERED.format(digits=printed) + BODY, _hand(**reads))
    assert best(result, "number") == expected
    assert any("viết tay" in w for w in result.warnings) == (expected is None)


@pytest.mark.parametrize(
    ("esign", "expected", "warning"),
    [
        pytest.param(ESIGN, "2022-01-05", "lấy ngày ký số", id="hand-day-disagrees-esign-settles"),
        pytest.param("", None, "để trống", id="hand-day-disagrees-nothing-settles-null"),
    ],
)
def test_handwritten_day_against_the_page_reading(esign: str, expected: str | None, warning: str) -> None:
    text = HEAD + "Đà Nẵng, ngày 03 tháng 01 năm 2022\n" + BODY + esign
    result = place_date.extract(text, _hand(day=("03", "05")))
    assert best(result, "issued_date") == expected
    assert any(warning in w for w in result.warnings)


@pytest.mark.parametrize(
    ("under_title", "expected"),
    [
        pytest.param(
            "Ủy ban nhân dân tỉnh tổ chức buổi làm việc để nghe Sở Nội vụ báo cáo\n"
            "đánh giá kết quả cải cách hành chính.\n1. Chủ trì: Đồng chí Phó Chủ tịch UBND tỉnh.\n",
            None,
            id="invitation-body-sentence-not-subject",
        ),
        pytest.param(
            "Về việc họp Tổ thẩm định kế hoạch\nlựa chọn nhà thầu mua thuốc.\n1. Thời gian: 8 giờ.\n",
            "Về việc họp Tổ thẩm định kế hoạch lựa chọn nhà thầu mua thuốc.",
            id="ve-viec-subject-kept-with-its-printed-stop",
        ),
        pytest.param(
            "Họp giao ban công tác tháng 11\n\nKính gửi: Các sở, ngành.\n",
            "Họp giao ban công tác tháng 11",
            id="phrase-subject-kept",
        ),
    ],
)
def test_subject_under_an_invitation_title(under_title: str, expected: str | None) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nSố: 560 /GM-UBND\n\n"
        "Lâm Đồng, ngày 06 tháng 11 năm 2025\n\nGIẤY MỜI\n" + under_title
    )
    assert best(subject.extract(text, OCR), "subject") == expected


def test_rule_under_the_issuer_ends_the_issuer_block() -> None:
    text = (
        "BỘ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG ĐẠI HỌC TÂY ĐÔ\n——S ĐẠI HỌC TAY\nSố: 1145/TB-ĐHTĐ\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCần Thơ, ngày 28 tháng 10 năm 2025\n\nTHÔNG BÁO\nVề việc đăng ký\n"
    )
    result = issuer.extract(text, OCR)
    expected = ("TRƯỜNG ĐẠI HỌC TÂY ĐÔ", "BỘ GIÁO DỤC VÀ ĐÀO TẠO")
    assert (best(result, "issuer"), best(result, "issuer_parent")) == expected
