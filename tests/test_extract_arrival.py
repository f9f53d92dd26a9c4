"""The receiving stamp (extractors/arrival.py) on stamp texts as OCR leaves them in the page text."""

from __future__ import annotations

from datetime import date

import pytest

from congvan.extractors.arrival import extract
from congvan.extractors.base import Context
from congvan.extractors.vocab import load_table
from congvan.pipeline.extract import run_extractors

HEADER = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 07 /CT-UBND\nQuảng Ngãi, ngày 20 tháng 3 năm 2018\nCHỈ THỊ\n"
ISSUED = date(2018, 3, 20)


def test_the_stamp_vocabulary_loads() -> None:
    table = load_table("arrival_stamps")
    assert "CV ĐẾN" in table["headings"] and table["alone_only"] == ["ĐẾN"]


@pytest.mark.parametrize(
    ("stamp", "number", "arrived"),
    [
        pytest.param("CV\nĐẾN\nSố: 2352\nNgày: 21.3.18\nChuyển:", "2352", "2018-03-21", id="011-cv-den-two-lines"),
        pytest.param("CV ĐẾN Số: 2352 Ngày: 21/3/2018", "2352", "2018-03-21", id="cv-den-one-line"),
        pytest.param("CÔNG VĂN ĐẾN\nSố: 118\nNgày: 02/4/2018", "118", "2018-04-02", id="cong-van-den"),
        pytest.param("CONG VAN DEN\nSo: 0045\nNgay: 5-4-18", "45", "2018-04-05", id="no-diacritics-leading-zero"),
        pytest.param("VĂN BẢN ĐẾN\nSố: 77\nNgày: 22/3", "77", "2018-03-22", id="year-from-issued-date"),
        pytest.param("ĐẾN\nSố: 9\nNgày 23/3/18", "9", "2018-03-23", id="den-alone-on-its-line"),
        pytest.param("CÔNG VĂN ĐẾN\nSố: 2352\nNgày: ......", "2352", None, id="date-left-empty"),
        pytest.param("CÔNG VĂN ĐẾN\nSố: ......\nNgày: 21/3/18", None, "2018-03-21", id="number-left-empty"),
        pytest.param("CÔNG VĂN ĐẾN  Số: 1O52\nNgày: 21/3/2018", "1052", "2018-03-21", id="other-tool-ocr-o-for-0"),
        pytest.param("CV ĐẾN\nSố: 3l6  Ngày: 21/3/2018", "316", "2018-03-21", id="other-tool-ocr-l-for-1"),
    ],
)
def test_stamp_number_and_date(stamp: str, number: str | None, arrived: str | None) -> None:
    text = HEADER + stamp + "\nVề việc tăng cường công tác thi hành án hành chính\n"
    result = extract(text, Context(issued_date=ISSUED))
    assert len(result.candidates) == 1
    value = result.candidates[0].value
    assert (value["number"], value["date"]) == (number, arrived)
    ev = value["evidence"]
    assert text[ev["start"] : ev["end"]].startswith(stamp.split()[0]) and 0 < value["confidence"] <= 0.7


def test_a_day_without_year_in_january_after_a_december_issue_is_next_year() -> None:
    text = "CÔNG VĂN ĐẾN\nSố: 3\nNgày: 04/01\n"
    value = extract(text, Context(issued_date=date(2024, 12, 28))).candidates[0].value
    assert value["date"] == "2025-01-04"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("CÔNG VĂN ĐẾN\nSố: ......\nNgày: ......\nChuyển: ......", id="empty-stamp"),
        pytest.param("Báo cáo gửi đến Sở trước ngày 21/3/2018, số: 15 đơn vị.", id="den-in-prose"),
        pytest.param("CÔNG VĂN ĐẾN\nỦY BAN NHÂN DÂN\nSố: 07/CT-UBND\n", id="the-documents-own-number"),
        pytest.param("lmà|š Ị số: _\nĐE\n", id="011-as-ocr-garbles-it"),
        pytest.param("", id="nothing"),
    ],
)
def test_no_stamp_read(text: str) -> None:
    assert extract(text, Context(issued_date=ISSUED)).candidates == ()


def test_arrival_before_issue_is_doubtful() -> None:
    result = extract("CV ĐẾN Số: 12 Ngày: 01/02/2018", Context(issued_date=ISSUED))
    assert result.candidates[0].confidence == 0.3
    assert result.warnings == ("Dấu đến: ngày đến ghi trên dấu sớm hơn ngày ban hành; hãy kiểm tra.",)


def test_the_pipeline_reads_the_stamp_with_the_issued_date() -> None:
    extraction = run_extractors(HEADER + "CV ĐẾN\nSố: 2352\nNgày: 21/3\n")
    best = extraction.best("arrival")
    assert best is not None and best.value["date"] == "2018-03-21" and best.value["number"] == "2352"


# ---- the line the OCR stage writes for a stamp it read apart (pipeline/ocr/receiving.py) -------


def test_a_stamp_read_apart_gives_number_date_and_confidence() -> None:
    text = HEADER + "…\n\n[Dấu đến] Số: 2352 | Ngày: 21/3/18 | tin cậy 0.86\n"
    result = extract(text, Context(issued_date=ISSUED))
    (candidate,) = result.candidates
    assert candidate.value["number"] == "2352" and candidate.value["date"] == "2018-03-21"
    assert candidate.confidence == candidate.value["confidence"] == 0.86
    assert text[candidate.start : candidate.end].startswith("[Dấu đến] Số: 2352")
    assert result.warnings == ()


def test_unread_handwriting_is_null_with_a_warning_never_a_guess() -> None:
    result = extract(HEADER + "[Dấu đến] Số: ? | Ngày: 21/3/18 | tin cậy 0.85", Context(issued_date=ISSUED))
    (candidate,) = result.candidates
    assert candidate.value["number"] is None and candidate.value["date"] == "2018-03-21"
    assert result.warnings == ("Dấu đến: có dấu đến nhưng không đọc được số đến viết tay; hãy nhập theo bản giấy.",)


def test_a_stamp_with_nothing_legible_gives_no_value_and_says_so() -> None:
    # the page OCR's own garbling of the stamp ("CV ĐẾN Số: 7") must not be read instead
    text = HEADER + "CV ĐẾN\nSố: 7\n\n[Dấu đến] Số: ? | Ngày: ? | tin cậy 0.00"
    result = extract(text, Context(issued_date=ISSUED))
    assert result.candidates == ()
    assert result.warnings == (
        "Dấu đến: có dấu đến nhưng không đọc được số đến và ngày đến viết tay; hãy nhập theo bản giấy.",
    )
