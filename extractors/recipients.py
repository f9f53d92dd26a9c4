"""Recipients: the "Kính gửi:" block under the header and the "Nơi nhận:" block at the foot
(Nghị định 30/2020/NĐ-CP, Phụ lục I, mục 8), one candidate per recipient line, plus the
"Lưu: VT, …" archive copies.

A block is a heading followed by items ("- Sở Tài chính;"), inline ("Kính gửi: Sở Tài chính")
or one per line, possibly wrapped; it ends at "Lưu", at the signature block, at the other
heading, or where body prose starts. The signature block may share lines with the Nơi nhận
list in a text layer read row by row; `signer.locate` finds it and its spans are blanked out
before the lines are read. Offsets are kept: blanking replaces characters with spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from congvan.extractors import header, signer
from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.canonical import snap_place
from congvan.extractors.landmarks import LIST_ITEM, LUU, phrase
from congvan.extractors.textutil import Line, collapse, fold, lines
from congvan.extractors.vocab import load_table

# The two headings, on folded text, OCR-tolerant: "Kính gửi:", "- Kính gửi:", "Kinh grri:",
# "` ( Kính gửi:", "Nơi nhận:", "Noi nhận", "Nai nhận:".
# Seal and scan debris may precede them (a few short tokens); the Kính gửi heading needs its colon
# here (without it the words may open a sentence), the Nơi nhận heading does not. Any indentation
# comes first: another tool's OCR keeps the centred "Kính gửi:" line's place on the page as spaces.
HEADING = regex.compile(
    r"""^[ \t]*[^\w]{0,8}(?:\w{1,3}\W{1,3}){0,2}?
        (?:(?P<kinh_gui>""" + phrase("kinh_gui") + r"""\s*:)
          |(?P<noi_nhan>""" + phrase("noi_nhan") + r"""\s*:?))""",
    regex.VERBOSE,
)

# A list item behind scan debris from the left margin: "K.. Ỹ. - Sở Giao thông vận tải,".
EMBEDDED_MARK = regex.compile(r"^[^\n]{1,14}?\s-\s+(?=\p{Lu})")

# A list dash behind a scan speck, no letters: "~- Ban Giám hiệu (dẻ b/c);" (OCR of a seal edge).
SPECK_MARK = regex.compile(r"^\s*[^\w\s\-–—]{1,3}\s*[-–—]\s*(?=\p{Lu})")

# A purpose closing a recipient, optionally after a brace that groups several lines:
# "Đ/c Viện trưởng VKSNDTC (để báo cáo)", "Phó Viện trưởng VKSND tối cao; } (để báo cáo)".
PURPOSE = regex.compile(
    r"""(?P<brace>[}\]|)]\s*)?\(\s*(?P<purpose>[^()]{1,40}?)\s*(?P<close>\))?\s*[;.,:]?\s*$""",
    regex.VERBOSE,
)

# A brace without a purpose on the same line: "…; }".
BARE_BRACE = regex.compile(r"\s*}\s*$")

# Seal/OCR debris glued to a line end: "Lưu: TCTT. *ony*", "- Như trên; F", "- HĐT, BGH, ĐU (để b/c); _"
# (an underscore is a word character to the regex, a signature stroke to the page); a lone digit is
# an article's number, not debris ("Như Điều 3 (th/h)").
TRAILING_DEBRIS = regex.compile(r"""(?:\s+\*[^*\s]{1,6}\*|\s+(?:[^\s\w]|_){1,3}|\s+[^\W\d_])$""")


@cache
def _numbered_unit() -> regex.Pattern[str]:
    """A body's roman ordinal after the word it numbers, folded: "Chi cục Thuế khu vực I",
    "Kho bạc Nhà nước khu vực XII" (recipient_entries.json); the "I" is the name's, not debris."""
    words = "|".join(regex.escape(fold(w)) for w in load_table("recipient_entries")["numbered_units"])
    return regex.compile(rf"(?<!\w)(?:{words})\s+[ivx]{{1,4}}$")


@cache
def _fixed_entries() -> dict[str, str]:
    return {fold(e).lower(): e for e in load_table("recipient_entries")["fixed_entries"]}


