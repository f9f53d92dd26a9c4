"""Peak memory of reading a long scan: 10 pages against 60 (issue 19, items 4 and 11d).

Run: /work/main/.venv/bin/python benchmarks/bench_memory.py [--pages 10 60] [--cache DIR]

Two scans are built from the pages of the scanned corpus PDF 004 (3 pages, repeated): the PDF
itself (image pages of a PDF, rendered at 300 dpi for OCR) and a multi-page grey TIFF at 200 dpi
(LZW). Each is read end to end (`pipeline.run.process`) in a fresh Python process, whose peak
resident size (VmHWM) is reported with the growth per added page. The OCR cache (default: the
shared one, so only the 3 distinct pages are recognised once) does not change what is measured:
the pages are still rendered or decoded, cleaned and laid out one by one, and Tesseract runs in a
subprocess of its own either way.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCAN = ROOT / "corpus" / "docs" / "004.pdf"

PEAK = """
import sys
from pathlib import Path
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import Settings
result = process(DocumentInput(Path(sys.argv[1])), Settings(cache_dir=Path(sys.argv[2])))
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(result.status.value, peak // 1024)
"""


def scan_pdf(pages: int, dest: Path) -> Path:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(SCAN)
    out = pdfium.PdfDocument.new()
    while len(out) < pages:
        out.import_pages(source, list(range(min(len(source), pages - len(out)))))
    out.save(dest)
    return dest


def scan_tiff(pages: int, dest: Path) -> Path:
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(SCAN)
    frames = [source[i].render(scale=200 / 72).to_pil().convert("L") for i in range(len(source))]
    sequence = [frames[i % len(frames)] for i in range(pages)]
    sequence[0].save(dest, save_all=True, append_images=sequence[1:], compression="tiff_lzw", dpi=(200, 200))
    return dest


def peak_mib(path: Path, cache: Path) -> tuple[str, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", PEAK, str(path), str(cache)], env=env, capture_output=True, text=True, timeout=3600
    )
    if run.returncode != 0:
        raise SystemExit(f"{path.name}: {run.stderr[-2000:]}")
    status, peak = run.stdout.split()
    return status, int(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[10, 60])
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "congvan")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="congvan-bench-memory-") as tmp:
        print(f"{'scan':<22} {'pages':>5} {'file MiB':>9} {'peak MiB':>9} {'MiB/page added':>15}")
        for kind, build in (("PDF (image pages)", scan_pdf), ("TIFF (grey, 200 dpi)", scan_tiff)):
            first: tuple[int, int] | None = None
            for pages in args.pages:
                path = build(pages, Path(tmp) / f"scan-{pages}{'.pdf' if build is scan_pdf else '.tif'}")
                status, peak = peak_mib(path, args.cache)
                size = path.stat().st_size / 2**20
                per_page = f"{(peak - first[1]) / (pages - first[0]):.1f}" if first else "-"
                print(f"{kind:<22} {pages:>5} {size:>9.1f} {peak:>9} {per_page:>15}  ({status})", flush=True)
                first = first or (pages, peak)
                path.unlink()


if __name__ == "__main__":
    main()
