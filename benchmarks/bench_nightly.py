"""Nightly sweep throughput and the cost of a re-run, through the real CLI (`congvan nightly`).

Run: /work/venv/bin/python benchmarks/bench_nightly.py [--text-pdfs 40] [--scans 6] [--rerun-files 10000]

Measures, with --jobs = the machine's cores:
- text PDFs (copies of the born-digital corpus PDFs 003/016, each made unique by a trailing
  comment after %%EOF, which readers ignore): documents per minute;
- scans (copies of the one- and two-page scanned corpus PDFs 012/028), real Tesseract: documents
  and pages per minute;
- a re-run over N already-processed files (small text dispatches): seconds (target < 10 s for
  10,000), which shows the incremental check stats files instead of re-hashing them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/shared/corpus-real")
TEXT_PDFS = ("003.pdf", "016.pdf")
SCANS = (("012.pdf", 1), ("028.pdf", 2))
SEED = CORPUS / "039.txt"


def unique_copies(sources: list[Path], count: int, dest: Path) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        src = sources[i % len(sources)]
        path = dest / f"{src.stem}-{i:05d}{src.suffix}"
        tail = f"\n% copy {i}\n" if src.suffix == ".pdf" else f"\nBản sao {i}.\n"
        path.write_bytes(src.read_bytes() + tail.encode())
        out.append(path)
    return out


def run_nightly(folder: Path, db: Path, state: Path, ocr: str) -> tuple[float, dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CONGVAN_STATE_DIR=str(state))
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "congvan",
            "nightly",
            str(folder),
            "--db",
            f"sqlite:///{db}",
            "--ocr",
            ocr,
            "--json",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"nightly failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, json.loads(done.stdout)


def stored(report: dict) -> int:
    """Copies of one dispatch share its number: all but the first are linked as same-number duplicates."""
    return int(report["new"]) + int(report["duplicates"]["same_number"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text-pdfs", type=int, default=40)
    parser.add_argument("--scans", type=int, default=6)
    parser.add_argument("--rerun-files", type=int, default=10_000)
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-nightly-") as tmp:
        base = Path(tmp)
        if args.text_pdfs:
            unique_copies([CORPUS / n for n in TEXT_PDFS], args.text_pdfs, base / "pdfs")
            seconds, report = run_nightly(base / "pdfs", base / "pdfs.db", base / "state", "never")
            assert stored(report) == args.text_pdfs, report
            rows.append(
                (
                    f"text PDFs ({args.text_pdfs}, jobs={cores})",
                    f"{args.text_pdfs / seconds * 60:.0f} docs/min",
                )
            )
            print(rows[-1], flush=True)
        if args.scans:
            copies = unique_copies([CORPUS / n for n, _ in SCANS], args.scans, base / "scans")
            pages = sum(dict(SCANS)[p.name.split("-")[0] + ".pdf"] for p in copies)
            seconds, report = run_nightly(base / "scans", base / "scans.db", base / "state", "auto")
            rows.append(
                (
                    f"scans ({args.scans} docs, {pages} pages, jobs={cores})",
                    f"{args.scans / seconds * 60:.1f} docs/min, {pages / seconds * 60:.1f} pages/min "
                    f"({len(report['failed'])} failed)",
                )
            )
            print(rows[-1], flush=True)
        if args.rerun_files:
            unique_copies([SEED], args.rerun_files, base / "many")
            first, report = run_nightly(base / "many", base / "many.db", base / "state", "never")
            assert stored(report) == args.rerun_files, report
            rows.append(
                (
                    f"first run over {args.rerun_files} text files",
                    f"{first:.0f} s ({args.rerun_files / first * 60:.0f} docs/min)",
                )
            )
            print(rows[-1], flush=True)
            again, report = run_nightly(base / "many", base / "many.db", base / "state", "never")
            assert report["unchanged"] == args.rerun_files, report
            rows.append((f"re-run over {args.rerun_files} processed files", f"{again:.2f} s (target < 10 s)"))
            print(rows[-1], flush=True)
    print("\n| measure | result |\n|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
