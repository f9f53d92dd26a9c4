"""Số và ký hiệu: the number and symbol printed after "Số:" in the header's left column.

Only the header counts: "Kế hoạch số 13/KH-VKSTC" in the body is a reference, not the number.
E-signed documents print "Số: /TB-UBND" and get the digits stamped at signing; when the stamp
text is read out of order its digits sit on a lone line after the header ("542"), so a number
without digits is completed from such a line, with a lower confidence and a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.header import Header, analyse, gazette_heading, near_stamp, stamped_digit_lines
from congvan.extractors.landmarks import BLANK_FILL, SO_LABEL, SO_LABEL_BARE
from congvan.extractors.symbol import Refused, parse
from congvan.extractors.textutil import fold, lines
from congvan.extractors.titles import slug_of_abbreviation, title_line, vocab
from congvan.schemas.fields import field_warning

# Number and symbol after the label: "4515 /VKSTC-T5", "01/2021/QĐ-UBND", "238-QĐ/TW",
# "/TB-UBND" (digits stamped later), "1906 /SGDĐT-CTrTT", "6138/UBND- KGVX", OCR "4I2-CV/HU" (412:
# a digit read as I, l or O, or between digits as S or B: "4B62/TCT-KK"; the symbol grammar repairs it only
# where the whole symbol then parses). A template's blank of leader dots or underscores, with the
# digits stamped or written over it, is skipped: "Số: ........ 935 /VP-TCKT", "Số: ......../VP-TCKT".
NUMBER_VALUE = regex.compile(
    r"""
    \s* (?:BLANK\s*)?
    (?P<digits>
        \d{1,6}[a-z]?(?=[\s/\-–]|BLANK|$)
      | (?=[IlO|]{0,2}\d)(?:[\dIlO|]|(?<=\d)[SB](?=\d)){2,6}(?=[/\-–])
    )?
    \s{0,3} (?:BLANK\s{0,3})?
    (?P<symbol>
        [/\-–] \s? [\p{L}\d&.]+
        (?: \s? [/\-–] \s? [\p{L}\d&.]+ )*
    )?
    """.replace("BLANK", BLANK_FILL),
    regex.VERBOSE,
)

# A symbol alone on a line, when the stamped digits split the number line: "/TB-UBND".
SYMBOL_ONLY = regex.compile(r"^\s*(?P<symbol>[/\-]\s?[\p{L}\d&.]+(?:\s?[/\-]\s?[\p{L}\d&.]+)*)\s*$")

# OCR's reading of the slash after a (handwritten) number as a bracket or bar, with "1" read "l"/"I":
# "Số:l145)TB-ĐHTĐ" (1145/TB-ĐHTĐ). Taken only when the symbol then parses with a known type code.
BRACKET_SLASH = regex.compile(
    r"""
    \s*
    (?P<digits>[\dlI|]{1,6})
    \s?[)\]|]\s?
    (?P<code>\p{Lu}[\p{L}\d&.]*(?:\s?-\s?[\p{L}\d&.]+)+)
    \s*$
    """,
    regex.VERBOSE,
)

# A receiving stamp ("CÔNG VĂN ĐẾN Số: 2352 Ngày: 21/3") also carries "Số:"; it is not the number.
RECEIVING_STAMP = regex.compile(r"\b(?:den|chuyen|luu \s ho \s so)\b", regex.VERBOSE)

LOOKAHEAD_LINES = 8
# A handwritten number read by the digit model alone (Tesseract saw nothing it could use, the page
# OCR no digits) below this certainty is left empty. Over the first and tuning scans such reads
# were right 1 time in 3 ("24" at 0.50 right; "1535" at 0.68 for 1595, "8532" at 0.79 for 4532
# wrong), while every one-reader read at 0.91 or more was right; the day is not held to it, as its
# reads are bounded to 1-31 and checked against the e-signature (right at 0.39-0.82 all five times).
ONE_READER_NUMBER_CONFIDENCE = 0.85


def normalise(digits: str | None, symbol: str | None) -> str:
    """'4515 ' + '/VKSTC-T5' → '4515/VKSTC-T5': no spaces, en dashes as hyphens, no trailing dot."""
    value = f"{digits or ''}{symbol or ''}"
    value = regex.sub(r"\s+", "", value).replace("–", "-").replace("Ð", "Đ")
    return value.rstrip(".-")


def _has_letters(symbol: str | None) -> bool:
    return bool(symbol and regex.search(r"\p{L}", symbol))


def _find_symbol_below(header: Header, after: int) -> tuple[str, int, int] | None:
    """The '/TB-UBND' line that follows 'Số: 565' when the stamp split the number line."""
    seen = 0
    for ln in lines(header.view, after, header.end):
        if not ln.text.strip():
            continue
        seen += 1
        if seen > LOOKAHEAD_LINES:
            return None
        m = SYMBOL_ONLY.match(ln.text)
        if m and _has_letters(m["symbol"]):
            return m["symbol"], ln.start + m.start("symbol"), ln.start + m.end("symbol")
    return None


def _complete_digits(header: Header) -> tuple[str, int, int, float] | None:
    """The stamped digits of an e-signed number: the first lone digit line after the header
    (not a page number), trusted more when it sits near the e-signature stamp text."""
    for ln in stamped_digit_lines(header):
        digits = ln.text.strip()
        confidence = 0.75 if near_stamp(header, ln) else 0.65
        return (
            digits,
            ln.start + ln.text.index(digits),
            ln.start + ln.text.index(digits) + len(digits),
            confidence,
        )
    return None


# The number as the e-signature system prints it beside the stamp, the header's blank digits filled
# in: "Số: 218/KH-UBND Ngày 08/4/2025" above "Người ký: …" / "Thời gian ký: …", or "Số hiệu:",
# "Số, ký hiệu:"; folded, at a line start.
ESIGN_NUMBER_LINE = regex.compile(
    r"\W{0,3} s[o6] (?:\s*,?\s*(?:ky\s+)?hieu)? \s*:?\s* (?=\d)", regex.VERBOSE
)
ESIGN_NUMBER_REACH = 300  # chars from the stamp's time/signer lines; the zone is a few short lines


def _esign_number(header: Header, symbol: str) -> tuple[str, int, int] | None:
    """The digits of the e-signature system's own "Số: 218/KH-UBND" line after the header, beside
    the stamp, whose symbol is the header's printed symbol (the issuer's own code: a citation of
    another document bears another). Several such lines that disagree settle nothing."""
    want = normalise(None, symbol)
    found: set[str] = set()
    hit: tuple[str, int, int] | None = None
    for ln in lines(header.view, header.end):
        label = ESIGN_NUMBER_LINE.match(header.folded, ln.start, ln.end)
        if label is None or not near_stamp(header, ln, ESIGN_NUMBER_REACH):
            continue
        m = NUMBER_VALUE.match(header.view, label.end(), ln.end)
        if m is not None and m["digits"] and _same_symbol(normalise(None, m["symbol"]), want):
            found.add(m["digits"])
            hit = (m["digits"], m.start("digits"), m.end("digits"))
            continue
        # OCR's letters for digits in the stamp's number: "Số: 5l27/BGDDT-GDPT"
        slipped = ESIGN_SLIPPED_NUMBER.match(header.view, label.end(), ln.end)
        if (
            slipped is not None
            and any(ch.isdigit() for ch in slipped["digits"])
            and _same_symbol(normalise(None, slipped["symbol"]), want)
        ):
            digits = slipped["digits"].translate(DIGIT_LOOKALIKES)
            found.add(digits)
            hit = (digits, slipped.start("digits"), slipped.end("digits"))
    return hit if len(found) == 1 else None


# A number whose digits OCR read partly as letters, its symbol after the slash: "5l27/BGDDT-GDPT".
ESIGN_SLIPPED_NUMBER = regex.compile(r"(?P<digits>[\dlIO]{1,6})\s*/\s*(?P<symbol>[^\s,;]+)")
DIGIT_LOOKALIKES = str.maketrans({"l": "1", "I": "1", "O": "0"})


def _same_symbol(found: str, want: str) -> bool:
    """The same symbol, an OCR'd "D" for "Đ" aside ("BGDDT-GDPT" for "BGDĐT-GDPT")."""
    return found == want or fold(found) == fold(want)


