"""Tasks: one candidate per obligation the dispatch lays on someone (field `tasks`).

    extract(text, context) -> Extraction

Each candidate's value is {"text", "assignees", "lead", "supporting", "deadline", "evidence"} in
document order. Tables of tasks (a kế hoạch's appendix "Nội dung công việc | Cơ quan chủ trì | …")
give one task per row (extractors/obligations/tables.py) and are blanked out of the text the prose
reader sees, so a row is never read twice. The rest is segmented into paragraphs (hard-wrapped
PDF/OCR lines joined), the obligations pipeline (extractors/obligations) finds directives, their
assignees and deadlines; relative deadlines are resolved against `context.issued_date`. When a
directive names nobody, the Kính gửi addressees (`context.known["recipients"]`) are its assignees.
Stretches whose marks another tool lost (`context.marks_lost`) are read with the rules' vocabulary
given its marks back (obligations/remark.py); the values keep the printed letters.
"""

from __future__ import annotations

from typing import Any

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.obligations import dispatch, remark
from congvan.extractors.obligations.pipeline import run
from congvan.extractors.obligations.tables import table_tasks
from congvan.extractors.textutil import mend_letter_digits
from congvan.schemas.fields import field_warning


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the spans' characters turned to spaces (newlines kept): offsets still hold."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


SPEC = ExtractorSpec(
    "tasks", ("tasks",), requires=("issued_date", "document_type", "is_dispatch", "recipients"), order=110
)


def extract(text: str, context: Context) -> Extraction:
    if context.is_ocr or context.repaired:
        text = mend_letter_digits(text)  # "trước ngày l5/4/2O25": the deadline grammar reads it
    try:
        rows, spans = table_tasks(text, context.issued_date) if text else ([], [])
        # a text that lost its marks is read through its vocabulary's marks; values stay as printed
        seen = remark.view(text, context.marks_lost)
        prepared = dispatch.prepare(_blank(seen, spans) if spans else seen, context)
        if prepared is None:
            return Extraction()
        doc = run(
            prepared.flat,
            prepared.body,
            context.issued_date,
            prepared.document_type,
            prepared.fallback,
            prepared.genre,
            printed=remark.printed(prepared.flat, seen, text) if seen is not text else None,
        )
        prose: list[dict[str, Any]] = doc._.tasks or []
        for row in rows:
            # a timeline row that names no doer is laid on the addressees, as a prose directive is
            if row.pop("addressed", False):
                row["assignees"] = list(prepared.fallback)
    except Exception as exc:  # noqa: BLE001 — the contract: extractors never raise
        return Extraction(warnings=(field_warning("tasks", f"không đọc được nhiệm vụ: {type(exc).__name__}: {exc}"),))
    candidates = [
        Candidate("tasks", task, task["evidence"]["start"], task["evidence"]["end"], "tasks.directive", 0.8)
        for task in prose
    ] + [
        Candidate("tasks", task, task["evidence"]["start"], task["evidence"]["end"], "tasks.table_row", 0.8)
        for task in rows
    ]
    return Extraction(tuple(sorted(candidates, key=lambda c: c.start)))
