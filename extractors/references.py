"""References: the other documents a dispatch cites by number, once per distinct number.

A citation is a type word, "số", a number-and-symbol and an optional date:
"Kế hoạch số 01/KH-VKSTC ngày 05/01/2021", "Quyết định 596/QĐ-VKSTC ngày 20/12/2018",
"Kết luận số 18-KL/TW", "Luật Quy hoạch số 21/2017/QH14 ngày 24/11/2017". Lists share the type
word ("các Công văn: số 87/HĐND-KTNS ngày 15/5/2024, số 208/HĐND-KTNS …") and sometimes the date
("Quyết định số: 1743/QĐ-BGTVT, 1744/QĐ-BGTVT ngày 31/12/2024"). The kind comes from the type
word; a generic word ("văn bản") or a bare "số …" takes it from the symbol's type code (QĐ, KH,
NĐ …) or from the type word governing the list. A number without a symbol counts only in the full
form "Kế hoạch số 14 ngày 15/02/2024". The document's own number (header "Số:", or
`context.known["number"]`) is never a reference, not even in "Kèm theo Công văn số …", and
neither is a form's or an annex's number ("theo Mẫu số 01/PLIV", "Biểu số 02/BC"). An issued
document bundled after the main one (its own Quốc hiệu and number) is not read for citations.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.header import attachment_start, web_tail_start
from congvan.extractors.symbol import Symbol, parse
from congvan.extractors.textutil import collapse, fold, make_date, mend_letter_digits
from congvan.extractors.vocab import load_table

# A number and symbol, tolerating OCR/layout spaces and line breaks beside its joiners:
# "01/KH-VKSTC", "161/2024/NĐ-CP", "238-QĐ/TW", "05/CT –VKSTC-TCKS", "17/NQ- CP", "6138/UBND-\nKGVX".
NUMBER = regex.compile(
    r"""(?<![\w/.-])
        (?P<digits>\d{1,5}[a-z]?)
        (?P<symbol>
            (?:[ \t]*[/\-–—\u00ad\u2010\u2011\ufffe][ \t]*\n?[ \t]*
               (?:\p{Lu}[\p{L}\d&.]*?\p{Lu}[\p{L}\d&]*|\p{Lu}\d{1,3}|\d{4}))+
        )
        (?![\p{L}\d])""",
    regex.VERBOSE,
)

# The number alone after "số", for the full form with a date: "Kế hoạch số 14 ngày 15/02/2024".
BARE_NUMBER = regex.compile(r"(?P<digits>\d{1,5})(?=\s+ng[aà]y\s)")

# The date right after a number: "ngày 05/01/2021", ", ngày 16 tháng 4 năm 2021", "ngày 17/09/2024".
DATE_AFTER = regex.compile(
    r"""^[ \t,]*\n?[ \t]*ng[aà]y[ \t]*\n?[ \t]*
        (?:(?P<d>\d{1,2})[ \t]*[/.\-][ \t]*(?P<m>\d{1,2})[ \t]*[/.\-][ \t]*\n?[ \t]*(?P<y>\d{4})
          |(?P<d2>\d{1,2})[ \t\n]+th[aá]ng[ \t\n]+(?P<m2>\d{1,2})[ \t\n]+n[aă]m[ \t\n]+(?P<y2>\d{4}))""",
    regex.VERBOSE,
)

# What stands between a type word and its number, on folded text ending at the number:
# "quyet dinh so: ", "cong van: so ", "chi thi ", "ke hoach so ".
LEAD = regex.compile(r"(?:\s*:?\s*\b(?P<so>so)\s*:?\s*|\s*:\s*|\s+)$")

# A short title between a type word and "số": "luat quy hoach" in "Luật Quy hoạch số 21/2017/QH14".
TITLE_WORDS = regex.compile(r"(?:[^\W\d_]+\s+){1,6}[^\W\d_]+$")

# "số" (any case, OCR "sô"/"so") right before a number, on folded text.
SO_BEFORE = regex.compile(r"\bso\s*:?\s*$")

# A list going on after a number that has no date: "1743/QĐ-BGTVT, 1744/…", "… và 1744/…".
LIST_NEXT = regex.compile(r"^\s*(?:,|va\b|&)")

# A list continuing after a reference: ", ", "; ", " và ", ", số " — on folded text.
LIST_JOIN = regex.compile(r"^\s*(?:[,;]|\bva\b|&)\s*(?:(?:va|cac)\s+)?(?:\bso\b\s*:?\s*)?$")

# The header's own-number line: "Số: 4515 /VKSTC-T5", "Số: **927** /VKSTC-V16".
HEADER_NUMBER = regex.compile(r"^\W{0,4}s[oốô]\s*:", regex.IGNORECASE)


@dataclass(frozen=True)
class _Kinds:
    words: regex.Pattern[str]  # folded type words, longest first, ending at a word boundary
    by_word: dict[str, str | None]  # folded word → kind (None: generic, the symbol decides)
    codes: dict[str, str]
    law: str
    default: str
    form_lead: regex.Pattern[str]  # folded, ending where a form's own number starts


@cache
def kinds() -> _Kinds:
    table = load_table("reference_kinds")
    by_word: dict[str, str | None] = {fold(w): k for w, k in table["words"].items()}
    by_word.update({fold(w): None for w in table["generic_words"]})
    forms = "|".join(
        r"\s+".join(regex.escape(part) for part in fold(w).split())
        for w in sorted(table["form_words"], key=len, reverse=True)
    )
    # a type word may be wrapped across lines: "Công\nvăn số 4643/UBND-KGVX"
    alternation = "|".join(
        r"\s+".join(regex.escape(part) for part in w.split()) for w in sorted(by_word, key=len, reverse=True)
    )
    return _Kinds(
        regex.compile(rf"(?<![a-z])(?P<word>{alternation})(?![a-z])"),
        by_word,
        dict(table["symbol_codes"]),
        table["law_symbol"],
        table["default_kind"],
        # "theo mau so 01/pliv ", "bieu mau: ", "phu luc so " right before the number
        regex.compile(rf"(?<![a-z])(?:{forms})\s*(?:\bso\b)?\s*:?\s*$"),
    )


def normalise_number(printed: str) -> str:
    """'05/CT –VKSTC-TCKS' → '05/CT-VKSTC-TCKS'; '6138/UBND-\\nKGVX' → '6138/UBND-KGVX'."""
    return regex.sub(r"[–—\u00ad\u2010\u2011\ufffe]", "-", regex.sub(r"\s+", "", printed))


def _code_kind(number: str) -> str | None:
    """The kind the symbol's type code names: '01/KH-VKSTC' → ke_hoach, '21/2017/QH14' → luat."""
    k = kinds()
    tokens = [t for t in regex.split(r"[/-]", number)[1:] if t and not t.isdigit()]
    if not tokens:
        return None
    if len(tokens) >= 2 and f"{tokens[0]}-{tokens[1]}" in k.codes:
        return k.codes[f"{tokens[0]}-{tokens[1]}"]
    if regex.fullmatch(rf"{k.law}\d+", tokens[0]):
        return "luat"
    return k.codes.get(tokens[0])


