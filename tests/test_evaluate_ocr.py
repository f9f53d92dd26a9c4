"""`congvan eval` reports OCR character error rate on pages with a human transcription (030)."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.evaluation.evaluate_ocr import cer_table, ocr_cer, total, transcriptions
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.settings import Settings

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_transcriptions_are_found_by_name() -> None:
    found = transcriptions(CORPUS / "labels")
    assert sorted(found["030"]) == [1, 2]


@pytest.mark.slow
@pytest.mark.ocr
def test_030_character_error_rate_is_below_five_percent_after_repair() -> None:
    doc = DocumentInput(CORPUS / "docs" / "030.jpg", (CORPUS / "docs" / "030_p2.jpg",))
    rows = ocr_cer([doc], CORPUS / "labels", Settings())
    assert [(r.document, r.page) for r in rows] == [("030", 1), ("030", 2)]
    assert total(rows, repaired=True).cer < 0.05
    assert total(rows, repaired=True).errors <= total(rows, repaired=False).errors
    assert "030 page 1" in cer_table(rows)
