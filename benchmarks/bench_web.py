"""Web page benchmark: the overview and a search, through the whole application (session check,
queries, template rendering), on a SQLite tracker with 1,000,000 obligations; target p90 < 200 ms.

    PYTHONPATH=. python benchmarks/bench_web.py --obligations 1000000 [--reuse]

The tracker is filled with bench_store.py's synthetic records (corpus vocabulary, deadlines spread
over 2020–2027) into --dir; --reuse keeps a file filled by an earlier run.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import corpus_words, percentile, records, two_word_queries  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from congvan.tracker import open_store, open_tracker  # noqa: E402
from congvan.web.app import WebConfig, create_app  # noqa: E402
from congvan.web.users import Role, add_user  # noqa: E402

USER = ("bench", "bench-password")
# Mid-range of the synthetic deadlines: about half the obligations are overdue, the worst case.
TODAY = date(2024, 6, 12)


def fill(path: Path, n_obligations: int, per_doc: int, words: list[str], reuse: bool) -> str:
    url = f"sqlite:///{path}"
    if reuse and path.exists():
        return url
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_store(url)
    started = time.perf_counter()
    for i, rec in enumerate(records(n_obligations // per_doc, per_doc, words, seed=7, version="1.0"), 1):
        store.ingest(rec, rec.source.path)
        if i % 10_000 == 0:
            print(f"  {i * per_doc:>9} obligations, {time.perf_counter() - started:,.0f} s", file=sys.stderr)
    store.close()
    return url


def timed(client: TestClient, path: str, params: dict[str, str] | None = None) -> float:
    t = time.perf_counter()
    r = client.get(path, params=params)
    elapsed = (time.perf_counter() - t) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"{path} {params}: HTTP {r.status_code}")
    return elapsed


def summary(name: str, lat: list[float]) -> dict[str, float | str | int]:
    return {
        "page": name,
        "requests": len(lat),
        "ms_p50": round(statistics.median(lat), 1),
        "ms_p90": round(percentile(lat, 90), 1),
        "ms_max": round(max(lat), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--obligations", type=int, default=1_000_000)
    ap.add_argument("--per-doc", type=int, default=10)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--dir", type=Path, default=Path("/tmp/congvan-bench"))
    ap.add_argument("--reuse", action="store_true", help="Keep an already filled tracker file.")
    ap.add_argument("--out", type=Path, help="Also write the results as JSON here.")
    args = ap.parse_args()
    words = corpus_words()
    args.dir.mkdir(parents=True, exist_ok=True)
    url = fill(args.dir / f"web-{args.obligations}.db", args.obligations, args.per_doc, words, args.reuse)
    store = open_store(url)
    add_user(store, *USER, Role.READER)
    store.close()

    app = create_app(WebConfig(tracker=open_tracker(url), today=TODAY))
    results = []
    with TestClient(app, follow_redirects=False) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)[1]  # type: ignore[index]
        client.post("/login", data={"csrf_token": token, "username": USER[0], "password": USER[1]})
        queries = two_word_queries(words, args.queries, seed=11)
        pages = {
            "overview (HTML)": [("/", None)] * 50,
            "overview (JSON)": [("/", {"format": "json"})] * 50,
            "search, two words (HTML)": [("/search", {"q": q}) for q in queries],
            "search, two words + filters (HTML)": [
                ("/search", {"q": q, "assignee": "so tai chinh", "status": "open"}) for q in queries[:100]
            ],
            "overdue list, page 1 (HTML)": [("/search", {"overdue": "1"})] * 30,
        }
        for name, requests in pages.items():
            for path, params in requests[:3]:
                timed(client, path, params)  # warm the page cache, as a running server would be
            lat = [timed(client, path, params) for path, params in requests]
            results.append(summary(name, lat))
            print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
