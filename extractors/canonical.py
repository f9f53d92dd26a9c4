"""Canonical spelling of places and issuing bodies, from maintained data.

Text from another tool's OCR or a broken PDF text layer names bodies without their marks
("CUC THUE TINH BAC NINH", "Ha Noi"). A value is snapped to the spelling in
extractors/data/provinces.json (rebuilt from the `vietnam-provinces` package) and
extractors/data/body_names.json when the match is unambiguous: the same letters with marks
(exact), the same letters without marks (folded), or one edit away on the folded letters with no
rival as close (fuzzy). The printed case is kept in kind ("CỤC THUẾ TỈNH BẮC NINH" for an upper-case
header line), and a printed word whose marks are already right is left as printed ("UỶ"/"ỦY",
"HOÁ"/"HÓA" are the same marks, placed by an older convention). The caller keeps the printed form
as evidence and lowers its confidence on a folded or fuzzy match.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

# Level words of a commune: the place after them is a commune's name (a district's is read with its
# province, snap_district_body: a district name repeats across provinces).
COMMUNE_LEVELS = frozenset({"xa", "phuong", "thi tran", "dac khu"})
DISTRICT_LEVELS = frozenset({"huyen", "quan", "thi xa", "thanh pho"})
# Below this many folded characters a one-letter edit is another name, not a typo.
FUZZY_MIN_LENGTH = 6
MatchKind = Literal["exact", "folded", "fuzzy"]
_LOOSENESS: dict[MatchKind, int] = {"exact": 0, "folded": 1, "fuzzy": 2}
# What a snapped value loses in confidence: marks restored from the folded letters, or one edit away.
PENALTY: dict[MatchKind, float] = {"exact": 0.0, "folded": 0.05, "fuzzy": 0.15}
# A prefix printed before a place name, kept as printed: "TP. Hồ Chí Minh", "Thành phố Huế", "Tỉnh Gia Lai".
PLACE_PREFIX = regex.compile(r"^(?:tp\.?\s*|thanh\s+pho\s+|tinh\s+)", regex.VERBOSE)
# Dashes and spaces that vary in print: "Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu".
DASHES = regex.compile(r"\s*[-–—]\s*")


@dataclass(frozen=True)
class Snap:
    """A value snapped to its canonical spelling; `printed` is what the page says."""

    value: str
    printed: str
    match: MatchKind

    @property
    def changed(self) -> bool:
        return self.value != self.printed


def tone_key(text: str) -> str:
    """Letters plus the sorted marks of each word, lower case: 'UỶ BAN' and 'Ủy ban' share one key
    (the tone sits on another vowel by an older convention), 'THUÊ' and 'THUẾ' do not."""
    words = unicodedata.normalize("NFD", text.lower()).split()
    return " ".join(
        "".join(c for c in w if not unicodedata.combining(c))
        + "".join(sorted(c for c in w if unicodedata.combining(c)))
        for w in words
    )


def _key(text: str) -> str:
    """Folded comparison key: no marks, lower case, one space, one plain hyphen."""
    return " ".join(DASHES.sub(" - ", fold(text)).split())


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.75 * len(letters)


def in_kind(canonical: str, printed: str) -> str:
    """The canonical words in the printed case, keeping every printed word whose marks are right."""
    cased = canonical.upper().split() if _is_upper(printed) else canonical.split()
    shown = printed.split()
    if len(shown) != len(cased):
        return " ".join(cased)
    out = []
    for word, seen in zip(cased, shown, strict=True):
        if tone_key(word) == tone_key(seen):
            out.append(seen)
        elif not _is_upper(printed) and seen[:1].isupper() != word[:1].isupper():
            out.append(word[:1].upper() + word[1:] if seen[:1].isupper() else word[:1].lower() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


@dataclass(frozen=True)
class _Lexicon:
    by_key: dict[str, frozenset[str]]  # folded key → canonical spellings (more than one: ambiguous)
    keys: tuple[str, ...]


def _lexicon(names: list[str]) -> _Lexicon:
    by_key: dict[str, set[str]] = {}
    for name in names:
        spellings = by_key.setdefault(_key(name), set())
        if not any(tone_key(DASHES.sub(" - ", s)) == tone_key(DASHES.sub(" - ", name)) for s in spellings):
            spellings.add(name)
    return _Lexicon({k: frozenset(v) for k, v in by_key.items()}, tuple(by_key))


def _lookup(printed: str, lexicon: _Lexicon, kinds_in_first_word: bool = True) -> tuple[str, MatchKind] | None:
    """(canonical spelling, how loose) when exactly one spelling matches; None when none or several.
    `kinds_in_first_word`: a body's first word names its kind, where one edit is another body; a
    province's first word is part of its name ("Bắn Tre", an OCR slip of "Bến Tre")."""
    key = _key(printed)
    if len(regex.sub(r"[^a-z]", "", key)) < 3:
        return None
    found = lexicon.by_key.get(key)
    if found is not None:
        if len(found) != 1:
            return None
        (name,) = found
        exact = tone_key(DASHES.sub(" - ", name)) == tone_key(DASHES.sub(" - ", printed))
        return name, "exact" if exact else "folded"
    if len(key) < FUZZY_MIN_LENGTH:
        return None  # "tinh" is one edit from "vinh": short words are left as printed
    budget = 1 if len(key) <= 10 else 2
    near = process.extract(key, lexicon.keys, scorer=Levenshtein.distance, score_cutoff=budget, limit=3)
    if not near:
        return None
    best = min(d for _, d, _ in near)
    # the first word names the kind of body ("sở" vs "bộ"): an edit there is another body, not a typo
    winners = [k for k, d, _ in near if d == best]
    if kinds_in_first_word and winners and winners[0].split()[0] != key.split()[0]:
        return None
    if len(winners) != 1 or len(lexicon.by_key[winners[0]]) != 1:
        return None
    (name,) = lexicon.by_key[winners[0]]
    return name, "fuzzy"