@dataclass
class _Ref:
    kind: str
    number: str
    date: str | None
    start: int  # start of the citation text ("Kế hoạch số …" or "số …")
    number_end: int
    end: int  # end of the citation text (after the date, if any)
    shares_date_from: int | None = None  # start of the list whose date this number takes


def _sentence_start(folded: str, pos: int) -> int:
    """Start of the clause holding `pos` (after the last '. ' or blank line), for the list kind."""
    window_start = max(0, pos - 900)
    cut = max(folded.rfind(". ", window_start, pos), folded.rfind("\n\n", window_start, pos))
    return cut + 1 if cut >= 0 else window_start


def _own_numbers(text: str, context: Context) -> set[str]:
    own: set[str] = set()
    known = context.known.get("number")
    if isinstance(known, str) and known:
        own.add(normalise_number(known))
    for line in text.splitlines()[:40]:
        if HEADER_NUMBER.match(line):
            match = NUMBER.search(line.replace("*", ""))
            if match:
                own.add(normalise_number(match.group(0)))
    return own


def _header_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for k, line in enumerate(text.split("\n")):
        if k < 40 and HEADER_NUMBER.match(line):
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


# "Số: 620 /VP-KSTTHC", "Số: 1460 /QĐ-SYT": an issued number (digits) on an attachment's own
# "Số:" line, near its Quốc hiệu (before it where the columns come one after the other); a draft
# leaves it blank ("Số:\n/2025/NQ-HĐND").
ATTACHED_NUMBER = regex.compile(r"(?mi)^\W{0,4}s[oốô6]\s*:\s*\d")
ATTACHED_HEAD_LINES = (6, 12)  # lines before and after the attachment's Quốc hiệu