@dataclass(frozen=True)
class Printed:
    """The number as printed on the header's "Số:" line (digits may be missing)."""

    digits: str | None
    symbol: str
    start: int
    end: int
    split: bool  # the symbol was found on a later line ("Số: 565" … "/TB-UBND")
    garbled: str = ""  # as OCR printed it, when its slash was read as a bracket ("l145)TB-ĐHTĐ")


def printed_number(header: Header) -> Printed | None:
    for seg in header.segments:
        if seg.kind != "plain":
            continue
        folded = header.folded_of(seg)
        label = SO_LABEL.search(folded) or SO_LABEL_BARE.match(folded)
        if not label or RECEIVING_STAMP.search(folded):
            continue
        value_at = seg.start + label.end()
        m = NUMBER_VALUE.match(header.view, value_at, seg.end)
        if not m:
            continue
        if not _has_letters(m["symbol"]) and (bracket := _bracket_slash(header, value_at, seg.end)):
            return bracket
        digits, symbol = m["digits"], m["symbol"]
        if digits and not digits.strip("0"):
            continue  # "Số:0 /CT-UBND": a handwritten number OCR could not read
        start = m.start("digits") if digits else (m.start("symbol") if symbol else value_at)
        end, split = m.end(), False
        if digits and not _has_letters(symbol):
            if header.view[m.end() : seg.end].strip():
                continue  # "Số: 0_": OCR debris after the digits
            below = _find_symbol_below(header, seg.end)
            if below is None:
                continue  # "Số: 2352" with no symbol: a register number, not Số và ký hiệu
            symbol, _, end = below
            split = True
        if symbol and _has_letters(symbol):
            return Printed(digits, symbol, start, end, split)
    return None


