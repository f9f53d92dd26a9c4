"""Dispatch body → paragraphs and directive items, with offsets into the original text.

PDF and OCR text is hard-wrapped: a paragraph is rebuilt from its lines (a line that fills the
measure continues on the next one; a short line, a line ending a sentence followed by a capital,
or a line starting with an item marker begins a new paragraph). Every paragraph keeps, for each
character of its joined text, the offset of that character in the original text, so evidence
spans point into what the extractor was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from congvan.extractors.header import ESIGN_BLOCK_MARKER
from congvan.extractors.landmarks import line_starts_with, phrase
from congvan.extractors.marks import STAMP_MARKER
from congvan.extractors.obligations.assignees import action_verbs
from congvan.extractors.textutil import Line, fold, lines
from congvan.extractors.vocab import load_table

# An item marker at the start of a line: "1. ", "2) ", "1.2. ", "a) ", "II. ", "- ", "+ ", "• ";
# OCR reads "c)" as "©)" often enough to accept it, and a dash with a speck after it ("-. Giảng viên
# ghi rõ …", "-- Số lượng đề thi …", a phone scan) is still a dash before a capital.
ITEM_MARKER = regex.compile(
    r"""
    ^\s* (?P<label>
        (?P<roman> (?:X{0,3})(?:IX|IV|V?I{0,3}) (?<=[IVX]) [.)] )
      | (?P<sub> \d{1,2} \. \d{1,2} (?: \. \d{1,2} )? \.? )
      | (?P<number> \d{1,2} \. )
      | (?P<paren> \d{1,2} \) )
      | (?P<letter> [a-zđ©] \) )
      | (?P<bullet> [-–—+•*·] (?: [.\-] (?= \s+ \p{Lu} ) )? )
    ) (?= \s+ \S | [^\s\d/.\-] )
    """,
    regex.VERBOSE,
)

# A list marker as OCR prints it, trusted only where the markers around it confirm the sequence
# (see `resolve_markers`): a roman numeral without its dot before an upper-case heading ("II NHIỆM
# VỤ"), a roman numeral garbled into look-alikes before a capital ("HH. Các điều kiện …", "[. Tổ
# chức …"), "l." / "I." / "|." / "!." for "1.", "§." / "$." for "5." or "8.", and a number whose dot was
# lost ("4 Cục Phòng bệnh" between "3." and "5.").
GARBLED_MARKER = regex.compile(
    r"""
    ^\s* (?P<label>
        (?P<bare_roman> (?:X{0,3})(?:IX|IV|V?I{0,3}) (?<=[IVX]) ) (?= \s+ \p{Lu}{2,} [\s,] \s* \p{Lu} )
      | (?P<ocr_roman> [\[\]|IlH1]{1,4} (?<= .*[\[\]|lH].* ) (?<! ^\s*[1l] ) \. ) (?= \s* \p{Lu} )
      | (?P<one> [lIL|!] \s? [.)] ) (?= \s* \p{Lu} )
      | (?P<five_or_eight> [§$] \s? [.)] ) (?= \s* \p{Lu} )
      | (?P<bare_number> \d{1,2} ) (?= \s+ \p{Lu} )
    )
    """,
    regex.VERBOSE,
)

# A bullet sign, a space and a capitalised word: "- Chủ trì, phối hợp …" (a hyphen wrapped from the
# line before has no space after it, "liên ng-\nành").
BULLET_CAPITAL = regex.compile(r"^\s*[-–+•]\s+\p{Lu}\p{Ll}")

# A page number alone on a line between two halves of a paragraph: "2", "- 3 -".
PAGE_NUMBER = regex.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")

# The "Nơi nhận:" block or an appendix title ends the body: "Nơi nhận:", "Noi nhận:", "PHỤ LỤC";
# when OCR lost the "Nơi nhận" label, its first lines still show: "- Như trên;", "- Lưu: VT, …".
# OCR may garble the label's first letters (";NVơi nhận:"); then its colon must be there.
BODY_END = regex.compile(
    r"""^\W* (?: """ + phrase("noi_nhan") + r""" | phu \s+ luc \b
              | nhu \s+ tren \s* [;,.]? \s* $ | """ + phrase("luu") + r""" \s* : \s* vt \b )""",
    regex.IGNORECASE | regex.VERBOSE,
)

# A "Nơi nhận:" label OCR garbled past the landmark's reach, folded, alone on its line ("Bi hận:",
# "Nci nhan:"): two short words ending in "(n)han:"; it counts only over a "- …" list line.
GARBLED_NOI_NHAN = regex.compile(r"^\W*\w{1,4}\s+n?han\s*:\s*$")

# The place–date line: "Hà Nội, ngày 09 tháng 11 năm 2021", "Quảng Ngãi, ngày tháng 11 năm 2024".
DATE_LINE = regex.compile(r"\bngay\s+(?:\d{1,2}\s+)?thang\s+\d{1,2}\s+nam\s+\d{4}")

# Sentence-ending punctuation at the end of a line: "... đúng quy định.", "... như sau:", "./.".
# A noun that counts what follows it, at the end of a full line that runs on (class: text-layer PDFs
# and scans whose wrap puts the number first on the next line, where it reads as an item marker):
# matches "… bảo đảm an toàn thông tin theo cấp độ" over "3. Thời gian hoàn thành: trong quý IV/2026."
COUNTED_AT_END = regex.compile(
    r"""(?<!\p{L})(?:cấp\s+độ|mức\s+độ|mức|cấp|số|khoản|điểm|Điều|điều|Chương|chương|Phần|phần|Mục|mục|loại|hạng|nhóm
        |khu\s+vực|tầng|lớp|đợt|giai\s+đoạn|phụ\s+lục|Phụ\s+lục|biểu|mẫu|tuần|quý|tiểu\s+mục)\s*$""",
    regex.VERBOSE,
)
LINE_END_PUNCT = regex.compile(r"[.;:!?…]\s*(?:\*+)?\s*$|\./\.\s*$")

# "1)" sits below "1." like "a)" does (and OCR reads "a)" as "4)")
LEVELS = {"roman": 0, "number": 1, "sub": 2, "letter": 3, "paren": 3, "bullet": 4, "plain": 5}
MARKER_KINDS = ("roman", "sub", "number", "paren", "letter", "bullet")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the body: joined text plus the original offset of each character."""

    text: str
    offsets: tuple[int, ...]  # offsets[i] = original offset of text[i]; one extra entry for the end
    kind: str  # one of MARKER_KINDS or "plain"
    label: str  # the marker as printed ("1.", "a)", "-"), "" for plain paragraphs
    content_at: int  # index in `text` where the content starts (after the marker)

    @property
    def start(self) -> int:
        return self.offsets[0]

    @property
    def end(self) -> int:
        return self.offsets[-1]

    @property
    def content(self) -> str:
        return self.text[self.content_at :]

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original offsets of text[i:j]."""
        i = max(0, min(i, len(self.text)))
        j = max(i, min(j, len(self.text)))
        if j == i:
            return self.offsets[i], self.offsets[i]
        return self.offsets[i], self.offsets[j - 1] + 1


def _measure(body: list[Line]) -> int:
    """The usual length of a full line: long lines are wrapped, short ones end a paragraph."""
    # the median of the longer lines: most lines of a wrapped paragraph fill the measure, and a
    # few over-long ones (two OCR columns read as one line) must not stretch it
    lengths = sorted(len(line.stripped) for line in body if len(line.stripped) >= 30)
    if not lengths:
        return 80
    return max(40, lengths[len(lengths) // 2])


def body_bounds(text: str) -> tuple[int, int]:
    """Offsets where the body of the dispatch begins (after the Kính gửi block or the place–date
    line) and ends (at "Nơi nhận" or an appendix)."""
    all_lines = list(lines(text))
    start_index = 0
    date_index = next((i for i, line in enumerate(all_lines[:60]) if DATE_LINE.search(fold(line.text))), None)
    kinh_index = next((i for i, line in enumerate(all_lines[:80]) if line_starts_with(line.text, "kinh_gui")), None)
    if kinh_index is not None:
        start_index = _after_addressees(all_lines, kinh_index)
        # The addressee list: bullets, short lines and lines ending in ";" until the first body line
        # (a short line that opens a numbered item or closes a sentence is the body: "1. Khoa Dược:",
        # "I. MỤC ĐÍCH, YÊU CẦU").
        while start_index < len(all_lines):
            stripped = all_lines[start_index].stripped
            short = len(stripped) < 60 and not _opens_body(stripped)
            if stripped and not (stripped[0] in "-–+•" or stripped.endswith((";", ",")) or short):
                break
            start_index += 1
        if date_index is not None and date_index > start_index:
            start_index = date_index + 1
    elif date_index is not None:
        start_index = date_index + 1
    start = all_lines[start_index].start if start_index < len(all_lines) else len(text)
    end = len(text)
    rest = all_lines[start_index:]
    for i, line in enumerate(rest):
        folded = fold(line.text)
        if BODY_END.search(folded) or (
            GARBLED_NOI_NHAN.match(folded) and i + 1 < len(rest) and rest[i + 1].stripped.startswith(("-", "–"))
        ):
            end = line.start
            break
    return start, end


def _opens_body(line: str) -> bool:
    """A short line after the Kính gửi block that is no addressee: a numbered or roman item, or a
    line that ends a sentence or introduces a list ("Thực hiện …, Sở Y tế đề nghị:")."""
    marker = ITEM_MARKER.match(line)
    return (marker is not None and marker.group("bullet") is None) or line.rstrip(" *").endswith((":", "."))


def _after_addressees(all_lines: list[Line], kinh_index: int) -> int:
    """The line after the Kính gửi addressee list. With "Kính gửi:" alone on its line (or
    followed by a dash), the addressees are the next group of "- …;" lines, even when a few
    stray lines (a receiving unit's routing notes, OCR debris) come between."""
    folded = fold(all_lines[kinh_index].text)
    heading = line_starts_with(folded, "kinh_gui")
    after_colon = folded[heading.end() if heading else 0 :].strip(" :*")
    if after_colon and not after_colon.startswith(("-", "+")):
        return kinh_index + 1
    first = next(
        (
            i
            for i in range(kinh_index + 1, min(len(all_lines), kinh_index + 9))
            if all_lines[i].stripped[:1] and all_lines[i].stripped[0] in "-–+•"
        ),
        None,
    )
    if first is None:
        return kinh_index + 1
    index = first
    while index < len(all_lines):
        stripped = all_lines[index].stripped
        if (stripped[:1] and stripped[0] in "-–+•") or (
            stripped and len(stripped) < 60 and not stripped.endswith(":")
        ):
            index += 1
            continue
        break
    return index


def _number_value(kind: str, label: str) -> int | None:
    if kind != "number":
        return None
    digits = label.strip(" .)")
    return int(digits) if digits.isdigit() else None


def resolve_markers(firsts: Sequence[str]) -> list[tuple[str, int]]:
    """The marker kind of each paragraph (given its first line) and where its content starts,
    OCR-garbled markers included where the numbered items around them confirm the sequence: a
    section heading ("II NHIỆM VỤ", "HH. Các điều kiện …") is followed by a "1." that restarts the
    numbering; "l." is a "1." when the next numbered item is "2."; "§." is "5." or "8." after a
    "4." or "7." (or before a "6." or "9.")."""
    base = [_marker(line) for line in firsts]
    garbled = [GARBLED_MARKER.match(line) for line in firsts]
    kinds = [m[0] if m else "plain" for m in base]
    values: list[int | None] = [_number_value(*m) if m else None for m in base]

    # a section heading, printed ("II.") or as OCR left it ("II KẾT LUẬN, CHỈ ĐẠO"), and an unmarked
    # label that opens a list ("Lưu ý:") restart the numbering, so the items before it do not vouch
    # for (or against) a marker below it (class: thông báo kết luận with "I ĐÁNH GIÁ CHUNG" 1.–3.
    # then "II KẾT LUẬN" l.–7.; a letter's numbered parts, then "Lưu ý:" over its own l.–4.)
    heading = [
        (found is not None and found[0] == "roman")
        or (found is None and match is not None and bool(match.group("bare_roman") or match.group("ocr_roman")))
        or (found is None and match is None and line.rstrip().endswith(":"))
        for found, match, line in zip(base, garbled, firsts, strict=True)
    ]

    def neighbour(i: int, step: int) -> int | None:
        j = i + step
        while 0 <= j < len(values):
            if step < 0 and heading[j]:
                return None
            if values[j] is not None:
                return values[j]
            if step > 0 and garbled[j] is not None and garbled[j].group("one") and base[j] is None:
                return 1  # "I. MỤC ĐÍCH" over "l. Nâng cao …": the roman heading of an "l." = "1."
            j += step
        return None

    # first the numbers: "l." / "I." before a "2.", "§." between "4." and "6." (or "7." and "9.")
    for i, line in enumerate(firsts):
        match, found = garbled[i], base[i]
        if match is None or (found is not None and found[0] != "roman"):
            continue
        nxt, prev = neighbour(i, 1), neighbour(i, -1)
        if (match.group("one") or found) and nxt == 2 and prev in (None, 1) and line.lstrip()[:1] != "V":
            kinds[i], values[i] = "number", 1  # a roman "I." is followed by "1.", not "2."
        elif found is None and match.group("five_or_eight") and (prev in (4, 7) or nxt in (6, 9)):
            kinds[i], values[i] = "number", prev + 1 if prev in (4, 7) else (nxt or 6) - 1
        elif found is None and match.group("bare_number"):
            # "4 Cục Phòng bệnh" after "3." (and before "5." if any): the item heading whose dot OCR
            # lost (class: numbered duty lists of scans); "17 tỉnh đạt …" continues a sentence
            value = int(match.group("bare_number"))
            if prev == value - 1 and nxt in (None, value + 1):
                kinds[i], values[i] = "number", value

    # then the section headings: the numbering restarts at "1." under them
    for i in range(len(firsts)):
        match = garbled[i]
        if match is None or base[i] is not None or not (match.group("bare_roman") or match.group("ocr_roman")):
            continue
        following = next((j for j in range(i + 1, len(kinds)) if kinds[j] in ("roman", "number")), None)
        if following is not None and values[following] == 1:
            kinds[i] = "roman"

    out: list[tuple[str, int]] = []
    for i, line in enumerate(firsts):
        found, kind = base[i], kinds[i]
        if kind == "plain":
            out.append((kind, len(line) - len(line.lstrip())))
            continue
        match = ITEM_MARKER.match(line) if found and found[0] == kind else GARBLED_MARKER.match(line)
        content = match.end("label") if match else 0
        while content < len(line) and line[content] == " ":
            content += 1
        out.append((kind, content))
    return out


def _marker(line: str) -> tuple[str, str] | None:
    match = ITEM_MARKER.match(line)
    if match is None:
        return None
    for kind in MARKER_KINDS:
        if match.group(kind):
            return kind, match.group("label")
    return None


def _starts_upper(stripped: str) -> bool:
    first = next((ch for ch in stripped if ch.isalnum() or ch in '“"('), "")
    return bool(first) and (first.isupper() or first.isdigit() or first in '“"(')


# An item heading that names whom its lines are for, as long as a line and without a colon: "2. Đối
# với các đại học, học viện, trường đại học, trường cao đẳng sư phạm", "3. Ủy ban Mặt trận Tổ quốc
# Việt Nam và các đoàn thể chính trị - xã hội huyện".
HEADING_LINE = regex.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*[.)]\s+\p{Lu}[^.;:!?]*$")


