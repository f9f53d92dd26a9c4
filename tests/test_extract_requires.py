"""Extractor specs declare what they read (`requires`) as well as what they propose (`assigns`):
the order is checked at start-up, and an extractor reading an undeclared field is caught."""

from __future__ import annotations

from dataclasses import replace

import pytest

from congvan.extractors.base import Context, Known, UndeclaredField
from congvan.pipeline.extract import EXTRACTORS, ExtractorOrderError, ExtractorSpec, check_specs, run_extractors
from tests.test_extract_recipients import SEED_IDS, text_of

SPEC = {spec.name: spec for spec in EXTRACTORS}
DOCS = [pytest.param(d, id=d[:3]) for d in SEED_IDS] + [
    pytest.param("039", id="039"),
    pytest.param("003", id="003-pdf"),
    pytest.param("016", id="016-pdf"),
]


def test_the_pipeline_order_satisfies_every_requirement() -> None:
    check_specs(EXTRACTORS)
    assert SPEC["references"].requires == ("number",)
    assert set(SPEC["tasks"].requires) == {"issued_date", "document_type", "is_dispatch", "recipients"}


def test_a_requirement_nothing_assigns_is_an_error_at_start_up() -> None:
    specs = (SPEC["number"], ExtractorSpec("references", ("references",), requires=("number", "subject")))
    with pytest.raises(ExtractorOrderError, match="references.*subject"):
        check_specs(specs)
    with pytest.raises(ExtractorOrderError):
        run_extractors("Số: 12/UBND", specs=specs)


def test_a_requirement_assigned_later_is_an_error() -> None:
    order = [s for s in EXTRACTORS if s.name != "recipients"]
    order.append(SPEC["recipients"])  # tasks now runs before the addressees it falls back on
    with pytest.raises(ExtractorOrderError, match="tasks requires recipients|'tasks' requires recipients"):
        check_specs(tuple(order))


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param(ExtractorSpec("marks", ("urgency", "urgent_flag")), id="not-a-record-field"),
        pytest.param(ExtractorSpec("number", ("urgency",)), id="assigned-twice"),
    ],
)
def test_assigns_must_be_record_fields_assigned_once(spec: ExtractorSpec) -> None:
    with pytest.raises(ExtractorOrderError):
        check_specs((SPEC["marks"], spec))


def test_known_refuses_an_undeclared_field() -> None:
    known = Known({"number": "12/UBND", "subject": "V/v họp"}, frozenset({"number", "issued_date"}))
    assert known.get("number") == "12/UBND"
    assert known.get("issued_date") is None  # declared, not found
    assert dict(known) == {"number": "12/UBND"}
    with pytest.raises(UndeclaredField):
        known.get("subject")
    with pytest.raises(UndeclaredField):
        _ = known["subject"]


@pytest.mark.parametrize("doc", DOCS)
def test_no_extractor_reads_beyond_its_requires_on_real_documents(doc: str) -> None:
    # each extractor runs with `known` restricted to its declared requires; a read outside them
    # would come back as an "extractor … failed … UndeclaredField" warning
    extraction = run_extractors(text_of(doc))
    assert not [w for w in extraction.warnings if "UndeclaredField" in w]


@pytest.mark.parametrize("name", ["references", "tasks", "events"])
def test_each_declared_requirement_is_needed(name: str) -> None:
    # the same extractor without its declaration trips the guard on a real dispatch
    specs = tuple(replace(s, requires=()) if s.name == name else s for s in EXTRACTORS)
    texts = [text_of(d) for d in ("039", "003", SEED_IDS[0])]
    warnings = [w for t in texts for w in run_extractors(t, specs=specs).warnings]
    failed = (f"Bộ trích {name} gặp lỗi", "Nhiệm vụ:", "Cuộc họp")
    assert any(w.startswith(failed) and "UndeclaredField" in w for w in warnings)


def test_a_plain_context_still_works_for_direct_calls() -> None:
    from congvan.extractors import references

    text = "Số: 12/UBND\nThực hiện Công văn số 45/SNV-TCCB ngày 3/1/2025 của Sở Nội vụ."
    got = references.extract(text, Context(known={"number": "12/UBND"}))
    assert [c.value["number"] for c in got.all("references")] == ["45/SNV-TCCB"]
