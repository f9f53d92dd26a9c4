"""Line breaks put back into a plain-text copy whose crawler ran the header, the foot or an item's
points together.

Crawlers of legal-text websites flatten each table cell of the page to one run of words: the
two-column header comes out on one line ("VĂN PHÒNG CHÍNH PHỦ ------- Số: 2739/VPCP-ĐMDN V/v …
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Hà Nội, ngày 05
tháng 4 năm 2019"), and so does the foot ("Nơi nhận: - Như trên; - … - Lưu: VT, ĐMDN (3). KT. BỘ
TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Lê Mạnh Hà"), and an item's points ("…: a) Chủ động … b) Bố trí
…"). Nghị định 30/2020/NĐ-CP (Phụ lục I) sets each of those parts on a line of its own, so a break
is put back before each. Only a line that holds two or more such parts is touched; one space
between words becomes the break (a bar joining two cells is blanked), so offsets do not move.
"""

from __future__ import annotations

from functools import cache

import regex

from congvan.extractors.landmarks import signing_forms
from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

# The header lies in the first characters of the text.
HEADER_REACH = 2500

# Header parts, folded (fold keeps offsets). Each names what starts a line of its own.
HEADER_PARTS: dict[str, regex.Pattern[str]] = {
    # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    # (a party document's: "ĐẢNG CỘNG SẢN VIỆT NAM")
    "quoc_hieu": regex.compile(
        r"\bcong\s*hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam\b|\bdang\s+cong\s+san\s+viet\s+nam\b"
    ),
    # "Độc lập - Tự do - Hạnh phúc"
    "motto": regex.compile(r"\bdoc\s+lap\s*[-–]\s*tu\s+do\s*[-–]\s*hanh\s+phuc\b"),
    # "Số: 2739/VPCP-ĐMDN", a party's "Số 21-HD/BTCTU"
    "number": regex.compile(r"\bs[o6]\s*:\s*(?=[\d/.…_-])|\bso\s+(?=\d{1,6}\s*-\s*[a-z]{1,6}/)"),
    # "V/v quy định về …"
    "subject": regex.compile(r"\bv/v\b"),
    # "Kính gửi: Bộ Kế hoạch và Đầu tư."
    "addressee": regex.compile(r"\bkinh\s+gui\s*:"),
}
# A line opening with the number's label: "Số: 3456/C06-TTDLDC KHẨN V/v … | Hà Nội, ngày …".
NUMBER_LEAD = regex.compile(r"\s*s[o6]\s*:")
# A rule under a header name: "-------", "_______", "=====", a party document's lone "*".
RULE = regex.compile(r"(?<=\s)(?:[-–_=*]{3,}|\*)(?=\s|$)")
# Cells a crawler joined with a bar or a tab: "… Đề án 06 | Hà Nội, ngày …".
CELL_JOIN = regex.compile(r" \| |\t")
# The year closing the place–date line, followed by the type title or the body:
# "… tháng 4 năm 2019 Kính gửi: …", "… năm 2025 KẾ HOẠCH …".
DATE_END = regex.compile(r"\bngay\b[^\n]{0,12}?\bthang\b[^\n]{0,8}?\bnam\s*\d{4}(?=\s+\S)")

# A list's label with its entries run on: "Nơi nhận: - Như trên; - …", "Kính gửi: - Các Bộ, …; - …".
LIST_LABEL = regex.compile(r"\b(?:noi\s+nhan|kinh\s+gui)\s*:?")
BULLETS = ("-", "–", "+", "•")
# A list entry opening after the previous one's end: "; - Thủ tướng", ": - Như trên", ". - Lưu".
ENTRY_START = regex.compile(r"(?<=[;:.,)])\s(?=[-–+•]\s)")
# The signer's name closing the line: two to five words in Title Case ("Lê Mạnh Hà").
NAME_AT_END = regex.compile(r"(?<=\s)(?P<name>\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,4})\s*$")
# A word of a title in capitals ("BỘ", "TRƯỞNG,", "T.P", "HĐND").
CAPS_WORD = regex.compile(r"^[\p{Lu}][\p{Lu}\d.,/&()-]*$")


