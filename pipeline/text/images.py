"""Page images (PNG, JPEG, TIFF incl. multi-page TIFF, plus extra page files) → OCR."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from congvan.errors import CorruptFile, FileTooLarge
from congvan.pipeline.document import PageText, SourceFile
from congvan.pipeline.settings import Settings
from congvan.pipeline.text.ocr_bridge import ocr_images

# Resolutions this close (x/y) count as square pixels.
SQUARE_DPI_TOLERANCE = 0.05


def upright(frame: Image.Image) -> Image.Image:
    """The frame as it is meant to be seen (EXIF orientation applied, pixels made square),
    detached from its file."""
    return square_pixels(ImageOps.exif_transpose(frame) or frame.copy())


def square_pixels(image: Image.Image) -> Image.Image:
    """A fax in normal mode is 204 × 98 dpi: read as it is stored, every letter is squashed to
    half its height and Tesseract reads noise (004's pages faxed: the header "ỨỮWV HAI
    TNNHƯÂẦfN"). The page is stretched along its coarser axis to square pixels; a 1-bit page by
    repeating rows, so it stays bilevel and is smoothed as one before recognition."""
    dpi = image.info.get("dpi")
    try:
        x_dpi, y_dpi = (float(d) for d in dpi) if dpi else (0.0, 0.0)
    except (TypeError, ValueError):
        return image
    if x_dpi <= 0 or y_dpi <= 0 or abs(x_dpi / y_dpi - 1) <= SQUARE_DPI_TOLERANCE:
        return image
    if x_dpi > y_dpi:
        size = (image.width, round(image.height * x_dpi / y_dpi))
    else:
        size = (round(image.width * y_dpi / x_dpi), image.height)
    resample = Image.Resampling.NEAREST if image.mode == "1" else Image.Resampling.BICUBIC
    square = image.resize(size, resample)
    square.info["dpi"] = (max(x_dpi, y_dpi),) * 2
    return square


def _frames(data: bytes, name: str) -> list[Image.Image]:
    try:
        image = Image.open(io.BytesIO(data))
        # A phone stores a photo as the sensor saw it plus an orientation tag: turn it upright.
        frames = [upright(frame) for frame in ImageSequence.Iterator(image)]
    except Image.DecompressionBombError as exc:
        raise FileTooLarge(f"image {name} is too large to decode safely (a decompression bomb?): {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise CorruptFile(f"image {name} cannot be decoded: {exc}") from exc
    return frames


def load_page_images(source: SourceFile) -> list[Image.Image]:
    images = _frames(source.data, source.path.name)
    for path in source.extra_pages:
        images.extend(_frames(path.read_bytes(), path.name))
    return images


def count_pages(source: SourceFile) -> int:
    return len(load_page_images(source))


def image_pages(source: SourceFile, settings: Settings) -> tuple[list[PageText], list[str]]:
    images: list[Image.Image | None] = list(load_page_images(source))
    numbers = list(range(1, len(images) + 1))

    def image_of(index: int) -> Image.Image:
        image, images[index] = images[index], None  # dropped here once read, not kept to the end
        assert image is not None
        return image

    return ocr_images(numbers, image_of, [None] * len(images), settings)
