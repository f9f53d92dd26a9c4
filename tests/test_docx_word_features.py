"""What Word prints from a .docx that python-docx's paragraph text leaves out or gets wrong (blind set
20, Word files built with their XML): tracked changes (insertions in, deletions out), a text box (the
e-signature box and its e-mail), footnotes (a cited decree), field codes."""

from __future__ import annotations

from pathlib import Path

from docx.oxml import parse_xml

from congvan.pipeline.text.docx import docx_text, paragraph_text

SET20 = Path(__file__).resolve().parent / "fixtures" / "heldout" / "set20" / "docs"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_a_tracked_change_reads_as_accepted() -> None:
    text = docx_text((SET20 / "zh07.docx").read_bytes())
    assert "cấp huyện cũ trước ngày 20/7/2025." in text  # the insertion
    assert "31/7/2025" not in text  # the deletion


def test_a_text_box_is_read_after_its_anchor() -> None:
    text = docx_text((SET20 / "zh01.docx").read_bytes())
    assert "Ký bởi: Cục Quản lý Khám, chữa bệnh\nEmail: kcb@moh.gov.vn" in text
    assert text.count("Email: kcb@moh.gov.vn") == 1  # the drawing's fallback copy is not read again


def test_footnotes_come_after_the_body() -> None:
    text = docx_text((SET20 / "zh04.docx").read_bytes())
    assert text.endswith("Được sửa đổi, bổ sung bởi Nghị định số 41/2022/NĐ-CP ngày 20/6/2022 của Chính phủ.")


def test_runs_print_as_word_prints_them() -> None:
    paragraph = parse_xml(
        f"<w:p {W}><w:r><w:t>Số:</w:t><w:tab/><w:t>12</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:hyperlink><w:r><w:t>vp@hue.gov.vn</w:t></w:r></w:hyperlink>"
        "<w:r><w:t>liên</w:t><w:softHyphen/><w:t>hệ</w:t><w:br/><w:t>ngay</w:t></w:r></w:p>"
    )
    assert paragraph_text(paragraph) == ("Số:\t12vp@hue.gov.vnliênhệ\nngay", [])
