"""Header fields on text that another tool OCRed from a scan (issue #14): the classes that left
whole headers wrong on a blind set of such texts, each on lines written for this file.

- the number: completed by the e-signature system's own "Số: …" line beside the stamp when the
  header's digits are blank; a party number printed without its colon with a digit read as a letter;
- the Kính gửi block: indented as the page centred it, one line closed by a full stop, two dashed
  lines, or without marks;
- the issuer: a receiving stamp's "Số:" above the header, a running page header, canonical names
  that never turn a Bộ into a Sở;
- the signer: a name behind seal residue and a rank, and a Nơi nhận item merged into the signing
  lines by a lost line break.
"""

from __future__ import annotations

import pytest

from congvan.extractors import issuer, number, recipients, signer
from congvan.extractors.base import Context
from congvan.extractors.canonical import snap_body
from congvan.pipeline.extract import chosen, run_extractors

STATE_HEADER = (
    "ỦY BAN NHÂN DÂN               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "TỈNH HÀ TĨNH                        Độc lập - Tự do - Hạnh phúc\n"
    "   -------                               ---------------\n"
)
BODY = (
    "Căn cứ Quyết định số 45/QĐ-UBND ngày 02/01/2025 của Ủy ban nhân dân tỉnh về giao chỉ tiêu;\n"
    "Ủy ban nhân dân tỉnh quyết định giao Sở Tài chính chủ trì thực hiện./.\n\n"
)
ESIGN_FOOT = (
    "Nơi nhận:                                      TM. ỦY BAN NHÂN DÂN\n"
    "- Như trên;                                      KT. CHỦ TỊCH\n"
    "- Lưu: VT, TH.                                   PHÓ CHỦ TỊCH\n"
    "                                               Trần Báu Hà\n\n"
)


def number_of(text: str) -> str | None:
    best = number.extract(text, Context()).best("number")
    return best.value if best else None


# --- 1a. the e-signature system completes a blank header number ---------------------------------


def esigned(stamp_number_line: str, far: bool = False) -> str:
    filler = "".join(f"Đoạn nội dung số {k} của quyết định, không có số hiệu văn bản nào.\n" for k in range(12))
    return (
        STATE_HEADER
        + "Số:    /QĐ-UBND                    Hà Tĩnh, ngày    tháng 9 năm 2025\n\n"
        + "QUYẾT ĐỊNH\nVề việc giao chỉ tiêu kế hoạch năm 2025\n\n"
        + BODY
        + ESIGN_FOOT
        + (stamp_number_line + "\n" + (filler if far else ""))
        + "Người ký: Ủy ban nhân dân tỉnh Hà Tĩnh\n"
        + "Cơ quan: Tỉnh Hà Tĩnh\n"
        + "Thời gian ký: 15.09.2025 14:03:27 +07:00\n"
    )


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Số: 1032/QĐ-UBND    Ngày: 15/9/2025", id="so-and-day"),
        pytest.param("Số hiệu: 1032/QĐ-UBND", id="so-hieu"),
        pytest.param("Số, ký hiệu: 1032 /QĐ-UBND", id="so-ky-hieu-spaced"),
    ],
)
def test_the_esignature_number_line_completes_the_blank_header_number(line: str) -> None:
    text = esigned(line)
    found = number.extract(text, Context())
    assert number_of(text) == "1032/QĐ-UBND"
    assert found.best("number").rule == "number.esign_line"
    assert any("chữ ký số" in w for w in found.warnings)


def test_the_completed_number_is_not_a_reference_of_its_own_document() -> None:
    extraction = run_extractors(esigned("Số: 1032/QĐ-UBND    Ngày: 15/9/2025"))
    assert chosen(extraction, "number") == "1032/QĐ-UBND"
    refs = [r["number"] for r in chosen(extraction, "references")]
    assert "1032/QĐ-UBND" not in refs
    assert "45/QĐ-UBND" in refs


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("Số: 1032/QĐ-BTC    Ngày: 15/9/2025", id="another-issuers-symbol"),
        pytest.param("Số: 1032/KH-UBND    Ngày: 15/9/2025", id="another-type"),
        pytest.param("Số: 1032/QĐ-UBND    Ngày: 15/9/2025\nSố: 1033/QĐ-UBND", id="two-that-disagree"),
    ],
)
def test_a_stamp_line_that_does_not_agree_completes_nothing(line: str) -> None:
    assert number_of(esigned(line)) is None


