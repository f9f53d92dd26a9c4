"""Số và ký hiệu against the grammar of Nghị định 30/2020/NĐ-CP, Phụ lục III.

State documents: `number[/year]/TYPE-BODY[-UNIT…]` ("19/CĐ-TTg", "161/2024/NĐ-CP",
"01/KH-VKSTC", "21/2017/QH14"); a công văn has no type code: `number/BODY[-UNIT…]`
("4515/VKSTC-T5", "38/ĐHNN"). Party documents put the type before the slash: `number-TYPE/BODY`
("238-QĐ/TW"). OCR confusions (I/1, S/5, O/Ø/0 in the digits; D/Đ, 0/O, 1/I in a code) are
repaired only where the grammar and the vocabulary agree: the digits of the number must become
digits, and a code must become exactly one known type or body abbreviation. Anything else that
breaks the grammar ("2/J": no code of two letters) is refused with a reason, so the caller emits
null rather than a wrong number.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

from congvan.extractors.vocab import load_table

# The split into number, optional year and the code part: "161/2024/NĐ-CP", "238-QĐ/TW", "19/CĐ-TTg".
STATE_FORM = regex.compile(r"^(?P<number>[^/\-]{1,7})(?:/(?P<year>[^/\-]{4}))?/(?P<codes>[^/]+)$", regex.VERBOSE)
# Party documents also print a slash for the hyphen: "04/HD/BTGDVTU" (ban tuyên giáo và dân vận tỉnh ủy).
PARTY_FORM = regex.compile(r"^(?P<number>[^/\-]{1,7})(?P<joint>[-/])(?P<type>[^/\-]+)/(?P<codes>[^/]+)$", regex.VERBOSE)
# A code token: letters, digits, '&' and '.' ("GD&ĐT", "T5", "CTrTT", "ĐHQG.HCM").
CODE = regex.compile(r"^\p{L}[\p{L}\d&.]*$")
# A National Assembly body with its term: "QH14", "UBTVQH15".
ASSEMBLY = regex.compile(r"^(?:QH|UBTVQH)\d{1,2}$")
DIGIT_CONFUSIONS = str.maketrans(
    {"O": "0", "o": "0", "Ø": "0", "ø": "0", "D": "0", "I": "1", "l": "1", "|": "1", "S": "5", "B": "8"}
)
# Letter confusions inside a code, each tried only where it turns the code into a known one.
CODE_CONFUSIONS: dict[str, tuple[str, ...]] = {
    "D": ("Đ",),
    "d": ("đ",),
    "0": ("O",),
    "Ø": ("O",),
    "1": ("I",),
    "5": ("S",),
    "l": ("I",),
}


@dataclass(frozen=True)
class Symbol:
    value: str  # the repaired number and symbol: "19/CĐ-TTg"
    number: str
    year: str | None
    type_code: str | None
    codes: tuple[str, ...]  # body and units after the type
    form: Literal["state", "party"]
    repairs: tuple[str, ...]  # "CD→CĐ", "I5→15" …


@dataclass(frozen=True)
class Refused:
    printed: str
    reason: str  # Vietnamese, for the record's warnings


@dataclass(frozen=True)
class _Vocab:
    types: frozenset[str]
    bodies: frozenset[str]
    bodies_by_upper: dict[str, str]


@cache
def vocab() -> _Vocab:
    types: set[str] = set()
    for entry in load_table("doc_types")["types"]:
        types.update(entry["abbreviations"], entry["old_abbreviations"])
    types.update(code for code in load_table("reference_kinds")["symbol_codes"] if "-" not in code)
    names = load_table("body_names")
    bodies = {a for b in names["central"] for a in b["abbreviations"]}
    bodies.update(a for h in names["local_heads"] for a in h["abbreviations"] if " " not in a)
    bodies.update(names["symbol_bodies"])
    upper: dict[str, list[str]] = {}
    for b in bodies:
        upper.setdefault(b.upper(), []).append(b)
    return _Vocab(frozenset(types), frozenset(bodies), {k: v[0] for k, v in upper.items() if len(v) == 1})


def clean(printed: str) -> str:
    """No spaces ('17/NQ- CP'), en dashes and soft hyphens as '-', 'Ð' (eth) as 'Đ', no trailing dot."""
    text = regex.sub(r"\s+", "", printed)
    text = regex.sub(r"[–—\u00ad\u2010\u2011\ufffe]", "-", text).replace("Ð", "Đ")
    return text.rstrip(".-")


def _digits(token: str, repairs: list[str]) -> str | None:
    """'I5' → '15', '0S' → '05'; a letter suffix stays ('12a'); None if not a number."""
    if regex.fullmatch(r"\d+[a-z]?", token):
        return token
    fixed = token.translate(DIGIT_CONFUSIONS)
    if regex.fullmatch(r"\d+", fixed) and regex.search(r"\d", token):
        repairs.append(f"{token}→{fixed}")
        return fixed
    return None


# A unit's code: letters, then its number ("PV01", "PC04", "T5"); OCR reads a digit of the number as
# a letter ("CAT-PV0l"): the tail after the letters is the number when a digit stands in it.
# The tail opens with a digit or an "O" before one ("PCO4"); only O, l and I stand for digits there
# (an "S" or a "B" may be a letter of the code: "PB4").
UNIT_CODE = regex.compile(r"(?P<letters>\p{Lu}+?)(?P<tail>(?:\d|[Oo](?=\d))[0-9lIOo]*)")


def _unit_code(token: str, repairs: list[str]) -> str:
    m = UNIT_CODE.fullmatch(token)
    if m is None:
        return token
    fixed = m["tail"].translate(DIGIT_CONFUSIONS)
    if fixed == m["tail"] or not fixed.isdigit():
        return token
    repairs.append(f"{token}→{m['letters']}{fixed}")
    return m["letters"] + fixed


# A body code that OCR opened with the S read twice, once as a 5: "5SGDĐT" (SGDĐT).
DOUBLED_S = regex.compile(r"5S\p{Lu}")

# The code of a cục or vụ of Bộ Công an, a letter and two digits, which stands as the body in the
# symbols of its own documents: "3456/C06-TTDLDC", "1205/A05-P3".
POLICE_UNIT = regex.compile(r"[ABCHKTVX]\d{2}")

# Tesseract reads one printed "Đ" of a symbol as two ("QĐĐ-UBND", "KH-DĐHVH"); undoubled only where
# that makes a known code (a real "ĐĐ" stays: "HĐĐT", hội đồng đấu thầu).
DOUBLED_D = regex.compile(r"[ĐD]Đ|Đ[ĐD]")


def _known(token: str, known: frozenset[str]) -> str | None:
    """The one known code that `token` is, directly or through OCR confusions; None otherwise."""
    if token in known:
        return token
    slots = [(ch, *CODE_CONFUSIONS.get(ch, ())) for ch in token]
    variants = {"".join(p) for p in itertools.islice(itertools.product(*slots), 64)} - {token}
    variants |= {token[: m.start()] + "Đ" + token[m.end() :] for m in DOUBLED_D.finditer(token, overlapped=True)}
    hits = variants & known
    return next(iter(hits)) if len(hits) == 1 else None


def _body(token: str, local: frozenset[str]) -> str | None:
    v = vocab()
    if ASSEMBLY.match(token):
        return token
    return _known(token, v.bodies | local) or v.bodies_by_upper.get(token.upper())


def parse(printed: str, local: frozenset[str] = frozenset()) -> Symbol | Refused:
    """`local`: body codes the document itself vouches for (those of its own number, "ĐHVH" of a
    university the national tables do not list), known beside the vocabulary."""
    text = clean(printed)
    repairs: list[str] = []
    party = PARTY_FORM.match(text)
    if party and party["joint"] == "/" and regex.fullmatch(r"\d{4}", party["type"]):
        party = None  # "161/2024/NĐ-CP": a year, not a party type
    state = None if party else STATE_FORM.match(text)
    m = party or state
    if m is None:
        return Refused(printed, f"không đúng dạng số/ký hiệu (Nghị định 30, Phụ lục III): '{printed}'")
    number = _digits(m["number"], repairs)
    if number is None:
        return Refused(printed, f"số văn bản không phải là số: '{m['number']}'")
    year = None
    if state and m["year"]:
        year = _digits(m["year"], repairs)
        if year is None:
            return Refused(printed, f"năm trong ký hiệu không phải là số: '{m['year']}'")
    tokens = m["codes"].split("-")
    if DOUBLED_S.match(tokens[0]) and _body(tokens[0][1:], local) is not None:
        # "1234/5SGDĐT-VP": the S read twice, once as a 5; the body without it is known
        repairs.append(f"{tokens[0]}→{tokens[0][1:]}")
        tokens[0] = tokens[0][1:]
    if any(not CODE.match(t) for t in tokens):
        return Refused(printed, f"ký hiệu có phần không đọc được: '{m['codes']}'")
    type_code: str | None = None
    if party:
        type_code = _known(m["type"], vocab().types)
        if type_code is None:
            return Refused(printed, f"loại văn bản '{m['type']}' không có trong Phụ lục III")
    elif len(tokens) >= 2:
        # a type needs a body after it; a lone first token is the body of a công văn
        type_code = _known(tokens[0], vocab().types)
        if type_code is not None:
            tokens = tokens[1:]
    first = tokens[0]
    if POLICE_UNIT.fullmatch(first) is None and (len(regex.sub(r"[^\p{L}]", "", first)) < 2 or not first[0].isupper()):
        return Refused(printed, f"ký hiệu '{first}' quá ngắn hoặc không phải chữ viết tắt của cơ quan")
    body = _body(first, local)
    codes = (body or first, *(_unit_code(t, repairs) for t in tokens[1:]))
    if type_code is not None and m["type" if party else "codes"].split("-")[0] != type_code:
        repairs.append(f"{(m['type'] if party else m['codes'].split('-')[0])}→{type_code}")
    if body is not None and body != first:
        repairs.append(f"{first}→{body}")
    joined = "-".join(codes)
    if party:
        value = f"{number}{m['joint']}{type_code}/{joined}"
    else:
        head = f"{number}/{year}/" if year else f"{number}/"
        value = head + (f"{type_code}-{joined}" if type_code else joined)
    return Symbol(value, number, year, type_code, codes, "party" if party else "state", tuple(repairs))
