"""Page images (PNG, JPEG, TIFF incl. multi-page TIFF, plus extra page files) → OCR."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

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


@contextmanager
def _decoding(name: str) -> Iterator[None]:
    """Decoding errors as the pipeline's own: a bomb is too large, anything else is corrupt."""
    try:
        yield
    except Image.DecompressionBombError as exc:
        raise FileTooLarge(f"image {name} is too large to decode safely (a decompression bomb?): {exc}") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, EOFError) as exc:
        raise CorruptFile(f"image {name} cannot be decoded: {exc}") from exc


@dataclass(frozen=True)
class _Frame:
    """Where one page image is: frame `index` of the image file `path` (its bytes `data`, or read
    from the path when it is an extra page file)."""

    path: Path
    index: int
    data: bytes | None = None

    def decode(self) -> Image.Image:
        with _decoding(self.path.name):
            data = self.data if self.data is not None else self.path.read_bytes()
            image = Image.open(io.BytesIO(data))
            image.seek(self.index)
            # A phone stores a photo as the sensor saw it plus an orientation tag: turn it upright.
            return upright(image)


def _frame_list(source: SourceFile) -> list[_Frame]:
    """Every page image of the document, counted without decoding one: a 60-page TIFF decoded at
    once held 60 page images (~4 MB each as 200 dpi grey pixels) until the last one was read."""
    frames: list[_Frame] = []
    for path, data in [(source.path, source.data), *((p, None) for p in source.extra_pages)]:
        with _decoding(path.name):
            count = getattr(Image.open(io.BytesIO(data if data is not None else path.read_bytes())), "n_frames", 1)
        frames.extend(_Frame(path, i, data) for i in range(count))
    return frames


def load_page_images(source: SourceFile) -> list[Image.Image]:
    """Every page image, decoded (the web's page views; the text stage decodes one at a time)."""
    return [frame.decode() for frame in _frame_list(source)]


def count_pages(source: SourceFile) -> int:
    return len(_frame_list(source))


def image_pages(source: SourceFile, settings: Settings) -> tuple[list[PageText], list[str]]:
    frames = _frame_list(source)
    numbers = list(range(1, len(frames) + 1))
    # each page image is decoded when its turn to be read comes and dropped once read
    return ocr_images(numbers, lambda index: frames[index].decode(), [None] * len(frames), settings)