@cache
def _inline_prefix() -> regex.Pattern[str]:
    """A signing prefix inside a line, folded: "… (3). KT. BỘ TRƯỞNG", "… T/M BAN THƯỜNG VỤ"."""
    forms = sorted({f for printed in signing_forms().values() for f in printed}, key=len, reverse=True)
    spelled = [f for f in forms if "/" in f or " " in f]
    dotted = "|".join(regex.escape(f) for f in forms)
    bare = "|".join(regex.escape(f) for f in spelled)
    return regex.compile(rf"(?<![^\s])(?:(?:{dotted})\s*\.|(?:{bare})(?=\s))\s*(?=\S)")


@cache
def _title_heads() -> regex.Pattern[str]:
    """A signer's title in a run of capitals, folded, with its deputy's "PHÓ": "pho chu nhiem"."""
    table = load_table("signing_prefixes")
    heads = sorted({fold(h) for h in table["title_heads"]}, key=len, reverse=True)
    deputy = fold(table["deputy_prefix"])
    alternation = "|".join(regex.escape(h) for h in heads)
    return regex.compile(rf"(?<![a-z])(?P<deputy>{deputy}\s+)?(?:{alternation})(?![a-z])")


@cache
def _surnames() -> frozenset[str]:
    return frozenset(fold(s) for s in load_table("signing_prefixes")["surnames"])


def unrun(text: str) -> tuple[str, bool]:
    """The text with the header's and the foot's parts on lines of their own, and whether any
    break was put back."""
    chars = list(text)
    folded = fold(text)
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if start < HEADER_REACH:
            _break_header(text, folded, start, end, chars)
        _break_foot(text, folded, start, end, chars)
        _break_points(text, start, end, chars)
        start = end + 1
    out = "".join(chars)
    return out, out != text


# Points of an item run on after its lead-in or after each other: "…: a) Chủ động … b) Bố trí …",
# "1. … 2. Bộ Quốc phòng …", "…: - Xây dựng …; - Tổ chức …". Each must follow a sentence's or a
# lead-in's end and open a capitalised clause; letters and numbers must run in order.
LETTER_POINT = regex.compile(r"(?<=[.:;]) (?P<mark>[a-zđ])\) (?=\p{Lu})")
NUMBER_POINT = regex.compile(r"(?<=[.:;]) (?P<mark>\d{1,2})[.)] (?=\p{Lu})")
DASH_POINT = regex.compile(r"(?<=[.:;]) [-–+•] (?=\p{Lu})")
LINE_NUMBER = regex.compile(r"\s*(?P<mark>\d{1,2})[.)] ")


def _break_points(text: str, start: int, end: int, chars: list[str]) -> None:
    letters = [m for m in LETTER_POINT.finditer(text, start, end)]
    if _in_order([ord(m["mark"]) for m in letters], ord("a")):
        for m in letters:
            _set_break(chars, m.start())
    lead = LINE_NUMBER.match(text, start, end)
    numbers = [m for m in NUMBER_POINT.finditer(text, start, end)]
    first = int(lead["mark"]) + 1 if lead is not None else 1
    # after the line's own item number ("2. …"), the next one alone tells the run ("… 3. Sở …")
    if _in_order([int(m["mark"]) for m in numbers], first, 1 if lead is not None else 2):
        for m in numbers:
            _set_break(chars, m.start())
    dashes = list(DASH_POINT.finditer(text, start, end))
    if len(dashes) >= 2:
        for m in dashes:
            _set_break(chars, m.start())


def _in_order(marks: list[int], first: int, least: int = 2) -> bool:
    """At least `least` marks, counting up one by one from `first` ("a", "b", "c"; "3", "4")."""
    return len(marks) >= least and marks == list(range(first, first + len(marks)))


