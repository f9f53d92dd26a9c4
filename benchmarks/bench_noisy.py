"""Cost of the noisy-text detector on text inputs (a script, not a test).

    PYTHONPATH=. /work/main/.venv/bin/python benchmarks/bench_noisy.py [repeats]

For each clean text input (the first corpus's .txt, .docx and text-layer PDFs) prints the median
time of the whole extraction (`process`, with the detector) and of the detector alone (the
judged text and `assess_text` over every page, as text/mend.py and pdf.py run it) and of the
sprinkled-text check that follows it on clean text (`is_sprinkled`, text/sprinkled.py), warm: the
one-off load of the syllable frequencies (measured apart) is paid once per process, and the
word cache is emptied before each detection, so every document pays for all its words. Then the
repair of the same inputs stripped of every mark, which only noisy documents pay.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from congvan.extractors.textutil import fold
from congvan.pipeline.load import DocumentInput, load
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.pipeline.text import acquire_text
from congvan.pipeline.text.mend import verdict_of
from congvan.pipeline.text.quality import _frequencies, core_kind
from congvan.pipeline.text.sprinkled import is_sprinkled

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = Settings(ocr=OcrMode.NEVER)
FILES = sorted((ROOT / "corpus" / "docs").glob("00?_*"))


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def cold_detect(pages: tuple) -> None:
    """The detector as the first document of a process meets it: no word judged before."""
    core_kind.cache_clear()
    for page in pages:
        verdict_of(page.text)


def cold_sprinkled(pages: tuple) -> None:
    """The sprinkled-text check over the whole text, with no word judged before."""
    core_kind.cache_clear()
    is_sprinkled("\n".join(page.text for page in pages))


def main(repeats: int) -> None:
    start = time.perf_counter()
    _frequencies()
    print(f"one-off load of the syllable frequencies: {1000 * (time.perf_counter() - start):.1f} ms")
    total_ms = detect_ms = sprinkled_ms = 0.0
    print(f"{'file':40s} {'extract ms':>10s} {'detect ms':>10s} {'share':>6s} {'sprinkled ms':>12s} {'share':>6s}")
    for path in FILES:
        pages = acquire_text(load(DocumentInput(path), SETTINGS), SETTINGS).pages
        extract = median_ms(lambda p=path: process(DocumentInput(p), SETTINGS), repeats)
        detect = median_ms(lambda ps=pages: cold_detect(ps), repeats)
        sprinkled = median_ms(lambda ps=pages: cold_sprinkled(ps), repeats)
        total_ms += extract
        detect_ms += detect
        sprinkled_ms += sprinkled
        print(
            f"{path.name:40s} {extract:10.1f} {detect:10.2f} {detect / extract:6.1%}"
            f" {sprinkled:12.2f} {sprinkled / extract:6.1%}"
        )
    print(
        f"{'all':40s} {total_ms:10.1f} {detect_ms:10.2f} {detect_ms / total_ms:6.1%}"
        f" {sprinkled_ms:12.2f} {sprinkled_ms / total_ms:6.1%}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for path in [p for p in FILES if p.suffix == ".txt"]:
            text = path.read_text(encoding="utf-8")
            bare = Path(folder) / path.name
            bare.write_text("".join(fold(c).upper() if c.isupper() else fold(c) for c in text), encoding="utf-8")
            process(DocumentInput(bare), SETTINGS)  # the repair's lexicon loads once
            noisy = median_ms(lambda b=bare: process(DocumentInput(b), SETTINGS), repeats)
            clean = median_ms(lambda p=path: process(DocumentInput(p), SETTINGS), repeats)
            print(f"stripped {path.name:31s} {noisy:10.1f} ms (clean {clean:.1f} ms): repair +{noisy - clean:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
