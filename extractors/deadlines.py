"""Vietnamese deadline phrases → a resolved deadline.

`find_deadlines(text)` locates every deadline phrase ("trước ngày 20/01/2025", "chậm nhất trong
quý III/2019", "trong vòng 10 ngày làm việc kể từ ngày ký", "định kỳ 6 tháng" …) and returns
their spans with the phrase's parts; `resolve(phrase, issued)` turns one phrase into
`{"date", "text", "recurrence", "time"}`, resolving relative phrases against the issue date;
`binding(values)` picks the one that binds when a sentence holds several (an explicit "trước ngày
08/02" over the period "trong năm 2025"); `resolve_cell(cell, issued)` reads the bare period of a
table's deadline column ("Quý I/2026", "Tháng 3/2025").

A start date ("từ ngày 01/11/2020", "kể từ ngày …", "bắt đầu từ …") and a cited document's date
("Công văn số 12/UBND ngày 05/01/2025") are never deadlines: every pattern needs a deadline cue
(trước, chậm nhất, trong, đến hết, hạn …) right before the date. Only a period may stand bare
("quý II năm 2025", "6 tháng đầu năm 2025", "tháng 01 và tháng 02/2025"), with its year and not
over at the issue date. A validity or the period figures cover ("có hiệu lực từ … đến …", "số liệu
tính từ … đến …") is NOT_DUE. A list of months ("trong tháng 4 và tháng 5/2025") is one period,
due at the end of its last month (as every gold writer reads it).

Matching runs on the diacritic-folded text (same length as the NFC text, so spans hold in the
original): OCR often drops or garbles diacritics, and "truoc ngay" must match like "trước ngày".
dateparser is not used: it reads "trước" as "ago".
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

import regex

from congvan.extractors.textutil import LETTER_DIGITS, fold, make_date
from congvan.extractors.vocab import load_table

# A calendar date as printed, on folded text: "20/01/2025", "20-01-2025", "20.01.2025", "21⁄02/2022"
# (OCR reads a slash as the fraction slash U+2044),
# "20 thang 11 nam 2021", "20 thang 11/2021"; year optional ("ngay 25/8", "ngay 20 thang 11").
_DATE = r"""
    (?P<d>\d{1,2}) \s* (?: [/⁄.\-] \s* (?P<m>\d{1,2}) (?: \s* [/⁄.\-] \s* (?P<y>\d{4}|\d{2}) (?!\d) )?
                        | \s+ thang \s+ (?P<m2>\d{1,2})
                          (?: \s* (?: [/⁄.\-] | \s nam \s ) \s* (?P<y2>\d{4}) )? )
    (?![\d/⁄])
