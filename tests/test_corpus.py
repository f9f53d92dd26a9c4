"""Corpus integrity: every document has gold and the gold follows the contract; renderings stay in step."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.corpus_halves import HALVES, MANIFEST

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
DOCS = CORPUS / "docs"
GOLD = CORPUS / "gold"
CHECKER = Path(__file__).resolve().parent / "tools" / "check_record.py"
SHARED_CHECKER = REPO.parent / "shared" / "tools" / "check_record.py"
# "030_p2.jpg" is page 2 of "030.jpg"
PAGE_FILE = re.compile(r"""(?P<stem>.+) _p (?P<page>\d+)""", re.VERBOSE)

sys.path.insert(0, str(REPO / "scripts"))
import render_seeds  # noqa: E402

DOC_STEMS = sorted({p.stem for p in DOCS.iterdir() if p.is_file() and not PAGE_FILE.fullmatch(p.stem)})
GOLD_STEMS = sorted(p.stem for p in GOLD.glob("*.json"))
SEEDS = render_seeds.seed_stems(DOCS)
RENDERINGS = [(seed, f"{seed}-pdf.pdf") for seed in SEEDS] + [(seed, f"{seed}-docx.docx") for seed in SEEDS]


def load_checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_record", CHECKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def as_record(gold: dict[str, Any]) -> dict[str, Any]:
    """A gold record plus the parts only a prediction has (source, evidence), so the checker applies."""
    record = copy.deepcopy(gold)
    record.pop("_skip", None)
    record["source"] = {"path": "x", "sha256": "0" * 64, "media_type": "text/plain", "pages": 1,
                        "text_origin": "plain_text"}
    record["evidence"] = {}
    for task in record.get("tasks") or []:
        task.setdefault("evidence", {"start": 0, "end": 0})
    return record


def test_corpus_has_the_expected_documents() -> None:
    assert len(SEEDS) == 5
    # seeds, real documents, PDF and DOCX renderings of the seeds; corpus-real-2
    assert len(DOC_STEMS) == 5 + 18 + 10 + 29


def test_every_document_has_a_half() -> None:
    """The manifest names every file once, with its half: the first corpus, or corpus-real-2's halves."""
    files = [line.split("\t")[0] for line in MANIFEST.read_text(encoding="utf-8").splitlines()[1:]]
    assert sorted(files) == sorted(p.name for p in DOCS.iterdir() if p.is_file())
    assert set(HALVES) == {Path(f).stem for f in files}
    counts = {h: sum(1 for s in DOC_STEMS if HALVES[s] == h) for h in ("first", "tuning", "sealed")}
    assert counts == {"first": 33, "tuning": 16, "sealed": 13}


@pytest.mark.parametrize("stem", [pytest.param(s, id=s) for s in DOC_STEMS])
def test_every_document_has_gold(stem: str) -> None:
    assert (GOLD / f"{stem}.json").is_file()


@pytest.mark.parametrize("stem", [pytest.param(s, id=s) for s in GOLD_STEMS])
def test_every_gold_has_a_document(stem: str) -> None:
    assert stem in DOC_STEMS


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name) for p in sorted(DOCS.iterdir())
                                  if PAGE_FILE.fullmatch(p.stem)])
def test_page_files_belong_to_a_document(path: Path) -> None:
    match = PAGE_FILE.fullmatch(path.stem)
    assert match is not None
    assert (DOCS / f"{match['stem']}{path.suffix}").is_file()


@pytest.mark.parametrize("stem", [pytest.param(s, id=s) for s in GOLD_STEMS])
def test_gold_passes_the_contract_checker(stem: str) -> None:
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    assert load_checker().problems(as_record(gold)) == []
    assert set(gold.get("_skip", [])) <= set(gold), "a skipped field must still be present (as null)"


def test_checker_catches_a_bad_record() -> None:
    gold = json.loads((GOLD / f"{SEEDS[0]}.json").read_text(encoding="utf-8"))
    record = as_record(gold)
    record["number"] = "Số: 4515 /VKSTC-T5"
    expected = f"number {record['number']!r} must carry no label, markup or spaces"
    assert load_checker().problems(record) == [expected]


