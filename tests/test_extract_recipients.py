"""Recipients (Kính gửi / Nơi nhận) on real texts: seeds, 039, born-digital PDFs 003/016 in
both their ordered and their row-interleaved text, and OCR lines of scans."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from congvan.extractors import recipients
from congvan.extractors.base import Context
from congvan.extractors.textutil import collapse
from congvan.extractors.vocab import load_table
from congvan.pipeline.document import SourceFile
from congvan.pipeline.normalise import normalise
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text import acquire_text

SEEDS = Path("/work/shared/seeds")
REAL = Path("/work/shared/corpus-real")
SEED_IDS = [
    "000_e566c0ecd86c5a3b",
    "001_d3ba48757fc946ed",
    "002_de40779bbbad1aa1",
    "003_d15970afb96bf74c",
    "004_e366b00e609ca391",
]


@cache
def pdf_text(name: str) -> str:
    """The pipeline's own (ordered) text of a born-digital PDF."""
    path = REAL / name
    data = path.read_bytes()
    source = SourceFile(path, data, hashlib.sha256(data).hexdigest(), "application/pdf")
    return normalise(acquire_text(source, Settings(ocr=OcrMode.NEVER))).text


@cache
def interleaved_text(name: str) -> str:
    """pdfplumber's row-by-row text: the signature block shares lines with Nơi nhận."""
    with pdfplumber.open(REAL / name) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def text_of(doc: str) -> str:
    if doc in SEED_IDS:
        return (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
    if doc.endswith("-rows"):
        return interleaved_text(doc.removesuffix("-rows") + ".pdf")
    if doc == "039":
        return (REAL / "039.txt").read_text(encoding="utf-8")
    return pdf_text(f"{doc}.pdf")


def gold_of(doc: str) -> dict:
    stem = doc.removesuffix("-rows")
    path = SEEDS / "gold" / f"{stem}.json" if stem in SEED_IDS else REAL / "gold" / f"{stem}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def triples(values: list[dict]) -> list[tuple[str, str, str | None]]:
    return [(collapse(v["name"]).lower(), v["kind"], v["purpose"]) for v in values]


def run(text: str) -> list[dict]:
    return [c.value for c in recipients.extract(text, Context()).all("recipients")]


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
    assert triples(run(text_of(doc))) == triples(gold_of(doc)["recipients"])


def test_news_article_has_no_recipients() -> None:
    assert run(text_of("004_e366b00e609ca391")) == []


def test_candidates_carry_their_evidence() -> None:
    text = text_of("000_e566c0ecd86c5a3b")
    for candidate in recipients.extract(text, Context()).all("recipients"):
        assert candidate.value["name"].split()[0] in text[candidate.start : candidate.end]


@pytest.mark.parametrize(
    ("doc", "archive"),
    [
        pytest.param("000_e566c0ecd86c5a3b", ["VP", "T5"], id="000"),
        pytest.param("002_de40779bbbad1aa1", ["VP (VT, PTMTH)"], id="002-brackets-do-not-split"),
        pytest.param("039", ["VT", "Vụ GDTrH"], id="039"),
        pytest.param("003-rows", ["VT", "KGVX"], id="003-interleaved"),
    ],
)
def test_archive_copies_are_not_recipients(doc: str, archive: list[str]) -> None:
    extraction = recipients.extract(text_of(doc), Context())
    assert [c.value for c in extraction.all("archive_copies")] == archive
    assert not any(c.value["name"].lower().startswith("lưu") for c in extraction.all("recipients"))


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        pytest.param(
            "Nơi nhận:\n\n- Viện trưởng VKSND tối cao;\n- Phó Viện trưởng VKSND tối cao; } (để báo cáo)\n"
            "- Kiểm sát viên VKSND tối cao;\n- Lưu: VP (VT, PTMTH).",
            [
                ("viện trưởng vksnd tối cao", "noi_nhan", "để báo cáo"),
                ("phó viện trưởng vksnd tối cao", "noi_nhan", "để báo cáo"),
                ("kiểm sát viên vksnd tối cao", "noi_nhan", "để báo cáo"),
            ],
            id="seed002-brace-group",
        ),
        pytest.param(
            "Nơi nhận:\n- Viện trưởng VKSND tối cao;\n- Phó Viện trưởng VKSND tối cao; } (để báo\ncáo)\n"
            "- Kiểm sát viên VKSND tối cao;\n- Thủ trưởng các đơn vị thuộc VKSND tối cao;\n} (để thực hiện)\n"
            "- VKSQS Trung ương;\n- Lưu: VP (VT, PTMTH).",
            [
                ("viện trưởng vksnd tối cao", "noi_nhan", "để báo cáo"),
                ("phó viện trưởng vksnd tối cao", "noi_nhan", "để báo cáo"),
                ("kiểm sát viên vksnd tối cao", "noi_nhan", "để thực hiện"),
                ("thủ trưởng các đơn vị thuộc vksnd tối cao", "noi_nhan", "để thực hiện"),
                ("vksqs trung ương", "noi_nhan", "để thực hiện"),
            ],
            id="seed002-pdf-brace-label-on-a-row-of-its-own",
        ),
        pytest.param(
            "Noi nhận:\n\n- Như trên;\n- Đ/c Viện trưởng VKSND tối cao (để b/c);\n- Vụ 16 (để t/h);\n- Lưu: VT, Vụ 16.",  # noqa: E501 (a real line)
            [
                ("như trên", "noi_nhan", None),
                ("đ/c viện trưởng vksnd tối cao", "noi_nhan", "để báo cáo"),
                ("vụ 16", "noi_nhan", "để thực hiện"),
            ],
            id="seed003-ocr-heading-abbreviated-purposes",
        ),
        pytest.param(
            "Nơi nhận\n\nNhư trên;\n\nBộ trưởng (để báo cáo);\n\nLưu: VT, Vụ GDTrH.\n\nTL. BỘ TRƯỞNG",
            [("như trên", "noi_nhan", None), ("bộ trưởng", "noi_nhan", "để báo cáo")],
            id="039-no-dashes",
        ),
        pytest.param(
            "Nơi nhận:\n- Cục Thuế tỉnh; VNPT Quảng Ngãi;\n- Lưu: VT, KGVX",
            [("cục thuế tỉnh", "noi_nhan", None), ("vnpt quảng ngãi", "noi_nhan", None)],
            id="001-two-on-one-line",
        ),
        pytest.param(
            "Nơi nhận:\n- Các Sở: Giáo dục và Đào tạo; Tư pháp;\n- Lưu: VT.",
            [("các sở: giáo dục và đào tạo; tư pháp", "noi_nhan", None)],
            id="heading-list-stays-one",
        ),
        pytest.param(
            "Kính gửi: Các Sở Giáo dục và Đào tạo\n\nĐể thực hiện việc kiểm tra, đánh giá theo quy định tại Thông tư",  # noqa: E501 (a real line)
            [("các sở giáo dục và đào tạo", "kinh_gui", None)],
            id="039-inline-kinh-gui",
        ),
        pytest.param(
            "Kính gửi: Bà Nguyễn Thị Bích Ngọc và Ông Đoàn Duy Đức\nĐịa chỉ: Thôn Vĩnh Xuân, xã Phổ Phong, thị xã Đức\n"  # noqa: E501 (a real line)
            "Phổ, tỉnh Quảng Ngãi\nChủ tịch UBND tỉnh Quảng Ngãi nhận được Đơn ngày 30/9/2024 và",
            [("bà nguyễn thị bích ngọc và ông đoàn duy đức", "kinh_gui", None)],
            id="010-ocr-private-addressee-with-address",
        ),
        pytest.param(
            "` ( Kính gửi:\n\nK.. Ỹ. - Sở Giao thông vận tải,\n`. Âu - Sở Nông nghiệp và Phát triển nông thôn.\nCÓ, ề\n"  # noqa: E501 (a real line)
            "vỸ Thực hiện nội dung các Quyết định số: 1743/QĐ-BGTVT",
            [
                ("sở giao thông vận tải", "kinh_gui", None),
                ("sở nông nghiệp và phát triển nông thôn", "kinh_gui", None),
            ],
            id="006-ocr-margin-debris",
        ),
        pytest.param(
            "quôc gia năm 2019\nKính gửi:\n\n3. Công đoàn phối hợp với lãnh đạo các đơn vị tuyên truyền trong CB-GV-NV;\n"  # noqa: E501 (a real line)
            "4. Đoàn TN phối hợp với Quận Đoàn và các đơn vị liên quan để thực hiện Điểm\n\n"
            "- Trưởng phòng GD&ĐT các quận, huyện;\n- Hiệu trưởng các trường Đại học ngoài công lập;\n"
            "Thực hiện Công văn số 2114/BGDĐT-GDCTHSSV ngày 16/5/2019 của",
            [
                ("trưởng phòng gd&đt các quận, huyện", "kinh_gui", None),
                ("hiệu trưởng các trường đại học ngoài công lập", "kinh_gui", None),
            ],
            id="027-ocr-routing-notes-before-list",
        ),
        pytest.param(
            "đặt trụ sở chính hoặc chỉ nhánh trên địa bàn tỉnh).I.\n\nR44 TL. CHỦ TỊCH\n- Như trên; F\n"
            "- PCT UBND tỉnh; | c_HANH VĂN PHÒNG\n- VPUB: CVP, PCVP;\n- Cổng TTĐT tỉnh;\n\n- Lưu: VT, TTHC(Thu).",  # noqa: E501 (a real line)
            [
                ("như trên", "noi_nhan", None),
                ("pct ubnd tỉnh", "noi_nhan", None),
                ("vpub: cvp, pcvp", "noi_nhan", None),
                ("cổng ttđt tỉnh", "noi_nhan", None),
            ],
            id="006-ocr-heading-lost",
        ),
    ],
)
def test_blocks(block: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert triples(run(block)) == expected


def test_the_signature_column_beside_an_interleaved_list_is_no_recipient() -> None:
    """Another tool's OCR reads the signature column row by row beside the list: the title, the
    seal's ring in capitals ("SỞ XÂY DỰNG / TỈNH BẮC NINH") and a star; the purposes then close
    their lines and a roman ordinal stays in the name."""
    block = (
        "Nơi nhận:                                          KT. GIÁM ĐỐC\n"
        "- Như trên;                                        PHÓ GIÁM ĐỐC\n"
        "- UBND tỉnh (để b/c);                              SỞ XÂY DỰNG\n"
        "- Kho bạc Nhà nước khu vực IX (để p/h);              TỈNH BẮC NINH\n"
        "- Phòng Quản lý xây dựng;                               *\n"
        "- Lưu: VT, QLXD.                                   Lê Minh Quân\n"
    )
    assert triples(run(block)) == [
        ("như trên", "noi_nhan", None),
        ("ubnd tỉnh", "noi_nhan", "để báo cáo"),
        ("kho bạc nhà nước khu vực ix", "noi_nhan", "để phối hợp"),
        ("phòng quản lý xây dựng", "noi_nhan", None),
    ]


def test_the_signer_title_on_the_heading_line_is_no_recipient() -> None:
    block = "Nơi nhận:                                    GIÁM ĐỐC\n- Như Điều 2;\n- Lưu: VT, TCHC.\n"
    assert triples(run(block)) == [("như điều 2", "noi_nhan", None)]


def test_a_back_reference_entry_gets_its_marks_back() -> None:
    names = [v["name"] for v in run("Noi nhan:\n- Nhu kinh gui;\n- Nhu tren;\n- Luu: VT.\n")]
    assert names == ["Như Kính gửi", "Như trên"]


def test_a_cong_dien_lists_its_addressees_under_the_sender() -> None:
    text = (
        "                             CÔNG ĐIỆN\n         Về việc ứng phó với bão số 3\n\n"
        "              CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n"
        "       - Giám đốc các Sở, Thủ trưởng các ban, ngành tỉnh;\n"
        "       - Chủ tịch UBND các xã, phường, đặc khu.\n\n"
        "Bão số 3 đang di chuyển nhanh vào vùng biển phía Bắc.\n"
    )
    assert triples(run(text)) == [
        ("giám đốc các sở, thủ trưởng các ban, ngành tỉnh", "kinh_gui", None),
        ("chủ tịch ubnd các xã, phường, đặc khu", "kinh_gui", None),
    ]


def test_recipient_entries_vocabulary_loads() -> None:
    table = load_table("recipient_entries")
    assert "khu vực" in table["numbered_units"] and "Như trên" in table["fixed_entries"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("Nơi nhận:", id="heading-only"),
        pytest.param("Kính gửi:\n-\n-\n", id="dashes-only"),
        pytest.param("- Lưu: VT", id="archive-only"),
    ],
)
def test_odd_text_does_not_raise(text: str) -> None:
    recipients.extract(text, Context())


ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĐKTLQMNHCỦỊƯỞ0123456789 \n\t-+;:.,/()}|*@"