def _bracket_slash(header: Header, start: int, end: int) -> Printed | None:
    """"l145)TB-ĐHTĐ" as 1145/TB-ĐHTĐ: the bracket is the slash only where the digits become digits
    and the code after it is a known type with a body (the grammar and the vocabulary agree)."""
    m = BRACKET_SLASH.match(header.view, start, end)
    if m is None:
        return None
    digits = m["digits"].translate(str.maketrans({"l": "1", "I": "1", "|": "1"}))
    parsed = parse(f"{digits}/{m['code']}")
    if isinstance(parsed, Refused) or parsed.type_code is None:
        return None
    printed = header.view[m.start("digits") : m.end("code")]
    return Printed(digits, "/" + m["code"], m.start("digits"), m.end("code"), False, printed)


# OCR splits or adds a letter in the type code: "239/TTIr-UBND" under the title TỜ TRÌNH is TTr.
TYPE_CODE = regex.compile(r"^(?P<head>\d+[a-z]?(?:/\d{4})?/)(?P<code>\p{L}+)(?P<tail>-.*)?$", regex.VERBOSE)


def repair_type_code(number: str, header: Header) -> str:
    """The symbol's type code, one edit away from an abbreviation of the type the title line
    names, is that abbreviation. Only with a title to agree with: "BCĐ" (ban chỉ đạo) must not
    become "BC" (báo cáo) on its own."""
    from rapidfuzz.distance import Levenshtein

    m = TYPE_CODE.match(number)
    title = title_line(header)
    if m is None or title is None or slug_of_abbreviation(m["code"]) is not None:
        return number
    known = [a for a, slug in vocab().exact.items() if slug == title[0]]
    near = [a for a in known if len(a) >= 2 and Levenshtein.distance(a, m["code"]) == 1]
    if len(near) != 1:
        return number
    return f"{m['head']}{near[0]}{m['tail'] or ''}"


SPEC = ExtractorSpec("number", ("number",), order=20)


