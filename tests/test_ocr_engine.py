"""The whole OCR path with the real Tesseract on real corpus pages (slow, ocr)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from congvan.errors import OCRFailed
from congvan.pipeline.ocr import OcrResult, available, ocr_pages
from congvan.pipeline.ocr.engine import ESIGN_HEADER
from congvan.pipeline.settings import Settings

CORPUS = Path("/work/shared/corpus-real")
if not CORPUS.is_dir():  # CI lays shared/ beside the clone
    CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus-real"

pytestmark = [pytest.mark.slow, pytest.mark.ocr]


def pdf_page(name: str, index: int = 0, dpi: int = 300) -> Image.Image:
    return pdfium.PdfDocument(CORPUS / name)[index].render(scale=dpi / 72).to_pil()


@pytest.fixture(scope="module")
def page_012(tmp_path_factory: pytest.TempPathFactory) -> tuple[OcrResult, Path]:
    work = tmp_path_factory.mktemp("keep")
    cache = tmp_path_factory.mktemp("cache")
    settings = Settings(keep_work=work, cache_dir=cache, ocr_jobs=1)
    layer = "Ký bởi: Ủy ban Nhân dân tỉnh Quảng Ngãi\nThời gian ký: 04.02.2025 16:20:11 +07:00"
    return ocr_pages([pdf_page("012.pdf")], settings, text_layers=[layer])[0], cache


def test_tesseract_with_vietnamese_is_available() -> None:
    assert available()


def test_012_header_and_body(page_012: tuple[OcrResult, Path]) -> None:
    result, _ = page_012
    lines = result.text.split("\n")
    assert lines[0] == "ỦY BAN NHÂN DÂN"
    assert "Số: 575 /UBND-KTTH" in lines  # handwritten number re-read and patched in
    assert "Quảng Ngãi, ngày 04 tháng 02 năm 2025" in lines
    assert any(line.startswith("Kính gửi: Sở Tài chính") for line in lines)
    assert "PHÓ CHÁNH VĂN PHÒNG" in lines  # repaired from "PHO CHANH VAN PHONG"
    assert "Số: 575" not in result.raw_text  # raw keeps Tesseract's own read
    assert any(w.startswith("Số, ký hiệu: trang 1: chữ số viết tay đọc là 575") for w in result.warnings)
    # carried for the extractors' cross-check: the page read nothing in the number's gap, "04" in the day's
    assert {h.field: (h.digits, h.page_digits) for h in result.handwritten} == {
        "number": ("575", None),
        "day": ("04", "04"),
    }
    assert result.confidence is not None and 0.8 < result.confidence <= 1.0
    assert len(result.words) > 200


def test_esign_lines_are_kept_after_a_separator(page_012: tuple[OcrResult, Path]) -> None:
    result, _ = page_012
    body, _, stamp = result.text.partition(f"\n\n{ESIGN_HEADER}\n")
    assert stamp == "Ký bởi: Ủy ban Nhân dân tỉnh Quảng Ngãi\nThời gian ký: 04.02.2025 16:20:11 +07:00"
    assert "Thời gian ký" not in body
    assert not any("disagrees" in w for w in result.warnings)  # day 04 = signing day 04


def test_keep_work_and_cache(page_012: tuple[OcrResult, Path], tmp_path: Path) -> None:
    result, cache = page_012
    assert len(list(cache.glob("ocr/*/*.tsv"))) == 1
    again = ocr_pages([pdf_page("012.pdf")], Settings(cache_dir=cache, keep_work=tmp_path, ocr_jobs=1))[0]
    assert again.raw_text.split(f"\n\n{ESIGN_HEADER}")[0] == result.raw_text.split(f"\n\n{ESIGN_HEADER}")[0]
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == [
        "page-0001.png",
        "page-0001.prepared.png",
        "page-0001.raw.txt",
        "page-0001.tsv",
        "page-0001.txt",
    ]


def test_030_low_resolution_jpeg_pages_in_parallel() -> None:
    images = [Image.open(CORPUS / "030.jpg"), Image.open(CORPUS / "030_p2.jpg")]
    first, second = ocr_pages(images, Settings(ocr_jobs=2))
    assert first.text.startswith("UBND THÀNH PHỐ ĐÀ NẴNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO") or first.text.startswith(
        "UBND THÀNH PHÓ ĐÀ NẴNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO"
    )
    assert "Số: 1906 /SGDĐT-CTrTT" in first.text
    assert "Đà Nẵng, ngày 26 tháng 7 năm 2020" in first.text
    assert "Nơi nhận:" in second.text and "GIÁM ĐỐC" in second.text and "Thị Bích Thuận" in second.text
    # Word boxes are in the caller's pixels even though the page was upscaled for recognition.
    assert max(w.x1 for w in first.words) <= images[0].width


def test_page_timeout_raises_ocr_failed() -> None:
    with pytest.raises(OCRFailed):
        ocr_pages([pdf_page("012.pdf", dpi=150)], Settings(page_timeout_s=0.01, ocr_jobs=1))


def test_text_layers_must_match_pages() -> None:
    with pytest.raises(ValueError):
        ocr_pages([Image.new("RGB", (10, 10), "white")], Settings(), text_layers=[None, None])
