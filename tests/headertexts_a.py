"""Real texts for the header-extractor tests (part A): seeds, 039, born-digital 003/016 through the
real text stage, pdftotext's order, and the interleaved e-signed arrangement."""

from __future__ import annotations

import hashlib
import json
import subprocess
from functools import cache
from pathlib import Path

import pdfplumber

from congvan.pipeline.document import SourceFile
from congvan.pipeline.normalise import normalise, normalise_text
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text import acquire_text

SEEDS = Path("/work/shared/seeds")
CORPUS = Path("/work/shared/corpus-real")
SEED_PREFIXES = ("000", "001", "002", "003", "004")


@cache
def seed_text(prefix: str) -> str:
    return normalise_text(next(SEEDS.glob(f"{prefix}_*.txt")).read_text("utf-8"))


@cache
def seed_gold(prefix: str) -> dict:
    return json.loads(next((SEEDS / "gold").glob(f"{prefix}_*.json")).read_text("utf-8"))


@cache
def corpus_gold(stem: str) -> dict:
    return json.loads((CORPUS / "gold" / f"{stem}.json").read_text("utf-8"))


@cache
def text_039() -> str:
    return normalise_text((CORPUS / "039.txt").read_text("utf-8"))


@cache
def pdf_text(name: str) -> str:
    path = CORPUS / name
    data = path.read_bytes()
    source = SourceFile(path, data, hashlib.sha256(data).hexdigest(), "application/pdf")
    return normalise(acquire_text(source, Settings(ocr=OcrMode.NEVER))).text


@cache
def interleaved_with_stamp(name: str, stamped: tuple[str, ...]) -> str:
    """Plain pdfplumber lines (columns interleaved, header number and day blank) with the digits
    stamped at signing on lone lines after the page-1 body, where out-of-order stamp text lands."""
    with pdfplumber.open(CORPUS / name) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    pages[0] += (
        "\n"
        + "\n".join(stamped)
        + "\nTRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.vn\n18.11.2024 07:25:14\n+07:00"
    )
    return normalise_text("\n\n".join(pages))


@cache
def pdftotext(name: str) -> str:
    out = subprocess.run(["pdftotext", str(CORPUS / name), "-"], capture_output=True, text=True, check=True)
    return normalise_text(out.stdout)
