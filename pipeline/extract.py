"""Stage 4: run the field extractors over the normalised text, in dependency order.

Later extractors see what earlier ones chose (`Context.known`): the document type reads the
number's symbol, references skip the document's own number, tasks resolve relative deadlines
against the issued date and fall back on the Kính gửi addressees.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from congvan.extractors.base import Candidate, Context, Extraction, safely

ExtractFn = Callable[[str, Context], Extraction]


@dataclass(frozen=True)
class ExtractorSpec:
    name: str  # module of congvan.extractors
    assigns: tuple[str, ...]  # record fields it proposes


# The order is the dependency order; each stage may read the fields chosen before it.
EXTRACTORS: tuple[ExtractorSpec, ...] = (
    ExtractorSpec("marks", ("urgency", "secrecy")),
    ExtractorSpec("number", ("number",)),
    ExtractorSpec("place_date", ("issued_place", "issued_date")),
    ExtractorSpec("doctype", ("document_type", "is_dispatch")),
    ExtractorSpec("issuer", ("issuer", "issuer_parent")),
    ExtractorSpec("subject", ("subject",)),
    ExtractorSpec("recipients", ("recipients", "archive_copies")),
    ExtractorSpec("signer", ("signer",)),
    ExtractorSpec("emails", ("emails",)),
    ExtractorSpec("references", ("references",)),
    ExtractorSpec("tasks", ("tasks",)),
    ExtractorSpec("events", ("events",)),
)

LIST_FIELDS = frozenset({"recipients", "archive_copies", "emails", "references", "tasks", "events"})


def load_extractor(spec: ExtractorSpec) -> ExtractFn:
    module = importlib.import_module(f"congvan.extractors.{spec.name}")
    return safely(spec.name, module.extract)


def chosen(extraction: Extraction, field_name: str) -> object:
    if field_name in LIST_FIELDS:
        return [c.value for c in sorted(extraction.all(field_name), key=lambda c: c.start)]
    best = extraction.best(field_name)
    return best.value if best else None


def run_extractors(text: str, *, is_ocr: bool = False, specs: tuple[ExtractorSpec, ...] = EXTRACTORS) -> Extraction:
    """All candidates and warnings of every extractor over `text`."""
    total = Extraction()
    context = Context(is_ocr=is_ocr)
    for spec in specs:
        result = load_extractor(spec)(text, context)
        result = Extraction(
            tuple(c for c in result.candidates if isinstance(c, Candidate) and c.field in spec.assigns),
            result.warnings,
        )
        total = total + result
        known = dict(context.known)
        for field_name in spec.assigns:
            known[field_name] = chosen(total, field_name)
        issued = known.get("issued_date")
        context = replace(context, known=known, issued_date=_as_date(issued) or context.issued_date)
    return total


def _as_date(value: object) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
