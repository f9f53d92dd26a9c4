"""The page split of the Celery engine: wall time of one long scan read whole and split across
workers (`congvan worker --split-pages`), against the local single-process run.

Run: CONGVAN_TEST_PG_URL=postgresql://… python benchmarks/bench_split.py [--sources 009.pdf,011.pdf,013.pdf]

The long scan is the pages of corpus scans of the `first` half put one after another (pypdfium2
imports the pages; nothing is re-rendered), one PDF. Each run has a fresh OCR cache (every page is
OCR'd; the split needs the cache to carry pages to the join), a fresh PostgreSQL schema and a
real redis-server. Workers are started before the clock (they run for days) with `-c 1`: a worker
reads a whole document with as many OCR threads as the machine has cores, a page task one page.
The time is that of `congvan nightly --engine celery` enqueuing the one file and waiting for its
record (or of `congvan nightly --jobs 1` for the local run).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.redis_server import RedisServer  # noqa: E402
from tests.tracker_fixtures import fresh_store_url  # noqa: E402

CORPUS = ROOT / "corpus" / "docs"
SOURCES = ("009.pdf", "011.pdf", "013.pdf")  # 5 + 4 + 4 scanned pages, `first` half


def long_scan(dest: Path, sources: list[str]) -> int:
    """One PDF of the sources' pages; returns its page count."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for name in sources:
        src = pdfium.PdfDocument(CORPUS / name)
        out.import_pages(src)
        src.close()
    dest.parent.mkdir(parents=True, exist_ok=True)
    out.save(dest)
    pages = len(out)
    out.close()
    return pages


def run(label: str, folder: Path, tmp: Path, redis: RedisServer, workers: int, split: int) -> dict[str, object]:
    with fresh_store_url("postgresql", tmp) as db:
        env = dict(os.environ, PYTHONPATH=str(ROOT), CONGVAN_STATE_DIR=str(tmp / label / "state"))
        env.update(CONGVAN_BROKER=redis.url, CONGVAN_DB=db, CONGVAN_CACHE=str(tmp / label / "cache"))
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "congvan", "worker", "-c", "1", "--name", f"s{i}@bench",
                 "--split-pages", str(split), "--loglevel", "WARNING"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            for i in range(workers)
        ]
        try:
            if procs:
                time.sleep(8)  # workers up (not counted)
            engine = ["--engine", "celery"] if workers else ["--jobs", "1"]
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "congvan", "nightly", str(folder), "--json", *engine],
                env=env, capture_output=True, text=True,
            )  # fmt: skip
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(f"{label}: nightly failed: {done.stderr[-2000:]}")
            report = json.loads(done.stdout)
            assert report["new"] == 1, report
            return {"seconds": round(seconds, 1)}
        finally:
            for p in procs:
                os.killpg(p.pid, signal.SIGTERM)
            for p in procs:
                p.wait(60)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sources", default=",".join(SOURCES))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-split-") as t:
        tmp = Path(t)
        pages = long_scan(tmp / "scan" / "long.pdf", args.sources.split(","))
        rows: dict[str, object] = {"pages": pages, "cores": os.cpu_count(), "load_before": os.getloadavg()[0]}
        with RedisServer(tmp / "redis") as redis:
            for label, workers, split in (
                ("local, one process", 0, 0),
                ("1 worker, read whole", 1, 0),
                ("1 worker, split", 1, 1),
                ("2 workers, split", 2, 1),
            ):
                rows[label] = run(label.replace(" ", "").replace(",", "_"), tmp / "scan", tmp, redis, workers, split)
                print(f"{label}: {rows[label]} ({pages} pages)", file=sys.stderr)
        rows["load_after"] = os.getloadavg()[0]
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
