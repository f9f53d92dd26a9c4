"""Pages that lie turned: a scanned sheet fed upside down, a phone photo with an orientation tag."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image

from congvan.pipeline.document import SourceFile, Word
from congvan.pipeline.ocr import ocr_pages
from congvan.pipeline.ocr.orientation import from_cache, to_cache, unturned_words
from congvan.pipeline.settings import Settings
from congvan.pipeline.text.images import load_page_images

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"


@pytest.mark.parametrize("degrees", [pytest.param(d, id=f"{d}deg") for d in (90, 180, 270)])
def test_boxes_read_on_the_turned_page_land_back_on_the_given_page(degrees: int) -> None:
    given = Image.new("L", (300, 200), 255)  # landscape: the word sits at the top left
    word = Word("Số", 10, 20, 60, 40)
    upright = given.rotate(-degrees, expand=True)
    # where that word is on the page turned clockwise by `degrees`
    corners = {
        90: (200 - 40, 10, 200 - 20, 60),
        180: (300 - 60, 200 - 40, 300 - 10, 200 - 20),
        270: (20, 300 - 60, 40, 300 - 10),
    }[degrees]
    assert upright.size == ((200, 300) if degrees != 180 else (300, 200))
    (back,) = unturned_words([Word("Số", *corners)], degrees, given.size)
    assert (back.x0, back.top, back.x1, back.bottom) == (word.x0, word.top, word.x1, word.bottom)


def test_cache_entries_keep_the_turn_and_old_entries_read_upright() -> None:
    tsv = "level\tpage_num\n1\t1\n"
    assert from_cache(to_cache(tsv, 180)) == (tsv, 180)
    assert from_cache(to_cache(tsv, 0)) == (tsv, 0)
    assert from_cache(tsv) == (tsv, 0)


def test_a_phone_photo_is_turned_by_its_orientation_tag() -> None:
    photo = Image.open(DOCS / "030.jpg")
    stored = photo.rotate(90, expand=True)  # the sensor's pixels of a phone held sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    buf = io.BytesIO()
    stored.save(buf, format="JPEG", exif=exif)
    data = buf.getvalue()
    (page,) = load_page_images(SourceFile(Path("photo.jpg"), data, "", "image/jpeg"))
    assert page.size == photo.size


@pytest.mark.slow
@pytest.mark.ocr
def test_a_page_scanned_upside_down_is_read_upright(tmp_path: Path) -> None:
    page = pdfium.PdfDocument(DOCS / "012.pdf")[0].render(scale=300 / 72).to_pil()
    settings = Settings(cache_dir=tmp_path)
    (result,) = ocr_pages([page.rotate(180)], settings)
    assert "Kính gửi" in result.text and "575" in result.text
    assert result.confidence is not None and result.confidence > 0.8
    assert any("180°" in w for w in result.warnings)
    # boxes are on the page as given: the issuer's first word, top left upright, is bottom right
    width, height = page.size
    first = next(w for w in result.words if w.text == "ỦY")
    assert first.top > 0.8 * height and first.x0 > 0.6 * width
    (again,) = ocr_pages([page.rotate(180)], settings)  # from the cache, turn included
    assert again.text == result.text and again.words == result.words


@pytest.mark.slow
@pytest.mark.ocr
def test_an_upright_page_is_not_turned(tmp_path: Path) -> None:
    page = Image.open(DOCS / "030.jpg")
    (result,) = ocr_pages([page], Settings(cache_dir=tmp_path))
    assert not any("turned" in w for w in result.warnings)
