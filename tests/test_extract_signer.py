"""Signer on real texts: seeds, 039, born-digital PDFs 003/016 (ordered and row-interleaved),
signature blocks read by OCR."""

from __future__ import annotations

import pytest

from congvan.extractors import signer
from congvan.extractors.base import Context
from tests.test_extract_recipients import SEED_IDS, gold_of, text_of

FIELDS = ("name", "title", "authority", "on_behalf_of")


def run(text: str) -> dict | None:
    best = signer.extract(text, Context()).best("signer")
    return best.value if best else None


@pytest.mark.parametrize(
    "doc",
    [pytest.param(d, id=d[:3]) for d in SEED_IDS]
    + [
        pytest.param("039", id="039"),
        pytest.param("003", id="003-pdf"),
        pytest.param("016", id="016-pdf"),
        pytest.param("003-rows", id="003-pdf-interleaved"),
        pytest.param("016-rows", id="016-pdf-interleaved"),
    ],
)
def test_whole_document_matches_gold(doc: str) -> None:
    gold = gold_of(doc)["signer"]
    got = run(text_of(doc))
    if gold is None:
        assert got is None
        return
    assert got is not None
    assert {f: got[f] for f in FIELDS} == {f: gold[f] for f in FIELDS}


@pytest.mark.parametrize(
    "doc",
    [
        pytest.param("001_d3ba48757fc946ed", id="001"),
        pytest.param("039", id="039"),
        pytest.param("016", id="016-pdf"),
    ],
)
def test_signature_block_is_kept_whole(doc: str) -> None:
    got = run(text_of(doc))
    assert got is not None and got["signature_block"] == gold_of(doc)["signer"]["signature_block"]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        pytest.param(
            "Lưu: TCTT. *ony*\n\n**KT.VIỆN TRƯỞNG\nPHÓ VIỆN TRƯỞNG**\n\n\n\nNguyễn Văn Dựa\n",
            ("Nguyễn Văn Dựa", "PHÓ VIỆN TRƯỞNG", "KT", "VIỆN TRƯỞNG"),
            id="seed001-no-space-after-dot",
        ),
        pytest.param(
            "- Lưu: VT, NC(Tr212).\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nấ\n:\n“\nTrần Phước Hiên",
            ("Trần Phước Hiên", "PHÓ CHỦ TỊCH", "KT", "CHỦ TỊCH"),
            id="010-ocr-seal-noise",
        ),
        pytest.param(
            "- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Phước Hiền",
            ("Trần Phước Hiền", "PHÓ CHỦ TỊCH", "KT", "CHỦ TỊCH"),
            id="005-stacked-tm-kt",
        ),
        pytest.param(
            "- Như trên;\n- Lưu: VT.\n\nPHÓ TRƯỞNG PHÒNG PHỤ TRÁCH\n\nTrung tá Ngô Văn Công",
            ("Ngô Văn Công", "PHÓ TRƯỞNG PHÒNG PHỤ TRÁCH", None, None),
            id="028-rank-is-not-the-name",
        ),
        pytest.param(
            "- Lưu: VT, KGVX.\n\nCHỦ TỊCH\n\n\nTrần Ngọc Căng",
            ("Trần Ngọc Căng", "CHỦ TỊCH", None, None),
            id="001-bare-title",
        ),
        pytest.param(
            "tham gia góp ý dự thảo các Nghị định của Chính phủ theo đề nghị của Bộ Tài\n"
            "chính tại các Công văn nêu trên; trực tiếp gửi Bộ Tài chính và báo cáo UBND\n"
            "tỉnh theo đúng thời gian yêu cầu./.\n\n"
            "Nơi nhận: TL. CHỦ TỊCH\n- xinh trên, b KT. CHÁNH VĂN PHÒNG\n= NI l4 SG. KHHEEIẨU PHO CHANH VAN PHONG\n\n"  # noqa: E501 (a real line)
            "- CT, PCT UBND tỉnh;\n- Lưu: VT, P.KTTHT¡en3I",
            (None, "PHÓ CHÁNH VĂN PHÒNG", "KT", "CHÁNH VĂN PHÒNG"),
            id="012-ocr-interleaved-no-name",
        ),
        pytest.param(
            "- Lưu: VT,KT.bngocl06\n\nCHỦ TỊCH\nƯƯƯYƯƯỢEXN\nTrần Ngọc Căng",
            ("Trần Ngọc Căng", "CHỦ TỊCH", None, None),
            id="001-ocr-signature-strokes-are-not-a-title-line",
        ),
        pytest.param(
            "- Lưu: VT, KGVX.th54\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nXP\nTrần Hoàng Tuấn",
            ("Trần Hoàng Tuấn", "PHÓ CHỦ TỊCH", "KT", "CHỦ TỊCH"),
            id="009-ocr-two-letter-stroke-is-not-a-title-line",
        ),
        pytest.param(
            "- Lưu: VT, CTTTTT (Chương).\n\nKT. GIÁM ĐỐC\nác TC,\nGIÁM ĐỐC\nsở\nSĨ GIÁO DU\n"
            "N VÀ ĐÀO T\n14\nXà\nTrần Nguyễn Minh Thành",
            ("Trần Nguyễn Minh Thành", "PHÓ GIÁM ĐỐC", "KT", "GIÁM ĐỐC"),
            id="027-ocr-seal-hid-pho-under-kt",
        ),
        pytest.param(
            "- Lưu: VT, CTrTT.\n\nGIÁM ĐỐC\n13f er T7\nLà Êyc\nĐua\nvề\n'Lê ' Thị Bích Thuận\n\"Lê",
            ("Lê Thị Bích Thuận", "GIÁM ĐỐC", None, None),
            id="030-ocr-strokes-before-the-name-and-quotes-in-it",
        ),
        pytest.param(
            "- Lưu: VT, VP.\n\nKT. BỘ TRƯỞNG\nBỘ TRƯỞNG\n\nNguyễn Văn Phúc",
            ("Nguyễn Văn Phúc", "THỨ TRƯỞNG", "KT", "BỘ TRƯỞNG"),
            id="ministry-deputy-is-thu-truong",
        ),
        pytest.param(
            "Nơi nhận:                                  T/M BAN THƯỜNG VỤ\n- Ban Bí thư (để b/c),"
            "                           BÍ THƯ\n- Lưu Văn phòng Tỉnh ủy.\n\n          Bùi Thị Quỳnh Vân",
            ("Bùi Thị Quỳnh Vân", "BÍ THƯ", "TM", "BAN THƯỜNG VỤ"),
            id="party-slashed-prefix-beside-noi-nhan",
        ),
        pytest.param(
            "- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyen Duc Viet",
            ("Nguyen Duc Viet", "PHÓ CHỦ TỊCH", "KT", "CHỦ TỊCH"),
            id="ocr-name-without-its-marks-is-still-a-name",
        ),
        pytest.param(
            "- Lưu: VT.\n\nT/M ỦY BAN KIỂM TRA\nPHÓ CHỦ NHIỆM THƯỜNG\nTRỰC\n\n- Lưu Văn phòng UBKT.\nVũ Đức Thắng",
            ("Vũ Đức Thắng", "PHÓ CHỦ NHIỆM THƯỜNG TRỰC", "TM", "ỦY BAN KIỂM TRA"),
            id="title-tail-wrapped-by-a-narrow-column",
        ),
        pytest.param(
            "Cuộc họp kết thúc lúc 11 giờ 00 cùng ngày./.\n\nTHƯ KÝ\n\nCN. Võ Thị Mai\n\nCHỦ TRÌ CUỘC HỌP\nGIÁM ĐỐC\n\n"
            "BS.CKII Hoàng Minh Tuấn",
            ("Hoàng Minh Tuấn", "GIÁM ĐỐC", None, None),
            id="bien-ban-chair-role-over-the-office",
        ),
    ],
)
def test_blocks(block: str, expected: tuple) -> None:
    got = run(block)
    assert got is not None
    assert tuple(got[f] for f in FIELDS) == expected


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        pytest.param(
            "Kính trình Hội đồng nhân dân tỉnh xem xét, quyết định./.\n\nNơi nhận:\n- Như trên;\n- Cổng TTĐT tỉnh;\n"  # noqa: E501 (a real line)
            "- Lưu: VT, NC(Vi2273).\n\nCHU TỊCH\nNguyễn Hoàng Giang",
            ("Nguyễn Hoàng Giang", "CHỦ TỊCH", None, None),
            id="002-ocr-lost-diacritic-restored",
        ),
        pytest.param(
            "đặt trụ sở chính hoặc chỉ nhánh trên địa bàn tỉnh).I.\nR44\nTL. CHỦ TỊCH\n- Như trên;\n\n- PCT UBND tỉnh;\n"  # noqa: E501 (a real line)
            "- VPUB: CVP, PCVP;\n- Công TTĐT tỉnh;\n- Lưu: VT, TTHC(Thu).\n\nCHÁNH VĂN PHÒNG\n\nNguyễn Quốc Việt",  # noqa: E501 (a real line)
            ("Nguyễn Quốc Việt", "CHÁNH VĂN PHÒNG", "TL", "CHỦ TỊCH"),
            id="006-ocr-list-between-prefix-and-title",
        ),
    ],
)
def test_ocr_column_order(block: str, expected: tuple) -> None:
    got = run(block)
    assert got is not None
    assert tuple(got[f] for f in FIELDS) == expected


