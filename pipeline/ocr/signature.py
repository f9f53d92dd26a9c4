"""The signature block's title and name lines, read again one line at a time.

The title and the name are printed beside or under the seal and the signature. Reading the
whole page, Tesseract's layout analysis often joins the seal's ring or the signature stroke to
those lines, then drops a tone ("Trần Phước Hiền" read "Hiên"), the first letters ("Phạm Trường
Thọ" read "am Trường" where a black seal touches the P) or scatters a line over several ("KT.
CHỦ TỊCH" read "z£1ŒT. C" and "TỊCH"). Cut out of the signature column and read as one text line
(page segmentation mode 7), the same lines come out whole.

The lowest title line of the block ("PHÓ CHỦ TỊCH") anchors a column. Its rows (pieces of the
page read that share a band) are read again:
- title rows at and above the anchor, when the page read is not a clean title; the new read
  replaces them only when it is one ("KT. CHỦ TỊCH");
- rows under the anchor, top-down, until one reads as a personal name; it replaces the page
  read when that is not a name, or is the same name with fewer marks (equal letters once marks
  are folded away). A different, well-formed name is kept: the two readings disagree.
Every new read must resemble what the page read saw in its row, and a title with a full-width
line right under it is a heading in the body, not a signature (a signer signs under a title).
A failed or timed-out line read changes nothing and is tried again on the next run.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import regex
from PIL import Image
from rapidfuzz import fuzz

from congvan.errors import OCRFailed
from congvan.extractors import signer
from congvan.extractors.syllables import is_valid
from congvan.extractors.textutil import fold
from congvan.pipeline.ocr import tesseract
from congvan.pipeline.ocr.order import split_lines
from congvan.pipeline.ocr.tsv import TsvWord
from congvan.schemas.fields import field_warning

# The signature block lies below the header's share of the page height (a last page may hold
# nothing but the signature: 011 signs at a fifth of its page).
BLOCK_TOP_SHARE = 0.12
# The anchor title's centre lies right of this share of the page width (ND 30: the signature
# block sits right, "Nơi nhận" left).
BLOCK_LEFT_SHARE = 0.4
# Title rows are looked for this many title-line heights above the anchor ("TM. ỦY BAN NHÂN DÂN /
# KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" holds three).
TITLE_REACH_LINES = 4
# The name sits within this many title-line heights under the title (the signing space).
NAME_REACH_LINES = 14
# The column is centred on the title and at least this share of the page wide (a name is often
# wider than "GIÁM ĐỐC").
COLUMN_MIN_SHARE = 0.36
COLUMN_TITLE_WIDTHS = 1.5
# Margin around a row's band, in line heights: tones and dots stand above and below the letters.
BAND_MARGIN_LINES = 0.35
# A piece taller than this many title-line heights is a stroke, not a line of text.
MAX_ROW_LINES = 1.6
# At most this many rows under the title are read again (the name is the first that reads).
MAX_NAME_READS = 6
# Rows the page read found this many letters in are read first: seal strokes read as "'" or ":"
# rarely hide the name.
MIN_LETTERS = 3
LINE_CONFIG = "--oem 1 --psm 7"
# A line read takes well under a second; a stuck one must not hold the page for the page's limit.
LINE_TIMEOUT_S = 15.0
# A new read must resemble the page read of its row this much (rapidfuzz partial ratio, folded).
MIN_RESEMBLANCE = 60
# The other pieces of a row are looked for this many lines around its main piece.
PATCH_WINDOW = 6
# A title with a line wider than this share of the page within SIGNING_SPACE_LINES under it is
# a heading in the body (a quyết định's "GIÁM ĐỐC SỞ …"), not a signature: a signer signs there.
BODY_LINE_SHARE = 0.6
SIGNING_SPACE_LINES = 2.5
# Bump when what is cached changes meaning.
CACHE_KIND = "signature2"
# Punctuation and strokes a line read puts around the words: '_ "Phạm Trường Thọ', "— Trần".
EDGE = regex.compile(r"""^[^\p{L}]+|[^\p{L}.]+$""", regex.VERBOSE)
# Letters of a word: "CHỦ" in "Ä}CHỦ".
LETTER_RUN = regex.compile(r"""\p{L}+""", regex.VERBOSE)


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Row:
    """Pieces of the page read (column-cut line segments) sharing one band of the page."""

    pieces: tuple[str, ...]
    box: Box
    letters: int


@dataclass(frozen=True)
class Fix:
    first: tuple[str, ...]  # the row's pieces, each a line of the page text, as the page read gave them
    text: str  # the row read on its own


def box_of(boxes: Sequence[Box]) -> Box:
    return Box(
        min(b.x0 for b in boxes), min(b.top for b in boxes), max(b.x1 for b in boxes), max(b.bottom for b in boxes)
    )


def word_box(w: TsvWord) -> Box:
    return Box(w.word.x0, w.word.top, w.word.x1, w.word.bottom)


def segments(words: Sequence[TsvWord]) -> list[tuple[str, Box, tuple[TsvWord, ...]]]:
    """The page's lines cut at column gutters ("- Như trên;   PHÓ CHỦ TỊCH" is two), top-down."""
    out = [(seg.text, Box(seg.x0, seg.top, seg.x1, seg.bottom), seg.words) for seg in split_lines(words)]
    return sorted(out, key=lambda s: s[1].top)


