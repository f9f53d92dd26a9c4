"""DOCX text in reading order: paragraphs and tables as they come in the body.

A two-column table is a layout table (header: issuer and number | Quốc hiệu and place-date; foot:
"Nơi nhận" | signature): it is read column by column, left cells then right cells, so the two
columns never interleave. Other tables are read row by row, cells joined by " | ". A paragraph
Word numbers itself (list numbering) gets the label Word draws ("1.", "a)", "-"), see
docx_numbering. A paragraph's text is what Word prints: tracked insertions in, deletions out; text
boxes (an e-signature box) come after the paragraph that anchors them, and footnotes and endnotes
after the body.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from congvan.errors import CorruptFile, FileTooLarge
from congvan.pipeline.document import PageText
from congvan.pipeline.text.docx_numbering import Numbering
from congvan.schemas.record import TextOrigin

CELL_SEPARATOR = " | "


# Parts of a paragraph whose text Word does not print: a tracked deletion (the gold and the printed
# page keep the text without it), a field's code ("PAGE", "HYPERLINK …"; its result is printed), the
# fallback copy of a drawing (its text box is read once, from the drawing itself).
SKIPPED = frozenset(
    qn(tag) for tag in ("w:del", "w:moveFrom", "w:instrText", "w:delInstrText", "w:rPr", "w:pPr")
) | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
TEXT_BOX = qn("w:txbxContent")
# What a run prints for its special characters.
PRINTED = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-", qn("w:softHyphen"): ""}


def paragraph_text(element) -> tuple[str, list]:  # element: a w:p
    """The text Word prints for a paragraph, in order: runs inside insertions, hyperlinks, smart
    tags and content controls included, deletions and field codes left out, tabs and breaks as
    printed; and the text boxes anchored in it (read apart: they float beside the paragraph)."""
    parts: list[str] = []
    boxes: list = []

    def walk(node) -> None:
        for child in node.iterchildren():
            tag = child.tag
            if tag in SKIPPED:
                continue
            if tag == TEXT_BOX:
                boxes.append(child)
            elif tag == qn("w:t"):
                parts.append(child.text or "")
            elif tag in PRINTED:
                parts.append(PRINTED[tag])
            else:
                walk(child)

    walk(element)
    return "".join(parts), boxes


def _blocks(parent, container, numbering: Numbering) -> Iterator[str]:  # parent: owner of `container`
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, parent)
            text, boxes = paragraph_text(child)
            label = numbering.label(paragraph)
            # "1. Sở Y tế …" where Word draws the "1." from its list numbering
            yield f"{label} {text}" if label and text.strip() else text
            for box in boxes:  # an e-signature box, a note: its own lines after its anchor
                yield from _blocks(parent, box, numbering)
        elif child.tag == qn("w:tbl"):
            yield from _table_lines(Table(child, parent), numbering)
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
            if content is not None:
                yield from _blocks(parent, content, numbering)  # a content control's paragraphs


def _cell_lines(cell: _Cell, numbering: Numbering) -> list[str]:
    return [line for block in _blocks(cell, cell._tc, numbering) for line in block.split("\n")]


def _unique_cells(row_cells: list[_Cell]) -> list[_Cell]:
    """A merged cell appears once per grid column it spans; keep it once."""
    seen: set[int] = set()
    cells = []
    for cell in row_cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            cells.append(cell)
    return cells


def _table_lines(table: Table, numbering: Numbering) -> Iterator[str]:
    rows = [_unique_cells(list(row.cells)) for row in table.rows]
    if rows and max(len(r) for r in rows) == 2:
        left = [line for r in rows for line in _cell_lines(r[0], numbering)]
        right = [line for r in rows if len(r) > 1 for line in _cell_lines(r[1], numbering)]
        yield from left
        if any(line.strip() for line in right):
            yield ""
            yield from right
        return
    for cells in rows:
        texts = [" ".join(line for line in _cell_lines(c, numbering) if line.strip()) for c in cells]
        yield CELL_SEPARATOR.join(texts)


# A dispatch's document.xml is tens or hundreds of KB; inflated parts past this are a zip bomb.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed size of the archive


def check_not_a_bomb(data: bytes) -> None:
    """Refuse an archive that would inflate beyond reason, before anything unpacks it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise CorruptFile(f"DOCX cannot be opened: {exc}") from exc
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_RATIO * max(len(data), 1):
        raise FileTooLarge(
            f"DOCX would unpack to {unpacked} bytes from {len(data)} (a zip bomb?); refused"
        )


def docx_text(data: bytes) -> str:
    check_not_a_bomb(data)
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptFile(f"DOCX cannot be opened: {exc}") from exc
    body = document.element.body
    numbering = Numbering.of(document)
    lines = list(_blocks(document, body, numbering))
    notes = _footnotes(data)
    if notes:
        lines += ["", *notes]  # printed at the foot of their page: after the body, as a reader meets them
    return "\n".join(lines)


FOOTNOTE_PARTS = ("word/footnotes.xml", "word/endnotes.xml")
# The separators Word keeps among the notes ("separator", "continuationSeparator") print no text.
NOTE_KINDS_PRINTED = (None, "normal")


def _footnotes(data: bytes) -> list[str]:
    """The text of the document's footnotes and endnotes, one line per paragraph, in note order."""
    lines: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for part in FOOTNOTE_PARTS:
            if part not in names:
                continue
            root = parse_xml(archive.read(part))
            for note in root:
                if note.get(qn("w:type")) not in NOTE_KINDS_PRINTED:
                    continue
                for paragraph in note.iter(qn("w:p")):
                    text = paragraph_text(paragraph)[0].strip()
                    if text:
                        lines.append(text)
    return lines


def docx_pages(data: bytes) -> tuple[list[PageText], list[str]]:
    return [PageText(1, docx_text(data), TextOrigin.DOCX)], []