def _set_break(chars: list[str], at: int) -> None:
    """A line break at `at` when one space stands there between words: a wider gap is a column
    layout's (pdftotext), whose lines the extractors read as they are."""
    if 0 < at < len(chars) - 1 and chars[at] == " " and not chars[at - 1].isspace() and not chars[at + 1].isspace():
        chars[at] = "\n"


def _break_header(text: str, folded: str, start: int, end: int, chars: list[str]) -> None:
    found: dict[str, int] = {}
    for kind, pattern in HEADER_PARTS.items():
        m = pattern.search(folded, start, end)
        if m is not None:
            found[kind] = m.start()
    rules = [m for m in RULE.finditer(folded, start, end)]
    date_end = DATE_END.search(folded, start, end)
    parts = len(found) + bool(rules) + bool(date_end) + bool(CELL_JOIN.search(text, start, end))
    # a run-on header carries the Quốc hiệu, or opens with the number's label; a body sentence may
    # hold a number and a date ("Thực hiện Kết luận số 34-KL/TW ngày 18 tháng 5 năm 2026 …")
    headed = "quoc_hieu" in found or "motto" in found or NUMBER_LEAD.match(folded, start, end) is not None
    if not headed or parts < 2:
        return
    _break_cells(text, start, end, chars)
    first = min([*found.values(), *(m.start() for m in rules)])
    _break_bodies(text, start, first, chars)
    for at in found.values():
        if at > start:
            _set_break(chars, at - 1)
    for m in _urgency().finditer(text, start, end):
        _set_break(chars, m.start() - 1)
        _set_break(chars, m.end())
    for m in rules:
        _set_break(chars, m.start() - 1)
        _set_break(chars, m.end())
    if date_end is not None:
        _set_break(chars, date_end.end())
        _break_after_title(chars, date_end.end() + 1, end)


def _break_cells(text: str, start: int, end: int, chars: list[str]) -> None:
    """Each cell joined by " | " or a tab on a line of its own (the bar is blanked)."""
    for m in CELL_JOIN.finditer(text, start, end):
        chars[m.start()] = "\n"
        if m.group() != "\t":
            chars[m.start() + 1] = " "


@cache
def _urgency() -> regex.Pattern[str]:
    """The độ khẩn marks in capitals ("KHẨN", "HỎA TỐC"), which stand on their own line."""
    phrases = sorted({p for mark in load_table("marks")["urgency"] for p in mark["phrases"]}, key=len, reverse=True)
    return regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(regex.escape(p) for p in phrases)})(?![\p{{L}}])")


@cache
def _unit_openers() -> regex.Pattern[str]:
    """The words that open a body's name in capitals ("SỞ", "CỤC", "HUYỆN ỦY"), longest first so a
    name's own inner word ("ỦY BAN NHÂN DÂN", "BỆNH VIỆN") is no second body."""
    words = sorted({w.upper() for w in load_table("body_names")["unit_openers"]}, key=len, reverse=True)
    return regex.compile(rf"(?<![\p{{L}}])(?:{'|'.join(regex.escape(w) for w in words)})(?![\p{{L}}])")


def _break_bodies(text: str, start: int, stop: int, chars: list[str]) -> None:
    """The issuer and the body above it run together ("BỘ CÔNG AN CỤC CẢNH SÁT …", "UBND TỈNH NGHỆ
    AN SỞ GIÁO DỤC VÀ ĐÀO TẠO"): a break before each body after the first, in capitals only."""
    run = text[start:stop]
    if not run.strip() or any(ch.islower() for ch in run):
        return
    last = start
    for m in _unit_openers().finditer(text, start, stop):
        if _whole_body(fold(text[last : m.start()]).strip()):
            _set_break(chars, m.start() - 1)
            last = m.start()


@cache
def _central_names() -> frozenset[str]:
    return frozenset(fold(entry["name"]) for entry in load_table("body_names")["central"])


