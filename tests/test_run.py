"""The orchestrator turns every failure into a result, and the assembler never loses a record
to one bad value (fault injection with stand-in stages, as OCRmyPDF's tests do)."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.extractors.base import Candidate, Extraction, HandRead
from congvan.pipeline import run
from congvan.pipeline.assemble import assemble
from congvan.pipeline.document import DocumentText, PageText, SourceFile
from congvan.pipeline.extract import ExtractorSpec, run_extractors
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.result import RECORD_STATUS, Status
from congvan.pipeline.settings import Settings
from congvan.schemas.record import RecordStatus, TextOrigin

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"


def test_an_unexpected_error_in_a_stage_becomes_a_failed_result(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_text_stage(source: SourceFile, settings: Settings) -> DocumentText:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(run, "acquire_text", broken_text_stage)
    result = run.process(DocumentInput(DOCS / "039.txt"), Settings())
    assert result.status is Status.FAILED
    assert result.record is None
    assert result.stage == "pipeline" and "disk on fire" in (result.reason or "")


def test_a_crashing_extractor_becomes_a_warning_not_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    import congvan.extractors.number

    def crash(text: str, context: object) -> Extraction:
        raise ZeroDivisionError("odd text")

    monkeypatch.setattr(congvan.extractors.number, "extract", crash)
    result = run.process(DocumentInput(DOCS / "039.txt"), Settings())
    assert result.status is Status.PARTIAL and result.record is not None
    assert result.record.number is None
    assert any(w.startswith("Bộ trích number gặp lỗi") for w in result.record.warnings)
    assert result.record.issued_date == "2024-12-17"  # the other fields survive


def test_candidates_for_fields_an_extractor_does_not_own_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    import congvan.extractors.marks

    def overreach(text: str, context: object) -> Extraction:
        return Extraction((Candidate("number", "999/XX", 0, 1, "marks.bogus"),))

    monkeypatch.setattr(congvan.extractors.marks, "extract", overreach)
    extraction = run_extractors("Số: 12/UBND", specs=(ExtractorSpec("marks", ("urgency", "secrecy")),))
    assert extraction.all("number") == []


def _source() -> SourceFile:
    return SourceFile(path=Path("x.txt"), data=b"x", sha256="0" * 64, media_type="text/plain")


def test_a_value_that_breaks_the_contract_is_dropped_with_a_warning() -> None:
    text = DocumentText((PageText(1, "Số: 12/UBND ngày 32/13/2024", TextOrigin.PLAIN_TEXT),))
    extraction = Extraction(
        (
            Candidate("number", "12/UBND", 4, 11, "t"),
            Candidate("issued_date", "2024-13-32x", 12, 27, "t"),
            Candidate("document_type", "cong_van", 0, 0, "t"),
        )
    )
    record = assemble(_source(), text, extraction, "test")
    assert record.number == "12/UBND"
    assert record.issued_date is None
    assert any(w.startswith("Ngày ban hành: ") for w in record.warnings)
    assert record.evidence["number"].page == 1


def test_a_news_article_carries_no_dispatch_fields() -> None:
    text = DocumentText((PageText(1, "Tin tức ...", TextOrigin.PLAIN_TEXT),))
    extraction = Extraction(
        (
            Candidate("is_dispatch", False, 0, 0, "t"),
            Candidate("number", "14/KH", 0, 5, "t"),
            Candidate("emails", "A@B.VN", 0, 5, "t"),
        )
    )
    record = assemble(_source(), text, extraction, "test")
    assert record.number is None and record.emails == ["a@b.vn"]


def test_a_result_with_a_record_carries_the_records_status_and_failed_has_none() -> None:
    assert set(RECORD_STATUS) == set(RecordStatus)
    assert {s.value for s in RECORD_STATUS.values()} | {Status.FAILED.value} == {s.value for s in Status}
    assert {r.value for r in RecordStatus} - {"complete"} == {s.value for s in Status} - {"success", "failed"}


# The header of 006 as the OCR stage hands it on, the handwritten number patched in.
SCANNED_HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: {digits} /UBND-TTHC\nV/v tổ chức hội nghị\n\n"
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Quảng Ngãi, ngày 15 tháng 01 năm 2025\n\nKính gửi: Sở Tài chính.\n"
)


@pytest.mark.parametrize(
    ("hand", "number", "warning"),
    [
        pytest.param(HandRead("number", "1571", "157"), None, "để trống", id="reads-disagree-null"),
        pytest.param(HandRead("number", "299", None, page_text="899"), "299/UBND-TTHC", None, id="page-blind"),
        pytest.param(
            HandRead("number", "8532", None, confidence=0.79, source="classifier"),
            None,
            "chỉ một bộ đọc",
            id="one-reader-unsure-null",
        ),
        pytest.param(
            HandRead("number", "575", None, confidence=0.98, source="classifier"),
            "575/UBND-TTHC",
            None,
            id="one-reader-sure",
        ),
        pytest.param(
            HandRead("number", "24", None, confidence=0.5, source="tesseract+classifier"),
            "24/UBND-TTHC",
            None,
            id="two-readers-agree",
        ),
    ],
)
def test_the_ocr_stage_handwritten_reads_reach_the_number_extractor(
    monkeypatch: pytest.MonkeyPatch, hand: HandRead, number: str | None, warning: str | None
) -> None:
    def scanned(source: SourceFile, settings: Settings) -> DocumentText:
        page = PageText(1, SCANNED_HEADER.format(digits=hand.digits), TextOrigin.OCR, handwritten=(hand,))
        return DocumentText((page,))

    monkeypatch.setattr(run, "acquire_text", scanned)
    record = run.process(DocumentInput(DOCS / "039.txt"), Settings()).record
    assert record is not None and record.number == number
    crossed = [w for w in record.warnings if "viết tay" in w]
    assert (warning is None and not crossed) or any(warning in w for w in crossed)