"""

# Clock time before or after the date: "14 gio 00", "14 gio 00 phut", "14h00", "8h", "10 gio".
_TIME = r"""(?P<hh>\d{1,2}) \s* (?: gio | h ) \s* (?P<mm>\d{2})? (?: \s* phut )?"""

# A weekday printed before the date: "thu Sau, ngay 07/11/2025", "thu 6 ngay 07/11", "chu nhat".
_WEEKDAY = r"""(?: thu \s+ (?: hai | ba | tu | nam | sau | bay | [2-7] ) (?![a-z0-9]) | chu \s nhat )"""

# Punctuation or the end of the line after a phrase that has no date of its own ("trong ngày.").
_PHRASE_END = r"""(?= \s* (?: [.;,:)\n] | $ ) )"""

# A labelled deadline of a plan's item, on folded text: "Thoi gian hoan thanh: Quy III/2026",
# "Thoi gian thuc hien: thang 5/2026", "Tien do: thang 6/2026", "Thoi han hoan thanh: 30/6/2026"
# (a bare "Thoi gian:" is a meeting's time, not a deadline).
_LABEL = r"""(?: thoi \s gian \s (?: hoan \s thanh | thuc \s hien ) | thoi \s han (?: \s hoan \s thanh )?
               | tien \s do (?: \s (?: hoan \s thanh | thuc \s hien ) )? ) \s* :"""

# "truoc ngay 20/01/2025", "cham nhat ngay 15/12/2024", "truoc 14 gio 00 ngay 29/7/2020",
# "truoc 30/11/2024", "han chot: 31/12/2024", "hoan thanh truoc ngay 20 thang 11 nam 2021",
# "khong muon hon ngay 10/01/2025", "truoc 10 gio 00, ngay 04/8/2020", "trong ngay 15/12/2024",
# "cham nhat den ngay 30/6/2009", "khong qua ngay 20/12/2024", "truoc thu Sau, ngay 07/11/2025",
# "truoc ngay 15/12 hang nam" (yearly: the next 15/12, recurrence P1Y).
DATE_DEADLINE = regex.compile(
    r"""
    (?P<cue> truoc | cham \s nhat (?: \s la)? (?: \s (?: vao | den (?: \s het)? | truoc | trong ) )?
           | khong \s (?:muon|cham) \s hon | khong \s qua
           | (?<! (?: to \s chuc | dien \s ra | khai \s mac | hop ) \s )  # a meeting's day is no due date
             trong (?= \s+ (?: ngay | thu | chu \s nhat ) \s )
           | han \s (?: chot | cuoi ) \s* :?
           | thoi \s han (?: \s (?:hoan \s thanh|nop|gui|bao \s cao))? \s* :? (?: \s la)?
           | """
    + _LABEL
    + r""" )
    \s*,?\s*
    (?: """
    + _TIME
    + r""" \s* ,? \s* )?
    (?: (?P<weekday> """
    + _WEEKDAY
    + r""" ) \s* ,? \s* )?
    (?: (?: cua \s )? ngay \s+ )?
    """
    + _DATE
    + r"""
    (?: \s* ,? \s* (?: vao \s )? (?: luc \s )? \s*
        (?P<hh2>\d{1,2}) \s* (?: gio | h ) (?![a-z]) \s* (?P<mm2>\d{2})? )?
    (?P<yearly> \s+ (?: hang | moi ) \s nam )?
    """,
    regex.VERBOSE,
)

# The end of a period without a start: "den het ngay 07/11/2025", "den ngay 31/12/2010"; not an
# as-of date ("so lieu tinh den ngay 31/12/2023") nor a validity ("co hieu luc den ngay …").
UNTIL = regex.compile(
    r"""
    (?<! (?: tinh | lieu | hieu \s luc ) \s )
    (?P<cue> den \s (?: het \s )? )
    (?: (?P<weekday> """
    + _WEEKDAY
    + r""" ) \s* ,? \s* )?
    ngay \s+
    """
    + _DATE,
    regex.VERBOSE,
)

# Range end: "tu ngay 01/8/2020 den ngay 15/8/2020", "tu 13 gio 00 ngay 26/7 den het ngay 31/7/2020",
# "Tu 07/02 - 19/02/2022", "tu ngay 01 den ngay 15/02/2025", "tu 01-15/02/2025",
# "tu ngay 02/01/2025 den 17 gio 00 ngay 15/01/2025" (a validity or a figures' period is NOT_DUE).
DATE_RANGE = regex.compile(
    r"""
    (?P<cue> tu \s+ (?: \d{1,2} \s* (?:gio|h) \s* (?:\d{2})? \s* (?:phut)? \s* ,? \s* )?
             (?: """
    + _WEEKDAY
    + r""" \s* ,? \s* )?
             (?:ngay \s+)? [\d/⁄.\-]+ (?: \s thang \s \d{1,2} (?: \s nam \s \d{4})? )?
             \s* (?: \( [^)]{0,20} \) \s* )? (?: (?:cho \s)? den \s+ (?:het \s+)? | [\-–] \s* ) )
    (?: """
    + _TIME
    + r""" \s* ,? \s* )?
    (?: """
    + _WEEKDAY
    + r""" \s* ,? \s* )?
    (?: ngay \s+ )?
    """
    + _DATE,
    regex.VERBOSE,
)

# Not a due date but what a rule or a figure covers, kept out of every deadline pattern:
# "co hieu luc tu ngay 01/3/2025 den ngay 31/12/2025", "so lieu tinh tu ngay 15/12/2024 den ngay
# 14/3/2025", "ap dung tu ngay 01/02/2025 den het ngay 30/6/2025", "so lieu tinh den het ngay 31/5"
# ("bao cao UBND tinh den het ngay …" is the province, not "tinh").
NOT_DUE = regex.compile(
    r"""
    (?: hieu \s luc (?: \s thi \s hanh )? | (?<! (?: ubnd | nhan \s dan | hdnd ) \s ) tinh | lieu | ap \s dung )
    \s+ (?: ke \s+ )?
    (?: tu \s+ (?: ngay \s+ )? [\d/⁄.\-]+ (?: \s thang \s \d{1,2} (?: \s nam \s \d{4} )? )? \s*
        (?: den \s+ (?: het \s+ )? | [\-–] \s* )
      | den \s+ (?: het \s+ )? )
    (?: ngay \s+ )?
    """
    + _DATE,
    regex.VERBOSE,
)

# Quarter as the period of a duty: "cham nhat trong quy III/2019", "trong quy IV nam 2024",
# "hoan thanh trong Quy I/2025", "trong quy I va quy II/2026", "truoc quy IV" (year from the issue
# date); "truoc quy IV/2025" is due before the quarter begins (30/9/2025), like "truoc thang 6".
# Without a cue only with its year ("hoan thanh quy II nam 2025", "Thoi gian: Quy IV/2025"), and
# only a quarter not over at the issue date (a report "ket qua quy IV/2024" is no due date).
QUARTER = regex.compile(
    r"""
    (?: (?P<cue> (?: cham \s nhat \s | hoan \s thanh \s | xong \s )?
             (?: trong | truoc | het | cuoi | den \s het | den \s cuoi ) | """
    + _LABEL
    + r""" ) \s+ )?
    (?: cac \s )? quy \s+ (?P<q> iv | iii | ii | i | [1-4] | [il1]{2,3} | [il1][vw] ) (?![a-z0-9])
    (?: (?: \s* , \s* | \s+ (?: va | den | [\-–] ) \s+ ) (?: quy \s+ )?
        (?P<q> iv | iii | ii | i | [1-4] | [il1]{2,3} | [il1][vw] ) (?![a-z0-9]) )*
    (?: \s* (?: [/⁄.\-] | \s nam \s ) \s* (?P<y>\d{4}) )?
    (?![\d/⁄])
    """,
    regex.VERBOSE,
)

# Month as the period of a duty: "trong thang 12/2021", "trong thang 12 nam 2021",
# "truoc thang 6/2025" (before the month starts), "cham nhat trong thang 3/2025".
# A span ends with its last month: "tu thang 01 den thang 3/2025", "thang 4-5/2026" (a table cell);
# a list ("trong thang 01 va thang 02/2015", "trong cac thang 11, 12/2024") is one deadline per
# month (_listed). Without a cue only a list with its year: "tap huan thang 01 va thang 02/2025"
# (a bare "thang 3/2025" is mostly a report's or a figure's month).
MONTH = regex.compile(
    r"""
    (?: (?P<cue> (?: cham \s nhat \s | hoan \s thanh \s | xong \s )?
             (?: trong | truoc | het | cuoi | den \s het | den \s cuoi )
           | """
    + _LABEL
    + r"""
           | tu (?= \s+ thang \s+ \d{1,2} (?: \s* [/⁄.\-] \s* \d{4} )? \s+ den \s ) ) \s+ )?
    (?<! ngay \s+ \d{1,2} \s+ )  # the month of a date ("ngay 15 thang 01") is no period
    (?: cac \s )? thang \s+ (?P<m>\d{1,2}) (?: \s* [/⁄.\-] \s* (?P<y>\d{4}) (?!\d) )?
    (?: (?P<sep> \s* , \s* | \s* [\-–] \s* | \s+ (?: va | den (?: \s het )? ) \s+ )
        (?: thang \s+ )? (?P<m>\d{1,2}) (?![\d]) )*
    (?: \s* (?: [/⁄.\-] | \s nam \s ) \s* (?P<y>\d{4}) )? (?![\d/⁄])
    """,
    regex.VERBOSE,
)

# Half-year or year as the period of a duty: "trong nam 2025", "trong 6 thang dau nam 2025",
# "cuoi nam 2025", "trong 6 thang dau nam" (the issue year); "nam hoc 2024-2025" is a school year.
# A half-year with its year needs no cue ("bao cao ket qua 6 thang dau nam 2025", "nua dau nam
# 2025") if not over at the issue date; without its year it does: "de ra giai phap trien khai cong
# tac 6 thang cuoi nam" (a conclusion notice) names the work, not its period. A bare "nam 2025" is
# no period.
YEAR = regex.compile(
    r"""
    (?: (?P<cue> (?: cham \s nhat \s | hoan \s thanh \s )?
             (?: trong | het | truoc \s het | cuoi | den \s het | den \s cuoi ) | """
    + _LABEL
    + r""" ) \s+ )?
    (?: (?P<half> (?: 0?6 | sau ) \s thang \s (?P<which> dau | cuoi ) | nua \s (?P<which> dau | cuoi ) ) \s )?
    (?<! [a-z] ) nam (?: \s+ (?P<y>\d{4}) (?! \s* [\-–] \s* \d) | (?! \s* \d ) (?! \s hoc ) )
    """,
    regex.VERBOSE,
)

# Relative to the issue or receipt date: "trong vong 10 ngay lam viec ke tu ngay ky",
# "trong thoi han 05 ngay ke tu ngay nhan duoc van ban", "sau 15 ngay ke tu ngay ban hanh".
RELATIVE = regex.compile(
    r"""
    (?P<cue> trong \s (?: vong | thoi \s han | thoi \s gian )? | sau | cham \s nhat (?: \s la)?
           | khong \s qua ) \s*
    (?P<n>\d{1,3}) \s* (?: \( [^)]{0,20} \) \s* )?
    (?P<unit> ngay \s lam \s viec | ngay | tuan | thang )
    (?P<since> \s* ,? \s* (?: ke \s )? tu \s (?: ngay | khi ) \s
        (?P<anchor> ky | ban \s hanh
                  | nhan \s (?: duoc | du ) (?P<received> \s (?: van \s ban | cong \s van | ke \s hoach | chi \s thi
                                                             | quyet \s dinh | thong \s bao | cong \s dien ) )?
                  | van \s ban | thong \s bao | co \s hieu \s luc )? )?
    """,
    regex.VERBOSE,
)

# The day of issue: "bao cao ngay trong ngay.", "trong ngay hom nay"; "trong ngay 15/12" is a date.
SAME_DAY = regex.compile(
    r"""
    (?P<cue> (?: ngay \s )? trong \s ngay (?: \s hom \s nay )? ) """
    + _PHRASE_END,
    regex.VERBOSE,
)

# The week of issue, ending on its Sunday: "hoan thanh trong tuan.", "trong tuan toi" (the next
# week); "trong tuan qua" is past and does not match.
WEEK = regex.compile(
    r"""
    (?P<cue> trong \s tuan (?: \s (?P<which> nay | toi | sau ) )? ) """
    + _PHRASE_END,
    regex.VERBOSE,
)

# The first or last week of a month: "trong tuan dau thang 3/2025" (by the 7th),
# "trong tuan cuoi thang 6 nam 2025" (by the month's end), "tuan dau tien cua thang 4".
WEEK_OF_MONTH = regex.compile(
    r"""
    (?P<cue> (?: cham \s nhat \s )? trong ) \s tuan \s (?P<which> dau (?: \s tien )? | cuoi | cuoi \s cung )
    \s (?: cua \s )? thang \s+ (?P<m>\d{1,2}) (?: \s* (?: [/⁄.\-] | \s nam \s ) \s* (?P<y>\d{4}) )? (?![\d/⁄])
    """,
    regex.VERBOSE,
)

# A periodic duty: "dinh ky 6 thang", "dinh ky hang thang", "hang quy", "hang nam",
# "dinh ky 6 thang, hang nam hoac dot xuat", with an optional due day: "hang thang, truoc ngay 25";
# "vao thu Sau hang tuan", "Dinh ky (it nhat 6 thang mot lan)", "06 thang/lan",
# "dinh ky hang quy, truoc ngay 15 cua thang cuoi quy", "hang thang, cham nhat ngay 05 cua thang sau".
RECURRING = regex.compile(
    r"""
    (?P<lead> (?: theo \s )? dinh \s ky \s* ,? \s* (?: \( \s* )? (?: it \s nhat \s )? )?
    (?: (?P<n>\d{1,2}) \s (?P<unit1> thang | tuan | nam | quy )
        (?P<per> (?: \s* / \s* lan | \s (?: mot | 1 | 01 ) \s lan ) (?: \s* \) )? )?
      | (?: (?: vao \s )? (?P<weekday> """
    + _WEEKDAY
    + r""" ) \s )?
        (?: hang | moi ) \s (?P<unit2> thang | tuan | quy | nam | ngay ) (?! \s \d{4}) )
    (?P<extra> (?: \s* , \s* | \s (?:va|hoac) \s ) (?: hang \s (?:thang|quy|nam) | dot \s xuat )
               (?: \s (?:va|hoac) \s (?: dot \s xuat | hang \s (?:thang|quy|nam) ) )? )?
    (?: \s* ,? \s* (?P<due> (?: truoc | cham \s nhat (?: \s la )? (?: \s (?: vao | truoc ) )? ) \s (?: ngay \s )?
                            (?P<dd>\d{1,2}) (?![\d/⁄]) )
        (?: \s hang \s thang
          | \s (?: cua \s )?
            (?: (?P<next> thang \s (?: sau | ke \s tiep | tiep \s theo ) )
              | (?P<quarter_end> thang \s cuoi \s (?: cua \s )? (?: (?: moi | hang ) \s )? quy ) ) )? )?
    """,
    regex.VERBOSE,
)

# The rest of the event a relative term is counted from, up to the clause's end: " báo cáo" in "kể từ
# ngày nhận đủ báo cáo.", " thủ tục" in "kể từ ngày hoàn thành thủ tục,".
EVENT_END = regex.compile(r"[^.;,:()\n]{0,80}")

# Once per period: "it nhat 01 lan/nam", "1 lan / quy" (a count above one per period is no period).
RECURRING_ONCE = regex.compile(
    r"""(?P<lead> it \s nhat \s )? (?: 0?1 | mot ) \s lan (?P<per> \s* / \s* )
        (?P<unit2> tuan | thang | quy | nam ) (?![a-z])""",
    regex.VERBOSE,
)

# A periodic duty with its due day in brackets, one period after another: "dinh ky 6 thang (truoc
# ngay 15/6) va hang nam (truoc ngay 15/12)" (each its own period, gold: two tasks), "dinh ky hang
# thang (truoc ngay 20)"; read before a bare date so the bracketed day stays the period's, not a
# deadline of its own (the period has no one date).
RECURRING_DUE = regex.compile(
    r"""
    (?P<lead> dinh \s ky \s )?
    (?: (?P<n>\d{1,2}) \s (?P<unit1> thang | nam | quy ) | (?: hang | moi ) \s (?P<unit2> thang | quy | nam ) )
    \s* \( \s* (?P<due> (?: truoc | cham \s nhat ) \s (?: ngay \s )? (?P<bdd>\d{1,2}) (?: [/⁄] (?P<dm>\d{1,2}) )? )
    \s* \)
    """,
    regex.VERBOSE,
)

# A monthly due day printed first: "truoc ngay 25 hang thang", "cham nhat ngay 05 moi thang",
# "truoc ngay 05 cua thang sau" (a month's report, due in the next month: monthly);
# a quarter's due day: "truoc ngay 15 thang cuoi quy", "truoc ngay 20 cua thang cuoi moi quy".
MONTHLY_DUE = regex.compile(
    r"""
    (?P<cue> truoc | cham \s nhat (?: \s la)? (?: \s (?: vao | truoc ) )? ) \s+ (?: ngay \s+ )?
    (?P<dd>\d{1,2}) \s+ (?: cua \s )?
    (?: (?: hang | moi ) \s (?P<unit2> thang )
      | (?P<next> thang \s (?: sau | ke \s tiep | tiep \s theo ) )
      | (?P<quarter_end> thang \s cuoi \s (?: cua \s )? (?: (?: moi | hang ) \s )? quy ) )
    (?![a-z])
    """,
    regex.VERBOSE,
)

# A daily due time, printed before or after its period: "truoc 16 gio hang ngay",
# "hang ngay, truoc 15 gio 30", "cham nhat luc 16h00 moi ngay" (a situation report by the hour).
DAILY_DUE = regex.compile(
    r"""
    (?: (?P<cue> truoc | cham \s nhat (?: \s la )? ) \s+ (?: luc \s+ )? """
    + _TIME
    + r""" \s+ (?: hang | moi ) \s ngay
      | (?: hang | moi ) \s ngay \s* ,? \s* (?P<cue> truoc | cham \s nhat (?: \s la )? ) \s+ (?: luc \s+ )? """
    + _TIME
    + r""" )
    (?![a-z0-9])
    """,
    regex.VERBOSE,
)

# A cell of a table's deadline column holding a bare period or date: "Quy I/2026", "Thang 3/2025",
# "Nam 2025", "6 thang dau nam 2025", "Tuan dau thang 3/2025", "30/6/2025", "Ngay 15/12/2024".
CELL_PERIOD = regex.compile(
    r"""(?: cac \s )? (?: quy | thang | nam | 0?6 \s thang | nua | tuan ) \s .{1,40}""", regex.VERBOSE
)
# A cell holding a bare period of a periodic duty: "Hằng quý", "Hàng tháng", "Mỗi năm".
CELL_RECURRING = regex.compile(r"""(?: hang | moi ) \s (?: tuan | thang | quy | nam )""", regex.VERBOSE)
CELL_DATE = regex.compile(
    r"""(?: ngay \s+ )? \d{1,2} \s* [/⁄.\-] \s* \d{1,2} (?: \s* [/⁄.\-] \s* \d{2,4} )?""", regex.VERBOSE
)


@cache
def occasion_pattern() -> regex.Pattern[str]:
    """A named day whose date the text does not print: "truoc Tet Nguyen dan", "trong dip Tet"
    (words from data/deadline_words.json)."""
    words = sorted((fold(w) for w in load_table("deadline_words")["occasions"]), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(regex.escape(part) for part in w.split()) for w in words)
    return regex.compile(
        r"""
        (?P<cue> truoc | trong \s dip | cham \s nhat (?: \s la)? (?: \s truoc)? ) \s+
        (?P<occasion> """
        + alternation
        + r""" ) (?![a-z0-9])
        """,
        regex.VERBOSE,
    )


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _quarter(token: str) -> int | None:
    """A quarter's numeral, also as OCR prints the Roman one: "quý 11/2025" (II), "quý 111", "quý lV",
    "quý IW/2025" (the V's strokes doubled; a quarter above 4 does not exist, so the strokes can only
    be I's and a V)."""
    token = token.lower()
    if token in _ROMAN:
        return _ROMAN[token]
    if regex.fullmatch(r"[il1]{2,3}", token):
        return len(token)
    return 4 if regex.fullmatch(r"[il1][vw]", token) else None


_PERIOD_ISO = {"ngay": "P1D", "tuan": "P1W", "thang": "P1M", "quy": "P3M", "nam": "P1Y"}

# How firmly a phrase binds the duty when a sentence holds several (lower wins): an explicit
# "truoc ngay X" over the end of a range or a relative term, over a month or quarter, over a year.
_BINDING_RANK = {
    "date": 0,
    "monthly_due": 0,
    "daily_due": 0,
    "range": 1,
    "until": 1,
    "relative": 1,
    "same_day": 1,
    "week": 2,
    "month": 2,
    "quarter": 2,
    "year": 3,
    "recurring": 4,
    "occasion": 5,
}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str  # a key of _BINDING_RANK
    groups: dict[str, str | None]
    captures: dict[str, list[str]] = field(default_factory=dict)  # every "q"/"m" of a list of periods


def _month_end(year: int, month: int) -> date | None:
    if not (1 <= month <= 12 and 1945 <= year <= 2100):
        return None
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_working_days(start: date, days: int) -> date:
    # Working days skip Saturday and Sunday; public holidays are not known here.
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def _add_months(start: date, months: int) -> date:
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _infer_year(day: int, month: int, issued: date | None) -> date | None:
    # "truoc ngay 25/8" without a year: the first such day not before the issue date.
    if issued is None:
        return None
    candidate = make_date(issued.year, month, day)
    if candidate is not None and candidate < issued:
        candidate = make_date(issued.year + 1, month, day)
    return candidate


def _time(hh: str | None, mm: str | None) -> str | None:
    if hh is None:
        return None
    hour, minute = int(hh), int(mm or 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _calendar_date(g: dict[str, str | None], issued: date | None) -> date | None:
    day = g.get("d")
    month = g.get("m") or g.get("m2")
    year = g.get("y") or g.get("y2")
    if day is None or month is None:
        return None
    if year is None:
        return _infer_year(int(day), int(month), issued)
    return make_date(year, month, day)


def _next_monthly_due(day: int, issued: date | None) -> date | None:
    if issued is None or not 1 <= day <= 31:
        return None
    this_month = make_date(
        issued.year, issued.month, min(day, calendar.monthrange(issued.year, issued.month)[1])
    )
    if this_month is not None and this_month > issued:
        return this_month
    nxt = _add_months(date(issued.year, issued.month, 1), 1)
    return date(nxt.year, nxt.month, min(day, calendar.monthrange(nxt.year, nxt.month)[1]))


def _next_month_due(day: int, issued: date | None) -> date | None:
    # "trước ngày 05 của tháng sau": the day in the month after the issue month
    if issued is None or not 1 <= day <= 31:
        return None
    nxt = _add_months(date(issued.year, issued.month, 1), 1)
    return date(nxt.year, nxt.month, min(day, calendar.monthrange(nxt.year, nxt.month)[1]))


def _next_quarter_due(day: int, issued: date | None) -> date | None:
    # "trước ngày 15 tháng cuối quý": the day in the last month of the issue quarter, or the next one
    if issued is None or not 1 <= day <= 31:
        return None
    last = date(issued.year, (issued.month - 1) // 3 * 3 + 3, 1)
    for months in (0, 3):
        month = _add_months(last, months)
        due = date(month.year, month.month, min(day, calendar.monthrange(month.year, month.month)[1]))
        if due > issued:
            return due
    return None


def _period_end(year: int | None, last_month: int, issued: date | None, before: bool, first_month: int) -> date | None:
    """The last day of a month/quarter period; "trước" a period: the day before it begins.
    Without a printed year, the first such period not ending before the issue date."""
    if year is None:
        if issued is None:
            return None
        year = issued.year
        end = _month_end(year, last_month)
        if end is not None and end < issued:
            year += 1
    if before:
        start = make_date(year, first_month, 1)
        return start - timedelta(days=1) if start else None
    return _month_end(year, last_month)


def _year(printed: str | None) -> int | None:
    return int(printed) if printed else None


def _week_end(issued: date | None, which: str | None, g: dict[str, str | None]) -> date | None:
    if g.get("m"):
        # "trong tuần đầu tháng 3/2025": by the 7th; "tuần cuối tháng 6": by the month's end
        month = int(g["m"] or 0)
        year = _year(g.get("y"))
        end = _period_end(year, month, issued, False, month)
        if end is None:
            return None
        return end.replace(day=7) if (which or "").startswith("dau") else end
    if issued is None:
        return None
    sunday = issued + timedelta(days=6 - issued.weekday())
    return sunday + timedelta(weeks=1) if which in ("toi", "sau") else sunday


def _recurrence(g: dict[str, str | None]) -> str | None:
    if g.get("n"):
        count = int(g["n"] or 0)
        if count == 0:
            return None
        return {"thang": f"P{count}M", "tuan": f"P{count}W", "nam": f"P{count}Y", "quy": f"P{3 * count}M"}[
            g.get("unit1") or "thang"
        ]
    return _PERIOD_ISO[g.get("unit2") or "thang"]


# A term counted before or after an event, not from the issue date: "chậm nhất 05 ngày trước khi tiến
# hành kiểm tra", "trong 05 ngày làm việc sau cuộc họp", "10 ngày trước ngày khai giảng" (folded,
# right after the term). "… sau ngày ký" counts from the issue, and "trước ngày 20/12" is a date.
EVENT_RELATIVE = regex.compile(
    r"""\s* ,? \s* (?: truoc | sau ) \s
        (?: khi | cuoc | buoi | hoi \s nghi | dot | le | ky \s (?:thi|hop|hoc)
          | ngay \s (?! ky\b | ban \s hanh | nhan \s duoc \s (?:van|cong) | \d ) [a-z] )""",
    regex.VERBOSE,
)


def _unknown_event(g: dict[str, str | None], after: str) -> bool:
    """A relative term counted from an event the text gives no date for: "kể từ ngày nhận đủ báo
    cáo", "kể từ ngày nhận được hồ sơ", "kể từ khi hoàn thành thủ tục" (the day of issue or of
    receiving this document, "kể từ ngày ký", "kể từ ngày nhận được văn bản", is known)."""
    if not g.get("since"):
        return False
    anchor = g.get("anchor") or ""
    if not anchor:
        return True
    if anchor.startswith("nhan") and not g.get("received"):
        return after[:1] == " " and after[1:2].isalpha()  # "nhận được hồ sơ", not "nhận được."
    return False


def _value(found: Found, text: str, issued: date | None) -> dict[str, Any] | None:
    g = found.groups
    phrase = text[found.start : found.end].strip(" ,;.")
    result: dict[str, Any] = {"date": None, "text": phrase, "recurrence": None, "time": None}
    when: date | None = None
    cue = (g.get("cue") or "").split()
    before = bool(cue) and cue[-1] == "truoc"
    if found.kind in ("date", "range", "until"):
        when = _calendar_date(g, issued)
        result["time"] = _time(g.get("hh"), g.get("mm")) or _time(g.get("hh2"), g.get("mm2"))
        if when is None:
            return None
        if g.get("yearly"):
            result["recurrence"] = "P1Y"
    elif found.kind == "quarter":
        quarters = found.captures.get("q") or []
        first, last = _quarter(quarters[0]), _quarter(quarters[-1])
        if not first or not last:
            return None
        year = _year(g.get("y"))
        when = _period_end(year, last * 3, issued, before, first * 3 - 2)
        if when is None:
            return None
    elif found.kind == "month":
        months = [int(m) for m in found.captures.get("m") or []]
        if not months or not all(1 <= m <= 12 for m in months):
            return None
        year = _year(g.get("y"))
        if year is None and issued is not None and months[-1] < issued.month:
            year = issued.year + 1
        when = _period_end(year, months[-1], issued, before, months[0])
        if when is None and g.get("y") is not None:
            return None
    elif found.kind == "year":
        last_month = 6 if g.get("half") and g.get("which") == "dau" else 12
        year = _year(g.get("y"))
        if year is None and g.get("half") and issued is not None:
            # "6 tháng đầu năm" without a year: the first such half not over at the issue date
            year = issued.year if (_month_end(issued.year, last_month) or issued) >= issued else issued.year + 1
        when = _month_end(year, last_month) if year else None
        if when is None:
            return None
    elif found.kind == "relative":
        count = int(g["n"] or 0)
        unit = g.get("unit") or ""
        if _unknown_event(g, fold(text)[found.end : found.end + 3]) or (
            not g.get("since") and EVENT_RELATIVE.match(fold(text), found.end)
        ):
            # "… 05 ngày làm việc kể từ ngày nhận đủ báo cáo": counted from a day no one knows yet;
            # the phrase runs to the event's end
            event = EVENT_END.match(text, found.end)
            result["text"] = (text[found.start : found.end] + (event.group() if event else "")).strip(" ,;.")
        elif issued is not None and count > 0:
            if unit == "ngay lam viec":
                when = _add_working_days(issued, count)
            elif unit == "ngay":
                when = issued + timedelta(days=count)
            elif unit == "tuan":
                when = issued + timedelta(weeks=count)
            elif unit == "thang":
                when = _add_months(issued, count)
    elif found.kind == "same_day":
        when = issued
    elif found.kind == "week":
        when = _week_end(issued, g.get("which"), g)
    elif found.kind == "daily_due":
        # due every day at a time: the recurrence and the hour, no single date
        result["recurrence"], result["time"] = "P1D", _time(g.get("hh"), g.get("mm"))
        if result["time"] is None:
            return None
    elif found.kind in ("recurring", "monthly_due"):
        result["recurrence"] = "P3M" if g.get("quarter_end") else _recurrence(g)
        if result["recurrence"] is None:
            return None
        if g.get("bdd"):
            pass  # "(trước ngày 15/6)", "(trước ngày 20)": the bracketed due day of each period, no one date
        elif g.get("dd") and result["recurrence"] == "P1M":
            day = int(g["dd"] or 0)
            when = _next_month_due(day, issued) if g.get("next") else _next_monthly_due(day, issued)
        elif g.get("dd") and (g.get("quarter_end") or result["recurrence"] == "P3M"):
            when = _next_quarter_due(int(g["dd"] or 0), issued)
    # "occasion": a named day the text gives no date for; the phrase is kept, the date stays null
    if not g.get("cue") and found.kind in ("quarter", "month", "year") and (issued is None or (when and when < issued)):
        # a bare period already over ("kết quả quý IV/2024") is what a report covers; without the
        # issue date that cannot be told, and the period stays no deadline
        return None
    if result["recurrence"] and when is not None:
        # "trước ngày 25 hằng tháng", "trước ngày 15/12 hằng năm": the due day of every period, no
        # first due date the text gives (contract: `date` stays null); the next one is kept for
        # the tracker's due lists
        result["next_due"], when = when.isoformat(), None
    result["date"] = when.isoformat() if when else None
    return result


@cache
def _periodic_verb() -> regex.Pattern[str]:
    """A duty word right before a bare "hằng quý": "báo cáo hằng quý" (data/deadline_words.json)."""
    words = sorted((fold(w) for w in load_table("deadline_words")["periodic_verbs"]), key=len, reverse=True)
    alternation = "|".join(r"\s+".join(regex.escape(part) for part in w.split()) for w in words)
    return regex.compile(r"(?<![a-z0-9]) (?: " + alternation + r" ) \s+ \Z", regex.VERBOSE)


# A report, its recipient, then the bare period: "báo cáo Thường trực Đảng ủy hằng ngày", "báo cáo
# UBND tỉnh hằng tháng" (folded; class: directives that ask a body to report to a superior on a
# rhythm). Only letters between: a comma or a full stop ends the report's phrase.
REPORT_TO_THEN_PERIOD = regex.compile(r"""(?<![a-z0-9]) bao \s cao (?: \s [a-z]+ ){1,6} \s+ \Z""", regex.VERBOSE)


def _is_list(cue: str | None, seps: Sequence[str]) -> bool:
    """Months joined by "và" or commas ("tháng 01 và tháng 02/2025"): a list that may stand without
    a cue; like a span ("từ tháng 3 đến tháng 5", "tháng 4-5") it ends with its last month."""
    stripped = [sep.strip() for sep in seps]
    return bool(stripped) and all(sep in (",", "va") for sep in stripped) and not (cue or "").endswith(("truoc", "tu"))


def _accept(kind: str, match: regex.Match[str], folded: str) -> bool:
    if kind == "recurring":
        # a bare "6 thang" is a length, "chi tieu hang nam" a noun phrase: not a duty's period;
        # "bao cao hang quy" is a duty's
        if any(match.groupdict().get(k) for k in ("lead", "due", "weekday", "per")):
            return True
        return bool(match.group("unit2")) and bool(
            _periodic_verb().search(folded, max(0, match.start() - 30), match.start())
            or REPORT_TO_THEN_PERIOD.search(folded, max(0, match.start() - 60), match.start())
        )
    cueless = match.groupdict().get("cue") is None
    if kind == "quarter" and cueless:
        return match.group("y") is not None
    if kind == "month" and cueless:
        return match.group("y") is not None and _is_list(None, match.captures("sep"))
    if kind == "month" and match.group("cue") == "tu" and not match.captures("sep"):
        return False  # "từ tháng 3" alone is a start
    if kind == "month" and match.group("y") is None and match.group("cue").endswith("cuoi"):
        return False  # "cuoi thang 12" without a year is too vague to resolve
    if kind == "year":
        if cueless:
            return bool(match.group("half") and match.group("y"))
        return bool(match.group("y") or match.group("half"))
    if kind == "relative" and match.group("cue") == "sau":
        return " tu " in match.group(0)  # "sau 14 ngày" alone is a length of time, not a term
    return True


def _patterns() -> tuple[tuple[str, regex.Pattern[str]], ...]:
    # earlier patterns are more specific: a later match overlapping an earlier one is dropped
    return (
        ("not_due", NOT_DUE),
        ("range", DATE_RANGE),
        ("recurring", RECURRING_DUE),
        ("date", DATE_DEADLINE),
        ("until", UNTIL),
        ("quarter", QUARTER),
        ("month", MONTH),
        ("year", YEAR),
        ("relative", RELATIVE),
        ("daily_due", DAILY_DUE),
        ("recurring", RECURRING),
        ("recurring", RECURRING_ONCE),
        ("monthly_due", MONTHLY_DUE),
        ("occasion", occasion_pattern()),
        ("same_day", SAME_DAY),
        ("week", WEEK_OF_MONTH),
        ("week", WEEK),
    )


_LISTED = {"quarter": ("q",), "month": ("m", "sep")}  # groups repeated in a list of periods


def _scan(folded: str) -> list[Found]:
    found: list[Found] = []
    for kind, pattern in _patterns():
        for match in pattern.finditer(folded):
            if not _accept(kind, match, folded):
                continue
            span = (match.start(), match.end())
            if any(f.start < span[1] and span[0] < f.end for f in found):
                continue
            captures = {name: match.captures(name) for name in _LISTED.get(kind, ())}
            found.append(Found(span[0], span[1], kind, match.groupdict(), captures))
    return sorted(found, key=lambda f: f.start)


# A date or clock time whose digits OCR read as look-alike letters, on folded (lower-case) text:
# "trong ngay ol/10/2025", "truoc l6 gio oo ngay 25/3/2025" (class: scans and other tools' OCR text,
# where "1" prints as "l" and "0" as "o"). Only a token shaped like a date or a time, with at least
# one real digit in it, is repaired, so words ("lo", "ol") elsewhere are left alone.
OCR_DIGITS = regex.compile(
    r"""(?<![a-z0-9])
    (?: [\dol]{1,2} \s* [/⁄] \s* [\dol]{1,2} (?: \s* [/⁄] \s* [\dol]{4} )? (?![a-z0-9/⁄])
      | [\dol]{1,2} \s* gio (?: \s* [\dol]{2} )? (?![a-z0-9]) )""",
    regex.VERBOSE,
)


def _digits_repaired(folded: str) -> str:
    """The folded text with OCR look-alikes inside date and time tokens read as digits (same length)."""

    def repair(match: regex.Match[str]) -> str:
        parts = match.group().split("gio")  # the "o" of "gio" is a letter
        if not any(c.isdigit() for c in match.group()):
            return match.group()
        return "gio".join(part.translate(LETTER_DIGITS) for part in parts)

    return OCR_DIGITS.sub(repair, folded)


def _word_boundary_ok(folded: str, start: int) -> bool:
    return start == 0 or not folded[start - 1].isalnum()


def _find(text: str, issued: date | None) -> list[tuple[int, int, str, dict[str, Any]]]:
    if not text:
        return []
    folded = fold(text)
    if len(folded) != len(text):
        return []  # offsets would not hold; fold() keeps length for all NFC Vietnamese text
    folded = _digits_repaired(folded)
    out: list[tuple[int, int, str, dict[str, Any]]] = []
    for found in _scan(folded):
        if found.kind == "not_due" or not _word_boundary_ok(folded, found.start):
            continue
        value = _value(found, text, issued)
        if value is not None:
            end = found.end
            while end > found.start and text[end - 1] in " ,;.":
                end -= 1
            out.append((found.start, end, found.kind, value))
    return out


def find_deadlines(text: str, issued: date | None = None) -> list[tuple[int, int, dict[str, Any]]]:
    """Every deadline phrase in `text`, as (start, end, deadline dict), in text order (a directive
    with two deadlines yields both, first one first)."""
    return [(start, end, value) for start, end, _, value in _find(text, issued)]


def kind_of(value: dict[str, Any]) -> str:
    """The kind of a resolved deadline's phrase: "date", "range", "month", "quarter", "year" …"""
    phrase = str(value.get("text") or "")
    folded = fold(phrase)
    found = _scan(_digits_repaired(folded)) if len(folded) == len(phrase) else []
    return found[0].kind if found else "occasion"


def is_firm(value: dict[str, Any]) -> bool:
    """A date the text states outright: an explicit cue, a range's end, a relative term (not a
    month, quarter or year given as the duty's period)."""
    return _BINDING_RANK.get(kind_of(value), 9) <= 1


def binding(values: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The deadline that binds a duty among the phrases of its text, in text order: a dated one
    before an undated one, then the firmest kind ("trước ngày 08/02" over "trong năm 2025", the end
    of a range over a month); among equals the first."""
    if not values:
        return None
    dated = [v for v in values if v.get("date")]
    if not dated:
        periodic = [v for v in values if v.get("recurrence")]
        due = [v for v in periodic if v.get("next_due")]  # "hằng quý … trước ngày 15 tháng cuối quý"
        return (due or periodic or list(values))[0]
    return min(enumerate(dated), key=lambda iv: (_BINDING_RANK.get(kind_of(iv[1]), 9), iv[0]))[1]


def resolve(phrase_text: str, issued: date | None) -> dict[str, Any] | None:
    """The deadline one phrase states (the binding one when it states several), or None."""
    try:
        found = find_deadlines(phrase_text, issued)
        return binding([value for _, _, value in found])
    except Exception:  # noqa: BLE001 — odd text never raises
        return None


def resolve_cell(cell: str, issued: date | None) -> dict[str, Any] | None:
    """The deadline of a table's deadline column, where a bare period or date stands for the
    whole phrase: "Quý I/2026" → 2026-03-31, "Tháng 01 và tháng 02/2015" → 2015-02-28,
    "30/6/2025" → 2025-06-30, "Hằng quý" → P3M; a start alone ("Từ 21/02/2022") or "Thường xuyên" → None."""
    printed = " ".join(cell.split()).strip(" .;,")
    found = resolve(printed, issued)
    if found is not None or not printed:
        return found
    folded = fold(printed)
    for pattern, cue in ((CELL_PERIOD, "trong "), (CELL_DATE, "trước "), (CELL_RECURRING, "định kỳ ")):
        if pattern.fullmatch(folded):
            spans = find_deadlines(cue + printed, issued)
            if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] == len(cue + printed):
                return {**spans[0][2], "text": printed}
    return None