def _fixed_spelling(name: str) -> str:
    """A standard entry that refers back to the document ("Như trên", "Như Kính gửi", "Như Điều
    3") in its canonical spelling when OCR lost its marks ("Nhu kinh gui"); a name printed with
    its marks, in whatever case, stays as printed."""
    key = fold(name).lower()
    for folded, canonical in _fixed_entries().items():
        if key == folded or key.startswith(folded + " ") and key[len(folded) :].strip().isdigit():
            spelled = canonical + name[len(canonical) :]
            return name if spelled.lower() == name.lower() else spelled
    return name

# The signature column beside the Nơi nhận list in interleaved text, after a wide run of spaces:
# the title, the body's name and the seal's ring read in capitals ("- Tổng Giám đốc (để b/c);
# BẢO HIỂM XÃ", "- Bộ Lao động - TBXH;     HỘI VIỆT", "Nơi nhận:      HIỆU TRƯỞNG") or a seal's
# star ("*"). A list entry never holds such a gap.
BESIDE_GAP = regex.compile(r"(?<=\S)[ \t]{6,}(?=\S)")


def _signature_column(piece: str) -> bool:
    """A piece beside the list that belongs to the signature block: capitals, or no letters."""
    letters = regex.sub(r"\P{L}", "", piece)
    return letters.upper() == letters


def _beside_blanked(text: str, start: int) -> str:
    """`text` with the signature column's pieces on the lines from `start` on blanked (same
    length): what signer.locate left of the block (a seal's ring, a wrapped body name)."""
    chars = list(text)
    for line in lines(text, start):
        for gap in BESIDE_GAP.finditer(line.text):
            if _signature_column(line.text[gap.end() :]):
                for k in range(line.start + gap.start(), line.end):
                    chars[k] = " "
                break
    return "".join(chars)


# A công điện names its addressees under "<SENDER> điện:" (Nghị định 30, Phụ lục III: "THỦ TƯỚNG
# CHÍNH PHỦ điện:", "BỘ TRƯỞNG BỘ Y TẾ điện:"): the sender in capitals, "điện" in lower case.
CONG_DIEN = regex.compile(r"^[ \t]*(?P<sender>[\p{Lu}][\p{Lu}\s,.\-–]{2,100}?)\s+(?:điện|đien|dien)\s*:")

# A column rule OCR read between the Nơi nhận column and the signature column, and what follows it:
# "- PCT UBND tỉnh; | c_HANH VĂN PHÒNG".
COLUMN_RULE = regex.compile(r"\s\|\s.*$")

# A numbered point of the body or of routing notes: "3. Công đoàn phối hợp …", "a) Tập trung …".
NUMBERED = regex.compile(r"^\s*(?:\d{1,2}|[a-zđ]|[IVX]{1,4})[.)]\s")

# The address line under a private addressee: "Địa chỉ: Thôn Vĩnh Xuân, …".
ADDRESS = regex.compile(r"^\W*(?:đ|d)[iị]a\s+ch[iỉ]\s*:", regex.IGNORECASE)


@dataclass(frozen=True)
class Item:
    name: str
    start: int
    end: int
    kind: str
    purpose: str | None
    group_purpose: str | None = None  # purpose given by a brace on this line


@cache
def _purposes() -> dict[str, str]:
    table = load_table("purposes")
    return {_purpose_key(k): v for k, v in table["aliases"].items()}


# Debris after an entry's closing ";" or ",": "- HĐT, BGH, ĐU (để b/c); _" (the purpose is read
# from the entry's end).
ENDED_DEBRIS = regex.compile(r"""([;,])\s+(?:[^\s\w]|_){1,3}\s*$""")
# OCR's slashes in "t⁄h" (fraction slash), "b∕c" (division slash): the purpose's "/".
OCR_SLASHES = str.maketrans({"\u2044": "/", "\u2215": "/"})


def _purpose_key(text: str) -> str:
    key = collapse(fold(text.translate(OCR_SLASHES)).replace(" / ", "/"))
    return key[3:] if key.startswith("de ") else key


def normalise_purpose(printed: str) -> str | None:
    """'b/c' → 'để báo cáo'; an unknown 'để …' phrase is kept as printed; anything else
    (an abbreviation in brackets such as '(KGVX)') is not a purpose."""
    key = _purpose_key(printed)
    if key in _purposes():
        return _purposes()[key]
    if fold(printed).startswith("de "):
        return collapse(printed)
    return None


