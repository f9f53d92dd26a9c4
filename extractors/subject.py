"""Trích yếu: the text after "V/v" (công văn) or the line(s) under the type title.

A V/v subject wraps over the left column until the Quốc hiệu, the place–date line, "Kính gửi"
or a blank line; in interleaved text the right-column pieces beside it are skipped. A subject
under a title runs until the body starts ("Căn cứ", "Thực hiện", "Ngày 12/11/2024, …"), an
upper-case line (the authority line of a quyết định) or a blank line, except that a line in
lower case after a blank line still continues it ("Chỉ đạo của … / (blank) / tại Hội nghị …").
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.header import Header, Segment, analyse, gazette_heading
from congvan.extractors.landmarks import SO_LABEL, SO_LABEL_BARE, VE_VIEC, VV_GARBLED, VV_LABEL, line_starts_with
from congvan.extractors.textutil import alternation, collapse, fold, lines
from congvan.extractors.titles import title_line
from congvan.extractors.vocab import load_table

# OCR reading of a printed "V/v" at the start of the line under the number, a short token before
# words in lower case: "MẠI thông báo hoạt động của tà đạo" (028); the misreadings that still look
# like it ("Ví khẩn trương …", "Viv …") are the landmark table's (landmarks.VV_GARBLED).
VV_OCR = regex.compile(r"""^\s*[\p{Lu}/|!\\]{1,3}\s+(?=\p{Ll})""", regex.VERBOSE)
# Separator rule under a subject: "-----------", "___", "*****", a word processor's "──────".
RULE_LINE = regex.compile(r"^\s*[-–—─━_=*.]{3,}\s*$")
# A công điện's formula under its subject, folded: the sender and "điện:" ("THỦ TƯỚNG CHÍNH PHỦ
# điện:", "BỘ TRƯỞNG BỘ Y TẾ điện:"); the addressees and the body follow.
TELEGRAM_FORMULA = regex.compile(r"^\W*\w[\w\s,.\-–]{2,80}\s+dien\s*:\s*$")
MAX_SUBJECT_LINES = 6
PARENTHESIS_MAX = 80  # a parenthesised continuation of a subject is a short aside, not a paragraph
BODY_SENTENCE_WORDS = 12
OPENING_VERBS: tuple[str, ...] = tuple(load_table("governing_bodies")["opening_verbs"])
# A sentence's first word: "Bệnh", "Tổng", "Thuế" (not an acronym such as "PCI").
TITLE_CASE_WORD = regex.compile(r"^\p{Lu}\p{Ll}")
# A numbered body paragraph under the subject: "1. Chủ trì: …", "I. Tổ chức …", "a) …", and the
# first part of a long document (đề án, quy chế): "Phần I. SỰ CẦN THIẾT …", "Chương I", "Điều 1. Phạm vi".
NUMBERED_PARAGRAPH = regex.compile(
    r"""^\s*(?:(?:\d{1,2}|[IVX]{1,4}|[a-zđ])[.)]\s
        | (?:Phần|PHẦN|Chương|CHƯƠNG)\s+(?:[IVX]{1,4}|\d{1,2})\b\.?
        | Điều\s+\d{1,2}\.\s+\p{Lu})""",
    regex.VERBOSE,
)
EDGE = " \t:;,.-–_|"
# A full stop printed right after the subject's last word: "… quy định, thủ tục hành chính." (the
# gold guide keeps the trích yếu as printed, so a printed final stop stays; "..", ". -" do not).
FINAL_STOP = regex.compile(r"""[\p{L}\p{N})”"]\.$""", regex.VERBOSE)
# A word, or a token that opens with one: "hóa", "2026", "TTHC,". A readable line has two or more;
# the same words pair a subject's with the rest of the document's (document_spelling).
WORD = regex.compile(r"\p{L}+|\d+")
# A token OCR debris is made of: anything but letters, digits and citation punctuation ("lmà|š", "_"),
# a lone letter, and seal residue that mixes letters with digits or case ("S2", "g2", "DN:(DpDIRN").
DEBRIS = regex.compile(r"[^\p{L}\d/.,;:()\-–%\"“”]|^\p{L}$|\p{L}\d|\d\p{L}|\p{Ll}\p{Lu}")