@cache
def _capitalised_actions() -> regex.Pattern[str]:
    verbs = sorted(load_table("directive_verbs")["action_verbs"], key=len, reverse=True)
    return regex.compile(r"(?:" + "|".join(regex.escape(v[:1].upper() + v[1:]) for v in verbs) + r")(?![\p{L}\d])")


def opens_with_action(line: str) -> bool:
    """Does the line open with a capitalised action verb ("Cập nhật số liệu …", "Tuân thủ …")?"""
    return _capitalised_actions().match(line.lstrip()) is not None


def _heading_over_action(prev_text: str, cur: str) -> bool:
    """ "2. Đối với các đại học, …, trường cao đẳng sư phạm" over "Cập nhật đầy đủ số liệu …": a
    heading that fills the line, then its first duty (class: text layers of công văn hướng dẫn and
    kế hoạch). A line that acts ("1. Giao Sở Y tế chủ trì, phối hợp với") runs on into a name
    ("Tổ chức Y tế Thế giới"), and so may one ending in a capitalised word ("… Sở | Xây dựng")."""
    if not HEADING_LINE.match(prev_text) or not opens_with_action(cur):
        return False
    if action_verbs().search(prev_text):
        return False
    last = prev_text.split()[-1]
    return last[:1].islower()


# A numbered topic title: "4. Về việc điều chỉnh tiền lương đóng BHXH đối với 37 lao động …",
# "2. Đối với người nộp thuế …" (folded, after the marker).
ABOUT_TITLE = regex.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*[.)]\s+(?:ve|doi\s+voi)\s")