def _masked(text: str) -> str:
    """The text with the signature block blanked out (same length, same offsets)."""
    block = signer.locate(text)
    if block is None:
        return text
    chars = list(text)
    for start, end in block.spans():
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


def _heading(line: Line) -> tuple[str, int] | None:
    """(kind, offset after the heading) when the line opens a recipient block."""
    match = HEADING.match(fold(line.text))
    if not match:
        dien = CONG_DIEN.match(line.text)
        return ("kinh_gui", line.start + dien.end()) if dien else None
    kind = "kinh_gui" if match.group("kinh_gui") else "noi_nhan"
    return kind, line.start + match.end()


def _is_archive(text: str) -> bool:
    return bool(LUU.match(fold(text).lstrip(" -+•–~=")))


def _split_entry(text: str) -> list[tuple[str, int]]:
    """Split a line naming two recipients: 'Cục Thuế tỉnh; VNPT Quảng Ngãi;' → two; a list
    under its own heading ('Các Công ty: A; B; C') stays one. Returns (part, offset) pairs."""
    body = text.rstrip().rstrip(";.")
    if ";" not in body or ":" in body.split(";")[0]:
        return [(text, 0)]
    parts: list[tuple[str, int]] = []
    pos = 0
    for chunk in text.split(";"):
        if chunk.strip():
            parts.append((chunk, pos))
        pos += len(chunk) + 1
    return parts


# A recipient's name is mostly letters ("UBND các huyện, thành, thị"); OCR of handwriting on a
# dotted fill-in line is mostly dots and symbols.
MIN_LETTER_SHARE = 0.5


def _item(raw: str, start: int, kind: str) -> Item | None:
    """One recipient from the text of its line(s), list marker and purpose already removed."""
    text = BARE_BRACE.sub("", raw.strip())
    if len(text) > 6 and not _numbered_unit().search(fold(text.rstrip(" ;.,:}"))):
        text = TRAILING_DEBRIS.sub("", text)
    name = _fixed_spelling(collapse(collapse(text).strip(" ;.,:}")))
    letters = sum(c.isalpha() for c in name)
    if letters < 2:
        return None
    if letters < MIN_LETTER_SHARE * sum(not c.isspace() for c in name):
        return None  # a handwritten addressee on a dotted line, read as "ñí)....ztà ⁄†äme.... âu."
    return Item(name, start, start + len(raw.rstrip()), kind, None, None)


