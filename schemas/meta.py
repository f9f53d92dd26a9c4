"""What the record says about each of its fields besides the type: the marker `FieldMeta` a field
of schemas/record.py carries in its `Annotated[...]`, read by schemas/fields.py.

It lives beside the pydantic field so that a new field is declared once, in record.py, with its
label, kind, header membership and evaluation columns (issue #13: a field touches its extractor,
the schema, the gold and a test). It does not change the JSON Schema: pydantic keeps unknown
`Annotated` metadata on the field and leaves it out of the schema.
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


# One evaluation column of a field: (part, compare); part "" is the field itself, "purpose" is
# the column "recipients.purpose" of the field recipients.
Scored = tuple[str, Compare]
VALUE: tuple[Scored, ...] = (("", Compare.VALUE),)
MULTISET: tuple[Scored, ...] = (("", Compare.MULTISET),)


@dataclass(frozen=True)
class FieldMeta:
    label: str  # for the clerk (web), Vietnamese
    kind: Kind
    eval_rank: int  # position in the evaluation table (and in FIELDS), ascending: header first, then the lists
    header: bool = False  # printed in the header or the signature block: "whole-header accuracy" counts it
    dispatch_only: bool = False  # a non-dispatch (a news article) must not carry it: it would be invented
    core: bool = False  # a dispatch without it gets a warning
    scores: tuple[Scored, ...] = ()  # evaluation columns, in table order; () = not scored