@cache
def _placed() -> regex.Pattern[str]:
    """A local body's name ends with its level and place: "… tinh lam dong", "… thanh pho ha noi"."""
    levels = "|".join(regex.escape(fold(w)) for w in load_table("body_names")["levels"])
    return regex.compile(rf"\b(?:{levels})\s+\S+")


def _whole_body(folded: str) -> bool:
    """What stands before a second body's opener is a body of its own: a central body by name
    ("bo cong an"), or a local one with its level and place ("ubnd tinh nghe an"); not a name cut
    short ("bo quoc" of "BỘ QUỐC PHÒNG")."""
    return folded in _central_names() or _placed().search(folded) is not None


@cache
def _type_titles() -> tuple[str, ...]:
    """The type titles in capitals, longest first ("THÔNG BÁO KẾT LUẬN" before "THÔNG BÁO")."""
    titles = {t for entry in load_table("doc_types")["types"] for t in entry["titles"]}
    return tuple(sorted(titles, key=len, reverse=True))


def _break_after_title(chars: list[str], at: int, end: int) -> None:
    """"KẾ HOẠCH Triển khai …": the type title on its line, the trích yếu in sentence case after it."""
    rest = "".join(chars[at:end])
    for title in _type_titles():
        if rest.startswith(title + " ") and regex.match(r"\p{Lu}\p{Ll}", rest[len(title) + 1 :]):
            _set_break(chars, at + len(title))
            return


def _break_foot(text: str, folded: str, start: int, end: int, chars: list[str]) -> None:
    joins = list(CELL_JOIN.finditer(text, start, end))
    if joins and LIST_LABEL.search(folded, start, end) and ENTRY_START.search(text, start, end):
        # the foot's cells joined by bars or tabs: each cell is read as a line of its own
        _break_cells(text, start, end, chars)
        bounds = [start, *(b for m in joins for b in (m.start(), m.end())), end]
        for piece_start, piece_end in zip(bounds[::2], bounds[1::2], strict=True):
            _break_foot(text, folded, piece_start, piece_end, chars)
        return
    label = LIST_LABEL.search(folded, start, end)
    list_start = start
    copies = label is not None and folded.startswith("noi", label.start())
    if label is not None:
        if copies and text[start : label.start()].strip() and _break_signature_at(
            text, folded, start, label.start() - 1, chars
        ):
            # the signature printed before the copies' list: "THỦ TƯỚNG Nguyễn Văn Thành Nơi nhận: …"
            _set_break(chars, label.start() - 1)
        list_start = label.end()
        entries = list(ENTRY_START.finditer(text, list_start, end))
        if len(entries) >= 2 or (entries and copies):
            if text[list_start : list_start + 1] == " " and text[list_start + 1 : list_start + 2] in BULLETS:
                _set_break(chars, list_start)
            for m in entries:
                _set_break(chars, m.start())
            _break_cells(text, list_start, end, chars)
        if not copies:
            return
        if len(entries) >= 2 and not _titled(text, folded, list_start, end):
            _break_bare_signature(text, folded, list_start, end, chars)
            return
    _break_signature_at(text, folded, list_start, end, chars)


def _titled(text: str, folded: str, start: int, end: int) -> list[regex.Match[str]]:
    """The signing prefixes of a stretch that open a title in capitals."""
    return [m for m in _inline_prefix().finditer(folded, start, end) if _opens_caps(text, m.end(), end)]


def _break_signature_at(text: str, folded: str, start: int, end: int, chars: list[str]) -> bool:
    """A signature block in [start, end): a break before a prefix that follows other text ("… (3).
    KT. BỘ TRƯỞNG"; not "Nơi nhận: KT. BỘ TRƯỞNG", the foot's two columns read across), then its
    titles and name apart. Whether the stretch held a signature."""
    titled = _titled(text, folded, start, end)
    if not titled:
        return _break_bare_signature(text, folded, start, end, chars)
    for m in titled:
        if text[start : m.start()].strip(" :"):
            _set_break(chars, m.start() - 1)
    _break_signature(text, folded, titled[-1].end(), end, chars)
    return True