def _read_block(
    following: list[Line], inline: tuple[str, int] | None, kind: str
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Raw entries (text, start) of a block — the text after its heading (`inline`) and the
    lines that follow — and its archive line. Wrapped lines are joined; the block stops at
    Lưu, at the other heading, at a title line, or where body prose starts."""
    entries: list[list] = []  # [text, start, closed]
    archive: list[tuple[str, int]] = []
    if inline is not None:
        rest, rest_start = inline
        if sum(c.isalpha() for c in rest) >= 2:
            mark = LIST_ITEM.match(rest)
            offset = mark.end() if mark else len(rest) - len(rest.lstrip())
            entries.append([rest[offset:], rest_start + offset, _closed(rest)])
    blank_run = 0
    skipped = 0
    for index, line in enumerate(following):
        stripped = line.stripped
        if not stripped:
            blank_run += 1
            if blank_run > 3 and entries:
                if kind == "noi_nhan" and entries[-1][2] == ";" and not archive and _spills(following, index):
                    continue  # the foot table ran over a page break: the list goes on after the signature
                break
            continue
        if blank_run > 3 and PAGE_NUMBER_LINE.match(stripped):
            continue  # the next page's number, between the two halves of a spilled list
        if _heading(line) is not None:
            break
        if SEAL_RESIDUE.match(stripped):
            continue  # the seal's ring read beside the list: "TOA AN *", "BỘ GIÁO *"
        if header.is_right_column_line(stripped):
            continue  # the header's right column, emitted after a left column that ran to Kính gửi
        if _is_archive(line.text):
            archive.append((line.text, line.start))
            break
        last = entries[-1] if entries else None
        if kind == "kinh_gui" and last is not None and last[2] == ".":
            break  # "- Viện kiểm sát … trực thuộc trung ương." closes the Kính gửi list
        mark = SPECK_MARK.match(line.text) or LIST_ITEM.match(line.text) or _embedded_mark(line.text)
        if mark and sum(c.isalpha() for c in line.text[mark.end() :]) >= 2:
            entries.append([line.text[mark.end() :], line.start + mark.end(), _closed(line.text)])
            blank_run = 0
            continue
        if mark:
            blank_run = 0
            continue  # a lone dash left by the blanked signature
        if signer.is_title_head(stripped) and stripped.upper() == stripped:
            break
        if ADDRESS.match(stripped):
            if kind == "kinh_gui":
                break  # the address (and its wrapped lines) under a private addressee
            continue
        if last is not None and blank_run == 0 and not last[2] and _wraps(last[0], stripped):
            last[0] = last[0].rstrip() + " " + stripped
            last[2] = _closed(line.text)
            continue
        if last is not None and last[2] == ";" and len(SCAN_SPECK.findall(stripped)) <= SPECK_MAX_ALNUM:
            blank_run += 1  # "5", "FŠ": the seal's specks where the signature was masked, no entry
            continue
        looks_like_item = (len(stripped) <= 100 and stripped.endswith((";", ".", ","))) or len(stripped) <= 60
        if (last is None or last[2] == ";") and looks_like_item and not _prose(stripped):
            lead = len(line.text) - len(line.text.lstrip())
            entries.append([line.text[lead:], line.start + lead, _closed(line.text)])
            blank_run = 0
            continue
        if last is None and skipped < 6:
            skipped += 1  # routing notes or scan debris between the heading and the list
            continue
        break
    return [(e[0], e[1]) for e in entries], archive


# What OCR reads of a seal beside the Nơi nhận list: a few capitals and the seal's star ("BỘ GIÁO *",
# "TOA AN *", "ỦY BAN *").
SEAL_RESIDUE = regex.compile(r"^[\p{Lu}\s.]{2,30}\*\s*$")

# A scan's speck beside the signature, a line of at most three letters or digits ("5", "FŠ" between
# "- Giám đốc, các PGĐ Sở;" and the list's rest after the masked signature block).
SCAN_SPECK = regex.compile(r"[\p{L}\d]")
SPECK_MAX_ALNUM = 3

# A page number alone on its line: "2", "- 3 -".
PAGE_NUMBER_LINE = regex.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$")
# How far past the signature a Nơi nhận list may go on (blank, masked and page-number lines).
SPILL_LINES = 14


def _spills(following: list[Line], index: int) -> bool:
    """After a run of blank lines (the signature block, masked, and the page break), does the list go
    on? Only when the next written line, a page number aside, is another "- …" entry."""
    for line in following[index + 1 : index + 1 + SPILL_LINES]:
        stripped = line.stripped
        if not stripped or PAGE_NUMBER_LINE.match(stripped):
            continue
        return LIST_ITEM.match(line.text) is not None
    return False


def _embedded_mark(text: str) -> regex.Match[str] | None:
    """A dash item behind a few characters of margin debris (at most four letters of it)."""
    match = EMBEDDED_MARK.match(text)
    if match and sum(c.isalpha() for c in text[: match.start() + match.end()].rsplit("-", 1)[0]) <= 4:
        return match
    return None


def _wraps(previous: str, line: str) -> bool:
    """Is `line` the wrapped rest of the recipient `previous` rather than body text?"""
    if line[:1].islower() or previous.rstrip().endswith((",", "-", "–", "&", ":")):
        return True
    if fold(previous).rstrip().endswith((" va", " cac", " cua", " thuoc", " tinh,")):
        return True
    return len(line) <= 60 and line.rstrip().endswith((";", ".", ",")) and not _prose(line)


def _closed(text: str) -> str | bool:
    """';' when a recipient line ends an item that the list continues after, '.' when it ends
    the list, False when it wraps onto the next line."""
    tail = text.rstrip().rstrip("*")
    if tail.endswith(";"):
        return ";"
    if tail.endswith("."):
        return "."
    if tail.endswith(")") and (found := PURPOSE.search(tail)) and normalise_purpose(found.group("purpose")):
        return ";"  # "… (để b/c)" closes its entry; "VKSND tối cao (Vụ 8)" is a name, its purpose may follow
    return False


def _prose(text: str) -> bool:
    """Body text rather than a recipient: a numbered point, or a sentence opening of the body."""
    if NUMBERED.match(text):
        return True
    head = fold(text)[:14]
    return head.startswith(("thuc hien", "can cu", "theo ", "ngay ", "de ", "trong ", "sau ", "nham "))


def _items(raw: list[tuple[str, int]], kind: str) -> list[Item]:
    items: list[Item] = []
    for entry, start in raw:
        entry = ENDED_DEBRIS.sub(r"\1", COLUMN_RULE.sub("", entry))
        purpose, group, body = _purpose_of(entry)
        parts = [(part, offset) for part, offset in _split_entry(body)]
        made = [it for part, offset in parts if (it := _item(part, start + offset, kind)) is not None]
        if not made and group and items:
            # "} (để thực hiện)" on a line of its own: a PDF row beside the middle of a tall
            # brace; the group it labels ends at the recipient above
            last = items[-1]
            items[-1] = Item(last.name, last.start, last.end, last.kind, last.purpose, group)
            continue
        if made and (purpose or group):
            # a purpose after the last of two recipients on one line is read as that one's
            made[-1] = Item(
                made[-1].name,
                made[-1].start,
                start + len(entry.rstrip()),
                kind,
                purpose or made[-1].purpose,
                group,
            )
        items += made
    return _apply_braces(items)


def _purpose_of(entry: str) -> tuple[str | None, str | None, str]:
    """(purpose, brace-group purpose, entry without them)."""
    match = PURPOSE.search(entry)
    if not match:
        return None, None, entry
    found = normalise_purpose(match.group("purpose"))
    if not found or (match.group("close") is None and _purpose_key(match.group("purpose")) not in _purposes()):
        # a bracket OCR left open ("(để b/€") closes a known purpose only, not a name's own "(…"
        return None, None, entry
    if match.group("brace") and "}" in match.group("brace"):
        return None, found, entry[: match.start()]
    before = entry[: match.start()]
    if match.group("brace") and before.count("(") > before.count(")"):
        # the ")" read as a brace closes the name's own parenthesis: "VKSND tỉnh X (Phòng 2) (để b/c)"
        # (class: a department named after its body, then the purpose)
        return found, None, entry[: entry.rfind("(", 0, match.start("purpose"))].rstrip()
    return found, None, before


def _apply_braces(items: list[Item]) -> list[Item]:
    """A brace purpose ('…; } (để báo cáo)') covers the lines since the previous group; the
    last group also covers the unlabelled lines after it (the brace's label sits beside the
    middle of a tall brace, so OCR puts it on an inner line)."""
    out = list(items)
    boundary = 0
    last_group: str | None = None
    for k, item in enumerate(items):
        if item.group_purpose:
            for j in range(boundary, k + 1):
                if out[j].purpose is None:
                    out[j] = _with_purpose(out[j], item.group_purpose)
            boundary = k + 1
            last_group = item.group_purpose
        elif item.purpose:
            boundary = k + 1
    if last_group:
        for j in range(boundary, len(items)):
            if out[j].purpose is None and fold(out[j].name) not in {"nhu tren"}:
                out[j] = _with_purpose(out[j], last_group)
    return out


def _with_purpose(item: Item, purpose: str) -> Item:
    return Item(item.name, item.start, item.end, item.kind, purpose, item.group_purpose)


def _archive_items(raw: list[tuple[str, int]]) -> list[tuple[str, int, int]]:
    """'Lưu: VT, KGVX' → ('VT', …), ('KGVX', …); commas inside brackets do not split."""
    out: list[tuple[str, int, int]] = []
    for text, start in raw:
        match = LUU.match(fold(text).lstrip(" -+•–~="))
        lead = len(text) - len(fold(text).lstrip(" -+•–~="))
        pos = lead + (match.end() if match else 0)
        depth = 0
        piece_start = pos
        for k in range(pos, len(text) + 1):
            ch = text[k] if k < len(text) else ","
            depth += ch == "("
            depth -= ch == ")"
            if ch == "," and depth <= 0:
                piece = TRAILING_DEBRIS.sub("", text[piece_start:k]).strip(" .;:")
                if sum(c.isalnum() for c in piece) >= 1:
                    s = (
                        start + text.index(piece, piece_start)
                        if piece in text[piece_start:]
                        else start + piece_start
                    )
                    out.append((piece, s, s + len(piece)))
                piece_start = k + 1
    return out


def _headingless_noi_nhan(all_lines: list[Line], taken: set[int]) -> int | None:
    """Where OCR lost the 'Nơi nhận' heading: the run of list items that ends at the last
    'Lưu:' line. Returns the index of its first item."""
    archive_at = [k for k, line in enumerate(all_lines) if _is_archive(line.text) and k not in taken]
    if not archive_at:
        return None
    first = None
    j = archive_at[-1] - 1
    while j >= 0 and j not in taken:
        line = all_lines[j]
        if line.stripped and not LIST_ITEM.match(line.text):
            break
        if line.stripped:
            first = j
        j -= 1
    return first


SPEC = ExtractorSpec("recipients", ("recipients", "archive_copies"), order=70)


def extract(text: str, context: Context) -> Extraction:
    masked = _masked(text)
    all_lines = list(lines(masked))
    candidates: list[Candidate] = []
    seen_kinds: set[str] = set()
    taken: set[int] = set()
    for k, line in enumerate(all_lines):
        found = _heading(line)
        if found is None or found[0] in seen_kinds:
            continue  # a second "Kính gửi" (a quoted letter, an appendix) is not this document's
        kind, after = found
        seen_kinds.add(kind)
        if kind == "noi_nhan":
            masked = _beside_blanked(masked, line.start)
            all_lines = list(lines(masked))
        raw, archive = _read_block(all_lines[k + 1 :], (masked[after : line.end], after), kind)
        if kind == "kinh_gui" and not raw and CONG_DIEN.match(line.text):
            # a công điện whose formula ("THỦ TƯỚNG CHÍNH PHỦ điện:") stands over a "Kính gửi:" of
            # its own: the addressees are under that
            seen_kinds.discard(kind)
            continue
        last = max([s for _, s in raw + archive], default=line.start)
        taken.update(j for j, other in enumerate(all_lines) if line.start <= other.start <= last)
        candidates += _candidates(raw, archive, kind, lost_marks=context.is_ocr or context.repaired)
    if "noi_nhan" not in seen_kinds:
        first = _headingless_noi_nhan(all_lines, taken)
        if first is not None:
            raw, archive = _read_block(all_lines[first:], None, "noi_nhan")
            candidates += _candidates(
                raw, archive, "noi_nhan", confidence=0.6, lost_marks=context.is_ocr or context.repaired
            )
    return Extraction(tuple(candidates))


# "tinh" unmarked where only the province level fits: closing a name after its body ("Văn phòng
# UBND tinh") or before a province ("Ủy ban nhân dân tinh Lam Đồng").
BARE_TINH = regex.compile(r"""(?<![\p{L}])t[iỉ]nh (?=$|[ ](?P<place>\p{Lu}[\p{L} ]{1,30})$)""", regex.VERBOSE)


def _marks_restored(name: str) -> str:
    """A name in a text whose marks another tool's OCR lost and the repair left partly unmarked
    (class: "Văn phòng UBND tinh", "Ủy ban nhân dân tinh Lam Đồng"): the province level and the
    province it names take their marks when the data knows the province; a name without any mark
    stays as printed (nothing shows which marks it had)."""
    if fold(name) == name.lower():
        return name
    m = BARE_TINH.search(name)
    if m is None:
        return name
    if m["place"] is None:
        return name[: m.start()] + "tỉnh"
    snap = snap_place(m["place"])
    if snap is None or snap.match == "fuzzy":
        return name
    return name[: m.start()] + "tỉnh " + snap.value


def _candidates(
    raw: list[tuple[str, int]], archive: list[tuple[str, int]], kind: str, confidence: float = 0.9,
    lost_marks: bool = False,
) -> list[Candidate]:
    out = [
        Candidate(
            "recipients",
            {
                "name": _marks_restored(item.name) if lost_marks else item.name,
                "kind": item.kind,
                "purpose": item.purpose,
            },
            item.start,
            item.end,
            f"recipients.{kind}",
            confidence,
        )
        for item in _items(raw, kind)
    ]
    out += [
        Candidate("archive_copies", piece, s, e, "recipients.luu", confidence)
        for piece, s, e in _archive_items(archive)
    ]
    return out