# A second column beside a wrapped subject line of interleaved text, after a wide run of spaces:
# the receiving stamp stamped there ("V/v đảm bảo cung cấp điện mùa nắng       CÔNG TY ĐIỆN LỰC
# THÁI BÌNH" / "nóng năm 2025 và chế độ báo cáo       ĐẾN Số: 2104" / "…       Ngày: 14/4/2025").
COLUMN_GAP = regex.compile(r"(?<=\S)[ \t]{6,}(?=\S)")
# The beside piece, folded: a stamp label with at most one word before it ("den so: 2104").
SIDE_LABEL = regex.compile(r"^(?:\w+\s+)?(?:so|ngay)\s*[:.]")


def _beside_cut(text: str) -> int:
    """Where the left column's part of a line ends: before a piece in capitals or a stamp's
    "Số:"/"Ngày:" that stands after a wide gap; the whole line otherwise."""
    for gap in COLUMN_GAP.finditer(text):
        right = text[gap.end() :]
        if _is_upper(right) or SIDE_LABEL.match(fold(right)):
            return gap.start()
    return len(text)


def _short_continuation(text: str) -> bool:
    """A short wrapped tail of the subject in lower case, clean of debris: "ngày 26/12/2021"."""
    tokens = text.split()
    return (
        text[:1].islower()
        and 1 <= len(tokens) <= 4
        and any(WORD.match(t) for t in tokens)
        and not any(DEBRIS.search(t) for t in tokens)
    )


# The end of a range of years the subject's column wrapped after its dash: "… năm học 2026 -" / "2027".
RANGE_END = regex.compile(r"^\d{2,4}\.?$")


# A year the subject's column wrapped after its word: "… những tháng cuối năm" / "2025".
YEAR_LINE = regex.compile(r"^(?:19|20)\d{2}\.?$")
YEAR_WORD = regex.compile(r"(?<![\p{L}])(?:năm|NĂM|Năm)$")


def _range_end(text: str, previous: str) -> bool:
    previous = previous.rstrip()
    return bool(RANGE_END.match(text)) and previous.endswith(("-", "–")) or (
        bool(YEAR_LINE.match(text)) and bool(YEAR_WORD.search(previous))
    )


def _parenthesised(text: str) -> bool:
    """A short line wholly in parentheses: "(19/5/1890 - 19/5/2025)", "(sửa đổi, bổ sung)"."""
    return text.endswith(")") and len(text) <= PARENTHESIS_MAX and text.count("(") == text.count(")")


def _body_sentence_line(text: str, previous: str) -> bool:
    """The body's first sentence on a line of its own, right under the subject with no blank line
    (a thông báo without "Kính gửi", Nghị định 30 Phụ lục I): a new sentence (a word in title
    case, after a line that does not run on with "," or ";"), long, closed by a full stop:
    "Bệnh viện Đa khoa Đức Giang thông báo tuyển dụng viên chức làm việc tại các khoa …".
    A trích yếu wraps in a narrow centred block, so no continuation line of it is a whole
    sentence of this length; "PCI, chỉ số …" after "… SIPAS," goes on the sentence above."""
    return (
        bool(TITLE_CASE_WORD.match(text))
        and not previous.rstrip().endswith((",", ";"))
        and text.endswith(".")
        and len(text.split()) >= BODY_SENTENCE_WORDS
    )


def _opens_body(text: str) -> bool:
    """A giấy mời or thông báo that prints no trích yếu starts its body under the title: a whole
    sentence in which the body invites or announces ("Ban Thường vụ Đảng ủy phường trân trọng
    kính mời đồng chí dự Hội nghị … năm 2025.")."""
    return _body_sentence_line(text, "") and _announces(text)


# A body announcing or inviting, on folded text: "… trân trọng kính mời …", "… thông báo …".
ANNOUNCING = regex.compile(r"(?<!\w)(?:" + alternation(fold(v) for v in OPENING_VERBS) + r")(?!\w)")


def _announces(text: str) -> bool:
    return ANNOUNCING.search(fold(text)) is not None


# The body's first words on the line under a printed subject, no blank line between (a word
# processor's print; Nghị định 30 Phụ lục I): "Căn cứ Quyết định số 1205/QĐ-TCTK …".
BODY_BASIS = regex.compile(r"^can\s+cu\s")
BODY_LINE_WORDS = 8


def _body_first_line(text: str) -> bool:
    """A wrapped first line of the body right under the subject: its legal basis ("Căn cứ …"), or
    a long line in which a body announces or invites ("Văn phòng UBND tỉnh thông báo lịch công
    tác tuần của Chủ"): a trích yếu neither cites its basis nor announces."""
    if not TITLE_CASE_WORD.match(text):
        return False
    folded = fold(text)
    if BODY_BASIS.match(folded):
        return True
    return len(text.split()) >= BODY_LINE_WORDS and _announces(text)


