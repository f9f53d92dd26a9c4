"""Issuer and governing body from the top-left header block; sentence fallback for a lost header."""

from __future__ import annotations

import pytest

from congvan.extractors.base import Context
from congvan.extractors.issuer import extract
from tests.headertexts_a import (
    SEED_PREFIXES,
    pdf_text,
    pdftotext,
    seed_gold,
    seed_text,
    text_039,
)


def issuer(text: str, ocr: bool = False) -> tuple[str | None, str | None]:
    result = extract(text, Context(is_ocr=ocr))
    a, b = result.best("issuer"), result.best("issuer_parent")
    return (a.value if a else None, b.value if b else None)


def folded(pair: tuple[str | None, str | None]) -> tuple[str | None, str | None]:
    return tuple(v.casefold() if v else None for v in pair)  # type: ignore[return-value]


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_seed_issuer_matches_gold(prefix: str) -> None:
    gold = seed_gold(prefix)
    assert folded(issuer(seed_text(prefix))) == folded((gold["issuer"], gold["issuer_parent"]))


def test_039_ministry() -> None:
    assert issuer(text_039()) == ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", None)


@pytest.mark.parametrize("stem", ["003", "016"])
def test_born_digital_one_body_over_two_lines(stem: str) -> None:
    assert issuer(pdf_text(f"{stem}.pdf")) == ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", None)
    # pdftotext puts the e-signature stamp ("TRUNG TÂM CÔNG / BÁO VÀ TIN HỌC …") above the header
    assert issuer(pdftotext(f"{stem}.pdf")) == ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", None)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        pytest.param(
            "UBND THÀNH PHỐ ĐÀ NẴNG CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "- SỞ GIÁO DỤC VÀ ĐÀO TẠO Độc lập - Tự do - Hạnh phúc\nSố: 635 /SGDĐT-CTrTT",
            ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "UBND THÀNH PHỐ ĐÀ NẴNG"),
            id="ocr027-interleaved",
        ),
        pytest.param(
            "CÔNG AN TP ĐÀ NẴNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "PHÒNG AN CHÍNH TRỊ NỘI BỘ Độc lập - Tự do - Hạnh phúc\nng Số: 115 /CV-PA83",
            ("PHÒNG AN CHÍNH TRỊ NỘI BỘ", "CÔNG AN TP ĐÀ NẴNG"),
            id="ocr028-interleaved",
        ),
        pytest.param(
            "UBND THÀNH PHỐ ĐÀ NẴNG _ CỘNG HOÀ XÃ HỌI CHỦ NGHĨA VIỆT NAM\n"
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO. Độc lập - Tự do - Hạnh phúc\nSố: 1906 /SGDĐT-CTrTT",
            ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "UBND THÀNH PHỐ ĐÀ NẴNG"),
            id="ocr030-column-rule",
        ),
        pytest.param(
            "SỞ GIÁO DỤC VÀ\nĐÀO TẠO\nSố: 1/SGDĐT", ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", None), id="trailing-VA"
        ),
        pytest.param(
            "BỘ TÀI CHÍNH\nTỔNG CỤC THUẾ\nSố: 1/TCT-CS", ("TỔNG CỤC THUẾ", "BỘ TÀI CHÍNH"), id="ministry-unit"
        ),
        pytest.param(
            "BAN CHỈ ĐẠO\nPHÒNG CHỐNG THAM NHŨNG\nSố: 1/BCĐ",
            ("BAN CHỈ ĐẠO PHÒNG CHỐNG THAM NHŨNG", None),
            id="continuation-despite-head-word",
        ),
        pytest.param(
            "UBND THÀNH PHỐ HẢI\nPHÒNG\nSỞ Y TẾ\nSố: /SYT-NVY",
            ("SỞ Y TẾ", "UBND THÀNH PHỐ HẢI PHÒNG"),
            id="place-tail-wrapped-is-no-phong",
        ),
        pytest.param(
            "UBND QUẬN HẢI CHÂU\nPHÒNG Y TẾ\nSố: 12/PYT",
            ("PHÒNG Y TẾ", "UBND QUẬN HẢI CHÂU"),
            id="a-phong-after-a-whole-place-is-a-body",
        ),
        pytest.param(
            "ỦY BAN NHÂN DÂN THÀNH PHỐ\nHÀ NỘI\nSỞ NÔNG NGHIỆP VÀ MÔI\nTRƯỜNG\nSố: 9215/SNNMT-KHTC",
            ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
            id="a-known-name-wrapped-before-a-head-word",
        ),
        pytest.param(
            "TÒA ÁN NHÂN DÂN THÀNH PHỐ\nHÀ NỘI\nTÒA ÁN NHÂN DÂN KHU VỰC 3-\nHÀ NỘI\nSố: 87/TB-TA",
            ("TÒA ÁN NHÂN DÂN KHU VỰC 3 - HÀ NỘI", "TÒA ÁN NHÂN DÂN THÀNH PHỐ HÀ NỘI"),
            id="a-regional-court-wrapped-at-its-dash",
        ),
        pytest.param(
            "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nNGHỆ AN\nSEN :\nTRƯỜNG THPT HUỲNH THÚC\nKHÁNG\nSố: 1/KH-THPT",
            ("TRƯỜNG THPT HUỲNH THÚC KHÁNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO NGHỆ AN"),
            id="a-speck-line-under-the-parent",
        ),
        pytest.param(
            "BỘ GIÁO DỤC VÀ ĐÀO TẠO\nTRƯỜNG ĐẠI HỌC TÂY ĐÔ\nSé: đ44/TB-ĐHTĐ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ("TRƯỜNG ĐẠI HỌC TÂY ĐÔ", "BỘ GIÁO DỤC VÀ ĐÀO TẠO"),
            id="a-number-line-whose-label-ocr-garbled",
        ),
        pytest.param(
            "THÀNH UỶ HÀ NỘI\nBAN TỔ CHỨC\n*\nĐẢNG CỘNG SẢN VIỆT NAM\nSố\n-HD/BTCTU\nHƯỚNG DẪN",
            ("BAN TỔ CHỨC", "THÀNH UỶ HÀ NỘI"),
            id="a-party-symbol-whose-number-is-a-picture",
        ),
        pytest.param(
            "BỘ CÔNG AN\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 4214/BCA-C04\n"
            "Hà Nội, ngày 16 tháng 9 năm 2025\n\nKính gửi: Các bộ.\nNội dung.\n\n[Chữ ký số]\nSAO Y\nBộ Công an\n"
            "Thời gian ký: 2025-09-16T14:37:50+07:00\n\n2\n\nNội dung trang hai.",
            ("BỘ CÔNG AN", None),
            id="an-e-signature-copy-stamp-on-every-page-is-no-running-header",
        ),
        pytest.param(
            "KHO BẠC NHÀ NƯỚC\nKHO BẠC NHÀ NƯỚC\nBẮC GIANG\nSố: 58/BC-KBBG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            ("KHO BẠC NHÀ NƯỚC BẮC GIANG", "KHO BẠC NHÀ NƯỚC"),
            id="a-branch-repeating-its-institutions-name-over-its-place",  # blind set 46, zah06
        ),
    ],
)
def test_header_block(header: str, expected: tuple[str, str | None]) -> None:
    assert issuer(header + "\n\nKính gửi: Các đơn vị\n", ocr=True) == expected


