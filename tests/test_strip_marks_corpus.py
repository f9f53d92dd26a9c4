"""scripts/strip_marks_corpus.py: the stress corpus holds the chosen halves' text documents, marks gone."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path
from types import ModuleType

from tests.script_module import load_script

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    return load_script("strip_marks_corpus")


def test_a_place_date_line_loses_its_marks_and_nothing_else() -> None:
    strip = _script().strip_marks
    assert strip("Đà Nẵng, ngày 05 tháng 3 năm 2025") == "Da Nang, ngay 05 thang 3 nam 2025"
    assert strip("Số: 123/UBND-VX") == "So: 123/UBND-VX"


def test_the_stress_corpus_never_holds_a_sealed_document(tmp_path: Path) -> None:
    files = _script().write(tmp_path / "c", {"first", "tuning"})
    halves = {r["file"]: r["half"] for r in csv.DictReader((ROOT / "corpus" / "MANIFEST.tsv").open(), delimiter="\t")}
    assert files and all(halves[f] in ("first", "tuning") and f.endswith(".txt") for f in files)
    assert sorted(p.name for p in (tmp_path / "c" / "docs").iterdir()) == sorted(files)
    for name in files:
        text = (tmp_path / "c" / "docs" / name).read_text(encoding="utf-8")
        assert "đ" not in text.lower()
        assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))
        assert (tmp_path / "c" / "gold" / (name.rsplit(".", 1)[0] + ".json")).exists()