@dataclass(frozen=True)
class _Vocab:
    places: _Lexicon
    central: _Lexicon
    heads: tuple[tuple[str, str, bool], ...]  # (folded key, canonical, is_abbreviation), longest first
    levels: tuple[tuple[str, str], ...]  # (folded key, canonical), longest first


@cache
def vocab() -> _Vocab:
    provinces = load_table("provinces")
    bodies = load_table("body_names")
    places: list[str] = []
    for p in provinces["current"]:
        places.append(p["name"])
    for p in provinces["before_2025"]:
        places.append(p["name"])
        places.extend(p["cities"])
    for aliases in bodies["place_aliases"].values():
        places.extend(aliases)
    central = [b["name"] for b in bodies["central"]] + [b["became"] for b in bodies["central"] if b["became"]]
    heads: list[tuple[str, str, bool]] = []
    for h in bodies["local_heads"]:
        heads.append((_key(h["name"]), h["name"], False))
        heads.extend((_key(a), a, True) for a in h["abbreviations"])
    levels = [(_key(level), level) for level in bodies["levels"]]
    return _Vocab(
        places=_lexicon(places),
        central=_lexicon(central),
        heads=tuple(sorted(set(heads), key=lambda h: len(h[0]), reverse=True)),
        levels=tuple(sorted(levels, key=lambda lv: len(lv[0]), reverse=True)),
    )


def _looser(a: MatchKind, b: MatchKind) -> MatchKind:
    return a if _LOOSENESS[a] >= _LOOSENESS[b] else b


def _snap(value: str, printed: str, match: MatchKind) -> Snap:
    return Snap(value, printed, "exact" if value == printed else match)


def snap_place(printed: str) -> Snap | None:
    """'Ha Noi' → 'Hà Nội' (folded); 'TP. HO CHI MINH' → 'TP. HỒ CHÍ MINH'; None for a place the
    data does not know (a district) or one that matches two names."""
    text = " ".join(printed.split())
    found = _lookup(text, vocab().places, kinds_in_first_word=False)
    if found is not None and found[1] == "fuzzy" and _is_local_place(text):
        return None  # "Gia Lâm" (a district of Hà Nội) is one edit from "Gia Lai", and is a place itself
    if found is not None:
        return _snap(in_kind(found[0], text), printed, found[1])
    prefix = PLACE_PREFIX.match(fold(text))
    if prefix is None:
        return None
    head, rest = text[: prefix.end()], text[prefix.end() :]
    found = _lookup(rest, vocab().places)
    if found is None:
        return None
    head_word = regex.sub(r"(?i)^thanh\s+pho", "Thành phố", head) if "." not in head else head
    head_word = regex.sub(r"(?i)^tinh", "Tỉnh", head_word)
    value = in_kind(f"{head_word.strip()} {found[0]}", text)
    return _snap(value, printed, found[1])


@cache
def _local_places() -> _Lexicon:
    table = load_table("local_places")
    return _lexicon(table["districts_before_2025"] + table["communes_from_2025"])


def _is_local_place(printed: str) -> bool:
    """Is this a district's or commune's name as printed or with its marks lost?"""
    return _key(" ".join(printed.split())) in _local_places().by_key


def snap_local_place(printed: str) -> Snap | None:
    """A district or commune name whose marks were lost or half restored ('Gia Vien', 'Cau Giây')
    → its one spelling ('Gia Viễn', 'Cầu Giấy'); folded matches only (thousands of short names: one
    edit away is another place), and None when two spellings fold alike. For noisy text only: a
    printed, marked place is never changed."""
    text = " ".join(printed.split())
    key = _key(text)
    found = _local_places().by_key.get(key)
    if found is None or len(found) != 1 or len(regex.sub(r"[^a-z]", "", key)) < 4:
        return None
    (name,) = found
    return _snap(in_kind(name, text), printed, "folded")


