"""Tables of tasks: a kế hoạch's appendix "STT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối
hợp | Thời gian hoàn thành" read as one task per row.

The text stages linearise every table row by row, cells joined by " | " (DOCX in pipeline/text/docx.py,
text-layer PDFs in pipeline/text/tables.py, scans in pipeline/ocr/tables.py). Here a table of tasks is
recognised from its header row (column roles from extractors/data/table_columns.json, matched
diacritics-folded), and each data row becomes a task: the task cell's text, the lead bodies first
among the assignees, then the named supporting bodies (a vague "các cơ quan liên quan" is
supporting only, per the gold guide), and the deadline cell resolved by extractors/deadlines.py.

    find_tables(text) -> list[TaskTable]
    table_tasks(text, issued) -> list[dict]   (same shape as the prose tasks)

Section rows ("II | CÔNG TÁC TUYÊN TRUYỀN", one merged cell) give context, not tasks; a row with an
empty STT and task cell (a merged cell continued) or an empty STT and a task cell that continues the
previous one after a page break is joined to the previous row. The rows' character ranges are
returned so the prose directive detector does not read them a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Any

import regex

from congvan.extractors.deadlines import resolve
from congvan.extractors.obligations.units import head_of, is_category
from congvan.extractors.obligations.vague import is_vague
from congvan.extractors.textutil import collapse, fold
from congvan.extractors.vocab import load_table

Range = tuple[int, int]

# The cell separator the text stages print, with the spaces around it (a trailing empty cell
# loses its space to the normaliser); a DOCX or text file laid out with tabs separates its cells
# with tabs.
# matches " | " in "1 | Rà soát thủ tục | Sở Tư pháp | | Quý II/2025", "\t" in "1\tRà soát\tSở Tư pháp"
CELL_SEPARATOR = regex.compile(r"[ \t]*\|[ \t]*|[ ]*\t[ ]*", regex.VERBOSE)

# A column-number row printed under the header: "(1) | (2) | (3)" or "1 | 2 | 3 | 4".
# matches "(1)", "2"
COLUMN_NUMBER = regex.compile(r"^\(?\d{1,2}\)?$", regex.VERBOSE)

# A row number in the STT cell: "1", "1.", "1.2", "a", "a)".
# matches "12", "2.3", "b)"
ROW_NUMBER = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[a-zđ])[.)]?$", regex.VERBOSE)

# A section heading: a roman numeral, alone or leading the cell ("II", "III. CÔNG TÁC KIỂM TRA"),
# or a capital letter ("A. NHIỆM VỤ TRỌNG TÂM").
# matches "iii. cong tac kiem tra" (folded)
SECTION_HEAD = regex.compile(r"^(?P<numeral>[ivxl]{1,5}|[a-h])(?:[.)/:\-]|\s|$)", regex.VERBOSE)

# A line that may stand between two rows of one table: a page number, a running header or nothing.
# matches "2", "- 3 -", "Trang 4"
BETWEEN_ROWS = regex.compile(r"^\s*(?:[-–]?\s*(?:trang\s*)?\d{1,3}\s*[-–]?)?\s*$", regex.VERBOSE | regex.IGNORECASE)

# A plain-text table laid out in columns of spaces: the cells of its header are apart by two or more
# spaces (a cell's own words by one).
# matches "STT", "Nhiệm vụ", "Cơ quan chủ trì" in "STT  Nhiệm vụ          Cơ quan chủ trì    Thời hạn"
ALIGNED_CELL = regex.compile(r"\S+(?:[ ]\S+)*", regex.VERBOSE)

# A line of a space-aligned table: two or more spaces between two of its words, or indented (a cell
# wrapped onto the next line under its column).
# matches "1    Xây dựng kế hoạch     Thống kê tỉnh", "     điều tra tại địa phương"
ALIGNED_LINE = regex.compile(r"^[ ]{2,}\S|\S[ ]{2,}\S", regex.VERBOSE)

# A deadline cell printed as a range of days: its end is the deadline (gold guide).
# matches "01/4 - 31/5/2026", "06/10 – 10/10/2025"
DAY_RANGE_CELL = regex.compile(
    r"^(?P<first>\d{1,2}/\d{1,2}(?:/\d{2,4})?)\s*[-–—]\s*(?P<last>\d{1,2}/\d{1,2}/\d{4})$", regex.VERBOSE
)

# A cell naming several bodies.
# matches ", " in "Phòng Quản lý chất lượng, Phòng Kế hoạch tổng hợp", " và " in "Sở A và Sở B"
SEVERAL_NAMES = regex.compile(r"[,;(]|\s(?:với|chủ\ trì|phối\ hợp)\s", regex.VERBOSE | regex.IGNORECASE)
# "và" joins two bodies when a body's head follows it ("Phòng Kế hoạch và Phòng Tài chính"), and
# belongs to the name otherwise ("Trung tâm Quy hoạch và Kiểm định xây dựng").
AND = regex.compile(r"\svà\s", regex.IGNORECASE)

# A time cell holding only a clock time or span: a programme's session, not a duty's deadline.
# matches "08h00 - 08h30", "14 giờ", "7:30"
CLOCK_ONLY_CELL = regex.compile(
    r"^(?:từ\s*)?\d{1,2}\s*(?:h|giờ|g|:)\s*\d{0,2}(?:\s*phút)?"
    r"(?:\s*(?:[-–—]|đến)\s*\d{1,2}\s*(?:h|giờ|g|:)\s*\d{0,2}(?:\s*phút)?)?$",
    regex.VERBOSE | regex.IGNORECASE,
)

# The period of a phase's heading row in a plan's table (class: kế hoạch of communes and schools
# laid out by phases). matches "từ ngày 15/10 đến ngày 25/10/2025", "từ 26/10 đến 20/11/2025"
SECTION_PERIOD = regex.compile(
    r"từ\s+(?:ngày\s+)?\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*(?:đến|[-–])\s*(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4}",
    regex.IGNORECASE,
)

# A row's doer is a short subject, not a clause the verb finder failed to end.
MAX_DOER_CHARS = 80

# A row the table finder left out is at most this many loose lines of at most this many characters
# (a cell's wrapped lines), followed by a row of the table's own width.
MAX_UNRULED_LINES = 8
MAX_UNRULED_LINE_CHARS = 60

# A loose line of a time cell: "Trước ngày", "20/5/2026", "Tháng 4/2026", "Từ 05/5 đến".
# matches "Trước ngày", "20/5/2026", "Quý II/2026"
TIME_LINE = regex.compile(
    r"^\s*(?:(?:trước|từ|đến|trong)\b.*|(?:ngày\s*)?\d{1,2}/\d{1,2}(?:/\d{2,4})?.*|(?:tháng|quý|tuần)\s+[\dIVX].*)$",
    regex.IGNORECASE,
)

# Rows of one table may be apart by this many lines (blank lines, a page number at a page break).
MAX_GAP_LINES = 4


@cache
def _vocab() -> dict[str, Any]:
    table: dict[str, Any] = load_table("table_columns")
    return table


@cache
def _role_phrases() -> list[tuple[str, str]]:
    """(folded wording, role), longest wording first so "co quan phoi hop" wins over "phoi hop"."""
    pairs = [(w, role) for role, words in _vocab()["roles"].items() for w in words]
    return sorted(pairs, key=lambda p: -len(p[0]))


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Row:
    start: int
    end: int
    cells: tuple[Cell, ...]


@dataclass
class TaskTable:
    """One recognised table of tasks: its header's roles by column, its rows and its extent."""

    header: Row
    roles: dict[int, str]
    rows: list[Row] = field(default_factory=list)

    @property
    def span(self) -> Range:
        end = self.rows[-1].end if self.rows else self.header.end
        return self.header.start, end

    def cell(self, row: Row, role: str) -> Cell | None:
        index = next((i for i, r in self.roles.items() if r == role), None)
        if index is None:
            return None
        if len(row.cells) == len(self.header.cells) or index < len(row.cells):
            return row.cells[index] if index < len(row.cells) else None
        return None


