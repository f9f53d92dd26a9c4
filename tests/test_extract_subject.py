"""Trích yếu after V/v or under the type title."""

from __future__ import annotations

import re

import pytest

from congvan.extractors.base import Context
from congvan.extractors.subject import extract
from tests.headertexts_a import SEED_PREFIXES, corpus_gold, pdf_text, seed_gold, seed_text, text_039


def subject(text: str, ocr: bool = False) -> str | None:
    best = extract(text, Context(is_ocr=ocr)).best("subject")
    return best.value if best else None


def comparable(value: str | None) -> str | None:
    """As the evaluation compares: case-insensitive, whitespace collapsed, leading V/v or Về việc ignored."""
    if value is None:
        return None
    return re.sub(r"^(v/v|về việc)\s*", "", " ".join(value.split()).casefold())


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_seed_subject_matches_gold(prefix: str) -> None:
    assert comparable(subject(seed_text(prefix))) == comparable(seed_gold(prefix)["subject"])


def test_039_vv_on_linearised_header() -> None:
    assert subject(text_039()) == "thực hiện kiểm tra, đánh giá đối với cấp THCS, THPT"


@pytest.mark.parametrize("stem", ["003", "016"])
def test_born_digital_subject_under_title(stem: str) -> None:
    assert comparable(subject(pdf_text(f"{stem}.pdf"))) == comparable(corpus_gold(stem)["subject"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n"
            "Số: 899 /UBND-TTHC Quảng Ngãi, ngày 15 tháng 01 năm 2025\nV/v công bố Danh mục TTHC\n"
            "và xây dựng quy trình nội bộ\ngiải quyết TTHC\n\nKính gửi:\n- Sở Giao thông vận tải,\n",
            "công bố Danh mục TTHC và xây dựng quy trình nội bộ giải quyết TTHC",
            id="ocr006-vv-wrapped",
        ),
        pytest.param(
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO. Độc lập - Tự do - Hạnh phúc\nSố: 1906 /SGDĐT-CTrTT Đà Nẵng, ngày 26tháng 7 "
            "năm 2020\n\nVí khẩn trương thực hiện các biện\npháp phòng, chống dịch COVID-19\n\nKính gửi:\n",
            "khẩn trương thực hiện các biện pháp phòng, chống dịch COVID-19",
            id="ocr030-Vi-for-Vv",
        ),
        pytest.param(
            "CÔNG AN TP ĐÀ NẴNG\nPHÒNG AN CHÍNH TRỊ NỘI BỘ\nSố: 115 /CV-PA83\nMẠI thông báo hoạt động của tà đạo\n"
            "Hội thánh Đức Chúa trời\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
            "thông báo hoạt động của tà đạo Hội thánh Đức Chúa trời",
            id="ocr028-MAI-for-Vv",
        ),
        pytest.param(
            "TỜ TRÌNH\nvà việc đề nghị xây dựng Nghị quyết của HĐND tỉnh bãi bỏ Nghị quyết số\n"
            "24/2013/NQ-HĐND ngày 10/12/2013 của HĐND tỉnh\n\nKính gửi: Thường trực HĐND tỉnh\n",
            "Về việc đề nghị xây dựng Nghị quyết của HĐND tỉnh bãi bỏ Nghị quyết số 24/2013/NQ-HĐND "
            "ngày 10/12/2013 của HĐND tỉnh",
            id="ocr008-va-viec-is-ve-viec",
        ),
        pytest.param(
            "UBND TỈNH QUẢNG NGÃI\nSố: 12/QĐ-UBND\nHà Nội, ngày 5 tháng 3 năm 2024\n\nQUYẾT ĐỊNH\n"
            "Về việc ban hành Quy chế\n\nCăn cứ Luật …\n",
            "Về việc ban hành Quy chế",
            id="place-line-under-number-is-not-a-garbled-vv",
        ),
        pytest.param(
            "CHỈ THỊ\n\nlmà|š Ị số: _\nĐE\n:\n\n. Về việc tăng cường công tác thi hành án hành chính\n"
            "trên địa bàn tỉnh Quảng Ngãi\n\nTrong thời gian qua, công tác …\n",
            "Về việc tăng cường công tác thi hành án hành chính trên địa bàn tỉnh Quảng Ngãi",
            id="ocr011-debris-skipped",
        ),
        pytest.param(
            "QUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n\nCăn cứ Luật …\n",
            "Về việc ban hành Quy chế làm việc",
            id="qd-authority-line-stops",
        ),
    ],
)
def test_subject_lines(text: str, expected: str) -> None:
    assert subject(text, ocr=True) == expected


