"""OCR of page images with Tesseract (`vie`): preprocessing, parallel pages, cache, kept work.

One page goes: prepare (ink removal) → tesseract TSV → reading-order text → handwritten
number/day patch → the signature's title and name lines read again → post-OCR repair → e-signature lines appended.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from PIL import Image

from congvan.extractors.base import HandRead
from congvan.extractors.obligations.tables import shows_table_header
from congvan.pipeline.boxes import Boxed, carry
from congvan.pipeline.document import CharBox, Word
from congvan.pipeline.ocr import (
    consistency,
    flatten,
    handwriting,
    orientation,
    receiving,
    repair,
    signature,
    stamps,
    tables,
    tesseract,
)
from congvan.pipeline.ocr.coverage import MIN_COVERAGE, ink_coverage
from congvan.pipeline.ocr.order import ordered_lines
from congvan.pipeline.ocr.preprocess import Prepared, is_bilevel, prepare
from congvan.pipeline.ocr.tsv import TsvWord, mean_confidence, parse_tsv, scaled
from congvan.pipeline.progress import page_done
from congvan.pipeline.settings import Settings
from congvan.schemas.fields import page_warning

# psm 3 (automatic page segmentation) keeps the two header columns in separate blocks;
# measured against psm 1/4/6 on 002/006/012/030 (see benchmarks/bench_ocr.py).
PSM = 3
# When psm 3 leaves part of the page out of its layout (see coverage.py), the page is read again
# as one uniform block and the column order is rebuilt from the word boxes (order.py).
FALLBACK_PSM = 6
# Bump when preprocessing or recognition options change, so cached pages are redone.
PIPELINE_VERSION = "ocr-6"  # ocr-5: orientation detection (a levelling experiment, reverted)
# Added to the key of bilevel pages only, since they are smoothed before recognition: the cached
# pages of every other scan stay valid.
BILEVEL_KEY = "bilevel-blur-1"
# A page with a stamp-sized ruled box is read with its receiving stamps painted white (below): its
# TSV must not be one cached before that was done.
RECEIVING_MASK_KEY = "receiving-mask-1"
ESIGN_HEADER = "[Chữ ký số]"
# A page key (page_key): sha256 in hex.
# matches "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
CACHE_KEY = re.compile(r"(?P<hex>[0-9a-f]{64})", re.VERBOSE)
# What the cache keeps of a page beside its key: "tsv", "stamps", "signature2", "tables",
# "receiving-3" (a version after a hyphen; no dot or slash, so never a path).
CACHE_KIND = re.compile(r"(?P<kind>[a-z][a-z0-9-]{0,31})", re.VERBOSE)


@dataclass(frozen=True)
class OcrResult:
    text: str  # reading-order text after post-OCR repair
    raw_text: str  # Tesseract's text before repair
    words: tuple[Word, ...]  # word boxes in pixels of the rendered page
    confidence: float | None  # mean word confidence 0-1
    warnings: tuple[str, ...]
    # one per character of `text`: its word's box as fractions of the page as given (see boxes.py)
    boxes: tuple[CharBox | None, ...] = ()
    # the header fields the handwriting reader patched in, beside the page OCR's reading of them
    handwritten: tuple[HandRead, ...] = ()

    def boxed(self) -> Boxed:
        return Boxed(self.text, self.boxes) if len(self.boxes) == len(self.text) else Boxed.plain(self.text)


@dataclass(frozen=True)
class PageOcr:
    """Tesseract's raw output for one prepared page (what the cache stores)."""

    tsv: str


def available() -> bool:
    """The tesseract binary runs and has the Vietnamese model."""
    return tesseract.available("vie")


def tesseract_config(psm: int = PSM) -> str:
    # LSTM engine only (the Debian vie model has no legacy data to combine with).
    return f"--oem 1 --psm {psm}"


def page_key(image: Image.Image, settings: Settings) -> str:
    """Content hash of the page plus everything that changes its OCR output."""
    return keyed_page(image, settings)[0]