def split_cells(text: str, start: int, end: int) -> tuple[Cell, ...]:
    """The cells of a printed table row text[start:end] (" | " or tab separated), trimmed."""
    cells: list[Cell] = []
    pos = start
    for sep in CELL_SEPARATOR.finditer(text, start, end):
        cells.append(_cell(text, pos, sep.start()))
        pos = sep.end()
    cells.append(_cell(text, pos, end))
    return tuple(cells)


def _cell(text: str, start: int, end: int) -> Cell:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Cell(start, end, collapse(text[start:end]))


def _lines(text: str) -> list[Range]:
    out: list[Range] = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def role_of(cell_text: str) -> str | None:
    """The column role a header cell names ("Cơ quan chủ trì" → "lead"), or None."""
    return match_role(cell_text, _role_phrases())


def _folded_header(cell_text: str) -> str:
    """A header cell as its wordings are written: folded, "/" as a space ("Bộ phận / người thực
    hiện"), spacing collapsed, stray marks stripped."""
    return " ".join(fold(cell_text).replace("/", " ").split()).strip(" .:*()")


def match_role(cell_text: str, phrases: Sequence[tuple[str, str]]) -> str | None:
    """The role of the first (folded wording, role) pair whose wording is the whole header cell or
    its start; `phrases` longest wording first. Shared with the schedule tables (extractors/schedule)."""
    folded = _folded_header(cell_text)
    if not folded:
        return None
    for wording, role in phrases:
        if folded == wording or folded.startswith(wording + " ") or folded.startswith(wording + ","):
            return role
    return None


