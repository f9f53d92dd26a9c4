"""No extractor raises or loops on any text, and whatever they find assembles into a valid record.

Random text, and real dispatch text mutated the way OCR and copying damage it (characters dropped,
doubled, swapped, lines cut), for every extractor of the pipeline, called directly (not through the
`safely` wrapper, which would hide a crash)."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congvan.extractors.base import Context, Extraction
from congvan.pipeline.assemble import assemble
from congvan.pipeline.document import DocumentText, PageText, SourceFile
from congvan.pipeline.extract import EXTRACTORS, run_extractors
from congvan.schemas.record import TextOrigin

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
REAL = [
    (DOCS / name).read_text(encoding="utf-8")
    for name in ("000_e566c0ecd86c5a3b.txt", "002_de40779bbbad1aa1.txt", "039.txt")
]
MODULES = [importlib.import_module(f"congvan.extractors.{spec.name}") for spec in EXTRACTORS]
CONTEXT = Context(issued_date=date(2024, 11, 6), is_ocr=True)

# Vietnamese letters, digits and the punctuation dispatches are made of
ALPHABET = st.characters(
    codec="utf-8", categories=("L", "N", "P", "Zs", "S"), include_characters="\n\t/-:;.,()ĐđƯươôêăâ"
)


@st.composite
def mutated_dispatch(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(REAL))
    for _ in range(draw(st.integers(0, 12))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        op = draw(st.sampled_from(("drop", "double", "insert", "cut", "newline")))
        if op == "drop":
            text = text[:i] + text[i + 1 :]
        elif op == "double":
            text = text[:i] + text[i] + text[i:]
        elif op == "insert":
            text = text[:i] + draw(st.text(ALPHABET, max_size=5)) + text[i:]
        elif op == "cut":
            text = text[:i]
        else:
            text = text[:i] + "\n" + text[i:]
    return text


def _check_every_extractor(text: str) -> None:
    for module in MODULES:
        result = module.extract(text, CONTEXT)
        assert isinstance(result, Extraction), module.__name__
        for candidate in result.candidates:
            assert 0 <= candidate.start <= candidate.end <= len(text), (module.__name__, candidate)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(ALPHABET, max_size=400))
def test_random_text(text: str) -> None:
    _check_every_extractor(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_dispatch())
def test_mutated_dispatch_text_and_the_record_validates(text: str) -> None:
    _check_every_extractor(text)
    doc = DocumentText((PageText(1, text, TextOrigin.OCR),))
    source = SourceFile(path=Path("x.txt"), data=b"", sha256="0" * 64, media_type="text/plain")
    record = assemble(source, doc, run_extractors(text, is_ocr=True), "test")
    assert record.schema_version == "1"
