"""Text preparation for the tracker's search, shared by both storage engines.

Both engines index the same two token strings per row — the exact words (lower case, NFC) and the
folded words (no diacritics, 'đ' → 'd') — and receive queries built here from user input, so a
query never carries user syntax into FTS5 or tsquery and both engines match the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

from congvan.extractors.textutil import fold

# Letters and digits only: "4515/VKSTC-T5" → 4515, VKSTC, T5; quotes, '*', ':', '(' never survive.
TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+", regex.VERBOSE)

# One whitespace-separated chunk of a query; its tokens must appear next to each other.
# e.g. "4515/VKSTC-T5" is one chunk of three tokens, "bao cao" is two chunks.
CHUNK = regex.compile(r"\S+", regex.VERBOSE)

SNIPPET_RADIUS = 70
MAX_QUERY_TOKENS = 24  # a pasted paragraph is cut here so a query stays cheap


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def exact_tokens(text: str) -> list[str]:
    return TOKEN.findall(nfc(text).lower())


def folded_tokens(text: str) -> list[str]:
    return TOKEN.findall(fold(nfc(text)))


def index_strings(text: str) -> tuple[str, str]:
    """(exact, folded) token strings to index, space-separated so every engine tokenises them alike."""
    return " ".join(exact_tokens(text)), " ".join(folded_tokens(text))


def folded_key(text: str | None) -> str:
    """A comparable form for filters and duplicate keys: folded words joined by single spaces."""
    return " ".join(folded_tokens(text or ""))


def like_pattern(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') finding `text` folded anywhere: a clerk's "%" or "_" is literal."""
    escaped = folded_key(text).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class Query:
    """A user query as phrases of tokens: each phrase must match, its tokens adjacent."""

    folded: tuple[tuple[str, ...], ...]
    exact: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.folded

    @property
    def has_diacritics(self) -> bool:
        """True when the user typed marks (or 'đ'), so exact matches should rank first."""
        return self.exact != self.folded

    @property
    def all_folded_tokens(self) -> list[str]:
        return [t for phrase in self.folded for t in phrase]


def parse_query(text: str) -> Query:
    folded: list[tuple[str, ...]] = []
    exact: list[tuple[str, ...]] = []
    budget = MAX_QUERY_TOKENS
    for chunk in CHUNK.findall(nfc(text)):
        ex = tuple(exact_tokens(chunk))[:budget]
        if not ex:
            continue
        fo = tuple(fold(t) for t in ex)
        exact.append(ex)
        folded.append(fo)
        budget -= len(ex)
        if budget <= 0:
            break
    return Query(tuple(folded), tuple(exact))


def fts5_phrase(tokens: tuple[str, ...]) -> str:
    # Tokens hold letters, marks and digits only, so double quotes cannot be unbalanced.
    return '"' + " ".join(tokens) + '"'


def fts5_match(query: Query) -> str:
    """FTS5 MATCH text: all folded phrases; when the user typed diacritics, OR the exact phrases so
    bm25 (with the exact column weighted up) ranks rows matching the marks as typed first."""
    folded = " AND ".join(fts5_phrase(p) for p in query.folded)
    expr = f"folded : ({folded})"
    if query.has_diacritics:
        exact = " AND ".join(fts5_phrase(p) for p in query.exact)
        expr = f"({expr}) OR (exact : ({exact}))"
    return expr


def tsquery_text(phrases: tuple[tuple[str, ...], ...]) -> str:
    """to_tsquery('simple', …) text: phrases joined by &, tokens inside a phrase by <->."""
    return " & ".join("(" + " <-> ".join(p) + ")" for p in phrases)


def snippet(text: str, query: Query, radius: int = SNIPPET_RADIUS) -> str:
    """A window of the original text around the first match, every matched word marked [[…]].

    fold() keeps one character per character, so spans found in the folded text hold in the original.
    """
    original = nfc(text)
    folded = fold(original)
    wanted = set(query.all_folded_tokens)
    spans: list[tuple[int, int]] = []
    for m in TOKEN.finditer(folded):
        if m.group() not in wanted:
            continue
        if spans and not folded[spans[-1][1] : m.start()].strip():
            spans[-1] = (spans[-1][0], m.end())  # adjacent matched words read as one mark: [[báo cáo]]
        else:
            spans.append((m.start(), m.end()))
    if not spans:
        head = " ".join(original[: 2 * radius].split())
        return head + ("…" if len(original) > 2 * radius else "")
    first = spans[0][0]
    lo = max(0, first - radius)
    hi = min(len(original), first + radius)
    if lo > 0:
        space = original.find(" ", lo)
        lo = space + 1 if 0 <= space < first else lo
    if hi < len(original):
        space = original.rfind(" ", spans[0][1], hi)
        hi = space if space > 0 else hi
    parts: list[str] = []
    pos = lo
    for start, end in spans:
        if start < lo or end > hi:
            continue
        parts.append(original[pos:start])
        parts.append("[[" + original[start:end] + "]]")
        pos = end
    parts.append(original[pos:hi])
    body = " ".join("".join(parts).split())
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(original) else "")
