"""A plain wheel installs everything under the one import name `congvan`, with every module and
every data file the code reads (vocabularies, OCR lexicon, templates), and nothing generic."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("congvan", "pipeline", "extractors", "schemas", "tracker", "evaluation", "operations", "web", "cli")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = out.glob("congvan-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def _installed_name(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.as_posix() if rel.parts[0] == "congvan" else f"congvan/{rel.as_posix()}"


def _files(suffix_is_py: bool) -> set[str]:
    return {
        _installed_name(p)
        for folder in FOLDERS
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and (p.suffix == ".py") == suffix_is_py
        and p.suffix != ".pyc"
    }


def test_wheel_ships_every_module(shipped: set[str]) -> None:
    modules = _files(suffix_is_py=True)
    assert "congvan/cli/main.py" in modules
    assert modules - shipped == set()


def test_wheel_ships_every_data_file(shipped: set[str]) -> None:
    data = _files(suffix_is_py=False)
    assert data, "no data files found"
    assert data - shipped == set()


def test_nothing_generic_lands_in_site_packages(shipped: set[str]) -> None:
    tops = {name.split("/", 1)[0] for name in shipped}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"congvan"}
