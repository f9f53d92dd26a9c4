"""The `congvan` command line, run as a real subprocess on real corpus files."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from congvan.errors import ExitCode
from tests.corpus_halves import HALVES, in_first

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "corpus" / "docs"
GOLD = ROOT / "corpus" / "gold"

_spec = importlib.util.spec_from_file_location("check_record", ROOT / "tests" / "tools" / "check_record.py")
assert _spec and _spec.loader
check_record = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_record)


def congvan(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "congvan", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_help_lists_the_verbs() -> None:
    result = congvan("--help")
    assert result.returncode == 0
    for verb in ("extract", "schema", "eval"):
        assert verb in result.stdout


def test_schema_verb_prints_the_committed_schema() -> None:
    result = congvan("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == json.loads((ROOT / "schemas" / "record.schema.json").read_text("utf-8"))


def test_extract_prints_json_lines_that_pass_the_contract_checker() -> None:
    result = congvan("extract", str(DOCS / "039.txt"), str(DOCS / "000_e566c0ecd86c5a3b.txt"))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["source"]["path"]).name for r in records] == ["039.txt", "000_e566c0ecd86c5a3b.txt"]
    for record in records:
        assert check_record.problems(record) == []
    assert records[0]["number"] == "7991/BGDĐT-GDTrH"


def test_a_bad_file_fails_alone_and_the_run_goes_on(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(DOCS / "003.pdf", inbox / "003.pdf")
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "truncated.pdf").write_bytes((DOCS / "016.pdf").read_bytes()[:5000])
    before = {p.name: p.read_bytes() for p in inbox.iterdir()}
    out = tmp_path / "out"
    result = congvan("extract", str(inbox), "--out", str(out), "--ocr", "never")
    assert result.returncode == ExitCode.FAILED  # two files failed, for different reasons
    errors = [line for line in result.stderr.splitlines() if "FAILED" in line]
    assert len(errors) == 2 and all(len(e) < 300 for e in errors)
    assert any("empty.pdf" in e and "empty" in e.split("FAILED", 1)[1] for e in errors)
    assert sorted(p.name for p in out.iterdir()) == ["003.json"]
    record = json.loads((out / "003.json").read_text("utf-8"))
    assert check_record.problems(record) == []
    assert {p.name: p.read_bytes() for p in inbox.iterdir()} == before  # inputs never modified


def test_a_run_exits_with_the_code_of_its_failures(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "truncated.pdf").write_bytes((DOCS / "016.pdf").read_bytes()[:5000])
    alone = congvan("extract", str(tmp_path / "empty.pdf"))
    assert alone.returncode == ExitCode.EMPTY_FILE == 10 and alone.stdout == ""
    # one bad file among good ones: its own code, and the good record still printed
    mixed = congvan("extract", str(tmp_path / "truncated.pdf"), str(DOCS / "039.txt"), "--ocr", "never")
    assert mixed.returncode == ExitCode.CORRUPT_FILE == 12 and len(mixed.stdout.splitlines()) == 1
    missing = congvan("extract", str(tmp_path / "no-such.pdf"))
    assert missing.returncode == ExitCode.USAGE == 2 and "no such file" in missing.stderr


FIRST_DOCS = [p.name for p in sorted(DOCS.iterdir()) if "_p" not in p.stem and in_first(p.name)]


@pytest.fixture(scope="module")
def first_half_extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One `congvan extract` of the first half's documents into one folder (one process start-up,
    not one per document: ~3 s each of the suite's 33), with the run's JSON summary on stdout."""
    out = tmp_path_factory.mktemp("extracted")
    result = congvan("extract", *(str(DOCS / n) for n in FIRST_DOCS), "--ocr", "never", "--out", str(out), "--json")
    return result, out


def test_the_first_half_extracts_without_ocr_and_exits_0(
    first_half_extracted: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    result, out = first_half_extracted
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["documents"], summary["failures"]) == (len(FIRST_DOCS), [])
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{Path(n).stem}.json" for n in FIRST_DOCS)


