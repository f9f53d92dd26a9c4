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
        "arrival",
        Kind.NESTED,
        "Số đến, ngày đến (dấu đến)",
        True,
        scores=tuple(Score(f"arrival.{part}", Compare.VALUE) for part in ("number", "date")),
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


# The type's name for the clerk (page titles, the sổ đến's "trích yếu" column). `other` is a
# type the reader did not recognise: it has no printed title of its own to show.
DOC_TYPE_LABELS: dict[str, str] = {
    "nghi_quyet": "Nghị quyết",
    "quyet_dinh": "Quyết định",
    "chi_thi": "Chỉ thị",
    "quy_che": "Quy chế",
    "quy_dinh": "Quy định",
    "thong_cao": "Thông cáo",
    "thong_bao": "Thông báo",
    "huong_dan": "Hướng dẫn",
    "chuong_trinh": "Chương trình",
    "ke_hoach": "Kế hoạch",
    "phuong_an": "Phương án",
    "de_an": "Đề án",
    "du_an": "Dự án",
    "bao_cao": "Báo cáo",
    "bien_ban": "Biên bản",
    "to_trinh": "Tờ trình",
    "hop_dong": "Hợp đồng",
    "cong_van": "Công văn",
    "cong_dien": "Công điện",
    "ban_ghi_nho": "Bản ghi nhớ",
    "ban_thoa_thuan": "Bản thỏa thuận",
    "giay_uy_quyen": "Giấy ủy quyền",
    "giay_moi": "Giấy mời",
    "giay_gioi_thieu": "Giấy giới thiệu",
    "giay_nghi_phep": "Giấy nghỉ phép",
    "phieu_gui": "Phiếu gửi",
    "phieu_chuyen": "Phiếu chuyển",
    "phieu_bao": "Phiếu báo",
    "thu_cong": "Thư công",
    "other": "Văn bản khác",
}


def doc_type_label(slug: str | None) -> str:
    """"Công văn" for cong_van; an unknown or missing slug is "Không rõ loại" (never another type's name)."""
    return DOC_TYPE_LABELS.get(slug or "", "Không rõ loại")


# A warning that questions one field starts with the field's label ("Ngày ban hành: ngày viết tay
# 15 khác ngày ký số 16"): it reads whole on its own (CLI, JSON), and the web shows it next to the
# field. Warnings about the whole document or a page have no such prefix.
BY_LABEL: dict[str, str] = {label: name for name, label in LABELS.items()}


def field_warning(field: str, text: str) -> str:
    return f"{LABELS.get(field, field)}: {text}"


def warning_field(warning: str) -> tuple[str | None, str]:
    """(the field a warning questions, or None; the warning without its field prefix)."""
    label, sep, rest = warning.partition(": ")
    if sep and label in BY_LABEL:
        return BY_LABEL[label], rest
    return None, warning


def page_warning(page: int, warning: str) -> str:
    """A page's warning, the page named: "Trang 2: …"; a field's warning keeps its field first
    ("Số, ký hiệu: trang 1: chữ số viết tay đọc là 575")."""
    name, rest = warning_field(warning)
    if name is not None:
        return field_warning(name, f"trang {page}: {rest}")
    return f"Trang {page}: {warning}"