def test_an_upper_case_subject_keeps_its_case_on_ocr() -> None:
    text = "QUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH QUY CHẾ TUYỂN SINH\n\nCăn cứ Luật …\n"
    assert subject(text, ocr=True) == "VỀ VIỆC BAN HÀNH QUY CHẾ TUYỂN SINH"


def test_a_garbled_vv_is_only_guessed_on_ocr_text() -> None:
    text = (
        "CÔNG AN TP ĐÀ NẴNG\nPHÒNG AN CHÍNH TRỊ NỘI BỘ\nSố: 115 /CV-PA83\nMẠI thông báo hoạt động của tà đạo\n"
        "\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    )
    assert subject(text, ocr=False) is None


def test_body_title_words_are_not_a_subject() -> None:
    assert subject(seed_text("004")) is None


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        pytest.param("thủ tục hành chính.", "thủ tục hành chính.", id="printed-full-stop-kept"),
        pytest.param("thủ tục hành chính;", "thủ tục hành chính", id="semicolon-dropped"),
        pytest.param("thủ tục hành chính...", "thủ tục hành chính", id="leader-dots-dropped"),
        pytest.param("thủ tục hành chính. -", "thủ tục hành chính", id="stop-before-a-dash-dropped"),
    ],
)
def test_a_printed_final_full_stop_stays(tail: str, expected: str) -> None:
    """Gold guide: the trích yếu as printed, so a full stop printed after its last word stays
    (p14: "V/v xây dựng kế hoạch rà soát quy định, thủ tục hành chính."); separators do not."""
    text = (
        "UBND TỈNH QUẢNG NGÃI\nSố: 45/UBND-KSTTHC\nV/v xây dựng kế hoạch rà soát quy định,\n"
        f"{tail}\n\nKính gửi: Các sở, ban, ngành\n"
    )
    assert subject(text) == "xây dựng kế hoạch rà soát quy định, " + expected


# Another tool's OCR text, handed over as plain text: the label under "Số:" garbled, a receiving
# stamp stamped beside the wrapped subject, the party's name in a kế hoạch's subject line.
OTHER_TOOL_HEADER = (
    "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "                                          Độc lập - Tự do - Hạnh phúc\n"
    "Số: 3l7/SNNMT-CCTL                      Cần Thơ, ngày 09 tháng 6 năm 2025\n"
)


@pytest.mark.parametrize(
    ("label_line", "expected"),
    [
        pytest.param("Vỉv phòng, chống hạn hán", "phòng, chống hạn hán", id="slash-read-as-i-hook"),
        pytest.param("Vlv phong, chong han han", "phong, chong han han", id="slash-read-as-l-unmarked"),
        pytest.param("V/y phòng, chống hạn hán", "phòng, chống hạn hán", id="last-v-read-as-y"),
        pytest.param("VIv phòng, chống hạn hán", "phòng, chống hạn hán", id="slash-read-as-capital-I"),
    ],
)
def test_a_garbled_vv_under_the_number_on_plain_text(label_line: str, expected: str) -> None:
    text = OTHER_TOOL_HEADER + label_line + "\nmùa khô năm 2025\n\n     Kính gửi: UBND các xã.\n"
    assert subject(text, ocr=False) == expected + " mùa khô năm 2025"


def test_a_name_under_the_number_is_no_garbled_vv() -> None:
    text = OTHER_TOOL_HEADER + "Vy Văn Hải\n\n     Kính gửi: UBND các xã.\n"
    assert subject(text, ocr=False) is None


def test_a_receiving_stamp_beside_the_subject_is_not_part_of_it() -> None:
    text = OTHER_TOOL_HEADER + (
        "V/v phòng, chống hạn hán, xâm nhập mặn             UBND XÃ THỚI LAI\n"
        "mùa khô năm 2025 trên địa bàn                       ĐẾN Số: 96\n"
        "thành phố                                          Ngày: 12/6/2025\n"
        "\n     Kính gửi: UBND các xã.\n"
    )
    assert subject(text) == "phòng, chống hạn hán, xâm nhập mặn mùa khô năm 2025 trên địa bàn thành phố"


def test_the_party_name_inside_a_subject_line_stays() -> None:
    text = (
        "ĐẢNG BỘ TỈNH AN GIANG                     ĐẢNG CỘNG SẢN VIỆT NAM\n"
        "ĐẢNG ỦY XÃ MỸ HÒA HƯNG\n"
        "Số 41-KH/ĐU                          Mỹ Hòa Hưng, ngày 10 tháng 1 năm 2025\n\n"
        "                                KẾ HOẠCH\n"
        "   tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam\n"
        "            (03/02/1930 - 03/02/2025) trên địa bàn xã\n\n"
        "Thực hiện Kế hoạch số 20-KH/HU của Huyện ủy, Đảng ủy xã xây dựng Kế hoạch như sau:\n"
    )
    assert subject(text) == (
        "tuyên truyền kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2025) trên địa bàn xã"
    )