def _main_end(text: str) -> int:
    """End of the main document for citations. A bundled, already issued document (after a
    second Quốc hiệu, with its own number: a decision or dispatch attached for reference) cites
    its own sources, which are not the record's; it ends the main one at its header. A draft
    attached to a tờ trình (its number left blank for the issuing body) is the proposal itself:
    its "Căn cứ" citations stay."""
    tail = web_tail_start(text)
    if tail is not None:
        return tail  # a website's sections after a copied dispatch cite decrees of their own
    start = attachment_start(text)
    if start is None:
        return len(text)
    before, after = ATTACHED_HEAD_LINES
    lo = start
    for _ in range(before):
        prev = text.rfind("\n", 0, max(lo - 1, 0))
        lo = prev + 1 if prev >= 0 else 0
    hi = start
    for _ in range(after):
        nxt = text.find("\n", hi + 1)
        hi = nxt if nxt >= 0 else len(text)
    number = ATTACHED_NUMBER.search(text, lo, hi)
    return min(start, number.start()) if number else len(text)


def _date_after(text: str, pos: int) -> tuple[str | None, int]:
    match = DATE_AFTER.match(text[pos : pos + 60])
    if not match:
        return None, pos
    d, m, y = (
        (match.group("d"), match.group("m"), match.group("y"))
        if match.group("d")
        else (match.group("d2"), match.group("m2"), match.group("y2"))
    )
    found = make_date(y, m, d)
    return (found.isoformat() if found else None), pos + match.end()


def _find(text: str) -> list[_Ref]:
    folded = fold(text)
    word_ends = {m.end(): m for m in kinds().words.finditer(folded)}
    refs: list[_Ref] = []
    previous: _Ref | None = None
    for start, number_end in _numbers(text, folded):
        if kinds().form_lead.search(folded, max(0, start - 40), start):
            continue  # a form's or an annex's number ("Mẫu số 01/PLIV"), not a cited document
        number = normalise_number(text[start:number_end])
        has_symbol = "/" in number or "-" in number
        kind, text_start = _typed_lead(folded, start, word_ends)
        if kind is None:
            if not has_symbol:
                continue  # "số 14 ngày …" counts only under a type word
            before = folded[max(0, start - 12) : start]
            so = SO_BEFORE.search(before)
            joined = previous is not None and LIST_JOIN.match(folded[previous.end : start]) is not None
            if not joined and so is None:
                continue  # a number-like string no type word or "số" introduces
            kind = (
                _code_kind(number)
                or (previous.kind if joined and previous is not None else None)
                or _governing_kind(folded, start, refs)
                or kinds().default
            )
            text_start = start - (len(before) - so.start()) if so else start
        elif kind == "":
            kind = _code_kind(number) or kinds().default  # a generic word: "văn bản số 123/UBND-KT"
        date, end = _date_after(text, number_end)
        ref = _Ref(kind, number, date, text_start, number_end, end)
        if date is None and LIST_NEXT.match(folded[number_end : number_end + 8]):
            ref.shares_date_from = text_start
        refs.append(ref)
        previous = ref
    _share_dates(refs)
    return refs


