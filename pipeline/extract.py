"""Stage 4: run the field extractors over the normalised text, in dependency order.

Later extractors see what earlier ones chose (`Context.known`), and only what their spec declares
it `requires` (spaCy's `requires`/`assigns`): references skip the document's own number, tasks
resolve relative deadlines against the issued date and fall back on the Kính gửi addressees. The
order is checked on first use: a spec that requires a field no earlier spec assigns is an error.
Each extractor module declares its own `SPEC` (extractors/base.py `ExtractorSpec`) with an `order`;
this module finds them, so adding an extractor touches no line here.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from congvan import extractors
from congvan.errors import CongvanError
from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec, HandRead, Known, safely
from congvan.extractors.canonical import LocalNames
from congvan.schemas.fields import BY_NAME, LIST_FIELDS

ExtractFn = Callable[[str, Context], Extraction]


class ExtractorOrderError(CongvanError):
    """The extractor specs contradict each other: a programming error, found at start-up."""

    stage = "extract"


def discover() -> tuple[ExtractorSpec, ...]:
    """The SPEC of every module of congvan.extractors that declares one, by `order`. Helper
    modules (base, vocab, titles …) declare none and are skipped."""
    found: list[ExtractorSpec] = []
    for info in pkgutil.iter_modules(extractors.__path__):
        spec = getattr(importlib.import_module(f"{extractors.__name__}.{info.name}"), "SPEC", None)
        if not isinstance(spec, ExtractorSpec):
            continue
        if spec.name != info.name:
            raise ExtractorOrderError(f"extractor module {info.name!r} declares the spec of {spec.name!r}")
        found.append(spec)
    found.sort(key=lambda spec: spec.order)
    for before, after in zip(found, found[1:], strict=False):
        if before.order == after.order:
            raise ExtractorOrderError(f"extractors {before.name!r} and {after.name!r} share order {after.order}")
    return tuple(found)


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


@functools.cache
def extractor_specs() -> tuple[ExtractorSpec, ...]:
    """The dependency order, checked; each stage may read the fields it requires, chosen before it.
    Found on first use, not at import: the task extractor loads spaCy, and the intake lane, which
    imports this module, must not pay for it (tests/test_architecture.py)."""
    specs = discover()
    check_specs(specs)
    return specs


if TYPE_CHECKING:
    EXTRACTORS: tuple[ExtractorSpec, ...]


def __getattr__(name: str) -> object:
    # EXTRACTORS: the computed tuple, for callers and tests that read the registry
    if name == "EXTRACTORS":
        return extractor_specs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    repaired: bool = False,
    specs: tuple[ExtractorSpec, ...] | None = None,
    handwritten: Mapping[str, HandRead] | None = None,
    local_names: LocalNames | None = None,
    marks_lost: tuple[tuple[int, int], ...] = (),
) -> Extraction:
    """All candidates and warnings of every extractor over `text`. Each extractor sees in
    `context.known` only the fields its spec requires (reading another raises, and `safely` turns
    that into a warning); `context.issued_date` only when it requires issued_date. `handwritten`:
    the header fields the OCR stage re-read by hand, which number and place_date cross-check;
    `marks_lost`: the stretches of `text` whose marks another tool lost (DocumentText.marks_lost)."""
    if specs is None:
        specs = extractor_specs()
    check_specs(specs)
    total = Extraction()
    known: dict[str, object] = {}
    for spec in specs:
        issued = _as_date(known.get("issued_date")) if "issued_date" in spec.requires else None
        context = Context(
            issued_date=issued,
            is_ocr=is_ocr,
            repaired=repaired,
            known=Known(known, frozenset(spec.requires)),
            handwritten=dict(handwritten or {}),
            local_names=local_names,
            marks_lost=marks_lost,
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