HEAD = """UBND TỈNH QUẢNG NAM
VĂN PHÒNG
Số: 178/TB-VPUBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Nam, ngày 10 tháng 4 năm 2025

{title}
{subject}
{body}
"""


@pytest.mark.parametrize(
    ("title", "body"),
    [
        pytest.param(
            "THÔNG BÁO",
            "Văn phòng UBND tỉnh thông báo lịch công tác tuần của Chủ\ntịch, các Phó Chủ tịch UBND tỉnh như sau:",
            id="a-body-announcing",
        ),
        pytest.param(
            "KẾ HOẠCH",
            "Căn cứ Quyết định số 1205/QĐ-TCTK ngày 29/11/2024 của\nTổng cục trưởng Tổng cục Thống kê,",
            id="a-body-citing-its-basis",
        ),
    ],
)
def test_a_wrapped_first_body_line_under_a_printed_subject_ends_it(title: str, body: str) -> None:
    # class: a word processor's print (blind set 14): the body's first line, wrapped at the page
    # width, follows the subject with no blank line and without a full stop
    printed = "Lịch công tác tuần của Lãnh đạo UBND tỉnh\n(từ ngày 14/4/2025 đến ngày 20/4/2025)"
    text = HEAD.format(title=title, subject=printed, body=body)
    assert subject(text) == "Lịch công tác tuần của Lãnh đạo UBND tỉnh (từ ngày 14/4/2025 đến ngày 20/4/2025)"


def test_a_subject_that_opens_like_a_body_under_its_type_title() -> None:
    # class: kế hoạch whose trích yếu is "Thực hiện <programme>" (blind set 14, a Cục Thống kê plan);
    # a body opener runs on with its clause or cites a numbered document, and stays the body
    plan = HEAD.format(
        title="KẾ HOẠCH",
        subject="Thực hiện Khảo sát mức sống dân cư năm 2025\ntrên địa bàn tỉnh Lâm Đồng",
        body="Căn cứ Quyết định số 1205/QĐ-TCTK ngày 29/11/2024 của\nTổng cục trưởng Tổng cục Thống kê,",
    )
    assert subject(plan) == "Thực hiện Khảo sát mức sống dân cư năm 2025 trên địa bàn tỉnh Lâm Đồng"
    notice = HEAD.format(
        title="THÔNG BÁO",
        subject="Thực hiện chỉ đạo của UBND tỉnh, Sở Y tế thông báo lịch tiêm",
        body="chủng tại các trạm y tế xã như sau:",
    )
    assert subject(notice) is None
    # a trích yếu's list wraps with commas before lower-case words (blind set 40, a party plan);
    # a comma before a capital still opens the body's clause
    listed = HEAD.format(
        title="KẾ HOẠCH",
        subject=(
            "Thực hiện chuyển đổi số trong các cơ quan Đảng, chính quyền,\nMặt trận Tổ quốc xã giai đoạn 2026 – 2030"
        ),
        body="Thực hiện Kế hoạch số 45-KH/TU ngày 15/10/2026 của Ban Thường vụ Tỉnh ủy, Ban Thường vụ",
    )
    assert subject(listed) == (
        "Thực hiện chuyển đổi số trong các cơ quan Đảng, chính quyền, Mặt trận Tổ quốc xã giai đoạn 2026 – 2030"
    )


def test_a_year_wrapped_alone_and_a_line_the_rule_closes_stay_in_the_subject() -> None:
    # blind set 42: "… những tháng cuối năm" / "2025"; "… Việt Nam" / "" / "(03/02/1930 -
    # 03/02/2026) và mừng Xuân …" / "-----" (a party plan's trích yếu closed by its rule)
    notice = HEAD.format(
        title="THÔNG BÁO",
        subject="Kết luận của Chủ tịch Ủy ban nhân dân xã về công tác thu ngân sách những tháng cuối năm\n2025",
        body="Ngày 30/10/2025, đồng chí Chủ tịch Ủy ban nhân dân xã chủ trì cuộc họp.",
    )
    assert subject(notice) == (
        "Kết luận của Chủ tịch Ủy ban nhân dân xã về công tác thu ngân sách những tháng cuối năm 2025"
    )
    plan = HEAD.format(
        title="KẾ HOẠCH",
        subject="tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt\nNam\n\n"
        "(03/02/1930 - 03/02/2026) và mừng Xuân Bính Ngọ năm 2026\n-----",
        body="Căn cứ Hướng dẫn số 35-HD/BTGDVTW ngày 28/11/2025 của Ban Tuyên giáo Trung ương,",
    )
    assert subject(plan) == (
        "tuyên truyền kỷ niệm 96 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2026) và mừng "
        "Xuân Bính Ngọ năm 2026"
    )