def _numbers(text: str, folded: str) -> list[tuple[int, int]]:
    """Spans of numbers: with a symbol anywhere, or bare after 'số' with a date following."""
    spans = [(m.start(), m.end()) for m in NUMBER.finditer(text)]
    for m in BARE_NUMBER.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        if SO_BEFORE.search(folded[max(0, m.start() - 8) : m.start()]):
            spans.append((m.start(), m.end()))
    return sorted(spans)


def _typed_lead(folded: str, start: int, word_ends: dict[int, regex.Match[str]]) -> tuple[str | None, int]:
    """(kind, citation start) when a type word leads the number, directly ('Quyết định số: …',
    'Chỉ thị 06/…') or through a short title before 'số' ('Luật Quy hoạch số …'); the kind is ''
    for a generic word ('văn bản') and None when no type word leads."""
    before = folded[max(0, start - 80) : start]
    lead = LEAD.search(before)
    if lead is None:
        return None, start
    word_end = start - len(lead.group(0))
    word = word_ends.get(word_end)
    if (
        word is None
        and lead.group("so")
        and (title := TITLE_WORDS.search(folded[max(0, word_end - 60) : word_end]))
    ):
        title_start = word_end - len(title.group(0))
        inside = [w for e, w in word_ends.items() if title_start <= w.start() and e <= word_end]
        word = min(inside, key=lambda w: w.start()) if inside else None
    if word is None:
        return None, start
    kind = kinds().by_word[" ".join(word.group("word").split())]
    return (kind if kind is not None else ""), word.start()


def _governing_kind(folded: str, pos: int, earlier: list[_Ref]) -> str | None:
    """The kind of a bare 'số …' whose symbol names no type: that of the last earlier citation
    in the clause that was also typed by its word, not its symbol ('các Công văn: Số 1060/BTC-QLGCS
    … tại Nghị định số 103/2024/NĐ-CP …; số 1187/BTC-ĐT' → công văn); else the clause's last type word."""
    clause_start = _sentence_start(folded, pos)
    for ref in reversed(earlier):
        if ref.start < clause_start:
            break
        if _code_kind(ref.number) is None:
            return ref.kind
    found = list(kinds().words.finditer(folded[clause_start:pos]))
    if not found:
        return None
    return kinds().by_word[" ".join(found[-1].group("word").split())]


def _share_dates(refs: list[_Ref]) -> None:
    """'1743/QĐ-BGTVT, 1744/QĐ-BGTVT ngày 31/12/2024': numbers listed without a date take the
    date of the next one in the same list, and the citation text spans the list."""
    for k, ref in enumerate(refs):
        if ref.date is not None or ref.shares_date_from is None:
            continue
        j = k + 1
        while j < len(refs) and refs[j].date is None and refs[j].shares_date_from is not None:
            j += 1
        close = all(refs[i + 1].start - refs[i].number_end < 12 for i in range(k, min(j, len(refs) - 1)))
        if j < len(refs) and refs[j].date is not None and close:
            for i in range(k, j):
                refs[i].date, refs[i].end = refs[j].date, refs[j].end
            refs[j].start = ref.start


def _local_codes(own: set[str]) -> frozenset[str]:
    """Body codes of the document's own number ("ĐHVH" of 221/KH-ĐHVH): the issuer's own code,
    which its citations of its earlier documents repeat."""
    codes: set[str] = set()
    for number in own:
        parsed = parse(number)
        if isinstance(parsed, Symbol):
            codes.update(parsed.codes)
    return frozenset(codes)


# A code token as printed anywhere in the text: "GDTrH" in "Vụ GDTrH", "KT&ĐBCLGD" in "Lưu: VT, KT&ĐBCLGD".
CODE_TOKEN = regex.compile(r"(?<![\p{L}\d&])\p{Lu}[\p{L}\d&]*\p{Lu}[\p{L}\d&]*(?![\p{L}\d&])")
DOUBLED_D = regex.compile(r"[ĐD]Đ|Đ[ĐD]")


