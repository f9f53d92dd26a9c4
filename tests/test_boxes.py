"""Page boxes of evidence spans, computed at extraction: they land where the words are printed, and
they follow the text through normalisation and the OCR repair."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest

from congvan.pipeline.boxes import Boxed, carry, span_boxes
from congvan.pipeline.document import DocumentText, PageText, Word
from congvan.pipeline.load import DocumentInput
from congvan.pipeline.normalise import normalise, normalise_text
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.schemas.record import Record, TextOrigin

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "docs"


@cache
def record(name: str) -> Record:
    result = process(DocumentInput(CORPUS / name), Settings(ocr=OcrMode.NEVER))
    assert result.record is not None, result.reason
    return result.record


def test_number_of_003_is_boxed_in_the_upper_left_of_page_1() -> None:
    rec = record("003.pdf")
    (box,) = rec.evidence["number"].boxes or []
    assert box.page == 1 and box.x1 < 0.5 and box.y1 < 0.5  # "Số: 542/TB-UBND", header left column
    (date,) = rec.evidence["issued_date"].boxes or []
    assert date.page == 1 and date.x0 > 0.45  # the place-date line, right column
    assert date.y0 == pytest.approx(box.y0, abs=0.01)  # ... on the same printed line
    assert all(b.page == 2 for b in rec.evidence["signer"].boxes or [])


def test_every_span_of_a_text_pdf_has_boxes_one_per_printed_line() -> None:
    rec = record("016.pdf")
    spans = [*rec.evidence.values(), *(t.evidence for t in rec.tasks), *(e.evidence for e in rec.events)]
    assert spans and all(s.boxes for s in spans)
    subject = rec.evidence["subject"].boxes or []
    tops = [b.y0 for b in subject]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)  # lines top to bottom, none twice
    assert all(0 <= b.x0 < b.x1 <= 1 and 0 <= b.y0 < b.y1 <= 1 for s in spans for b in s.boxes or [])
    assert rec.source.page_sizes and all(p is not None and p.height > p.width for p in rec.source.page_sizes)


def test_docx_and_plain_text_have_no_boxes() -> None:
    for name in ("003_d15970afb96bf74c-docx.docx", "003_d15970afb96bf74c.txt"):
        rec = record(name)
        assert rec.evidence and all(s.boxes is None for s in rec.evidence.values()), name
        assert rec.source.page_sizes == [None], name


def boxed_words(*words: Word) -> Boxed:
    return Boxed.join(" ", (Boxed.word(w, 1000, 1000) for w in words))


def test_normalisation_carries_the_boxes_of_each_character() -> None:
    """Invisible characters, bold markers, a CRLF and decomposed letters go: each character left
    keeps the box of the word it was printed in."""
    so, num = Word("Số:", 100, 100, 150, 120), Word("**927**", 160, 100, 260, 120)
    ngay = Word(unicodedata.normalize("NFD", "ngày"), 300, 100, 360, 120)
    line = boxed_words(so, num) + Boxed.plain("\r\n") + boxed_words(Word("Quảng\u200bNgãi", 100, 200, 250, 220), ngay)
    page = PageText(1, line.text, TextOrigin.TEXT_LAYER, char_boxes=line.boxes)
    (out,) = normalise(DocumentText((page,))).pages
    assert out.text == normalise_text(line.text) == "Số: 927\nQuảngNgãi ngày"
    assert out.char_boxes is not None and len(out.char_boxes) == len(out.text)
    at = out.text.index("927")
    assert set(out.char_boxes[at : at + 3]) == {(0.16, 0.1, 0.26, 0.12)}
    at = out.text.index("ngày")
    assert set(out.char_boxes[at : at + 4]) == {(0.3, 0.1, 0.36, 0.12)}
    assert out.char_boxes[out.text.index("\n")] is None


def test_the_ocr_repair_keeps_the_places_of_the_words() -> None:
    """The repair restores a tone ("Kinh gui" → "Kính gửi") and a digit ("2#" → "25"): the
    characters keep their words' boxes, an inserted letter takes its word's box."""
    before = boxed_words(Word("Kinh", 10, 10, 60, 30), Word("gui:", 70, 10, 120, 30), Word("2#", 500, 10, 530, 30))
    after = carry(before, "Kính gửii: 25")
    assert after.text == "Kính gửii: 25"
    assert set(after.boxes[0:4]) == {(0.01, 0.01, 0.06, 0.03)}
    assert set(after.boxes[5:10]) == {(0.07, 0.01, 0.12, 0.03)}
    assert set(after.boxes[11:13]) == {(0.5, 0.01, 0.53, 0.03)}
    assert after.boxes[4] is None and after.boxes[10] is None


def test_a_span_over_two_lines_and_two_pages_has_one_box_per_line() -> None:
    first = boxed_words(Word("a", 100, 100, 200, 120), Word("b", 210, 100, 300, 120)) + Boxed.plain("\n") + boxed_words(
        Word("c", 100, 130, 180, 150)
    )
    second = boxed_words(Word("d", 100, 50, 150, 70))
    pages = (
        PageText(1, first.text, TextOrigin.TEXT_LAYER, char_boxes=first.boxes),
        PageText(2, second.text, TextOrigin.TEXT_LAYER, char_boxes=second.boxes),
    )
    doc = DocumentText(pages)
    boxes = span_boxes(doc.pages, 0, len(doc.text))
    assert boxes == [
        {"page": 1, "x0": 0.1, "y0": 0.1, "x1": 0.3, "y1": 0.12},
        {"page": 1, "x0": 0.1, "y0": 0.13, "x1": 0.18, "y1": 0.15},
        {"page": 2, "x0": 0.1, "y0": 0.05, "x1": 0.15, "y1": 0.07},
    ]
    assert span_boxes(doc.pages, 2, 3) == [{"page": 1, "x0": 0.21, "y0": 0.1, "x1": 0.3, "y1": 0.12}]
    assert span_boxes((PageText(1, "x", TextOrigin.DOCX),), 0, 1) is None