@pytest.mark.skipif(not SHARED_CHECKER.exists(), reason="no shared/ folder beside the repository")
def test_checker_copy_is_identical_to_shared() -> None:
    assert CHECKER.read_bytes() == SHARED_CHECKER.read_bytes()


@pytest.mark.parametrize(("seed", "name"), [pytest.param(s, n, id=n) for s, n in RENDERINGS])
def test_rendering_gold_is_the_seed_gold(seed: str, name: str) -> None:
    assert (GOLD / f"{Path(name).stem}.json").read_bytes() == (GOLD / f"{seed}.json").read_bytes()


def rendered_text(path: Path) -> str:
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            # content-stream order: the renderer draws one table cell after the other
            return "\n".join(page.extract_text(use_text_flow=True) or "" for page in pdf.pages)
    import docx

    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


@pytest.mark.parametrize(("seed", "name"), [pytest.param(s, n, id=n) for s, n in RENDERINGS])
def test_rendering_keeps_the_gold_values(seed: str, name: str) -> None:
    """The values the gold records for the seed are still readable in its rendering."""
    gold = json.loads((GOLD / f"{seed}.json").read_text(encoding="utf-8"))
    text = squash(rendered_text(DOCS / name))
    values = [gold["issuer"], gold["issuer_parent"], gold["issued_place"], (gold["signer"] or {}).get("name"),
              *gold["emails"], *(r["name"] for r in gold["recipients"] if r["name"] != "Như trên")]
    number = gold["number"]
    if number:
        values += number.split("/")
    for value in filter(None, values):
        assert squash(value) in text, value


def test_header_split_of_a_dispatch() -> None:
    """Seed 000 prints its header blocks one after the other; the rendering puts them side by side."""
    layout = render_seeds.split_layout((DOCS / "000_e566c0ecd86c5a3b.txt").read_text(encoding="utf-8"))
    left = [render_seeds.plain(line) for line in layout.header_left]
    right = [render_seeds.plain(line) for line in layout.header_right]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Hà Nội, ngày 09 tháng 11 năm 2021"]
    assert left[0] == "VIỆN KIỂM SÁT NHÂN DÂN" and "Số: 4515 /VKSTC-T5" in left
    assert render_seeds.plain(layout.body[0]) == "- Kính gửi:"
    assert render_seeds.plain(layout.footer_left[0]) == "Nơi nhận:"
    assert [render_seeds.plain(line) for line in layout.footer_right][-1] == "Nguyễn Quang Dũng"


def test_header_split_when_blocks_interleave() -> None:
    """Seed 003 interleaves them (issuer, Quốc hiệu, Số, date, V/v); no signature after Nơi nhận."""
    layout = render_seeds.split_layout((DOCS / "003_d15970afb96bf74c.txt").read_text(encoding="utf-8"))
    left = [render_seeds.plain(line) for line in layout.header_left]
    assert left[:3] == ["VIỆN KIỂM SÁT NHÂN DÂN", "TỐI CAO", "Số: 927 /VKSTC-V16"]
    assert len(layout.header_right) == 3
    assert layout.footer_right == []


def test_no_header_without_quoc_hieu() -> None:
    """Seed 001 (a kế hoạch starting at its title) gets no header table."""
    layout = render_seeds.split_layout((DOCS / "001_d3ba48757fc946ed.txt").read_text(encoding="utf-8"))
    assert layout.header_left == [] and layout.header_right == []
    assert render_seeds.plain(layout.body[0]) == "KẾ HOẠCH"


def test_render_is_deterministic(tmp_path: Path) -> None:
    render_seeds.render_all(DOCS, GOLD, tmp_path / "docs", tmp_path / "gold")
    for _, name in RENDERINGS:
        assert (tmp_path / "docs" / name).read_bytes() == (DOCS / name).read_bytes(), name
