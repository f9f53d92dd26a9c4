"""Headers of word-processor prints read as text (class: Chromium- and Word-printed PDFs whose
two header columns come out line by line): the party's right column on the issuer's first line, a
rule drawn with box-drawing characters, a subject that wraps a range of years. Set 34 of
tests/fixtures/heldout (blind: 4 of 8 whole headers; now 7)."""

from __future__ import annotations

from pathlib import Path

from congvan.pipeline.run import extract_file
from congvan.pipeline.settings import OcrMode, Settings

SET34 = Path(__file__).resolve().parent / "fixtures" / "heldout" / "set34" / "docs"

ADMISSIONS_GUIDE = """ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP
SỞ GIÁO DỤC VÀ ĐÀO TẠO
──────
Số: 412/HD-SGDĐT

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
──────────────
Đồng Tháp, ngày 24 tháng 02 năm 2026

HƯỚNG DẪN

Tuyển sinh vào lớp 10 trung học phổ thông năm học 2026 -
2027
──────
Kính gửi: Hiệu trưởng các trường trung học phổ thông.

Căn cứ Thông tư số 30/2024/TT-BGDĐT ngày 30/12/2024 của Bộ Giáo dục và Đào tạo, Sở hướng dẫn như sau:
1. Các trường công bố chỉ tiêu tuyển sinh trước ngày 15/3/2026.
"""


def _record(tmp_path: Path, text: str):  # noqa: ANN202 — the pipeline's Record
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    record = extract_file(path, Settings(ocr=OcrMode.NEVER, cache_dir=tmp_path / "cache"))
    assert record is not None
    return record


def _printed(tmp_path: Path, name: str):  # noqa: ANN202 — the pipeline's Record
    record = extract_file(SET34 / name, Settings(ocr=OcrMode.NEVER, cache_dir=tmp_path / "cache"))
    assert record is not None
    return record


def test_the_party_line_beside_the_issuer_keeps_the_header_at_the_top(tmp_path: Path) -> None:
    # zv06: "BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG CỘNG SẢN VIỆT NAM" on one line; the form at the end carries
    # its own "ĐẢNG CỘNG SẢN VIỆT NAM" at a line start, which is no web page's chrome before the
    # dispatch, and its title "GIẤY GIỚI THIỆU" is not the document's type
    record = _printed(tmp_path, "zv06.pdf")
    assert (record.document_type, record.number) == ("huong_dan", "09-HD/BTCTW")
    assert (record.issuer, record.issuer_parent) == ("BAN TỔ CHỨC", "BAN CHẤP HÀNH TRUNG ƯƠNG")


def test_the_attached_rules_header_under_a_box_drawn_rule_is_no_running_header(tmp_path: Path) -> None:
    # zv03: the quy chế after a page break repeats the issuer's lines over "──────"
    assert _printed(tmp_path, "zv03.pdf").issuer == "ỦY BAN NHÂN DÂN XÃ HIỆP THẠNH"


def test_a_subject_wrapped_inside_a_range_of_years_keeps_its_end(tmp_path: Path) -> None:
    record = _record(tmp_path, ADMISSIONS_GUIDE)
    assert record.subject == "Tuyển sinh vào lớp 10 trung học phổ thông năm học 2026 - 2027"


def test_an_italic_place_whose_spaces_the_text_layer_lost_is_read_whole(tmp_path: Path) -> None:
    # Chromium- and Word-printed PDFs set the place–date line in italics; a text layer may join
    # its words ("Thành phốHồChí Minh", "NghệAn"): the place is the whole name, spaced (set 32)
    text = ADMISSIONS_GUIDE.replace("Đồng Tháp, ngày 24", "Thành phốHồChí Minh, ngày 24")
    assert _record(tmp_path, text).issued_place == "Thành phố Hồ Chí Minh"
    text = ADMISSIONS_GUIDE.replace("Đồng Tháp, ngày 24", "NghệAn, ngày 24")
    assert _record(tmp_path, text).issued_place == "Nghệ An"


PLAN_CITING_A_RESOLUTION = ADMISSIONS_GUIDE.replace(
    """HƯỚNG DẪN

Tuyển sinh vào lớp 10 trung học phổ thông năm học 2026 -
2027
──────""",
    """KẾ HOẠCH

Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá
phát triển khoa học, công nghệ năm 2026
──────""",
)


def test_a_subject_that_opens_like_a_body_is_the_subject_when_its_rule_closes_it(tmp_path: Path) -> None:
    # "Thực hiện Nghị quyết số …" under the type title opens many bodies too; the rule the word
    # processor draws under the trích yếu says it is the subject (set 34, zv08)
    record = _record(tmp_path, PLAN_CITING_A_RESOLUTION)
    assert record.subject == (
        "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ năm 2026"
    )
