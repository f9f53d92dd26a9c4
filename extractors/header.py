"""The header region of a dispatch, cut into its two columns (Nghị định 30/2020/NĐ-CP, Phụ lục I).

Shared by the header extractors (number, place_date, doctype, issuer, subject, marks). Text reaches
us in three orders, and all must read the same:
- columns one after the other (layout step, seeds): issuer lines, "Số: …", blank, "CỘNG HÒA …";
- interleaved lines (plain PDF text, OCR): "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
- linearised transcriptions: "BỘ GIÁO DỤC VÀ ĐÀO TẠO / CỘNG HOÀ … / Số: 7991/BGDĐT-GDTrH / V/v …".
Each header line is cut where the right column starts (Quốc hiệu, motto, place–date), so every
extractor sees left-column pieces and right-column pieces with their offsets in the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from congvan.extractors.landmarks import BLANK_FILL, line_starts_with, phrase
from congvan.extractors.landmarks import TIEU_NGU as MOTTO
from congvan.extractors.textutil import Line, fold, lines
from congvan.extractors.vocab import load_table

# Markdown left in OCR'd seed texts ("**VIỆN KIỂM SÁT**"); blanked, not removed, so offsets hold.
MARKUP_CHARS = str.maketrans({"*": " ", "`": " "})

# Right-column start, in folded text: the Quốc hiệu ("CỘNG HÒA XÃ HỘI …", kerning-split "CỘ NG HÒA",
# OCR "CONG Hcok xA HQI") or, on party documents, "ĐẢNG CỘNG SẢN VIỆT NAM".
QUOC_HIEU = regex.compile(f"(?:{phrase('quoc_hieu')}|{phrase('dang_quoc_hieu')})", regex.VERBOSE)
# The party's right column alone (folded), to tell it from the Quốc hiệu in a QUOC_HIEU match.
DANG_HEADING = regex.compile(phrase("dang_quoc_hieu"), regex.VERBOSE)
# The Đoàn's right column closing a header line, folded: "BCH ĐOÀN TỈNH QUẢNG NGÃI ĐOÀN TNCS HỒ CHÍ
# MINH". It counts only where the line prints it in capitals (a subject line may end "… Ngày thành
# lập Đoàn TNCS Hồ Chí Minh"; a body sentence opens "Đoàn TNCS Hồ Chí Minh tỉnh …").
DOAN_QUOC_HIEU = regex.compile(phrase("doan_quoc_hieu") + r"(?=[ \t*]*$)", regex.VERBOSE)
# The second line of a Quốc hiệu wrapped in a narrow cell ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"),
# folded: a right-column piece, never part of the issuer.
QUOC_HIEU_TAIL = regex.compile(r"\bchu \s* nghia \s+ viet \s* nam\b", regex.VERBOSE)

# Date of the place–date line, folded: "ngay 09 thang 11 nam 2021", OCR "ngay,94 thcing 5 nam 2019",
# e-signed blank day "ngay   thang 11 nam 2024", glued "ngay 04thang 02 nam 2025", OCR month "l1".
# `pre`/`post` catch what OCR left around an unreadable handwritten day ("ngay 3| thang").
# Another tool's OCR reads a letter for a digit ("ngày l5 tháng 3 năm 2O24", folded "l5", "2o24"):
# the groups take "l", "o", "i" beside digits; place_date.py reads them only on OCR'd text.
# A day of two letters only ("ngay lO thang 12", unmarked OCR) is read as digits only when it
# stands alone between "ngày" and "tháng"; _letter_digits then keeps it to OCR'd text.
# A template's blank of leader dots or underscores counts as one mark there, with the day written or
# stamped over it or not: "ngay ....... 14 thang 11 nam 2019", "ngay ……… thang 11 nam 2019".
DATE_CORE = regex.compile(
    r"""
    \bng\w{1,2}y (?P<pre>(?:BLANK|[^\d\n]){0,4}?) (?P<day>(?=[loi]?\d|[loi]{2}[ ]+th)[\dloi]{1,2})?
    (?P<post>(?![ ]*[loi]{2}[ ]+th)(?:BLANK|[^\d\n]){0,4}?)
    th\w{1,4}g [\s,.:]* (?P<month>[\dl|\]]{1,2}) [\s,.:/]*
    n\w{1,2}m [\s,.:]* (?P<year>(?=(?:[loi]?\d){2})[\dloi]{4})
    """.replace("BLANK", BLANK_FILL),
    regex.VERBOSE,
)

# A line ending inside the date, after its month ("… ngày 24 tháng 01"), folded.
OPEN_MONTH = regex.compile(r"""\bng\w{1,2}y [^\n]{0,8}? th\w{1,4}g [\s,.:]* [\dl|\]]{1,2} [\s,.:/]* $""", regex.VERBOSE)
# The year closing a line ("V/v … năm 2022"), folded.
YEAR_AT_LINE_END = regex.compile(r"""\bn\w{1,2}m [\s,.:]* \d{4} [ \t]* $""", regex.VERBOSE | regex.MULTILINE)

# The opening of a place–date line whose date OCR garbled past reading, folded: "Đà Nẵng, ngày Z3
# tháng 4@{ năm 2022", "Đà Nẵng, ngàyO(hángQ1 năm 2022": the comma and "ngày" after the place, and
# the year further on the same line. The place is still the place. A draft's blank date wraps in a
# narrow header cell: "Nghệ An, ngày        tháng" / "năm 2025", "Hải Phòng, ngày" / "" / "tháng năm 2025".
PLACE_DATE_LEAD = regex.compile(
    r"""
    , [\s.]* (?P<lead>ng\w{1,2}y) (?=[^\n]{0,24}? (?:\n[^\n]{0,24}?){0,2}? n\w{1,2}m [\s,.:]* \d{4})
    """,
    regex.VERBOSE,
)


def place_date_lead(folded: str, line_start: int, line_end: int) -> regex.Match[str] | None:
    """PLACE_DATE_LEAD in the line at `line_start`, its year looked for on the next two lines too
    (a blank date wrapped in a narrow cell)."""
    stop = line_end
    for _ in range(2):
        next_nl = folded.find("\n", stop + 1)
        stop = len(folded) if next_nl == -1 else next_nl
    m = PLACE_DATE_LEAD.search(folded, line_start, stop)
    return m if m is not None and m.start("lead") < line_end else None


def date_in_line(folded: str, line_start: int, line_end: int) -> regex.Match[str] | None:
    """The place–date line's date from the line at `line_start`, read across one wrap when the
    line ends inside it ("Hà Nội, ngày 03" / "tháng 12 năm 2025": a web table cell wrapped it).
    Offsets are those of `folded` (the wrap is read as a space; fold keeps lengths)."""
    m = DATE_CORE.search(folded, line_start, line_end)
    if m is not None:
        return m
    next_nl = folded.find("\n", line_end + 1)
    stop = len(folded) if next_nl == -1 else next_nl
    if stop - line_end > 80:
        return None
    flat = folded[line_start:line_end] + " " + folded[line_end + 1 : stop]
    m = DATE_CORE.search(flat)
    if m is None or m.start() >= line_end - line_start:
        return _date_across_columns(folded, line_start, line_end, stop)
    return DATE_CORE.search(folded[:line_start].replace("\n", " ") + flat, line_start)


def _date_across_columns(folded: str, line_start: int, line_end: int, stop: int) -> regex.Match[str] | None:
    """Two columns interleaved line by line ("Số: 12/UBND Đà Nẵng, ngày 24 tháng 01" / "V/v …
    năm 2022"): the date's year closes the next line, after the left column's words. Those words
    are blanked (same length, so offsets hold) and the date read across them."""
    year = YEAR_AT_LINE_END.search(folded, line_end + 1, stop)
    if year is None or not OPEN_MONTH.search(folded, line_start, line_end):
        return None
    masked = folded[:line_end] + " " * (year.start() - line_end) + folded[year.start() :]
    m = DATE_CORE.search(masked, line_start, stop)
    return m if m is not None and m.start() < line_end else None

# E-signature stamp lines: "06.11.2024 09:27:05", "+07:00", "Thời gian ký: 15.01.2025 09:13:12 +07:00".
STAMP_SIGNAL = regex.compile(
    r"""
    (?P<time>\b\d{1,2}[./-]\d{1,2}[./-]\d{4} \s+ \d{1,2}:\d{2}(?::\d{2})? | \b\d{4}-\d{2}-\d{2}[t\s]\d{2}:\d{2})
  | (?P<zone>[+]\s?0?7:?00\b)
  | (?P<label>\bthoi \s gian \s ky\b | \bky \s boi\b | \bngay \s ky\b)
    """,
    regex.VERBOSE,
)
ESIGN_BLOCK_MARKER = "[Chữ ký số]"  # congvan.pipeline.ocr.engine.ESIGN_HEADER; extractors do not import pipeline
EMAIL_LINE = regex.compile(r"^\s*(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\s*$")

# Where the header ends and the body begins (folded line starts): "Kính gửi:", "Căn cứ Luật …",
# "Thực hiện Công văn số …", "Ngày 12/11/2024, tại trụ sở …".
BODY_START = regex.compile(
    r"""
    ^[\s\-–•(]*
    (?P<marker>
        """ + phrase("kinh_gui") + r""" | can \s cu\b | thuc \s hien\b | theo \s de \s nghi | xet \s de \s nghi
      | ngay \s \d{1,2}\s?/\s?\d | hom \s nay\b | vao \s (?:hoi|luc)\b | vua \s qua\b | sau \s khi\b
      | trong \s nhung \s (?:nam|thang|ngay) | trong \s thoi \s gian | thoi \s gian \s qua | hien \s nay\b
      | ngay \s \d{1,2} \s thang | thi \s hanh\b | nham \s
    )
    """,
    regex.VERBOSE,
)

# A lone stamped number or day on its own line: "542", "06".
LONE_DIGITS = regex.compile(r"^\s*(?P<digits>\d{1,5})\s*$")

MAX_HEADER_LINES = 40  # non-blank lines; a header never runs longer
MAX_HEADER_CHARS = 3000
PARAGRAPH_LINE = 300  # an OCR paragraph on one line is body text, never header


@dataclass(frozen=True)
class Segment:
    """A piece of one header line: a whole line, or its left or right column part."""

    start: int
    end: int
    text: str
    kind: str  # "plain" | "quoc_hieu" | "place_date"
    line_index: int  # index of the physical line among the header lines
    first_in_line: bool

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass(frozen=True)
class Header:
    view: str  # the text with markdown blanked (same length and offsets as the input)
    folded: str  # fold(view)
    segments: tuple[Segment, ...]
    start: int  # where the header region begins (after any leading e-signature stamp)
    end: int  # where the body begins
    stamp_lines: tuple[Line, ...]  # e-signature stamp lines anywhere in the text

    def folded_of(self, seg: Segment | Line) -> str:
        return self.folded[seg.start : seg.end]


def spaced_title(words: str) -> str:
    """Folded pattern text for a title that tolerates a kerning space inside a word."""
    parts = [r"\s?".join(regex.escape(ch) for ch in w) for w in fold(words).split()]
    return r"\s+".join(parts)


# Two words run together where a text layer lost the space between them: Vietnamese writes no
# capital after a small letter inside a word. matches the joint in "phốHồ", "NghệAn"
GLUED_WORDS = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")


def place_start(view: str, line_start: int, date_start: int) -> int:
    """Offset where the place of a place–date line begins: the run of capitalised words just
    before ", ngày" ("Quảng Ngãi"), stopping at what belongs to the left column ("/TB-UBND")."""
    before = view[line_start:date_start]
    tokens = list(regex.finditer(r"\S+", before))
    start = date_start
    title_case_seen = False
    taken = 0
    for tok in reversed(tokens):
        word = tok.group().strip(",;")
        if not word:
            continue
        if word in ("-", "–") and taken:
            continue
        # an italic line whose text layer lost its spaces: "Thành phốHồChí Minh", "NghệAn"
        head = GLUED_WORDS.split(word)[0]
        not_place = regex.search(r"[\d/:()]", word) or not regex.match(r"\p{Lu}", word)
        if not_place and word.lower() not in ("phố", "xã", "trấn") and head.lower() not in ("phố", "xã", "trấn"):
            break
        is_caps = word.upper() == word and len(regex.sub(r"\P{L}", "", word)) >= 2
        if is_caps and title_case_seen and word.rstrip(".") not in ("TP", "TX", "Tp", "Q"):
            break
        title_case_seen = title_case_seen or not is_caps
        start = line_start + tok.start()
        taken += 1
        if taken >= 6:
            break
    return start


def _cut_points(view: str, folded: str, line: Line) -> list[tuple[int, str]]:
    """Offsets inside a header line where a right-column piece starts, with the piece's kind."""
    text = folded[line.start : line.end]
    cuts: list[tuple[int, str]] = []
    for pattern in (QUOC_HIEU, MOTTO, QUOC_HIEU_TAIL):
        m = pattern.search(text)
        if m and not (pattern is QUOC_HIEU and _party_name_in_prose(view, line.start, m)):
            cuts.append((line.start + m.start(), "quoc_hieu"))
    m = DOAN_QUOC_HIEU.search(text)
    if m and _printed_upper(view[line.start + m.start() : line.start + m.end()]):
        cuts.append((line.start + m.start(), "quoc_hieu"))
    d = date_in_line(folded, line.start, line.end)
    lead = None if d else place_date_lead(folded, line.start, line.end)
    if d:
        cuts.append((place_start(view, line.start, d.start()), "place_date"))
    elif lead:
        cuts.append((place_start(view, line.start, lead.start()), "place_date"))
    cuts.sort()
    merged: list[tuple[int, str]] = []
    for pos, kind in cuts:
        if merged and merged[-1][1] == "quoc_hieu" and kind == "quoc_hieu":
            continue  # "CỘNG HÒA … Độc lập …" on one line is one right-column piece
        merged.append((pos, kind))
    return merged


# Share of capitals from which a printed "ĐẢNG CỘNG SẢN VIỆT NAM" is the party's right column
# (OCR may lower a letter or two); the name in a title's subject line is in title case.
CAPITALS_SHARE = 0.8


def _party_name_in_prose(view: str, line_start: int, m: regex.Match[str]) -> bool:
    """The party's name inside a subject or sentence, not its right-column heading: a kế hoạch's
    subject "tổ chức … kỷ niệm 95 năm Ngày thành lập Đảng Cộng sản Việt Nam" (title case)."""
    if not DANG_HEADING.match(m.group(0)):
        return False
    letters = regex.sub(r"\P{L}", "", view[line_start + m.start() : line_start + m.end()])
    return sum(ch.isupper() for ch in letters) < CAPITALS_SHARE * len(letters)


def _printed_upper(text: str) -> bool:
    letters = regex.sub(r"\P{L}", "", text)
    return bool(letters) and letters.upper() == letters


def _split_line(view: str, folded: str, line: Line, index: int) -> list[Segment]:
    cuts = _cut_points(view, folded, line)
    bounds = [(line.start, "plain")] + [c for c in cuts if c[0] > line.start]
    if cuts and cuts[0][0] <= line.start:
        bounds = [(line.start, cuts[0][1])] + [c for c in cuts[1:] if c[0] > line.start]
    out: list[Segment] = []
    for i, (pos, kind) in enumerate(bounds):
        stop = bounds[i + 1][0] if i + 1 < len(bounds) else line.end
        piece = view[pos:stop]
        if piece.strip():
            out.append(Segment(pos, stop, piece, kind, index, not out))
    return out


# A web page's 12-hour timestamp is not an e-signature time: "6/6/2024 3:24:42 PM".
TWELVE_HOUR = regex.compile(r"\d{1,2}:\d{2}(?::\d{2})?\s*[ap]\.?m\b", regex.VERBOSE)
STAMP_PROSE_LETTERS = 12  # letters beside a bare signing time; more is a sentence, not a stamp


def _is_stamp_signal(folded_line: str, raw: str) -> bool:
    if EMAIL_LINE.match(raw):
        return True
    m = STAMP_SIGNAL.search(folded_line)
    if m is None or TWELVE_HOUR.search(folded_line):
        return False
    if m.group("time") is None:
        return True  # a signing label or the +07:00 zone
    rest = folded_line[: m.start()] + folded_line[m.end() :]
    return sum(ch.isalpha() for ch in rest) <= STAMP_PROSE_LETTERS


def find_stamp_lines(view: str, folded: str) -> tuple[Line, ...]:
    """E-signature stamp text: the time/zone/e-mail lines and the short upper-case name lines
    just above them ("TRUNG TÂM CÔNG / BÁO VÀ TIN HỌC / ttcbth@… / 06.11.2024 09:27:05 / +07:00")."""
    all_lines = list(lines(view))
    marked: set[int] = set()
    in_esign_block = False
    for i, ln in enumerate(all_lines):
        raw = ln.text
        # the OCR stage appends the page's e-signature text layer under this marker
        if raw.strip() == ESIGN_BLOCK_MARKER:
            in_esign_block = True
        if in_esign_block:
            if raw.strip():
                marked.add(i)
                continue
            in_esign_block = False
        if len(raw.strip()) > 80 or not _is_stamp_signal(folded[ln.start : ln.end], raw):
            continue
        marked.add(i)
        j = i - 1
        while j >= 0 and i - j <= 4:
            prev = all_lines[j].text.strip()
            if not prev or len(prev) > 40:
                break
            if prev.upper() != prev and not EMAIL_LINE.match(prev):
                break
            marked.add(j)
            j -= 1
    return tuple(all_lines[i] for i in sorted(marked))


# A trích yếu under a type title that opens like a body ("KẾ HOẠCH" / "Thực hiện Khảo sát mức sống
# dân cư năm 2025"): a short line with no clause (a body opener runs on after a comma with its
# own subject: "Thực hiện Công văn số …, Sở Y tế …"; a trích yếu's list goes on in lower case:
# "Thực hiện chuyển đổi số trong các cơ quan Đảng, chính quyền,") and no document number (folded).
TITLE_ONLY = regex.compile(r"^[\p{Lu}\s]{4,30}$")
SUBJECT_OPENER_MAX = 72
# A comma that opens a clause: the next word is capitalised ("…, Sở Y tế đề nghị").
CLAUSE_COMMA = regex.compile(r",\s*(?=\p{Lu})")
NUMBER_CITED = regex.compile(r"\bso\s*\d")  # "… Công văn số 123/UBND-VX": a cited document


def _subject_under_title(raw: str, folded_line: str, previous: str) -> bool:
    line = raw.strip()
    return (
        bool(TITLE_ONLY.match(previous.strip()))
        and folded_line.lstrip(" -–•(").startswith("thuc hien ")
        and len(line) <= SUBJECT_OPENER_MAX
        and CLAUSE_COMMA.search(line) is None
        and NUMBER_CITED.search(folded_line) is None
    )


# The rule a word processor draws under the trích yếu (Nghị định 30), printed as a line of its own.
# matches "──────", "_______", "-----"
SUBJECT_RULE = regex.compile(r"^\s*[-–—─━_=]{4,}\s*$")
RULED_SUBJECT_LINES = 4  # the most lines a trích yếu wraps onto above its rule
RULED_SUBJECT_LINE_MAX = 90  # a subject's line, not a body paragraph's


def _ruled_subject(view: str, start: int, previous: str) -> bool:
    """ "KẾ HOẠCH" / "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị về …" / "──────": the
    lines right under the type title that its rule closes are the trích yếu, whatever they open
    with (a body opening runs on into a paragraph with no rule under it)."""
    if not TITLE_ONLY.match(previous.strip()):
        return False
    taken = 0
    for ln in lines(view, start):
        text = ln.text.strip()
        if not text:
            continue
        if SUBJECT_RULE.match(text):
            return taken > 0
        taken += 1
        if taken > RULED_SUBJECT_LINES or len(text) > RULED_SUBJECT_LINE_MAX:
            return False
    return False


def _starts_body(raw: str, folded_line: str) -> bool:
    """A body opening is capitalised ("Thực hiện Công văn …"); the same words in lower case
    continue a wrapped subject ("V/v xây dựng báo cáo … / thực hiện Quyết định số 596 …")."""
    m = BODY_START.match(folded_line)
    if not m or not raw[m.start("marker")].isupper():
        return False
    if folded_line[m.start("marker") :].startswith("ngay ") and raw.upper() == raw:
        return False  # "NGÀY 30 THÁNG 12 NĂM 2008": the date line of a reprinted heading, in capitals
    if folded_line[m.start("marker") :].startswith("nham "):
        # "Nhằm thực hiện …" opens a body; "Nhâm Dần 2022" (a year's name, folded alike) wraps a subject
        following = raw[m.end() :].lstrip()
        return not following[:1].isupper()
    return True


# How far a copy of a dispatch from a web page (legal-document sites print a "Số hiệu: … / Loại
# văn bản: … / Người ký: …" panel first) may carry the Quốc hiệu down the text.
CHROME_SEARCH_CHARS = 8000
ISSUER_LINES_ABOVE = 6
# A line of a page's table or markup around the header: "|", "-------", "** **".
TABLE_DEBRIS = regex.compile(r"^[\s|*_\-–=]*$")


def _chrome_end(view: str, folded: str) -> int:
    """Where the dispatch begins when something else comes first: a web page's information panel
    (a class of copied texts: "Số hiệu: 4240/UBND-VX / Loại văn bản: Công văn / … / Tình trạng")
    pushes the Quốc hiệu past the header window. Then the header starts at the issuer lines
    above the first Quốc hiệu line (upper case, or table debris between them); otherwise at 0."""
    all_lines = [ln for ln in lines(view, 0, min(len(view), CHROME_SEARCH_CHARS)) if ln.text.strip()]
    # a two-column header flattened line by line puts the Quốc hiệu after the issuer's first line
    # ("BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG CỘNG SẢN VIỆT NAM"): a header at the top, no chrome before it
    shared = next(
        (
            i
            for i, ln in enumerate(all_lines)
            if (m := QUOC_HIEU.search(folded[ln.start : ln.end])) and not _party_name_in_prose(view, ln.start, m)
        ),
        None,
    )
    if shared is not None and shared < MAX_HEADER_LINES // 2 and all_lines[shared].start <= MAX_HEADER_CHARS // 2:
        return 0
    at = next(
        (
            i
            for i, ln in enumerate(all_lines)
            if (m := QUOC_HIEU.search(folded, ln.start, ln.end)) and not folded[ln.start : m.start()].strip(" |*")
        ),
        None,
    )
    if at is None or (at < MAX_HEADER_LINES // 2 and all_lines[at].start <= MAX_HEADER_CHARS // 2):
        return 0
    start = at
    taken = 0
    for i in range(at - 1, -1, -1):
        text = all_lines[i].text
        if TABLE_DEBRIS.match(text):
            continue
        letters = regex.sub(r"\P{L}", "", text)
        if not letters or not letters.isupper() or taken >= ISSUER_LINES_ABOVE:
            break
        start = i
        taken += 1
    return all_lines[start].start


@lru_cache(maxsize=8)
def analyse(text: str) -> Header:
    """The header region of `text`, cut into column pieces. Pure function of the text."""
    view = text.translate(MARKUP_CHARS)
    folded = fold(view)
    stamps = find_stamp_lines(view, folded)
    stamp_starts = {s.start for s in stamps}
    segments: list[Segment] = []
    region_start: int | None = None
    end = len(view)
    count = 0
    previous = ""  # the last line taken into the header
    for ln in lines(view, _chrome_end(view, folded)):
        raw = ln.text
        if not raw.strip() or ln.start in stamp_starts:
            continue
        if region_start is None:
            region_start = ln.start
        fl = folded[ln.start : ln.end]
        if count and (
            (
                _starts_body(raw, fl)
                and not _subject_under_title(raw, fl, previous)
                and not _ruled_subject(view, ln.start, previous)
            )
            or len(raw.strip()) > PARAGRAPH_LINE
        ):
            end = ln.start
            break
        if count >= MAX_HEADER_LINES or ln.start - region_start > MAX_HEADER_CHARS:
            end = ln.start
            break
        segments.extend(_split_line(view, folded, ln, count))
        count += 1
        previous = raw
    if not any(seg.kind != "plain" for seg in segments):
        segments.extend(_deferred_right_column(view, folded, end, count, stamp_starts))
    elif not any(seg.kind == "place_date" for seg in segments):
        # the place–date line alone came after "Kính gửi:" (a scan's OCR ordered the right column's
        # last line below the left column's): it is still the header's
        deferred = _deferred_right_column(view, folded, end, count, stamp_starts)
        segments.extend(seg for seg in deferred if seg.kind == "place_date")
    return Header(view, folded, tuple(segments), region_start or 0, end, stamps)


LOOKAHEAD_LINES = 8


def is_right_column_line(text: str) -> bool:
    """A whole line that is a header right-column piece (Quốc hiệu, motto, place–date), wherever
    the layout put it: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hà Nội, ngày 09 tháng 11 năm 2021"."""
    folded_line = fold(text)
    for pattern in (QUOC_HIEU, MOTTO):
        m = pattern.search(folded_line)
        if m and not folded_line[: m.start()].strip(" -"):
            return True
    # the place precedes the date, so a short line holding the date is the place–date line
    return bool(DATE_CORE.search(folded_line)) and len(text) < 60


def _deferred_right_column(
    view: str, folded: str, start: int, index: int, stamp_starts: set[int]
) -> list[Segment]:
    """Right-column lines (Quốc hiệu, motto, place–date) that a column layout put after the first
    body line: a left column that runs down to "Kính gửi:" is emitted before the right column.
    Taken only when the header itself had no right-column piece, and only from the next few lines."""
    found: list[Segment] = []
    seen = 0
    for ln in lines(view, start):
        if not ln.text.strip() or ln.start in stamp_starts:
            continue
        seen += 1
        if seen > LOOKAHEAD_LINES or len(ln.text.strip()) > PARAGRAPH_LINE:
            break
        pieces = _split_line(view, folded, ln, index)
        if pieces and pieces[0].kind != "plain":
            found.extend(p for p in pieces if p.kind != "plain")
            index += 1
        elif found:
            break
    return found


def page_number_lines(all_lines: list[Line]) -> set[int]:
    """Starts of lone lines that are page numbers: the run 1?, 2, 3 … in reading order, unpadded."""
    found: set[int] = set()
    expected = 1
    for ln in all_lines:
        m = LONE_DIGITS.match(ln.text)
        if not m or m["digits"].startswith("0"):
            continue
        value = int(m["digits"])
        if value == expected or (expected == 1 and value == 2):
            found.add(ln.start)
            expected = value + 1
    return found


def stamped_digit_lines(header: Header) -> list[Line]:
    """Lone short digit lines after the header that are not page numbers: where an e-signed
    document's stamped number and day land when the stamp is read out of order ("542", "06")."""
    body = list(lines(header.view, header.end))
    pages = page_number_lines(body)
    return [ln for ln in body if LONE_DIGITS.match(ln.text) and ln.start not in pages]


# A page break's mark in a text read page after page: a form feed, "Trang 2", "Trang 2/3", "- 2 -".
PAGE_MARK = regex.compile(
    r"[ \t]*(?:\f|trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?|[-–]\s*\d{1,3}\s*[-–]|\d{1,3})[ \t]*$", regex.MULTILINE
)
RUNNING_HEADER_REACH = 3  # non-blank lines between a page mark and the running header it sits by


def running_header_lines(header: Header) -> frozenset[int]:
    """Starts of header lines that are a running page header ("TÒA ÁN NHÂN DÂN TỈNH BÌNH DƯƠNG -
    VĂN BẢN ĐIỆN TỬ" printed atop every page): a whole line that recurs after the header beside a
    page break (a form feed, "Trang 2", a page number within a few lines), on a line of its own
    (no Quốc hiệu beside it). An attachment repeating the issuer's lines under its own Quốc hiệu
    on a new page is another document's header: lines from the attachment on are not read."""
    attached = attachment_start(header.view)
    later = [ln for ln in lines(header.view, header.end, attached) if ln.text.strip()]
    while attached is not None and later and _attachment_header_line(later[-1].text):
        later.pop()  # the attachment's own issuer lines (and its "Số:" and rule), above its Quốc hiệu
    near_break: set[str] = set()
    # an e-signature stamp beside a page break ("[Chữ ký số] / SAO Y / Bộ Công an / Thời gian ký: …",
    # a scan signed as a copy on every page) names the issuer, but is no running header
    stamped = {ln.start for ln in header.stamp_lines}
    for i, ln in enumerate(later):
        if PAGE_MARK.match(header.folded, ln.start, ln.end) or "\f" in ln.text:
            for other in later[max(0, i - RUNNING_HEADER_REACH) : i + RUNNING_HEADER_REACH + 1]:
                if other.start not in stamped:
                    near_break.add(" ".join(header.folded[other.start : other.end].split()))
    if not near_break:
        return frozenset()
    shared = {seg.line_index for seg in header.segments if seg.kind != "plain"}
    alone = {seg.start for seg in header.segments if seg.first_in_line and seg.line_index not in shared}
    return frozenset(
        ln.start
        for ln in lines(header.view, header.start, header.end)
        if ln.start in alone
        and len(key := " ".join(header.folded[ln.start : ln.end].split())) >= 8
        and key in near_break
    )


# The number line and the rule under the issuer of an attachment's own header, when a text layer
# prints the left column before the Quốc hiệu: "Số: 58/KH-BVĐK", "_______", a word processor's
# rule as box-drawing characters "──────".
ATTACHMENT_NUMBER_OR_RULE = regex.compile(r"\s*(?:Số\s*:?\s*\S*|[_\-–—─━=.\s]{3,})\s*$", regex.IGNORECASE)


def _attachment_header_line(text: str) -> bool:
    return _upper_line(text) or ATTACHMENT_NUMBER_OR_RULE.fullmatch(text) is not None


def _upper_line(text: str) -> bool:
    letters = regex.sub(r"\P{L}", "", text)
    return bool(letters) and letters.isupper()


def near_stamp(header: Header, line: Line, reach: int = 400) -> bool:
    return any(abs(s.start - line.start) <= reach for s in header.stamp_lines)


# The one-line heading of a dispatch as legal databases and the Công báo reprint it, in place of
# the two-column header: "CHỈ THỊ" / "CỦA BỘ THÔNG TIN VÀ TRUYỀN THÔNG SỐ 07/2008/CT-BTTTT" /
# "NGÀY 30 THÁNG 12 NĂM 2008" / "VỀ ĐẨY MẠNH …". Folded, on one line.
GAZETTE_LINE = regex.compile(
    r"""
    \s* cua \s+ (?P<issuer>[^\d\n]{4,120}?) \s+ so \s*:?\s* (?P<number>\d{1,5}[^\s]*/[^\s]*\p{L}[^\s]*) \s*$
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True)
class GazetteHeading:
    issuer: tuple[int, int]  # span of the issuer's name
    number: tuple[int, int]  # span of the number and symbol
    end: int  # end of the heading line


def gazette_heading(header: Header) -> GazetteHeading | None:
    """The "CỦA <cơ quan> SỐ <số>" line of a reprinted heading, among the header's first lines,
    printed in capitals (a body sentence "của Bộ … số …" is not a heading)."""
    for seg in header.segments[:6]:
        if seg.kind != "plain":
            continue
        m = GAZETTE_LINE.match(header.folded, seg.start, seg.end)
        if m is None:
            continue
        letters = regex.sub(r"\P{L}", "", seg.text)
        if letters.upper() != letters:
            continue
        return GazetteHeading(m.span("issuer"), m.span("number"), seg.end)
    return None


def attachment_start(text: str) -> int | None:
    """Where an attached document begins: the second Quốc hiệu at the start of a line (a phụ lục,
    a copied earlier dispatch, a decision bundled after the main document's signature each carry
    their own, Nghị định 30 Phụ lục I). None when the text holds one document."""
    folded = fold(text)
    seen = 0
    for line in lines(text):
        m = QUOC_HIEU.search(folded, line.start, line.end)
        left = text[line.start : m.start()] if m else ""
        if m and (not fold(left).strip(" *|-") or _issuer_column_beside(left)):
            seen += 1
            if seen == 2:
                return line.start
    return None


# The issuer's column left of a Quốc hiệu on an interleaved line, a wide gap between them:
# "BỘ GIÁO DỤC VÀ ĐÀO TẠO               CỘNG HÒA XÃ HỘI …" (an authority line "CHỦ TỊCH NƯỚC CỘNG
# HÒA …" runs on with one space and is not a column).
ISSUER_BESIDE = regex.compile(r"\S[ \t]{3,}$")


def _issuer_column_beside(left: str) -> bool:
    return bool(ISSUER_BESIDE.search(left)) and _upper_line(left)


# A line opening a website's section: markdown marks and a trailing colon around a heading.
HEADING_MARKS = " #*_:|\t"


def web_tail_start(text: str) -> int | None:
    """Where a copy from a legal-document website goes on past the dispatch: the first line after
    the "Nơi nhận:" block that is one of the site's section headings (extractors/data/web_chrome.json).
    None for a text without a Nơi nhận block or without such a heading after it."""
    headings = frozenset(load_table("web_chrome")["tail_headings"])
    folded = fold(text)
    noi_nhan = None
    for line in lines(text):
        if noi_nhan is None:
            if line_starts_with(line.text, "noi_nhan"):
                noi_nhan = line.start
            continue
        if folded[line.start : line.end].strip(HEADING_MARKS) in headings:
            return line.start
    return None
