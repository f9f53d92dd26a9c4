"""Issuing body (tên cơ quan ban hành) and the governing body printed above it.

The top-left header block names one or two bodies, each possibly wrapped over several lines:
"VIỆN KIỂM SÁT NHÂN DÂN / TỐI CAO / BAN CHỈ ĐẠO CÔNG TÁC / TUYÊN TRUYỀN NGÀNH KSND" is the
parent "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO" and the issuer "BAN CHỈ ĐẠO … NGÀNH KSND". A line that
opens with a body head word (BAN, SỞ, PHÒNG … in governing_bodies.json) starts a new body; any
other line completes the one above. When the header is lost, a generic body sentence
("<Viện kiểm sát nhân dân tỉnh X> xây dựng kế hoạch") gives a low-confidence issuer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.canonical import (
    PENALTY,
    LocalNames,
    Snap,
    province_named,
    snap_body,
    snap_district_body,
    snap_place,
)
from congvan.extractors.doctype import DISPATCH_THRESHOLD, dispatch_score
from congvan.extractors.header import (
    Header,
    Segment,
    analyse,
    gazette_heading,
    running_header_lines,
    spaced_title,
)
from congvan.extractors.landmarks import SO_LABEL, SO_LABEL_BARE, VV_LABEL
from congvan.extractors.number import RECEIVING_STAMP, printed_number
from congvan.extractors.textutil import collapse, fold, one_spelling_by_fold
from congvan.extractors.titles import title_line
from congvan.extractors.vocab import load_table
from congvan.schemas.fields import field_warning

# Column rules, stray OCR marks and list dashes around a header line: "- SỞ GIÁO DỤC VÀ ĐÀO TẠO.",
# "UBND THÀNH PHỐ ĐÀ NẴNG _".
EDGE_JUNK = " \t-–—_.,;:|•~'\"`"
# A district name snapped within the province the header names: looser than a province or central body.
DISTRICT_PENALTY = 0.05
# A wrapped line ending in a connector always continues on the next line: "SỞ GIÁO DỤC VÀ".
TRAILING_CONNECTOR = regex.compile(r"(?:\b(?:va|cua|ve)|[-–&,])\s*$", regex.VERBOSE)


@dataclass(frozen=True)
class BodyVocab:
    heads: regex.Pattern[str]  # folded line start that opens a body
    head_only: regex.Pattern[str]  # folded line that is nothing but a head phrase ("uy ban nhan dan")
    continuation: regex.Pattern[str]  # folded line start that continues despite a head word
    standalone: frozenset[str]
    branch: regex.Pattern[str]  # folded line start of a branch named after its institution
    sentence: regex.Pattern[str]  # "<body> xây dựng kế hoạch" in folded body text
    marked_non_heads: tuple[str, ...]  # upper case, with marks: "VIỄN THÔNG" is no "VIỆN"


@cache
def vocab() -> BodyVocab:
    table = load_table("governing_bodies")
    heads = sorted({spaced_title(h) for h in table["unit_heads"]}, key=len, reverse=True)
    head_alt = "|".join(heads)
    cont = "|".join(spaced_title(c) for c in table["continuation_starts"])
    verbs = "|".join(spaced_title(v) for v in sorted(table["body_verbs"], key=len, reverse=True))
    return BodyVocab(
        heads=regex.compile(rf"^(?:{head_alt})(?![\p{{L}}\d])"),
        head_only=regex.compile(rf"^(?:{head_alt})$"),
        continuation=regex.compile(rf"^(?:{cont})(?![\p{{L}}\d])"),
        standalone=frozenset(fold(b) for b in table["standalone_bodies"]),
        branch=regex.compile(rf"^(?:{'|'.join(spaced_title(b) for b in table['branch_heads'])})(?![\p{{L}}\d])"),
        sentence=regex.compile(
            rf"(?<![\p{{L}}\d])(?P<body>(?:{head_alt})(?![\p{{L}}\d])[^,.;:\n()]{{0,60}}?)\s+(?:{verbs})(?![\p{{L}}\d])"
        ),
        marked_non_heads=tuple(table["marked_non_heads"]),
    )


# A body's name that ends with the country's is whole: "TẬP ĐOÀN BƯU CHÍNH / VIỄN THÔNG VIỆT NAM",
# "NGÂN HÀNG NHÀ NƯỚC / VIỆT NAM"; the next line is the unit under it ("VIỄN THÔNG HUẾ"), unless it
# names a level of the same body ("ỦY BAN MTTQ VIỆT NAM / XÃ LƯƠNG MINH").
NATIONAL_NAME_END = regex.compile(r"\bviet\s+nam\s*$")

# A party committee named without its place, alone on a header line: "TỈNH ỦY", "HUYỆN ỦY".
BARE_PARTY_COMMITTEE = regex.compile(r"^(?:tinh|thanh|huyen|quan|thi|dang)\s+uy\W*$")

# A receiving stamp's number field, folded, as OCR reads a stamp above the header: a bare number with
# no symbol ("Số: 2007", "So: 1740"); the document's own "Số: 1520/CAT-PV01" carries its symbol.
STAMP_NUMBER_FIELD = regex.compile(r"^\W*s[o6]\s*[:.]?\s*\d{1,5}\s*$")

# The rule printed under the issuer's name, with a seal's letters read across it: "——S ĐẠI HỌC TAY".
# What follows the rule on that line is stamp debris, and the issuer block ends at the rule.
RULE_UNDER_ISSUER = regex.compile(r"^\s*[—–\-─━_=]{2,}\s*\S")


def _is_upper(text: str) -> bool:
    letters = regex.sub(r"\P{L}", "", text)
    return len(letters) >= 3 and sum(ch.isupper() for ch in letters) >= 0.75 * len(letters)


# The number line when OCR garbled its "Số:" or a text layer lost the number: a short line that
# ends in a document symbol, "Sé: đ44/TB-ĐHTĐ", "-HD/BTCTU" (a party number stamped as a picture).
# No body's name ends in "/CODE".
NUMBER_LINE = regex.compile(r"^\W*(?:\S+\s+){0,2}\S*/\s?\p{Lu}[\p{Lu}\d&]*(?:-[\p{Lu}\d&.]+)*\W*$")


def _ends_left_block(header: Header, seg: Segment) -> bool:
    folded = header.folded_of(seg)
    return bool(
        SO_LABEL.search(folded)
        or SO_LABEL_BARE.match(folded)
        or VV_LABEL.match(folded)
    )


# The words of the Quốc hiệu, folded: a piece of it OCR read twice is no body's name.
QUOC_HIEU_WORDS = frozenset(["cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam"])


def _quoc_hieu_echo(segments: tuple[Segment, ...] | list[Segment], index: int, header: Header) -> bool:
    """A plain line of Quốc hiệu words alone between the Quốc hiệu and the motto ("CỘNG HÒA XÃ HỘI
    CHỦ NGHĨA VIỆT NAM" / "NAM" / "Độc lập - Tự do - Hạnh phúc"): a scan's OCR read a piece of it
    twice; joined to the issuer above, it gave "TÒA ÁN NHÂN DÂN TỈNH GIA LAI NAM"."""
    if not 0 < index < len(segments) - 1:
        return False
    if segments[index - 1].kind != "quoc_hieu" or segments[index + 1].kind != "quoc_hieu":
        return False
    words = header.folded_of(segments[index]).split()
    return 0 < len(words) <= 3 and all(w in QUOC_HIEU_WORDS for w in words)


def left_block(header: Header) -> list[tuple[str, int, int]]:
    """Cleaned issuer lines (text, start, end) of the top-left block, above "Số:" / "V/v" / title."""
    title = title_line(header)
    stop_at = title[1] if title else None
    running = running_header_lines(header)
    out: list[tuple[str, int, int]] = []
    segments = header.segments
    for index, seg in enumerate(segments):
        if stop_at is not None and seg.start >= stop_at:
            break
        if seg.kind != "plain" or seg.start in running:
            continue
        if _quoc_hieu_echo(segments, index, header):
            continue  # "NAM" that OCR read again between the Quốc hiệu and the motto
        if RECEIVING_STAMP.search(header.folded_of(seg)):
            continue  # "CÔNG VĂN ĐẾN Số: … Ngày: …" stamped above the header: its "Số:" ends nothing
        if not out and STAMP_NUMBER_FIELD.match(header.folded_of(seg)):
            continue  # "CÔNG VĂN ĐẾN / Số: 2007 / Ngày: 15/9" stamped above the header, read as text
        if _ends_left_block(header, seg) or RULE_UNDER_ISSUER.match(seg.text):
            break
        if out and NUMBER_LINE.match(seg.text):
            break  # under the issuer's lines (a web page's "Số hiệu: …" above them is no header)
        if not _is_upper(seg.text):
            continue
        text = seg.text.strip(EDGE_JUNK)
        if not text or _speck_line(text, seg.text):
            continue
        start = seg.start + seg.text.index(text)
        end = start + len(text)
        hyphen = HYPHEN_AT_LINE_END.search(seg.text)
        if hyphen is not None and text[-1:].isalnum():
            # "TÒA ÁN NHÂN DÂN KHU VỰC 3-" / "HÀ NỘI": the name's own dash, kept for the join
            text, end = f"{text} -", seg.start + hyphen.end()
        out.append((text, start, end))
    return out


# A regional body's dash ending a wrapped header line, after its number: "TÒA ÁN NHÂN DÂN KHU VỰC 3-"
# / "HÀ NỘI" (the 2025 courts and procuracies: "Khu vực N - <place>"). After a word, a dash may be
# the rule under the name, so only a number's counts.
HYPHEN_AT_LINE_END = regex.compile(r"(?<=\d)\s?[-–]\s*$")
# Specks and rule residue read as a short word in the header column: "SEN :", "ho".
SPECK_MAX_LETTERS = 3


def _speck_line(text: str, printed: str) -> bool:
    """A lone short token (three letters or fewer) that names no body the vocabulary knows and
    stands with punctuation or alone under the issuer: what the rule under the name or a speck
    left ("SEN :" under "SỞ GIÁO DỤC VÀ ĐÀO TẠO / NGHỆ AN"), not a line of the name."""
    words = text.split()
    if len(words) != 1 or len(words[0]) > SPECK_MAX_LETTERS or not words[0].isalpha():
        return False
    if fold(words[0]) in _short_known():
        return False
    return printed.strip() != text or len(words[0]) <= 2


@cache
def _short_known() -> frozenset[str]:
    """Short words a header line may be: the symbol codes of bodies ("TW", "BCH") and levels ("XÃ")."""
    table = load_table("body_names")
    codes = {fold(c) for c in table["symbol_bodies"]}
    return frozenset(codes | {fold(w) for w in table["levels"] if " " not in w})


@cache
def _levels() -> regex.Pattern[str]:
    """A folded line opening with an administrative level: "xa luong minh", "tinh quang ngai"."""
    levels = sorted({fold(level) for level in load_table("body_names")["levels"]}, key=len, reverse=True)
    return regex.compile(r"^(?:" + "|".join(regex.escape(level) for level in levels) + r")(?![\p{L}\d])")


def _opens_with_level(folded: str) -> bool:
    return _levels().match(folded) is not None


def group_bodies(block: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Join wrapped lines into bodies: a line opening with a head word (or any line after a name that
    ends with "VIỆT NAM") starts a new body unless the body above is still incomplete (only a head
    phrase, or ending in "VÀ")."""
    v = vocab()
    bodies: list[list[tuple[str, int, int]]] = []
    for line in block:
        folded = fold(line[0])
        if bodies:
            so_far = fold(" ".join(t for t, _, _ in bodies[-1]))
            incomplete = (
                v.head_only.match(so_far) and so_far not in v.standalone
            ) or TRAILING_CONNECTOR.search(so_far)
            opens = (
                v.heads.match(folded)
                and not v.continuation.match(folded)
                and not line[0].upper().startswith(v.marked_non_heads)
            )
            # "ỦY BAN MTTQ VIỆT NAM / XÃ LƯƠNG MINH": a level and its place go on the name
            whole = NATIONAL_NAME_END.search(so_far) is not None and not _opens_with_level(folded)
            # "BAN TUYÊN GIÁO VÀ DÂN VẬN / TỈNH ỦY": a party committee without its place is the owner
            # of the ban above, one name ("Ban Tuyên giáo và Dân vận Tỉnh ủy"); under "ĐẢNG BỘ TỈNH
            # THANH HÓA" it is the issuer itself (the party's own header: "ĐẢNG BỘ … / TỈNH ỦY")
            owner = BARE_PARTY_COMMITTEE.match(folded) is not None and so_far.startswith("ban ")
            wrapped = _completes_place(bodies[-1][-1][0], line[0]) or _completes_name(bodies[-1][-1][0], line[0])
            # "KHO BẠC NHÀ NƯỚC" / "KHO BẠC NHÀ NƯỚC" / "BẮC GIANG": a line that repeats the name above
            # opens the branch printed under its institution (class: Kho bạc, BHXH, bank branches)
            repeats = bool(opens) and folded == so_far
            if repeats:
                bodies.append([line])
                continue
            if incomplete or owner or wrapped or not (opens or whole):
                bodies[-1].append(line)
                continue
        bodies.append([line])
    return [(collapse(" ".join(t for t, _, _ in b)), b[0][1], b[-1][2]) for b in bodies]


# A place name's tail the header cell wrapped onto a line of its own is at most this many words.
WRAPPED_PLACE_TAIL = 2


def _completes_place(above: str, line: str) -> bool:
    """The line is the tail of a place name the narrow header cell wrapped: "UBND THÀNH PHỐ HẢI" /
    "PHÒNG" / "SỞ Y TẾ" — "PHÒNG" is a head word (Phòng …) but here it ends "Hải Phòng". Only when the
    words above alone name no place and with the line they name one exactly."""
    words, before = line.split(), above.split()
    if not 1 <= len(words) <= WRAPPED_PLACE_TAIL:
        return False
    for k in (1, 2, 3):
        if len(before) < k:
            break
        tail = " ".join(before[-k:])
        joined = snap_place(f"{tail} {' '.join(words)}")
        if joined is not None and joined.match == "exact" and snap_place(tail) is None:
            return True
    return False


@cache
def _known_names() -> tuple[tuple[str, ...], ...]:
    """Folded words of the body names the vocabulary knows that run over two words or more (the
    sectors of Sở and Bộ names, the ministries' units)."""
    names = [*load_table("bodies")["names"], *load_table("central_units")["units"]]
    names += [entry["name"] for entry in load_table("body_names")["central"]]
    return tuple(sorted({tuple(fold(n).split()) for n in names if len(n.split()) >= 2}))


def _completes_name(above: str, line: str) -> bool:
    """The line opens with the rest of a known name the line above began: "SỞ NÔNG NGHIỆP VÀ MÔI" /
    "TRƯỜNG" ("TRƯỜNG" opens a school's name, but here it ends "Nông nghiệp và Môi trường")."""
    before, after = fold(above).split(), fold(line).split()
    for name in _known_names():
        for k in range(1, len(name)):
            if tuple(before[-k:]) == name[:k] and tuple(after[: len(name) - k]) == name[k:]:
                return True
    return False


def _branch_joined(bodies: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A branch printed under its institution's short name, which repeats the parent's name
    above it: "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM" / "NGÂN HÀNG NHÀ NƯỚC" / "CHI NHÁNH KHU VỰC 12" is the
    parent and the one body "NGÂN HÀNG NHÀ NƯỚC CHI NHÁNH KHU VỰC 12" (class: regional branches
    of a national institution, the State Bank's 2025 "Chi nhánh Khu vực" among them). The short
    name is no level of its own."""
    if len(bodies) < 3 or not vocab().branch.match(fold(bodies[-1][0])):
        return bodies
    short, above = fold(bodies[-2][0]).split(), fold(bodies[-3][0]).split()
    if not 2 <= len(short) < len(above) or above[: len(short)] != short:
        return bodies
    (name, start, _), (branch, _, end) = bodies[-2], bodies[-1]
    return [*bodies[:-2], (collapse(f"{name} {branch}"), start, end)]


def _from_sentence(header: Header, text: str) -> Candidate | None:
    """'…, Viện kiểm sát nhân dân tỉnh Tây Ninh xây dựng kế hoạch thực hiện như sau:'."""
    for m in vocab().sentence.finditer(header.folded, header.start, min(len(text), header.end + 3000)):
        start, end = m.start("body"), m.end("body")
        body = header.view[start:end].strip()
        if body[:1].isupper():
            return Candidate("issuer", body, start, end, "issuer.body_sentence", 0.4)
    return None


SPEC = ExtractorSpec("issuer", ("issuer", "issuer_parent"), order=50)


def extract(text: str, context: Context) -> Extraction:
    header = analyse(text)
    bodies = group_bodies(left_block(header))
    heading = gazette_heading(header) if not bodies else None
    if heading is not None:
        # a reprinted heading names the issuer in its "CỦA … SỐ" line
        start, end = heading.issuer
        name = collapse(header.view[start:end])
        return Extraction((_canonical("issuer", name, start, end, 0.8, warnings := []),), tuple(warnings))
    if not bodies:
        score, _ = dispatch_score(
            text, header, title_line(header) is not None, printed_number(header) is not None
        )
        if score < DISPATCH_THRESHOLD:
            return Extraction()  # prose (a news article) names bodies, but issues nothing
        found = _from_sentence(header, text)
        if found is None:
            return Extraction()
        note = field_warning("issuer", "không in ở phần đầu văn bản; lấy từ một câu trong nội dung")
        return Extraction((found,), (note,))
    confidence = 0.8 if context.is_ocr else 0.9
    warnings: list[str] = []
    bodies = _branch_joined(_without_own_repeats(bodies))
    name, start, end = bodies[-1]
    local = context.local_names
    # noisy text only: a printed, marked district name on clean text is never changed
    province = _province(header, bodies) if context.is_ocr or context.repaired else None
    name = _with_vouched_marks("issuer", name, text, warnings)
    candidates = [_canonical("issuer", name, start, end, confidence, warnings, local, province)]
    if len(bodies) >= 2:
        pname, pstart, pend = bodies[-2]
        pname = _with_vouched_marks("issuer_parent", pname, text, warnings)
        candidates.append(
            _canonical("issuer_parent", pname, pstart, pend, confidence - 0.05, warnings, local, province)
        )
    if len(bodies) > 2:
        warnings.append(
            field_warning("issuer_parent", "tiêu đề có hơn hai cơ quan; lấy cơ quan ngay trên cơ quan ban hành")
        )
    return Extraction(tuple(candidates), tuple(warnings))


def _without_own_repeats(bodies: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The issuer's own name printed again above the header ("TÒA ÁN NHÂN DÂN TỈNH BÌNH DƯƠNG - VĂN
    BẢN ĐIỆN TỬ": a page header, an e-document tag) is no governing body: a parent never contains
    the name of the body under it."""
    own = " ".join(fold(bodies[-1][0]).split())
    kept = [b for b in bodies[:-1] if own not in " ".join(fold(b[0]).split())]
    return [*kept, bodies[-1]]


def _province(header: Header, bodies: list[tuple[str, int, int]]) -> str | None:
    """The document's province: named by a body above the issuer ('ĐẢNG BỘ TỈNH THANH HÓA') or by
    the place–date line ('Thanh Hóa, ngày …'); None when neither names one."""
    for body, _, _ in reversed(bodies[:-1]):
        found = province_named(body)
        if found is not None:
            return found
    seg = next((s for s in header.segments if s.kind == "place_date"), None)
    if seg is None or "," not in seg.text:
        return None
    return province_named(seg.text.split(",", 1)[0].strip(" \t.-–_|"))


# A run of words in a header name: "TAN PHU" of "XA TAN PHU".
NAME_WORD = regex.compile(r"\p{L}+")


def _vouched_marks(name: str, text: str) -> str:
    """A header name whose words another tool's OCR printed without marks ("ỦY BAN NHÂN DÂN / XA
    TAN PHU", capitals being where recognisers lose marks most) takes the spelling the document
    itself prints elsewhere ("Tân Phú, ngày …"): for each run of two or more unmarked words, the one
    marked spelling of those letters in the text; an unmarked level word before it ("XA") takes the
    level's spelling ("XÃ"). The name keeps its case; a name with its marks is returned as given."""
    words = list(NAME_WORD.finditer(name))
    bare = [fold(w[0]) == w[0].lower() for w in words]
    if not any(bare):
        return name
    folded_text = fold(text)
    out = name
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and bare[j]:
            j += 1
        # the whole run, else its tail ("XA TAN PHU": "Tân Phú" printed without its level)
        for k in range(i, j - 1):
            spelling = _marked_spelling(name[words[k].start() : words[j - 1].end()], text, folded_text)
            if spelling is None:
                continue
            start, end = words[k].start(), words[j - 1].end()
            cased = spelling.upper() if name[start:end].isupper() else spelling
            out = out[:start] + cased + out[end:]
            level = _level_spelling(words[k - 1][0]) if k > i else None
            if level is not None:
                ws, we = words[k - 1].span()
                out = out[:ws] + (level.upper() if words[k - 1][0].isupper() else level) + out[we:]
            break
        i = max(j, i + 1)
    return out


def _with_vouched_marks(field: str, name: str, text: str, warnings: list[str]) -> str:
    marked = _vouched_marks(name, text)
    if marked != name:
        warnings.append(field_warning(field, f"tên in thiếu dấu '{name}'; lấy dấu theo chính văn bản: '{marked}'"))
    return marked


def _marked_spelling(run: str, text: str, folded_text: str) -> str | None:
    """The one spelling with marks that the text gives the letters of `run` (fold keeps lengths)."""
    key = fold(" ".join(run.split()))
    pattern = regex.compile(r"(?<![\p{L}\d])" + r"\s+".join(regex.escape(w) for w in key.split()) + r"(?![\p{L}\d])")
    found = {
        " ".join(text[m.start() : m.end()].split()).lower()
        for m in pattern.finditer(folded_text)
        if fold(text[m.start() : m.end()]) != text[m.start() : m.end()].lower()
    }
    if len(found) != 1:
        return None
    spelling = found.pop()
    return " ".join(w[:1].upper() + w[1:] for w in spelling.split())


@cache
def _levels_by_fold() -> dict[str, str]:
    return one_spelling_by_fold(w for w in load_table("body_names")["levels"] if " " not in w)


def _level_spelling(word: str) -> str | None:
    return _levels_by_fold().get(fold(word))


def _canonical(
    field: str, name: str, start: int, end: int, confidence: float, warnings: list[str],
    local: LocalNames | None = None, province: str | None = None,
) -> Candidate:
    """The body in its canonical spelling when a clerk's correction or the data knows it; the
    evidence span stays on the printed text."""
    snap: Snap | None = snap_body(name, local)
    if snap is None and province is not None:
        district = snap_district_body(name, province)
        if district is not None and district.changed:
            note = f"tên cấp huyện chuẩn hoá theo danh mục tỉnh {province}: '{name}' → '{district.value}'"
            warnings.append(field_warning(field, note))
            return Candidate(
                field, district.value, start, end, "issuer.canonical_district",
                round(confidence - PENALTY["folded"] - DISTRICT_PENALTY, 2),
            )
    if snap is None or not snap.changed:
        return Candidate(field, name, start, end, "issuer.header_block", confidence)
    warnings.append(f"Tên cơ quan đã chuẩn hoá: '{name}' → '{snap.value}'")
    return Candidate(
        field, snap.value, start, end, "issuer.canonical", round(confidence - PENALTY[snap.match], 2)
    )
