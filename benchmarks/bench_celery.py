"""The Celery engine against the local nightly run, and the broker under a large backlog.

Run: CONGVAN_TEST_PG_URL=postgresql://… python benchmarks/bench_celery.py [--scans 4] [--backlog 100000]

Measures, on this machine, with a real redis-server started here (append-only) and the real
PostgreSQL tracker (a fresh schema per run):
- pages per minute of scanned PDFs (copies of the corpus's 012 (1 page) and 028 (2 pages), made
  unique after %%EOF; OCR cache off) through `congvan nightly` locally with --jobs 1 and 2, and
  through `congvan nightly --engine celery` with 1 and 2 `congvan worker -c 1`; the ratio
  local/celery is the engine's overhead;
- the enqueue rate of a backlog of paths (the producer's `send_task`, as `nightly --engine celery`
  sends them; nothing consumes them, as a no-op task would not keep up either) and the broker's
  memory at that backlog (Redis INFO used_memory), extrapolated linearly to 1,000,000 when
  --backlog is smaller.
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
SCANS = (("012.pdf", 1), ("028.pdf", 2))


def scan_copies(dest: Path, count: int) -> int:
    """`count` copies of each scan, unique bytes; returns the number of pages."""
    dest.mkdir(parents=True, exist_ok=True)
    pages = 0
    for name, n in SCANS:
        body = (CORPUS / name).read_bytes()
        for i in range(count):
            (dest / f"{Path(name).stem}-{i:03d}.pdf").write_bytes(body + f"\n% copy {i}\n".encode())
            pages += n
    return pages


def env_for(tmp: Path, broker: str, db: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), CONGVAN_STATE_DIR=str(tmp / "state"))
    env.update(CONGVAN_BROKER=broker, CONGVAN_DB=db, OMP_THREAD_LIMIT="1")
    return env


def nightly(folder: Path, env: dict[str, str], *extra: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "congvan", "nightly", str(folder), "--no-cache", "--json", *extra],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"nightly failed: {done.stderr[-2000:]}")
    report = json.loads(done.stdout)
    assert report["new"] + report["duplicates"]["same_number"] > 0, report
    return seconds


def throughput(pages: int, folder: Path, tmp: Path, redis: RedisServer, workers: int, jobs: int) -> float:
    """Pages per minute of one sweep: locally with `jobs` lanes, or on `workers` Celery workers."""
    with fresh_store_url("postgresql", tmp) as db:
        env = env_for(tmp / f"w{workers}j{jobs}", redis.url, db)
        if workers == 0:
            return pages * 60 / nightly(folder, env, "--jobs", str(jobs))
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "congvan", "worker", "-c", "1", "--no-cache", "--name", f"b{i}@bench",
                 "--loglevel", "WARNING"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
            for i in range(workers)
        ]
        try:
            time.sleep(6)  # workers up (not counted: they run for days)
            return pages * 60 / nightly(folder, env, "--engine", "celery")
        finally:
            for p in procs:
                os.killpg(p.pid, signal.SIGTERM)
            for p in procs:
                p.wait(60)


def backlog(redis: RedisServer, count: int) -> dict[str, float]:
    import redis as redis_client

    from congvan.operations.celery_app import BATCH
    from congvan.operations.distributed import CeleryQueue
    from congvan.pipeline.load import DocumentInput

    queue = CeleryQueue(redis.url, 1800)
    client = redis_client.Redis.from_url(redis.url)
    before = int(client.info("memory")["used_memory"])
    started = time.perf_counter()
    for i in range(count):
        queue.send(DocumentInput(Path(f"/srv/congvan/archive/2024/{i // 1000:04d}/doc-{i:07d}.pdf")), BATCH)
    seconds = time.perf_counter() - started
    used = int(client.info("memory")["used_memory"]) - before
    assert queue.length(BATCH) == count
    per = used / count
    return {
        "paths": count,
        "seconds": round(seconds, 1),
        "enqueued_per_second": round(count / seconds),
        "broker_memory_mib": round(used / 2**20, 1),
        "bytes_per_message": round(per),
        "extrapolated_1m_seconds": round(1_000_000 / (count / seconds)),
        "extrapolated_1m_memory_mib": round(per * 1_000_000 / 2**20),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scans", type=int, default=3, help="copies of each scan (1 + 2 pages each)")
    ap.add_argument("--backlog", type=int, default=100_000)
    ap.add_argument("--skip-pages", action="store_true")
    args = ap.parse_args()
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="bench-celery-") as t:
        tmp = Path(t)
        with RedisServer(tmp / "redis") as redis:
            if not args.skip_pages:
                pages = scan_copies(tmp / "scans", args.scans)
                rows = {}
                for label, workers, jobs in (
                    ("local --jobs 1", 0, 1),
                    ("celery, 1 worker", 1, 1),
                    ("local --jobs 2", 0, 2),
                    ("celery, 2 workers", 2, 1),
                ):
                    rate = throughput(pages, tmp / "scans", tmp, redis, workers, jobs)
                    rows[label] = round(rate, 1)
                    print(f"{label}: {rate:.1f} pages/min ({pages} pages)", file=sys.stderr)
                out["pages"] = pages
                out["pages_per_minute"] = rows
                out["overhead_1"] = round(rows["local --jobs 1"] / rows["celery, 1 worker"], 3)
                out["overhead_2"] = round(rows["local --jobs 2"] / rows["celery, 2 workers"], 3)
        with RedisServer(tmp / "redis-backlog") as redis:
            out["backlog"] = backlog(redis, args.backlog)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