@pytest.mark.parametrize("module_name", ["recipients", "signer", "emails", "references"])
def test_no_extractor_raises_on_any_text(module_name: str) -> None:
    import importlib

    from hypothesis import given, settings
    from hypothesis import strategies as st

    module = importlib.import_module(f"congvan.extractors.{module_name}")

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet=ALPHABET, max_size=300))
    def check(text: str) -> None:
        for candidate in module.extract(text, Context()).candidates:
            assert 0 <= candidate.start <= candidate.end <= len(text)

    check()


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        pytest.param(
            "Nơi nhận:\n~- Ban Giám hiệu (dẻ b/c);\n- Các đơn vị thuộc trường (đề t⁄h);\n- Lưu: VT, CTSV.\n",
            [("ban giám hiệu", "noi_nhan", "để báo cáo"), ("các đơn vị thuộc trường", "noi_nhan", "để thực hiện")],
            id="p04-speck-before-dash-and-fraction-slash",
        ),
        pytest.param(
            "Nơi nhận:\n- Như Điều 3 (th/h);\n- Lưu: VT.\n",
            [("như điều 3", "noi_nhan", "để thực hiện")],
            id="a03-article-number-and-th-h",
        ),
        pytest.param(
            "Nơi nhận:\n- HĐT, BGH, ĐU (để b/c); _\n- Cổng TTĐT của Trường (để tb),\n- HĐT (để bíc);\n- Lưu: VT.\n",
            [
                ("hđt, bgh, đu", "noi_nhan", "để báo cáo"),
                ("cổng ttđt của trường", "noi_nhan", "để thông báo"),
                ("hđt", "noi_nhan", "để báo cáo"),
            ],
            id="a-signature-stroke-after-the-semicolon-tb-and-b-c-read-bic",
        ),
    ],
)
def test_ocr_slips_in_noi_nhan_lines(block: str, expected: list[tuple[str, str, str | None]]) -> None:
    """Scans and OCR text (p04, a03 of the tuning half): a speck before the dash, "⁄" for "/" and
    "(th/h)" in purposes; an article's number is no debris."""
    assert triples(run("Nội dung văn bản.\n" + block)) == expected