def header_roles(cells: tuple[Cell, ...] | list[str]) -> dict[int, str] | None:
    """The roles of a header row that opens a table of tasks, or None: it needs a task column and a
    lead column, and a deadline column, if any, after the task (a programme "Thời gian | Nội dung |
    Chủ trì" is a schedule, not a table of tasks); or, without a lead, a task column that names work
    and a time column, and no column of a schedule of meetings or exams (a timeline)."""
    texts = [c.text if isinstance(c, Cell) else c for c in cells]
    if len(texts) < 3:
        return None
    roles: dict[int, str] = {}
    for index, text in enumerate(texts):
        role = role_of(text)
        if role is not None and role not in roles.values():
            roles[index] = role
    by_role = {role: index for index, role in roles.items()}
    if "task" not in by_role:
        return None
    if "lead" not in by_role and (
        "deadline" not in by_role or _schedule_columns(texts) or not _names_work(texts[by_role["task"]])
    ):
        # a timeline ("Thời gian | Nội dung công việc | Ghi chú") lays its rows on whoever each row
        # names; a lịch công tác or lịch thi ("… | Địa điểm | Thành phần", "Môn thi") lays none
        return None
    if "lead" in by_role and "deadline" in by_role and by_role["deadline"] < by_role["task"] and _chairs(
        texts[by_role["lead"]]
    ):
        return None
    return roles


def _names_work(task_header: str) -> bool:
    """A task header that names work ("Nội dung công việc", "Nhiệm vụ"), not a bare "Nội dung"."""
    folded = _folded_header(task_header)
    return any(folded.startswith(word) for word in _vocab()["timeline_task_headers"])


def _schedule_columns(texts: Sequence[str]) -> bool:
    """Whether a header names a column of a schedule of meetings or exams (place, attendees, chair,
    exam subject)."""
    folded = [_folded_header(t) for t in texts]
    return any(cell.startswith(word) for cell in folded for word in _schedule_words())


@cache
def _schedule_words() -> tuple[str, ...]:
    """A meeting schedule's place, attendees and chair wordings (schedule_columns.json, the schedule
    reader's own), and an exam timetable's."""
    roles = load_table("schedule_columns")["roles"]
    return (*roles["place"], *roles["attendees"], *roles["chair"], *_vocab()["exam_columns"])


def _chairs(lead_header: str) -> bool:
    """ "Chủ trì" after "Thời gian | Nội dung": who chairs each session of a programme; a schedule of
    work ("TT | Nội dung | Thời gian | Đơn vị thực hiện") names who carries each row out."""
    return _folded_header(lead_header) in _vocab()["programme_leads"]


def shows_table_header(text: str) -> bool:
    """Whether a page's text names the columns of a table of tasks (the lead's "chủ trì" and two other
    roles, in any order or line wrapping): the cheap test before a slow table finder runs."""
    folded = " ".join(fold(text).split())  # a wrapped header cell: "Thời gian" / "hoàn" / "thành"
    found = {role for role, words in _vocab()["page_cues"].items() if any(w in folded for w in words)}
    timed = "deadline" in found or "thoi gian" in folded
    return (
        ("lead" in found and len(found) >= 3)
        or ("task_only" in found and timed)
        or {"stt", "task", "deadline"} <= found
    )


def _is_separated(text: str, line: Range) -> bool:
    content = text[line[0] : line[1]]
    return "|" in content or "\t" in content.strip()


