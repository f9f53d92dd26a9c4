"""Tables of a text-layer PDF page, printed row by row like the DOCX reader prints them: one row per
line, cells joined by " | ", a merged cell's covered cells left empty.

pdfplumber's table finder (ruled lines first; the text-alignment finder only where no ruled table is
found, and only when its first row reads as a header of a table of tasks) runs on pages whose pdfium
text shows such a header or a schedule's ("Thời gian | Nội dung | … | Địa điểm", its rows meetings),
and on the page after one that ended in a table (a table continued across a page break has no header
on its second page). The table's words are taken out of the page and its rows put in their place,
between the text above and below it.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from congvan.extractors.obligations.tables import header_roles, shows_table_header
from congvan.extractors.schedule import schedule_roles, shows_schedule_header
from congvan.pipeline.document import Word
from congvan.pipeline.layout import words_to_text

CELL_SEPARATOR = " | "
# A table below this many columns is a layout table (header, signature), never a table of tasks.
MIN_COLUMNS = 3
# pdfplumber settings of the unruled finder: columns from aligned word edges.
TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "lines", "snap_tolerance": 3}


@dataclass(frozen=True)
class PageTable:
    top: float
    bottom: float
    x0: float
    x1: float
    rows: tuple[tuple[str, ...], ...]

    def lines(self) -> list[str]:
        return [CELL_SEPARATOR.join(row).rstrip() for row in self.rows]


def _clean(cell: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", cell or "").split())


def _is_task_header(rows: Sequence[Sequence[str]]) -> bool:
    return any(header_roles(list(row)) is not None for row in rows[:3])


def _is_schedule_header(rows: Sequence[Sequence[str]]) -> bool:
    return any(schedule_roles(list(row)) is not None for row in rows[:2])


def _base_font(name: str) -> str:
    """A font name without its subset tag: "AAAAAA+DejaVuSerif" → "DejaVuSerif"."""
    tag, plus, rest = name.partition("+")
    return rest if plus and len(tag) == 6 and tag.isupper() else name


def without_fonts(page: Any, fonts: frozenset[str]) -> Any:
    """A pdfplumber page without the characters drawn in `fonts` (an invisible OCR layer's fonts,
    which pdfplumber cannot tell from ink: it does not read the text render mode)."""
    if not fonts:
        return page
    bases = {_base_font(f) for f in fonts}
    return page.filter(lambda obj: obj.get("object_type") != "char" or _base_font(obj.get("fontname", "")) not in bases)


def find_page_tables(
    data: bytes, index: int, continued: int | None = None, hidden_fonts: frozenset[str] = frozenset()
) -> list[PageTable]:
    """The tables of tasks on page `index` (0-based). `continued`: the column count of a table of
    tasks that ended the previous page; a headerless table with that many columns continues it.
    `hidden_fonts`: fonts of an invisible OCR layer, left out of the cells."""
    import pdfplumber

    found: list[PageTable] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = without_fonts(pdf.pages[index], hidden_fonts)
        tables = page.find_tables()
        if not tables:
            tables = [t for t in page.find_tables(TEXT_STRATEGY) if _is_task_header(_rows(t))]
        for table in tables:
            rows = _rows(table)
            width = max((len(r) for r in rows), default=0)
            if width < MIN_COLUMNS:
                continue
            if not (_is_task_header(rows) or _is_schedule_header(rows)) and continued != width:
                continue
            x0, top, x1, bottom = table.bbox
            found.append(PageTable(float(top), float(bottom), float(x0), float(x1), tuple(rows)))
    return found


def _rows(table: object) -> list[tuple[str, ...]]:
    extracted = table.extract()  # type: ignore[attr-defined]
    rows = [tuple(_clean(c) for c in row) for row in extracted]
    return [r for r in rows if any(r)]


def _inside(word: Word, table: PageTable) -> bool:
    cy = (word.top + word.bottom) / 2
    cx = (word.x0 + word.x1) / 2
    return table.top <= cy <= table.bottom and table.x0 - 2 <= cx <= table.x1 + 2


def text_with_tables(words: Sequence[Word], width: float, tables: Sequence[PageTable]) -> str:
    """The page's text with each table's words replaced by its rows, in reading order."""
    ordered = sorted(tables, key=lambda t: t.top)
    rest = [w for w in words if not any(_inside(w, t) for t in ordered)]
    parts: list[str] = []
    above = -1.0
    for table in ordered:
        chunk = [w for w in rest if above < (w.top + w.bottom) / 2 < table.top]
        if chunk:
            parts.append(words_to_text(chunk, width))
        parts.append("\n".join(table.lines()))
        above = table.bottom
    tail = [w for w in rest if (w.top + w.bottom) / 2 > above]
    if tail:
        parts.append(words_to_text(tail, width))
    return "\n".join(p for p in parts if p)


def page_text(
    data: bytes, index: int, words: Sequence[Word], width: float, text: str, continued: int | None,
    hidden_fonts: frozenset[str] = frozenset(),
) -> tuple[str, int | None]:
    """The hook of pdf.py: the page's text with its tables of tasks printed row by row (or `text`
    unchanged), and the column count of a table of tasks that ends the page, for the next page."""
    if not (continued or shows_table_header(text) or shows_schedule_header(text)):
        return text, None
    try:
        tables = find_page_tables(data, index, continued, hidden_fonts)
    except Exception:  # noqa: BLE001 — a table finder failure keeps the page's plain text
        return text, None
    if not tables:
        return text, None
    last = max(tables, key=lambda t: t.bottom)
    words_below = [w for w in words if w.top > last.bottom and w.text.strip(" -0123456789")]
    ends_page = not words_below
    return text_with_tables(words, width, tables), (max(len(r) for r in last.rows) if ends_page else None)

