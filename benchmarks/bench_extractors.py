"""Extractor speed on long dispatches (issues #4 and #5): each extractor on a 20-page text (target
< 100 ms), and the whole extraction of a 50-page dispatch in CPU seconds after the pipeline has
loaded (target < 1 s). The long texts are real corpus dispatches: one header, then the bodies of
the corpus' text documents repeated, then one closing block, ~3,000 characters a page.

    PYTHONPATH=. python benchmarks/bench_extractors.py
"""

from __future__ import annotations

import importlib
import statistics
import time
from pathlib import Path

from congvan.extractors.base import Context
from congvan.extractors.signer import locate
from congvan.extractors.textutil import fold
from congvan.pipeline.extract import EXTRACTORS, run_extractors

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
PAGE_CHARS = 3000
# results kept per text (the folded paragraphs, the signature block): a repeated run would reuse them
PER_TEXT_CACHES = (fold, locate)


def long_dispatch(pages: int) -> str:
    head = (DOCS / "000_e566c0ecd86c5a3b.txt").read_text(encoding="utf-8")
    header, _, rest = head.partition("Thực hiện Kế hoạch")
    body, _, closing = ("Thực hiện Kế hoạch" + rest).partition("Nơi nhận:")
    bodies = [body] + [
        (DOCS / n).read_text(encoding="utf-8").partition("Nơi nhận")[0]
        for n in ("001_d3ba48757fc946ed.txt", "002_de40779bbbad1aa1.txt", "039.txt")
    ]
    text = header
    i = 0
    while len(text) < pages * PAGE_CHARS:
        text += "\n\n" + bodies[i % len(bodies)]
        i += 1
    return text + "\n\nNơi nhận:" + closing


def timed(func, *args, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        for cached in PER_TEXT_CACHES:
            cached.cache_clear()  # each run starts cold, as a new document does
        start = time.process_time()
        func(*args)
        runs.append(time.process_time() - start)
    return statistics.median(runs)


def main() -> None:
    twenty, fifty = long_dispatch(20), long_dispatch(50)
    context = Context(issued_date=None)
    run_extractors(DOCS.joinpath("039.txt").read_text(encoding="utf-8"))  # load spaCy, vocabularies
    print(f"20-page text: {len(twenty):,} characters; 50-page text: {len(fifty):,} characters\n")
    print(f"{'extractor':<12} {'CPU ms, 20 pages':>18}")
    for spec in EXTRACTORS:
        module = importlib.import_module(f"congvan.extractors.{spec.name}")
        ms = timed(module.extract, twenty, context) * 1000
        flag = "" if ms < 100 else "   over the 100 ms target"
        print(f"{spec.name:<12} {ms:>18.1f}{flag}")
    seconds = timed(run_extractors, fifty, repeat=3)
    print(f"\nwhole extraction of the 50-page dispatch: {seconds:.2f} s CPU (target < 1 s)")


if __name__ == "__main__":
    main()
