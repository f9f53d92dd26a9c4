"""A photographed sheet warped flat before recognition (pipeline/ocr/flatten.py), on a phone-style
photo of a constructed dispatch (tests/fixtures/photo) read by real Tesseract; scans and renders
are left alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from congvan.pipeline.document import Word
from congvan.pipeline.ocr.flatten import FLATTEN_WARNING, flatten, sheet_corners
from congvan.pipeline.run import extract_file
from congvan.pipeline.settings import Settings

HERE = Path(__file__).parent
PHOTO = HERE / "fixtures" / "photo" / "zf02.jpg"


def test_the_sheet_of_a_photo_is_found_and_flattened() -> None:
    photo = Image.open(PHOTO)
    corners = sheet_corners(photo)
    assert corners is not None
    # the sheet lies about 6 % in from the frame, each corner moved by up to 3 % (photo_set.py)
    width, height = photo.size
    assert all(0.0 < x < 0.12 * width for x in corners[[0, 3], 0])
    assert all(0.88 * width < x < width for x in corners[[1, 2], 0])
    flat = flatten(photo)
    assert flat is not None
    # A4 proportions come back
    assert abs(flat.image.height / flat.image.width - 297 / 210) < 0.04


def test_a_photographed_dispatch_reads_like_the_page(tmp_path: Path) -> None:
    record = extract_file(PHOTO, Settings(cache_dir=tmp_path))
    assert record is not None
    assert record.number == "1520/CAT-PV01"
    assert (record.issuer, record.issuer_parent) == ("PHÒNG THAM MƯU", "CÔNG AN TỈNH NGHỆ AN")
    # the seal pressed over "PHÓ TRƯỞNG PHÒNG" hides part of the title; the name below it is clear
    assert record.signer is not None and record.signer.name == "Nguyễn Đức Thắng"
    assert any(FLATTEN_WARNING in w for w in record.warnings)


def test_words_map_back_onto_the_photo() -> None:
    flat = flatten(Image.open(PHOTO))
    assert flat is not None
    w, h = flat.image.size
    corners = flat.back([Word("x", 0, 0, 1, 1), Word("y", w - 2, h - 2, w - 1, h - 1)])
    found = sheet_corners(Image.open(PHOTO))
    assert found is not None
    assert np.allclose([corners[0].x0, corners[0].top], found[0], atol=3)
    assert np.allclose([corners[1].x1, corners[1].bottom], found[2], atol=3)


def test_a_scan_and_a_blank_frame_are_left_alone() -> None:
    scan = pdfium.PdfDocument(str(HERE.parent / "corpus" / "docs" / "001.pdf"))[0].render(scale=150 / 72).to_pil()
    assert flatten(scan) is None
    render = pdfium.PdfDocument(str(HERE / "fixtures" / "pictured" / "state-number-pictures.pdf"))[0]
    assert flatten(render.render(scale=100 / 72).to_pil()) is None
    # a dark card on white is no sheet on a desk: the bright part is the frame itself
    card = Image.new("RGB", (800, 1100), "white")
    ImageDraw.Draw(card).rectangle((300, 400, 500, 600), fill=(40, 40, 40))
    assert flatten(card) is None
