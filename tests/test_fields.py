"""The field table (schemas/fields.py) is the record's field list for extraction, assembly and
evaluation: it names exactly the record's fields and the extractors assign exactly its fields."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from congvan.evaluation import evaluate
from congvan.pipeline.extract import EXTRACTORS
from congvan.schemas import fields
from congvan.schemas.fields import FIELDS, Compare, Kind
from congvan.schemas.meta import FieldMeta
from congvan.schemas.record import Record

# Record attributes that are not read from the text (no FieldMeta): provenance and bookkeeping.
META = {"schema_version", "source", "evidence", "warnings", "status", "extractor_version", "needs_review"}


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


# ------------------------------------------------- where a field is written out (issue #13)

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("pipeline", "extractors", "schemas", "tracker", "evaluation", "operations", "web", "cli", "congvan")


def named_in(path: Path) -> set[str]:
    """Identifiers and whole string literals of a module's code; comments are not code, and a
    docstring never equals a bare field name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(node.name)
        elif isinstance(node, ast.arg) or isinstance(node, ast.keyword) and node.arg:
            found.add(node.arg)
        elif isinstance(node, ast.alias):
            found.update(node.name.split(".") + ([node.asname] if node.asname else []))
    return found


def files_naming(name: str) -> set[str]:
    return {
        str(path.relative_to(ROOT))
        for room in ROOMS
        for path in sorted((ROOT / room).rglob("*.py"))
        if name in named_in(path)
    }


def test_a_plain_field_is_written_out_only_by_its_extractor_and_the_record() -> None:
    # emails is the simplest field: no other field reads it, no special scoring. A registry line,
    # a field-table row or a label elsewhere would show up here.
    assert files_naming("emails") == {
        "extractors/emails.py",  # the extractor, with its SPEC
        "schemas/record.py",  # the field, with its FieldMeta
        "pipeline/assemble.py",  # its own rule: addresses de-duplicated case-insensitively
    }


def test_the_scan_sees_a_field_written_out() -> None:
    # the scan is not blind: subject is read by events (requires) and scored by its own rule
    assert {"extractors/subject.py", "extractors/events.py", "evaluation/evaluate.py"} <= files_naming("subject")
    assert "number" not in named_in(ROOT / "extractors" / "emails.py")


# String literals naming a Record field that the generic stages may write out, with the reason.
# Anything else there must come from the field table (schemas/fields.py) or the extractors' SPECs.
ALLOWED_LITERALS: dict[str, dict[str, str]] = {
    "pipeline/extract.py": {
        "issued_date": "extractors that require it get it parsed as Context.issued_date",
    },
    "evaluation/evaluate.py": {
        "issued_date": "dates compared without spaces",
        "subject": "a subject is compared without its 'V/v' label",
        "number": "numbers compared by their own normal form; references keyed by number",
        "recipients": "recipients keyed by name and kind",
        "references": "references keyed by their number",
        "events": "events keyed by their start",
        "tasks": "tasks paired by text overlap (Compare.TASKS)",
    },
}


@pytest.mark.parametrize("module", sorted(ALLOWED_LITERALS))
def test_the_generic_stages_write_out_no_other_field(module: str) -> None:
    record_fields = set(Record.model_fields)
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    literals = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in record_fields
    }
    assert literals <= set(ALLOWED_LITERALS[module]), sorted(literals - set(ALLOWED_LITERALS[module]))


def test_the_table_is_derived_from_the_record_in_rank_order() -> None:
    ranks = [meta.eval_rank for f in FIELDS for meta in Record.model_fields[f.name].metadata
             if isinstance(meta, FieldMeta)]
    assert ranks == sorted(ranks) and len(ranks) == len(FIELDS)
    assert fields.names()[:2] == ("document_type", "is_dispatch")  # table order, not the model's