def test_decision_heading_is_not_a_signature() -> None:
    text = (
        "QUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\n\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;\n"
        + "Điều 1. Ban hành kèm theo.\n" * 20
        + "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nĐặng Văn Minh"
    )
    got = run(text)
    assert got is not None and got["name"] == "Đặng Văn Minh"


def test_news_article_has_no_signer() -> None:
    assert run(text_of("004_e366b00e609ca391")) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("KT.", id="prefix-only"),
        pytest.param("TL. \n\n", id="blank"),
    ],
)
def test_odd_text_does_not_raise(text: str) -> None:
    signer.extract(text, Context())


def test_a_second_office_without_a_blank_line_is_another_title() -> None:
    """Seed 000 as its PDF rendering prints it: the committee title, then the signer's own office."""
    from congvan.extractors.base import Context
    from congvan.extractors.signer import extract

    text = (
        "Nơi nhận:\n- Như trên;\n- Lưu: VP, T5.\n"
        "TRƯỞNG BAN CHỈ ĐẠO\nCÔNG TÁC TUYÊN TRUYỀN\nNGÀNH KSND\nPHÓ VIỆN TRƯỞNG VKSND TỐI CAO\nNguyễn Quang Dũng\n"
    )
    signer = extract(text, Context()).best("signer")
    assert signer is not None
    assert signer.value["title"] == "TRƯỞNG BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYỀN NGÀNH KSND"
    assert signer.value["other_titles"] == ["PHÓ VIỆN TRƯỞNG VKSND TỐI CAO"]
    assert signer.value["name"] == "Nguyễn Quang Dũng" and signer.value["authority"] is None