def test_receiving_stamp_line_is_not_an_issuer() -> None:
    text = "CÔNG VĂN ĐẾN\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 07/CT-UBND\n\nCHỈ THỊ\n"
    assert issuer(text) == ("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", None)


def test_lost_header_issuer_from_body_sentence_is_low_confidence() -> None:
    best = extract(seed_text("001"), Context()).best("issuer")
    assert best is not None and best.rule == "issuer.body_sentence" and best.confidence < 0.5


def test_news_article_gets_no_issuer() -> None:
    assert issuer(seed_text("004")) == (None, None)


def test_names_without_marks_snap_to_their_canonical_spelling() -> None:
    """Another tool's OCR text: "CUC THUE TINH BAC NINH" under "TONG CỤC THUÊ"."""
    text = "TONG CỤC THUÊ\nCUC THUE TINH BAC NINH\nSố: 12/CT-TTHT\nV/v hướng dẫn\n\nKính gửi: Công ty A\n"
    result = extract(text, Context())
    issuer_c, parent_c = result.best("issuer"), result.best("issuer_parent")
    assert issuer_c is not None and parent_c is not None
    assert (issuer_c.value, parent_c.value) == ("CỤC THUẾ TỈNH BẮC NINH", "TỔNG CỤC THUẾ")
    assert text[issuer_c.start : issuer_c.end] == "CUC THUE TINH BAC NINH"
    assert issuer_c.confidence < 0.9
    assert any(w.startswith("Tên cơ quan đã chuẩn hoá: 'CUC THUE TINH BAC NINH'") for w in result.warnings)


def test_a_correctly_printed_name_is_not_touched() -> None:
    text = "UỶ BAN NHÂN DÂN\nTỈNH THANH HOÁ\nSố: 12/UBND-VX\nV/v hướng dẫn\n\nKính gửi: Sở Y tế\n"
    result = extract(text, Context())
    best = result.best("issuer")
    assert best is not None and best.value == "UỶ BAN NHÂN DÂN TỈNH THANH HOÁ"
    assert best.rule == "issuer.header_block" and not result.warnings


