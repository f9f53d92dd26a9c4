"""Gold documents for the obligation tests: text files and born-digital PDFs with their gold
records, and the token-overlap matching used to score predicted tasks against gold tasks."""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import regex

if __name__ == "__main__":  # run as a script: the repository root is not on sys.path yet
    import sys

    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from congvan.evaluation import evaluate  # noqa: E402
from congvan.extractors.base import Context  # noqa: E402
from congvan.pipeline.load import DocumentInput  # noqa: E402
from congvan.pipeline.run import process  # noqa: E402
from congvan.pipeline.settings import OcrMode, Settings  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]
# shared/ lies beside the repository (in CI too); /work/shared on a developer machine
SHARED = next(
    (p for p in (REPO.parent / "shared", pathlib.Path("/work/shared")) if (p / "seeds").is_dir()),
    REPO.parent / "shared",
)
SAMPLES = pathlib.Path("/tmp/congvan-samples")  # ordered PDF text from the layout stage, when present
RECORDED_OCR = REPO / "tests" / "data" / "obligations" / "ocr"
WRITTEN = REPO / "tests" / "data" / "obligations" / "written"


@cache
def written_tasks(name: str) -> tuple[dict[str, Any], ...]:
    """The tasks of a written document (tests/data/obligations/written/<name>), read whole as a
    clerk's file is, without OCR; read once per test session, as several tests ask of each."""
    record = process(DocumentInput(WRITTEN / name), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None
    return tuple(t.model_dump(mode="json") for t in record.tasks)

WORD = regex.compile(r"\w+")


@dataclass(frozen=True)
class GoldDoc:
    doc_id: str
    text_path: pathlib.Path
    gold_path: pathlib.Path

    def gold(self) -> dict[str, Any]:
        return json.loads(self.gold_path.read_text(encoding="utf-8"))

    def text(self) -> str:
        if self.text_path.suffix == ".pdf":
            import pdfplumber

            with pdfplumber.open(self.text_path) as pdf:
                return "\n".join(page.extract_text() or "" for page in pdf.pages)
        return self.text_path.read_text(encoding="utf-8")

    def context(self) -> Context:
        gold = self.gold()
        issued = date.fromisoformat(gold["issued_date"]) if gold.get("issued_date") else None
        known = {
            "recipients": gold.get("recipients", []),
            "document_type": gold.get("document_type"),
            "is_dispatch": gold.get("is_dispatch", True),
        }
        return Context(issued_date=issued, known=known)


def text_documents() -> list[GoldDoc]:
    docs = [
        GoldDoc(p.stem[:3] + "-seed", p, SHARED / "seeds" / "gold" / f"{p.stem}.json")
        for p in sorted((SHARED / "seeds").glob("*.txt"))
    ]
    docs.append(
        GoldDoc("039", SHARED / "corpus-real" / "039.txt", SHARED / "corpus-real" / "gold" / "039.json")
    )
    for stem in ("003", "016"):
        ordered = SAMPLES / f"{stem}.txt"
        source = ordered if ordered.exists() else SHARED / "corpus-real" / f"{stem}.pdf"
        docs.append(GoldDoc(stem, source, SHARED / "corpus-real" / "gold" / f"{stem}.json"))
    return [d for d in docs if d.text_path.exists() and d.gold_path.exists()]


def ocr_documents() -> list[GoldDoc]:
    """Recorded OCR text of the scans (first page(s)), with their gold records."""
    folder = RECORDED_OCR
    out = []
    for path in sorted(folder.glob("*.txt")):
        gold = SHARED / "corpus-real" / "gold" / f"{path.stem[:3]}.json"
        if gold.exists():
            out.append(GoldDoc(path.stem + "-ocr", path, gold))
    return out


def full_ocr_documents() -> list[GoldDoc]:
    """Recorded OCR text of every page of six scans, scored against all their gold tasks."""
    folder = RECORDED_OCR.parent / "ocr_full"
    out = []
    for path in sorted(folder.glob("*.txt")):
        gold = SHARED / "corpus-real" / "gold" / f"{path.stem}.json"
        if gold.exists():
            out.append(GoldDoc(path.stem + "-ocr-full", path, gold))
    return out


def tokens(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def overlap(a: str, b: str) -> float:
    """The project's task overlap (evaluation/evaluate.py): shared words over the larger word set."""
    return evaluate.token_overlap(evaluate.task_tokens(a), evaluate.task_tokens(b))


def match_tasks(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The project's greedy one-to-one matching (overlap ≥ 0.5), as (predicted, gold) index pairs."""
    return [(p, g) for g, p in evaluate.match_tasks(gold, predicted)]


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _trigrams(text: str, limit: int | None = None) -> set[tuple[str, str, str]]:
    from congvan.extractors.textutil import fold

    words = WORD.findall(fold(text))[:limit]
    return set(zip(words, words[1:], words[2:], strict=False))


def reachable(gold_tasks: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """The gold tasks whose opening words are in `text` (an OCR sample may hold only page 1)."""
    present = _trigrams(text)
    out = []
    for task in gold_tasks:
        opening = _trigrams(task["text"], 25)
        if opening and len(opening & present) >= 0.5 * len(opening):
            out.append(task)
    return out


@dataclass(frozen=True)
class Score:
    matched: int
    predicted: int
    gold: int
    dated_hits: int
    dated_predicted: int
    dated_gold: int

    @property
    def tasks(self) -> tuple[float, float, float]:
        return prf(self.matched, self.predicted, self.gold)

    @property
    def deadlines(self) -> tuple[float, float, float]:
        return prf(self.dated_hits, self.dated_predicted, self.dated_gold)


def _date(task: dict[str, Any]) -> str | None:
    deadline = task.get("deadline") or {}
    return deadline.get("date")


def score(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> Score:
    """Tasks P/R/F1 by text overlap ≥ 0.5; deadline dates P/R/F1 over the matched pairs."""
    pairs = match_tasks(predicted, gold)
    hits = sum(1 for i, j in pairs if _date(predicted[i]) and _date(predicted[i]) == _date(gold[j]))
    return Score(
        len(pairs),
        len(predicted),
        len(gold),
        hits,
        sum(1 for t in predicted if _date(t)),
        sum(1 for t in gold if _date(t)),
    )


def main() -> None:
    """Print the per-document report: python tests/obligations_gold.py"""
    from congvan.extractors.tasks import extract

    totals = {"text": [0] * 6, "ocr": [0] * 6, "ocr-full": [0] * 6}
    for kind, docs in (
        ("text", text_documents()),
        ("ocr", ocr_documents()),
        ("ocr-full", full_ocr_documents()),
    ):
        for doc in docs:
            text = doc.text()
            gold = doc.gold().get("tasks", [])
            if kind == "ocr":
                gold = reachable(gold, text)
            got = score([c.value for c in extract(text, doc.context()).candidates], gold)
            row = (got.matched, got.predicted, got.gold, got.dated_hits, got.dated_predicted, got.dated_gold)
            totals[kind] = [a + b for a, b in zip(totals[kind], row, strict=True)]
            print(
                f"{doc.doc_id:10s} tasks P/R/F1 %.2f/%.2f/%.2f (%d/%d/%d)"
                "  deadline dates P/R/F1 %.2f/%.2f/%.2f (%d/%d/%d)"
                % (
                    *got.tasks,
                    got.matched,
                    got.predicted,
                    got.gold,
                    *got.deadlines,
                    got.dated_hits,
                    got.dated_predicted,
                    got.dated_gold,
                )
            )
        t = totals[kind]
        print(
            f"TOTAL {kind}: tasks P/R/F1 %.3f/%.3f/%.3f  deadline dates P/R/F1 %.3f/%.3f/%.3f"
            % (*prf(*t[:3]), *prf(*t[3:]))
        )


if __name__ == "__main__":
    main()