def _bare_title(text: str, folded: str, start: int, end: int) -> tuple[int, regex.Match[str]] | None:
    """A title in capitals closing a stretch before the signer's name: "… HIỆU TRƯỞNG Nguyễn Văn
    Hùng" → (where the title starts, the name)."""
    name = _name(text, start, end)
    if name is None:
        return None
    run_end = _tail_start(text, start, name.start())
    run_start = run_end
    for word in reversed(list(regex.finditer(r"\S+", text[start:run_end]))):
        if not CAPS_WORD.match(word.group()):
            break
        run_start = start + word.start()
    head = _title_heads().search(folded, run_start, run_end)
    if head is None:
        return None
    return head.start(), name


def _break_bare_signature(text: str, folded: str, start: int, end: int, chars: list[str]) -> bool:
    """A head who signs in their own name, with no prefix: "- Lưu: VT. HIỆU TRƯỞNG Nguyễn Văn Hùng"."""
    found = _bare_title(text, folded, start, end)
    if found is None:
        return False
    at, name = found
    _set_break(chars, at - 1)
    _break_tail(text, at, name, chars)
    return True


def _name(text: str, start: int, end: int) -> regex.Match[str] | None:
    """The signer's name closing the stretch, opening with a known surname."""
    name = NAME_AT_END.search(text, start, end)
    if name is None or fold(name["name"].split()[0]) not in _surnames():
        return None
    return name


def _tail_start(text: str, start: int, name_at: int) -> int:
    """Where "(Đã ký)" and a rank before the name begin ("THỨ TRƯỞNG (Đã ký) Trung tướng Tô Văn
    Tùng"), or `name_at`."""
    tail = _tail().search(text, start, name_at)
    return tail.start() if tail is not None else name_at


def _break_tail(text: str, titles_end_from: int, name: regex.Match[str], chars: list[str]) -> None:
    at = _tail_start(text, titles_end_from, name.start())
    _set_break(chars, at - 1)
    if at != name.start():
        _set_break(chars, name.start() - 1)


@cache
def _tail() -> regex.Pattern[str]:
    table = load_table("signing_prefixes")
    ranks = sorted(table["military_ranks"] + table["academic_titles"], key=len, reverse=True)
    rank = "|".join(regex.escape(r) for r in ranks)
    return regex.compile(rf"(?:(?<=\s)\([^()\n]{{2,30}}\)\s*|(?<=\s)(?:{rank})\s*)+$", regex.IGNORECASE)


def _opens_caps(text: str, at: int, end: int) -> bool:
    """Two words in capitals follow: a title, not a sentence ("TM. ỦY BAN …", not "Q. 12")."""
    words = text[at:end].split()[:2]
    return len(words) == 2 and all(CAPS_WORD.match(w) and any(ch.isalpha() for ch in w) for w in words)


def _break_signature(text: str, folded: str, titles_at: int, end: int, chars: list[str]) -> None:
    """"KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM Lê Mạnh Hà": the signer's own title and the name
    on lines of their own."""
    name = NAME_AT_END.search(text, titles_at, end)
    if name is not None and fold(name["name"].split()[0]) not in _surnames():
        return
    run_end = _tail_start(text, titles_at, name.start()) if name is not None else end
    run = text[titles_at:run_end].split()
    if not run or not all(CAPS_WORD.match(w) for w in run):
        return
    if name is not None:
        _break_tail(text, titles_at, name, chars)
    heads = list(_title_heads().finditer(folded, titles_at, run_end))
    own = [h for h in heads if h.start() > titles_at and text[: h.start()].rstrip()[-1:] not in (",", "&")]
    deputies = [h for h in own if h["deputy"]]
    chosen = (deputies or own)[-1] if own else None
    if chosen is not None and not folded[: chosen.start()].rstrip().endswith(" va"):
        _set_break(chars, chosen.start() - 1)
