"""PDF text: real born-digital pages (003, 016), scanned pages (001, 027), page quality."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pytest

from congvan.errors import NeedsOCR
from congvan.pipeline.document import DocumentText, SourceFile
from congvan.pipeline.normalise import normalise
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text import acquire_text, classify_page_text
from congvan.pipeline.text.pdf import open_pdf, read_page
from congvan.pipeline.text.quality import score_page_text, split_letter_share
from congvan.schemas.record import TextOrigin

CORPUS = Path("/work/shared/corpus-real")
NEVER = Settings(ocr=OcrMode.NEVER)


def source(path: Path) -> SourceFile:
    data = path.read_bytes()
    return SourceFile(path, data, hashlib.sha256(data).hexdigest(), "application/pdf")


@cache
def document(name: str) -> DocumentText:
    return normalise(acquire_text(source(CORPUS / name), NEVER))


def layer_text(name: str, page: int) -> str:
    return read_page(open_pdf((CORPUS / name).read_bytes()), page - 1).text


@pytest.mark.parametrize(
    ("name", "pages"), [pytest.param("003.pdf", 2, id="003"), pytest.param("016.pdf", 4, id="016")]
)
def test_born_digital_pages_keep_their_numbers(name: str, pages: int) -> None:
    doc = document(name)
    assert [p.number for p in doc.pages] == list(range(1, pages + 1))
    assert all(p.origin == TextOrigin.TEXT_LAYER for p in doc.pages)


@pytest.mark.parametrize("name", ["003.pdf", "016.pdf"])
def test_issuer_lines_are_not_interleaved_with_quoc_hieu(name: str) -> None:
    lines = document(name).pages[0].text.split("\n")
    assert lines[0] == "ỦY BAN NHÂN DÂN"
    assert lines[1] == "TỈNH QUẢNG NGÃI"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert not any("DÂN CỘNG" in line or "DÂN CỘ NG" in line for line in lines)


@pytest.mark.parametrize(
    ("name", "number", "day"),
    [pytest.param("003.pdf", "542", "06", id="003"), pytest.param("016.pdf", "565", "15", id="016")],
)
def test_number_and_day_stamped_at_signing_land_in_their_lines(name: str, number: str, day: str) -> None:
    text = document(name).pages[0].text
    assert f"Số: {number} /TB-UBND" in text
    assert f"Quảng Ngãi, ngày {day} tháng 11 năm 2024" in text


@pytest.mark.parametrize("name", ["003.pdf", "016.pdf"])
def test_esign_stamp_text_follows_the_page_body(name: str) -> None:
    first = document(name).pages[0].text
    body, _, stamp = first.rpartition("\n\nTRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\n")
    assert "ttcbth@quangngai.gov.vn" in stamp
    assert "THÔNG BÁO" in body


@pytest.mark.parametrize("name", ["003.pdf", "016.pdf"])
def test_noi_nhan_block_is_separated_from_the_signature_block(name: str) -> None:
    last = document(name).pages[-1].text
    noi_nhan, _, rest = last.partition("Nơi nhận:\n")
    recipients, _, signature = rest.partition("\n\n")
    assert recipients.startswith("- ")
    assert "CHỦ TỊCH" not in recipients and "CHÁNH VĂN PHÒNG" not in recipients
    assert signature.split("\n")[:3] == ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    assert last.rstrip().endswith("Phùng Tô Long")


@pytest.mark.parametrize(
    ("name", "page", "verdict"),
    [
        pytest.param("003.pdf", 1, "good", id="003-p1"),
        pytest.param("016.pdf", 2, "good", id="016-p2"),
        pytest.param("027.pdf", 1, "garbage", id="027-p1"),
        pytest.param("027.pdf", 2, "garbage", id="027-p2"),
        pytest.param("001.pdf", 1, "empty", id="001-p1"),
    ],
)
def test_page_text_quality(name: str, page: int, verdict: str) -> None:
    assert classify_page_text(layer_text(name, page)) == verdict


def test_garbage_score_is_far_below_good() -> None:
    assert (
        score_page_text(layer_text("027.pdf", 1)).score
        < 0.15
        < 0.8
        < score_page_text(layer_text("016.pdf", 1)).score
    )


def test_unicode_vietnamese_is_not_taken_for_split_letters() -> None:
    assert split_letter_share(layer_text("016.pdf", 3)) < 0.01
    assert split_letter_share("VI N KI M SÁT NHÂN DÂN Ệ Ể Ố") > 0.2


@pytest.mark.parametrize(
    ("name", "pages"),
    [
        pytest.param("001.pdf", "1, 2", id="001-scan-esign"),
        pytest.param("027.pdf", "1, 2", id="027-garbage-layer"),
    ],
)
def test_image_pages_need_ocr_when_ocr_is_off(name: str, pages: str) -> None:
    with pytest.raises(NeedsOCR, match=rf"page\(s\) {pages} are images"):
        acquire_text(source(CORPUS / name), NEVER)


def test_esign_layer_of_a_scanned_page_is_kept_for_ocr() -> None:
    raw = read_page(open_pdf((CORPUS / "001.pdf").read_bytes()), 0)
    assert raw.words == ()
    assert raw.image_coverage > 0.9
    assert "Thời gian ký:" in raw.stamp_text


@pytest.mark.slow
@pytest.mark.ocr
def test_scanned_pdf_is_ocrd_with_its_esign_layer_kept() -> None:
    doc = acquire_text(source(CORPUS / "012.pdf"), Settings(ocr=OcrMode.AUTO))
    assert [(p.number, p.origin) for p in doc.pages] == [(1, TextOrigin.OCR)]
    text = normalise(doc).text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Sở Tài chính" in text
    assert doc.pages[0].ocr_confidence is not None
    # The e-sign stamp is a widget over the scan: its text reaches the OCR stage as the text layer.
    assert "ttcbth@quangngai.gov.vn" in text


def fallback_font_pdf(line: str) -> bytes:
    """A line drawn as Word exports it when the body font lacks some Vietnamese capitals: the
    letters the font has first (with holes), then the missing ones in a second font at their places."""
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
    pdfmetrics.registerFont(TTFont("Body", font))
    pdfmetrics.registerFont(TTFont("Fallback", font))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    x0, y, size = 72.0, 700.0, 13.0
    offsets = [x0 + pdfmetrics.stringWidth(line[:i], "Body", size) for i in range(len(line))]
    missing = [i for i, ch in enumerate(line) if not ch.isascii()]
    pdf.setFont("Body", size)
    for i, ch in enumerate(line):
        if i not in missing:
            pdf.drawString(offsets[i], y, ch)
    pdf.setFont("Fallback", size)
    for i in missing:
        pdf.drawString(offsets[i], y, line[i])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_letters_in_a_fallback_font_are_put_back_in_their_words() -> None:
    # The content stream holds "VI N KI M S T …" then "Ệ Ể Á …"; reading order comes from the boxes.
    line = "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"
    data = fallback_font_pdf(line)
    doc = acquire_text(SourceFile(Path("word.pdf"), data, "", "application/pdf"), NEVER)
    assert doc.text == line
