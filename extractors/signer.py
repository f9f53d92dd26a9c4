"""Signer: the signature block at the foot of a dispatch (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục 7).

The block is a stack of capitalised lines — optional signing prefixes (KT., TL., TM., Q., TUQ.)
each governing the line after it, the signer's own title — then seal/signature noise and the
signer's personal name. In a text layer read row by row it often sits on the same lines as the
"Nơi nhận" list ("- Như thành phần; KT. CHÁNH VĂN PHÒNG"), so the block is assembled from
*pieces*: whole lines or the right-hand part of a line. `locate` is shared with the recipient
extractor, which cuts these pieces out of the recipient lines.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.header import attachment_start
from congvan.extractors.landmarks import LIST_ITEM, line_starts_with, signing_forms, signing_garbled
from congvan.extractors.syllables import is_valid, split_tone
from congvan.extractors.textutil import Line, collapse, fold, lines, one_spelling_by_fold
from congvan.extractors.vocab import load_table
from congvan.schemas.fields import field_warning

# Markup and table/scan debris around a line: "**PHÓ VIỆN TRƯỞNG", "NGÀNH KSND**", "| c_HANH", and
# the quote-like specks a seal's ring leaves before a title on a scan: "“` GIÁM ĐỐC".
EDGE_JUNK = regex.compile(r"^[\s*_#|`>~=“”\"'‘’„]+|[\s*_#|`~=“”\"'‘’„]+$")


# A personal name: 2–5 capitalised syllables, optionally after a military rank:
# "Nguyễn Quang Dũng", "Trung tá Ngô Văn Công". Names of the Central Highlands peoples hold the
# one-letter word "Y" ("Rơ Châm Y Thuyên", "Y Biêr Niê"; class: party and commune documents of
# Gia Lai, Đắk Lắk, Kon Tum).
NAME_TOKENS = regex.compile(
    r"""^(?P<name>(?:\p{Lu}\p{Ll}+|Y)(?:[ \t]+(?:\p{Lu}\p{Ll}+|Y)){1,4})$""",
    regex.VERBOSE,
)

# The letters of a word, without its punctuation: "VKSND", "TỐI", "ƯƯƯYƯƯỢEXN".
LETTER_RUN = regex.compile(r"""\p{L}+""", regex.VERBOSE)

# Quotes and backticks OCR sprinkles around the words of a signed name: "'Lê ' Thị Bích Thuận".
STRAY_QUOTES = regex.compile(r"""[\'"`‘’“”]""")

# A personal name ending an interleaved line, after a separator:
# "Giáo dục và Đào tào, Y tế, Nội vụ, Phùng Tô Long".
TRAILING_NAME = regex.compile(
    r"""(?:[,;:|]|[ \t]{2,})[ \t]*(?P<name>\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+){2,4})[ \t*]*$""",
    regex.VERBOSE,
)

# Electronic-signature stamp lines and dates that sit among the signature lines:
# "ttcbth@quangngai.gov.vn", "06.11.2024 09:27:05", "+07:00", "Người ký: Ủy ban Nhân dân".
STAMP_LINE = regex.compile(
    r"""@ | \d{1,2}[./-]\d{1,2}[./-]\d{4} | [+]\d{2}:\d{2} | ^\s*(?:ng[uư][oờ]i\s+k[yý]|k[yý]\s+b[oởở]i|
        c[oơ]\s+quan\s*:|th[oờ]i\s+gian\s+k[yý]|email\s*:)""",
    regex.VERBOSE | regex.IGNORECASE,
)


@dataclass(frozen=True)
class Piece:
    """One line (or the right-hand part of one) of the signature block."""

    start: int
    end: int
    text: str  # cleaned of markup
    authority: str | None  # KT/TL/TM/Q/TUQ when the piece opens with a signing prefix
    rest: str  # the text after the prefix
    is_head: bool  # the rest starts with a title word (PHÓ CHỦ TỊCH, GIÁM ĐỐC …)
    whole_line: bool
    line_no: int


@dataclass(frozen=True)
class SignatureBlock:
    pieces: tuple[Piece, ...]  # prefix/title lines in order
    marks: tuple[tuple[int, int, str], ...]  # "(đã ký)" lines inside the block
    name: str | None
    name_span: tuple[int, int] | None  # span of the printed name line (with rank, if any)
    name_line: str | None
    ring: tuple[tuple[int, int], ...] = ()  # lines of the seal's ring text read inside the block

    @property
    def start(self) -> int:
        return self.pieces[0].start if self.pieces else (self.name_span or (0, 0))[0]

    @property
    def end(self) -> int:
        ends = [p.end for p in self.pieces] + ([self.name_span[1]] if self.name_span else [])
        return max(ends)

    def spans(self) -> list[tuple[int, int]]:
        """Every span of the text that belongs to the block (pieces, marks, name)."""
        out = [(p.start, p.end) for p in self.pieces] + [(s, e) for s, e, _ in self.marks]
        out += list(self.ring)
        if self.name_span:
            out.append(self.name_span)
        return sorted(out)


@dataclass(frozen=True)
class _Vocab:
    prefix: regex.Pattern[str]  # on folded text, anchored at the piece start
    inline_prefix: regex.Pattern[str]  # on folded text, inside a line
    head: regex.Pattern[str]  # on upper-case text with diacritics
    head_folded: regex.Pattern[str]  # on folded text, for lines OCR stripped of diacritics
    ranks: regex.Pattern[str]
    surnames: frozenset[str]
    marks: frozenset[str]
    not_titles: tuple[str, ...]


@cache
def vocab() -> _Vocab:
    table = load_table("signing_prefixes")
    forms: list[tuple[str, str]] = []
    for code, printed in signing_forms().items():
        forms += [(p, code) for p in printed]
    forms.sort(key=lambda f: -len(f[0]))
    alternation = "|".join(regex.escape(f) for f, _ in forms)
    garbled = "|".join(regex.escape(g) for g in sorted(signing_garbled(), key=len, reverse=True))
    spelled = "|".join(regex.escape(f) for f, _ in forms if "/" in f or " " in f)
    heads = sorted({h.upper() for h in table["title_heads"]}, key=len, reverse=True)
    modifiers = sorted({m.upper() for m in table["title_modifiers"]}, key=len, reverse=True)
    head_alt = "|".join(regex.escape(h) for h in heads)
    mod_alt = "|".join(regex.escape(m) for m in modifiers)
    folded_head_alt = "|".join(regex.escape(fold(h)) for h in heads)
    folded_mod_alt = "|".join(regex.escape(fold(m)) for m in modifiers)
    # a military rank or an academic title before the name: "Trung tá Ngô Văn Công", "TS. Phạm Thị Tố Như"
    rank_words = table["military_ranks"] + table["academic_titles"]
    ranks = "|".join(regex.escape(r) for r in sorted(rank_words, key=len, reverse=True))
    return _Vocab(
        # "kt.vien truong", "tl. chu tich", "tm ban thuong vu"
        # an OCR misreading only with its dot: "_W. CHỦ TỊCH" (the "_" is cleaned off as edge junk)
        prefix=regex.compile(
            rf"^(?:(?P<prefix>{alternation})(?:\s*[.:,]\s*|\s+)|(?P<prefix>{garbled})\.\s*)(?=[^\W\d_])"
        ),
        # "- nhu thanh phan; kt. chanh van phong"; a slashed or spelled-out prefix needs no dot:
        # "Nơi nhận:   T/M BAN THƯỜNG VỤ" (party documents)
        inline_prefix=regex.compile(
            rf"(?<=[\s;:,|])(?:(?P<prefix>{alternation})\s*[.:]\s*|(?P<prefix>{spelled})\s+)(?=[^\W\d_])"
        ),
        # "PHÓ CHÁNH VĂN PHÒNG", "TRƯỞNG BAN CHỈ ĐẠO"
        head=regex.compile(rf"^(?:(?:{mod_alt})\s*)?(?:{head_alt})(?![\p{{L}}])"),
        head_folded=regex.compile(rf"^(?:(?:{folded_mod_alt})\s*)?(?:{folded_head_alt})(?![a-z])"),
        ranks=regex.compile(rf"^(?P<rank>{ranks})\s+(?=\p{{Lu}})", regex.IGNORECASE),
        surnames=frozenset(fold(s) for s in table["surnames"]),
        marks=frozenset(fold(m).strip("() ") for m in table["signed_marks"]),
        not_titles=tuple(w.upper() for w in table["not_title_words"]),
    )


def _code_of(folded_prefix: str) -> str | None:
    for code, printed in signing_forms().items():
        if folded_prefix in printed:
            return code
    return signing_garbled().get(folded_prefix)


def _clean(text: str) -> tuple[str, int]:
    """Text without edge markup, and the offset of the cleaned text inside `text`."""
    match = EDGE_JUNK.match(text)
    lead = match.end() if match else 0
    cleaned = EDGE_JUNK.sub("", text)
    return cleaned, lead


def _caps_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(c.isupper() for c in letters) / len(letters)


def _has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()


def is_title_head(text: str) -> bool:
    """Does `text` open with a title word ("PHÓ CHỦ TỊCH …")?"""
    v = vocab()
    upper = text.upper()
    if v.head.match(upper):
        return True
    # OCR drops or swaps diacritics ("CHU TỊCH", "PHO CHANH VAN PHONG"): match blind to them,
    # unless the word is one that only differs from a title word by its diacritics
    return not upper.startswith(v.not_titles) and bool(v.head_folded.match(fold(text)))


def _is_caps_text(text: str, threshold: float = 0.8) -> bool:
    letters = sum(c.isalpha() for c in text)
    return letters >= 2 and _caps_ratio(text) >= threshold and not any(c.isdigit() for c in text)


def prefixed(text: str) -> tuple[str, str] | None:
    """(authority code, rest) when `text` opens with a signing prefix followed by capitals."""
    match = vocab().prefix.match(fold(text))
    if not match:
        return None
    code = _code_of(match.group("prefix"))
    rest = text[match.end() :].strip()
    if code is None or not _is_caps_text(rest, 0.7):
        return None
    if code == "Q" and not is_title_head(rest):
        return None  # "Q. Hải Châu" is a district, not "Quyền"
    return code, rest


def _whole_line_piece(line: Line, line_no: int) -> Piece | None:
    cleaned, lead = _clean(line.text)
    if not cleaned or LIST_ITEM.match(line.text) or len(cleaned) > 90:
        return None
    start = line.start + lead
    found = prefixed(cleaned)
    if found:
        code, rest = found
        return Piece(start, start + len(cleaned), cleaned, code, rest, is_title_head(rest), True, line_no)
    if _is_caps_text(cleaned, 0.85) and is_title_head(cleaned):
        return Piece(start, start + len(cleaned), cleaned, None, cleaned, True, True, line_no)
    return None


# Two columns of an A4 line at 13-14 pt hold ~120 characters; a longer "line" is a typed paragraph.
PRINTED_LINE_MAX = 200


# where a word starts after a space or a list separator: "- Thường trực HĐND tỉnh;| PHÓ CHÁNH …"
WORD_AFTER_SEPARATOR = regex.compile(r"(?<=[\s;:,|])(?=\S)")


def _right_piece(line: Line, line_no: int) -> Piece | None:
    """The signature text sharing a line with a recipient: '- Như thành phần; KT. CHÁNH VĂN PHÒNG'."""
    text = line.text
    if len(text) > PRINTED_LINE_MAX:
        return None  # a paragraph typed on one line, not a printed Nơi nhận line
    folded = fold(text)
    for match in vocab().inline_prefix.finditer(folded):
        left = text[: match.start()]
        if not any(c.isalpha() for c in left):
            continue
        cleaned, lead = _clean(text[match.start() :])
        found = prefixed(cleaned)
        if found:
            code, rest = found
            start = line.start + match.start() + lead
            return Piece(
                start, start + len(cleaned), cleaned, code, rest, is_title_head(rest), False, line_no
            )
    # A title in capitals closing the line: "- Thường trực HĐND tỉnh; PHÓ CHÁNH VĂN PHÒNG".
    for boundary in WORD_AFTER_SEPARATOR.finditer(text):
        if not text[boundary.start()].isupper():
            continue  # a title in capitals starts with a capital
        left = text[: boundary.start()]
        if not any(c.isalpha() for c in left):
            continue
        cleaned, lead = _clean(text[boundary.start() :])
        words = cleaned.split()
        if (
            len(words) >= 2
            and _is_caps_text(cleaned, 0.9)
            and is_title_head(cleaned)
            and regex.fullmatch(r"[\p{L} .]+", cleaned)
        ):
            start = line.start + boundary.start() + lead
            return Piece(start, start + len(cleaned), cleaned, None, cleaned, True, False, line_no)
    return None


# A Nơi nhận item and the next title line read onto the signing prefix's line when OCR lost a line
# break: "KT. GIÁM ĐỐC - Như trên;      PHÓ GIÁM ĐỐC". The item is a dash and a word in mixed case
# closed by its punctuation; a title in capitals may follow it after a column gap.
MERGED_ITEM = regex.compile(
    r"""(?P<item>[ \t]+[-–][ \t]+\p{Lu}\p{Ll}[^\n]*?[;.,])(?:(?P<gap>[ \t]{2,})(?P<title>\S[^\n]*))?[ \t]*$""",
    regex.VERBOSE,
)


def _line_pieces(line: Line, line_no: int) -> list[Piece]:
    """The signature pieces of one line: usually one; two when a lost line break merged a Nơi nhận
    item between them ("KT. GIÁM ĐỐC - Như trên;      PHÓ GIÁM ĐỐC"), the item left out of both."""
    piece = _whole_line_piece(line, line_no) or _right_piece(line, line_no)
    if piece is None:
        return []
    m = MERGED_ITEM.search(piece.text)
    if m is None or (m["title"] is None and not piece.authority):
        return [piece]
    head = piece.text[: m.start("item")].rstrip()
    found = prefixed(head)
    if found is None and not (_is_caps_text(head, 0.85) and is_title_head(head)):
        return [piece]
    code, rest = found if found else (None, head)
    pieces = [Piece(piece.start, piece.start + len(head), head, code, rest, is_title_head(rest), False, line_no)]
    title = m["title"]
    if title is not None:
        title = title.rstrip()
        start = piece.start + m.start("title")
        if _is_caps_text(title, 0.85) and is_title_head(title):
            pieces.append(Piece(start, start + len(title), title, None, title, True, False, line_no))
    return pieces


# Punctuation between two letters of a word in capitals, "TR,ỢNG" (a seal's stroke through
# "TRƯỞNG"); printed titles put a comma or dot only after a word ("BỘ TRƯỞNG, CHỦ NHIỆM").
INWORD_PUNCT = regex.compile(r"\p{Lu}[,;:'`]\p{Lu}")


def _reads_as_words(text: str) -> bool:
    """Printed words, not seal or signature strokes OCR read as capitals ("ƯƯƯYƯƯỢEXN", "XP"):
    a wrapped title line holds a Vietnamese syllable, or an abbreviation longer than two letters
    whose only mark is the bar of Đ ("VKSND", "HĐND")."""
    if INWORD_PUNCT.search(text):
        return False  # "THỊ TR,ỢNG": a comma inside a word is the seal's stroke, not print
    tokens = LETTER_RUN.findall(text)
    if any(is_valid(t) for t in tokens if len(t) > 1):
        return True
    plain = all(fold(t) == t.lower().replace("đ", "d") for t in tokens)
    return bool(tokens) and plain and sum(map(len, tokens)) > 2


def _is_mark(text: str) -> bool:
    return fold(text).strip("() .") in vocab().marks


def _is_noise(text: str) -> bool:
    """Seal/signature debris and e-signature stamp text: '*ca*', 'Bro', 'R44', 'VHTin507.'."""
    cleaned = text.strip(" *_.,;:|`'\"~-")
    if not cleaned:
        return True
    if _is_mark(text) or STAMP_LINE.search(text):
        return True
    letters = sum(c.isalpha() for c in cleaned)
    if letters <= 4:
        return True
    return len(cleaned.split()) == 1 and any(c.isdigit() for c in cleaned)


# A token of seal or signature debris at either end of a name line: any mix of letters with
# symbols or digits ("-+'T§.", "~~", "R44"); a word of a name is letters only.
SEAL_DEBRIS_TOKEN = regex.compile(r"^[.,;:'\"\-]*(?:$|.*[^\p{L}.,;:'\"\-].*$|.*\p{L}[^\p{L}]+\p{L})")
MAX_DEBRIS_TOKENS = 2


def _without_seal_noise(line: str) -> str:
    """A name line under or beside a seal without what the seal and the signature left on it:
    "(đã ký)" marks and up to two debris tokens at each end ("-+'T§. Lê Thị Minh Đức")."""
    folded = fold(line)
    for mark in sorted(vocab().marks, key=len, reverse=True):
        at = folded.find(f"({mark})")
        if at != -1:
            line = line[:at] + " " * (len(mark) + 2) + line[at + len(mark) + 2 :]
    tokens = line.split()
    lead = 0
    while lead < min(MAX_DEBRIS_TOKENS, len(tokens)) and SEAL_DEBRIS_TOKEN.match(tokens[lead]):
        surname = _slipped_surname(tokens[lead])
        if surname is not None and lead + 1 < len(tokens):
            tokens[lead] = surname  # "1e Văn Thành": the surname's L read as a 1 under the signature
            break
        lead += 1
    tail = len(tokens)
    while tail > lead and len(tokens) - tail < MAX_DEBRIS_TOKENS and SEAL_DEBRIS_TOKEN.match(tokens[tail - 1]):
        tail -= 1
    if 2 <= tail - lead <= 5 and all(NAME_WORD.fullmatch(t) for t in tokens[lead + 1 : tail]):
        surname = _lost_initial(tokens[lead])
        if surname is not None:
            tokens[lead] = surname  # "tạng Quốc Bảo": the bold "Đ" under the signature read as "t"
    return " ".join(tokens[lead:tail])


# A word of a name: "Quốc", "Bảo", "Y".
NAME_WORD = regex.compile(r"\p{Lu}\p{Ll}*")
# The tone marks of Vietnamese (grave, acute, tilde, hook above, dot below), as combining characters.
TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _tone(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if ch in TONES)


def _lost_initial(token: str) -> str | None:
    """The surname a lower-case word is with its first letter misread ("tạng" → "Đặng"): a name
    never opens in lower case, so its first letter is OCR's; the one surname of the table whose other
    letters fold the same and which bears the same tone."""
    if len(token) < 2 or not token.isalpha() or not token[0].islower():
        return None
    found = set(_surnames_by_rest().get((fold(token[1:]), _tone(token)), ()))
    if len(found) > 1:  # "đỗ": Đỗ, not Võ — the letter kept its own shape, only its case was lost
        found = {s for s in found if fold(s[0]) == fold(token[0])}
    return found.pop() if len(found) == 1 else None


@cache
def _surnames_by_rest() -> dict[tuple[str, str], tuple[str, ...]]:
    """Surnames by their letters after the first, folded, and their tone: ("ang", "̣") → ("Đặng",)."""
    index: dict[tuple[str, str], list[str]] = {}
    for surname in load_table("signing_prefixes")["surnames"]:
        index.setdefault((fold(surname[1:]), _tone(surname)), []).append(surname)
    return {key: tuple(names) for key, names in index.items()}


# The letters a surname's digit-looking glyph may be, under a signature stroke: "1e" for "Lê", "|ê"
# for "Lê", "1rương" for "Trương", "0ỗ" for "Đỗ".
SURNAME_DIGIT_SLIPS: dict[str, tuple[str, ...]] = {"1": ("L", "T", "I"), "|": ("L", "I"), "0": ("Đ", "O")}


def _slipped_surname(token: str) -> str | None:
    """The surname a short token is, its digit-looking letters read back ("1e" → "Lê", "1rương" →
    "Trương"), when exactly one reading is a surname of the table; None otherwise."""
    if not 2 <= len(token) <= 7 or not any(ch in SURNAME_DIGIT_SLIPS for ch in token):
        return None
    readings = [""]
    for ch in token:
        readings = [r + alt for r in readings for alt in SURNAME_DIGIT_SLIPS.get(ch, (ch,))]
    found = {hit for r in readings if r.isalpha() and (hit := _surnames_by_fold().get(fold(r))) is not None}
    return found.pop() if len(found) == 1 else None


def whole_line_name(text: str) -> tuple[str, int, int] | None:
    """(name, start, end in `text`) when the line is a personal name, optionally after a rank."""
    cleaned, lead = _clean(text)
    v = vocab()
    # seal debris may stand before a rank too: "» ~[Dấu] BSCKII. Vũ Thị Hồng Nhung"
    body = _without_seal_noise(collapse(STRAY_QUOTES.sub(" ", cleaned)))
    rank = v.ranks.match(body)
    body = _without_seal_noise(body[rank.end() :]) if rank else body
    match = NAME_TOKENS.match(body)
    if not match:
        return None
    tokens = body.split()
    folded_tokens = [fold(t) for t in tokens]
    if folded_tokens[0] not in v.surnames and (len(tokens) < 3 or folded_tokens[0] in {"noi", "kinh", "nhu"}):
        return None
    if _strokes_not_name(tokens):
        return None
    return body, lead, lead + len(cleaned)


def _strokes_not_name(tokens: list[str]) -> bool:
    """Seal strokes read as letters ("Là Êyc"): a short "name" with an impossible syllable that
    carries marks. A token without marks is not judged (OCR may have lost them: "Nguyen Duc
    Viet"), and a longer name may hold one odd syllable (minority names: "Niê Kđăm")."""
    impossible = sum(fold(t) != t.lower() and not is_valid(t) for t in tokens)
    return impossible > 1 or (impossible == 1 and len(tokens) < 3)


def _trailing_name(text: str) -> tuple[str, int, int] | None:
    match = TRAILING_NAME.search(text)
    if not match or fold(match.group("name").split()[0]) not in vocab().surnames:
        return None
    if _strokes_not_name(match.group("name").split()):
        return None
    return match.group("name"), match.start("name"), match.end("name")


# Where the signature column starts on a flattened Nơi nhận line: after the archive entry's
# closing dot or the "Như trên;" that opens the list, at a column gap of two or more spaces, or
# after the archive's last unit code when it has no dot: "- Lưu: VT, KGVX. Nguyễn Văn A",
# "- Như trên; Lê Hoa", "- Lưu: VT, TH.          Trần Thị B", "- Lưu: VT, KGVX Phùng Thị Hoa".
COLUMN_START = regex.compile(
    r"""(?P<closed>[.;])[ \t]+(?=\S)
      | [ \t]{2,}(?=\S)
      | (?<![\p{L}\d])(?P<code>\p{Lu}[\p{Lu}\d&.()]*[\p{Lu}\d)])[ \t](?=\S)""",
    regex.VERBOSE,
)


def _closes_entry(text: str, closed: str) -> bool:
    """Does the punctuation `closed` end the left column's entry of this list line: the archive
    entry's dot ("Lưu: VT, KCB.") or the "Như trên;" that the list opens with?"""
    if closed == ".":
        return line_starts_with(text, "luu") is not None
    body = LIST_ITEM.sub("", text, count=1)
    return fold(body).startswith("nhu tren")


@cache
def _printed_surnames() -> frozenset[str]:
    return frozenset(load_table("signing_prefixes")["surnames"])


def _is_surname(word: str) -> bool:
    """A surname as printed ("Tô", not the "Tổ" of "Tổ Văn phòng"); blind to marks only in a
    text that has none (another tool's OCR, "Nguyen Van A")."""
    if fold(word) == word.lower().replace("đ", "d"):
        return fold(word) in vocab().surnames
    return word in _printed_surnames()


def _flattened_name(text: str) -> tuple[str, int, int] | None:
    """(name, start, end in `text`) when the signer's name shares a printed line with the Nơi
    nhận list, the two bottom columns of a text layer read row by row. A gap of spaces marks the
    right column on any list line; a single space does only after an entry that is closed
    (the archive entry, "Như trên;") or after the archive's unit code in capitals, and then the
    name must start with a known surname, so a unit code ("Lưu: VT, TCCB") or a recipient is
    never read as the name."""
    if not _is_list_line(text):
        return None
    for split in COLUMN_START.finditer(text):
        closed = split.group("closed")
        if closed and not _closes_entry(text[: split.start() + 1], closed):
            continue
        if split.group("code") and line_starts_with(text, "luu") is None:
            continue
        # "- Lưu: VT.   [Đau] ' Nguyên Van Hung": a column gap after the closed entry is a gap
        single_space = bool(closed or split.group("code")) and not regex.search(r"[ \t]{2}", split.group())
        right = text[split.end() :].rstrip(" \t*")
        found = whole_line_name(right)
        if not found:
            continue
        name, s, e = found
        if not right[s:e].endswith(name):
            continue  # debris was cut from it: not a clean printed column
        if single_space and not _is_surname(name.split()[0]):
            continue
        return name, split.end() + s, split.end() + e
    return None


def _is_list_line(text: str) -> bool:
    return bool(LIST_ITEM.match(text) or line_starts_with(text, "luu") or line_starts_with(text, "noi_nhan"))


# The header's top lines that can hold the issuer's name the seal repeats on its ring.
RING_HEADER_LINES = 16


# The number or the place–date line, folded, which closes the header's body names.
# ("Số:", "So O3-CT/DU"; "SỞ Y TẾ" folds to "so" too, so a colon or digit must follow).
HEADER_CLOSE = regex.compile(
    r"""^[\s\-]*s[o6] \s* (?: : | [oli]?\d ) | \bng\w{1,2}y [^\n]{0,12} th\w{1,4}g""", regex.VERBOSE
)


@cache
def _header_lines(text: str) -> tuple[str, ...]:
    """The header's first lines, folded with spaces collapsed, down to the number or the
    place–date line: where the bodies the seal names are printed."""
    found: list[str] = []
    for line in lines(text):
        if not line.stripped:
            continue
        folded = collapse(fold(line.text))
        # the two columns of a line apart: "SỞ Y TẾ      Độc lập - Tự do - Hạnh phúc"
        found += [collapse(fold(part)) for part in regex.split(r"[ \t]{3,}", line.text) if part.strip()]
        if HEADER_CLOSE.search(folded) or len(found) >= RING_HEADER_LINES:
            break
    # the ring adds the place to a body the header prints without it: "SỞ Y TẾ" over "Lâm Đồng,
    # ngày …" rings as "SỞ Y TẾ LÂM ĐỒNG" (OCR: "SO Y TE L")
    place = regex.search(r"(?P<words>(?:\w+ ){0,3}\w+),\s*ng\w{1,2}y", folded) if found else None
    if place is not None:
        words = place["words"].split()
        found += [f"{body} {' '.join(words[k:])}" for body in list(found) for k in range(len(words))]
    return tuple(found)


# The star at the centre of a seal, read at the end of a piece of its ring: "BỘ GIÁO *".
SEAL_STAR = regex.compile(r"\p{Lu}\s*\*\s*$")


def is_ring_fragment(line: str, text: str) -> bool:
    """A piece of the seal's ring text that OCR read as a line of its own in the signing space,
    cut inside a word of the issuer's name the header prints ("ẢO HIỂM XÃ H" under "BẢO HIỂM XÃ
    HỘI TỈNH …", "ỆNH VIỆN TRUNG", "DANG UY X"; class: other tools' OCR of a sealed page). A line
    the header holds whole-worded ("GIÁO DỤC VÀ ĐÀO TẠO" wrapping a title) is not one."""
    cleaned = _clean(line)[0].strip()
    words = cleaned.split()
    if not 1 <= len(words) <= 6 or sum(c.isalpha() for c in cleaned) < 5 or not _is_caps_text(cleaned, 0.8):
        return False
    if SEAL_STAR.search(line):
        return True  # a few capitals and the seal's star: "BỘ GIÁO *", "TRƯỜNG THPT *"
    if not regex.fullmatch(r"[\p{L} ]+", cleaned) or is_title_head(cleaned):
        return False
    piece = collapse(fold(cleaned))
    cut = False
    for head in _header_lines(text):
        for m in regex.finditer(regex.escape(piece), head, overlapped=True):
            before = m.start() > 0 and head[m.start() - 1].isalpha()
            after = m.end() < len(head) and head[m.end()].isalpha()
            if not (before or after):
                return False  # the header prints it as whole words
            cut = True
    return cut


# In the signing space, a line this short is what OCR made of the seal and the signature ("THỊ
# TR,ỢNG", "ƯNNG Si", "Tế0/ sj) lư" on a university's seal), not prose that ends the block.
SEAL_SCRAP_CHARS = 12


def _find_name(
    all_lines: list[Line], after: int
) -> tuple[str, tuple[int, int], str, list[tuple[int, int, str]]] | None:
    """The signer's name in the lines after line index `after`, skipping noise and recipients."""
    marks: list[tuple[int, int, str]] = []
    prose = 0
    for line in all_lines[after + 1 : after + 16]:
        if not line.stripped:
            continue
        whole = whole_line_name(line.text)
        if whole:
            name, s, e = whole
            return name, (line.start + s, line.start + e), line.text[s:e], marks
        trailing = _trailing_name(line.text)
        if trailing:
            name, s, e = trailing
            return name, (line.start + s, line.start + e), name, marks
        flattened = _flattened_name(line.text)
        if flattened:
            name, s, e = flattened
            return name, (line.start + s, line.start + e), line.text[s:e], marks
        if _is_mark(line.stripped):
            cleaned, lead = _clean(line.text)
            marks.append((line.start + lead, line.start + lead + len(cleaned), cleaned))
            continue
        if _is_noise(line.stripped) or _is_list_line(line.text) or len(line.stripped) <= SEAL_SCRAP_CHARS:
            continue
        if line.stripped.endswith((",", ";")) and len(line.stripped) <= 80:
            continue  # a wrapped recipient line of an interleaved Nơi nhận block
        prose += 1
        if prose > 2 or len(line.stripped) > 80:
            return None
    return None


def _seal_stroke_under_title(cleaned: str, above: Piece) -> bool:
    """A lone one- or two-letter line under a complete title ("CHỦ TỊCH" / "TY", "THỨ TRƯỞNG" /
    "TA"): the seal or the signature read as capitals, not a wrapped title line."""
    letters = LETTER_RUN.findall(cleaned)
    return (
        len(cleaned.split()) == 1
        and sum(map(len, letters)) <= 2
        and fold(above.rest) in _folded_titles()
    )


@cache
def _levels() -> frozenset[str]:
    return frozenset(fold(w) for w in load_table("body_names")["levels"])


def _seal_place_under_title(cleaned: str, above: Piece) -> bool:
    """A short line opening with an administrative level under a complete title ("CHỦ TỊCH" /
    "PHƯỜNG HẢI"): the seal's ring naming the body's place, OCR'd beside the title, not a wrapped
    title line (titles name no place)."""
    words = fold(cleaned).split()
    if not words or len(words) > 4 or fold(above.rest) not in _folded_titles():
        return False
    return words[0] in _levels() or " ".join(words[:2]) in _levels()


def _garbled_deputy(cleaned: str, above: Piece) -> str | None:
    """The signer's title under a prefixed line that the seal garbled in its middle ("KT. GIÁM ĐỐC"
    / "PHÓ G¡^4 ĐỐC", "T/M BAN THƯỜNG VỤ" / "PHÓ 9' THƯ"). Who signs KT. for a head is that head's
    deputy (Nghị định 30/2020, Điều 13); under another prefix, the one title of the table that opens
    and closes as the line does, with OCR's debris between and as many words."""
    if above.authority is None:
        return None
    cleaned = cleaned.lstrip("-–•*.' ")  # the seal's stroke read as a dash before the line
    middle = cleaned.split()[1:-1]
    if not middle or _reads_as_words(" ".join(middle)):
        return None  # a title of its own ("PHÓ TRƯỞNG PHÒNG"), not debris
    got = fold(cleaned).split()
    if above.authority == "KT" and fold(above.rest) in _folded_titles():
        candidates = [deputy_of(above.rest)]
    else:
        candidates = [t for t in _title_forms() if len(t.split()) == len(got)]
    hits = {t for t in candidates if len(t.split()) >= 3 and _same_ends(fold(t).split(), got)}
    return hits.pop() if len(hits) == 1 else None


def _same_ends(want: list[str], got: list[str]) -> bool:
    return len(got) >= 2 and got[0] == want[0] and got[-1] == want[-1]


def _completes_title(cleaned: str, above: Piece) -> bool:
    """A short word the narrow signature column wrapped off a title ("PHÓ CHỦ NHIỆM THƯỜNG" /
    "TRỰC"): too short to pass as print on its own, but with the line above it a known title."""
    return (
        bool(cleaned)
        and len(cleaned.split()) <= 2
        and fold(above.rest) not in _folded_titles()
        and fold(f"{above.rest} {cleaned}") in _folded_titles()
    )


@cache
def _folded_titles() -> frozenset[str]:
    """Every plain title, folded ("thu truong" stands for both THỨ TRƯỞNG and THỦ TRƯỞNG)."""
    return frozenset(fold(form) for form in _title_forms())


@cache
def _title_forms() -> tuple[str, ...]:
    """Every plain title as printed: heads, modifier + head, and either with a suffix
    ("PHÓ BÍ THƯ THƯỜNG TRỰC")."""
    table = load_table("signing_prefixes")
    heads = [h.upper() for h in table["title_heads"]]
    mods = [m.upper() for m in table["title_modifiers"] if not m.endswith(".")]
    plain = heads + [f"{m} {h}" for m in mods for h in heads]
    return tuple(plain + [f"{t} {s.upper()}" for t in plain for s in table["title_suffixes"]])


def _clusters(all_lines: list[Line], text: str) -> list[tuple[list[Piece], list[tuple[int, int]]]]:
    """Runs of signature pieces: a prefixed or title line, then more pieces, allowing blank
    lines, seal noise (the seal's ring text among it, returned as spans) and (interleaved
    layouts) recipient lines between them."""
    clusters: list[tuple[list[Piece], list[tuple[int, int]]]] = []
    i = 0
    while i < len(all_lines):
        firsts = _line_pieces(all_lines[i], i)
        if not firsts:
            i += 1
            continue
        cluster = firsts
        ring: list[tuple[int, int]] = []
        others = list_lines = 0
        j = i + 1
        while j < len(all_lines) and others <= 4:
            line = all_lines[j]
            if not line.stripped:
                j += 1
                continue
            found = _line_pieces(line, j)
            piece = found[0] if found else None
            if piece is None and is_ring_fragment(line.text, text):
                ring.append((line.start + len(line.text) - len(line.text.lstrip()), line.end))
                others += 1
                j += 1
                continue
            if piece is None and cluster[-1].whole_line and cluster[-1].line_no >= j - 1:
                cleaned, lead = _clean(line.text)
                deputy = _garbled_deputy(cleaned, cluster[-1])
                if deputy is not None:
                    # "KT. GIÁM ĐỐC" / "PHÓ G¡^4 ĐỐC": the seal over the deputy's title
                    start = line.start + lead
                    piece = Piece(start, start + len(cleaned), deputy, None, deputy, True, True, j)
                elif _completes_title(cleaned, cluster[-1]) or (
                    not _seal_stroke_under_title(cleaned, cluster[-1])
                    and not _seal_place_under_title(cleaned, cluster[-1])
                    and not _is_noise(cleaned)
                    and _is_caps_text(cleaned)
                    and not LIST_ITEM.match(line.text)
                    and len(cleaned) <= 70
                    and _reads_as_words(cleaned)
                ):
                    # a wrapped title line: "CÔNG TÁC TUYÊN TRUYỀN"
                    start = line.start + lead
                    piece = Piece(start, start + len(cleaned), cleaned, None, cleaned, False, True, j)
            if piece is not None:
                cluster.extend(found or [piece])
                others = 0
            elif whole_line_name(line.text):
                break
            elif _is_list_line(line.text) and list_lines < 30:
                list_lines += 1  # the Nơi nhận list between the prefix and the title (column order)
            elif _is_noise(line.stripped):
                others += 1
            else:
                break
            j += 1
        clusters.append((cluster, ring))
        i = cluster[-1].line_no + 1
    return clusters


@lru_cache(maxsize=4)
def locate(text: str) -> SignatureBlock | None:
    """The most plausible signature block of the main document, or None. Blocks of an attached
    document (after a second Quốc hiệu) count only when the main document has no complete block.

    Cached (the block is frozen): the signer and the recipients (which blank it out) both ask
    about the same text; the clusters are found once for both passes."""
    all_lines = list(lines(text))
    clusters = _clusters(all_lines, text)
    attachment = attachment_start(text)
    if attachment is not None:
        main = _locate(all_lines, text, clusters, attachment)
        if main is not None and main.name is not None:
            return main
    return _locate(all_lines, text, clusters, None) or _lone_name(all_lines, attachment)


# How far below the start of the "Nơi nhận:" block a lone name may stand (lines): the copies list
# and the signature column beside it, read one after the other.
LONE_NAME_REACH = 25


def _lone_name(all_lines: list[Line], before: int | None) -> SignatureBlock | None:
    """The signer's name standing alone after the "Nơi nhận:" block when the seal hid the title
    above it ("GA: AỐC" for "GIÁM ĐỐC" under the red ring) and no prefix was printed (class: scans
    whose title the seal covers): the last line there that is a personal name, not a copy."""
    end_matter = _end_matter_start(all_lines)
    if end_matter is None:
        return None
    first = next(i for i, line in enumerate(all_lines) if line.start >= end_matter)
    found = None
    for line in all_lines[first : first + LONE_NAME_REACH]:
        if before is not None and line.start >= before:
            break
        if not line.stripped or _is_list_line(line.text) or line_starts_with(line.text, "noi_nhan"):
            continue
        named = whole_line_name(line.text)
        if named is not None:
            name, start, end = named
            found = SignatureBlock((), (), name, (line.start + start, line.start + end), line.text.strip())
    return found


def _end_matter_start(all_lines: list[Line]) -> int | None:
    """Where the "Nơi nhận:" block begins: what follows it is the signature and the copies."""
    return next((line.start for line in all_lines if line_starts_with(line.text, "noi_nhan")), None)


def _locate(
    all_lines: list[Line], text: str, clusters: list[tuple[list[Piece], list[tuple[int, int]]]], before: int | None
) -> SignatureBlock | None:
    best: tuple[tuple[int, int], SignatureBlock] | None = None
    end_matter = _end_matter_start(all_lines)
    for cluster, ring in clusters:
        if before is not None and cluster[0].start >= before:
            continue
        found = _find_name(all_lines, cluster[-1].line_no)
        has_prefix = any(p.authority for p in cluster)
        late = cluster[0].start >= len(text) * 0.3
        # A bare title with no readable name (a red or handwritten name stamp) is the signer's
        # title only after the "Nơi nhận:" block, where nothing but the signature stands.
        closing = end_matter is not None and cluster[0].start > end_matter and cluster[0].whole_line
        if not found and not has_prefix and not closing:
            continue
        if not found and not late:
            continue
        # a biên bản's secretary signs beside the chair: the chair's block is the one that counts
        score = 3 * bool(found) + has_prefix + late - _records(cluster)
        if found:
            name, span, printed, marks = found
            block = SignatureBlock(tuple(cluster), tuple(marks), name, span, printed, tuple(ring))
        else:
            block = SignatureBlock(tuple(cluster), (), None, None, None, tuple(ring))
        key = (score, cluster[0].start)
        if best is None or key >= best[0]:
            best = (key, block)
    return best[1] if best else None


@cache
def _recorder_titles() -> frozenset[str]:
    return frozenset(fold(t) for t in load_table("signing_prefixes")["recorder_titles"])


def _records(cluster: list[Piece]) -> bool:
    """Is this the minute-taker's block ("THƯ KÝ" alone, not "TỔNG THƯ KÝ")?"""
    return " ".join(fold(p.text) for p in cluster).strip() in _recorder_titles()


@cache
def _canonical_titles() -> dict[str, str]:
    """Folded form → printed form of every plain title ('pho chanh van phong' → 'PHÓ CHÁNH VĂN PHÒNG')."""
    by_fold: dict[str, list[str]] = {}
    for form in _title_forms():
        by_fold.setdefault(fold(form), []).append(form)
    # "THỨ TRƯỞNG" and "THỦ TRƯỞNG" fold alike: a folded form that two titles share restores
    # neither. Two spellings of one title ("CHÍNH ỦY", "CHÍNH UỶ": the tone placed on another
    # vowel) are one title: the first listed is kept.
    return {k: v[0] for k, v in by_fold.items() if len({_spelling(f) for f in v}) == 1}


def _spelling(title: str) -> tuple[tuple[str, str | None], ...]:
    """The title's syllables as (letters, tone), blind to where the tone mark sits."""
    return tuple(split_tone(word)[:2] for word in title.split())


def _restore(title: str | None) -> str | None:
    """A plain title OCR printed with lost or wrong diacritics, restored ('CHU TỊCH' → 'CHỦ TỊCH')."""
    if title is None:
        return None
    return _canonical_titles().get(fold(title), title)


@cache
def _canonical_collectives() -> dict[str, str]:
    """Folded form → printed form of the collectives a "TM." line names ('ban thuong truc')."""
    by_fold: dict[str, list[str]] = {}
    for form in load_table("signing_prefixes")["collective_bodies"]:
        by_fold.setdefault(fold(form), []).append(form.upper())
    return {k: v[0] for k, v in by_fold.items() if len(set(v)) == 1}


def _restore_governed(line: str | None) -> str | None:
    """The line a prefix governs: a title ("KT. CHỦ TỊCH") or a collective ("TM. BAN THƯỜNG VỤ")."""
    if line is None:
        return None
    return _canonical_collectives().get(fold(line)) or _restore(line)


def deputy_of(head: str) -> str:
    """The title of who signs "KT." for `head` ("GIÁM ĐỐC" → "PHÓ GIÁM ĐỐC", "BỘ TRƯỞNG" → "THỨ TRƯỞNG")."""
    table = load_table("signing_prefixes")
    upper = head.upper()
    return table["deputy_titles"].get(upper) or f"{table['deputy_prefix']} {upper}"


def _split_groups(pieces: tuple[Piece, ...]) -> list[list[Piece]]:
    """Title lines separated by a blank line are separate groups (a second title of the same
    person, e.g. 'PHÓ VIỆN TRƯỞNG VKSND TỐI CAO' under a committee title)."""
    groups: list[list[Piece]] = []
    for piece in pieces:
        if (
            groups
            and groups[-1][-1].whole_line
            and piece.whole_line
            and piece.line_no > groups[-1][-1].line_no + 1
        ):
            groups.append([piece])
        elif groups:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _titles_of(group: list[Piece]) -> list[str]:
    """A title group without a signing prefix, cut where a line opens with a title word again:
    "TRƯỞNG BAN CHỈ ĐẠO / CÔNG TÁC TUYÊN TRUYỀN / NGÀNH KSND / PHÓ VIỆN TRƯỞNG VKSND TỐI CAO" is
    the signer's title and a second office, even with no blank line between them."""
    titles: list[list[str]] = []
    for piece in group:
        if not titles or (piece.is_head and piece.whole_line):
            titles.append([piece.rest])
        else:
            titles[-1].append(piece.rest)
    return [collapse(" ".join(t)) for t in titles]


def describe(block: SignatureBlock, notes: list[str] | None = None) -> dict[str, str | list[str] | None]:
    """The contract's signer value from a located block; what was inferred rather than read is
    noted in `notes`."""
    pieces = block.pieces
    authority = on_behalf_of = title = None
    others: list[str] = []
    groups = _split_groups(pieces)
    holder = next((g for g in reversed(groups) if any(p.authority for p in g)), None)
    if holder is not None:
        k = max(i for i, p in enumerate(holder) if p.authority)
        authority = holder[k].authority
        governed = [holder[k].rest]
        own: list[str] = []
        for piece in holder[k + 1 :]:
            if not own and not piece.is_head:
                governed.append(piece.rest)  # a wrapped governed line: "KT. GIÁM ĐỐC SỞ / VÀ ĐÀO TẠO"
            else:
                own.append(piece.rest)
        on_behalf_of = collapse(" ".join(governed))
        later = groups[groups.index(holder) + 1 :]
        if not own and later:
            own = [p.rest for p in later[0]]
        title = collapse(" ".join(own)) or None
        if authority == "Q" and title is None:
            # "Q. GIÁM ĐỐC" (quyền, Nghị định 30 Điều 13): the signer acts in that office, so the
            # line is both the title held and the line the prefix governs (the contract's
            # on_behalf_of); two blind gold writers read it so.
            title = on_behalf_of
        if authority == "KT" and title and on_behalf_of and fold(title) == fold(on_behalf_of):
            # "KT. GIÁM ĐỐC / GIÁM ĐỐC": the seal hid "PHÓ"; who signs KT. is the deputy.
            title = deputy_of(_restore(on_behalf_of) or on_behalf_of)
            if notes is not None:
                notes.append(field_warning("signer", f"chức vụ dưới 'KT.' đọc là '{on_behalf_of}'; lấy là '{title}'"))
    elif groups:
        titles = _titles_of(groups[0])
        if len(titles) > 1 and fold(titles[0]) in _meeting_roles():
            # "CHỦ TRÌ CUỘC HỌP" / "GIÁM ĐỐC" over a biên bản's chair: the office is the title, the
            # role at the meeting another (class: biên bản of hospitals, schools, agencies)
            titles = [*titles[1:], titles[0]]
        title = titles[0]
        others.extend(titles[1:])
    others.extend(collapse(" ".join(p.rest for p in g)) for g in groups[1:] if holder is None)
    block_lines = [p.text for p in pieces] + [m for _, _, m in block.marks]
    if block.name_line:
        block_lines.append(block.name_line)
    return {
        "name": block.name,
        "title": _restore(title),
        "authority": authority,
        "on_behalf_of": _restore_governed(on_behalf_of),
        "signature_block": "\n".join(block_lines) or None,
        "other_titles": [t for t in (_restore(o) for o in others) if t],
    }


@cache
def _meeting_roles() -> frozenset[str]:
    return frozenset(fold(r) for r in load_table("signing_prefixes")["meeting_roles"])


@cache
def _surnames_by_fold() -> dict[str, str]:
    return one_spelling_by_fold(load_table("signing_prefixes")["surnames"])


@cache
def _middle_names_by_fold() -> dict[str, str]:
    return one_spelling_by_fold(load_table("signing_prefixes")["middle_names"])


def _surname_snapped(name: str, notes: list[str], ocr: bool = True) -> str:
    """A surname whose tone the seal or the signature made OCR misread ("Phám Thị Tổ Như") takes
    its one spelling from the surname table ("Phạm"), and so does a surname or a middle name
    another tool's OCR left without marks in a name that kept them elsewhere ("Dang Minh Hiếu",
    "Trương Quoc Bảo"); a name read without any marks stays as read (the text lost them everywhere).
    Text that is not OCR (`ocr` false) gets only the marks a word lost: a printed tone stays."""
    words = name.split()
    if not words or fold(name) == name.lower():
        return name
    fixed = list(words)
    canonical = _surnames_by_fold().get(fold(words[0]))
    if canonical is not None and (ocr or fold(words[0]) == words[0].lower()):
        fixed[0] = canonical
    for i in range(1, len(words) - 1):
        if fold(words[i]) == words[i].lower():  # a middle name without marks: only those are slips
            fixed[i] = _middle_names_by_fold().get(fold(words[i]), words[i])
    if fixed == words:
        return name
    changed = ", ".join(f"'{a}' → '{b}'" for a, b in zip(words, fixed, strict=True) if a != b)
    notes.append(field_warning("signer", f"tên người ký đọc sai dấu; sửa theo bảng họ, tên đệm: {changed}"))
    return " ".join(fixed)


SPEC = ExtractorSpec("signer", ("signer",), order=80)


def extract(text: str, context: Context) -> Extraction:
    block = locate(text)
    if block is None:
        return Extraction()
    notes: list[str] = []
    value = describe(block, notes)
    if isinstance(value["name"], str):
        # another tool's OCR, repaired, slips a surname's tone the same way ("Nguyên Đức Thuận");
        # text that reads clean may still have lost a word's marks ("Trương Quoc Bảo")
        value["name"] = _surname_snapped(value["name"], notes, ocr=context.is_ocr or context.repaired)
    confidence = 0.9 if value["name"] and value["title"] and not notes else 0.5
    if not value["name"]:
        notes.append(field_warning("signer", "có khối chữ ký nhưng không thấy họ tên người ký"))
    warnings = tuple(notes)
    return Extraction(
        (Candidate("signer", value, block.start, block.end, "signer.block", confidence),), warnings
    )
