"""Tasks: one candidate per obligation the dispatch lays on someone (field `tasks`).

    extract(text, context) -> Extraction

Each candidate's value is {"text", "assignees", "lead", "supporting", "deadline", "evidence"} in
document order. The text is segmented into paragraphs (hard-wrapped PDF/OCR lines joined), the
obligations pipeline (extractors/obligations) finds directives, their assignees and deadlines;
relative deadlines are resolved against `context.issued_date`. When a directive names nobody,
the Kính gửi addressees (`context.known["recipients"]`) are its assignees.
"""

from __future__ import annotations

from typing import Any

from congvan.extractors.base import Candidate, Context, Extraction
from congvan.extractors.obligations import dispatch
from congvan.extractors.obligations.pipeline import run
from congvan.schemas.fields import field_warning


def extract(text: str, context: Context) -> Extraction:
    try:
        prepared = dispatch.prepare(text, context)
        if prepared is None:
            return Extraction()
        doc = run(
            prepared.flat, prepared.body, context.issued_date, prepared.document_type, prepared.fallback
        )
        tasks: list[dict[str, Any]] = doc._.tasks or []
    except Exception as exc:  # noqa: BLE001 — the contract: extractors never raise
        return Extraction(warnings=(field_warning("tasks", f"không đọc được nhiệm vụ: {type(exc).__name__}: {exc}"),))
    candidates = tuple(
        Candidate("tasks", task, task["evidence"]["start"], task["evidence"]["end"], "tasks.directive", 0.8)
        for task in tasks
    )
    return Extraction(candidates)