@pytest.mark.parametrize("name", [pytest.param(n, id=Path(n).stem) for n in FIRST_DOCS])
def test_every_corpus_document_yields_a_conforming_record_without_ocr(
    name: str, first_half_extracted: tuple[subprocess.CompletedProcess[str], Path]
) -> None:
    """With OCR off, text documents give full records and scans a record that says it needs OCR."""
    result, out = first_half_extracted
    failures = [f for f in json.loads(result.stdout)["failures"] if Path(f["path"]).name == name]
    assert failures == [], result.stderr
    record = json.loads((out / f"{Path(name).stem}.json").read_text("utf-8"))
    assert check_record.problems(record) == []
    if record.get("status") == "needs_ocr":
        assert any(w.startswith("Cần nhận dạng chữ (OCR)") for w in record["warnings"])
        assert record["number"] is None and record["tasks"] == []
    else:
        gold = json.loads((GOLD / f"{Path(name).stem}.json").read_text("utf-8"))
        assert record["is_dispatch"] == gold["is_dispatch"]


def test_every_corpus_real_2_document_yields_a_conforming_record_without_ocr(tmp_path: Path) -> None:
    """The tuning and sealed halves in one run: every record follows the contract (their accuracy is
    `congvan eval`'s to report, and their scans are OCRed there, not here)."""
    names = sorted(p.name for p in DOCS.iterdir() if HALVES.get(p.stem) in ("tuning", "sealed"))
    assert len(names) == 29
    result = congvan("extract", *(str(DOCS / n) for n in names), "--ocr", "never", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    records = {p.stem: json.loads(p.read_text("utf-8")) for p in tmp_path.glob("*.json")}
    assert sorted(records) == sorted(Path(n).stem for n in names)
    for stem, record in records.items():
        assert check_record.problems(record) == [], stem
        if record.get("status") == "needs_ocr":
            assert record["number"] is None and record["tasks"] == [], stem


def test_eval_scores_one_half(tmp_path: Path) -> None:
    """`--half` scores the documents the manifest puts in that half, and reads only those."""
    corpus = tmp_path / "corpus"
    (corpus / "docs").mkdir(parents=True)
    (corpus / "gold").mkdir()
    manifest = (ROOT / "corpus" / "MANIFEST.tsv").read_text("utf-8").splitlines()
    rows = [manifest[0]] + [r for r in manifest if r.split("\t")[0] in ("039.txt", "t04.txt")]
    (corpus / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    for name in ("039.txt", "t04.txt"):
        shutil.copy(DOCS / name, corpus / "docs" / name)
        shutil.copy(GOLD / f"{Path(name).stem}.json", corpus / "gold")
    both = congvan("eval", str(corpus), "--json")
    assert both.returncode == 0, both.stderr
    report = json.loads(both.stdout)
    assert report["documents"] == 2
    assert {h: r["documents"] for h, r in report["by_half"].items()} == {"first": 1, "tuning": 1}
    assert set(report["fields"]) == {"strict", "soft", "folded"}
    one = congvan("eval", str(corpus), "--half", "tuning", "--json")
    assert one.returncode == 0, one.stderr
    report = json.loads(one.stdout)
    assert report["documents"] == 1 and list(report["by_half"]) == ["tuning"]
    assert "t04.txt" in one.stderr and "039.txt" not in one.stderr  # the other half is not even read
    wrong = congvan("eval", str(corpus), "--half", "sealed")
    assert wrong.returncode == 2 and "first, tuning" in wrong.stderr


def test_eval_compares_gold_and_prediction_folders(tmp_path: Path) -> None:
    pred = tmp_path / "pred"
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(GOLD / "039.json", gold / "039.json")
    assert congvan("extract", str(DOCS / "039.txt"), "--out", str(pred)).returncode == 0
    result = congvan("eval", str(gold), str(pred), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "number" in json.dumps(report)
