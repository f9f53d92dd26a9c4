"""Conservative clean-up of extracted text: what every extractor should see the same way.

Only changes that never alter meaning: Unicode NFC, line ends, invisible characters, legacy
8-bit Vietnamese fonts (TCVN3/VNI) read as Latin-1, and markdown bold markers in typed seeds
("Số: **927** /VKSTC-V16"). Evidence offsets refer to the text this returns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import regex

from congvan.pipeline.document import DocumentText, PageText
from congvan.pipeline.text.legacy import fix_legacy

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
# Spaces left at line ends by extractors.
# matches "quốc gia \n"
TRAILING_SPACE = regex.compile(r"[ \t]+(?=\n)|[ \t]+$", regex.VERBOSE)


def normalise_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = INVISIBLE.sub("", text)
    text = LINE_END_HYPHEN.sub("-", text)
    text = ODD_SPACE.sub(" ", text)
    text = BOLD_MARKER.sub("", text)
    text = TRAILING_SPACE.sub("", text)
    return unicodedata.normalize("NFC", text)


def normalise(doc: DocumentText) -> DocumentText:
    pages: list[PageText] = []
    warnings: list[str] = []
    for page in doc.pages:
        text, encoding = fix_legacy(page.text)
        if encoding is not None:
            warnings.append(f"page {page.number}: text was in the legacy {encoding} encoding, converted")
        pages.append(replace(page, text=normalise_text(text)))  # OCR word boxes ride along
    return doc.with_pages(tuple(pages), *warnings)
