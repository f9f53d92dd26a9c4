"""Helpers of the drop-folder and nightly tests: generated documents, the bad corpus, the CLI."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/shared/corpus-real")
SEEDS = Path("/work/shared/seeds")
# Clean dispatch texts: the ones with a number get a fresh one per copy, so no two copies are
# "the same document under another number" and the tracker's contents do not depend on order.
TEXT_SOURCES = (
    CORPUS / "039.txt",
    SEEDS / "000_e566c0ecd86c5a3b.txt",
    SEEDS / "001_d3ba48757fc946ed.txt",
    SEEDS / "002_de40779bbbad1aa1.txt",
    SEEDS / "003_d15970afb96bf74c.txt",
)  # not the seed that is a news article (004): the intake refuses it as no dispatch
# "Số: 7991/BGDĐT-GDTrH", "Số: **927** /VKSTC-V16": the digits of the document's number
NUMBER_DIGITS = re.compile(r"(?P<label>Số:\s*\**)(?P<digits>\d+)", re.VERBOSE)


def text_documents(dest: Path, count: int, prefix: str = "doc") -> list[Path]:
    """`count` distinct dispatches (real texts, a unique number and a unique closing line each)."""
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        source = TEXT_SOURCES[i % len(TEXT_SOURCES)]
        text = source.read_text(encoding="utf-8")
        text = NUMBER_DIGITS.sub(lambda m, i=i: f"{m['label']}{9000 + i}", text, count=1)
        path = dest / f"{prefix}-{i:04d}.txt"
        path.write_text(text + f"\nBản sao số {i} ({prefix}).\n", encoding="utf-8")
        out.append(path)
    return out


def bad_corpus() -> ModuleType:
    """scripts/make_bad_corpus.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_bad_corpus", ROOT / "scripts" / "make_bad_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_bad_corpus"] = module
    spec.loader.exec_module(module)
    return module


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def congvan(*args: str) -> list[str]:
    return [sys.executable, "-m", "congvan", *args]


def cli_env(state: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["CONGVAN_STATE_DIR"] = str(state)
    env.pop("CONGVAN_DB", None)
    return env


def tracker_rows(db: Path) -> list[tuple[str, str | None, int]]:
    """What the tracker holds, order-independent: (sha256, number, obligations) per document."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT d.sha256, d.number, (SELECT count(*) FROM obligations o WHERE o.document_id = d.id) "
            "FROM documents d ORDER BY d.sha256"
        ).fetchall()