def test_a_number_line_far_from_the_stamp_completes_nothing() -> None:
    assert number_of(esigned("Số: 1032/QĐ-UBND", far=True)) is None


# --- 1b. a party number without its colon, a digit read as a letter -------------------------------

PARTY_HEADER = (
    "  DANG BO TINH NGHE AN                       DANG CONG SAN VIET NAM\n"
    "   HUYEN UY NAM DAN                               ---------------\n"
    "          *                           Nam Dan, ngay 11 thang 3 nam 2025\n"
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param("  So 3l7-CV/HU", "317-CV/HU", id="l-for-1"),
        pytest.param("  S6 2O5-TB/HU", "205-TB/HU", id="S6-and-O-for-0"),
        pytest.param("  Số 9I-KH/HU", "91-KH/HU", id="marked-label-no-colon"),
        pytest.param("  So 118-CV/HU", "118-CV/HU", id="clean-digits"),
    ],
)
def test_party_number_without_colon_is_repaired_by_the_grammar(line: str, expected: str) -> None:
    text = PARTY_HEADER + line + "\nV/v chuan bi hoi nghi\n\n       Kinh gui: Cac chi bo truc thuoc.\n"
    assert number_of(text) == expected


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("  So 3l7-XQ/ZZ9", id="codes-the-grammar-does-not-know"),
        pytest.param("  So lI-CV/HU", id="no-digit-at-all"),
    ],
)
def test_confused_digits_the_grammar_does_not_vouch_for_stay_null(line: str) -> None:
    text = PARTY_HEADER + line + "\nV/v chuan bi hoi nghi\n\n       Kinh gui: Cac chi bo truc thuoc.\n"
    assert number_of(text) is None


def test_a_clean_state_number_is_unchanged() -> None:
    text = STATE_HEADER + "Số: 2250/UBND-KT                 Hà Tĩnh, ngày 04 tháng 6 năm 2025\n"
    assert number_of(text) == "2250/UBND-KT"


# --- 2. the Kính gửi block ---------------------------------------------------------------------


def kinh_gui_of(text: str) -> list[str]:
    found = recipients.extract(text, Context()).all("recipients")
    return [c.value["name"] for c in found if c.value["kind"] == "kinh_gui"]


HEAD_WITH_SUBJECT = STATE_HEADER + "Số: 2250/UBND-KT                 Hà Tĩnh, ngày 04 tháng 6 năm 2025\n"
AFTER = "\nThực hiện chỉ đạo của Chính phủ, Ủy ban nhân dân tỉnh đề nghị thực hiện tốt nội dung trên./.\n"


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        pytest.param(
            "               Kính gửi: Các sở, ban, ngành cấp tỉnh.\n",
            ["Các sở, ban, ngành cấp tỉnh"],
            id="indented-one-line-full-stop",
        ),
        pytest.param(
            "           Kính gửi: - Giám đốc Công an tỉnh;\n"
            "                     - Chỉ huy trưởng Bộ Chỉ huy quân sự tỉnh.\n",
            ["Giám đốc Công an tỉnh", "Chỉ huy trưởng Bộ Chỉ huy quân sự tỉnh"],
            id="indented-two-dashed-lines",
        ),
        pytest.param(
            "                Kinh gui: Uy ban nhan dan cac huyen, thi xa.\n",
            ["Uy ban nhan dan cac huyen, thi xa"],
            id="indented-without-marks",
        ),
    ],
)
def test_an_indented_kinh_gui_block_is_read(block: str, expected: list[str]) -> None:
    text = HEAD_WITH_SUBJECT + "V/v triển khai công tác phòng chống thiên tai\n\n" + block + AFTER
    assert kinh_gui_of(text) == expected


def test_an_indented_sentence_opening_kinh_gui_without_colon_is_no_block() -> None:
    text = HEAD_WITH_SUBJECT + "V/v báo cáo\n\n           Kính gửi lời cảm ơn tới các đơn vị đã phối hợp.\n"
    assert kinh_gui_of(text) == []


# --- 3. the issuer ------------------------------------------------------------------------------


def issuers_of(text: str) -> tuple[str | None, str | None]:
    found = issuer.extract(text, Context())
    own, parent = found.best("issuer"), found.best("issuer_parent")
    return (own.value if own else None, parent.value if parent else None)


