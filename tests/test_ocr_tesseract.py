"""pipeline/ocr/tesseract.py is the one module that runs the tesseract binary (real Tesseract)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from congvan.errors import OCRFailed
from congvan.operations.intake import tool_versions
from congvan.pipeline.ocr import tesseract

ROOT = Path(__file__).resolve().parents[1]
# the folders that install as congvan.* (pyproject's package map)
SOURCE_DIRS = ("congvan", "pipeline", "extractors", "schemas", "tracker", "evaluation", "operations", "web", "cli")
THE_MODULE = ROOT / "pipeline" / "ocr" / "tesseract.py"
# calls that start a program or look one up on PATH
SPAWNERS = {"run", "Popen", "call", "check_call", "check_output", "system", "which", "spawnlp", "execvp"}
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def source_files() -> list[Path]:
    return sorted(p for d in SOURCE_DIRS for p in (ROOT / d).rglob("*.py") if p != THE_MODULE)


def strings_in(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def tesseract_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        imported = [a.name for a in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom):
            imported = [node.module or ""]
        if any(name.split(".")[0] == "pytesseract" for name in imported):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports pytesseract")
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in SPAWNERS and any(s.split(" ")[0] == "tesseract" for s in strings_in(node)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} runs tesseract")
    return found


def test_the_scan_sees_every_package_and_the_module() -> None:
    files = source_files()
    assert len(files) > 80 and all((ROOT / d).is_dir() for d in SOURCE_DIRS)
    # the scan does recognise both kinds of use: the module itself has them
    assert any("imports pytesseract" in u for u in tesseract_uses(THE_MODULE))
    assert any("runs tesseract" in u for u in tesseract_uses(THE_MODULE))


def test_no_other_module_imports_pytesseract_or_runs_tesseract() -> None:
    assert [u for path in source_files() for u in tesseract_uses(path)] == []


def line_image(text: str) -> Image.Image:
    image = Image.new("L", (900, 120), 255)
    ImageDraw.Draw(image).text((20, 30), text, fill=0, font=ImageFont.truetype(DEJAVU, 40))
    return image


@pytest.mark.ocr
def test_text_and_tsv_of_a_printed_line() -> None:
    image = line_image("Kính gửi: Sở Tài chính")
    assert tesseract.text(image, "vie", "--oem 1 --psm 7", 30.0).strip() == "Kính gửi: Sở Tài chính"
    rows = [r.split("\t") for r in tesseract.tsv(image, "vie", "--oem 1 --psm 7", 30.0).splitlines()]
    assert rows[0][-1] == "text" and [r[-1] for r in rows if r[0] == "5"] == ["Kính", "gửi:", "Sở", "Tài", "chính"]
    assert tesseract.words(image, "vie", "--oem 1 --psm 7", 30.0)["text"][-1] == "chính"


@pytest.mark.ocr
def test_failures_leave_as_ocr_failed() -> None:
    image = line_image("Kính gửi")
    with pytest.raises(OCRFailed, match="tesseract failed"):
        tesseract.text(image, "no-such-model", "", 30.0)
    with pytest.raises(OCRFailed, match="exceeded"):
        tesseract.page_tsv(image.resize((3600, 480)), "vie", "--oem 1 --psm 3", 0.001)
    with pytest.raises(OCRFailed):  # too few characters for orientation detection
        tesseract.osd(Image.new("L", (200, 200), 255), 30.0)


@pytest.mark.ocr
def test_version_and_tool_list_agree() -> None:
    assert tesseract.version().startswith("tesseract 5.")
    assert tool_versions()["tesseract"] == tesseract.version()
    assert tesseract.available("vie") and not tesseract.available("no-such-model")