def title_box(words: Sequence[TsvWord]) -> Box | None:
    """The box of the words of a line from a signer's title on ("PHÓ CHỦ TỊCH"; in "XP Ä}CHỦ
    TỊCH" seal strokes come first), or None when the line holds no title."""
    for i, w in enumerate(words):
        letters = LETTER_RUN.findall(w.word.text)
        head = letters[-1] if letters else ""
        rest = " ".join([head, *(x.word.text for x in words[i + 1 :])])
        if head and rest.upper() == rest and signer.is_title_head(EDGE.sub("", rest)):
            return box_of([word_box(x) for x in words[i:]])
        whole = EDGE.sub("", " ".join(x.word.text for x in words[i:]))
        if signer.prefixed(whole):
            return box_of([word_box(x) for x in words[i:]])
    return None


def anchor(segs: Sequence[tuple[str, Box, tuple[TsvWord, ...]]], page: tuple[int, int]) -> Box | None:
    """The box of the lowest title line of the signature block."""
    width, height = page
    found = None
    for _, box, words in segs:
        if box.top < BLOCK_TOP_SHARE * height:
            continue
        tb = title_box(words)
        if tb is None or (tb.x0 + tb.x1) / 2 <= width * BLOCK_LEFT_SHARE:
            continue
        space = tb.bottom + SIGNING_SPACE_LINES * tb.height
        if any(tb.bottom < b.top < space and b.x1 - b.x0 > BODY_LINE_SHARE * width for _, b, _ in segs):
            continue
        found = tb
    return found


def column(title: Box, page_width: int) -> tuple[float, float]:
    centre = (title.x0 + title.x1) / 2
    half = max(COLUMN_TITLE_WIDTHS * (title.x1 - title.x0), COLUMN_MIN_SHARE * page_width) / 2
    return max(0.0, centre - half), min(float(page_width), centre + half)


def rows(
    segs: Sequence[tuple[str, Box, tuple[TsvWord, ...]]], cols: tuple[float, float], top: float, bottom: float, h: float
) -> list[Row]:
    """Segments centred in the column between `top` and `bottom`, grouped into rows: a segment
    whose vertical centre falls inside a row's first segment joins it. Strokes taller than a
    line (the signature, the seal's ring) belong to no row."""
    kept = []
    for text, box, _ in segs:
        cy, cx = (box.top + box.bottom) / 2, (box.x0 + box.x1) / 2
        if top < cy <= bottom and cols[0] <= cx <= cols[1] and box.height <= MAX_ROW_LINES * h:
            kept.append((text, box))
    out: list[Row] = []
    while kept:
        first = kept[0][1]
        members = [kept[0]] + [(t, b) for t, b in kept[1:] if first.top <= (b.top + b.bottom) / 2 <= first.bottom]
        kept = [m for m in kept if m not in members]
        letters = sum(ch.isalpha() for t, _ in members for ch in t)
        # the band is the worded pieces' ("am Trường", not the seal debris ">5" beside it)
        worded = [b for t, b in members if sum(ch.isalpha() for ch in t) >= MIN_LETTERS] or [b for _, b in members]
        out.append(Row(tuple(t for t, _ in members), box_of(worded), letters))
    return out


def read_band(
    gray: np.ndarray, cols: tuple[float, float], row: Row, line_height: float, timeout_s: float
) -> str | None:
    """The row's band read as one line; None when Tesseract failed or timed out."""
    margin = BAND_MARGIN_LINES * line_height
    top = max(0, int(row.box.top - margin))
    bottom = min(gray.shape[0], int(row.box.bottom + margin))
    crop = gray[top:bottom, max(0, int(cols[0])) : int(cols[1])]
    if crop.size == 0:
        return ""
    try:
        text = tesseract.text(
            Image.fromarray(crop), lang="vie", config=LINE_CONFIG, timeout_s=min(timeout_s, LINE_TIMEOUT_S)
        )
    except OCRFailed:
        return None
    return " ".join(text.split())


def as_name(text: str) -> str | None:
    """The text as a personal name of valid syllables ("Phạm Trường Thọ"), or None."""
    found = signer.whole_line_name(EDGE.sub("", text))
    if found is None:
        return None
    name = found[0]
    return name if all(is_valid(t.lower()) for t in name.split()) else None


def name_line(text: str) -> str | None:
    """The name as the line prints it, with a rank before it ("Trung tá Ngô Văn Công")."""
    name = as_name(text)
    if name is None:
        return None
    rank = signer.vocab().ranks.match(EDGE.sub("", text))
    return f"{rank['rank']} {name}" if rank else name


