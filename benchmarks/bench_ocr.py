"""Seconds per page of the whole OCR path against a bare `tesseract img out -l vie` call on the
same page images, and pages per minute with both cores; prints a table.

    /work/venv/bin/python benchmarks/bench_ocr.py [--pages 002 006 012 027 028 030] [--dpi 300]

The overhead ratio (whole path / bare tesseract, one job each) covers preprocessing, TSV output,
reading order, the handwritten number/day re-read, the signature lines re-read and repair. The
first OCR call also trains the digit classifier (~2 s); it is warmed up before timing, as in a
long-running batch.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pypdfium2 as pdfium  # noqa: E402
from PIL import Image  # noqa: E402

from congvan.pipeline.ocr import ocr_pages  # noqa: E402
from congvan.pipeline.ocr.digits import classifier  # noqa: E402
from congvan.pipeline.settings import Settings  # noqa: E402

CORPUS = Path("/work/shared/corpus-real")


def load_page(stem: str, dpi: int) -> Image.Image:
    if (CORPUS / f"{stem}.jpg").exists():
        return Image.open(CORPUS / f"{stem}.jpg").convert("RGB")
    return pdfium.PdfDocument(CORPUS / f"{stem}.pdf")[0].render(scale=dpi / 72).to_pil()


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (tesseract): unlike wall time, it does
    not grow when other work shares the two cores."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def bare_tesseract(paths: list[Path], out_dir: Path) -> tuple[float, float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cpu = cpu_seconds()
    start = time.perf_counter()
    for path in paths:
        subprocess.run(
            ["tesseract", str(path), str(out_dir / path.stem), "-l", "vie"],
            check=True,
            capture_output=True,
            env=env,
        )
    return time.perf_counter() - start, cpu_seconds() - cpu


def whole_path(images: list[Image.Image], jobs: int) -> tuple[float, float]:
    cpu = cpu_seconds()
    start = time.perf_counter()
    ocr_pages(images, Settings(ocr_jobs=jobs, cache_dir=None))
    return time.perf_counter() - start, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", nargs="+", default=["002", "006", "012", "027", "028", "030"])
    parser.add_argument("--dpi", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2, help="best of N runs (the machine may be shared)")
    args = parser.parse_args()

    images = [load_page(stem, args.dpi) for stem in args.pages]
    classifier()  # train once before timing
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for stem, image in zip(args.pages, images, strict=True):
            path = folder / f"{stem}.png"
            image.save(path)
            paths.append(path)
        inf = (float("inf"), float("inf"))
        bare, one, two = inf, inf, inf
        for _ in range(args.repeat):  # interleaved, so a burst of load hits every mode alike
            bare = min(bare, bare_tesseract(paths, folder))
            one = min(one, whole_path(images, jobs=1))
            two = min(two, whole_path(images, jobs=2))
    n = len(images)
    rows = [
        ("bare tesseract -l vie (1 job)", bare),
        ("congvan OCR path (1 job)", one),
        ("congvan OCR path (2 jobs)", two),
    ]
    print(f"{n} pages ({', '.join(args.pages)}), {args.dpi} dpi for PDFs, best of {args.repeat}")
    print(f"{'run':34s} {'wall s/page':>12s} {'CPU s/page':>11s} {'pages/min':>10s}")
    for name, (wall, cpu) in rows:
        print(f"{name:34s} {wall / n:12.2f} {cpu / n:11.2f} {60 * n / wall:10.1f}")
    print(
        f"overhead ratio (path / bare, 1 job): wall {one[0] / bare[0]:.2f}, CPU {one[1] / bare[1]:.2f}; "
        f"speed-up with 2 jobs: {one[0] / two[0]:.2f}"
    )
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")


if __name__ == "__main__":
    main()