def _readable(text: str) -> bool:
    """At least two real words, and most tokens words: 'lmà|š Ị số: _' is OCR debris."""
    tokens = text.split()
    words = sum(1 for t in tokens if WORD.match(t))
    debris = sum(1 for t in tokens if DEBRIS.search(t))
    return words >= 2 and debris <= 0.3 * len(tokens)


def _lone_wrapped_word(text: str) -> bool:
    """One lower-case word on a line of its own: a narrow column wrapped the subject there
    ("V/v tuyên truyền, giới thiệu gương" / "điển" / "hình tiên tiến trong Ngành")."""
    return " " not in text and text[:1].islower() and bool(WORD.match(text))


def _name_tail(text: str, previous: str) -> bool:
    """The rest of a proper name the subject's column wrapped: "… khu vực Cam" / "Ranh", "… tỉnh Gia"
    / "Lai": one or two words in title case under a line that ends in one."""
    tokens = text.split()
    last = previous.split()[-1:] if previous.split() else []
    return (
        1 <= len(tokens) <= 2
        and all(TITLE_CASE_WORD.match(t) and t.rstrip(".,;").isalpha() for t in tokens)
        and bool(last)
        and bool(TITLE_CASE_WORD.match(last[0]))
    )


def _blank_between(header: Header, a: Segment, b: Segment) -> bool:
    return bool(regex.search(r"\n[ \t]*\n", header.view[a.end : b.start]))


def _ruled_under(header: Header, seg: Segment) -> bool:
    """The rule a word processor draws under the trích yếu follows `seg` at once: the line is the
    subject's last, whatever space stands above it ("… Đảng Cộng sản Việt Nam" / "" / "(03/02/1930 -
    03/02/2026) và mừng Xuân Bính Ngọ năm 2026" / "-----")."""
    later = next((s for s in header.segments if s.start > seg.start and s.kind == "plain"), None)
    return later is not None and bool(RULE_LINE.match(later.text.strip())) and not _blank_between(header, seg, later)


def _is_upper(text: str) -> bool:
    letters = regex.sub(r"\P{L}", "", text)
    return len(letters) >= 6 and all(not ch.islower() for ch in letters)


def _collect(
    header: Header, first: Segment, first_text_start: int, *, allow_blank_lowercase: bool, upper: bool = False
) -> tuple[str, int, int]:
    """Join the subject's lines from `first` (beginning at `first_text_start`)."""
    end = first_text_start + _beside_cut(header.view[first_text_start : first.end])
    parts = [header.view[first_text_start:end]]
    prev = first
    taken = 1
    for seg in header.segments:
        if seg.start <= first.start:
            continue
        if seg.kind != "plain":
            if seg.first_in_line:
                break  # a right-column line of its own: the subject is over
            continue  # right-column piece beside a wrapped subject line
        seg_end = seg.start + _beside_cut(seg.text)
        text = header.view[seg.start : seg_end].strip()
        folded = header.folded[seg.start : seg_end]
        if (
            line_starts_with(text, "noi_nhan")
            or (text.startswith("(") and not _blank_between(header, prev, seg) and _parenthesised(text))
        ):
            if text.startswith("(") and taken < MAX_SUBJECT_LINES:
                parts.append(text)  # "(19/5/1890 - 19/5/2025)": a continuation in parentheses
                end, prev, taken = seg_end, seg, taken + 1
                continue
            break
        if (
            _body_sentence_line(text, prev.text)
            or _body_first_line(text)
            or RULE_LINE.match(text)
            or TELEGRAM_FORMULA.match(folded)
            or SO_LABEL.search(folded)
            or SO_LABEL_BARE.match(folded)
            or (_is_upper(text) and not upper)
            or NUMBERED_PARAGRAPH.match(text)
            or not (
                _readable(text)
                or _lone_wrapped_word(text)
                or _short_continuation(text)
                or _name_tail(text, prev.text)
                or _range_end(text, prev.text)
            )
            or taken >= MAX_SUBJECT_LINES
        ):
            break
        blank = _blank_between(header, prev, seg) and not _ruled_under(header, seg)
        if blank and (text.startswith("(") or not (allow_blank_lowercase and text[:1].islower())):
            break  # a line in parentheses continues the subject only without a blank line above it
        parts.append(text)
        end = seg_end
        prev = seg
        taken += 1
    return _trimmed(collapse(" ".join(parts))), first_text_start, end