# A sentence's first two words: a capitalised word, then a lower-case one ("Qua đối chiếu …").
SENTENCE_START = regex.compile(r"^\p{Lu}\p{Ll}*\s+\p{Ll}")


@cache
def _body_head_start() -> regex.Pattern[str]:
    heads = sorted(load_table("bodies")["heads"], key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(h) for h in heads) + r")(?![\p{L}\d])")


def opens_with_body_head(text: str) -> bool:
    """Does the text open with a head word of a body ("Báo …", "Đài …", "Bảo hiểm xã hội …")?"""
    return _body_head_start().match(text) is not None


def _topic_over_sentence(prev_text: str, cur: str) -> bool:
    """ "4. Về việc điều chỉnh tiền lương … có phụ cấp chuyên cần" over "Qua đối chiếu dữ liệu, …": a
    topic title that fills the line, then the first sentence of its part (class: answer letters and
    công văn in numbered parts). A title wrapped onto a name ("… phối hợp với" / "Ủy ban nhân dân
    tỉnh") or a term ("… phòng, chống dịch" / "COVID-19") runs on."""
    if not HEADING_LINE.match(prev_text) or not ABOUT_TITLE.match(fold(prev_text)):
        return False
    if not prev_text.split()[-1][:1].islower() or not SENTENCE_START.match(cur):
        return False
    return _body_head_start().match(cur) is None


