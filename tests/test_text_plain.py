"""Plain text files and legacy 8-bit Vietnamese fonts (TCVN3, VNI)."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from congvan.pipeline.document import SourceFile
from congvan.pipeline.settings import Settings
from congvan.pipeline.text import acquire_text, fix_legacy
from congvan.pipeline.text.legacy import unicode_to_tcvn3, unicode_to_vni
from congvan.pipeline.text.plain import decode_text

SEEDS = Path("/work/shared/seeds")
CORPUS = Path("/work/shared/corpus-real")


def seed_lines(stem: str, count: int = 12) -> str:
    """The first non-empty lines of a real seed (header, Quốc hiệu, subject, opening sentences)."""
    path = next(SEEDS.glob(f"{stem}_*.txt"))
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n".join(lines[:count]).replace("**", "")


def source(data: bytes, name: str = "doc.txt") -> SourceFile:
    return SourceFile(Path(name), data, hashlib.sha256(data).hexdigest(), "text/plain")


# Extracted from documents typed in .VnTime (TCVN3) and VNI-Times, as a PDF text layer reads them.
TCVN3_QUOC_HIEU = "Céng hßa X· héi chñ nghÜa ViÖt Nam"
VNI_QUOC_HIEU = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"


@pytest.mark.parametrize(
    ("legacy", "encoding"),
    [pytest.param(TCVN3_QUOC_HIEU, "TCVN3", id="tcvn3"), pytest.param(VNI_QUOC_HIEU, "VNI", id="vni")],
)
def test_quoc_hieu_typed_in_a_legacy_font(legacy: str, encoding: str) -> None:
    assert fix_legacy(legacy) == ("Cộng hòa Xã hội chủ nghĩa Việt Nam" if encoding == "TCVN3"
                                  else "Cộng hòa xã hội chủ nghĩa Việt Nam", encoding)  # fmt: skip


@pytest.mark.parametrize("stem", ["000", "001", "002", "003"])
def test_vni_round_trip_of_seed_text(stem: str) -> None:
    text = seed_lines(stem)
    assert fix_legacy(unicode_to_vni(text)) == (text, "VNI")


@pytest.mark.parametrize("stem", ["000", "001", "002", "003"])
def test_tcvn3_round_trip_of_seed_text(stem: str) -> None:
    # TCVN3 has no codes for capital toned letters (".VnTimeH" draws the lower-case codes as
    # capitals): lines in capitals come back exactly, a lone capital at a sentence start is lost.
    text = seed_lines(stem)
    converted, encoding = fix_legacy(unicode_to_tcvn3(text))
    assert encoding == "TCVN3"
    assert converted.lower() == text.lower()
    for original, back in zip(text.split("\n"), converted.split("\n"), strict=True):
        if original.isupper():
            assert back == original


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(seed_lines("000", 40), id="unicode-seed-000"),
        pytest.param(seed_lines("002", 40), id="unicode-seed-002"),
        pytest.param((CORPUS / "039.txt").read_text(encoding="utf-8")[:3000], id="unicode-039"),
        pytest.param(
            "The committee approved the budget. Café, naïve façade, déjà vu, jalapeño.", id="english"
        ),
        pytest.param("Hoà bình, thuỷ lợi, quý khách: old-style tone placement", id="old-style-tones"),
    ],
)
def test_detection_does_not_fire_on_unicode_or_english(text: str) -> None:
    assert fix_legacy(text) == (text, None)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(seed_lines("001").encode("utf-8"), "utf-8", id="utf8"),
        pytest.param(codecs.BOM_UTF8 + seed_lines("001").encode("utf-8"), "utf-8-sig", id="utf8-bom"),
        pytest.param(seed_lines("001").encode("utf-16"), "utf-16", id="utf16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + seed_lines("001").encode("utf-16-be"), "utf-16", id="utf16be"),
        pytest.param(unicode_to_vni(seed_lines("001")).encode("cp1252"), "VNI", id="vni-bytes"),
    ],
)
def test_text_file_encodings(data: bytes, encoding: str) -> None:
    text, found = decode_text(data)
    assert found == encoding
    assert text == seed_lines("001")


def test_tcvn3_file_reads_as_unicode() -> None:
    text = seed_lines("003")
    doc = acquire_text(source(unicode_to_tcvn3(text).encode("cp1252")), Settings())
    assert doc.pages[0].text.lower() == text.lower()
    assert any("TCVN3" in w for w in doc.warnings)


def test_utf16_file_through_acquire_text() -> None:
    text = (CORPUS / "039.txt").read_text(encoding="utf-8")
    doc = acquire_text(source(text.encode("utf-16")), Settings())
    assert doc.text == text
    assert doc.warnings == ()