def resembles(pieces: Sequence[str], read: str) -> bool:
    """The new read shares its letters with what the page read saw there (a band that caught the
    next line reads that line): judged on the row's most worded piece, when it has any."""
    main = max(pieces, key=lambda p: sum(ch.isalpha() for ch in p))
    if sum(ch.isalpha() for ch in main) < MIN_LETTERS:
        return True
    return fuzz.partial_ratio(fold(main), fold(read)) >= MIN_RESEMBLANCE


def as_title(text: str) -> str | None:
    """The text as a clean title line ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN"):
    capitals, a signing prefix or a title word first, every marked word a valid syllable."""
    cleaned = EDGE.sub("", text)
    if not cleaned or cleaned.upper() != cleaned:
        return None
    if signer.prefixed(cleaned) is None and not signer.is_title_head(cleaned):
        return None
    for token in LETTER_RUN.findall(cleaned):
        if fold(token) != token.lower() and not is_valid(token.lower()):
            return None
    return cleaned


def marks(text: str) -> int:
    """Diacritic marks in `text`: "Hiền" has two, "Hiên" one."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return sum(bool(unicodedata.combining(ch)) for ch in decomposed) + decomposed.count("đ")


def better_name(pieces: Sequence[str], name: str) -> bool:
    """Does `name` improve on the row as the page read it? Not when a piece reads as the same
    name, or as a different one (the readings disagree); yes when none reads as a name, or one
    is the same name with fewer marks."""
    owns = [own for own in map(as_name, pieces) if own is not None]
    if not owns:
        return True
    own = owns[0]
    return fold(own) == fold(name) and marks(name) > marks(own)


@dataclass(frozen=True)
class BlockRead:
    fixes: list[Fix]
    complete: bool  # False when a line read failed: worth trying again, not caching


def reread_block(words: Sequence[TsvWord], gray: np.ndarray, timeout_s: float) -> BlockRead:
    """Title and name rows of the signature block read again, where that improves the page read."""
    page = (gray.shape[1], gray.shape[0])
    segs = segments(words)
    title = anchor(segs, page)
    if title is None:
        return BlockRead([], True)
    h = title.height
    cols = column(title, page[0])
    fixes: list[Fix] = []
    complete = True
    for row in rows(segs, cols, title.top - TITLE_REACH_LINES * h, title.bottom, h):
        if as_title(" ".join(row.pieces)) is not None and len(row.pieces) == 1:
            continue
        text = read_band(gray, cols, row, h, timeout_s)
        complete &= text is not None
        read = as_title(text or "")
        if read is not None and read != " ".join(row.pieces) and resembles(row.pieces, read):
            fixes.append(Fix(row.pieces, read))
    below = rows(segs, cols, title.bottom, title.bottom + NAME_REACH_LINES * h, h)
    below.sort(key=lambda r: r.letters < MIN_LETTERS)
    for row in below[:MAX_NAME_READS]:
        text = read_band(gray, cols, row, h, timeout_s)
        complete &= text is not None
        line = name_line(text or "")
        if line is None:
            continue
        name = as_name(line)
        assert name is not None
        if better_name(row.pieces, name) and resembles(row.pieces, name):
            fixes.append(Fix(row.pieces, line))
        break
    return BlockRead(fixes, complete)


def patch(text: str, fixes: Sequence[Fix]) -> tuple[str, list[str]]:
    """`text` with each fixed row replaced by its new read. The row's most worded piece is found
    (its last occurrence); its other pieces only among the lines just around it (debris such as
    ":" elsewhere on the page is not theirs). The first of the row's lines takes the new read,
    the others go."""
    lines = text.split("\n")
    warnings = []
    for fix in fixes:
        main = max(fix.first, key=lambda p: sum(ch.isalpha() for ch in p))
        hits = [i for i, ln in enumerate(lines) if ln.strip() == main.strip()]
        if not hits:
            continue
        where = [hits[-1]]
        for piece in fix.first:
            if piece is main:
                continue
            near = [
                i
                for i in range(max(0, where[0] - PATCH_WINDOW), min(len(lines), where[0] + PATCH_WINDOW + 1))
                if i not in where and lines[i].strip() == piece.strip()
            ]
            if near:
                where.append(min(near, key=lambda i: abs(i - where[0])))
        first, *rest = sorted(where)
        lines[first] = fix.text
        for i in sorted(rest, reverse=True):
            del lines[i]
        shown = " | ".join(fix.first)
        warnings.append(field_warning("signer", f"dòng chữ ký được đọc lại riêng: {shown!r} → {fix.text!r}"))
    return "\n".join(lines), warnings


def to_cache(fixes: Sequence[Fix]) -> str:
    return json.dumps([{"first": list(f.first), "text": f.text} for f in fixes], ensure_ascii=False)


def from_cache(kept: str) -> list[Fix]:
    """The fixes kept for a page; a damaged or ill-shaped file counts as none."""
    try:
        data = json.loads(kept or "[]")
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    fixes = []
    for d in data:
        first = d.get("first") if isinstance(d, dict) else None
        text = d.get("text") if isinstance(d, dict) else None
        if isinstance(first, list) and first and all(isinstance(p, str) for p in first) and isinstance(text, str):
            fixes.append(Fix(tuple(first), text))
    return fixes