def _breaks_before(prev: Line, gap: bool, current: Line, measure: int) -> bool:
    prev_text = prev.stripped
    cur = current.stripped
    if _heading_over_action(prev_text, cur) or _topic_over_sentence(prev_text, cur):
        return True
    ended = bool(LINE_END_PUNCT.search(prev_text))
    short = len(prev_text) < 0.72 * measure
    marker = _marker(cur)
    runs_on = not (ended or short or gap)
    if marker is not None and marker[0] == "number" and runs_on and COUNTED_AT_END.search(prev_text):
        return False  # "… an toàn thông tin theo cấp độ" / "3. Thời gian hoàn thành: …": a wrapped count
    if marker is not None:
        # "1. Sở Y tế", "a) Tiếp tục": an enumerator before a capital starts an item even when OCR
        # lost the colon of the line before; a dash may be a hyphen wrapped from the line before.
        if marker[0] != "bullet" and _starts_upper(cur[len(marker[1]) :].lstrip()):
            return True
        if (
            marker[0] == "bullet"
            and BULLET_CAPITAL.match(cur)
            and not prev_text.endswith((",", "-", "–", "("))
            and _starts_upper(prev_text)
            and (_marker(prev_text) or ("plain", ""))[0] != "bullet"
        ):
            # "1. Sở Y tế (cơ quan thường trực Ban Chỉ đạo liên ngành tỉnh)" over "- Chủ trì, phối hợp …":
            # a dash, a space and a capital open a bullet after a heading that fills the line (after
            # a bullet, a line of slogans may run on: "- Vì sức khỏe … - Không giữ …" stays joined)
            return True
        return ended or short or gap
    if GARBLED_MARKER.match(cur) and (ended or short or gap):
        return True  # "l. Sở Tài chính …" under a short heading: maybe an item (resolve_markers decides)
    if not _starts_upper(cur) or prev_text.endswith(","):
        return False  # a lower-case start or a trailing comma continues the sentence, even across a page
    return gap or ended or short


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[Paragraph]:
    """The paragraphs of text[start:end], each with its item marker (if any)."""
    stop = len(text) if end is None else end
    body = [line for line in _without_stamps(lines(text, start, stop)) if not PAGE_NUMBER.match(line.text)]
    measure = _measure(body)
    groups: list[list[Line]] = []
    prev: Line | None = None
    gap = False
    for line in body:
        if not line.stripped:
            gap = True
            continue
        if prev is None or (_breaks_before(prev, gap, line, measure) and not _closes_aside(groups[-1], line)):
            groups.append([line])
        else:
            groups[-1].append(line)
        prev, gap = line, False
    return [_join(group) for group in groups]


