"""What the obligation extractors need to know about a dispatch before reading its directives:
the body's bounds, the flat one-paragraph-per-line text, its type, and its Kính gửi addressees."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from congvan.extractors.base import Context
from congvan.extractors.landmarks import phrase
from congvan.extractors.obligations.genre import genre_of
from congvan.extractors.obligations.segment import body_bounds, flatten, paragraphs
from congvan.extractors.textutil import fold, lines
from congvan.extractors.vocab import load_table

# Marks of an official document (a news article has none): "Số: 4515/VKSTC-T5", "Kính gửi:",
# "Nơi nhận:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (folded).
DISPATCH_MARK = regex.compile(
    rf"^\W*(?:{phrase('so')}\s*:|{phrase('kinh_gui')}|{phrase('noi_nhan')}|{phrase('quoc_hieu')})", regex.MULTILINE
)


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


def addressees(context: Context) -> tuple[str, ...]:
    recipients = context.known.get("recipients") or []
    names = []
    for item in recipients:
        if isinstance(item, dict) and item.get("kind") == "kinh_gui" and item.get("name"):
            names.append(str(item["name"]))
    return tuple(names)


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
