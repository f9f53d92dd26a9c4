"""Độ khẩn / độ mật marks in the header only, standalone, in capitals."""

from __future__ import annotations

import pytest

from congvan.extractors.base import Context
from congvan.extractors.marks import extract
from congvan.pipeline.extract import EXTRACTORS, chosen, run_extractors
from tests.headertexts_a import SEED_PREFIXES, corpus_gold, pdf_text, seed_gold, seed_text, text_039

HEAD = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 299 /UBND-TTHC\n"
TAIL = "\nV/v công bố Danh mục TTHC\n\nKính gửi: Sở Tư pháp\n"


def marks(text: str) -> tuple[str | None, str | None]:
    result = extract(text, Context())
    u, s = result.best("urgency"), result.best("secrecy")
    return (u.value if u else None, s.value if s else None)


@pytest.mark.parametrize(
    ("mark", "expected"),
    [
        pytest.param("HỎA TỐC", ("hoa_toc", None), id="006-hoa-toc"),
        pytest.param("HOẢ TỐC HẸN GIỜ", ("hoa_toc", None), id="hoa-toc-hen-gio"),
        pytest.param("THƯỢNG KHẨN", ("thuong_khan", None), id="thuong-khan"),
        pytest.param("KHẨN", ("khan", None), id="khan"),
        pytest.param("MẬT", (None, "mat"), id="mat"),
        pytest.param("TỐI MẬT", (None, "toi_mat"), id="toi-mat"),
        pytest.param("TUYỆT MẬT", (None, "tuyet_mat"), id="tuyet-mat"),
        pytest.param("KHẨN\nMẬT", ("khan", "mat"), id="both"),
    ],
)
def test_marks_in_header(mark: str, expected: tuple[str | None, str | None]) -> None:
    assert marks(HEAD + mark + TAIL) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            HEAD + "\nVí khẩn trương thực hiện các biện\npháp phòng, chống dịch COVID-19\n\nKính gửi:\n",
            id="030-khan-truong-in-subject",
        ),
        pytest.param(HEAD + "V/V KHẨN TRƯƠNG TRIỂN KHAI\n\nKính gửi:\n", id="upper-khan-truong"),
        pytest.param(HEAD + "CÔNG VĂN ĐẾN\n" + TAIL, id="receiving-stamp"),
        pytest.param(HEAD + "BẢO MẬT THÔNG TIN\n" + TAIL, id="bao-mat"),
        pytest.param(HEAD + TAIL + "\nĐề nghị các đơn vị khẩn trương thực hiện. KHẨN\nMẬT\n", id="body-only"),
    ],
)
def test_not_a_mark(text: str) -> None:
    assert marks(text) == (None, None)


@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_seeds_have_no_marks(prefix: str) -> None:
    gold = seed_gold(prefix)
    assert marks(seed_text(prefix)) == (gold["urgency"], gold["secrecy"])


def test_real_texts_without_marks() -> None:
    assert marks(text_039()) == (None, None)
    assert marks(pdf_text("016.pdf")) == (corpus_gold("016")["urgency"], None)


# A scan's red stamp is read apart by the OCR stage (pipeline/ocr/stamps.py) and appended to the
# page text under the "[Dấu]" marker, after the signature and before the e-signature block.
SIGNATURE = "\nNơi nhận:\n- Như trên;\n- Lưu: VT, TTHC(Thu).\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nNguyễn Quốc Việt\n"
ESIGN = "\n[Chữ ký số]\nTRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.vn\n16.01.2025 07:46:10\n"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        pytest.param("[Dấu] HỎA TỐC\n", {"urgency": ("hoa_toc", "HỎA TỐC")}, id="006-hoa-toc-stamp"),
        pytest.param(
            "[Dấu] HỎA TỐC HẸN GIỜ\n", {"urgency": ("hoa_toc", "HỎA TỐC HẸN GIỜ")}, id="hoa-toc-hen-gio-stamp"
        ),
        pytest.param(
            "[Dấu] THƯỢNG KHẨN\n[Dấu] TỐI MẬT\n",
            {"urgency": ("thuong_khan", "THƯỢNG KHẨN"), "secrecy": ("toi_mat", "TỐI MẬT")},
            id="urgency-and-secrecy-stamps",
        ),
    ],
)
def test_stamped_marks(section: str, expected: dict[str, tuple[str, str]]) -> None:
    text = HEAD + TAIL + SIGNATURE + "\n" + section + ESIGN
    result = extract(text, Context(is_ocr=True))
    for field_name in ("urgency", "secrecy"):
        best = result.best(field_name)
        if field_name not in expected:
            assert best is None
            continue
        assert best is not None and best.rule == "marks.stamp"
        assert (best.value, text[best.start : best.end]) == expected[field_name]  # evidence on the mark words


@pytest.mark.parametrize(
    "section",
    [
        pytest.param("[Dấu] CÔNG VĂN ĐẾN\n", id="receiving-stamp-line"),
        pytest.param("[Dấu] KHẨN TRƯƠNG\n", id="prose-after-marker"),
        pytest.param("Đề nghị xem [Dấu] KHẨN\n", id="marker-inside-a-line"),
        pytest.param("[Dấu]\n", id="empty-marker"),
    ],
)
def test_stamp_section_without_a_mark(section: str) -> None:
    assert marks(HEAD + TAIL + SIGNATURE + "\n" + section + ESIGN) == (None, None)


@pytest.mark.parametrize(
    "name", [pytest.param("016.pdf", id="016-text-layer-with-esign"), pytest.param("039.txt", id="039-transcription")]
)
def test_stamp_section_changes_no_other_field(name: str) -> None:
    """The appended line is read by the marks extractor only: every other field stays as it was."""
    text = text_039() if name == "039.txt" else pdf_text(name)
    body, marker, esign = text.partition("\n[Chữ ký số]")
    stamped = body.rstrip() + "\n\n[Dấu] HỎA TỐC\n" + marker + esign
    before, after = run_extractors(text, is_ocr=True), run_extractors(stamped, is_ocr=True)
    for field_name in (f for spec in EXTRACTORS for f in spec.assigns):
        if field_name != "urgency":
            assert chosen(after, field_name) == chosen(before, field_name), field_name
    assert chosen(after, "urgency") == "hoa_toc"