def _closes_aside(group: list[Line], line: Line) -> bool:
    """`line` closes a bracket the paragraph opened and is no item: "… về Văn phòng (đồng chí …,
    điện thoại:" / "0292.3820.157) trước ngày 10/3/2026." is one sentence, the phone number no new one."""
    text = " ".join(g.stripped for g in group)
    if text.count("(") <= text.count(")") or _marker(line.stripped) is not None:
        return False
    closing = line.stripped.find(")")
    return closing >= 0 and "(" not in line.stripped[:closing]


def _is_appended(all_lines: list[Line]) -> list[bool]:
    """Which lines the OCR stage appended to a page: its e-signature text layer ("[Chữ ký số]" up
    to the next blank line: "Người ký: Ủy ban / nhân dân tỉnh Quảng / Ngãi …") and stamped marks
    ("[Dấu] HỎA TỐC"). They sit at a page's end, often inside a paragraph or a list running on to
    the next page, and are never body text."""
    out: list[bool] = []
    in_esign = False
    for line in all_lines:
        if line.stripped == ESIGN_BLOCK_MARKER:
            in_esign = True
        if in_esign and not line.stripped:
            in_esign = False
        out.append(in_esign or line.stripped.startswith(STAMP_MARKER))
    return out


def _without_stamps(all_lines: Iterable[Line]) -> list[Line]:
    listed = list(all_lines)
    return [line for line, appended in zip(listed, _is_appended(listed), strict=True) if not appended]


