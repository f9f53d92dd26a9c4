"""The record's fields in one place: what each is (one value, a list, a nested object), whether it
belongs to the header, its Vietnamese label for the clerk, and how evaluation scores it.

Extraction (pipeline/extract.py), assembly (pipeline/assemble.py) and evaluation
(evaluation/evaluate.py) read this table instead of writing the field names out; the web reads
`FIELDS[...].label`. The pydantic model (record.py) stays the contract; a test checks that every
field here is a Record field. A new field: one row here, its extractor, its schema field, its gold.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    SCALAR = "scalar"  # one value (str, bool, enum, date)
    LIST = "list"  # a list of values or objects, in text order
    NESTED = "nested"  # one object with parts of its own (the signer)


class Compare(StrEnum):
    """How evaluation compares one scored key of gold and prediction."""

    VALUE = "value"  # one normalised value, strict and soft (evaluate.normalise)
    MULTISET = "multiset"  # a multiset of normalised keys
    TASKS = "tasks"  # tasks paired by text overlap first, then compared part by part


@dataclass(frozen=True)
class Score:
    key: str  # column of the evaluation table: the field, or "field.part"
    compare: Compare


@dataclass(frozen=True)
class FieldSpec:
    name: str  # Record attribute
    kind: Kind
    label: str  # for the clerk (web), Vietnamese
    header: bool  # printed in the header or the signature block: "whole-header accuracy" counts it
    dispatch_only: bool = False  # a non-dispatch (a news article) must not carry it: it would be invented
    core: bool = False  # a dispatch without it gets a warning
    scores: tuple[Score, ...] = ()  # evaluation columns, in table order; () = not scored

    @property
    def is_list(self) -> bool:
        return self.kind is Kind.LIST


def _value(key: str) -> tuple[Score, ...]:
    return (Score(key, Compare.VALUE),)


# In the order of the evaluation table (header first, then the lists).
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("document_type", Kind.SCALAR, "Loại văn bản", True, scores=_value("document_type")),
    FieldSpec("is_dispatch", Kind.SCALAR, "Là văn bản hành chính", True, scores=_value("is_dispatch")),
    FieldSpec("urgency", Kind.SCALAR, "Độ khẩn", True, dispatch_only=True, scores=_value("urgency")),
    FieldSpec("secrecy", Kind.SCALAR, "Độ mật", True, dispatch_only=True, scores=_value("secrecy")),
    FieldSpec("number", Kind.SCALAR, "Số, ký hiệu", True, dispatch_only=True, core=True, scores=_value("number")),
    FieldSpec("issued_place", Kind.SCALAR, "Địa danh", True, scores=_value("issued_place")),
    FieldSpec("issued_date", Kind.SCALAR, "Ngày ban hành", True, core=True, scores=_value("issued_date")),
    FieldSpec("issuer", Kind.SCALAR, "Cơ quan ban hành", True, dispatch_only=True, core=True, scores=_value("issuer")),
    FieldSpec(
        "issuer_parent", Kind.SCALAR, "Cơ quan chủ quản", True, dispatch_only=True, scores=_value("issuer_parent")
    ),
    FieldSpec("subject", Kind.SCALAR, "Trích yếu", True, scores=_value("subject")),
    FieldSpec(
        "signer",
        Kind.NESTED,
        "Người ký",
        True,
        dispatch_only=True,
        scores=tuple(Score(f"signer.{part}", Compare.VALUE) for part in ("name", "title", "authority", "on_behalf_of")),
    ),
    FieldSpec(
        "recipients",
        Kind.LIST,
        "Nơi nhận",
        False,
        dispatch_only=True,
        scores=(Score("recipients", Compare.MULTISET), Score("recipients.purpose", Compare.MULTISET)),
    ),
    FieldSpec("archive_copies", Kind.LIST, "Lưu", False),
    FieldSpec("emails", Kind.LIST, "Thư điện tử", False, scores=(Score("emails", Compare.MULTISET),)),
    FieldSpec("references", Kind.LIST, "Văn bản được dẫn", False, scores=(Score("references", Compare.MULTISET),)),
    FieldSpec(
        "tasks",
        Kind.LIST,
        "Nhiệm vụ",
        False,
        dispatch_only=True,
        scores=(
            Score("tasks", Compare.TASKS),
            Score("tasks.assignees", Compare.TASKS),
            Score("tasks.deadline", Compare.TASKS),
            Score("tasks.deadline.all", Compare.MULTISET),
        ),
    ),
    FieldSpec("events", Kind.LIST, "Cuộc họp, sự kiện", False, scores=(Score("events", Compare.MULTISET),)),
)

BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}


def field(name: str) -> FieldSpec:
    return BY_NAME[name]


def names(*, kind: Kind | None = None, header: bool | None = None) -> tuple[str, ...]:
    """Field names in table order, filtered by kind and/or header."""
    return tuple(
        f.name for f in FIELDS if (kind is None or f.kind is kind) and (header is None or f.header is header)
    )


LIST_FIELDS: frozenset[str] = frozenset(names(kind=Kind.LIST))
DISPATCH_ONLY: tuple[str, ...] = tuple(f.name for f in FIELDS if f.dispatch_only)
CORE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.core)
LABELS: dict[str, str] = {f.name: f.label for f in FIELDS}


def scored(*, header: bool) -> tuple[Score, ...]:
    """The evaluation columns of the header fields (header=True) or of the others, in table order."""
    return tuple(s for f in FIELDS if f.header is header for s in f.scores)