def _is_section(table: TaskTable, row: Row) -> bool:
    """A heading row: one merged cell, or a roman numeral in the STT cell with no lead nor deadline."""
    filled = [c for c in row.cells if c.text]
    if not filled:
        return False
    lead = table.cell(row, "lead")
    deadline = table.cell(row, "deadline")
    if (lead and lead.text) or (deadline and deadline.text):
        return False
    task = table.cell(row, "task")
    if task is not None and task.text.isupper() and len(task.text) > 3:
        return True  # "II | CẢI CÁCH THỦ TỤC HÀNH CHÍNH", whatever OCR made of the numeral
    first = fold(filled[0].text)
    head = SECTION_HEAD.match(first)
    if len(filled) == 1 and (head or filled[0].text.isupper() or len(row.cells) == 1):
        return True
    if head and head.group("numeral") in _vocab()["roman_numerals"]:
        return True
    return len(filled) == 1 and len(row.cells) < len(table.header.cells)


def _is_column_numbers(row: Row) -> bool:
    return all(COLUMN_NUMBER.match(c.text) for c in row.cells if c.text) and any(c.text for c in row.cells)


def _is_repeated_header(table: TaskTable, row: Row) -> bool:
    roles = header_roles(row.cells)
    return roles is not None and set(roles.values()) == set(table.roles.values())


def find_tables(text: str) -> list[TaskTable]:
    """Every table of tasks in `text` (rows as the text stages print them)."""
    lines = _lines(text)
    tables: list[TaskTable] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        if not _is_separated(text, lines[i]):
            aligned = _aligned_header(text, lines[i])
            if aligned is None:
                i += 1
                continue
            table, columns = aligned
            i = _collect_aligned_rows(text, lines, i + 1, table, columns)
            tables.append(table)
            continue
        cells = split_cells(text, start, end)
        roles = header_roles(cells)
        if roles is None:
            i += 1
            continue
        table = TaskTable(Row(start, end, cells), roles)
        i = _collect_rows(text, lines, i + 1, table)
        tables.append(table)
    return tables


def _collect_rows(text: str, lines: list[Range], i: int, table: TaskTable) -> int:
    """Read the rows of `table` from line `i`; return the index of the first line after it."""
    width = len(table.header.cells)
    gap = 0
    last = i
    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        if _is_separated(text, lines[i]):
            row = Row(start, end, split_cells(text, start, end))
            if not _is_repeated_header(table, row) and not _is_column_numbers(row):
                if len(row.cells) > width + 1:
                    break  # another table
                table.rows.append(row)
            gap = 0
            last = i + 1
        elif table.rows and gap == 0 and _single_cell_section(line):
            table.rows.append(Row(start, end, (_cell(text, start, end),)))
            last = i + 1
        elif BETWEEN_ROWS.match(line) and gap < MAX_GAP_LINES:
            gap += 1
        elif table.rows and (bridged := _unruled_row(text, lines, i, table)) is not None:
            row, i = bridged
            table.rows.append(row)
            gap = 0
            last = i
            continue
        else:
            break
        i += 1
    return last


def _unruled_row(text: str, lines: list[Range], i: int, table: TaskTable) -> tuple[Row, int] | None:
    """A row the PDF's table finder left out, printed as loose lines between two pieces of the same
    table: one whose lead cell is merged with the row above across a page break has no top rule on
    its page ("Trước ngày" / "20/5/2026" / "Tổ chức thi thử lần 2; thông báo kết quả" / "đến cha mẹ
    học sinh."). Taken when a row of the table's width follows within a few short lines: its time
    lines are its deadline, the others its task; its lead is the merged cell's (see _drafts)."""
    width = len(table.header.cells)
    roles = {role: index for index, role in table.roles.items()}
    if "task" not in roles:
        return None
    loose: list[Range] = []
    j = i
    while j < len(lines) and j - i < MAX_UNRULED_LINES:
        start, end = lines[j]
        line = text[start:end]
        if _is_separated(text, lines[j]):
            break
        if len(line.strip()) > MAX_UNRULED_LINE_CHARS or _single_cell_section(line):
            return None
        if line.strip():
            loose.append(lines[j])
        j += 1
    if not loose or j >= len(lines) or not _is_separated(text, lines[j]):
        return None
    if len(split_cells(text, *lines[j])) != width:
        return None
    timed = [r for r in loose if TIME_LINE.search(text[r[0] : r[1]])]
    said = [r for r in loose if r not in timed]
    if not said:
        return None
    cells = [Cell(loose[0][0], loose[0][0], "") for _ in range(width)]
    cells[roles["task"]] = Cell(said[0][0], said[-1][1], collapse(" ".join(text[a:b] for a, b in said)))
    if timed and "deadline" in roles:
        cells[roles["deadline"]] = Cell(timed[0][0], timed[-1][1], collapse(" ".join(text[a:b] for a, b in timed)))
    return Row(loose[0][0], loose[-1][1], tuple(cells)), j


