"""The record's fields in one place: what each is (one value, a list, a nested object), whether it
belongs to the header, its Vietnamese label for the clerk, and how evaluation scores it.

Extraction (pipeline/extract.py), assembly (pipeline/assemble.py) and evaluation
(evaluation/evaluate.py) read this table instead of writing the field names out; the web reads
`FIELDS[...].label`. The table is derived from the pydantic model (record.py): every Record field
read from the text carries a `FieldMeta` (schemas/meta.py) with these facts. A new field: its
extractor, its Record field with its FieldMeta, its gold, its test; nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass

from congvan.schemas.meta import Compare, FieldMeta, Kind
from congvan.schemas.record import Record

__all__ = ["FIELDS", "Compare", "FieldSpec", "Kind", "Score"]


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


def _spec(name: str, meta: FieldMeta) -> FieldSpec:
    return FieldSpec(
        name,
        meta.kind,
        meta.label,
        meta.header,
        dispatch_only=meta.dispatch_only,
        core=meta.core,
        scores=tuple(Score(f"{name}.{part}" if part else name, compare) for part, compare in meta.scores),
    )


def _from_record() -> tuple[FieldSpec, ...]:
    """Every Record field that carries a FieldMeta, in evaluation-table order (`eval_rank`)."""
    marked = [
        (meta, name)
        for name, info in Record.model_fields.items()
        for meta in info.metadata
        if isinstance(meta, FieldMeta)
    ]
    ranks = [meta.eval_rank for meta, _ in marked]
    if len(set(ranks)) != len(ranks):
        raise ValueError(f"two Record fields share an eval_rank: {sorted(ranks)}")
    return tuple(_spec(name, meta) for meta, name in sorted(marked, key=lambda pair: pair[0].eval_rank))


# In the order of the evaluation table (header first, then the lists).
FIELDS: tuple[FieldSpec, ...] = _from_record()

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
