"""Schedule tables: a weekly work schedule's rows (lịch công tác tuần), one meeting per row.

    schedule_roles(cells) -> {column: role} | None     the header of a schedule
    shows_schedule_header(text) -> bool                 the cheap page test before a table finder
    schedule_rows(text) -> [ScheduleRow]                the rows under such a header

A thông báo of a body's weekly schedule lays its meetings out as a ruled table, "Thời gian | Nội
dung | Chủ trì | Thành phần | Địa điểm", its first column the day and clock time ("Thứ Hai,
14/4/2025, 08 giờ 00"). The readers print a table row by row with cells joined by " | "
(pipeline/text/tables.py for PDF pages, the DOCX reader for Word tables); this module finds such a
table in that text. Vocabulary: extractors/data/schedule_columns.json.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from congvan.extractors.obligations.tables import Cell, match_role, split_cells
from congvan.extractors.textutil import fold, lines
from congvan.extractors.vocab import load_table

# A printed table row holds this between its cells (pipeline/text/tables.py, the DOCX reader).
CELL_MARK = "|"


@dataclass(frozen=True)
class ScheduleRow:
    """One row of a schedule: its cells by role (roles a table lacks are absent) and its span."""

    cells: dict[str, Cell]
    start: int
    end: int

    def text(self, role: str) -> str:
        cell = self.cells.get(role)
        return cell.text if cell else ""


@cache
def _vocab() -> dict[str, Any]:
    return load_table("schedule_columns")


@cache
def _role_phrases() -> tuple[tuple[str, str], ...]:
    pairs = [(w, role) for role, words in _vocab()["roles"].items() for w in words]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def schedule_roles(cells: list[str] | tuple[str, ...]) -> dict[int, str] | None:
    """The roles of a header row that opens a schedule, or None: a time column before the content
    column, and a place or attendees column (a table of tasks has a lead and a deadline instead)."""
    if len(cells) < 3:
        return None
    roles: dict[int, str] = {}
    for index, cell in enumerate(cells):
        role = match_role(cell, _role_phrases())
        if role is not None and role not in roles.values():
            roles[index] = role
    by_role = {role: index for index, role in roles.items()}
    if "time" not in by_role or "content" not in by_role or by_role["time"] > by_role["content"]:
        return None
    if "place" not in by_role and "attendees" not in by_role:
        return None
    return roles


def shows_schedule_header(text: str) -> bool:
    """Whether a page's text names the columns of a schedule (any order, any line wrapping)."""
    folded = " ".join(fold(text).split())
    cues = _vocab()["page_cues"]
    return (
        all(w in folded for w in cues["required"])
        and any(w in folded for w in cues["timed"])
        and any(w in folded for w in cues["any"])
    )


def schedule_rows(text: str) -> list[ScheduleRow]:
    """The rows of every schedule table in the text, in order. A row is a line of cells under the
    header; the table ends at the first line without a cell separator (a repeated header row, as a
    table continued on the next page prints it, is skipped)."""
    rows: list[ScheduleRow] = []
    roles: dict[int, str] | None = None
    for line in lines(text):
        if CELL_MARK not in line.text:
            if line.text.strip(" \t\f-0123456789"):  # a blank or page-number line keeps the table open
                roles = None
            continue
        cells = split_cells(text, line.start, line.end)
        header = schedule_roles([c.text for c in cells])
        if header is not None:
            roles = header
            continue
        if roles is None:
            continue
        by_role = {role: cells[i] for i, role in roles.items() if i < len(cells) and cells[i].text}
        if by_role:
            rows.append(ScheduleRow(by_role, line.start, line.end))
    return rows