def test_a_handwritten_addressee_on_a_dotted_line_is_no_recipient() -> None:
    """p13 (tuning): "Kính gửi:...... ÑÍ)....zTÀ ⁄†ÄmE.... âu. ¬—————..." is the page OCR of a
    handwritten "Như thành phần" on the fill-in dots: no recipient rather than that string."""
    text = "GIẤY MỜI\nKính gửi:...... ÑÍ)....zTÀ ⁄†ÄmE.... âu. ¬—————...\nCăn cứ Quyết định số 1463/QĐ-SYT.\n"
    assert [r for r in run(text) if r["kind"] == "kinh_gui"] == []


def test_the_seal_ring_among_the_noi_nhan_lines_is_no_recipient() -> None:
    from tests.test_extract_signer import SEALED_FOOT

    assert triples(run(SEALED_FOOT)) == [("như trên", "noi_nhan", None)]


def test_a_department_in_parentheses_before_the_purpose_stays_whole() -> None:
    text = "Nội dung.\nNơi nhận:\n- Như trên;\n- Công an tỉnh An Giang (Phòng PV01) (để b/c);\n- Lưu: VT.\n"
    assert ("công an tỉnh an giang (phòng pv01)", "noi_nhan", "để báo cáo") in triples(run(text))


def test_ocrs_readings_of_b_c_are_the_report_purpose_and_an_open_bracket_only_closes_a_known_one() -> None:
    text = (
        "Nội dung.\nNơi nhận:\n- Như trên;\n- Tổng công ty ĐLMB (để b/€\n- TT Thành ủy, TT HĐND thành phố (b/);\n"
        "- Thường trực Đảng ủy phường (b/©);\n- Sở Tư pháp (Phòng 2\n- Lưu: VT.\n"
    )
    assert triples(run(text))[1:] == [
        ("tổng công ty đlmb", "noi_nhan", "để báo cáo"),
        ("tt thành ủy, tt hđnd thành phố", "noi_nhan", "để báo cáo"),
        ("thường trực đảng ủy phường", "noi_nhan", "để báo cáo"),  # the c read as © (scanned set 38)
        ("sở tư pháp (phòng 2", "noi_nhan", None),
    ]