def _aligned_header(text: str, line: Range) -> tuple[TaskTable, list[int]] | None:
    """A header row of a table laid out in columns of spaces (a plain-text file or another tool's
    text: "STT  Nhiệm vụ     Cơ quan chủ trì    Thời hạn"), and the columns its cells start at."""
    start, end = line
    content = text[start:end]
    if "  " not in content.strip():
        return None
    found = list(ALIGNED_CELL.finditer(content))
    if len(found) < 3:
        return None
    cells = tuple(Cell(start + m.start(), start + m.end(), m.group()) for m in found)
    roles = header_roles(cells)
    if roles is None:
        return None
    return TaskTable(Row(start, end, cells), roles), [m.start() for m in found]


def _boundary(line: str, column: int) -> int:
    """Where a cell boundary falls on one line: at the header's column, moved to the nearest space
    when a word of this line crosses it (cells drift by a character or two from their header)."""
    if column <= 0 or column >= len(line) or line[column - 1] == " " or line[column] == " ":
        return min(max(column, 0), len(line))
    left = line.rfind(" ", 0, column)
    right = line.find(" ", column)
    if right < 0:
        right = len(line)
    if left < 0 or column - left > right - column:
        return right
    return left + 1


def _aligned_cells(text: str, line: Range, columns: list[int]) -> list[Cell]:
    start, end = line
    content = text[start:end]
    bounds = [0] + [_boundary(content, c) for c in columns[1:]] + [len(content)]
    for k in range(1, len(bounds)):
        bounds[k] = max(bounds[k], bounds[k - 1])
    return [_cell(text, start + bounds[k], start + bounds[k + 1]) for k in range(len(columns))]


def _merge(row: list[Cell], more: list[Cell]) -> list[Cell]:
    """A wrapped row: each column's text continued on the next line."""
    out: list[Cell] = []
    for cell, extra in zip(row, more, strict=True):
        if not extra.text:
            out.append(cell)
        elif not cell.text:
            out.append(extra)
        else:
            out.append(Cell(cell.start, extra.end, f"{cell.text} {extra.text}"))
    return out


def _collect_aligned_rows(text: str, lines: list[Range], i: int, table: TaskTable, columns: list[int]) -> int:
    """Read the rows of a space-aligned table from line `i`: a line with its first column filled opens
    a row, an indented one continues the row above (a wrapped cell, also across a page break); a page
    number or blank lines may stand between rows, the first line of prose ends the table."""
    current: list[Cell] | None = None
    gap = 0
    last = i

    def close() -> None:
        if current is not None and any(c.text for c in current):
            table.rows.append(Row(current[0].start if current[0].text else _first(current), _last(current),
                                  tuple(current)))

    while i < len(lines):
        start, end = lines[i]
        line = text[start:end]
        if not line.strip() or (BETWEEN_ROWS.match(line) and not line.startswith(" ")):
            if gap >= MAX_GAP_LINES:
                break
            gap += 1
            i += 1
            continue
        if not ALIGNED_LINE.search(line):
            break
        cells = _aligned_cells(text, lines[i], columns)
        if header_roles(tuple(cells)) is not None:
            pass  # the header repeated on a new page
        elif cells[0].text or current is None:
            close()
            current = cells
        else:
            current = _merge(current, cells)
        gap = 0
        last = i + 1
        i += 1
    close()
    return last


def _first(cells: list[Cell]) -> int:
    return min(c.start for c in cells if c.text)


def _last(cells: list[Cell]) -> int:
    return max(c.end for c in cells if c.text)


def _single_cell_section(line: str) -> bool:
    """A merged heading row printed as one cell without separators (DOCX keeps a merged cell once)."""
    stripped = line.strip()
    head = SECTION_HEAD.match(fold(stripped))
    return bool(stripped) and len(stripped) < 200 and (bool(head) or stripped.isupper())