def _trimmed(joined: str) -> str:
    """The subject without the separators around it, keeping a printed final full stop."""
    value = joined.strip(EDGE)
    if value and FINAL_STOP.search(joined.rstrip()):
        value += "."
    return value


def _after_vv(header: Header, ocr: bool) -> tuple[str, int, int, float] | None:
    after_number = False
    for seg in header.segments:
        if seg.kind != "plain":
            continue
        folded = header.folded_of(seg)
        m = VV_LABEL.match(folded)
        confidence = 0.9
        if not m and after_number:
            # plain text may be another tool's OCR ("Vỉv trả lời …", "Vlv ra soat …" under "Số:"):
            # the garbled label forms count there too; any short capital token only on our own OCR
            m = VV_GARBLED.match(seg.text) or (VV_OCR.match(seg.text) if ocr else None)
            confidence = 0.6
        after_number = bool(SO_LABEL.search(folded) or SO_LABEL_BARE.match(folded))
        if not m:
            continue
        text_start = seg.start + m.end()
        while text_start < seg.end and header.view[text_start] in EDGE:
            text_start += 1
        value, start, end = _collect(header, seg, text_start, allow_blank_lowercase=False)
        if value and confidence < 0.9 and not _readable(value):
            # a garbled label's guess over seal or stamp debris ("TS ằẶẶằ-Ặằ.—" under "Số:")
            continue
        if value:
            return value, start, end, confidence
    return None


def _ve_viec_untitled(header: Header) -> tuple[str, int, int] | None:
    """A left-column "Về việc …" subject of a document with no type title (a công văn printed
    "Về việc" instead of "V/v"); the opening words are part of the subject as printed."""
    for seg in header.segments:
        if seg.kind == "plain" and VE_VIEC.match(header.folded_of(seg)):
            text_start = seg.start + len(seg.text) - len(seg.text.lstrip())
            value, start, end = _collect(header, seg, text_start, allow_blank_lowercase=False)
            return (value, start, end) if value else None
    return None


def _under_title(header: Header) -> tuple[str, int, int] | None:
    title = title_line(header)
    if title is None:
        return None
    _, _, title_end, _ = title
    title_seg = next(s for s in header.segments if s.start <= title_end <= s.end)
    # a reprinted heading's "CỦA … SỐ …" and "NGÀY …" lines stand between the title and the subject
    heading = gazette_heading(header)
    after = heading.end if heading is not None else title_seg.start
    following = [s for s in header.segments if s.start > after and s.kind == "plain"][:MAX_SUBJECT_LINES]
    first = next((s for s in following if _readable(s.text)), None)
    if first is None or _is_upper(first.text) and len(first.text.split()) <= 1:
        return None
    if _opens_body(first.text.strip()):
        return None
    text_start = first.start
    while text_start < first.end and header.view[text_start] in EDGE:
        text_start += 1
    # a reprinted heading's subject is in capitals and wraps in capitals, and so does a trích yếu
    # printed in capitals under its title ("VỀ VIỆC THÀNH LẬP TỔ CÔNG TÁC …" / "TẠI CÔNG AN CÁC XÃ …")
    value, start, end = _collect(
        header, first, text_start, allow_blank_lowercase=True, upper=heading is not None or _is_upper(first.text)
    )
    if _body_sentence(header, header.view[start:end].rstrip(), end):
        return None
    return (value, start, end) if value else None


def _body_sentence(header: Header, printed: str, end: int) -> bool:
    """Under the title of a giấy mời or thông báo without a subject the body starts at once: a
    sentence closed by a full stop and followed by numbered paragraphs ("Ủy ban nhân dân tỉnh tổ
    chức buổi làm việc … trực tuyến." / "1. Chủ trì: …"). A subject is a phrase, not a sentence
    that the numbered points continue."""
    if not printed.endswith(".") or VE_VIEC.match(fold(printed)):
        return False
    after = next((ln for ln in lines(header.view, end + 1) if ln.text.strip()), None)
    return after is not None and bool(NUMBERED_PARAGRAPH.match(after.text))


# "và việc đề nghị …", "Vê việc …": OCR's reading of the "Về việc" opening a subject (a subject
# never opens with the conjunction "và").
VE_VIEC_MISREAD = regex.compile(
    r"""^(?P<ve>v[aàáảãạeèéẻẽẹêềếểễệ])\s+(?=vi[eêệ]c\b)""", regex.VERBOSE | regex.IGNORECASE
)


