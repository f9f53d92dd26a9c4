"""Digits written over a template's blank on a text-layer page.

Letter templates leave the number and the day as a run of leader dots or underscores ("Số:
......../VP-TCKT", "Hà Nội, ngày ....... tháng 11 năm 2019"). A numbering tool (an e-office
system, a PDF stamper such as iTextSharp's) then writes the digits over that run, in its own font
and content stream, after the rest of the page. Read in content order, the digits come after the
line ("Số: ......../VP-TCKT 935"); on the page they stand in the blank. The run is replaced by the
characters drawn over it, so the text says what the page shows ("Số: 935 /VP-TCKT").
"""

from __future__ import annotations

from collections.abc import Sequence

Char = tuple  # (char, x0, top, x1, bottom), top-left origin, as pdf._chars gives them

FILLER = frozenset("._…")
# Two dots end an abbreviation and a sentence ("TP..."); a blank is longer.
MIN_RUN = 3
# The drawn-over characters stand on the blank's line: their centre within this share of its
# height above or below it (a stamp is set a little off the typed baseline).
LINE_SLACK = 0.5
# Most of a drawn-over token lies over the blank; a word typed after it only touches its end.
OVER_SHARE = 0.5
# A gap wider than this share of the letters' height parts two words (pdf.WORD_GAP's measure).
WORD_GAP = 0.2


def _runs(chars: Sequence[Char]) -> list[tuple[int, int]]:
    """[start, end) of each run of at least MIN_RUN filler characters, in content order."""
    runs = []
    start = None
    for k, c in enumerate([*chars, ("", 0, 0, 0, 0)]):
        if c[0] in FILLER and c[0]:
            start = k if start is None else start
            continue
        if start is not None and k - start >= MIN_RUN:
            runs.append((start, k))
        start = None
    return runs


def _apart(prev: Char, c: Char) -> bool:
    """`c` does not continue `prev`'s word: it starts back to the left, off its line, or after a gap
    (a stamp's content stream follows the page's last word with no space between)."""
    height = max(prev[4] - prev[2], c[4] - c[2], 1e-6)
    centre = (c[2] + c[4]) / 2
    return c[1] < prev[3] - WORD_GAP * height or not prev[2] <= centre <= prev[4] or c[1] - prev[3] > WORD_GAP * height


def _tokens(chars: Sequence[Char], offset: int) -> list[list[int]]:
    """Runs of consecutive letters and digits written as one word (indices shifted by `offset`)."""
    tokens: list[list[int]] = []
    current: list[int] = []
    for k, c in enumerate(chars):
        if current and c[0].isalnum() and _apart(chars[current[-1] - offset], c):
            tokens.append(current)
            current = []
        if c[0].isalnum():
            current.append(offset + k)
        elif current:
            tokens.append(current)
            current = []
    if current:
        tokens.append(current)
    return tokens


def _next_text(chars: Sequence[Char], end: int) -> int:
    """Index of the first character after `end` that is not a space."""
    k = end
    while k < len(chars) and chars[k][0].isspace():
        k += 1
    return k


def filled_blanks(chars: Sequence[Char], stamped: Sequence[Char] = ()) -> tuple[list[Char], list[Char]]:
    """The page's characters with each blank that later characters are drawn over replaced by
    them; `stamped` are characters drawn after the content (a form field's), and those not used
    are returned apart."""
    runs = _runs(chars)
    if not runs:
        return list(chars), list(stamped)
    pool = list(chars) + list(stamped)
    tokens = _tokens(chars, 0) + _tokens(stamped, len(chars))
    used: set[int] = set()
    fills: dict[int, tuple[int, list[int]]] = {}
    for start, end in runs:
        x0 = min(c[1] for c in chars[start:end])
        x1 = max(c[3] for c in chars[start:end])
        top = min(c[2] for c in chars[start:end])
        bottom = max(c[4] for c in chars[start:end])
        slack = LINE_SLACK * (bottom - top)
        follower = _next_text(chars, end)
        over: list[int] = []
        for token in tokens:
            if token[0] < end or token[0] == follower or used.intersection(token):
                continue  # typed before the blank, or the word typed right after it
            inside = [
                k for k in token
                if x0 <= (pool[k][1] + pool[k][3]) / 2 <= x1
                and top - slack <= (pool[k][2] + pool[k][4]) / 2 <= bottom + slack
            ]
            if len(inside) >= OVER_SHARE * len(token):
                over.extend(token)
        if over:
            used.update(over)
            fills[start] = (end, sorted(over, key=lambda k: pool[k][1]))
    if not fills:
        return list(chars), list(stamped)
    out: list[Char] = []
    k = 0
    while k < len(chars):
        if k in fills:
            end, over = fills[k]
            space = (" ", chars[k][1], chars[k][2], chars[k][1], chars[k][4])
            out.append(space)
            out.extend(pool[i] for i in over)
            out.append(space)
            k = end
            continue
        if k not in used:
            out.append(chars[k])
        k += 1
    rest = [c for i, c in enumerate(stamped) if len(chars) + i not in used]
    return out, rest