def _unglue_level(text: str) -> str:
    """OCR glues a head to its level word with a dash: 'SỞ Y TÉ-TỈNH KIÊN GIANG' → 'SỞ Y TÉ TỈNH …'."""
    folded = fold(text)
    for key, _ in vocab().levels:
        for m in regex.finditer(rf"(?<=\w)-(?={regex.escape(key)}\s)", folded):
            text = text[: m.start()] + " " + text[m.end() :]
    return text


def _local(printed: str) -> Snap | None:
    """'UBND TINH BAC NINH', 'Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi', 'CUC THUE TP HA NOI':
    a local head, an optional level word, and a place the data knows."""
    v = vocab()
    original, printed = printed, _unglue_level(printed)
    key = _key(printed)
    head = next(
        (h for h in v.heads if key.startswith(h[0]) and (len(key) == len(h[0]) or key[len(h[0])] == " ")),
        None,
    )
    if head is None or len(key) == len(head[0]):
        return None
    rest_key = key[len(head[0]) + 1 :]
    words = printed.split()
    n_head = len(head[0].split())
    level = next(
        (lv for lv in v.levels if rest_key.startswith(lv[0] + " ")),
        None,
    )
    n_level = len(level[0].split()) if level else 0
    if len(_key(" ".join(words[:n_head])).split()) != n_head:
        return None  # spacing differs between the printed words and the key: do not guess
    place_printed = " ".join(words[n_head + n_level :])
    place = snap_place(place_printed)
    if place is None and level is not None and level[0] in COMMUNE_LEVELS:
        # "ĐẢNG UY XÃ THANH SƠN": a commune's name the data knows, spelt as printed
        # unless its marks were lost ("Gia Vien"); the head's marks come from the data
        marked = not place_printed.isascii()
        place = snap_local_place(place_printed) or (
            _snap(place_printed, place_printed, "exact") if marked and _is_local_place(place_printed) else None
        )
    elif place is None and level is not None and level[0] in DISTRICT_LEVELS and place_printed.isascii():
        # "UBND HUYEN THACH THAT": a district's name that lost every mark and folds to one name; a
        # marked one is read with its province (snap_district_body)
        place = snap_local_place(place_printed)
    if place is None:
        return None
    head_printed = " ".join(words[:n_head])
    head_value = head_printed if head[2] else in_kind(head[1], head_printed)
    parts = [head_value]
    if level is not None:
        level_printed = " ".join(words[n_head : n_head + n_level])
        parts.append(in_kind(level[1], level_printed))
    parts.append(place.value)
    value = " ".join(parts)
    level_kept = level is None or parts[1] == " ".join(words[n_head : n_head + n_level])
    head_match: MatchKind = "exact" if head_value == head_printed and printed == original and level_kept else "folded"
    return _snap(value, original, _looser(head_match, place.match))


@dataclass(frozen=True)
class LocalNames:
    """Names clerks corrected in this office's tracker (the local vocabulary): each corrected
    spelling, reached from itself and from the spelling it replaced. Read from the JSON file the
    tracker writes (`Settings.local_vocabulary`); consulted before the maintained data, since a
    clerk's fix of a body's name is about this office's own correspondents."""

    lexicon: _Lexicon

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> LocalNames:
        """From (printed, corrected) pairs."""
        by_key: dict[str, set[str]] = {}
        for printed, name in pairs:
            for spelling in (printed, name):
                by_key.setdefault(_key(spelling), set()).add(name)
        return cls(_Lexicon({k: frozenset(v) for k, v in by_key.items()}, tuple(by_key)))


def local_names_json(pairs: Iterable[tuple[str, str]]) -> str:
    """The local vocabulary file's text: {"names": [{"printed": …, "name": …}, …]}."""
    names = [{"printed": p, "name": n} for p, n in pairs]
    return json.dumps({"names": names}, ensure_ascii=False, indent=1) + "\n"