def test_a_receiving_stamp_above_the_header_does_not_hide_the_issuer() -> None:
    text = (
        "CÔNG VĂN ĐẾN   Số: 7421   Ngày: 19/5/2025\n"
        "BỘ TÀI CHÍNH                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "                                        Độc lập - Tự do - Hạnh phúc\n"
        "Số: 6610/BTC-NSNN                   Hà Nội, ngày 14 tháng 5 năm 2025\n"
        "V/v hướng dẫn lập dự toán ngân sách năm 2026\n\n"
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương.\n\n"
        "Để chuẩn bị xây dựng dự toán, Sở Tài chính các tỉnh xây dựng kế hoạch tài chính 05 năm.\n"
    )
    assert issuers_of(text) == ("BỘ TÀI CHÍNH", None)


@pytest.mark.parametrize(
    "printed",
    [
        "BỘ NÔNG NGHIẾP VÀ MÔI TRƯỜNG",
        "BO NONG NGHIEP VA MOI TRUONG",
        "BỘ Y TÉ",
    ],
)
def test_canonical_names_never_turn_a_ministry_into_a_department(printed: str) -> None:
    snap = snap_body(printed)
    assert snap is not None
    assert snap.value.upper().startswith("BỘ ")


def test_a_running_page_header_beside_page_breaks_is_not_the_parent() -> None:
    running = "HỆ THỐNG QUẢN LÝ VĂN BẢN ĐIỀU HÀNH TỈNH LONG AN"
    text = (
        f"{running}\n"
        "SỞ TÀI CHÍNH TỈNH LONG AN         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "                                        Độc lập - Tự do - Hạnh phúc\n"
        "Số: 318/STC-QLNS                    Long An, ngày 09 tháng 10 năm 2025\n"
        "V/v lập dự toán ngân sách năm 2026\n\n"
        "Kính gửi: Ủy ban nhân dân các huyện, thị xã, thành phố.\n\n"
        "Thực hiện hướng dẫn của Bộ Tài chính, Sở Tài chính đề nghị như sau:\n"
        "1. Lập dự toán theo đúng biểu mẫu.\n"
        "Trang 1/2\n"
        f"{running}\n"
        "2. Gửi dự toán về Sở Tài chính trước ngày 30/10/2025./.\n"
    )
    assert issuers_of(text) == ("SỞ TÀI CHÍNH TỈNH LONG AN", None)


def test_an_attachment_on_a_new_page_repeating_the_issuer_lines_keeps_them() -> None:
    # the columns one after the other (a layout step's order): the issuer lines stand alone, and the
    # attached regulation on page 2 prints them again under the page number, with its Quốc hiệu
    header = "BỘ Y TẾ\nBỆNH VIỆN BẠCH MAI\n"
    text = (
        header
        + "Số: 1204/QĐ-BVBM\n"
        + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        + "Hà Nội, ngày 02 tháng 4 năm 2025\n\n"
        + "QUYẾT ĐỊNH\nBan hành Quy chế chi tiêu nội bộ\n\n"
        + "Căn cứ Luật Khám bệnh, chữa bệnh năm 2023;\n"
        + "Điều 1. Ban hành kèm theo Quyết định này Quy chế chi tiêu nội bộ./.\n"
        + "2\n"
        + header
        + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        + "QUY CHẾ\nChi tiêu nội bộ\n"
    )
    assert issuers_of(text) == ("BỆNH VIỆN BẠCH MAI", "BỘ Y TẾ")


def test_an_attachment_with_its_own_number_and_rule_keeps_the_issuer_lines() -> None:
    # a tờ trình and its attached kế hoạch from one issuer, as a text layer prints them: the left
    # column (issuer, rule, "Số:") before the Quốc hiệu, on page 1 and again on page 2
    header = "SỞ Y TẾ NINH BÌNH\nBỆNH VIỆN SẢN NHI\nTỈNH NINH BÌNH\n_______\n"
    text = (
        header
        + "Số: 64/TTr-BVSN\n\n"
        + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        + "Ninh Bình, ngày 25 tháng 3 năm 2025\n\n"
        + "TỜ TRÌNH\nVề việc phê duyệt Kế hoạch mua sắm năm 2025\n\n"
        + "Kính gửi: Sở Y tế tỉnh Ninh Bình.\n"
        + "Bệnh viện Sản Nhi tỉnh Ninh Bình đã xây dựng Kế hoạch mua sắm năm 2025.\n"
        + "2\n\n"
        + header
        + "Số: 58/KH-BVSN\n\n"
        + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
        + "KẾ HOẠCH\nMua sắm trang thiết bị năm 2025\n"
    )
    assert issuers_of(text) == ("BỆNH VIỆN SẢN NHI TỈNH NINH BÌNH", "SỞ Y TẾ NINH BÌNH")