def extract(text: str, context: Context) -> Extraction:
    header = analyse(text)
    printed = printed_number(header)
    if printed is None:
        return _from_gazette(header)
    digits, warnings = printed.digits, []
    confidence = 0.85 if printed.split else 0.95
    if printed.garbled:
        confidence -= 0.1
        warnings.append(
            field_warning("number", f"OCR đọc '{printed.garbled}'; dấu '/' và chữ số 1 đã được khôi phục theo ký hiệu")
        )
    esign = None if digits else _esign_number(header, printed.symbol)
    if esign is not None:
        digits, confidence = esign[0], 0.8  # evidence stays on the printed header symbol
        warnings.append(
            field_warning(
                "number", f"số được bổ sung từ dòng 'Số: {esign[0]}{normalise(None, printed.symbol)}' cạnh chữ ký số"
            )
        )
    if not digits:
        completion = _complete_digits(header)
        if completion is None:
            return Extraction(
                warnings=(
                    field_warning(
                        "number",
                        f"số in không có chữ số ('{normalise(None, printed.symbol)}') và không thấy chữ số đóng dấu",
                    ),
                ),
            )
        digits, _, _, confidence = completion  # evidence stays on the printed header symbol
        warnings.append(
            field_warning("number", f"số được bổ sung bằng chữ số đóng dấu '{digits}' nằm ngoài thứ tự đọc")
        )
    hand = context.handwritten.get("number")
    if hand is not None and digits == hand.digits and hand.page_digits and hand.page_digits != hand.digits:
        # the handwriting reader and the page read the same gap differently ("1535" / "635", "1571" /
        # "157") and nothing settles which is right: a null is better than a wrong number
        return Extraction(
            warnings=(
                *warnings,
                field_warning(
                    "number",
                    f"viết tay đọc thành '{hand.digits}' nhưng trang đọc '{hand.page_digits}'; "
                    "không chắc chắn nên để trống",
                ),
            )
        )
    if (
        hand is not None
        and digits == hand.digits
        and hand.source == "classifier"
        and hand.confidence < ONE_READER_NUMBER_CONFIDENCE
    ):
        return Extraction(
            warnings=(
                *warnings,
                field_warning(
                    "number",
                    f"số viết tay chỉ một bộ đọc thấy là '{hand.digits}' (độ tin cậy {hand.confidence:.2f}); "
                    "không chắc chắn nên để trống, hãy nhập theo bản giấy",
                ),
            )
        )
    value = normalise(digits, printed.symbol)
    if context.is_ocr:
        confidence -= 0.05
        repaired = repair_type_code(value, header)
        if repaired != value:
            warnings.append(
                field_warning("number", f"OCR đọc ký hiệu thành '{value}'; đã sửa mã loại văn bản thành '{repaired}'")
            )
            value = repaired
    rule = (
        "number.bracket_slash"
        if printed.garbled
        else "number.esign_line"
        if esign is not None
        else "number.esign_completion"
        if warnings
        else ("number.split_line" if printed.split else "number.so_label")
    )
    parsed = parse(value)
    if isinstance(parsed, Refused):
        # a null is better than a wrong number: "Số: 2/J" is OCR debris, not a document symbol
        return Extraction(warnings=(*warnings, f"Số, ký hiệu bị bỏ: {parsed.reason}"))
    if parsed.value != value:
        warnings.append(f"Số, ký hiệu đã chuẩn hoá theo Nghị định 30: '{value}' → '{parsed.value}'")
        value, confidence = parsed.value, confidence - 0.1
    return Extraction(
        (Candidate("number", value, printed.start, printed.end, rule, round(confidence, 2)),), tuple(warnings)
    )


def _from_gazette(header: Header) -> Extraction:
    """The number of a reprinted heading ("CỦA BỘ … SỐ 07/2008/CT-BTTTT"), checked by the grammar."""
    heading = gazette_heading(header)
    if heading is None:
        return Extraction()
    start, end = heading.number
    parsed = parse(normalise(header.view[start:end], None))
    if isinstance(parsed, Refused):
        return Extraction(warnings=(f"Số, ký hiệu bị bỏ: {parsed.reason}",))
    return Extraction((Candidate("number", parsed.value, start, end, "number.gazette_heading", 0.85),))