@dataclass
class _Draft:
    row: Row
    parts: list[Cell]
    lead: list[str]
    supporting: list[str]
    deadline: Cell | None
    end: int


def _names(cell: Cell | None) -> list[str]:
    if cell is None or not cell.text:
        return []
    return list(_names_of(cell.text))


@lru_cache(maxsize=512)
def _names_of(cell_text: str) -> tuple[str, ...]:
    """The bodies a lead or supporting cell names; a table repeats the same few cells row after row,
    and reading one runs the whole obligations pipeline, so the answer is kept."""
    from congvan.extractors.obligations.pipeline import assignees_of

    if ";" in cell_text:
        # a cell lists its bodies one per ";" ("Trưởng thôn; Chi hội Phụ nữ thôn")
        parts = [_names_of(part) for part in cell_text.split(";") if part.strip(" .,-–")]
        return tuple(dict.fromkeys(name for names in parts for name in names))
    out: list[str] = []
    whole = collapse(cell_text).strip(" .;,-–")
    found = assignees_of(cell_text)
    several = SEVERAL_NAMES.search(whole) or any(head_of(whole[m.end() :]) for m in AND.finditer(whole))
    if len(found) == 1 and whole.startswith(found[0]) and not several:
        # a lead cell holds nothing but its body: a name that reads like a verb ("Đoàn tự kiểm tra")
        # is still the whole name
        found = [whole]
    for name in found:
        name = collapse(name).strip(" .;,-–")
        if name and name not in out:
            out.append(name)
    return tuple(out)


def resolve_cell(cell_text: str, issued: date | None) -> dict[str, Any] | None:
    """The deadline a deadline cell states: as printed ("Trước 30/6/2025"), or read as a period
    ("Quý III/2025" → its last day) or a day ("30/6/2025"); the text is the cell as printed."""
    text = collapse(cell_text)
    if not text:
        return None
    day_range = DAY_RANGE_CELL.match(text)
    if day_range:
        value = resolve(f"từ {day_range['first']} đến {day_range['last']}", issued)
        if value is not None:
            return {**value, "text": text}
    for prefix in _vocab()["deadline_prefixes"]:
        value = resolve(prefix + text, issued)
        if value is not None:
            return {**value, "text": text}
    return None


# The parts of a deadline cell that gives one term per stage: "Sơ kết: tháng 6/2026; tổng kết: tháng
# 12/2026" (class: kế hoạch appendices whose row holds a mid-term and a final review).
CELL_PART = regex.compile(r"\s*;\s*")
STAGE_LABEL = regex.compile(r"^[^:\d]{1,25}:\s*")


def cell_deadlines(cell_text: str, issued: date | None) -> list[dict[str, Any] | None]:
    """The deadlines a deadline cell states: one per stage when each of its ";" parts resolves to a
    date of its own (the gold guide: one directive with two deadlines is two tasks), else the
    cell's one deadline, or None."""
    parts = [p for p in CELL_PART.split(collapse(cell_text)) if p]
    if len(parts) > 1:
        values = [resolve_cell(STAGE_LABEL.sub("", part), issued) for part in parts]
        dated = [v for v in values if v is not None and v.get("date")]
        if len(dated) == len(values) and len({v["date"] for v in dated}) == len(dated):
            return [{**v, "text": part} for v, part in zip(dated, parts, strict=True)]
    return [resolve_cell(cell_text, issued)]


def _phase_heading(table: TaskTable, row: Row) -> tuple[bool, Cell | None]:
    """Whether a row heads a phase (text outside the task and time columns, none in them: "Giai
    đoạn 1: Chuẩn bị (từ ngày 15/10 đến ngày 25/10/2025) | | | |"), and the period it states as a
    cell ("từ ngày 15/10 đến ngày 25/10/2025"), if any."""
    # a row with only a lead's, a supporting body's or a time's text is the row above run on
    if any((c := table.cell(row, role)) is not None and c.text for role in ("task", "deadline", "lead", "supporting")):
        return False, None
    texts = [c for c in row.cells if c.text]
    if not texts or ROW_NUMBER.match(texts[0].text):
        return False, None
    for cell in texts:
        m = SECTION_PERIOD.search(cell.text)
        if m is not None:
            return True, Cell(cell.start, cell.end, m.group(0))
    return True, None