def test_the_province_level_takes_its_marks_in_a_name_the_repair_left_unmarked() -> None:
    # another tool's OCR without marks, repaired in part: the province level and name stay bare
    text = (
        "Nội dung.\nNơi nhận:\n- Như trên;\n- Văn phòng UBND tinh;\n- Ủy ban nhân dân tinh Ninh Bình;\n"
        "- Ban quản lý dự án tinh;\n- Lưu: VT.\n"
    )
    found = [c.value["name"] for c in recipients.extract(text, Context(repaired=True)).all("recipients")]
    assert found == ["Như trên", "Văn phòng UBND tỉnh", "Ủy ban nhân dân tỉnh Ninh Bình", "Ban quản lý dự án tỉnh"]
    assert [v["name"] for v in run(text)][1] == "Văn phòng UBND tinh"  # clean text: as printed
    bare = "Nội dung.\nNơi nhận:\n- Van phong UBND tinh;\n- Lưu: VT.\n"
    assert [c.value["name"] for c in recipients.extract(bare, Context(repaired=True)).all("recipients")] == [
        "Van phong UBND tinh"
    ]


def test_a_name_in_parentheses_waits_for_its_purpose_on_the_next_line() -> None:
    # a quyết định's Nơi nhận (blind set 18): "- VKSND tối cao (Vụ 8)" / "(để b/c);" — "(Vụ 8)" is part
    # of the name, not a purpose, so the entry stays open for the purpose wrapped under it
    text = (
        "Nơi nhận:\n- Như Điều 3;\n- VKSND tối cao (Vụ 8)\n(để b/c);\n"
        "- Trại tạm giam CA tỉnh (để p/h);\n- Lưu: VT, P8.\n"
    )
    found = [c.value for c in recipients.extract(text, Context()).candidates if c.field == "recipients"]
    assert [(r["name"], r["purpose"]) for r in found] == [
        ("Như Điều 3", None),
        ("VKSND tối cao (Vụ 8)", "để báo cáo"),
        ("Trại tạm giam CA tỉnh", "để phối hợp"),
    ]


