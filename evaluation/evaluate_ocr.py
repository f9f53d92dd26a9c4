"""OCR character error rate against human transcriptions kept beside the gold.

A file `labels/<stem>_gt_p<N>.txt` transcribes page N of the document `<stem>`; the page's OCR
text is scored raw (Tesseract as it read the page) and after the post-OCR repair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import regex

from congvan.pipeline.load import DocumentInput, load
from congvan.pipeline.ocr.cer import CerScore, cer
from congvan.pipeline.settings import Settings
from congvan.pipeline.text import acquire_text

# "030_gt_p1.txt": page 1 of document 030
TRANSCRIPTION = regex.compile(r"^(?P<stem>.+)_gt_p(?P<page>\d+)\.txt$")


@dataclass(frozen=True)
class PageCer:
    document: str
    page: int
    raw: CerScore
    repaired: CerScore


def transcriptions(labels: Path) -> dict[str, dict[int, Path]]:
    found: dict[str, dict[int, Path]] = {}
    for path in sorted(labels.glob("*_gt_p*.txt")):
        m = TRANSCRIPTION.match(path.name)
        if m:
            found.setdefault(m["stem"], {})[int(m["page"])] = path
    return found


def ocr_cer(docs: Sequence[DocumentInput], labels: Path, settings: Settings) -> list[PageCer]:
    """CER of every transcribed page of `docs` (OCR output is cached, so this is cheap after eval)."""
    wanted = transcriptions(labels)
    rows: list[PageCer] = []
    for doc in docs:
        pages = wanted.get(doc.stem)
        if not pages:
            continue
        text = acquire_text(load(doc, settings), settings)
        for page in text.pages:
            if page.number not in pages:
                continue
            truth = pages[page.number].read_text(encoding="utf-8")
            raw = page.raw_ocr_text if page.raw_ocr_text is not None else page.text
            rows.append(PageCer(doc.stem, page.number, cer(raw, truth), cer(page.text, truth)))
    return rows


def total(rows: Sequence[PageCer], repaired: bool) -> CerScore:
    scores = [r.repaired if repaired else r.raw for r in rows]
    return CerScore(sum(s.errors for s in scores), sum(s.reference_chars for s in scores))


def cer_table(rows: Sequence[PageCer]) -> str:
    if not rows:
        return ""
    lines = ["OCR character error rate against human transcriptions (raw → after repair)"]
    for r in rows:
        lines.append(f"  {r.document} page {r.page}: {r.raw.cer:.2%} → {r.repaired.cer:.2%}")
    lines.append(f"  all transcribed pages: {total(rows, False).cer:.2%} → {total(rows, True).cer:.2%}")
    return "\n".join(lines)


def cer_json(rows: Sequence[PageCer]) -> dict[str, object]:
    return {
        "pages": [
            {"document": r.document, "page": r.page, "raw": round(r.raw.cer, 4), "repaired": round(r.repaired.cer, 4)}
            for r in rows
        ],
        "raw": round(total(rows, False).cer, 4) if rows else None,
        "repaired": round(total(rows, True).cer, 4) if rows else None,
    }