def _code_counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for m in CODE_TOKEN.finditer(text):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    return counts


def _one_case_slip(a: str, b: str) -> bool:
    """Same length, one letter apart, where the document's form has a small letter of a mixed-case
    code that OCR read as a capital ("GDTTH" for "GDTrH")."""
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and diff[0][0].isupper() and diff[0][1].islower()


def _consensus(number: str, counts: dict[str, int], warnings: list[str]) -> str:
    """A unit code OCR misread once is set right by the document's own, more frequent printing of
    it: "4612/BGDĐT-GDTTH" where the text prints "GDTrH" five times; "KT&ĐĐBCLGD" (a doubled Đ)
    where "KT&ĐBCLGD" is printed elsewhere. Only the codes after the first (units have no
    national table to check them against); a code printed twice or more stays as it is."""
    head, sep, codes = number.rpartition("/")
    if not sep:
        return number
    tokens = codes.split("-")
    fixed = list(tokens)
    for i, token in enumerate(tokens[1:], start=1):
        if counts.get(token, 0) >= 2:
            continue
        undoubled = {token[: m.start()] + "Đ" + token[m.end() :] for m in DOUBLED_D.finditer(token, overlapped=True)}
        options = [u for u in undoubled if counts.get(u, 0) >= 1]
        options += [c for c, n in counts.items() if n >= 2 and _one_case_slip(token, c)]
        if len(set(options)) == 1:
            fixed[i] = options[0]
    if fixed == tokens:
        return number
    value = f"{head}/{'-'.join(fixed)}"
    warnings.append(f"Số, ký hiệu văn bản dẫn chiếu sửa theo cách văn bản in ở chỗ khác: '{number}' → '{value}'")
    return value


def _grammar(number: str, warnings: list[str], local: frozenset[str] = frozenset()) -> str:
    """The number repaired against the symbol grammar ('19/CD-TTg' → '19/CĐ-TTg'); a bare number
    ('Kế hoạch số 14 ngày …') or one the grammar cannot place stays as printed."""
    if "/" not in number and "-" not in number:
        return number
    parsed = parse(number, local)
    if isinstance(parsed, Symbol) and parsed.value != number:
        warnings.append(f"Số, ký hiệu văn bản dẫn chiếu đã chuẩn hoá: '{number}' → '{parsed.value}'")
        return parsed.value
    return number


SPEC = ExtractorSpec("references", ("references",), requires=("number",), order=100)


def extract(text: str, context: Context) -> Extraction:
    if context.is_ocr or context.repaired:
        text = mend_letter_digits(text)  # "ngày 12/4/2O25" of a citation
    own = _own_numbers(text, context)
    local = _local_codes(own)
    counts = _code_counts(text) if context.is_ocr else {}
    header = _header_spans(text)
    candidates: list[Candidate] = []
    warnings: list[str] = []
    seen: set[str] = set()
    end = _main_end(text)
    refs = [
        r
        for r in _find(text[:end])
        if r.number not in own and not any(s <= r.start < e for s, e in header)
    ]
    for ref in refs:
        if ref.number in seen:
            continue
        seen.add(ref.number)
        number = _grammar(ref.number, warnings, local)
        if counts:
            number = _consensus(number, counts, warnings)
        if number in own or (number != ref.number and number in seen):
            continue
        seen.add(number)
        date = ref.date or next((r.date for r in refs if r.number == ref.number and r.date), None)
        printed = collapse(regex.sub(r"[-–\u00ad\ufffe]\s*\n\s*", "-", text[ref.start : ref.end]))
        value = {
            "kind": ref.kind,
            "number": number,
            "date": date,
            "text": printed,
            "evidence": {"start": ref.start, "end": ref.end},
        }
        confidence = 0.9 if "/" in ref.number or "-" in ref.number else 0.7
        if number != ref.number:
            confidence -= 0.1
        candidates.append(
            Candidate("references", value, ref.start, ref.end, "references.citation", confidence)
        )
    return Extraction(tuple(candidates), tuple(warnings))
