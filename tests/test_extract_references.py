"""References to other documents: real citations from seeds, 039, born-digital PDFs and OCR lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from congvan.extractors import references
from congvan.extractors.base import Context
from congvan.extractors.vocab import load_table
from tests.test_extract_recipients import SEED_IDS, gold_of, text_of


def run(text: str, context: Context | None = None) -> list[dict]:
    return [c.value for c in references.extract(text, context or Context()).all("references")]


def keys(values: list[dict]) -> list[tuple[str, str, str | None]]:
    return [(v["kind"], v["number"], v["date"]) for v in values]


@pytest.mark.parametrize(
    "doc",
    [pytest.param(d, id=d[:3]) for d in SEED_IDS]
    + [
        pytest.param("039", id="039"),
        pytest.param("003", id="003-pdf"),
        pytest.param("016", id="016-pdf"),
        pytest.param("016-rows", id="016-pdf-interleaved"),
    ],
)
def test_whole_document_matches_gold(doc: str) -> None:
    assert keys(run(text_of(doc))) == keys(gold_of(doc)["references"])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "(Kế hoạch số 01/KH-VKSTC ngày 05/01/2021) của Viện kiểm sát",
            [("ke_hoach", "01/KH-VKSTC", "2021-01-05", "Kế hoạch số 01/KH-VKSTC ngày 05/01/2021")],
            id="seed000-ke-hoach",
        ),
        pytest.param(
            "sơ kết 03 năm thực hiện Quyết định 596/QĐ-VKSTC ngày 20/12/2018 của Viện trưởng",
            [("quyet_dinh", "596/QĐ-VKSTC", "2018-12-20", "Quyết định 596/QĐ-VKSTC ngày 20/12/2018")],
            id="seed000-no-so",
        ),
        pytest.param(
            "Căn cứ Chỉ thị số 05/CT –VKSTC-TCKS ngày 08/6/2021 của Viện kiểm sát nhân dân tối cao",
            [("chi_thi", "05/CT-VKSTC-TCKS", "2021-06-08", "Chỉ thị số 05/CT –VKSTC-TCKS ngày 08/6/2021")],
            id="seed004-ocr-spacing",
        ),
        pytest.param(
            "ban hành theo Quyết định số 238-QĐ/TW ngày 30/9/2020 của Ban Bí thư",
            [("quyet_dinh", "238-QĐ/TW", "2020-09-30", "Quyết định số 238-QĐ/TW ngày 30/9/2020")],
            id="seed002-party",
        ),
        pytest.param(
            "theo Kết luận số 18-KL/TW của Bộ Chính trị",
            [("ket_luan", "18-KL/TW", None, "Kết luận số 18-KL/TW")],
            id="ket-luan-no-date",
        ),
        pytest.param(
            "Nghị định số 161/2024/NĐ-CP ngày 18/12/2024 của Chính phủ",
            [("nghi_dinh", "161/2024/NĐ-CP", "2024-12-18", "Nghị định số 161/2024/NĐ-CP ngày 18/12/2024")],
            id="006-nghi-dinh",
        ),
        pytest.param(
            "thực hiện nghiêm túc Chỉ thị số 11/CT-TTg ngày 16 tháng 4 năm 2021 của Thủ tướng",
            [("chi_thi", "11/CT-TTg", "2021-04-16", "Chỉ thị số 11/CT-TTg ngày 16 tháng 4 năm 2021")],
            id="007-long-date",
        ),
        pytest.param(
            "Thực hiện nội dung các Quyết định số: 1743/QĐ-BGTVT, 1744/QĐ-BGTVT ngày 31/12/2024 của Bộ trưởng",  # noqa: E501 (a real line)
            [
                (
                    "quyet_dinh",
                    "1743/QĐ-BGTVT",
                    "2024-12-31",
                    "Quyết định số: 1743/QĐ-BGTVT, 1744/QĐ-BGTVT ngày 31/12/2024",
                ),
                (
                    "quyet_dinh",
                    "1744/QĐ-BGTVT",
                    "2024-12-31",
                    "Quyết định số: 1743/QĐ-BGTVT, 1744/QĐ-BGTVT ngày 31/12/2024",
                ),
            ],
            id="006-list-shares-date",
        ),
        pytest.param(
            "tại các Công\nvăn: số 87/HĐND-KTNS ngày 15/5/2024 về việc điều chỉnh dự toán, số 208/HĐND-KTNS\n"
            "ngày 30/10/2024",
            [
                ("cong_van", "87/HĐND-KTNS", "2024-05-15", "Công văn: số 87/HĐND-KTNS ngày 15/5/2024"),
                ("cong_van", "208/HĐND-KTNS", "2024-10-30", "số 208/HĐND-KTNS ngày 30/10/2024"),
            ],
            id="005-ocr-list-under-wrapped-type-word",
        ),
        pytest.param(
            "tại nội dung các Công văn: Số\n1060/BTC-QLGCS ngày 23/01/2025 về việc xin ý kiến tại Nghị định số\n"  # noqa: E501 (a real line)
            "103/2024/NĐ-CP ngày 30/7/2024 của Chính phủ; số 1187/BTC-ĐT ngày 24/01/2025 về việc xin ý",
            [
                ("cong_van", "1060/BTC-QLGCS", "2025-01-23", "Công văn: Số 1060/BTC-QLGCS ngày 23/01/2025"),
                ("nghi_dinh", "103/2024/NĐ-CP", "2024-07-30", "Nghị định số 103/2024/NĐ-CP ngày 30/7/2024"),
                ("cong_van", "1187/BTC-ĐT", "2025-01-24", "số 1187/BTC-ĐT ngày 24/01/2025"),
            ],
            id="012-ocr-list-resumes-after-other-kind",
        ),
        pytest.param(
            "theo Kế hoạch số 186/KH-\nUBND ngày 17/9/2024 của UBND tỉnh.",
            [("ke_hoach", "186/KH-UBND", "2024-09-17", "Kế hoạch số 186/KH-UBND ngày 17/9/2024")],
            id="016-wrapped-symbol",
        ),
        pytest.param(
            "phù hợp với Luật Quy hoạch số 21/2017/QH14 ngày 24/11/2017;",
            [("luat", "21/2017/QH14", "2017-11-24", "Luật Quy hoạch số 21/2017/QH14 ngày 24/11/2017")],
            id="008-law-title",
        ),
        pytest.param(
            "xây dựng Kế hoạch số 14 ngày 15/02/2024 thực hiện",
            [("ke_hoach", "14", "2024-02-15", "Kế hoạch số 14 ngày 15/02/2024")],
            id="seed004-number-without-symbol",
        ),
        pytest.param(
            "thực hiện Quyết định số 596 của Viện trưởng VKSND tối cao", [], id="seed000-bare-number-no-date"
        ),
        pytest.param(
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;", [], id="002-law-by-name-only"
        ),
        pytest.param("ngày 12/12/2016 và 14/7/2017", [], id="dates-are-not-numbers"),
    ],
)
def test_citations(line: str, expected: list[tuple]) -> None:
    assert [(v["kind"], v["number"], v["date"], v["text"]) for v in run(line)] == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "thông báo cho Sở theo Mẫu số 02/TB-ĐKT ban hành kèm theo Thông tư số 10/2020/TT-BLĐTBXH ngày 12/11/2020",  # noqa: E501 (one printed sentence)
            [("thong_tu", "10/2020/TT-BLĐTBXH", "2020-11-12")],
            id="form-whose-code-spells-a-type",
        ),
        pytest.param(
            "kê khai theo mẫu 05/KK-TNCN và nộp hồ sơ trước ngày 31/3/2025",
            [],
            id="lowercase-form-without-so",
        ),
        pytest.param(
            "tổng hợp vào Biểu mẫu số: 03/BC-SYT và Phụ lục số 01/PL-KH kèm theo Kế hoạch số 45/KH-UBND ngày 10/3/2025",  # noqa: E501 (one printed sentence)
            [("ke_hoach", "45/KH-UBND", "2025-03-10")],
            id="form-and-annex-beside-a-plan",
        ),
        pytest.param(
            "lập báo cáo theo Biểu số 01/TKQG, gửi kèm Công văn số 812/SKHĐT-TH ngày 04/4/2025",
            [("cong_van", "812/SKHĐT-TH", "2025-04-04")],
            id="statistical-table-form",
        ),
        pytest.param(
            "sử dụng các mẫu hồ sơ tại Quyết định số 1085/QĐ-UBND ngày 02/6/2025",
            [("quyet_dinh", "1085/QĐ-UBND", "2025-06-02")],
            id="form-word-earlier-in-the-clause-is-no-form-lead",
        ),
    ],
)
def test_a_form_or_annex_number_is_not_a_cited_document(line: str, expected: list[tuple]) -> None:
    assert keys(run(line)) == expected


def test_own_number_is_not_a_reference() -> None:
    text = text_of("039")
    assert "7991/BGDĐT-GDTrH" in text  # the appendix's "Kèm theo Công văn số 7991/…" self-citation
    numbers = [v["number"] for v in run(text)]
    assert "7991/BGDĐT-GDTrH" not in numbers
    line = "(Kèm theo Công văn số 7991/BGDĐT-GDTrH ngày 17/12/2024 của Bộ GDĐT)"
    assert run(line) != []
    assert run(line, Context(known={"number": "7991/BGDĐT-GDTrH"})) == []


def test_repeated_citation_is_kept_once_with_its_first_text() -> None:
    values = run(text_of("004_e366b00e609ca391"))
    assert [v["number"] for v in values].count("05/CT-VKSTC-TCKS") == 1
    assert values[0]["text"] == "Chỉ thị số 05/CT –VKSTC-TCKS ngày 08/6/2021"


def test_evidence_spans_point_at_the_citation() -> None:
    text = text_of("002_de40779bbbad1aa1")
    for candidate in references.extract(text, Context()).all("references"):
        assert candidate.value["number"].split("/")[0] in text[candidate.start : candidate.end]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("số 1/", id="dangling"),
        pytest.param("Quyết định số: ,,, ngày", id="no-number"),
    ],
)
def test_odd_text_does_not_raise(text: str) -> None:
    references.extract(text, Context())


def test_ocr_confused_reference_symbol_is_repaired_and_keeps_its_printed_text() -> None:
    text = "Thực hiện Công điện số 19/CD-TTg ngày 01/3/2024 của Thủ tướng Chính phủ, Sở đề nghị:"
    result = references.extract(text, Context())
    (ref,) = [c.value for c in result.all("references")]
    assert ref["number"] == "19/CĐ-TTg" and "19/CD-TTg" in ref["text"]
    assert result.warnings


WEB_CHROME = load_table("web_chrome")
DISPATCH_END = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn A\n"


@pytest.mark.parametrize("heading", WEB_CHROME["examples"])
def test_a_website_section_after_the_dispatch_ends_it(heading: str) -> None:
    """A copy from a legal-document website (t04, t05): the site's sections after the Nơi nhận block
    cite decrees of their own ("Thực hiện Nghị định 13/2023/NĐ-CP, chúng tôi cập nhật …")."""
    text = (
        "Thực hiện Công văn số 3280/UBND-VX ngày 28/10/2025 của UBND tỉnh.\n"
        + DISPATCH_END
        + heading
        + "\nThực hiện Nghị định số 13/2023/NĐ-CP, chúng tôi cập nhật Quy chế.\n"
    )
    assert [v["number"] for v in run(text)] == ["3280/UBND-VX"]


@pytest.mark.parametrize("line", WEB_CHROME["not"])
def test_a_sentence_naming_related_documents_is_no_website_section(line: str) -> None:
    text = DISPATCH_END + line + "\nThực hiện Nghị định số 13/2023/NĐ-CP của Chính phủ.\n"
    assert "13/2023/NĐ-CP" in [v["number"] for v in run(text)]


@pytest.mark.parametrize("doc", ["t04", "t05"])
def test_website_copies_cite_what_the_dispatch_cites(doc: str) -> None:
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    text = (corpus / "docs" / f"{doc}.txt").read_text(encoding="utf-8")
    gold = json.loads((corpus / "gold" / f"{doc}.json").read_text(encoding="utf-8"))
    own = Context(known={"number": gold["number"]})  # the number extractor's, as in the pipeline
    assert sorted(v["number"] for v in run(text, own)) == sorted(r["number"] for r in gold["references"])


OCR_CONTEXT = Context(is_ocr=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Thực hiện Công văn số 1061/BGDĐT-GDTrH ngày 25/3/2020 và Công văn số 4612/BGDĐT-GDTTH ngày"
            " 03/10/2017 của Bộ.\nNơi nhận:\n- Lưu: VT, Vụ GDTrH.\n",
            "4612/BGDĐT-GDTrH",
            id="p09-small-r-read-as-T",
        ),
        pytest.param(
            "Thực hiện Công văn số 1631/ĐHNN-KT&ĐĐBCLGD ngày 22 tháng 12 năm 2021.\nNơi nhận:\n- Lưu: VT, KT&ĐBCLGD.\n",
            "1631/ĐHNN-KT&ĐBCLGD",
            id="p05-doubled-Đ",
        ),
    ],
)
def test_a_unit_code_misread_once_follows_the_documents_own_printing(text: str, expected: str) -> None:
    assert expected in [v["number"] for v in run(text, OCR_CONTEXT)]


def test_two_codes_each_printed_twice_stay_apart() -> None:
    text = (
        "Công văn số 12/SGDĐT-GDTTH ngày 01/02/2024 và số 13/SGDĐT-GDTTH ngày 02/02/2024; Công văn số"
        " 14/SGDĐT-GDTrH ngày 03/02/2024 và số 15/SGDĐT-GDTrH ngày 04/02/2024.\n"
    )
    numbers = [v["number"] for v in run(text, OCR_CONTEXT)]
    assert numbers == ["12/SGDĐT-GDTTH", "13/SGDĐT-GDTTH", "14/SGDĐT-GDTrH", "15/SGDĐT-GDTrH"]
