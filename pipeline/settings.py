"""Settings for one run, frozen and passed in (never read at import time)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class OcrMode(StrEnum):
    AUTO = "auto"  # text layer where it is real text, OCR where the page is an image
    ALWAYS = "always"  # OCR every page (keeping e-signature text from the layer)
    NEVER = "never"  # never OCR: image-only pages make the document fail with NeedsOCR


@dataclass(frozen=True)
class Settings:
    ocr: OcrMode = OcrMode.AUTO
    ocr_lang: str = "vie"
    ocr_dpi: int = 300
    page_timeout_s: float = 180.0
    ocr_jobs: int = max(1, min(2, os.cpu_count() or 1))
    keep_work: Path | None = None  # keep page images and OCR output here
    cache_dir: Path | None = None  # OCR output cached by page-content hash
    max_file_bytes: int = 300 * 1024 * 1024
    max_pages: int = 2000
    # names clerks corrected in the tracker (extractors/canonical.load_local_names); None: none
    local_vocabulary: Path | None = None