@pytest.mark.parametrize(
    ("ocr", "restored"),
    [
        pytest.param("CHINH UY", "CHÍNH ỦY", id="two-spellings-of-one-title"),
        pytest.param("UY VIEN", "ỦY VIÊN", id="uy-vien"),
        pytest.param("THU TRUONG", "THU TRUONG", id="thu-truong-or-thu-truong-is-left"),
    ],
)
def test_titles_restored_only_where_one_title_fits(ocr: str, restored: str) -> None:
    assert signer._restore(ocr) == restored


def test_an_inferred_deputy_title_is_said_and_less_sure() -> None:
    found = signer.extract("- Lưu: VT.\n\nKT. GIÁM ĐỐC\nGIÁM ĐỐC\n\nTrần Nguyễn Minh Thành", Context())
    best = found.best("signer")
    assert best is not None and best.value["title"] == "PHÓ GIÁM ĐỐC" and best.confidence < 0.9
    assert any("PHÓ GIÁM ĐỐC" in w for w in found.warnings)


@pytest.mark.parametrize(
    ("name_line", "expected"),
    [
        pytest.param("Phám Thị Tổ Như", "Phạm Thị Tổ Như", id="p05-surname-tone-slip"),
        pytest.param("Nguyen Van Hai", "Nguyen Van Hai", id="no-marks-anywhere-kept"),
        pytest.param("Doàn Văn Minh", "Doàn Văn Minh", id="folds-like-two-surnames-kept"),
    ],
)
def test_an_ocr_surname_takes_its_one_spelling(name_line: str, expected: str) -> None:
    text = "Nội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nHIỆU TRƯỞNG\n\n" + name_line + "\n"
    found = signer.extract(text, Context(is_ocr=True)).best("signer")
    assert found is not None and found.value["name"] == expected


# Another tool's OCR of a sealed page prints a piece of the seal's ring (the issuer's name, cut
# inside a word) between the signing prefix and the title, on the Nơi nhận lines.
SEALED_FOOT = (
    "CỤC THỐNG KÊ                             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "THỐNG KÊ TỈNH BẮC NINH                         Độc lập - Tự do - Hạnh phúc\n"
    "Số: 112/TKBN-TH                              Bắc Ninh, ngày 04 tháng 6 năm 2025\n"
    "V/v cung cấp số liệu điều tra doanh nghiệp\n\n"
    "Đề nghị các đơn vị gửi số liệu trước ngày 20/6/2025./.\n\n"
    "Nơi nhận:                                         KT. TRƯỞNG THỐNG KÊ TỈNH\n"
    "                                    HỐNG KÊ TỈNH BẮ\n"
    "- Như trên;                                        PHÓ TRƯỞNG THỐNG KÊ TỈNH\n"
    "- Lưu: VT, TH.                                    Đỗ Minh Khang\n"
)


