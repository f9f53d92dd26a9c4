"""Word's automatic list numbering, printed as the page shows it.

A DOCX item numbered by Word ("1.", "a)", "-" from numbering.xml, not typed) has no marker in its
text; the obligation rules read items by their markers, so the reader prints the label Word would
draw before the paragraph: the level's `lvlText` ("%1.", "%2)", "%1.%2.") with each level's
counter in its `numFmt` (decimal, lowerLetter, upperRoman …); a bullet level prints "-". Counters
run per list (`numId`), a level restarts when a level above it moves on, and `startOverride`
/ `start` set where a list begins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex
from docx.oxml.ns import qn

# "%1.", "%1.%2.", "%2)": a placeholder for the counter of level N (1-based).
PLACEHOLDER = regex.compile(r"%([1-9])")
ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)


def _roman(n: int) -> str:
    out = []
    for value, letters in ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word's lowerLetter after z: aa, bb, …
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(fmt: str, n: int) -> str:
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    return str(n)  # decimal, decimalZero and the rest read as digits


@dataclass(frozen=True)
class Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """The lists of one document and their running counters."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId -> ilvl -> Level
    starts: dict[tuple[str, int], int] = field(default_factory=dict)  # startOverride per list level
    style_numbers: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: object) -> Numbering:
        numbering = cls()
        part = getattr(document, "part", None)
        try:
            root = part.numbering_part.element  # type: ignore[union-attr]
        except (AttributeError, KeyError, NotImplementedError):
            return numbering
        abstract: dict[str, dict[int, Level]] = {}
        for node in root.findall(qn("w:abstractNum")):
            levels: dict[int, Level] = {}
            for lvl in node.findall(qn("w:lvl")):
                start = _val(lvl, "w:start", "1")
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = Level(
                    _val(lvl, "w:numFmt", "decimal"), _val(lvl, "w:lvlText", ""), int(start) if start.isdigit() else 1
                )
            abstract[node.get(qn("w:abstractNumId"), "")] = levels
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            ref = num.find(qn("w:abstractNumId"))
            numbering.levels[num_id] = abstract.get(ref.get(qn("w:val"), "") if ref is not None else "", {})
            for override in num.findall(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride", "")
                if start.isdigit():
                    numbering.starts[(num_id, int(override.get(qn("w:ilvl"), "0")))] = int(start)
        # a list style ("List Number") carries its numbering in styles.xml
        styles = getattr(getattr(part, "styles", None), "element", None)
        for style in styles.findall(qn("w:style")) if styles is not None else []:
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
                if num_id:
                    numbering.style_numbers[style.get(qn("w:styleId"), "")] = (num_id, ilvl)
        return numbering

    def label(self, paragraph: object) -> str:
        """The label Word draws before this paragraph ("1.", "a)", "-"), or ""."""
        p = getattr(paragraph, "_p", None)
        if p is None:
            return ""
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        num_id, ilvl = _num_pr(num_pr) if num_pr is not None else ("", 0)
        if not num_id:
            style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            num_id, ilvl = self.style_numbers.get(style.get(qn("w:val"), "") if style is not None else "", ("", 0))
        levels = self.levels.get(num_id)
        if not num_id or num_id == "0" or not levels or ilvl not in levels:
            return ""
        level = levels[ilvl]
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return ""
        counters = self.counters.setdefault(num_id, {})
        first = self.starts.get((num_id, ilvl), level.start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else first
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a level moving on restarts the levels below it

        def counter(match: regex.Match[str]) -> str:
            n = int(match.group(1)) - 1
            shown = levels.get(n)
            start = self.starts.get((num_id, n), shown.start if shown else 1)
            return _format(shown.fmt if shown else "decimal", counters.get(n, start))

        return PLACEHOLDER.sub(counter, level.text).strip()


def _val(node: object, tag: str, default: str) -> str:
    child = node.find(qn(tag))  # type: ignore[attr-defined]
    return child.get(qn("w:val"), default) if child is not None else default


def _num_pr(num_pr: object) -> tuple[str, int]:
    num_id = _val(num_pr, "w:numId", "")
    ilvl = _val(num_pr, "w:ilvl", "0")
    return num_id, int(ilvl) if ilvl.isdigit() else 0
