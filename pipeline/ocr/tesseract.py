"""The one place that runs the tesseract binary: a page or a crop in, TSV, plain text or the
orientation (OSD) out; also whether it is installed and which version it is.

Every call runs with one OpenMP thread (parallelism comes from pages and documents, and a
multi-threaded Tesseract on top of them only thrashes the cores) and under the caller's time
limit. Whatever goes wrong in the binary (a time-out, a non-zero exit, a missing executable,
unparsable OSD output) leaves this module as `OCRFailed`; a caller that can do without the
reading (a stamp, a signature line, a handwritten digit) catches that one class.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytesseract
from PIL import Image

from congvan.errors import OCRFailed

T = TypeVar("T")

THREAD_LIMIT = "1"  # OMP_THREAD_LIMIT of every tesseract process
VERSION_TIMEOUT_S = 20.0


def available(lang: str = "vie") -> bool:
    """The tesseract binary runs and has the `lang` model."""
    if shutil.which("tesseract") is None:
        return False
    try:
        return lang in _run(lambda: pytesseract.get_languages(config=""), VERSION_TIMEOUT_S)
    except OCRFailed:
        return False


def version() -> str:
    """The first line of `tesseract --version` ("tesseract 5.3.0"), or "not installed"."""
    try:
        out = subprocess.run(
            ["tesseract", "--version"], capture_output=True, text=True, timeout=VERSION_TIMEOUT_S, env=_env()
        )
        return (out.stdout or out.stderr).splitlines()[0].strip()
    except (OSError, subprocess.SubprocessError, IndexError):
        return "not installed"


def page_tsv(image: Image.Image, lang: str, config: str, timeout_s: float) -> str:
    """TSV of a whole page. The image goes to tesseract as an uncompressed PGM: pytesseract's own
    PNG encoding of a 300 dpi page costs ~0.3-1.4 s, a third of the recognition time. (Not BMP:
    leptonica misreads 8-bit BMPs of some pages, 004 gave 39 words instead of 282.)"""
    with tempfile.TemporaryDirectory(prefix="congvan-ocr-") as tmp:
        path = Path(tmp) / "page.pgm"
        image.convert("L").save(path, format="PPM")
        return str(
            _run(
                lambda: pytesseract.image_to_data(str(path), lang=lang, config=config, timeout=timeout_s),
                timeout_s,
                "a page",
            )
        )


def tsv(image: Image.Image, lang: str, config: str, timeout_s: float) -> str:
    """TSV (level, boxes, confidence, text per word) of a small image such as a crop."""
    return str(
        _run(lambda: pytesseract.image_to_data(image, lang=lang, config=config, timeout=timeout_s), timeout_s)
    )


def words(image: Image.Image, lang: str, config: str, timeout_s: float) -> dict[str, list[Any]]:
    """The TSV as columns ("text", "conf", "block_num", …: one list entry per row)."""
    return dict(
        _run(
            lambda: pytesseract.image_to_data(
                image, lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=timeout_s
            ),
            timeout_s,
        )
    )


def boxes(image: Image.Image, lang: str, config: str, timeout_s: float) -> list[tuple[str, int, int]]:
    """Each recognised character with its left and right edge (pixels of `image`), in order."""
    out = str(_run(lambda: pytesseract.image_to_boxes(image, lang=lang, config=config, timeout=timeout_s), timeout_s))
    chars: list[tuple[str, int, int]] = []
    for row in out.splitlines():
        cells = row.split(" ")
        if len(cells) == 6 and cells[1].isdigit() and cells[3].isdigit():
            chars.append((cells[0], int(cells[1]), int(cells[3])))
    return chars


def text(image: Image.Image, lang: str, config: str, timeout_s: float) -> str:
    """Plain text of the image."""
    return str(
        _run(lambda: pytesseract.image_to_string(image, lang=lang, config=config, timeout=timeout_s), timeout_s)
    )


def osd(image: Image.Image, timeout_s: float) -> dict[str, Any]:
    """Tesseract's orientation and script detection ("rotate": degrees to turn clockwise, …)."""
    return dict(
        _run(lambda: pytesseract.image_to_osd(image, output_type=pytesseract.Output.DICT, timeout=timeout_s), timeout_s)
    )


def _env() -> dict[str, str]:
    return {**os.environ, "OMP_THREAD_LIMIT": THREAD_LIMIT}


def _run(call: Callable[[], T], timeout_s: float, what: str = "an image") -> T:
    # pytesseract starts the binary with the process environment and has no parameter for it;
    # every call sets the same value, so threads reading pages at once see one consistent limit.
    os.environ["OMP_THREAD_LIMIT"] = THREAD_LIMIT
    try:
        return call()
    except pytesseract.TesseractNotFoundError as exc:
        raise OCRFailed("tesseract is not installed") from exc
    except OSError as exc:
        raise OCRFailed(f"tesseract could not be started: {exc}") from exc
    except pytesseract.TesseractError as exc:
        raise OCRFailed(f"tesseract failed: {exc.message.strip()[:200]}") from exc
    except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
        raise OCRFailed(f"tesseract exceeded {timeout_s:.0f} s on {what}") from exc
    except ValueError as exc:  # OSD output it could not parse
        raise OCRFailed(f"tesseract gave unreadable output: {exc}") from exc
