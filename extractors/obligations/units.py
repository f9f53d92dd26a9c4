"""The heads of organisational units and addressee categories (extractors/data/unit_heads.json),
by sector: what may open an assignee's name, and whether a name is a specific body or a category.

The assignee rules read them through three questions: which words open a body (the head ruler
of the obligations pipeline), which name parts must never be cut ("Phòng Kế hoạch tổng hợp"),
and whether a co-operator names a body ("phối hợp với Công đoàn cơ sở": also an assignee) or a
category ("phối hợp với cán bộ, giáo viên": supporting only, gold guide).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

# The honorific that opens an addressee in a request: "đề nghị Quý Công ty …", "kính đề nghị Quý Bệnh viện".
HONORIFIC = "Quý"
# The person a letter is addressed to, named by a pronoun alone: "Tòa án … đề nghị Ông sửa đổi, bổ
# sung đơn khởi kiện" in a letter to "Ông Nguyễn Văn Bình" (class: courts' and agencies' letters to
# a citizen): the Kính gửi person.
PERSON_PRONOUNS = frozenset({"Ông", "Bà", "Ông/Bà"})
# A body head that is one or two capitalised words takes the honorific ("Quý Công ty", "Quý Bệnh viện").
HONORIFIC_HEAD = regex.compile(r"\p{Lu}\p{Ll}*(?:\s\p{Ll}+)?")


@dataclass(frozen=True)
class UnitHead:
    head: str
    sector: str
    kind: str  # body | office | people | category
    specific: bool


@cache
def entries() -> tuple[UnitHead, ...]:
    table = load_table("unit_heads")
    return tuple(
        UnitHead(head, sector, entry["kind"], bool(entry["specific"]))
        for sector, items in table["sectors"].items()
        for entry in items
        for head in entry["heads"]
    )


def _lower_first(word: str) -> str:
    return word[:1].lower() + word[1:]


def _lower_ok(entry: UnitHead) -> bool:
    """Is the lower-case form of this head still a head? For people and categories ("cán bộ"), and
    for offices of two words or more that are no verb ("giáo viên chủ nhiệm", "cố vấn học tập", not
    "lãnh đạo"); never for a body ("phòng chống", "trường hợp" are no units)."""
    if entry.head.isupper() or entry.kind == "body":
        return False
    if entry.kind == "office":
        verbs = {fold(v) for v in load_table("directive_verbs")["action_verbs"]}
        return " " in entry.head and fold(entry.head) not in verbs
    return True


@cache
def head_words() -> tuple[str, ...]:
    """Every printed form that opens a unit's or an addressee's name: the heads as listed, their
    lower-case form where it is still a head (`_lower_ok`), "Quý …" before a body ("Quý Công ty"),
    and the capitals of a body or an office ("PHÒNG ĐÀO TẠO"; never "CÁC", which opens section
    titles: "1. CÁC GIẢI PHÁP")."""
    out: list[str] = []
    for entry in entries():
        forms = [entry.head]
        if _lower_ok(entry):
            forms.append(_lower_first(entry.head))
        if entry.kind == "body" and HONORIFIC_HEAD.fullmatch(entry.head):
            forms.append(f"{HONORIFIC} {entry.head}")
        if entry.kind in ("body", "office"):
            forms.append(entry.head.upper())  # a unit's heading in capitals: "1. PHÒNG ĐÀO TẠO"
        out.extend(f for f in forms if f not in out)
    return tuple(out)


@cache
def honorific_heads() -> tuple[str, ...]:
    """ "Quý Công ty", "Quý Bệnh viện" …: the honorific addressees, longest first."""
    forms = {f for f in head_words() if f.startswith(HONORIFIC + " ")}
    return tuple(sorted(forms, key=len, reverse=True))


@cache
def name_parts() -> tuple[str, ...]:
    return tuple(load_table("unit_heads")["name_parts"])


def with_capitals(words: Sequence[str]) -> list[str]:
    """The words and their capitals: what starts like a head but is none ("Trường hợp") is no head
    in a capitalised heading either ("TRƯỜNG HỢP")."""
    return list(dict.fromkeys([*words, *(w.upper() for w in words)]))


@cache
def not_heads() -> tuple[str, ...]:
    return tuple(load_table("unit_heads")["not_heads"])


@cache
def people_nouns() -> tuple[str, ...]:
    return tuple(load_table("unit_heads")["people_nouns"])


@cache
def _by_head() -> tuple[tuple[str, UnitHead], ...]:
    # lower-cased with its marks ("học viên" is no "học viện"); longest first: "Thủ trưởng các đơn vị"
    # (a category) before "Thủ trưởng" (an office)
    pairs = {e.head.lower(): e for e in entries()}
    return tuple(sorted(pairs.items(), key=lambda p: len(p[0]), reverse=True))


def head_of(name: str) -> UnitHead | None:
    """The vocabulary entry whose head opens `name` ("Khoa Khám bệnh" → Khoa, health), or None."""
    text = " ".join(name.split()).lower()
    if text.startswith(HONORIFIC.lower() + " "):
        text = text[len(HONORIFIC) + 1 :]
    for head, entry in _by_head():
        if text == head or text.startswith((head + " ", head + ",")):
            return entry
    return None


@cache
def addressee_pronouns() -> frozenset[str]:
    return frozenset(load_table("unit_heads")["addressee_pronouns"])


def is_honorific(name: str) -> bool:
    """Is `name` an honorific addressee and nothing more ("Quý Trường", "Quý cơ quan", "Quý Công ty"),
    or a word for the person addressed ("Ông/Bà")?"""
    words = name.split()
    if " ".join(words) in addressee_pronouns() or " ".join(words) in PERSON_PRONOUNS:
        return True
    return 2 <= len(words) <= 3 and words[0] == HONORIFIC and (head_of(name) is not None or words[1].islower())


def is_category(name: str) -> bool:
    """Does `name` stand for a category of bodies or people rather than one body ("cán bộ, giáo
    viên", "Thủ trưởng các đơn vị", "các lớp")? Unknown heads are not categories."""
    entry = head_of(name)
    return entry is not None and not entry.specific


@cache
def _named_places() -> regex.Pattern[str]:
    units = sorted(load_table("unit_heads")["place_units"], key=len, reverse=True)
    # "các xã Tiền Phong, Đại Thịnh", "các huyện Bình Sơn và Sơn Tịnh": a place name of two capitalised
    # syllables at least (not "các trường Đại học", "các tỉnh, thành phố")
    return regex.compile(
        r"(?<![\p{L}])các\s+(?:" + "|".join(regex.escape(u) for u in units) + r")\s+\p{Lu}\p{Ll}*\s+\p{Lu}"
    )


def names_places(name: str) -> bool:
    """Does "các …" in `name` list places by name ("UBND các xã Tiền Phong, Đại Thịnh"), so that the
    name stands for those bodies and not for a category ("UBND các xã")?"""
    return _named_places().search(name) is not None

