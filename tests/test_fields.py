"""The field table (schemas/fields.py) is the record's field list for extraction, assembly and
evaluation: it names exactly the record's fields and the extractors assign exactly its fields."""

from __future__ import annotations

from congvan.evaluation import evaluate
from congvan.pipeline.extract import EXTRACTORS
from congvan.schemas import fields
from congvan.schemas.fields import FIELDS, Compare, Kind
from congvan.schemas.record import Record

# Record attributes that are not read from the text: provenance and bookkeeping.
META = {"schema_version", "source", "evidence", "warnings", "status", "extractor_version"}


def test_the_table_names_exactly_the_record_fields() -> None:
    assert {f.name for f in FIELDS} == set(Record.model_fields) - META


def test_kinds_agree_with_the_model() -> None:
    for f in FIELDS:
        annotation = str(Record.model_fields[f.name].annotation)
        assert (f.kind is Kind.LIST) == annotation.startswith("list["), f.name


def test_the_extractors_assign_exactly_the_table() -> None:
    assigned = [name for spec in EXTRACTORS for name in spec.assigns]
    assert sorted(assigned) == sorted(f.name for f in FIELDS)


def test_every_field_has_a_vietnamese_label() -> None:
    for f in FIELDS:
        assert f.label and f.label[0].isupper(), f.name
    assert fields.LABELS["number"] == "Số, ký hiệu"
    assert fields.field("subject").label == "Trích yếu"


def test_evaluation_columns_come_from_the_table() -> None:
    assert evaluate.HEADER_FIELDS[:5] == ("document_type", "is_dispatch", "urgency", "secrecy", "number")
    assert evaluate.HEADER_FIELDS[-6:-2] == ("signer.name", "signer.title", "signer.authority", "signer.on_behalf_of")
    assert evaluate.HEADER_FIELDS[-2:] == ("arrival.number", "arrival.date")
    # in this order, with any new field's columns among them (a new field adds, never reorders)
    known = ("recipients", "recipients.purpose", "emails", "references", "tasks", "tasks.assignees",
             "tasks.deadline", "tasks.deadline.all", "events")
    assert tuple(c for c in evaluate.LIST_FIELDS if c in known) == known
    assert "tasks.deadline.all" in evaluate.MULTISET_FIELDS and "tasks" not in evaluate.MULTISET_FIELDS
    assert all(s.compare is Compare.VALUE for s in fields.scored(header=True))


def test_dispatch_only_and_core_fields() -> None:
    assert set(fields.DISPATCH_ONLY) == {
        "number", "issuer", "issuer_parent", "signer", "tasks", "recipients", "urgency", "secrecy"
    }
    assert fields.CORE_FIELDS == ("number", "issued_date", "issuer")
