"""The committed JSON Schema matches the models, and the models accept the contract's example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from congvan.schemas.record import Record, json_schema

ROOT = Path(__file__).resolve().parents[1]

CONTRACT_EXAMPLE = {
    "schema_version": "1",
    "source": {"path": "inbox/cv-4515.pdf", "sha256": "a" * 64, "media_type": "application/pdf", "pages": 2,
               "text_origin": "text_layer", "ocr_confidence": 0.91},
    "is_dispatch": True, "document_type": "cong_van", "urgency": None, "secrecy": None,
    "number": "4515/VKSTC-T5", "issued_place": "Hà Nội", "issued_date": "2021-11-09",
    "issuer": "Ban Chỉ đạo công tác tuyên truyền ngành KSND", "issuer_parent": "Viện kiểm sát nhân dân tối cao",
    "subject": "xây dựng báo cáo sơ kết 3 năm thực hiện Quyết định số 596",
    "recipients": [{"name": "Thủ trưởng các đơn vị thuộc VKSND tối cao", "kind": "kinh_gui", "purpose": None}],
    "emails": ["vp_t5@vks.gov.vn"],
    "references": [{"kind": "ke_hoach", "number": "01/KH-VKSTC", "date": "2021-01-05",
                    "text": "Kế hoạch số 01/KH-VKSTC ngày 05/01/2021"}],
    "tasks": [{"text": "Báo cáo … trước ngày 20 tháng 11 năm 2021", "assignees": ["VKSND các cấp"],
               "deadline": {"date": "2021-11-20", "text": "trước ngày 20 tháng 11 năm 2021", "recurrence": None},
               "evidence": {"start": 1830, "end": 2105}}],
    "events": [{"title": "Hội nghị", "start": "2024-11-09T08:00:00", "end": None, "place": "Pleiku",
                "attendees": ["Đồng chí Võ Phiên"], "evidence": {"start": 2210, "end": 2390}}],
    "signer": {"name": "Nguyễn Quang Dũng", "title": "Phó Viện trưởng VKSND tối cao", "authority": "KT",
               "on_behalf_of": "Trưởng Ban Chỉ đạo"},
    "evidence": {"number": {"start": 120, "end": 137}, "issued_date": {"start": 160, "end": 190}},
    "warnings": [],
}


def test_committed_schema_matches_models() -> None:
    committed = json.loads((ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "schema drifted: run `congvan schema > schemas/record.schema.json`"


def test_contract_example_validates() -> None:
    record = Record.model_validate(CONTRACT_EXAMPLE)
    assert record.number == "4515/VKSTC-T5"
    assert record.tasks[0].deadline is not None and record.tasks[0].deadline.date == "2021-11-20"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("number", "Số: 4515/VKSTC-T5", id="number-with-label"),
        pytest.param("issued_date", "09/11/2021", id="date-not-iso"),
        pytest.param("document_type", "cong-van", id="unknown-type"),
        pytest.param("urgency", "khẩn", id="urgency-not-slug"),
        pytest.param("unknown_field", 1, id="extra-field"),
    ],
)
def test_contract_violations_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Record.model_validate({**CONTRACT_EXAMPLE, field: value})


def test_every_field_is_described() -> None:
    schema = json_schema()
    models = {"Record": schema, **schema["$defs"]}
    for name, model in models.items():
        for prop, spec in model.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{prop} has no description"
