"""Issue #2's bar: every header field of the five seeds equals its gold, on the text files and on
their text-layer PDF and DOCX renderings (the same content through each text path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
SEEDS = sorted(p.stem for p in (CORPUS / "docs").glob("0*_*.txt"))
HEADER_FIELDS = (
    "is_dispatch", "document_type", "urgency", "secrecy", "number", "issued_place", "issued_date",
    "issuer", "issuer_parent", "subject",
)
SIGNER_FIELDS = ("name", "title", "authority", "on_behalf_of")


def comparable(value: object) -> object:
    if isinstance(value, str):
        text = " ".join(value.split()).lower()
        for lead in ("v/v ", "về việc "):
            text = text.removeprefix(lead)
        return text
    return value


@pytest.mark.parametrize(
    "doc",
    [
        pytest.param(f"{stem}{suffix}", id=f"{stem[:3]}{suffix.split('.')[0] or '-txt'}")
        for stem in SEEDS
        for suffix in (".txt", "-pdf.pdf", "-docx.docx")
    ],
)
def test_seed_header_fields_equal_gold(doc: str) -> None:
    path = CORPUS / "docs" / doc
    gold = json.loads((CORPUS / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
    result = process(DocumentInput(path), Settings(ocr=OcrMode.NEVER))
    assert result.record is not None, result.reason
    record = result.record.model_dump(mode="json")
    got = {f: comparable(record[f]) for f in HEADER_FIELDS}
    want = {f: comparable(gold[f]) for f in HEADER_FIELDS}
    if gold["signer"]:
        got.update({f"signer.{f}": comparable((record["signer"] or {}).get(f)) for f in SIGNER_FIELDS})
        want.update({f"signer.{f}": comparable(gold["signer"][f]) for f in SIGNER_FIELDS})
    assert got == want