def keyed_page(image: Image.Image, settings: Settings) -> tuple[str, bool]:
    """The page key, and whether the page has a stamp-sized ruled box (asked once: ~0.08 s)."""
    framed = receiving.has_frame(image)
    h = hashlib.sha256()
    h.update(image.mode.encode())
    h.update(repr(image.size).encode())
    h.update(image.tobytes())
    h.update(json.dumps([PIPELINE_VERSION, settings.ocr_lang, PSM]).encode())
    if is_bilevel(image):
        h.update(BILEVEL_KEY.encode())
    if framed:
        h.update(RECEIVING_MASK_KEY.encode())
    return h.hexdigest(), framed


def without_receiving_stamps(
    prepared: Prepared, image: Image.Image, settings: Settings, framed: bool
) -> Image.Image:
    """The prepared page with its receiving stamps painted white. Nghị định 30 has the stamp put on
    blank paper under the number or the date, so nothing of the text is lost; left on, its rules and
    handwriting join the lines beside it into one tall line that Tesseract misreads (a stamp right
    of 012's place-date line turned the 'V/v …' line below the number into 'NT HH Gh.')."""
    if not framed:
        return prepared.image
    boxes = receiving.stamp_frames(image, settings.page_timeout_s)
    if not boxes:
        return prepared.image
    pixels = np.array(prepared.image)
    for x0, y0, x1, y1 in boxes:
        k = prepared.scale
        pixels[y0 * k : (y1 + 1) * k, x0 * k : (x1 + 1) * k] = 255
    return Image.fromarray(pixels)


def run_tesseract(image: Image.Image, lang: str, timeout_s: float, psm: int = PSM) -> str:
    """TSV of one page; raises OCRFailed."""
    return tesseract.page_tsv(image, lang, tesseract_config(psm), timeout_s)


def cached_tsv(key: str, cache_dir: Path | None) -> str | None:
    return cached_text(key, "tsv", cache_dir)


def store_tsv(key: str, tsv: str, cache_dir: Path | None) -> None:
    store_text(key, "tsv", tsv, cache_dir)


def cached_text(key: str, kind: str, cache_dir: Path | None) -> str | None:
    """What was stored for the page `key` ("tsv": Tesseract's output; "stamps": its stamped marks;
    signature.CACHE_KIND: the signature block's lines read again)."""
    if cache_dir is None:
        return None
    path = cache_dir / "ocr" / key[:2] / f"{key}.{kind}"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def store_text(key: str, kind: str, text: str, cache_dir: Path | None) -> None:
    if cache_dir is None:
        return
    path = cache_dir / "ocr" / key[:2] / f"{key}.{kind}"
    path.parent.mkdir(parents=True, exist_ok=True)
    # a temporary file of its own, then an atomic rename: parallel runs (nightly -j, the web and a
    # CLI run) may store the same page at once, and a reader never sees half a file
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key[:8]}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cache_entries(key: str, cache_dir: Path) -> dict[str, str]:
    """Everything the cache holds for the page `key`, by kind ("tsv", "stamps", …): what another
    machine stores with `restore_cache_entries` to read the page without OCR (the page split)."""
    folder = cache_dir / "ocr" / key[:2]
    return {
        path.name.removeprefix(f"{key}."): path.read_text(encoding="utf-8")
        for path in sorted(folder.glob(f"{key}.*"))
        if not path.name.endswith(".tmp")
    }


def restore_cache_entries(key: str, entries: dict[str, str], cache_dir: Path) -> None:
    """Store what `cache_entries` gave (from a message: a key and kinds are checked, never a path)."""
    if not CACHE_KEY.fullmatch(key):
        raise ValueError(f"not a page key: {key!r}")
    for kind, text in entries.items():
        if CACHE_KIND.fullmatch(kind):
            store_text(key, kind, text, cache_dir)


def esign_lines(layer: str | None) -> list[str]:
    if not layer:
        return []
    return [ln.strip() for ln in layer.splitlines() if ln.strip()]


