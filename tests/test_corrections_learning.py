"""Corrections that teach, end to end with real files through the CLI: a clerk fixes the misspelt
issuer of one ingested document → the next document from that issuer with the same misspelling is
stored spelled as corrected; the corrected document exports as gold and `congvan eval` scores the
extractor's own reading of it against what the clerk fixed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from congvan.cli.main import app
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.tracker import open_store, open_tracker
from congvan.tracker.gold import gold_name
from tests.corpus_halves import in_first
from tests.tracker_fixtures import CORPUS, SEED_000

PRINTED = "TUYÊN TRUYỀN NGÀNH KSND"  # the issuer's second line in 000 (4515/VKSTC-T5)
MISSPELT = "TUYÊN TRUYÊN NGÀNH KSND"  # an OCR slip dropping the grave accent
RIGHT = "BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYỀN NGÀNH KSND"
WRONG = "BAN CHỈ ĐẠO CÔNG TÁC TUYÊN TRUYÊN NGÀNH KSND"

runner = CliRunner()


def cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def misspelt_copy(tmp_path: Path, name: str, number: str) -> Path:
    text = (CORPUS / SEED_000).read_text(encoding="utf-8")
    assert PRINTED in text and "4515 /VKSTC-T5" in text
    path = tmp_path / name
    path.write_text(text.replace(PRINTED, MISSPELT).replace("4515 /VKSTC-T5", f"{number} /VKSTC-T5"), "utf-8")
    return path


def stored_issuer(url: str, path: Path) -> str | None:
    record = process(DocumentInput(path), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None
    with open_store(url) as store:
        doc_id = store.document_id_for(record.source.sha256)
        assert doc_id is not None
        doc = store.document(doc_id)
        assert doc is not None
        return doc.issuer


def test_a_corrected_issuer_spells_the_next_document_and_exports_as_gold(tmp_path: Path) -> None:
    assert in_first(SEED_000)
    url = f"sqlite:///{tmp_path / 'congvan.db'}"
    first = misspelt_copy(tmp_path, "first.txt", "4515")
    second = misspelt_copy(tmp_path, "second.txt", "4602")
    cli("ingest", str(first), "--db", url, "--ocr", "never")
    assert stored_issuer(url, first) == WRONG  # the maintained data does not know this body
    vocabulary = open_tracker(url).vocabulary
    assert not vocabulary.exists()  # nobody corrected a name yet: no file

    with open_store(url) as store:
        [doc] = store.newest_documents(5)
        store.correct_field(doc.id, "issuer", RIGHT, "vanthu")  # as the web page's form does

    # `ingest` brings the vocabulary up to date from the tracker, then extraction reads it
    cli("ingest", str(second), "--db", url, "--ocr", "never")
    assert json.loads(vocabulary.read_text("utf-8"))["names"] == [{"printed": WRONG, "name": RIGHT}]
    assert stored_issuer(url, second) == RIGHT

    gold_dir, pred_dir = tmp_path / "gold", tmp_path / "pred"
    cli("export", "--format", "gold", "--out", str(gold_dir), "--db", url)
    [gold_file] = sorted(gold_dir.glob("*.json"))
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    assert gold["issuer"] == RIGHT and gold["number"] == "4515/VKSTC-T5"
    assert "source" not in gold and "evidence" not in gold
    assert all("evidence" not in t for t in gold["tasks"]) and gold["tasks"]

    # the extractor's own reading of the same bytes, without the local vocabulary
    record = process(DocumentInput(first), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None
    pred_dir.mkdir()
    (pred_dir / gold_name(record.source.sha256)).write_text(record.model_dump_json(), "utf-8")
    report = json.loads(cli("eval", str(gold_dir), str(pred_dir), "--json"))
    assert report["documents"] == 1
    strict = report["fields"]["strict"]
    assert strict["issuer"]["tp"] == 0 and strict["issuer"]["fn"] == 1  # what the clerk fixed
    assert strict["number"]["tp"] == 1  # what the extractor had right
    [mismatches] = report["mismatches"].values()
    assert {"field": "issuer", "gold": RIGHT, "pred": WRONG} in [
        {k: m[k] for k in ("field", "gold", "pred")} for m in mismatches
    ]