def test_the_issuers_own_name_with_a_tag_above_the_header_is_not_the_parent() -> None:
    text = (
        "SỞ TƯ PHÁP TỈNH ĐỒNG THÁP - BẢN ĐIỆN TỬ\n"
        "SỞ TƯ PHÁP TỈNH ĐỒNG THÁP        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "                                        Độc lập - Tự do - Hạnh phúc\n"
        "Số: 905/STP-HCTP                   Đồng Tháp, ngày 21 tháng 7 năm 2025\n"
        "V/v hướng dẫn chứng thực\n\n"
        "Kính gửi: Ủy ban nhân dân các xã, phường.\n"
    )
    assert issuers_of(text) == ("SỞ TƯ PHÁP TỈNH ĐỒNG THÁP", None)


# --- 4. the signer ------------------------------------------------------------------------------


def signer_of(text: str) -> dict | None:
    best = signer.extract(text, Context()).best("signer")
    return best.value if best else None


FOOT_LIST = "- Như trên;\n- Ban Giám đốc;\n- Lưu: VT, HCQT.\n"


@pytest.mark.parametrize(
    ("name_line", "expected"),
    [
        pytest.param("   »  ~[Dấu]                   ThS. Đỗ Minh Khoa", "Đỗ Minh Khoa", id="seal-then-rank"),
        pytest.param("    [Dau] ' BSCKI. Ha Thi Thu", "Ha Thi Thu", id="unmarked-seal-then-rank"),
        pytest.param("           ~ »  [Dấu]    Lương Văn Bình", "Lương Văn Bình", id="seal-no-rank"),
    ],
)
def test_a_name_behind_seal_residue_and_a_rank(name_line: str, expected: str) -> None:
    text = (
        "Rất mong các đồng chí tham dự đúng giờ./.\n\n"
        "Nơi nhận:                                          KT. GIÁM ĐỐC\n"
        "- Như trên;                                        PHÓ GIÁM ĐỐC\n"
        "- Lưu: VT, KHTH.\n"
        f"{name_line}\n"
    )
    found = signer_of(text)
    assert found is not None
    assert (found["name"], found["title"], found["on_behalf_of"]) == (expected, "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC")


def test_a_half_restored_name_after_a_closed_archive_line_and_a_column_gap() -> None:
    # the OCR repair gave "Nguyen" a circumflex: no printed surname, but the gap marks the column
    text = (
        "Nơi nhận:                                        TM. ỦY BAN NHÂN DÂN\n"
        "- Như trên;                                            CHỦ TỊCH\n"
        "- Lưu: VT.                                       [Đau] ' Nguyên Thi Thanh Mai\n"
    )
    found = signer_of(text)
    assert found is not None
    # the middle name left without marks in a name that has them takes its one spelling
    assert found["name"] == "Nguyên Thị Thanh Mai"


def test_a_recipient_merged_into_the_signing_lines_is_cut_out() -> None:
    text = (
        "Đề nghị các đơn vị nghiêm túc thực hiện./.\n\n"
        "Nơi nhận:                              KT. CHỦ TỊCH - Như trên;                    PHÓ CHỦ TỊCH\n"
        "- Thường trực Tỉnh ủy (để b/c);\n"
        "- Lưu: VT, NC.\n"
        "                                              [Dấu] Đặng Quốc Vinh\n"
    )
    found = signer_of(text)
    assert found is not None
    assert (found["name"], found["title"], found["authority"], found["on_behalf_of"]) == (
        "Đặng Quốc Vinh",
        "PHÓ CHỦ TỊCH",
        "KT",
        "CHỦ TỊCH",
    )
    names = [c.value["name"] for c in recipients.extract(text, Context()).all("recipients")]
    assert names == ["Như trên", "Thường trực Tỉnh ủy"]