def recognise(image: Image.Image, settings: Settings) -> str:
    """TSV of the page: psm 3, or psm 6 when psm 3 skipped a region that psm 6 reads."""
    tsv = run_tesseract(image, settings.ocr_lang, settings.page_timeout_s)
    coverage = ink_coverage(image, parse_tsv(tsv))
    if coverage >= MIN_COVERAGE:
        return tsv
    again = run_tesseract(image, settings.ocr_lang, settings.page_timeout_s, psm=FALLBACK_PSM)
    return again if ink_coverage(image, parse_tsv(again)) > coverage else tsv


def assemble_text(body: str, layer: str | None, marks: str = "") -> str:
    """Page text with the red-stamped marks ("[Dấu] HỎA TỐC") and the e-signature stamp lines
    appended, each after a blank line."""
    if marks:
        body = body.rstrip() + "\n\n" + marks
    lines = esign_lines(layer)
    if not lines:
        return body
    return body.rstrip() + "\n\n" + ESIGN_HEADER + "\n" + "\n".join(lines)


@dataclass(frozen=True)
class Upright:
    """A page as it was read: turned `degrees` clockwise from the page as given (when it lay
    sideways or upside down), its prepared image and Tesseract's TSV."""

    key: str
    image: Image.Image
    prepared: Prepared
    tsv: str
    degrees: int


def read_upright(image: Image.Image, settings: Settings) -> Upright:
    """The page read the way up it lies; the TSV comes from the cache when it is there, with the
    turn it was read with."""
    key, framed = keyed_page(image, settings)
    cached = cached_tsv(key, settings.cache_dir)
    if cached is not None and not orientation.unsettled(cached):
        tsv, degrees = orientation.from_cache(cached)
        page = orientation.turned(image, degrees)
        return Upright(key, page, prepare(page), tsv, degrees)
    prepared = prepare(image)
    tsv = recognise(without_receiving_stamps(prepared, image, settings, framed), settings)
    page, degrees = image, 0
    words = parse_tsv(tsv)
    first = mean_confidence(words) or 0.0
    lying = orientation.sideways([w.word for w in words])
    if first < orientation.UNREADABLE_CONFIDENCE or lying:
        turn = orientation.detect(prepared.image, settings.page_timeout_s)
        if turn:
            candidate = orientation.turned(image, turn)
            again = prepare(candidate)
            tsv_again = recognise(again.image, settings)
            words_again = parse_tsv(tsv_again)
            better = orientation.keep_turn(
                first, lying, mean_confidence(words_again) or 0.0, orientation.sideways([w.word for w in words_again])
            )
            if better:
                page, prepared, tsv, degrees = candidate, again, tsv_again, turn
    store_tsv(key, orientation.to_cache(tsv, degrees, checked=lying), settings.cache_dir)
    return Upright(key, page, prepared, tsv, degrees)


def stamped_marks(upright: Upright, settings: Settings) -> str:
    """The page's "[Dấu] …" lines, read once and kept with its TSV (a stamp costs several small
    recognitions; the web re-reads cached pages to place evidence)."""
    kept = cached_text(upright.key, "stamps", settings.cache_dir)
    if kept is not None:
        return kept
    marks = stamps.marks_text(stamps.read_marks(upright.image, settings.page_timeout_s))
    store_text(upright.key, "stamps", marks, settings.cache_dir)
    return marks


def receiving_stamp(upright: Upright, settings: Settings) -> str:
    """The page's "[Dấu đến] …" line (receiving.py), read once and kept with its TSV."""
    kept = cached_text(upright.key, receiving.CACHE_KIND, settings.cache_dir)
    if kept is not None:
        return kept
    line = receiving.receiving_text(upright.image, settings.page_timeout_s)
    store_text(upright.key, receiving.CACHE_KIND, line, settings.cache_dir)
    return line


def signature_fixes(upright: Upright, settings: Settings) -> list[signature.Fix]:
    """The signature block's title and name rows read again (kept with the page's TSV unless a
    line read failed)."""
    kept = cached_text(upright.key, signature.CACHE_KIND, settings.cache_dir)
    if kept is not None:
        return signature.from_cache(kept)
    gray = np.asarray(upright.prepared.image)
    read = signature.reread_block(parse_tsv(upright.tsv), gray, settings.page_timeout_s)
    if read.complete:
        store_text(upright.key, signature.CACHE_KIND, signature.to_cache(read.fixes), settings.cache_dir)
    return read.fixes


