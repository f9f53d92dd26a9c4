"""Gold documents for the obligation tests: text files and born-digital PDFs with their gold
records, and the token-overlap matching used to score predicted tasks against gold tasks."""

from __future__ import annotations

import json
import pathlib
from dataclasses import dataclass
from datetime import date
from typing import Any

import regex

from extractors.base import Context

SHARED = pathlib.Path("/work/shared")
SAMPLES = pathlib.Path("/tmp/congvan-samples")

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
    docs.append(GoldDoc("039", SHARED / "corpus-real" / "039.txt", SHARED / "corpus-real" / "gold" / "039.json"))
    for stem in ("003", "016"):
        ordered = SAMPLES / f"{stem}.txt"
        source = ordered if ordered.exists() else SHARED / "corpus-real" / f"{stem}.pdf"
        docs.append(GoldDoc(stem, source, SHARED / "corpus-real" / "gold" / f"{stem}.json"))
    return [d for d in docs if d.text_path.exists() and d.gold_path.exists()]


def ocr_documents() -> list[GoldDoc]:
    folder = SAMPLES / "ocr"
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("*.txt")):
        gold = SHARED / "corpus-real" / "gold" / f"{path.stem[:3]}.json"
        if gold.exists():
            out.append(GoldDoc(path.stem + "-ocr", path, gold))
    return out


def tokens(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def overlap(a: str, b: str) -> float:
    """Token-set overlap (Dice): 2·|shared words| / (|words of a| + |words of b|); 1.0 = same words."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def match_tasks(predicted: list[dict[str, Any]], gold: list[dict[str, Any]], threshold: float = 0.5) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of predicted to gold tasks by text overlap ≥ threshold."""
    pairs = sorted(
        ((overlap(p["text"], g["text"]), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for score, i, j in pairs:
        if score < threshold or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
