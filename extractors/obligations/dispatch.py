"""What the obligation extractors need to know about a dispatch before reading its directives:
the body's bounds, the flat one-paragraph-per-line text, its type, and its Kính gửi addressees."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from congvan.extractors.base import Context
from congvan.extractors.landmarks import phrase
from congvan.extractors.obligations.genre import genre_of
from congvan.extractors.obligations.segment import body_bounds, flatten, paragraphs
from congvan.extractors.obligations.units import is_category
from congvan.extractors.textutil import fold, lines
from congvan.extractors.vocab import load_table

# Marks of an official document (a news article has none): "Số: 4515/VKSTC-T5", "Kính gửi:",
# "Nơi nhận:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (folded).
DISPATCH_MARK = regex.compile(
    rf"^\W*(?:{phrase('so')}\s*:|{phrase('kinh_gui')}|{phrase('noi_nhan')}|{phrase('quoc_hieu')})", regex.MULTILINE
)


# The issuer's own units as a Nơi nhận line: "Các đơn vị thuộc Trường", "Các khoa, phòng trực thuộc".
UNITS_OF_ISSUER = regex.compile(r"[Cc]ác\s+\S+.*\b(?:thuộc|trực\s+thuộc|trong)\b")


@dataclass(frozen=True)
class Prepared:
    flat: str
    body: tuple[int, int]
    document_type: str | None
    fallback: tuple[str, ...]
    genre: str  # genre.Genre


def document_type(text: str, context: Context) -> str | None:
    known = context.known.get("document_type")
    if isinstance(known, str):
        return known
    titles: dict[str, str] = load_table("directive_verbs")["title_types"]
    for line in list(lines(text))[:40]:
        stripped = line.stripped.strip("*# ")
        if stripped and stripped.isupper() and fold(stripped) in titles:
            return titles[fold(stripped)]
    return None


# A document with no Kính gửi (a thông báo, a kế hoạch of a school) addresses its directives to the
# recipients its Nơi nhận sends it to for execution (Nghị định 30, Phụ lục I: "- …(để thực hiện);"),
# or, failing any purpose, to a category of its own units ("- Các đơn vị thuộc Trường;"). Unlike a
# Kính gửi block, several such lines do not say which of them a directive is for ("- Các đơn vị thuộc
# trường (để thực hiện); - Sinh viên (để thực hiện)"): then it stays unassigned.
MOST_EXECUTING = 1
EXECUTION_PURPOSE = "de thuc hien"


def addressees(context: Context) -> tuple[str, ...]:
    """The bodies the document addresses its directives to: the Kính gửi block; without one, the
    Nơi nhận recipients that receive it to carry it out."""
    recipients = [r for r in context.known.get("recipients") or [] if isinstance(r, dict) and r.get("name")]
    names = [str(r["name"]) for r in recipients if r.get("kind") == "kinh_gui"]
    if names:
        return tuple(names)
    copies = [r for r in recipients if r.get("kind") == "noi_nhan"]
    executing = [str(r["name"]) for r in copies if fold(str(r.get("purpose") or "")) == EXECUTION_PURPOSE]
    if not executing:
        executing = [
            str(r["name"])
            for r in copies
            if not r.get("purpose") and UNITS_OF_ISSUER.match(str(r["name"])) and is_category(str(r["name"]))
        ]
    return tuple(executing) if len(executing) <= MOST_EXECUTING else ()


def is_dispatch(text: str, context: Context) -> bool:
    known = context.known.get("is_dispatch")
    if isinstance(known, bool):
        return known
    return bool(DISPATCH_MARK.search(fold(text)))


def prepare(text: str, context: Context) -> Prepared | None:
    if not text or not text.strip() or not is_dispatch(text, context):
        return None
    start, end = body_bounds(text)
    paras = paragraphs(text)
    doc_type = document_type(text, context)
    return Prepared(flatten(text, paras), (start, end), doc_type, addressees(context), genre_of(text, doc_type))
