"""The vocabulary tables of the recipient, signer and reference extractors load and are sane."""

from __future__ import annotations

import pytest
import regex

from congvan.extractors.landmarks import signing_forms
from congvan.extractors.recipients import normalise_purpose
from congvan.extractors.signer import is_title_head, vocab
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table, table_names

AUTHORITIES = {"KT", "TL", "TM", "Q", "TUQ"}


@pytest.mark.parametrize("name", ["signing_prefixes", "purposes", "reference_kinds", "web_chrome"])
def test_table_loads(name: str) -> None:
    assert name in table_names()
    assert isinstance(load_table(name), dict)


def test_purposes_map_to_full_words() -> None:
    aliases = load_table("purposes")["aliases"]
    assert len(aliases) >= 10
    for key, full in aliases.items():
        assert full.startswith("để "), key
        assert "/" not in full, key  # abbreviations are expanded, never kept


def test_signing_prefixes_map_to_the_five_authorities() -> None:
    prefixes = signing_forms()
    assert set(prefixes) == AUTHORITIES
    owners: dict[str, set[str]] = {}
    for code, forms in prefixes.items():
        for form in forms:
            owners.setdefault(fold(form), set()).add(code)
    assert all(len(codes) == 1 for codes in owners.values()), "one printed form must not name two authorities"


def test_reference_kinds_are_slugs() -> None:
    table = load_table("reference_kinds")
    slugs = list(table["words"].values()) + list(table["symbol_codes"].values()) + [table["default_kind"]]
    assert all(regex.fullmatch(r"[a-z_]+", s) for s in slugs)
    assert table["words"]["nghị định"] == "nghi_dinh"
    assert table["symbol_codes"]["QĐ"] == "quyet_dinh"
    # a form or annex word never names a cited document's type: its number is the form's own
    forms = {fold(w) for w in table["form_words"]}
    assert {"mau", "phu luc"} <= forms
    assert not forms & {fold(w) for w in [*table["words"], *table["generic_words"]]}


@pytest.mark.parametrize(
    ("printed", "full"),
    [
        pytest.param("để báo cáo", "để báo cáo", id="full"),
        pytest.param("để b/c", "để báo cáo", id="de-b/c"),
        pytest.param("b/c", "để báo cáo", id="b/c"),
        pytest.param("b/cáo", "để báo cáo", id="b/cao"),
        pytest.param("báo cáo", "để báo cáo", id="016-bao-cao"),
        pytest.param("t/h", "để thực hiện", id="t/h"),
        pytest.param("để t/h", "để thực hiện", id="de-t/h"),
        pytest.param("để chỉ đạo", "để chỉ đạo", id="chi-dao"),
        pytest.param("để phối hợp chỉ đạo", "để phối hợp chỉ đạo", id="phoi-hop-chi-dao"),
        pytest.param("KGVX", None, id="abbreviation-is-not-a-purpose"),
    ],
)
def test_purpose_normalisation(printed: str, full: str | None) -> None:
    assert normalise_purpose(printed) == full


@pytest.mark.parametrize(
    ("line", "head"),
    [
        pytest.param("PHÓ CHÁNH VĂN PHÒNG", True, id="pho-chanh-van-phong"),
        pytest.param("TRƯỞNG BAN CHỈ ĐẠO", True, id="truong-ban"),
        pytest.param("PHO CHANH VAN PHONG", True, id="ocr-no-diacritics"),
        pytest.param("TRƯỜNG THPT LÊ QUÝ ĐÔN", False, id="school-is-not-chief"),
        pytest.param("ỦY BAN NHÂN DÂN", False, id="body"),
    ],
)
def test_title_heads(line: str, head: bool) -> None:
    assert vocab() is vocab()
    assert is_title_head(line) is head
