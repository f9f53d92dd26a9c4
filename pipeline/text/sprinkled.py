"""Marks lost here and there in a text that otherwise reads clean.

Another tool's OCR of a clean print often keeps nearly every mark and drops a few, one word at a
time: "Tết Dương lich", "không de xảy ra các vụ viec", "báo cáo về Ủy ban nhân dân phuong". Too few
for the detector to call the text noisy (2–5 % of its words, like a clean text's names: "Cam Ranh",
"ma túy"), so the whole-text repair never runs and those words reach the fields bare.

What tells the two apart is not how many words are bare but which: a clean text's bare words are
names and loan words that are real syllables ("Cam", "Lai", "ma"); a sprinkled text has several
distinct bare words that no Vietnamese syllable is without its marks ("lich", "viec", "phuong":
a stop ending needs an acute or a dot, "uo"/"ie" need their hook or hat). Only such a text is
touched, and in it only the bare words that lost a mark: a marked word, a capitalised name that
is a real syllable, an abbreviation stay as printed.
"""

from __future__ import annotations

import regex

from congvan.extractors.syllables import is_valid
from congvan.pipeline.text.quality import CHUNK, lost_mark

# Distinct impossible bare words that make a text "sprinkled". Over the 409 texts of the corpus,
# the seeds and the constructed sets 1-39 that were typed, not OCRed, none has more than one ("doc"
# of ".doc", "xit" of "phát xít", "it" of "IT"); another tool's OCR of a clean print with marks
# dropped here and there has 2–7 (two: "Bien phong", "trieu cường" of a flood warning's subject).
MIN_IMPOSSIBLE_BARE = 2
WHITESPACE = regex.compile(r"""(\s+)""", regex.VERBOSE)
# A bare word: letters a–z only (a word with any Vietnamese letter or mark is as printed).
BARE = regex.compile(r"""^[A-Za-z]+$""", regex.VERBOSE)


def _core(chunk: str) -> str:
    m = CHUNK.match(chunk)
    return m["core"] if m else chunk


def impossible_bare(text: str) -> set[str]:
    """The distinct bare words (lower case) of `text` that are no syllable without their marks and
    are far more often written with them: "lich", "viec", "phuong" (not "doc", "Pleiku")."""
    found: set[str] = set()
    for chunk in text.split():
        core = _core(chunk)
        if BARE.match(core) and len(core) > 1 and not core.isupper():
            lower = core.lower()
            if lower not in found and not is_valid(lower) and lost_mark(lower):
                found.add(lower)
    return found


# A letter read for a digit inside a number, which no typed text has: "năm 2O25", "trước ngày
# l5/02/2026", "Số: 5l27/…" (O for 0, l or I for 1). Over the same 409 typed texts and the seeds,
# none has one; another tool's OCR text of the constructed sets has them beside its lost marks.
DIGIT_SLIP = regex.compile(r"(?<![\p{L}\d])(?:\d+[OoIl]\d+|[lI]\d+(?=[/.]\d))")


def is_sprinkled(text: str) -> bool:
    """Does `text` show another tool's OCR: two distinct impossible bare words, or one and a digit
    misread in a number (then the bare word is a lost mark too: "dich bệnh" beside "2O25")?"""
    bare = len(impossible_bare(text))
    return bare >= MIN_IMPOSSIBLE_BARE or (bare >= 1 and DIGIT_SLIP.search(text) is not None)


def _may_change(core: str) -> bool:
    """A bare word the restoration may rewrite: a lower-case one (the context model still wants a
    pair seen beside its neighbour before it rewrites a real syllable: "trước ngay 05/3" →
    "ngày"), or a capitalised one that is no syllable as printed ("Viet", "Quoc"); a capitalised
    real syllable may be a name ("Cam Ranh", "Gia Lai")."""
    if not BARE.match(core) or core.isupper():
        return False
    return core.islower() or (not is_valid(core.lower()) and lost_mark(core.lower()))


def restore_bare(text: str, lost: float) -> tuple[str, list[str]]:
    """`text` with the marks of its bare words restored from context, and the words changed
    ("lich → lịch"). Every other word, and the spacing, stay as they were."""
    from congvan.pipeline.ocr.diacritics import repair_line

    out: list[str] = []
    changes: list[str] = []
    for line in text.split("\n"):
        fixed, count = repair_line(line, lost)
        if not count:
            out.append(line)
            continue
        before, after = WHITESPACE.split(line), WHITESPACE.split(fixed)
        if len(before) != len(after):  # the repair split a glued word: too bold for a clean text
            out.append(line)
            continue
        kept = [b if a != b and _may_change(_core(a)) else a for a, b in zip(before, after, strict=True)]
        changes.extend(f"{a} → {b}" for a, b in zip(before, kept, strict=True) if a != b)
        out.append("".join(kept))
    return "\n".join(out), changes