def test_an_issuer_wrapped_under_an_interleaved_header_with_an_attachment_keeps_its_second_line() -> None:
    """Interleaved text of a quyết định whose attached quy chế repeats the whole header on a new
    page: the attachment's issuer lines are another document's header, not a running page
    header, so "THÀNH PHỐ CẦN THƠ" stays in the issuer."""
    head = (
        "BỘ Y TẾ                              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "TRƯỜNG ĐẠI HỌC Y DƯỢC                    Độc lập - Tự do - Hạnh phúc\n"
        "THÀNH PHỐ CẦN THƠ\n"
    )
    text = (
        head + "Số: 88/QĐ-ĐHYD                    Cần Thơ, ngày 02 tháng 4 năm 2025\n\n"
        "                          QUYẾT ĐỊNH\n          Về việc ban hành Quy chế thư viện\n\n"
        "Căn cứ Luật Giáo dục đại học;\n\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n\n"
        "Nơi nhận:                                   HIỆU TRƯỞNG\n- Như Điều 3;\n- Lưu: VT.\n"
        "                                            Trần Văn Bình\n2\n"
        + head + "\n                           QUY CHẾ\n              Thư viện của Trường\n"
    )
    assert issuer(text) == ("TRƯỜNG ĐẠI HỌC Y DƯỢC THÀNH PHỐ CẦN THƠ", "BỘ Y TẾ")


def test_a_faculty_under_its_university_is_the_issuer() -> None:
    text = (
        "TRƯỜNG ĐẠI HỌC SƯ PHẠM KỸ THUẬT           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "KHOA CƠ KHÍ ĐỘNG LỰC                             Độc lập - Tự do - Hạnh phúc\n"
        "Số: 17/TB-KCKĐL                          TP. Hồ Chí Minh, ngày 03 tháng 3 năm 2025\n"
    )
    assert issuer(text) == ("KHOA CƠ KHÍ ĐỘNG LỰC", "TRƯỜNG ĐẠI HỌC SƯ PHẠM KỸ THUẬT")
    # "KHOA HỌC" opening a line continues a name wrapped before it
    academy = "VIỆN HÀN LÂM\nKHOA HỌC XÃ HỘI VIỆT NAM\nVIỆN XÃ HỘI HỌC\nSố: 41/VXHH-VP\n"
    assert issuer(academy) == ("VIỆN XÃ HỘI HỌC", "VIỆN HÀN LÂM KHOA HỌC XÃ HỘI VIỆT NAM")


def test_a_branch_under_its_institution_short_name_is_one_body() -> None:
    text = (
        "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI VIỆT NAM\nNGÂN HÀNG CHÍNH SÁCH XÃ HỘI\nCHI NHÁNH TỈNH HÀ TĨNH\n"
        "Số: 208/NHCS-KHNV                          Hà Tĩnh, ngày 12 tháng 5 năm 2025\n"
    )
    assert issuer(text) == (
        "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI CHI NHÁNH TỈNH HÀ TĨNH",
        "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI VIỆT NAM",
    )


def test_a_header_name_printed_without_marks_takes_the_documents_own_spelling() -> None:
    """Another tool's OCR lost the capitals' marks ("XA TAN PHU"); the place–date line prints the
    same name with them: the document vouches for its spelling, and the level takes its own."""
    text = (
        "ỦY BAN NHÂN DÂN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "XA TAN PHU                     Độc lập - Tự do - Hạnh phúc\n"
        "Số: 377/UBND-VP                Tân Phú, ngày 2 tháng 11 năm 2026\n\nKính gửi: Các ấp.\n"
    )
    result = extract(text, Context())
    assert result.best("issuer").value == "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ"
    assert any("lấy dấu theo chính văn bản" in w for w in result.warnings)


@pytest.mark.parametrize(
    "text",
    [
        # no marked spelling of "TNHH ABC" anywhere: as printed
        "CÔNG TY TNHH ABC\nSố: 12/CV-ABC\n\nKính gửi: Quý khách hàng.\nCông ty ABC thông báo.\n",
        # two marked spellings of the letters ("Tân Phú", "Tấn Phú"): no one reading, as printed
        "UBND HUYỆN X\nXA TAN PHU\nSố: 1/UBND\n\nKính gửi: A.\nXã Tân Phú và xã Tấn Phú.\n",
    ],
)
def test_without_one_marked_spelling_the_name_stays(text: str) -> None:
    issuer_name = extract(text, Context()).best("issuer").value
    assert issuer_name.endswith(("CÔNG TY TNHH ABC", "XA TAN PHU"))