def table_rows(upright: Upright, raw: str, settings: Settings) -> list[tables.ScanTable]:
    """The page's tables of tasks read cell by cell, when its text shows their header, or a table
    run on from the page before (kept with the page's TSV: one page costs tens of small
    recognitions)."""
    kept = cached_text(upright.key, tables.CACHE_KIND, settings.cache_dir)
    if kept is not None:
        return tables.from_cache(kept)
    gray = np.asarray(upright.image.convert("L"))
    reader = tables.tesseract_reader(settings.ocr_lang, settings.page_timeout_s)
    # a page without a header may carry on the table of the page before
    found = tables.read_tables(gray, reader) if shows_table_header(raw) else tables.read_continued(gray, reader)
    store_text(upright.key, tables.CACHE_KIND, tables.to_cache(found), settings.cache_dir)
    return found


def ocr_one(index: int, image: Image.Image, settings: Settings, layer: str | None) -> OcrResult:
    given_size = image.size
    # a photographed sheet is warped flat first; its words are mapped back to the photo below
    flat = flatten.flatten(image)
    if flat is not None:
        image = flat.image
    upright = read_upright(image, settings)
    image, prepared, tsv = upright.image, upright.prepared, upright.tsv
    # Word boxes back in the caller's pixels when the page was upscaled for recognition.
    words: list[TsvWord] = scaled(parse_tsv(tsv), 1.0 / prepared.scale)
    flat_size = flat.image.size if flat is not None else given_size
    given_words = orientation.unturned_words([w.word for w in words], upright.degrees, flat_size)
    if flat is not None:
        given_words = flat.back(given_words)
    raw_boxed = reading_order(words, given_words, float(image.width), given_size)
    raw = raw_boxed.text
    if scanned_tables := table_rows(upright, raw, settings):
        # a table of tasks read cell by cell; its rows' boxes follow the text's edit
        raw_boxed = carry(raw_boxed, tables.text_with_tables(words, float(image.width), scanned_tables))
        raw = raw_boxed.text
    warnings: list[str] = []

    hw = handwriting.patch_header(raw, words, image, esign_lines(layer), settings.page_timeout_s, settings.ocr_lang)
    warnings.extend(hw.warnings)
    signed, signature_warnings = signature.patch(hw.text, signature_fixes(upright, settings))
    warnings.extend(signature_warnings)
    repaired = repair.repair_text(signed)
    warnings.extend(repaired.warnings)
    # red ink was painted out before recognition: a stamped độ khẩn/độ mật is read apart
    marks = ""
    if prepared.ink_fraction >= stamps.PAGE_MIN_RED_SHARE:
        marks = stamped_marks(upright, settings)
    # a receiving stamp's handwritten số đến and ngày đến are read apart too (any ink colour)
    marks = "\n".join(m for m in (marks, receiving_stamp(upright, settings)) if m)

    if flat is not None:
        warnings.append(flatten.FLATTEN_WARNING)
    if upright.degrees:
        warnings.append(f"Trang bị xoay; đã xoay {upright.degrees}° theo chiều kim đồng hồ trước khi đọc")
    if settings.keep_work is not None:
        keep_page(settings.keep_work, index, image, prepared.image, tsv, raw, repaired.text)
    text = assemble_text(repaired.text, layer, marks)
    return OcrResult(
        text=text,
        raw_text=assemble_text(raw, layer, marks),
        words=given_words,
        confidence=mean_confidence(words),
        warnings=tuple(page_warning(index + 1, w) for w in warnings),
        boxes=carry(raw_boxed, text).boxes,  # the repair's changes carried; appended lines unboxed
        handwritten=hw.handwritten,
    )


