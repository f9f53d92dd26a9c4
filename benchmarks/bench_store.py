"""Tracker benchmark: fill a store with synthetic obligations made from the corpus vocabulary, then
report the ingest rate and search latency (p50/p95) for each engine.

    PYTHONPATH=. python benchmarks/bench_store.py --obligations 1000000 --engines sqlite,postgresql

The PostgreSQL URL comes from --pg-url or $CONGVAN_TEST_PG_URL (scripts/start-postgres.sh); the run
uses a fresh schema there and drops it afterwards, unless --pg-schema names one to keep (with --reuse,
a filled one is searched again without ingest: before/after figures on the same rows). The SQLite
file goes to --dir (not the repo).

    PYTHONPATH=. python benchmarks/bench_store.py --engines postgresql --pg-schema bench_1m --reuse
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from congvan.schemas.record import Record  # noqa: E402
from congvan.tracker import open_store  # noqa: E402
from congvan.tracker.api import ObligationFilter  # noqa: E402
from congvan.tracker.search_text import exact_tokens  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
ASSIGNEES = [
    "Sở Tài chính",
    "Sở Giáo dục và Đào tạo",
    "UBND các huyện",
    "Văn phòng",
    "Phòng Tổ chức cán bộ",
    "Viện kiểm sát nhân dân các cấp",
    "Công an tỉnh",
    "Sở Y tế",
    "Đoàn thanh niên",
    "Thanh tra tỉnh",
]


def corpus_words() -> list[str]:
    """Words of the corpus texts, repeated as often as they occur (so sampling follows real frequency)."""
    words: list[str] = []
    for path in sorted(CORPUS.glob("*.txt")):
        words += [w for w in exact_tokens(path.read_text(encoding="utf-8")) if not w.isdigit()]
    return words


def sentences(words: list[str], rng: random.Random) -> Iterator[str]:
    """Runs of consecutive corpus words: realistic word pairs, so two-word queries find something."""
    while True:
        start = rng.randrange(len(words) - 30)
        yield " ".join(words[start : start + rng.randint(8, 25)]).capitalize() + "."


def records(n_docs: int, per_doc: int, words: list[str], seed: int, version: str) -> Iterator[Record]:
    rng = random.Random(seed)
    text = sentences(words, rng)
    for i in range(n_docs):
        symbol = f"{rng.choice(['UBND', 'SGDĐT', 'VKSTC', 'BTC'])}-{rng.choice(['VP', 'KT', 'T5'])}"
        number = f"{rng.randint(1, 9999)}/{symbol}"
        tasks = []
        for _ in range(per_doc):
            due = f"20{rng.randint(20, 27)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            tasks.append(
                {
                    "text": next(text),
                    "assignees": [rng.choice(ASSIGNEES)],
                    "deadline": {"date": due, "text": f"trước ngày {due}"},
                    "evidence": {"start": 0, "end": 10},
                }
            )
        yield Record.model_validate(
            {
                "source": {
                    "path": f"synthetic/{i}.pdf",
                    "sha256": hashlib.sha256(f"{seed}-{i}".encode()).hexdigest(),
                    "media_type": "application/pdf",
                    "pages": 1,
                    "text_origin": "text_layer",
                },
                "is_dispatch": True,
                "document_type": "cong_van",
                "number": number,
                "issuer": f"ĐƠN VỊ {i}",  # distinct issuers: no Nghị định 30 duplicates in the synthetic set
                "issued_date": f"20{rng.randint(20, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "subject": next(text),
                "tasks": tasks,
                "extractor_version": version,
            }
        )


def two_word_queries(words: list[str], n: int, seed: int) -> list[str]:
    """Adjacent word pairs from the corpus; every other one typed without diacritics."""
    from congvan.extractors.textutil import fold

    rng = random.Random(seed)
    common = {w for w, c in Counter(words).most_common(60)}
    out: list[str] = []
    while len(out) < n:
        i = rng.randrange(len(words) - 1)
        a, b = words[i], words[i + 1]
        if a in common and b in common:
            continue  # two stop-word-like words say nothing; clerks type content words
        q = f"{a} {b}"
        out.append(fold(q) if len(out) % 2 else q)
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def bench(
    url: str, n_obligations: int, per_doc: int, words: list[str], queries: list[str], fill: bool = True
) -> dict[str, object]:
    store = open_store(url)
    n_docs = n_obligations // per_doc
    started = time.perf_counter()
    last = started
    for i, rec in enumerate(records(n_docs if fill else 0, per_doc, words, seed=7, version="1.0"), 1):
        store.ingest(rec, rec.source.path)
        if i % 10_000 == 0:
            now = time.perf_counter()
            print(
                f"  {i * per_doc:>9} obligations, {10_000 * per_doc / (now - last):,.0f}/s", file=sys.stderr
            )
            last = now
    fill_s = time.perf_counter() - started
    for q in queries[:10]:
        store.search(q)  # warm the cache, as a running tracker would be
    lat: list[float] = []
    hits: list[int] = []
    for q in queries:
        t = time.perf_counter()
        found = store.search(q, ObligationFilter(limit=20))
        lat.append((time.perf_counter() - t) * 1000)
        hits.append(len(found))
    filtered: list[float] = []
    for q in queries[:100]:
        t = time.perf_counter()
        store.search(q, ObligationFilter(limit=20, assignee="so tai chinh", status="open"))
        filtered.append((time.perf_counter() - t) * 1000)
    store.close()
    return {
        "url": url.split("?")[0],
        "obligations": n_docs * per_doc,
        "documents": n_docs,
        "ingest_seconds": round(fill_s, 1) if fill else None,
        "obligations_per_second": round(n_docs * per_doc / fill_s) if fill else None,
        "documents_per_second": round(n_docs / fill_s, 1) if fill else None,
        "queries": len(queries),
        "queries_with_hits": sum(1 for h in hits if h),
        "search_ms_p50": round(statistics.median(lat), 2),
        "search_ms_p95": round(percentile(lat, 95), 2),
        "search_ms_max": round(max(lat), 2),
        "filtered_search_ms_p50": round(statistics.median(filtered), 2),
        "filtered_search_ms_p95": round(percentile(filtered, 95), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--obligations", type=int, default=1_000_000)
    ap.add_argument("--per-doc", type=int, default=10)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--engines", default="sqlite,postgresql")
    ap.add_argument("--dir", type=Path, default=Path("/tmp/congvan-bench"))
    ap.add_argument("--pg-url", default=os.environ.get("CONGVAN_TEST_PG_URL"))
    ap.add_argument("--out", type=Path, help="Also write the results as JSON here.")
    ap.add_argument("--reuse", action="store_true", help="Search an already filled file or schema, no ingest.")
    ap.add_argument("--pg-schema", help="PostgreSQL: keep the rows in this schema (not dropped after the run).")
    args = ap.parse_args()
    words = corpus_words()
    queries = two_word_queries(words, args.queries, seed=11)
    results = []
    for engine in args.engines.split(","):
        if engine == "sqlite":
            args.dir.mkdir(parents=True, exist_ok=True)
            path = args.dir / f"bench-{args.obligations}.db"
            reuse = args.reuse and path.exists()
            if not reuse:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
            url = f"sqlite:///{path}"
            print(f"sqlite: {path}{' (reused)' if reuse else ''}", file=sys.stderr)
            results.append(
                {"engine": "sqlite", **bench(url, args.obligations, args.per_doc, words, queries, fill=not reuse)}
            )
        elif engine == "postgresql":
            if not args.pg_url:
                sys.exit("postgresql: no --pg-url or $CONGVAN_TEST_PG_URL (run scripts/start-postgres.sh)")
            import psycopg

            schema = args.pg_schema or f"bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(args.pg_url, autocommit=True) as conn:
                filled = conn.execute(
                    "SELECT to_regclass(%s) IS NOT NULL", (f"{schema}.obligations",)
                ).fetchone()[0]  # type: ignore[index]
                conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")  # type: ignore[arg-type]
            reuse = args.reuse and bool(filled)
            url = f"{args.pg_url}?options=-csearch_path%3D{schema}"
            print(f"postgresql: schema {schema}{' (reused)' if reuse else ''}", file=sys.stderr)
            try:
                results.append(
                    {
                        "engine": "postgresql",
                        **bench(url, args.obligations, args.per_doc, words, queries, fill=not reuse),
                    }
                )
            finally:
                if not args.pg_schema:
                    with psycopg.connect(args.pg_url, autocommit=True) as conn:
                        conn.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
