"""The e-signature stamp reaches the record once, from the text layer, and never through OCR of
the page image (where it lands inside the header columns, garbled)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium

from congvan.pipeline.text.ocr_bridge import drop_stamp_echo
from congvan.pipeline.text.pdf import _render, read_page

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"

# 012.pdf page 1 as Tesseract read it when the stamp was drawn into the page image
OCR_012 = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI

TRUNG TÂM CÔNG BÁO
VÀ TIN HỌC
ttcbth()quangnga1.øov.vn
05.02.2025 15:35:18 +07:00
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc"""
LAYER_012 = "TRUNG TÂM CÔNG BÁO\nVÀ TIN HỌC\nttcbth@quangngai.gov.vn\n05.02.2025 15:35:18 +07:00"


def test_ocr_copy_of_the_stamp_is_dropped() -> None:
    assert drop_stamp_echo(OCR_012, LAYER_012).split("\n") == [
        "ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    ]


def test_a_single_line_that_repeats_the_stamp_stays() -> None:
    text = "KT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nHà Thị Lê Vân"
    assert drop_stamp_echo(text, "Hà Thị Lê Vân\n05.02.2025 15:35:18 +07:00") == text


def test_without_a_layer_nothing_changes() -> None:
    assert drop_stamp_echo(OCR_012, None) == OCR_012


def _ink(image: np.ndarray, box: tuple[float, float, float, float], scale: float) -> float:
    x0, top, x1, bottom = (int(v * scale) for v in box)
    region = image[top:bottom, x0:x1]
    return float((region < 128).mean())


def test_the_page_image_for_ocr_does_not_carry_the_signature_stamp() -> None:
    """012.pdf: the stamp is a signature widget; read_page flattens it to read its text, but the
    image handed to OCR is rendered from the untouched page without widgets."""
    data = (DOCS / "012.pdf").read_bytes()
    flattened = pdfium.PdfDocument(data)
    raw = read_page(flattened, 0)
    assert "TRUNG TÂM CÔNG BÁO" in raw.stamp_text
    box = (
        min(w.x0 for w in raw.stamp_words), min(w.top for w in raw.stamp_words),
        max(w.x1 for w in raw.stamp_words), max(w.bottom for w in raw.stamp_words),
    )
    drawn = np.asarray(flattened[0].render(scale=1).to_pil().convert("L"))
    pristine = pdfium.PdfDocument(data)
    for_ocr = np.asarray(_render(pristine, 0, 72).convert("L"))
    assert _ink(drawn, box, 1) > 0.02  # the flattened page shows the stamp's text there
    assert _ink(for_ocr, box, 1) < 0.005  # the OCR image does not