def load_local_names(path: Path | None) -> LocalNames | None:
    """The local vocabulary at `path`; None when there is none yet (or it cannot be read: extraction
    goes on with the maintained data alone)."""
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        pairs = [(str(n["printed"]), str(n["name"])) for n in data["names"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return LocalNames.of(pairs) if pairs else None


def _local_lookup(printed: str, local: LocalNames) -> tuple[str, MatchKind] | None:
    found = local.lexicon.by_key.get(_key(printed))
    if found is not None and len(found) == 1:
        (name,) = found
        return name, "exact" if name == printed else "folded"
    return _lookup(printed, local.lexicon)


def snap_body(printed: str, local: LocalNames | None = None) -> Snap | None:
    """An issuing body in its canonical spelling: a name clerks corrected (`local`), a central body
    ('BO TAI CHINH' → 'BỘ TÀI CHÍNH') or a local one (head + level + place). None when the data does
    not know it or two names fit."""
    text = " ".join(printed.split())
    if not text:
        return None
    if local is not None:
        learned = _local_lookup(text, local)
        if learned is not None:
            return _snap(learned[0], printed, learned[1])
    found = _lookup(text, vocab().central)
    if found is not None:
        return _snap(in_kind(found[0], text), printed, found[1])
    return _local(text)


@dataclass(frozen=True)
class _Districts:
    by_province: dict[str, _Lexicon]  # province (old or current name) → its districts before 2025
    province_of: dict[str, str]  # a place the data knows (province, city, alias) → its province
    committees: tuple[tuple[str, str], ...]  # (folded key, canonical): "huyen uy" → "Huyện ủy"
    levels: tuple[str, ...]  # folded district level words, longest first


@cache
def _districts() -> _Districts:
    provinces = load_table("provinces")
    bodies = load_table("body_names")
    listed: dict[str, list[str]] = load_table("local_places")["districts_by_province_before_2025"]
    names: dict[str, list[str]] = {name: list(ds) for name, ds in listed.items()}
    province_of: dict[str, str] = {}
    for p in provinces["before_2025"]:
        # a document of the merged province may still name a district of an old one
        names.setdefault(p["merged_into"], []).extend(listed.get(p["name"], []))
        province_of[p["name"]] = p["name"]
        for city in p["cities"]:
            province_of.setdefault(city, p["name"])
    for p in provinces["current"]:
        province_of[p["name"]] = p["name"]
    for name, aliases in bodies["place_aliases"].items():
        for alias in aliases:
            province_of[alias] = name
    return _Districts(
        by_province={name: _lexicon(ds) for name, ds in names.items()},
        province_of=province_of,
        committees=tuple((_key(c), c) for c in bodies["district_committees"]),
        levels=tuple(sorted((_key(lv) for lv in bodies["district_levels"]), key=len, reverse=True)),
    )


def province_named(printed: str) -> str | None:
    """The province a header line ends with ('ĐẢNG BỘ TỈNH THANH HOA', 'UBND THÀNH PHỐ HÀ NỘI') or a
    place line names ('Thanh Hóa'), by its folded letters; None when none or two fit."""
    words = " ".join(printed.split()).split()
    for n in range(min(4, len(words)), 0, -1):
        found = _lookup(" ".join(words[-n:]), vocab().places)
        if found is not None and found[1] != "fuzzy":
            return _districts().province_of.get(found[0])
    return None


def snap_district_body(printed: str, province: str) -> Snap | None:
    """A district's body whose name lost or slipped its marks, snapped within the document's
    province: 'UBND HUYEN THACH THAT' (Hà Nội) → 'UBND HUYỆN THẠCH THẤT', 'HUYỆN ỦY THO XUÂN'
    (Thanh Hóa) → 'HUYỆN ỦY THỌ XUÂN'. A local head and a district level word, or a district party
    committee, then a district of that province matched on its folded letters (one spelling there);
    None otherwise. Folded matches only: one edit away is another district."""
    data = _districts()
    lexicon = data.by_province.get(province)
    if lexicon is None:
        return None
    text = " ".join(printed.split())
    key = _key(text)
    words = text.split()
    head_parts: list[str] | None = None
    for ckey, canonical in data.committees:
        if key.startswith(ckey + " "):
            n = len(ckey.split())
            head_parts = [in_kind(canonical, " ".join(words[:n]))]
            rest = words[n:]
            break
    if head_parts is None:
        head = next((h for h in vocab().heads if key.startswith(h[0] + " ")), None)
        if head is None:
            return None
        n_head = len(head[0].split())
        level = next((lv for lv in data.levels if _key(" ".join(words[n_head:])).startswith(lv + " ")), None)
        if level is None or len(_key(" ".join(words[:n_head])).split()) != n_head:
            return None
        n_level = len(level.split())
        head_printed, level_printed = " ".join(words[:n_head]), " ".join(words[n_head : n_head + n_level])
        level_canonical = next(c for k, c in vocab().levels if k == level)
        head_value = head_printed if head[2] else in_kind(head[1], head_printed)
        head_parts = [head_value, in_kind(level_canonical, level_printed)]
        rest = words[n_head + n_level :]
    place_printed = " ".join(rest)
    found = lexicon.by_key.get(_key(place_printed))
    if not place_printed or found is None or len(found) != 1:
        return None
    (name,) = found
    return _snap(" ".join([*head_parts, in_kind(name, place_printed)]), printed, "folded")
