"""Handwritten number and day on the corpus scans: gold against what the handwriting step reads.

    .venv/bin/python benchmarks/bench_handwriting.py [--crops /tmp/hw] [--docs 002 027]

Runs the real step (find_fields → strokes → Tesseract digits + classifier → combine, with the
e-signature cross-check) on page 1 of every scanned corpus document, using the OCR cache for the
page TSV (`$CONGVAN_CACHE`, else ~/.cache/congvan; a page not in the cache is OCR'd and stored).
Prints one line per field and the count of fields read right. `--crops DIR` saves each field's
ink mask as PNG for inspection.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from congvan.pipeline.ocr import engine, handwriting  # noqa: E402
from congvan.pipeline.ocr.digits import classifier  # noqa: E402
from congvan.pipeline.ocr.order import ordered_text  # noqa: E402
from congvan.pipeline.ocr.preprocess import prepare  # noqa: E402
from congvan.pipeline.ocr.tsv import parse_tsv, scaled  # noqa: E402
from congvan.pipeline.settings import Settings  # noqa: E402
from congvan.pipeline.text.pdf import _render, open_pdf, read_page  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SCANS = ("001", "002", "004", "005", "006", "007", "008", "009", "010", "011", "012", "013", "027", "028", "030")
# The tuning half's scans with a handwritten number or day (never the sealed half's).
TUNING_SCANS = ("p04", "p05", "p09", "p13", "p14", "p20", "b02", "b07")


def page_one(stem: str, dpi: int) -> tuple[Image.Image, str | None]:
    if (CORPUS / "docs" / f"{stem}.jpg").exists():
        return Image.open(CORPUS / "docs" / f"{stem}.jpg").convert("RGB"), None
    data = (CORPUS / "docs" / f"{stem}.pdf").read_bytes()
    doc = open_pdf(data)
    stamp = read_page(doc, 0).stamp_text or None
    doc.close()
    pristine = open_pdf(data)
    image = _render(pristine, 0, dpi)
    pristine.close()
    return image, stamp


def gold(stem: str) -> dict[str, str]:
    record = json.loads((CORPUS / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    number = (record.get("number") or "").split("/", 1)[0]
    date = record.get("issued_date") or ""
    return {"number": number, "day": date[8:10] if len(date) == 10 else ""}


def same(kind: str, read: str | None, want: str) -> bool:
    if read is None:
        return False
    # The record stores the day as a date, so "7" and "07" are the same day; a number keeps its zeros.
    return int(read) == int(want) if kind == "day" and read.isdigit() and want.isdigit() else read == want


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", nargs="*", default=list(SCANS) + list(TUNING_SCANS))
    parser.add_argument("--crops", type=Path)
    args = parser.parse_args()
    cache = Path(os.environ.get("CONGVAN_CACHE") or Path.home() / ".cache" / "congvan")
    settings = Settings(cache_dir=cache)
    start = time.perf_counter()
    classifier()
    print(f"classifier ready in {time.perf_counter() - start:.1f} s")
    right = total = 0
    for stem in args.docs:
        image, stamp = page_one(stem, settings.ocr_dpi)
        key = engine.page_key(image, settings)
        tsv = engine.cached_tsv(key, settings.cache_dir)
        prepared = prepare(image)
        if tsv is None:
            tsv = engine.recognise(prepared.image, settings)
            engine.store_tsv(key, tsv, settings.cache_dir)
        words = scaled(parse_tsv(tsv), 1.0 / prepared.scale)
        raw = ordered_text(words, float(image.width))
        patched = handwriting.patch_header(raw, words, image, engine.esign_lines(stamp), 30.0)
        if args.crops:
            save_crops(args.crops, stem, words, image)
        want = gold(stem)
        reads = {"number": patched.number, "day": patched.day}
        for kind in ("number", "day"):
            ok = same(kind, reads[kind], want[kind])
            right += ok
            total += 1
            note = [w for w in patched.warnings if kind in w]
            print(f"{stem} {kind:6} gold {want[kind]:>5} read {reads[kind] or '-':>5} {'ok' if ok else 'XX'}  {note}")
    print(f"right {right}/{total} in {time.perf_counter() - start:.1f} s")


def save_crops(folder: Path, stem: str, words: list, image: Image.Image) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rgb = np.asarray(image.convert("RGB"))
    for field in handwriting.find_fields(words, image.size):
        left, top, right, bottom = field.box
        margin = int(handwriting.CROP_MARGIN * (field.before.word.bottom - field.before.word.top))
        crop = rgb[top:bottom, max(0, left - margin) : right].copy()
        crop[:, min(margin, left)] = (255, 0, 0)  # where the gap proper starts
        cv2.imwrite(str(folder / f"{stem}_{field.kind}_crop.png"), cv2.cvtColor(crop, cv2.COLOR_RGB2BGR))
        ink = handwriting.field_ink(rgb, field)
        if ink is not None:
            cv2.imwrite(str(folder / f"{stem}_{field.kind}_ink.png"), 255 - ink)


if __name__ == "__main__":
    main()
