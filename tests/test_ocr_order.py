"""Reading order and CER replayed from recorded Tesseract TSV of real corpus pages (no Tesseract).

The TSVs in tests/data/ocr/ were produced by congvan.pipeline.ocr.engine (psm 3, prepared page);
`scale` is the upscaling applied before recognition (030 is a ~70 dpi JPEG).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from congvan.pipeline.ocr.cer import cer, normalise
from congvan.pipeline.ocr.order import ordered_text
from congvan.pipeline.ocr.repair import repair_text
from congvan.pipeline.ocr.tsv import TsvWord, block_text, parse_tsv, scaled

DATA = Path(__file__).parent / "data" / "ocr"
LABELS = Path("/work/shared/corpus-real/labels")
if not LABELS.is_dir():  # CI lays shared/ beside the clone
    LABELS = Path(__file__).resolve().parents[2] / "shared" / "corpus-real" / "labels"


def recorded(name: str) -> tuple[list[TsvWord], float]:
    page = json.loads((DATA / name).read_text(encoding="utf-8"))
    return scaled(parse_tsv(page["tsv"]), 1.0 / page["scale"]), float(page["width"])


def lines_of(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip()]


@pytest.mark.parametrize(
    ("page", "left_first", "right_first"),
    [
        pytest.param("006_p1.tsv.json", "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="006"),
        pytest.param("002_p1.tsv.json", "ÚY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHÚ NGHĨA VIỆT NAM", id="002"),
        pytest.param("012_p1.tsv.json", "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="012"),
        pytest.param(
            "030_p1.tsv.json", "UBND THÀNH PHÓ ĐÀ NẴNG", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", id="030"
        ),
    ],
)
def test_header_columns_are_not_interleaved(page: str, left_first: str, right_first: str) -> None:
    words, width = recorded(page)
    lines = lines_of(ordered_text(words, width))
    assert lines[0] == left_first
    right = lines.index(right_first)
    # The whole issuer column (issuer, "Số:", V/v) precedes the Quốc hiệu column.
    number_line = next(i for i, ln in enumerate(lines) if ln.startswith("Số"))
    assert number_line < right
    assert lines[right + 1].startswith("Độc lập")
    assert "ngày" in lines[right + 2]


def test_a_centred_subject_over_the_bodys_first_line_ends_its_block() -> None:
    # a scanned chỉ thị: the trích yếu is centred, the body's first line runs the full measure
    # straight under it; without a blank line the subject ran on into the body
    words, width = recorded("zn05_p1.tsv.json")
    lines = ordered_text(words, width).split("\n")
    subject_end = lines.index("của ngành Giáo dục")
    assert lines[subject_end - 1] == "Về nhiệm vụ, giải pháp năm học 2026 - 2027"
    assert lines[subject_end + 1] == ""
    assert lines[subject_end + 2].startswith("Năm học 2025 - 2026, ngành Giáo dục")
    # lines of one paragraph stay together
    assert "" not in lines[subject_end + 2 : subject_end + 7]


def test_tesseract_block_order_interleaves_the_030_header() -> None:
    """Why order.py exists: psm 3 joins both header columns into single lines on 030."""
    words, _ = recorded("030_p1.tsv.json")
    first = lines_of(block_text(words))[0]
    assert "NẴNG" in first and "CỘNG" in first


def test_signature_block_follows_noi_nhan_list() -> None:
    words, width = recorded("012_p1.tsv.json")
    lines = lines_of(ordered_text(words, width))
    noi_nhan = next(i for i, ln in enumerate(lines) if "Nơi nhận" in ln)
    title = lines.index("TL. CHỦ TỊCH")
    luu = next(i for i, ln in enumerate(lines) if ln.startswith("- Lưu"))
    assert noi_nhan < luu < title
    assert lines[-1] == "Hà Thị Lê Vân"


@pytest.mark.parametrize(
    ("page", "label", "max_raw", "max_repaired"),
    [
        pytest.param("030_p1.tsv.json", "030_gt_p1.txt", 0.025, 0.025, id="030-p1"),
        pytest.param("030_p2.tsv.json", "030_gt_p2.txt", 0.12, 0.10, id="030-p2"),
    ],
)
def test_cer_against_human_transcription(page: str, label: str, max_raw: float, max_repaired: float) -> None:
    words, width = recorded(page)
    reference = (LABELS / label).read_text(encoding="utf-8")
    raw = ordered_text(words, width)
    repaired = repair_text(raw).text
    assert cer(raw, reference).cer <= max_raw
    assert cer(repaired, reference).cer <= max_repaired
    assert cer(repaired, reference).errors <= cer(raw, reference).errors  # repair never makes it worse


def test_cer_ignores_whitespace_layout() -> None:
    assert cer("Số:  1906\n/SGDĐT", "Số: 1906 /SGDĐT").errors == 0
    assert cer("Sô: 1906", "Số: 1906").errors == 1
    assert normalise(" a\n\n b ") == "a b"