def _drafts(table: TaskTable) -> list[_Draft]:
    drafts: list[_Draft] = []
    has_numbers = "stt" in table.roles.values()
    previous_end = table.header.end
    period: Cell | None = None  # the period a phase's heading row gives ("Giai đoạn 1 (từ … đến …)")
    for row in table.rows:
        heads, phase = _phase_heading(table, row)
        if heads or _is_section(table, row):
            previous_end = row.end
            period = phase
            continue
        stt = table.cell(row, "stt")
        task = table.cell(row, "task")
        task_text = task.text if task is not None else ""
        numbered = stt is not None and bool(stt.text)
        after_break = has_numbers and row.start > previous_end + 1  # blank or page-number lines between
        previous_end = row.end
        if drafts and not numbered and (not task_text or task_text[:1].islower() or after_break):
            draft = drafts[-1]
            if task is not None and task.text:
                draft.parts.append(task)
            draft.lead += [n for n in _names(table.cell(row, "lead")) if n not in draft.lead]
            draft.supporting += [n for n in _names(table.cell(row, "supporting")) if n not in draft.supporting]
            deadline = table.cell(row, "deadline")
            if draft.deadline is None and deadline is not None and deadline.text:
                draft.deadline = deadline
            draft.end = row.end
        elif task is not None and task.text:
            deadline = table.cell(row, "deadline")
            lead = _names(table.cell(row, "lead"))
            if not lead and drafts and "lead" in table.roles.values():
                # a lead cell merged down over several rows is printed in the first of them only
                lead = list(drafts[-1].lead)
            drafts.append(
                _Draft(
                    row,
                    [task],
                    lead,
                    _names(table.cell(row, "supporting")),
                    # a row with no time of its own is due by the end of its phase
                    deadline if deadline is not None and deadline.text else period,
                    row.end,
                )
            )
    return drafts


def _is_programme(table: TaskTable) -> bool:
    """Most of the time cells are clock times: the sessions of one day's programme."""
    cells = [c.text.strip() for row in table.rows if (c := table.cell(row, "deadline")) is not None and c.text.strip()]
    return bool(cells) and sum(bool(CLOCK_ONLY_CELL.match(c)) for c in cells) * 2 >= len(cells)


def _doer(task_text: str) -> list[str]:
    """Who a row of a timeline without a lead column names as its doer: the subject before its first
    action verb ("Sinh viên nộp báo cáo …" → "Sinh viên"); none for a row that opens with its verb
    (it is the addressees', filled in by the caller)."""
    from congvan.extractors.obligations.assignees import action_verbs
    from congvan.extractors.obligations.pipeline import assignees_of

    flat = collapse(task_text)
    if not flat or action_verbs().match(flat[:1].lower() + flat[1:]):
        return []
    found = assignees_of(flat)
    if len(found) != 1 or not flat.startswith(found[0]) or len(found[0]) >= min(len(flat), MAX_DOER_CHARS):
        return []
    return found


def table_tasks(text: str, issued: date | None) -> tuple[list[dict[str, Any]], list[Range]]:
    """The tasks of every table of tasks in `text`, and the tables' character ranges. A row of a
    table without a lead column carries `"addressed": True` when it names no doer."""
    tasks: list[dict[str, Any]] = []
    spans: list[Range] = []
    for table in find_tables(text):
        spans.append(table.span)
        has_lead = "lead" in table.roles.values()
        if not has_lead and _is_programme(table):
            continue
        for draft in _drafts(table):
            supporting = draft.supporting
            lead = draft.lead if has_lead else _doer(" ".join(part.text for part in draft.parts))
            # a category ("các sở, ngành liên quan", "cán bộ, giáo viên") supports only (gold guide)
            assignees = lead + [n for n in supporting if not is_vague(n) and not is_category(n) and n not in lead]
            deadlines = cell_deadlines(draft.deadline.text, issued) if draft.deadline is not None else [None]
            for deadline in deadlines:
                tasks.append(
                    {
                        "text": " ".join(part.text for part in draft.parts),
                        "assignees": assignees,
                        "lead": lead,
                        "supporting": supporting,
                        "deadline": deadline,
                        "evidence": {"start": draft.row.start, "end": draft.end},
                        **({"addressed": True} if not has_lead and not lead else {}),
                    }
                )
    return tasks, spans
