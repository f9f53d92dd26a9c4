"""Stage 4: run the field extractors over the normalised text, in dependency order.

Later extractors see what earlier ones chose (`Context.known`), and only what their spec declares
it `requires` (spaCy's `requires`/`assigns`): references skip the document's own number, tasks
resolve relative deadlines against the issued date and fall back on the Kính gửi addressees. The
order is checked at import: a spec that requires a field no earlier spec assigns is an error.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from congvan.errors import CongvanError
from congvan.extractors.base import Candidate, Context, Extraction, HandRead, Known, safely
from congvan.extractors.canonical import LocalNames
from congvan.schemas.fields import BY_NAME, LIST_FIELDS

ExtractFn = Callable[[str, Context], Extraction]


class ExtractorOrderError(CongvanError):
    """The extractor specs contradict each other: a programming error, found at start-up."""

    stage = "extract"


@dataclass(frozen=True)
class ExtractorSpec:
    name: str  # module of congvan.extractors
    assigns: tuple[str, ...]  # record fields it proposes
    requires: tuple[str, ...] = ()  # fields it reads from context.known (issued_date: context.issued_date too)


# The order is the dependency order; each stage may read the fields it requires, chosen before it.
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
    ExtractorSpec("references", ("references",), requires=("number",)),
    ExtractorSpec("tasks", ("tasks",), requires=("issued_date", "document_type", "is_dispatch", "recipients")),
    ExtractorSpec("events", ("events",), requires=("issued_date", "is_dispatch", "subject")),
)


def check_specs(specs: tuple[ExtractorSpec, ...]) -> None:
    """Every assigned field is a record field assigned once; every required field is assigned by
    an earlier spec. Raises ExtractorOrderError naming the first spec that breaks it."""
    assigned: set[str] = set()
    for spec in specs:
        missing = [f for f in spec.requires if f not in assigned]
        if missing:
            raise ExtractorOrderError(
                f"extractor {spec.name!r} requires {', '.join(missing)}, which no earlier extractor assigns"
            )
        for field_name in spec.assigns:
            if field_name not in BY_NAME:
                raise ExtractorOrderError(f"extractor {spec.name!r} assigns {field_name!r}, not a record field")
            if field_name in assigned:
                raise ExtractorOrderError(f"extractor {spec.name!r} assigns {field_name!r}, assigned before it")
        assigned.update(spec.assigns)


check_specs(EXTRACTORS)


def load_extractor(spec: ExtractorSpec) -> ExtractFn:
    module = importlib.import_module(f"congvan.extractors.{spec.name}")
    return safely(spec.name, module.extract)


def chosen(extraction: Extraction, field_name: str) -> object:
    if field_name in LIST_FIELDS:
        return [c.value for c in sorted(extraction.all(field_name), key=lambda c: c.start)]
    best = extraction.best(field_name)
    return best.value if best else None


def run_extractors(
    text: str,
    *,
    is_ocr: bool = False,
    specs: tuple[ExtractorSpec, ...] = EXTRACTORS,
    handwritten: Mapping[str, HandRead] | None = None,
    local_names: LocalNames | None = None,
) -> Extraction:
    """All candidates and warnings of every extractor over `text`. Each extractor sees in
    `context.known` only the fields its spec requires (reading another raises, and `safely` turns
    that into a warning); `context.issued_date` only when it requires issued_date. `handwritten`:
    the header fields the OCR stage re-read by hand, which number and place_date cross-check."""
    check_specs(specs)
    total = Extraction()
    known: dict[str, object] = {}
    for spec in specs:
        issued = _as_date(known.get("issued_date")) if "issued_date" in spec.requires else None
        context = Context(
            issued_date=issued,
            is_ocr=is_ocr,
            known=Known(known, frozenset(spec.requires)),
            handwritten=dict(handwritten or {}),
            local_names=local_names,
        )
        result = load_extractor(spec)(text, context)
        result = Extraction(
            tuple(c for c in result.candidates if isinstance(c, Candidate) and c.field in spec.assigns),
            result.warnings,
        )
        total = total + result
        for field_name in spec.assigns:
            known[field_name] = chosen(total, field_name)
    return total


def _as_date(value: object) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None