def test_a_noi_nhan_list_that_runs_over_the_page_break_is_read_whole() -> None:
    # the foot table of a Word document split by the page break (blind set 16): the list's last
    # entries come after the signature block and the next page's number
    text = (
        "Nơi nhận:\n- Bộ Nông nghiệp và Môi trường (b/c);\n- Các sở, ban, ngành tỉnh;\n\n"
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n\nNguyễn Văn Hòa\n\n2\n\n"
        "- UBND các xã, phường, đặc khu;\n- Lưu: VT, KT.\n"
    )
    found = [c.value["name"] for c in recipients.extract(text, Context()).candidates if c.field == "recipients"]
    assert found == ["Bộ Nông nghiệp và Môi trường", "Các sở, ban, ngành tỉnh", "UBND các xã, phường, đặc khu"]


def test_a_seals_ring_read_beside_the_list_is_no_recipient() -> None:
    # another tool's OCR read the seal beside the Nơi nhận list as "TOA AN *" (the seal's star)
    text = "Noi nhan:                TL. CHANH AN\n- Chanh an, cac Pho Chanh an;\n   TOA AN *\n- Luu: VT, VP.\n"
    found = [c.value["name"] for c in recipients.extract(text, Context()).candidates if c.field == "recipients"]
    assert found == ["Chanh an, cac Pho Chanh an"]


def test_the_list_goes_on_after_the_signature_past_the_seals_specks() -> None:
    """Our own OCR of a scanned foot table read in layout order: the Nơi nhận list, the signature
    block (masked), two specks of the seal ("5", "FŠ"), then the rest of the list (class: scanned
    two-column feet, scanned set 38)."""
    text = (
        "được hướng dẫn./.\n\nNơi nhận:\n- Như trên;\n- Giám đốc, các PGĐ Sở;\n\nKT. GIÁM ĐỐC\n5\nFŠ\n"
        "PHÓ GIÁM ĐỐC\n\n- Các phòng thuộc Sở;\n- Cổng thông tin điện tử Sở;\n- Lưu: VT, GDTrH.\nĐặng Thị Ngọc Hân\n"
    )
    assert [name for name, _, _ in triples(run(text))] == [
        "như trên",
        "giám đốc, các pgđ sở",
        "các phòng thuộc sở",
        "cổng thông tin điện tử sở",
    ]
