"""Tesseract's TSV output (image_to_data) turned into words and reading-order text.

Kept apart from the engine so recorded TSV files replay in tests without Tesseract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from congvan.pipeline.document import Word

TSV_COLUMNS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
    "conf",
    "text",
)


@dataclass(frozen=True)
class TsvWord:
    """One recognised word with Tesseract's segmentation ids, which carry its reading order."""

    word: Word
    block: int
    par: int
    line: int

    @property
    def line_key(self) -> tuple[int, int, int]:
        return (self.block, self.par, self.line)


def parse_tsv(tsv: str) -> list[TsvWord]:
    """Word rows (level 5) of an image_to_data TSV; empty and whitespace-only words dropped."""
    words: list[TsvWord] = []
    for row in tsv.splitlines():
        cells = row.split("\t")
        if len(cells) != len(TSV_COLUMNS) or cells[0] != "5":
            continue
        text = cells[11].strip()
        if not text:
            continue
        left, top, width, height = (int(c) for c in cells[6:10])
        conf = float(cells[10])
        words.append(
            TsvWord(
                word=Word(
                    text=text,
                    x0=float(left),
                    top=float(top),
                    x1=float(left + width),
                    bottom=float(top + height),
                    confidence=round(conf / 100.0, 4) if conf >= 0 else None,
                ),
                block=int(cells[2]),
                par=int(cells[3]),
                line=int(cells[4]),
            )
        )
    return words


def scaled(words: Sequence[TsvWord], factor: float) -> list[TsvWord]:
    if factor == 1.0:
        return list(words)
    return [
        replace(
            w,
            word=replace(
                w.word,
                x0=w.word.x0 * factor,
                top=w.word.top * factor,
                x1=w.word.x1 * factor,
                bottom=w.word.bottom * factor,
            ),
        )
        for w in words
    ]


def block_text(words: Sequence[TsvWord]) -> str:
    """Text in Tesseract's own order: lines within paragraphs within blocks, a blank line between
    blocks so that the two header columns (separate blocks) never share a line."""
    out: list[str] = []
    prev_block: int | None = None
    prev_key: tuple[int, int, int] | None = None
    line: list[str] = []
    for w in words:
        if w.line_key != prev_key:
            if line:
                out.append(" ".join(line))
                line = []
            if prev_block is not None and w.block != prev_block:
                out.append("")
            prev_key = w.line_key
            prev_block = w.block
        line.append(w.word.text)
    if line:
        out.append(" ".join(line))
    return "\n".join(out)


def mean_confidence(words: Sequence[TsvWord]) -> float | None:
    confs = [w.word.confidence for w in words if w.word.confidence is not None]
    return round(sum(confs) / len(confs), 4) if confs else None
