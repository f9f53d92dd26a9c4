"""Post-OCR repair of Vietnamese dispatch text.

Only repairs that are unambiguous and measured not to make text worse (CER against the
human transcription of 030, see benchmarks/bench_ocr.py):
- formulaic lines (Quốc hiệu, Tiêu ngữ, document-type titles, signer titles) and line-starting
  labels ("Kính gửi:", "Nơi nhận:") restored by fuzzy match against formulaic_lines.json;
- list dashes misread as "~" or "—" at the start of a line;
- day/month/year numbers glued to "ngày"/"tháng"/"năm" ("26tháng" → "26 tháng");
- letters that never occur in Vietnamese but look like ones that do ("ð" → "đ");
- lines of pure scan noise (seal and signature strokes read as "E KT 2).._", "F-").
- a syllable closed by p/t/c/ch with no tone gets back its lost acute when the tone's place is
  certain ("nhât" → "nhất"; the dot of nặng sits below and survives OCR);
- lost or wrong diacritics restored from context: known phrases ("TINH QUANG NGAI") and a
  syllable bigram model with an OCR channel cost (diacritics.py: "công bô" → "công bố");
- upper-case lines' marks from the header vocabulary's word pairs (extractors/header_marks.py:
  "HỘI ĐỒNG DẤU THẢU" → "HỘI ĐỒNG ĐẤU THẦU").
Other impossible syllables are counted and reported, not guessed at.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
from rapidfuzz import fuzz

from congvan.extractors.header_marks import is_upper_line
from congvan.extractors.header_marks import restore_line as restore_header_marks
from congvan.extractors.syllables import is_valid, restore_lost_acute
from congvan.extractors.textutil import fold
from congvan.pipeline.ocr.diacritics import LOST_MARK
from congvan.pipeline.ocr.diacritics import repair_line as restore_diacritics

DATA_FILE = Path(__file__).with_name("formulaic_lines.json")
# Whole-line similarity (rapidfuzz ratio, 0-100) needed to restore a formulaic line; lines
# whose length differs by more than LENGTH_SLACK of the form are never compared.
LINE_MIN_SCORE = 84
LENGTH_SLACK = 0.25
PREFIX_MIN_SCORE = 80

# "~ Như trên;", "— Bộ Giáo dục và Đào tạo;": a list dash read as a tilde or an em dash.
BULLET_MISREAD = regex.compile(
    r"""^(?P<mark>[~—–=¬]|-(?=\S))\s*(?=\p{Lu})""", regex.VERBOSE | regex.MULTILINE
)
# "26tháng 7", "ngày15 tháng", "tháng 7năm 2020": a number glued to a date word.
GLUED_DATE = regex.compile(
    r"""(?P<num>\d)(?P<word>ngày|tháng|năm)\b|(?P<word2>\bngày|\btháng|\bnăm)(?P<num2>\d)""", regex.VERBOSE
)
# "4§69/UBND", "1§99": Tesseract's "§" between digits is an 8.
# The gap between the two columns of a header line, kept by the split: "CÔNG TY …      Độc lập …".
COLUMN_GAP = regex.compile(r"""([ \t]{3,})""", regex.VERBOSE)
SECTION_FOR_EIGHT = regex.compile(r"""(?<=\d)§|§(?=\d)""", regex.VERBOSE)
# "Số:1906" → "Số: 1906".
GLUED_NUMBER_LABEL = regex.compile(r"""\b(?P<label>Số:)(?=\d)""", regex.VERBOSE)
# "sô 27/2017/NQ-HĐND", "Sồ 115/CV-PA83": the word before a document number is "số"; OCR
# dropped or swapped its tone. Only the circumflex "o" (never "sơ" of "hồ sơ 01 bộ", nor "so"),
# and only before a number with its symbol's slash.
SO_BEFORE_NUMBER = regex.compile(r"""\b(?P<s>[sS])[ôồổỗộ](?=[ ]?\d+[ ]?/)""", regex.VERBOSE)
# "17/NQ- CP", "24/2013/NQ- HĐND": a space OCR put after the hyphen inside a document symbol.
SYMBOL_HYPHEN_GAP = regex.compile(
    r"""(?P<head>\d/(?:\d{4}/)?[\p{Lu}Đ]{1,8}(?:-[\p{Lu}Đ]{1,8})*-)[ ]+(?=[\p{Lu}Đ]{2,}\b)""", regex.VERBOSE
)
# "24/2013/NQ-HĐND ) ngày": a closing bracket standing alone between words, a speck OCR read.
LONE_CLOSE = regex.compile(r"""(?<=\S)[ ]\)(?=[ ])""", regex.VERBOSE)
# "NgãI", "tỉnhI": a final lower-case i read as a capital I.
# An "I" read as "l" inside a word in capitals: "PHƯỜNG CẦU GlẤY", "KÍNH GỬl" (no Vietnamese word in
# capitals holds a lower-case letter; an abbreviation's own lower case is another letter: "TTr", "QĐ-UBNDt").
CAPITALS_WITH_L = regex.compile(
    r"""(?<![\p{L}\d]) (?=\p{L}*\p{Lu}\p{L}*\p{Lu}) (?P<word>[\p{Lu}l]{2,}) (?![\p{L}\d])""", regex.VERBOSE
)
# A "ươ" whose first horn OCR lost, before a final: "cuờng", "truờng", "luợng", "Thuờng trực" ("uơ"
# with a final is no Vietnamese rhyme; "thuở", "huơ", "quờ" have none, and "qu" keeps its u).
MISSING_HORN = regex.compile(
    r"""(?<![qQ]) (?P<u>[uU]) (?P<o>[ơờớởỡợƠỜỚỞỠỢ]) (?=(?:ng|NG|n|N|c|C|t|T|m|M|p|P|i|I|u|U)(?![\p{L}]))""",
    regex.VERBOSE,
)
CAPITAL_I_TAIL = regex.compile(r"""\b(?P<word>\p{L}\p{Ll}+)I\b""", regex.VERBOSE)
LOOKALIKES = str.maketrans({"ð": "đ", "Ð": "Đ", "ƒ": "f"})
# A token of letters (the unit the syllable check applies to): "khẩn", "Nẵng".
LETTER_TOKEN = regex.compile(r"""\p{L}+""", regex.VERBOSE)
# Characters that, on a line without any real word, mark it as scan noise: "E KT 2).._", "â".
NOISE_LINE_MAX_ALNUM = 6


@dataclass(frozen=True)
class Repaired:
    text: str
    warnings: tuple[str, ...] = ()
    changes: tuple[tuple[str, str], ...] = ()  # (before, after) per repaired line, for inspection


@dataclass(frozen=True)
class Forms:
    lines: tuple[str, ...]
    prefixes: tuple[str, ...]


@lru_cache(maxsize=1)
def forms() -> Forms:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return Forms(lines=tuple(data["lines"]), prefixes=tuple(data["prefixes"]))


def restore_line(line: str, known: Forms) -> str:
    """The formulaic line `line` was meant to be, or `line` unchanged."""
    stripped = line.strip()
    if not stripped or stripped in known.lines:
        return line
    # "PHO CHANH VAN PHONG": every letter right, the diacritics lost.
    same_letters = [form for form in known.lines if fold(form) == fold(stripped)]
    if len(same_letters) == 1:
        return same_letters[0]
    best, best_score = None, 0.0
    for form in known.lines:
        if abs(len(stripped) - len(form)) > LENGTH_SLACK * len(form):
            continue
        score = fuzz.ratio(stripped, form)
        if score > best_score:
            best, best_score = form, score
    if best is not None and best_score >= LINE_MIN_SCORE:
        return best
    return restore_prefix(line, known)


def restore_prefix(line: str, known: Forms) -> str:
    """ "Kinh gửi:" → "Kính gửi:", "@ơi nhận:" → "Nơi nhận:"; a list dash in front ("- Như trên;")
    is kept and never taken for a misread letter."""
    if line.startswith(("-", " ")):
        return line
    for form in known.prefixes:
        if line.startswith(form):
            return line
        head = line[: len(form)]
        if len(head) == len(form) and fuzz.ratio(head, form) >= PREFIX_MIN_SCORE:
            return form + line[len(form) :]
        # "\ơi nhận": the label alone on its line, its colon lost too
        bare = form.rstrip(":")
        if bare != form and len(line.rstrip()) == len(bare) and fuzz.ratio(line.rstrip(), bare) >= PREFIX_MIN_SCORE:
            return form
    return line


def is_noise(line: str) -> bool:
    """A short line with no valid Vietnamese syllable of two or more letters and no number."""
    alnum = sum(ch.isalnum() for ch in line)
    if alnum == 0:
        return bool(line.strip()) and not regex.fullmatch(r"[-–—_.=*]{3,}", line.strip())
    if alnum > NOISE_LINE_MAX_ALNUM:
        return False
    if regex.fullmatch(r"[\d\s./-]+", line.strip()):
        return False  # a page number or a date fragment
    if alnum < 0.5 * len(line.replace(" ", "")):
        return True  # mostly marks: "¬————.SS._."
    words = LETTER_TOKEN.findall(line)
    # All-caps tokens are abbreviations and symbols ("/TB-UBND" split from its "Số:" line).
    return not any(len(w) >= 2 and (is_valid(w) or w.isupper()) for w in words)


def invalid_syllables(text: str) -> list[str]:
    out = []
    for token in LETTER_TOKEN.findall(text):
        if len(token) == 1 or any(ch.isupper() for ch in token[1:]):
            continue  # list letters "b)", "V/v", abbreviations: UBND, CTrTT, SGDĐT
        if not is_valid(token):
            out.append(token)
    return out


def drop_lone_brackets(text: str) -> str:
    """Remove a lone ")" that closes nothing opened since the paragraph began; a bracket closing
    a wrapped aside ("(xi măng, … \n … ), vận động") has its "(" on an earlier line and stays."""
    out: list[str] = []
    last = 0
    for m in LONE_CLOSE.finditer(text):
        paragraph = text[text.rfind("\n\n", 0, m.start()) + 1 : m.start()]
        if paragraph.count("(") > paragraph.count(")"):
            continue
        out.append(text[last : m.start()])
        last = m.end()
    return "".join(out) + text[last:]


def fix_capitals_l(text: str) -> str:
    """Every word in capitals with an "l" for its "I" ("GlẤY", "GỬl") spelt with the "I", where
    that makes a Vietnamese syllable ("HCl" stays); the length is kept, so boxes and offsets hold."""

    def fixed(m: regex.Match[str]) -> str:
        word = m["word"].replace("l", "I")
        return word if is_valid(word.lower()) else m["word"]

    return CAPITALS_WITH_L.sub(fixed, text)


def fix_missing_horn(text: str) -> str:
    """ "cuờng" → "cường", "TRUỜNG" → "TRƯỜNG": the u of "ươ" before a final takes its horn back;
    one letter for one, so boxes and offsets hold."""
    return MISSING_HORN.sub(lambda m: ("Ư" if m["u"] == "U" else "ư") + m["o"], text)


def repair_text(text: str, lost: float = LOST_MARK) -> Repaired:
    """`text` repaired; `lost` is the cost of one lost mark (diacritics.lost_mark_cost): Tesseract's
    own rate unless the text is known to have lost more."""
    known = forms()
    text = text.translate(LOOKALIKES)
    text = GLUED_DATE.sub(
        lambda m: f"{m['num']} {m['word']}" if m["num"] else f"{m['word2']} {m['num2']}", text
    )
    text = BULLET_MISREAD.sub("- ", text)
    text = SECTION_FOR_EIGHT.sub("8", text)
    text = GLUED_NUMBER_LABEL.sub(r"\g<label> ", text)
    text = SO_BEFORE_NUMBER.sub(lambda m: m["s"] + "ố", text)
    text = SYMBOL_HYPHEN_GAP.sub(r"\g<head>", text)
    text = drop_lone_brackets(text)
    text = fix_missing_horn(fix_capitals_l(text))
    text = CAPITAL_I_TAIL.sub(lambda m: m["word"] + "i" if is_valid(m["word"] + "i") else m[0], text)
    text = LETTER_TOKEN.sub(lambda m: restore_lost_acute(m[0]) or m[0], text)
    lines: list[str] = []
    changes: list[tuple[str, str]] = []
    syllables_fixed = 0
    for line in text.split("\n"):
        # a short label of a text that lost its marks is words once they are back: "Luu y:" over a
        # list of notes (class: plain text another tool OCRed without diacritics) is "Lưu ý:"
        if is_noise(line) and is_noise(restore_diacritics(line, lost)[0]):
            changes.append((line, ""))
            continue
        fixed = restore_line(line, known)
        if fixed not in known.lines:
            fixed, count = restore_diacritics(fixed, lost)
            syllables_fixed += count
        # the syllable model leaves capitals be; header lines have a vocabulary of their own, and
        # so has the upper-case column of a two-column header line ("CÔNG TY CỖ PHẦN ĐẤU TƯ VÀ      Độc
        # lập - Tự do - Hạnh phúc": the issuer column beside the motto)
        pieces = [fixed] if is_upper_line(fixed) else COLUMN_GAP.split(fixed)
        for i, piece in enumerate(pieces):
            if i % 2 == 0 and is_upper_line(piece):
                pieces[i], count = restore_header_marks(piece)
                syllables_fixed += count
        fixed = "".join(pieces)
        if fixed != line:
            changes.append((line, fixed))
        lines.append(fixed)
    repaired = regex.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    warnings: list[str] = []
    if syllables_fixed:
        warnings.append(f"Đã khôi phục dấu của {syllables_fixed} chữ theo ngữ cảnh")
    bad = invalid_syllables(repaired)
    if bad:
        sample = ", ".join(list(dict.fromkeys(bad))[:5])
        warnings.append(f"Sau nhận dạng (OCR) còn {len(bad)} âm tiết không có trong tiếng Việt (vd: {sample})")
    return Repaired(text=repaired, warnings=tuple(warnings), changes=tuple(changes))