def test_a_subjects_words_without_marks_take_the_documents_own_spelling_of_the_pair() -> None:
    from congvan.extractors.subject import document_spelling

    text = (
        "V/v triển khai hoa đơn điện tử khỏi tạo từ máy tinh tiên\n\nKính gửi: Cục Thuế.\n"
        "Đề nghị rà soát hộ kinh doanh sử dụng hóa đơn điện tử khởi tạo từ máy tính tiền năm 2026.\n"
    )
    value = "triển khai hoa đơn điện tử khỏi tạo từ máy tinh tiên"
    at = text.index(value)
    assert document_spelling(value, text, (at, at + len(value))) == (
        "triển khai hóa đơn điện tử khởi tạo từ máy tính tiền"
    )
    # a pair the document spells two ways, or not at all, stays as read
    text = "V/v họp nam 2026\nĐoàn công tác phía nam 2026 người; kế hoạch năm 2026.\n"
    assert document_spelling("họp nam 2026", text, (4, 16)) == "họp nam 2026"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # a commune's tờ trình typed without the template: the trích yếu in brackets, its V/v inside
        ("(V/v xin kinh phí tư vấn đầu tư xây dựng công trình: Khu dân cư dịch vụ thôn Ninh Khánh)",
         "xin kinh phí tư vấn đầu tư xây dựng công trình: Khu dân cư dịch vụ thôn Ninh Khánh"),
        # brackets inside a subject stay
        ("Về việc phê duyệt dự toán (điều chỉnh lần 2)", "Về việc phê duyệt dự toán (điều chỉnh lần 2)"),
    ],
)
def test_a_subject_printed_in_brackets_under_the_title(line: str, expected: str) -> None:
    text = (
        "UBND THỊ TRẤN A\nSố: 12/TTr-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        f"A, ngày 5 tháng 3 năm 2012\n\nTỜ TRÌNH\n{line}\n\nKính gửi: UBND huyện Việt Yên.\n\nNội dung.\n"
    )
    assert subject(text) == expected


def test_seal_debris_after_a_garbled_label_is_no_subject() -> None:
    """Our own OCR of a sealed scan: a short capital token over seal debris under "Số:" looks like a
    garbled "V/v" ("TS ằẶẶằ-Ặằ.—"); debris is no subject, and the one under the title is taken, up to
    the seal residue under it ("E SES”-.. 4 S2 g2 DN:(DpDIRN")."""
    text = (
        "UBND TỈNH BẾN TRE\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 666 /TB-STTTT\n\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTS ằẶẶằ-Ặằ.—\n"
        "Bến Tre, ngày 14 tháng 12 năm 2011\n\nTHÔNG BÁO\nVề việc giới thiệu chức danh và chữ ký\n"
        "Phó Giám đốc Sở Thông tin và Truyền thông tỉnh Bến Tre\nE SES”-.. 4 S2 g2 DN:(DpDIRN\n\n"
        "Căn cứ Quyết định số 2729/QĐ-UBND …\n"
    )
    assert subject(text, ocr=True) == (
        "Về việc giới thiệu chức danh và chữ ký Phó Giám đốc Sở Thông tin và Truyền thông tỉnh Bến Tre"
    )


@pytest.mark.parametrize(
    ("ocr", "expected"),
    [
        pytest.param(True, "năm học 2024 – 2025", id="ocr-em-dash-between-years-is-the-range-en-dash"),
        pytest.param(False, "năm học 2024 — 2025", id="a-text-layer-keeps-its-printed-dash"),
    ],
)
def test_a_range_dash_read_by_ocr(ocr: bool, expected: str) -> None:
    text = (
        "TRƯỜNG ĐẠI HỌC TÂY ĐÔ\nSố: 731/TB-ĐHTĐ\n\nTHÔNG BÁO\nVề việc tổ chức thi học kỳ 3, năm học 2024 — 2025\n"
        "\nCăn cứ Quy chế đào tạo …\n"
    )
    assert subject(text, ocr=ocr) == "Về việc tổ chức thi học kỳ 3, " + expected
