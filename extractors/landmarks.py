"""The landmark phrases of a dispatch ("Số:", "V/v", "Kính gửi:", "Nơi nhận:", "Lưu:", the Quốc
hiệu and its motto, the signing prefixes, list markers), each compiled once into a tolerant matcher.

The phrases and their variants (unaccented forms, OCR misreadings seen on real scans) live in
extractors/data/landmarks.json; this module adds the layout that makes a phrase a landmark rather
than a word of the body: a line start, a label colon, a lower-case word after it. Matchers run on
folded text (`textutil.fold`: lower case, no diacritics, same length), so a match's offsets hold
in the original text. Every extractor that looks for a landmark uses this module:

    find(text, "kinh_gui")               first landmark line in a whole text (or None)
    line_starts_with(line, "noi_nhan")   does this one line open with the landmark?
    LANDMARKS["noi_nhan"].pattern        the compiled matcher (on folded text, MULTILINE)
    phrase("kinh_gui")                   the regex source of the phrase alone, to embed in an
                                         extractor's own pattern (with its own anchoring)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import regex

from congvan.extractors.textutil import fold
from congvan.extractors.vocab import load_table

# What may precede a landmark at the start of its line: list dashes, bullets, brackets, stray
# OCR punctuation ("- Kính gửi:", "` ( Kính gửi:", ";NVơi nhận:"); never a letter or a digit.
LINE_LEAD = r"^[^\w\n]*"

# Label punctuation a variant may be written with ("Kinh gùi:", "KT."); the matcher, not the
# variant, decides whether the label needs it.
LABEL_PUNCT = " :.;,"


def _table() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = load_table("landmarks")["landmarks"]
    return entries


def _entry(landmark_id: str) -> dict[str, Any]:
    for entry in _table():
        if entry["id"] == landmark_id:
            return entry
    raise KeyError(f"no landmark {landmark_id!r} in extractors/data/landmarks.json")


def variant_source(printed: str) -> str:
    """A printed variant as a folded regex: 'Kinh gùi:' → 'kinh\\s*gui' (label punctuation and
    markup at the ends dropped, any run of spaces inside may be missing or doubled)."""
    core = fold(printed).strip(LABEL_PUNCT + "_*")
    source = r"\s*".join(regex.escape(word) for word in core.split())
    # a variant is a whole word: "kinh gui" must not match "kinh guitar"
    return source + r"\b" if core[-1:].isalnum() else source


def _with_variants(landmark_id: str, core: str, *, key: str = "variants") -> str:
    """The hand-written tolerant core, or any variant of the data table (longest first)."""
    forms = sorted({variant_source(v) for v in _entry(landmark_id)[key]} - {""}, key=len, reverse=True)
    return "(?:" + "|".join([core, *forms]) + ")"


# --- the phrases (folded) -------------------------------------------------------------------

# "Số:", OCR "Sô:", "S6:", "$6:", "Sơ:" — the letters only; the label colon is the matcher's.
SO_CORE = r"[s$][o6ơ0]"
# "V/v", "v/v", OCR "V|v", "V/ " (the second v lost before the subject's first word).
VV_CORE = r"v\s?[/|]\s?(?:v\b|(?=\s))"
# "Về việc", "VỀ VIỆC" (folded "ve viec").
VE_VIEC_CORE = r"ve\s+viec\b"
# "Kính gửi", OCR "K1nh gui", "Kinh grri:" — a garbled second word only before its colon.
KINH_GUI_CORE = r"k[i1l]nh\s*g(?:ui\b|[a-z]{1,3}(?=\s*:))"
# "Nơi nhận", OCR "Noi nhân", "Nai nhận", "N0i nhan"; ";NVơi nhận:" (first letters garbled) only
# before its colon. Never "Nơi nhận hồ sơ" (the office that receives a file, in body text).
NOI_NHAN_CORE = r"(?:n[oa0]i\s*nh[a-z]{1,2}n\b|\S{0,4}?oi\s*nhan(?=\s*:))"
NOT_IN_BODY = r"(?!\s+(?:ho\s+so|don|bao\s+cao)\b)"
# "Lưu", OCR "Lau", "Luu".
LUU_CORE = r"l[uaư]u"
# "CỘNG HÒA XÃ HỘI …", kerning-split "CỘ NG HÒA", OCR "CONG Hcok xA HQI".
QUOC_HIEU_CORE = r"""(?:c\s?o\s?n\s?g\s*h\s?o\s?a\b|\bcong\s+h\w{1,3}\s+x\w{0,2}\s+h|\bxa\s+h\w{2}\s+ch\w{1,2}\s+ngh)"""
# "ĐẢNG CỘNG SẢN VIỆT NAM": the Quốc hiệu's place on party documents.
DANG_CORE = r"\bdang\s+cong\s+san\s+viet\s+nam\b"
# "ĐOÀN TNCS HỒ CHÍ MINH": the Quốc hiệu's place on Đoàn documents (the right column, with "***"
# under it). The same words occur in body sentences, so the header takes it only in capitals
# closing a line (header.DOAN_QUOC_HIEU).
DOAN_CORE = r"\bdoan\s+(?:tncs|thanh\s+nien\s+cong\s+san)\s+ho\s+chi\s+minh\b"
# "Độc lập - Tự do - Hạnh phúc", OCR "Dc 1p - Ty do - Hph phtic".
TIEU_NGU_CORE = r"""(?:\bd\w{0,2}c\s*[l1]\w{0,2}p\s*[-–]|\bt\w\s*do\s*[-–]\s*h|\bh\w{1,3}h\s+ph\w{1,3}c\b)"""

# --- the matchers -----------------------------------------------------------------------------

# A template's blank left for a number or a day: leader dots, underscores or ellipses ("Số:
# ......../VP-TCKT", "ngày …… tháng 11"); the digits may be written over it or into it.
BLANK_FILL = r"(?:…|[._]{2})[.…_]*"

# The number's label anywhere in a header piece (a seal's letters may precede it; "Tổng số:" in a
# body matches too, so callers look in the header only): "Số: 4515/VKSTC-T5",
# "ng Số: 115 /CV-PA83", OCR "$6: 1906 /SGDĐT-CTrTT".
SO_LABEL = regex.compile(rf"(?<![\p{{L}}\d]){_with_variants('so', SO_CORE)}\s{{0,2}}[:;]", regex.VERBOSE)
# The label without its colon, only at the start of a header piece: "Số 4515/VKSTC-T5"; another
# tool's OCR may read the number's first digit as a letter: "So O3-CT/DU" (folded "so o3-ct/du");
# a party document's number left blank for the clerk to fill: "Số     -HD/BTCTU".
SO_LABEL_BARE = regex.compile(
    r"^\s*[-–•]?\s*s[o6]\s+(?=\d|/|[oli]\d|-\s?[a-z]{1,8}/|" + BLANK_FILL + ")", regex.VERBOSE
)
# "V/v" opening the trích yếu of a công văn: "V/v xây dựng …", "- v/v thông báo …", OCR "V/ bảo đảm".
VV_LABEL = regex.compile(rf"^\s*[-–]?\s*{_with_variants('vv', VV_CORE)}", regex.VERBOSE)
# Another tool's OCR reads the slash of "V/v" as a thin glyph, or the last "v" as "y", on the
# ORIGINAL text: "Vỉv trả lời vướng mắc …", "Vlv ra soat hoc sinh …", "V/y đảm bảo cung cấp điện …"
# (no Vietnamese word is spelt V + i/l + v or y, so these three letters are the label).
VV_THIN_SLASH = r"[vV][/|\\!1lIiíìỉĩị][vV](?!\p{L})|[vV][/|\\][yý](?!\p{L})"
# OCR's misreading of a printed "V/v", on the ORIGINAL text (case matters): only before a word in
# lower case, so "Vy Văn Thành" is a name: "Vív khẩn trương …", "Viv thông báo …", "Ví tăng cường …".
VV_GARBLED = regex.compile(
    r"^\s*[-–]?\s*(?:"
    + "|".join(regex.escape(g) for g in sorted(_entry("vv")["garbled"], key=len, reverse=True))
    + r"|[vV][iíì]|"
    + VV_THIN_SLASH
    + r")\s+(?=\p{Ll})",
    regex.VERBOSE,
)
# "Về việc tham dự Hội nghị …" opening a subject line.
VE_VIEC = regex.compile(rf"^\s*{_with_variants('ve_viec', VE_VIEC_CORE)}", regex.VERBOSE | regex.MULTILINE)
# The "Kính gửi" line: "Kính gửi: Các Sở Giáo dục và Đào tạo", "- Kính gửi:", OCR "Kinh gùi: Sở …".
KINH_GUI = regex.compile(LINE_LEAD + _with_variants("kinh_gui", KINH_GUI_CORE), regex.MULTILINE)
# The "Nơi nhận" heading: "Nơi nhận:", "Nơi nhân: - Như trên;", OCR "Noi nhan:", ";NVơi nhận:".
NOI_NHAN = regex.compile(LINE_LEAD + _with_variants("noi_nhan", NOI_NHAN_CORE) + NOT_IN_BODY, regex.MULTILINE)
# The archive line: "Lưu: VT, KGVX", "- Lưu: VP (VT, PTMTH).", OCR "Lau: VT", "Luu VT".
LUU = regex.compile(
    rf"^\W{{0,3}}{_with_variants('luu', LUU_CORE)}(?:\s*[:.;]?\s+(?=\S)|\s*:)", regex.VERBOSE | regex.MULTILINE
)
# The Quốc hiệu anywhere on a line (it may share the line with the issuer's column):
# "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
QUOC_HIEU = regex.compile(_with_variants("quoc_hieu", QUOC_HIEU_CORE), regex.VERBOSE)
# The party's national line anywhere on a line: "ĐẢNG BỘ TỈNH QUẢNG NGÃI ĐẢNG CỘNG SẢN VIỆT NAM".
DANG_QUOC_HIEU = regex.compile(_with_variants("dang_quoc_hieu", DANG_CORE), regex.VERBOSE)
# The motto anywhere on a line: "Độc lập - Tự do - Hạnh phúc", OCR "Dc 1p - Ty do - Hph phtic".
TIEU_NGU = regex.compile(_with_variants("tieu_ngu", TIEU_NGU_CORE), regex.VERBOSE)
# The Đoàn's national line: "BCH ĐOÀN TỈNH QUẢNG NGÃI ĐOÀN TNCS HỒ CHÍ MINH".
DOAN_QUOC_HIEU = regex.compile(_with_variants("doan_quoc_hieu", DOAN_CORE), regex.VERBOSE)
# A list item marker opening a line: "- Sở Tài chính;", "+ ", "• ", OCR "~ ", "= ".
LIST_ITEM = regex.compile(r"^\s*[-+•–—~=]\s*", regex.MULTILINE)

SIGNING_CODES = ("KT", "TL", "TM", "Q", "TUQ")
# A signing prefix with its dot at a line start, on the ORIGINAL text (capitals follow):
# "KT. VIỆN TRƯỞNG", "TM. ỦY BAN NHÂN DÂN", "TL. CHỦ TỊCH".
SIGNING_PREFIX = regex.compile(
    rf"^\s*(?:{'|'.join(sorted(SIGNING_CODES, key=len, reverse=True))})\s?\.\s?\p{{Lu}}",
    regex.VERBOSE | regex.MULTILINE,
)


@dataclass(frozen=True)
class Landmark:
    id: str
    canonical: str  # as Nghị định 30/2020 prints it
    variants: tuple[str, ...]
    garbled: tuple[str, ...]
    pattern: regex.Pattern[str]  # on folded text (VV_GARBLED and SIGNING_PREFIX, outside the table, read the original)
    examples: tuple[str, ...]
    negatives: tuple[str, ...]


_PATTERNS: dict[str, regex.Pattern[str]] = {
    "so": SO_LABEL,
    "vv": VV_LABEL,
    "ve_viec": VE_VIEC,
    "kinh_gui": KINH_GUI,
    "noi_nhan": NOI_NHAN,
    "luu": LUU,
    "quoc_hieu": QUOC_HIEU,
    "dang_quoc_hieu": DANG_QUOC_HIEU,
    "doan_quoc_hieu": DOAN_QUOC_HIEU,
    "tieu_ngu": TIEU_NGU,
    "list_item": LIST_ITEM,
}
_PHRASES: dict[str, str] = {
    "so": _with_variants("so", SO_CORE),
    "vv": _with_variants("vv", VV_CORE),
    "ve_viec": _with_variants("ve_viec", VE_VIEC_CORE),
    "kinh_gui": _with_variants("kinh_gui", KINH_GUI_CORE),
    "noi_nhan": _with_variants("noi_nhan", NOI_NHAN_CORE) + NOT_IN_BODY,
    "luu": _with_variants("luu", LUU_CORE),
    "quoc_hieu": _with_variants("quoc_hieu", QUOC_HIEU_CORE),
    "dang_quoc_hieu": _with_variants("dang_quoc_hieu", DANG_CORE),
    "doan_quoc_hieu": _with_variants("doan_quoc_hieu", DOAN_CORE),
    "tieu_ngu": _with_variants("tieu_ngu", TIEU_NGU_CORE),
}


def _signing_pattern(code: str) -> regex.Pattern[str]:
    """One authority's prefix at a line start, on folded text: "kt. vien truong", "k/t giam doc";
    a garbled form only with its dot ("_W. CHỦ TỊCH")."""
    forms = sorted(signing_forms()[code], key=len, reverse=True)
    garbled = [g for g, c in signing_garbled().items() if c == code]
    alternation = "|".join(regex.escape(f) for f in forms)
    garbled_alt = "|".join(regex.escape(g) for g in garbled)
    source = rf"^[\s_*]*(?:(?:{alternation})(?:\s*[.:,]\s*|\s+)"
    if garbled_alt:
        source += rf"|(?:{garbled_alt})\.\s*"
    return regex.compile(source + r")(?=[^\W\d_])", regex.MULTILINE)


def signing_forms() -> dict[str, tuple[str, ...]]:
    """Authority code → its folded printed forms ("KT" → ("kt", "k/t", "ky thay")), without the dot."""
    out: dict[str, tuple[str, ...]] = {}
    for code in SIGNING_CODES:
        entry = _entry(code.lower())
        forms = [fold(v).strip(LABEL_PUNCT) for v in (entry["canonical"], *entry["variants"])]
        out[code] = tuple(dict.fromkeys(f for f in forms if f))
    return out


def signing_garbled() -> dict[str, str]:
    """Folded OCR misreading of a signing prefix (markup and dot dropped) → its code ("w" → "KT")."""
    return {
        fold(g).strip(LABEL_PUNCT + "_*"): code for code in SIGNING_CODES for g in _entry(code.lower())["garbled"]
    }


def _build() -> Mapping[str, Landmark]:
    out: dict[str, Landmark] = {}
    for entry in _table():
        landmark_id = entry["id"]
        pattern = _PATTERNS.get(landmark_id) or _signing_pattern(landmark_id.upper())
        out[landmark_id] = Landmark(
            landmark_id,
            entry["canonical"],
            tuple(entry["variants"]),
            tuple(entry["garbled"]),
            pattern,
            tuple(entry["examples"]) + tuple(entry.get("garbled_examples", ())),
            tuple(entry["not"]),
        )
    return MappingProxyType(out)


LANDMARKS: Mapping[str, Landmark] = _build()


def phrase(landmark_id: str) -> str:
    """The regex source of the phrase alone (folded, unanchored), for an extractor whose own
    pattern places it: recipients' heading allows seal debris before it, segment's body end
    combines it with "PHỤ LỤC"."""
    return _PHRASES[landmark_id]


def find(text: str, landmark_id: str, start: int = 0, end: int | None = None) -> regex.Match[str] | None:
    """The first occurrence of the landmark in text[start:end] (offsets hold in `text`)."""
    stop = len(text) if end is None else end
    return LANDMARKS[landmark_id].pattern.search(fold(text), start, stop)


def find_all(text: str, landmark_id: str) -> Iterator[regex.Match[str]]:
    return LANDMARKS[landmark_id].pattern.finditer(fold(text))


def line_starts_with(line: str, landmark_id: str) -> regex.Match[str] | None:
    """Does this one line open with the landmark? (the match, on the folded line)"""
    return LANDMARKS[landmark_id].pattern.match(fold(line))


def matches(text: str, landmark_id: str) -> bool:
    """Does the landmark occur in `text` as its matcher places it (line start, label colon …)?
    Garbled V/v forms are tried on the original text, the signing prefixes on folded text."""
    if landmark_id == "vv" and VV_GARBLED.match(text):
        return True
    return find(text, landmark_id) is not None