def reading_order(
    words: Sequence[TsvWord], given: Sequence[Word], width: float, size: tuple[int, int]
) -> Boxed:
    """Tesseract's words in reading order (order.py), each character with its word's box on the
    page as given (`given[i]` is `words[i]` turned back)."""
    on_page = {id(w): g for w, g in zip(words, given, strict=True)}
    lines = [
        Boxed.join(" ", (Boxed.word(on_page[id(w)], *size) for w in seg.words)) if seg else Boxed("", ())
        for seg in ordered_lines(words, width)
    ]
    return Boxed.join("\n", lines)


def keep_page(
    folder: Path, index: int, original: Image.Image, prepared: Image.Image, tsv: str, raw: str, text: str
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"page-{index + 1:04d}"
    original.save(f"{stem}.png")
    prepared.save(f"{stem}.prepared.png")
    Path(f"{stem}.tsv").write_text(tsv, encoding="utf-8")
    Path(f"{stem}.raw.txt").write_text(raw, encoding="utf-8")
    Path(f"{stem}.txt").write_text(text, encoding="utf-8")


def ocr_pages(
    images: list[Image.Image],
    settings: Settings,
    text_layers: list[str | None] | None = None,
) -> list[OcrResult]:
    """OCR each page image (in order); `text_layers[i]` is page i's e-signature text layer, if any."""
    return [r for r, _ in ocr_page_stream(len(images), images.__getitem__, settings, text_layers)]


def ocr_page_stream(
    count: int,
    image_of: Callable[[int], Image.Image],
    settings: Settings,
    text_layers: Sequence[str | None] | None = None,
) -> list[tuple[OcrResult, tuple[int, int]]]:
    """OCR `count` pages, each image made by `image_of(i)` only when its turn comes and dropped as
    soon as it is read: at most `ocr_jobs` + 1 page images are alive at once, so a 60-page scan
    needs the memory of a few pages, not of 60 (a 300 dpi page is ~26 MB as pixels and ~35 MB
    more while read). `image_of` runs in the calling thread (PDFium is not thread-safe).
    Returns each page's result and the size of its image as given; reports each page read to the
    progress listener (pipeline/progress.py)."""
    layers: Sequence[str | None] = text_layers if text_layers is not None else [None] * count
    if len(layers) != count:
        raise ValueError("text_layers must have one entry per image")
    out: list[tuple[OcrResult, tuple[int, int]]] = []

    def one(index: int, image: Image.Image) -> tuple[OcrResult, tuple[int, int]]:
        return ocr_one(index, image, settings, layers[index]), image.size

    def done(item: tuple[OcrResult, tuple[int, int]]) -> None:
        out.append(item)
        page_done(len(out), count)

    jobs = max(1, min(settings.ocr_jobs, count))
    if jobs == 1:
        for index in range(count):
            done(one(index, image_of(index)))
    else:
        # Threads suffice: the heavy work is the tesseract subprocess and OpenCV, both outside the GIL.
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            window: deque[Future[tuple[OcrResult, tuple[int, int]]]] = deque()
            for index in range(count):
                if len(window) >= jobs:
                    done(window.popleft().result())
                window.append(pool.submit(one, index, image_of(index)))
            while window:
                done(window.popleft().result())
    results = harmonised([r for r, _ in out])
    return [(r, size) for r, (_, size) in zip(results, out, strict=True)]


def harmonised(results: list[OcrResult]) -> list[OcrResult]:
    """The pages with a phrase the document prints several times read one way (consistency.py);
    the e-signature lines appended to a page are left as they are."""
    parts = [r.text.partition(ESIGN_HEADER) for r in results]
    texts, changed = consistency.harmonise([body for body, _, _ in parts])
    if not changed:
        return results
    out = []
    for index, (result, text, (body, marker, rest)) in enumerate(zip(results, texts, parts, strict=True)):
        n = sum(a != b for a, b in zip(body.split(), text.split(), strict=False))
        warnings = result.warnings
        if n:
            warnings = (*warnings, f"Trang {index + 1}: {n} chữ được đọc theo cách văn bản viết ở chỗ khác")
        new = text + marker + rest
        boxes = result.boxes if new == result.text else carry(result.boxed(), new).boxes
        out.append(replace(result, text=new, warnings=warnings, boxes=boxes))
    return out
