"""Events: meetings a dispatch invites to (field `events`).

    extract(text, context) -> Extraction

A giấy mời or a "Thông báo … (thay cho Giấy mời)" states the meeting's time ("Vào lúc 08 giờ 00
phút, ngày 09/11/2024"), place ("Địa điểm: …") and attendees ("Thành phần:" and its bullets).
Only meetings still to come are events: a time that is not after the issue date, or a time that
is a deadline ("trước 14 giờ 00 ngày 29/7/2020") or the start of a ban ("từ 13 giờ 00 ngày …"),
is not one; a conclusion notice that reports a past meeting has none. A weekly schedule's table
(extractors/schedule.py) gives one event per row that has a day and a clock time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import regex

from congvan.extractors.base import Candidate, Context, Extraction, ExtractorSpec
from congvan.extractors.landmarks import phrase
from congvan.extractors.obligations.dispatch import document_type, is_dispatch
from congvan.extractors.obligations.segment import Paragraph, body_bounds, paragraphs
from congvan.extractors.schedule import schedule_rows
from congvan.extractors.textutil import collapse, fold, lines, make_date
from congvan.extractors.vocab import load_table
from congvan.schemas.fields import field_warning

# The meeting time, on folded text: "vao luc 08 gio 00 phut, ngay 09/11/2024",
# "thoi gian: 14h00 ngay 20/12/2024", "luc 7 gio 30, thu Bay, ngay 15 thang 3 nam 2024",
# "thoi gian: tu 08 gio 00 den 11 gio 30 ngay 05/6/2025".
EVENT_TIME = regex.compile(
    r"""
    (?P<cue> thoi \s gian \s* (?:hop|to \s chuc|khai \s mac|bat \s dau)? \s* : \s* (?:vao \s )? (?:luc \s )?
           | (?<![a-z]) (?:vao \s )? luc \s | bat \s dau \s (?:tu \s |luc \s )? )
    (?: tu \s )?
    (?P<hh>\d{1,2}) \s* (?:gio|h) \s* (?P<mm>\d{2})? (?: \s* phut)?
    (?: \s* (?:den|-|–) \s* (?P<eh>\d{1,2}) \s* (?:gio|h) \s* (?P<em>\d{2})? (?: \s* phut)? )?
    [^0-9]{0,40}? ngay \s+
    (?P<d>\d{1,2}) \s* (?: [/.\-] \s* (?P<m>\d{1,2}) \s* [/.\-] \s* (?P<y>\d{4})
                        | \s+ thang \s+ (?P<m2>\d{1,2}) \s+ nam \s+ (?P<y2>\d{4}) )
    """,
    regex.VERBOSE,
)

# The subject of an invitation, title of the meeting after its verb: "Về việc tham dự Hội nghị …",
# "V/v mời dự họp …" (folded, for the prefix length only).
TITLE_PREFIX = regex.compile(
    rf"^(?:{phrase('ve_viec')}|{phrase('vv')})\s*:?\s*(?:moi\s+)?(?:tham\s+du|du|to\s+chuc)?\s*"
)

# A meeting word that makes a subject line a meeting's title.
MEETING_WORD = regex.compile(
    r"\b(?:hoi\s+nghi|hop|hoi\s+thao|toa\s+dam|tap\s+huan|giao\s+ban|buoi\s+lam\s+viec|le\s+|dai\s+hoi|ky\s+hop)"
)

# The type title above the subject: "THÔNG BÁO", "GIẤY MỜI".
TYPE_TITLE = regex.compile(r"^\W*(?:thong\s+bao|giay\s+moi)\W*$")

# The first line of a body after the subject: "Thực hiện Công văn số …", "Căn cứ …", "Kính gửi: …".
BODY_OPENER = regex.compile(rf"^\W*(?:thuc\s+hien|can\s+cu|{phrase('kinh_gui')}|theo\s|de\s|ngay\s|nham\s|sau\s+khi)")

# Labels of the invitation's parts (folded): "Địa điểm:", "3. Địa điểm:", "Thành phần:",
# "Thành phần tham dự:".
PLACE_LABEL = regex.compile(r"^(?:dia\s+diem)(?:\s+(?:hop|to\s+chuc))?\s*:\s*")
ATTENDEES_LABEL = regex.compile(r"^thanh\s+phan(?:\s+(?:tham\s+du|moi|du\s+hop))?\s*:?\s*")
# The sentence that introduces a giấy mời's invitees, folded: "Phòng Giáo dục và Đào tạo trân
# trọng kính mời:" (the names follow inline or as bullets).
INVITEES_LABEL = regex.compile(r"""(?:^|\s)(?:tran\s+trong\s+)?(?:kinh|xin)\s+moi\s*:\s*""", regex.VERBOSE)

# A place right after the time: "…, ngày 05/12/2024 (thứ Năm), tại Hội trường UBND tỉnh." (original text).
INLINE_PLACE = regex.compile(
    r"""[^.;\n]{0,30}? ,? \s* tại \s+ (?P<place> [^.;()\n]{3,150}? ) \s* (?: [.;(] | \n | $ )""",
    regex.VERBOSE,
)

# The day in a schedule's time cell, folded: "thu hai, 14/4/2025, 08 gio 00", "14/4 (thu hai)".
SCHEDULE_DAY = regex.compile(r"(?<!\d)(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?(?!\d)")
# A clock time in a schedule's time cell, folded, and its end: "08 gio 00", "14h00", "7 gio 30 - 11 gio 30".
SCHEDULE_CLOCK = regex.compile(
    r"""(?<![\d/.]) (?P<hh>\d{1,2}) \s* (?:gio|h) \s* (?P<mm>\d{2})? (?: \s* phut)?
        (?: \s* (?:den|-|–) \s* (?P<eh>\d{1,2}) \s* (?:gio|h) \s* (?P<em>\d{2})? )?""",
    regex.VERBOSE,
)
# Attendees in a schedule's cell are listed with ";" (a comma stays inside "Các sở, ban, ngành").
ATTENDEE_SEPARATOR = regex.compile(r"\s*;\s*")

# A trailing note on an attendee line: "(giao Ban Dân tộc tỉnh thông báo)".
TRAILING_NOTE = regex.compile(r"\s*\([^()]*\)\s*$")


@cache
def _gathering() -> regex.Pattern[str]:
    """ "Hội nghị", "dự họp", "buổi làm việc" … (extractors/data/gatherings.json), word-bounded."""
    table = load_table("gatherings")
    marked = "|".join(regex.escape(w) for w in sorted(table["words"], key=len, reverse=True))
    folded = "|".join(regex.escape(w) for w in sorted(table["folded"], key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}\d])(?:(?P<marked>{marked})|(?P<folded>{folded}))(?![\p{{L}}\d])")


def _names_gathering(text: str) -> bool:
    """Does the text name a gathering? A marked word on the lower-cased text ("họp", not the
    "hợp" of "phối hợp"), a folded one on the folded text (a text printed without marks)."""
    pattern = _gathering()
    return any(m.group("marked") for m in pattern.finditer(text.lower())) or any(
        m.group("folded") for m in pattern.finditer(fold(text))
    )


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    begins: datetime
    ends: datetime | None


def _meeting_times(text: str, issued: date | None, recorded: bool = False) -> Iterator[_Found]:
    """Every time in the body a meeting could start at, in order. `recorded`: the text is the
    minutes of a meeting (a biên bản), whose own meeting, on or before its date, is no event."""
    folded = fold(text)
    for match in EVENT_TIME.finditer(folded):
        g = match.groupdict()
        day = make_date(g["y"] or g["y2"], g["m"] or g["m2"], g["d"])
        hour, minute = int(g["hh"]), int(g["mm"] or 0)
        if day is None or hour > 23 or minute > 59:
            continue
        if issued is not None and (day < issued or (recorded and day == issued)):
            continue  # a meeting already held is reported on, not announced
        begins = datetime(day.year, day.month, day.day, hour, minute)
        ends = None
        if g["eh"] is not None and int(g["eh"]) <= 23 and int(g["em"] or 0) <= 59:
            ends = datetime(day.year, day.month, day.day, int(g["eh"]), int(g["em"] or 0))
        yield _Found(match.start(), match.end(), begins, ends)


def _title(text: str, context: Context) -> str | None:
    subject = context.known.get("subject")
    candidates: list[str] = [subject] if isinstance(subject, str) else []
    head = [line.stripped for line in lines(text, 0, min(len(text), 3000))]
    for index, line in enumerate(head):
        if TYPE_TITLE.match(fold(line)):
            # the subject: the lines under the type title, up to the first body line or blank
            subject_lines = []
            for nxt in head[index + 1 : index + 5]:
                if not nxt or BODY_OPENER.match(fold(nxt)) or nxt.endswith((":", ".")):
                    break  # a subject line never ends a sentence; the body's first line often does
                subject_lines.append(nxt)
            candidates.append(" ".join(subject_lines))
            break
    # a subject naming a meeting first, else any subject: the record needs a title
    for candidate in sorted(candidates, key=lambda c: not MEETING_WORD.search(fold(c))):
        prefix = TITLE_PREFIX.match(fold(candidate))
        title = collapse(candidate[prefix.end() if prefix else 0 :]).rstrip(" .;")
        if title:
            return title
    return None


def _content(para: Paragraph) -> str:
    return para.text[para.content_at :]


def _labelled(
    paras: list[Paragraph], label: regex.Pattern[str], anywhere: bool = False
) -> tuple[int, str] | None:
    """The first paragraph opening with `label` (or holding it, `anywhere`) and its text after it."""
    for index, para in enumerate(paras):
        content = _content(para)
        folded = fold(content)
        match = label.search(folded) if anywhere else label.match(folded)
        if match:
            return index, content[match.end() :]
    return None


def _place(paras: list[Paragraph], body: str, time_end: int) -> str | None:
    found = _labelled(paras, PLACE_LABEL)
    if found is not None:
        return collapse(found[1]).rstrip(" .;") or None
    # no "Địa điểm:" line: the place follows the time ("…, ngày 05/12/2024, tại Hội trường …")
    inline = INLINE_PLACE.match(body, time_end)
    return collapse(inline.group("place")) if inline else None


def _attendees(paras: list[Paragraph]) -> list[str]:
    found = _labelled(paras, ATTENDEES_LABEL) or _labelled(paras, INVITEES_LABEL, anywhere=True)
    if found is None:
        return []
    index, inline = found
    names: list[str] = []
    if collapse(inline).strip(" .;:"):
        names.append(collapse(inline).rstrip(" .;"))
    for para in paras[index + 1 :]:
        if para.kind != "bullet":
            break
        name = TRAILING_NOTE.sub("", collapse(_content(para)).rstrip(" .;")).rstrip(" .;")
        if name:
            names.append(name)
    return names


def _is_gathering(paras: list[Paragraph], at: int, title: str | None) -> bool:
    """Is the time at `at` that of a gathering? The subject, the paragraph holding the time or the
    one that introduces it names one ("Giấy mời dự Hội nghị …", "… tổ chức họp vào lúc …")."""
    scope = [title] if title else []
    for index, para in enumerate(paras):
        if para.start <= at < para.end or para.start > at:
            scope += [p.text for p in paras[max(0, index - 1) : index + 1]]
            break
    return any(_names_gathering(text) for text in scope)


def _schedule_day(cell: str, issued: date | None, last: date | None) -> date | None:
    """The day of a schedule row: printed in its time cell (the year from the issue date where the
    cell leaves it out), else the day of the row above (a merged day cell spans its rows)."""
    match = SCHEDULE_DAY.search(cell)
    if match is None:
        return last
    year = match.group("y") or (str(issued.year) if issued else None)
    day = make_date(year, match.group("m"), match.group("d")) if year else None
    if day is not None and not match.group("y") and issued is not None and (issued - day).days > 180:
        day = make_date(str(issued.year + 1), match.group("m"), match.group("d"))  # a schedule across New Year
    return day


def _schedule_events(text: str, context: Context) -> list[Candidate]:
    """One event per row of a weekly schedule that has a day and a clock time still to come."""
    issued = context.issued_date
    found: list[Candidate] = []
    last: date | None = None
    for row in schedule_rows(text):
        cell = fold(f'{row.text("time")} {row.text("clock")}'.strip())  # "Thứ Hai 12/01" | "07h30"
        last = _schedule_day(cell, issued, last)
        clock = SCHEDULE_CLOCK.search(SCHEDULE_DAY.sub(" ", cell))
        title = row.text("content")
        if last is None or clock is None or not title:
            continue
        hour, minute = int(clock.group("hh")), int(clock.group("mm") or 0)
        if hour > 23 or minute > 59 or (issued is not None and last < issued):
            continue
        begins = datetime(last.year, last.month, last.day, hour, minute)
        ends = None
        if clock.group("eh") is not None and int(clock.group("eh")) <= 23 and int(clock.group("em") or 0) <= 59:
            ends = datetime(last.year, last.month, last.day, int(clock.group("eh")), int(clock.group("em") or 0))
        attendees = [a.rstrip(" .;") for a in ATTENDEE_SEPARATOR.split(row.text("attendees")) if a.strip(" .;")]
        value: dict[str, Any] = {
            "title": title.rstrip(" .;"),
            "start": begins.isoformat(),
            "end": ends.isoformat() if ends else None,
            "place": row.text("place").rstrip(" .;") or None,
            "attendees": attendees,
            "evidence": {"start": row.start, "end": row.end},
        }
        found.append(Candidate("events", value, row.start, row.end, "events.schedule", 0.8))
    return found


def _events(text: str, context: Context) -> list[Candidate]:
    if not text or not is_dispatch(text, context):
        return []
    scheduled = _schedule_events(text, context)
    if scheduled:
        return scheduled
    start, end = body_bounds(text)
    paras = paragraphs(text, start, end)
    title = _title(text, context)
    # the first time that is a gathering's: "tạm ngưng cung cấp nước … Thời gian: từ 22 giờ 00 ngày
    # 14/10/2023" is no meeting
    recorded = document_type(text, context) in _recording_types()
    times = _meeting_times(text[start:end], context.issued_date, recorded)
    found = next((f for f in times if _is_gathering(paras, start + f.start, title)), None)
    if found is None:
        return []
    # a biên bản's "Địa điểm:" and "Thành phần:" lines are those of the meeting it records
    labelled = [] if recorded else paras
    value: dict[str, Any] = {
        "title": title or "",
        "start": found.begins.isoformat(),
        "end": found.ends.isoformat() if found.ends else None,
        "place": _place(labelled, text[start:end], found.end),
        "attendees": _attendees(labelled),
    }
    span_start, span_end = start + found.start, start + found.end
    for para in labelled:
        folded = fold(_content(para))
        if PLACE_LABEL.match(folded) or ATTENDEES_LABEL.match(folded):
            span_start, span_end = min(span_start, para.start), max(span_end, para.end)
    value["evidence"] = {"start": span_start, "end": span_end}
    return [Candidate("events", value, span_start, span_end, "events.invitation", 0.8)]


@cache
def _recording_types() -> frozenset[str]:
    # a biên bản records a meeting held; what it announces is a later one ("Cuộc họp thống nhất tổ
    # chức Đại hội … vào lúc 07 giờ 30 phút ngày 05/7/2025 tại …")
    return frozenset(load_table("gatherings").get("recording_document_types", []))


SPEC = ExtractorSpec(
    "events", ("events",), requires=("issued_date", "document_type", "is_dispatch", "subject"), order=120
)


def extract(text: str, context: Context) -> Extraction:
    try:
        return Extraction(tuple(_events(text, context)))
    except Exception as exc:  # noqa: BLE001 — the contract: extractors never raise
        return Extraction(warnings=(field_warning("events", f"không đọc được cuộc họp: {type(exc).__name__}: {exc}"),))
