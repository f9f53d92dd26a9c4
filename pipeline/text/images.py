"""Page images (PNG, JPEG, TIFF incl. multi-page TIFF, plus extra page files) → OCR."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from congvan.errors import CorruptFile, FileTooLarge
from congvan.pipeline.document import PageText, SourceFile
from congvan.pipeline.settings import Settings
from congvan.pipeline.text.ocr_bridge import ocr_images


def upright(frame: Image.Image) -> Image.Image:
    """The frame as it is meant to be seen (EXIF orientation applied), detached from its file."""
    return ImageOps.exif_transpose(frame) or frame.copy()


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