# An em dash OCR read between two numbers of a range: "năm học 2024 — 2025", "giai đoạn 2021—2025".
# Ranges are printed with an en dash (or a hyphen); Tesseract cannot tell the two long dashes apart.
RANGE_EM_DASH = regex.compile(r"(?<=\d\s?)—(?=\s?\d)")


def _opening_restored(value: str) -> str:
    m = VE_VIEC_MISREAD.match(value)
    if m is None or m["ve"].lower() == "về":
        return value
    rest = value[m.end() :]
    return ("VỀ " if rest[:4].isupper() else "Về ") + rest


SPEC = ExtractorSpec("subject", ("subject",), order=60)


def extract(text: str, context: Context) -> Extraction:
    header = analyse(text)
    found = _after_vv(header, context.is_ocr)
    if found is not None:
        value, start, end, confidence = found
        rule = "subject.vv" if confidence >= 0.9 else "subject.vv_ocr"
    else:
        titled = title_line(header)
        if titled is not None and titled[0] in _forms_without_subject():
            return Extraction()  # a giấy giới thiệu's lines under its title are its particulars
        under = _under_title(header)
        confidence, rule = 0.9, "subject.under_title"
        if under is None and title_line(header) is None:
            under = _ve_viec_untitled(header)
            confidence, rule = 0.75, "subject.ve_viec"
        if under is None:
            return Extraction()
        value, start, end = under
        bracketed = BRACKETED_VV.fullmatch(value)
        if bracketed is not None:
            # "(V/v xin kinh phí …)" under a tờ trình's title: the words inside are the subject
            start, end = start + bracketed.start("inside"), start + bracketed.end("inside")
            value = bracketed.group("inside")
    if context.is_ocr:
        confidence -= 0.1
        value = RANGE_EM_DASH.sub("–", _opening_restored(value))
    if context.is_ocr or context.repaired:
        value = document_spelling(value, text, (start, end))
    return Extraction((Candidate("subject", value, start, end, rule, round(confidence, 2)),))


@cache
def _forms_without_subject() -> frozenset[str]:
    return frozenset(t["slug"] for t in load_table("doc_types")["types"] if t.get("no_subject"))


# A trích yếu printed in brackets under the type title, its "V/v" inside (class: drafts and tờ
# trình of communes typed without the template): "(V/v xin kinh phí tư vấn … huyện Việt Yên)".
BRACKETED_VV = regex.compile(r"\(\s*(?:V/v|Về\s+việc)\s*:?\s*(?P<inside>[^()]+?)\s*\)", regex.IGNORECASE)

def _marks(word: str) -> int:
    """Diacritics of a word, each mark apart ("khởi" 2: horn and hook; "khỏi" 1; "đ" 1)."""
    return sum(1 for ch in unicodedata.normalize("NFD", word) if unicodedata.combining(ch)) + word.lower().count("đ")


def document_spelling(value: str, text: str, own: tuple[int, int]) -> str:
    """The subject's words that OCR left without their marks, as the rest of the document spells
    the same pair of words ("hoa đơn điện tử khỏi tạo từ máy tinh tiên" → "hóa đơn điện tử khởi
    tạo từ máy tính tiền", "nam 2026" → "năm 2026"): a pair whose folded form the document prints
    in one marked spelling only, with more marks than the subject's, takes it. A pair, not a lone
    word: "nam" alone may be "nam" or "năm"."""
    spelled: dict[str, set[str]] = {}
    for stretch in (text[: own[0]], text[own[1] :]):
        words = WORD.findall(stretch)
        for a, b in zip(words, words[1:], strict=False):
            spelled.setdefault(fold(f"{a} {b}"), set()).add(f"{a} {b}")
    found = list(WORD.finditer(value))
    chars = list(value)
    for first, second in zip(found, found[1:], strict=False):
        pair = f"{first.group()} {second.group()}"
        if value[first.end() : second.start()].strip():
            continue  # punctuation between: not a pair the document prints
        forms = spelled.get(fold(pair), set())
        if len(forms) != 1:
            continue
        (form,) = forms
        a, b = form.split(" ")
        if _marks(form) <= _marks(pair) or len(a) != len(first.group()) or len(b) != len(second.group()):
            continue
        chars[first.start() : first.end()] = a
        chars[second.start() : second.end()] = b
    return "".join(chars)
