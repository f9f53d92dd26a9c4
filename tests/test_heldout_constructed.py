"""The blind constructed sets (tests/fixtures/heldout): their gold keeps the contract, and the sets
whose misses were fixed by class (1, 6, 8, 10, 12, 14, 16, 18, 20, 22, 30, 32, 34) stay read as they are
now.
Set 2 and the odd sets from 5 to 47 are never tuned on, so their scores are reported (README), not
asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from congvan.evaluation import evaluate as ev
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from tests.test_corpus import as_record, load_checker

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"
GOLDS = sorted(HELDOUT.glob("set*/gold/*.json"))


@pytest.mark.parametrize("path", GOLDS, ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_heldout_gold_keeps_the_contract(path: Path) -> None:
    assert load_checker().problems(as_record(json.loads(path.read_text(encoding="utf-8")))) == []


@pytest.mark.parametrize(
    ("name", "size"),
    [("set1", 12), ("set2", 12), ("set3", 10), ("set4", 10), ("set5", 12), ("set6", 12), ("set7", 12),
     ("set8", 12), ("set9", 12), ("set10", 10), ("set11", 10), ("set12", 10), ("set13", 10),
     ("set14", 10), ("set15", 10), ("set16", 7), ("set17", 10),
     ("set18", 12), ("set19", 12), ("set20", 10), ("set21", 10),
     ("set22", 10), ("set23", 10), ("set30", 10), ("set31", 10), ("set32", 10), ("set33", 10),
     ("set34", 8), ("set35", 8), ("set36", 10), ("set37", 10),
     ("set38", 10), ("set39", 10), ("set40", 10), ("set41", 10),
     ("set42", 10), ("set43", 10), ("set44", 10), ("set45", 10), ("set46", 10), ("set47", 10)],
)
def test_every_set_holds_its_documents_with_gold(name: str, size: int) -> None:
    docs = sorted(p.stem for p in (HELDOUT / name / "docs").glob("*.*"))
    assert len(docs) == size
    assert docs == sorted(p.stem for p in (HELDOUT / name / "gold").glob("*.json"))


@pytest.fixture(scope="module")
def set1_report(tmp_path_factory: pytest.TempPathFactory) -> ev.Report:
    settings = Settings(ocr=OcrMode.NEVER, cache_dir=tmp_path_factory.mktemp("cache"))
    pairs = []
    for doc in sorted((HELDOUT / "set1" / "docs").glob("*.txt")):
        result = process(DocumentInput(doc), settings)
        assert result.record is not None, result.reason
        gold = json.loads((HELDOUT / "set1" / "gold" / f"{doc.stem}.json").read_text(encoding="utf-8"))
        pairs.append((doc.stem, gold, result.record.model_dump(mode="json")))
    return ev.score(pairs)


def test_set1_reads_every_header_whole(set1_report: ev.Report) -> None:
    # before its misses were fixed by class: 9 of 12 (the signer's name on a Nơi nhận line)
    assert set1_report.header_accuracy("strict") == (12, 12)


def test_set1_tasks_and_their_deadlines(set1_report: ev.Report) -> None:
    # blind: tasks P/R 0.92/0.94, deadlines 24 of 28
    tasks, deadlines = set1_report.totals["strict"]["tasks"], set1_report.totals["strict"]["tasks.deadline"]
    assert (tasks.fp, tasks.fn) == (0, 0)
    assert (deadlines.fp, deadlines.fn) == (0, 0)


def _report(name: str, cache: Path) -> ev.Report:
    settings = Settings(ocr=OcrMode.NEVER, cache_dir=cache)
    pairs = []
    for doc in sorted((HELDOUT / name / "docs").glob("*.*")):
        result = process(DocumentInput(doc), settings)
        assert result.record is not None, result.reason
        gold = json.loads((HELDOUT / name / "gold" / f"{doc.stem}.json").read_text(encoding="utf-8"))
        pairs.append((doc.stem, gold, result.record.model_dump(mode="json")))
    return ev.score(pairs)


@pytest.mark.parametrize(
    ("name", "least", "headers"),
    [
        # blind: tasks P/R 0.71/0.90, whole headers 5 of 12; fixed: 1.00/0.98, 8
        pytest.param("set6", (0.97, 0.95), 8, id="set6-guidance-answers-reports"),
        # blind: tasks P/R 0.80/0.81, whole headers 4 of 12; fixed: 0.96/0.97, 8
        pytest.param("set8", (0.94, 0.95), 8, id="set8-ocr-party-bank-court"),
        # blind: tasks P/R 0.89/0.97, whole headers 8 of 10 (DOCX and text-layer PDF files); fixed:
        # 0.91/0.98, 9
        pytest.param("set10", (0.90, 0.95), 9, id="set10-docx-and-pdf-files"),
        # blind: tasks P/R 0.83/0.97, whole headers 10 of 10 (Chromium-printed PDFs of answer
        # letters quoting the law, a report, a plan with a ruled table); fixed: 0.94/1.00, 10
        pytest.param("set12", (0.93, 0.97), 10, id="set12-printed-answer-letters"),
        # blind: tasks P/R 0.97/0.71, whole headers 7 of 10 (printed bundles, tables and forms: a
        # task table whose narrow header cells wrap was never looked for); fixed: 0.98/1.00, 9
        pytest.param("set14", (0.97, 0.98), 9, id="set14-printed-bundles-tables-forms"),
        # blind: tasks P/R 0.94/0.86, whole headers 4 of 7 (Word documents exported by LibreOffice:
        # a subject running into the body or a công điện's formula, "sở , ban"); fixed: 0.94/0.86, 6
        pytest.param("set16", (0.93, 0.85), 6, id="set16-word-processor-pdfs"),
        # blind: tasks P/R 0.84/1.00, whole headers 10 of 12 (short word-processor PDFs of many
        # issuers); fixed: 0.90/1.00, 11
        pytest.param("set18", (0.89, 0.99), 11, id="set18-short-letters-headers"),
        # blind: tasks P/R 0.93/0.98, whole headers 9 of 10 (Word files: numbering.xml, text boxes,
        # tracked changes, merged table cells); fixed: 0.93/0.98, 10
        pytest.param("set20", (0.92, 0.97), 10, id="set20-word-files"),
        # blind: tasks P/R 0.86/0.84, whole headers 2 of 10 (crawled copies of legal-text websites:
        # header, foot and points run together on one line); fixed: 0.91/0.98, 8
        pytest.param("set30", (0.90, 0.97), 8, id="set30-crawled-run-on-texts"),
        # blind: tasks P/R 0.85/0.70, whole headers 8 of 10 (timeline tables without a lead column,
        # performer cells merged over rows, "Bộ phận / người thực hiện", wrapped header words, an
        # italic place run together); fixed: 0.99/1.00, 10
        pytest.param("set32", (0.98, 0.99), 10, id="set32-timeline-tables"),
        # blind: tasks P/R 0.63/0.75, whole headers 4 of 8 (long guidance: rating criteria and a
        # procedure's steps read as duties; the party line beside the issuer, box-drawn rules);
        # fixed: 0.77/0.75, 8
        pytest.param("set34", (0.76, 0.74), 8, id="set34-long-guidance"),
    ],
)
def test_sets_fixed_by_class_keep_their_tasks_and_headers(
    name: str, least: tuple[float, float], headers: int, tmp_path: Path
) -> None:
    report = _report(name, tmp_path)
    tasks = report.totals["strict"]["tasks"]
    assert tasks.precision is not None and tasks.recall is not None
    assert tasks.precision >= least[0] and tasks.recall >= least[1]
    assert report.header_accuracy("strict")[0] >= headers


def test_a_word_processors_foot_table_gives_every_recipient(tmp_path: Path) -> None:
    # set 12 blind: recipients recall 0.70, the Nơi nhận list cut where an entry wrapped beside the
    # larger signature title (pipeline.layout: each column keeps its own line heights)
    recipients = _report("set12", tmp_path).totals["strict"]["recipients"]
    assert (recipients.fp, recipients.fn) == (0, 0)
