"""Vocabulary of the header extractors loads and is consistent."""

from __future__ import annotations

import pytest

from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table
from congvan.schemas.record import DocumentType, Secrecy, Urgency


def test_doc_types_cover_every_slug_once() -> None:
    slugs = [t["slug"] for t in load_table("doc_types")["types"]]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == {t.value for t in DocumentType}


def test_no_abbreviation_maps_to_two_types() -> None:
    seen: dict[str, str] = {}
    for entry in load_table("doc_types")["types"]:
        for abbr in entry["abbreviations"] + entry["old_abbreviations"]:
            assert seen.setdefault(abbr, entry["slug"]) == entry["slug"], abbr


def test_no_title_maps_to_two_types() -> None:
    seen: dict[str, str] = {}
    for entry in load_table("doc_types")["types"]:
        for title in entry["titles"]:
            assert title == title.upper()
            assert seen.setdefault(fold(title), entry["slug"]) == entry["slug"], title


def test_every_type_but_cong_van_thu_cong_other_has_a_current_abbreviation() -> None:
    for entry in load_table("doc_types")["types"]:
        if entry["slug"] not in ("cong_van", "thu_cong", "other"):
            assert entry["abbreviations"], entry["slug"]


@pytest.mark.parametrize(("field", "enum"), [("urgency", Urgency), ("secrecy", Secrecy)])
def test_marks_values_are_contract_values(field: str, enum: type) -> None:
    values = {e["value"] for e in load_table("marks")[field]}
    assert values == {m.value for m in enum}


def test_governing_bodies_lists() -> None:
    table = load_table("governing_bodies")
    for key in ("unit_heads", "continuation_starts", "standalone_bodies", "body_verbs"):
        assert table[key] and all(isinstance(w, str) and w.strip() for w in table[key])
    heads = {fold(h) for h in table["unit_heads"]}
    assert all(any(fold(b).startswith(h) for h in heads) for b in table["standalone_bodies"])
