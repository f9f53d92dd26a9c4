"""Độ khẩn and độ mật: "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC (HẸN GIỜ)"; "MẬT", "TỐI MẬT", "TUYỆT MẬT".

Printed or stamped in the header, in capitals, standing alone (a line or a column piece of its
own, or set apart from the number line). Not "khẩn trương" in a subject or the body, not the
receiving stamp ("CÔNG VĂN ĐẾN"), not "MẬT" inside a word or in "BÍ MẬT", "BẢO MẬT".

A mark stamped in red ink never reaches the page OCR (red ink is painted out first); the OCR
stage reads it apart (pipeline/ocr/stamps.py) and appends it to the page text on a line of its
own under a marker, "[Dấu] HỎA TỐC", which is read here wherever it stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.header import Header, analyse, spaced_title
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

STAMP_MARKER = "[Dấu]"  # congvan.pipeline.ocr.stamps.STAMP_MARKER; extractors do not import pipeline
# A stamped mark as the OCR stage appends it to the page text.
# matches "[Dấu] HỎA TỐC", "[Dấu] TỐI MẬT"
STAMP_LINE = regex.compile(
    rf"""
    ^[ \t]* {regex.escape(STAMP_MARKER)} [ \t]+ (?P<mark>[^\n]*?) [ \t]*$
    """,
    regex.VERBOSE | regex.MULTILINE,
)
STAMP_CONFIDENCE = 0.85  # the stamp was read apart and matched to the vocabulary already


@dataclass(frozen=True)
class Mark:
    field: str  # "urgency" | "secrecy"
    value: str
    pattern: regex.Pattern[str]  # folded phrase with word boundaries and the prose exclusions


@cache
def marks() -> tuple[Mark, ...]:
    table = load_table("marks")
    not_after = "|".join(spaced_title(w) for w in table["not_followed_by"])
    not_before = [fold(w) for w in table["not_preceded_by"]]
    found: list[tuple[int, Mark]] = []
    for field_name in ("urgency", "secrecy"):
        for entry in table[field_name]:
            for phrase in entry["phrases"]:
                behind = "".join(rf"(?<!\b{regex.escape(w)}\s{{1,3}})" for w in not_before)
                pattern = regex.compile(
                    rf"(?<![\p{{L}}\d]){behind}(?P<mark>{spaced_title(phrase)})(?![\p{{L}}\d])(?!\s+(?:{not_after})\b)"
                )
                found.append((len(phrase), Mark(field_name, entry["value"], pattern)))
    found.sort(key=lambda t: -t[0])
    return tuple(m for _, m in found)


def _upper_at(header: Header, start: int, end: int) -> bool:
    letters = regex.sub(r"\P{L}", "", header.view[start:end])
    return bool(letters) and letters.isupper()


def stamped(text: str) -> dict[str, Candidate]:
    """Marks on "[Dấu] …" lines, with the span of the mark words (not the marker)."""
    candidates: dict[str, Candidate] = {}
    for line in STAMP_LINE.finditer(text):
        folded = fold(line["mark"])
        for mark in marks():
            m = mark.pattern.fullmatch(folded)
            if mark.field in candidates or m is None:
                continue
            start = line.start("mark") + m.start("mark")
            end = line.start("mark") + m.end("mark")
            candidates[mark.field] = Candidate(mark.field, mark.value, start, end, "marks.stamp", STAMP_CONFIDENCE)
    return candidates


SPEC = ExtractorSpec("marks", ("urgency", "secrecy"), order=10)


def extract(text: str, context: Context) -> Extraction:
    header = analyse(text)
    candidates = stamped(text)
    for seg in header.segments:
        if seg.kind != "plain" or seg.stripped.startswith(STAMP_MARKER):
            continue
        folded = header.folded_of(seg)
        for mark in marks():
            if mark.field in candidates:
                continue
            m = mark.pattern.search(folded)
            if not m:
                continue
            start, end = seg.start + m.start("mark"), seg.start + m.end("mark")
            if not _upper_at(header, start, end):
                continue  # "khẩn" in lower case is prose
            alone = not folded[: m.start("mark")].strip(" -–_.,:|") and not folded[m.end("mark") :].strip(" -–_.,:|")
            confidence = 0.9 if alone else 0.6
            if context.is_ocr:
                confidence -= 0.1
            rule = "marks.standalone" if alone else "marks.in_line"
            candidates[mark.field] = Candidate(mark.field, mark.value, start, end, rule, round(confidence, 2))
    return Extraction(tuple(candidates.values()))
