"""Conservative clean-up of extracted text: what every extractor should see the same way.

Only changes that never alter meaning: Unicode NFC, line ends, invisible characters, legacy
8-bit Vietnamese fonts (TCVN3/VNI) read as Latin-1, a symbol font's list bullets, and markdown bold
markers in typed seeds
("Số: **927** /VKSTC-V16"). Evidence offsets refer to the text this returns, so each change keeps an
offset map (which character of the text it was given each character stands for) and the page's
character boxes follow it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import regex

from congvan.pipeline.boxes import Boxed, carry, remap
from congvan.pipeline.document import DocumentText, PageText
from congvan.pipeline.text.legacy import fix_legacy

# Old Mac and Windows line ends.
# matches "Số: 12\r\n"
LINE_END = regex.compile(r"\r\n?", regex.VERBOSE)

# Zero-width space/joiners, word joiner, BOM and soft hyphen: invisible, they split words.
# matches "Quảng\u200bNgãi"
INVISIBLE = regex.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", regex.VERBOSE)
# Non-breaking and other fixed-width spaces become a plain space.
# matches "Số:\u00a0542"
ODD_SPACE = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]", regex.VERBOSE)
# Markdown bold markers, as typed in seeds; a marker touches the text it opens or closes (bold may
# span lines: "**VIỆN KIỂM SÁT NHÂN DÂN\nTỐI CAO**"), a free-standing "**" is left alone.
# matches both markers of "Số: **927** /VKSTC-V16"
BOLD_MARKER = regex.compile(r"(?<=\S)\*\*(?!\*)|(?<!\*)\*\*(?=\S)", regex.VERBOSE)
# pdfium marks a hyphen the typesetter put at a line end with U+FFFE (a noncharacter); it is a
# printed hyphen ("186/KH-" / "UBND" in 016.pdf), so it becomes "-".
# matches "186/KH\ufffe"
LINE_END_HYPHEN = regex.compile(r"\ufffe", regex.VERBOSE)
# A list bullet a word processor draws from a symbol font (Word's "List Bullet": Symbol's U+F0B7,
# Wingdings' U+F0A7 and U+F0D8, which pdfium reads as private-use characters) or as a geometric
# sign, at the start of a line: it becomes "•", the bullet every reader knows.
# matches "\uf0b7" in "\uf0b7 Không dùng chung tài khoản"
SYMBOL_BULLET = regex.compile(
    r"(?<=^[ \t]*)[\uf0b7\uf0a7\uf0a8\uf0d8\uf076\uf0fc\uf06c\uf06e\uf0e0"
    r"\u25aa\u25ab\u25cf\u25e6\u25ba\u27a2](?=[ \t])",
    regex.VERBOSE | regex.MULTILINE,
)
# Spaces left at line ends by extractors.
# matches "quốc gia \n"
TRAILING_SPACE = regex.compile(r"[ \t]+(?=\n)|[ \t]+$", regex.VERBOSE)


STEPS: tuple[tuple[regex.Pattern[str], str], ...] = (
    (LINE_END, "\n"),
    (INVISIBLE, ""),
    (LINE_END_HYPHEN, "-"),
    (ODD_SPACE, " "),
    (BOLD_MARKER, ""),
    (SYMBOL_BULLET, "•"),
    (TRAILING_SPACE, ""),
)


def normalise_text(text: str) -> str:
    return normalise_mapped(text)[0]


def normalise_mapped(text: str) -> tuple[str, list[int]]:
    """The normalised text and its offset map: for each character, the index of the character of
    `text` it stands for (-1 for none)."""
    origin = list(range(len(text)))
    for pattern, repl in STEPS:
        text, origin = _sub(pattern, repl, text, origin)
    return _nfc(text, origin)


def _sub(pattern: regex.Pattern[str], repl: str, text: str, origin: list[int]) -> tuple[str, list[int]]:
    parts: list[str] = []
    out: list[int] = []
    pos = 0
    for m in pattern.finditer(text):
        parts.append(text[pos : m.start()])
        out.extend(origin[pos : m.start()])
        parts.append(repl)
        out.extend([origin[m.start()] if m.end() > m.start() else -1] * len(repl))
        pos = m.end()
    parts.append(text[pos:])
    out.extend(origin[pos:])
    return "".join(parts), out


def _nfc(text: str, origin: list[int]) -> tuple[str, list[int]]:
    """NFC composes a letter with its marks: the composed letter stands where its base letter stood."""
    if unicodedata.is_normalized("NFC", text):
        return text, origin
    whole = unicodedata.normalize("NFC", text)
    parts: list[str] = []
    out: list[int] = []
    start = 0
    for end in range(1, len(text) + 1):
        if end == len(text) or unicodedata.combining(text[end]) == 0:
            piece = unicodedata.normalize("NFC", text[start:end])
            parts.append(piece)
            out.extend([origin[start]] * len(piece))
            start = end
    if "".join(parts) == whole:
        return whole, out
    # composition across a starter (rare scripts): positions from the edit script instead
    stand_in = carry(Boxed(text, tuple((float(i), 0.0, 0.0, 0.0) for i in origin)), whole)
    return whole, [int(b[0]) if b is not None else -1 for b in stand_in.boxes]


def normalise(doc: DocumentText) -> DocumentText:
    pages: list[PageText] = []
    warnings: list[str] = []
    for page in doc.pages:
        text, encoding = fix_legacy(page.text)
        boxes = page.char_boxes
        if encoding is not None:
            warnings.append(f"Trang {page.number}: chữ dùng bảng mã cũ {encoding}, đã chuyển sang Unicode")
            if boxes is not None:
                boxes = carry(Boxed(page.text, boxes), text).boxes
        text, origin = normalise_mapped(text)
        if boxes is not None:
            boxes = remap(boxes, origin)
        pages.append(replace(page, text=text, char_boxes=boxes))  # OCR word boxes ride along
    return doc.with_pages(tuple(pages), *warnings)