def test_the_seal_ring_read_between_prefix_and_title_is_skipped() -> None:
    value = run(SEALED_FOOT)
    assert value is not None
    assert (value["name"], value["title"], value["authority"]) == (
        "Đỗ Minh Khang", "PHÓ TRƯỞNG THỐNG KÊ TỈNH", "KT"
    )


def test_a_wrapped_title_line_the_header_prints_whole_is_no_ring() -> None:
    header = "UBND TỈNH NAM ĐỊNH\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n"
    assert signer.is_ring_fragment("IÁO DỤC VÀ ĐÀO", header)
    assert not signer.is_ring_fragment("GIÁO DỤC VÀ ĐÀO TẠO", header)
    assert not signer.is_ring_fragment("PHÓ GIÁM ĐỐC", header)


def test_a_central_highlands_name_with_the_word_y_is_a_name() -> None:
    # a commune party committee of Gia Lai: "Rơ Lan Y Bhin" signs for the standing committee
    text = (
        "Nội dung.\n\nNơi nhận:                          T/M BAN THƯỜNG VỤ\n"
        "- Như trên;                      BÍ THƯ\n- Lưu VP.\n\n                                    Rơ Lan Y Bhin\n"
    )
    value = run(text)
    assert value is not None and value["name"] == "Rơ Lan Y Bhin"


def test_the_seal_ring_naming_the_body_and_its_province_is_skipped() -> None:
    # the header prints "SỞ Y TẾ" and the place "Ninh Bình"; the ring reads "SỞ Y TẾ NINH BÌNH"
    text = (
        "UBND TỈNH NINH BÌNH                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "SỞ Y TẾ                                   Độc lập - Tự do - Hạnh phúc\n"
        "Số: 905/SYT-KHTC                          Ninh Bình, ngày 11 tháng 7 năm 2025\n\n"
        "Đề nghị các đơn vị báo cáo./.\n\n"
        "Nơi nhận:                                    GIÁM ĐỐC\n"
        "                                     SỞ Y TẾ NI\n"
        "- Như trên;\n- Lưu: VT.                                  Trịnh Văn Long\n"
    )
    block = signer.locate(text)
    assert block is not None and len(block.ring) == 1
    assert text[block.ring[0][0] : block.ring[0][1]] == "SỞ Y TẾ NI"


def test_a_repaired_text_surname_takes_its_one_spelling() -> None:
    # another tool's OCR without marks, repaired: the repair chose the wrong tone for the surname
    text = "Nội dung.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\n\nNguyên Thanh Sơn\n"
    found = signer.extract(text, Context(repaired=True)).best("signer")
    assert found is not None and found.value["name"] == "Nguyễn Thanh Sơn"
    plain = signer.extract(text, Context()).best("signer")
    assert plain is not None and plain.value["name"] == "Nguyên Thanh Sơn"  # clean text: as printed


def test_seal_specks_before_the_title_and_a_rank_read_by_ocr_are_cleared() -> None:
    # scans of blind set 18 (scripts/scan_set.py): the seal's ring leaves quote-like specks before the
    # title ("“` GIÁM ĐỐC"), and Tesseract reads the rank "BSCKII." as "BSCKH."
    specks = "Nội dung./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n“` GIÁM ĐỐC\nPhạm Minh Tuấn\n"
    value = run(specks)
    assert value is not None and (value["title"], value["name"]) == ("GIÁM ĐỐC", "Phạm Minh Tuấn")
    rank = "Nội dung./.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nBSCKH. Hoàng Văn Thịnh\n"
    value = run(rank)
    assert value is not None and value["name"] == "Hoàng Văn Thịnh"