def _join(group: list[Line]) -> Paragraph:
    pieces: list[str] = []
    offsets: list[int] = []
    tail = ""  # the last two characters joined so far (a line at a time, not a character at a time)
    for line in group:
        lead = len(line.text) - len(line.text.lstrip())
        stripped = line.text.strip()
        if tail:
            if tail[-1] == "-" and len(tail) > 1 and tail[-2].isalpha() and stripped[:1].isalpha():
                pass  # "UBND-\nKGVX": a symbol split at its hyphen joins without a space
            else:
                pieces.append(" ")
                offsets.append(offsets[-1] + 1)
                tail = tail[-1] + " "
        pieces.append(stripped)
        offsets.extend(range(line.start + lead, line.start + lead + len(stripped)))
        tail = (tail + stripped)[-2:]
    last = group[-1]
    offsets.append(last.start + len(last.text.rstrip()))
    joined = "".join(pieces)
    found = _marker(joined)
    kind, label = found if found else ("plain", "")
    content_at = 0
    if found:
        content_at = len(label) + (len(joined) - len(joined.lstrip()))
        while content_at < len(joined) and joined[content_at] == " ":
            content_at += 1
    return Paragraph(joined, tuple(offsets), kind, label, content_at)


def flatten(text: str, paras: list[Paragraph]) -> str:
    """`text` with the line breaks inside each paragraph (and dropped page-number lines) turned into
    spaces, and the lines the OCR stage appended blanked: same length as `text`, so every offset
    found in it holds in the original."""
    chars = list(text)
    all_lines = list(lines(text))
    for line, appended in zip(all_lines, _is_appended(all_lines), strict=True):
        if appended:
            chars[line.start : line.end] = " " * (line.end - line.start)
    for para in paras:
        chars[para.start : para.end] = "".join(chars[para.start : para.end]).replace("\r", " ").replace("\n", " ")
        # a dropped page-number line between two joined lines (offsets: one per character joined)
        for here, after in zip(para.offsets[:-2], para.offsets[1:-1], strict=True):
            if after - here > 1:
                chars[here + 1 : after] = " " * (after - here - 1)
    return "".join(chars)