def test_a_piece_of_the_seal_ending_in_its_star_is_not_part_of_the_title() -> None:
    # another tool's OCR of a sealed page: "BỘ GIÁO *" between the prefix and the title, "TRƯỜNG THPT *"
    # under the title (blind set 22)
    text = (
        "Nội dung./.\n\nNơi nhận:                                   KT. BỘ TRƯỞNG\n"
        "                                            BỘ GIÁO *\n"
        "- Như trên;                                 THỨ TRƯỞNG\n"
        "- Lưu: VT, Vụ GDPT.                         Nguyễn Văn Khải\n"
    )
    value = run(text)
    assert value is not None and (value["title"], value["name"]) == ("THỨ TRƯỞNG", "Nguyễn Văn Khải")
    alone = "Nội dung./.\n\nNơi nhận:\n- Lưu: VT, CM.\nHIỆU TRƯỞNG\nTRƯỜNG THPT *\n\nPhan Thị Bích Ngọc\n"
    value = run(alone)
    assert value is not None and (value["title"], value["name"]) == ("HIỆU TRƯỞNG", "Phan Thị Bích Ngọc")


@pytest.mark.parametrize(
    ("read", "ocr", "expected"),
    [
        ("Trương Quoc Bảo", False, "Trương Quốc Bảo"),  # a middle name that lost its marks
        ("Dang Minh Hiệu", False, "Đặng Minh Hiệu"),  # a surname that lost its marks
        ("Phám Thị Tổ Như", True, "Phạm Thị Tổ Như"),  # a tone OCR slipped
        ("Phám Thị Tổ Như", False, "Phám Thị Tổ Như"),  # printed so: a typo stays
        ("Nguyen Van An", True, "Nguyen Van An"),  # no marks at all: the text lost them everywhere
    ],
)
def test_names_take_the_marks_they_lost(read: str, ocr: bool, expected: str) -> None:
    assert signer._surname_snapped(read, [], ocr=ocr) == expected


def test_the_seal_ring_naming_a_place_under_a_title_is_no_title_line() -> None:
    block = "- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n  PHƯỜNG HẢI\n\nVõ Thành Trung"
    got = run(block)
    assert got is not None
    assert (got["name"], got["title"]) == ("Võ Thành Trung", "CHỦ TỊCH")


def test_a_lone_name_after_the_copies_is_the_signer_when_the_seal_hid_the_title() -> None:
    # the seal's red ring over "GIÁM ĐỐC" left "GA: AỐC"; the name below stands alone
    text = (
        "Kính gửi: Các khoa, phòng.\n\nBệnh viện đề nghị các khoa gửi báo cáo.\n\nNơi nhận:\n- Như trên;\n"
        "- Lưu: VT, KHTH.\n\nGA: AỐC\n\n15.ö5. Lê Đức Nhân\n"
    )
    got = run(text)
    assert got is not None and got["name"] == "Lê Đức Nhân" and got["title"] is None


def test_a_surname_read_with_a_digit_under_the_signature_stroke() -> None:
    got = run("- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n1e Văn Thành")
    assert got is not None and got["name"] == "Lê Văn Thành"


@pytest.mark.parametrize(
    ("read", "name"),
    [
        # set 28's scanned zp07: the bold "Đ" under the signature stroke read as "t"
        ("tạng Quốc Bảo", "Đặng Quốc Bảo"),
        ("đỗ Minh Tuấn", "Đỗ Minh Tuấn"),  # Đỗ, not Võ: the letter kept its shape, lost its case
        ("rguyễn Thị Hà", "Nguyễn Thị Hà"),
    ],
)
def test_a_surname_whose_first_letter_ocr_misread_in_lower_case(read: str, name: str) -> None:
    got = run(f"- Lưu: VT.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n{read}")
    assert got is not None and got["name"] == name


def test_the_deputys_title_the_seal_garbled_under_kt_is_the_deputys_title() -> None:
    got = run("- Lưu: VT, KHTC.\n\nKT. GIÁM ĐỐC\nPHÓ G¡^4 ĐỐC\nđủ\n\nĐặng Quốc Bảo")
    assert got is not None
    assert (got["authority"], got["on_behalf_of"], got["title"]) == ("KT", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    # a title of its own between the same words is read as printed, not replaced
    got = run("- Lưu: VT.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC THƯỜNG TRỰC\n\nĐặng Quốc Bảo")
    assert got is not None and got["title"] == "PHÓ GIÁM ĐỐC THƯỜNG TRỰC"


def test_a_searchable_scans_garbled_party_title_and_surname_under_t_m() -> None:
    # set 28's zp09, another tool's layer: the title's middle word and the surname's "T" garbled
    got = run("- Lưu Văn phòng Đảng ủy.\n\nT/M BAN THƯỜNG VỤ\n- PHÓ 9' THƯ\nN ÂM\n\n1rương Công Minh")
    assert got is not None
    assert (got["authority"], got["title"], got["name"]) == ("TM", "PHÓ BÍ THƯ", "Trương Công Minh")
