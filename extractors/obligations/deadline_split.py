"""One directive with two deadlines is two tasks (gold guide): "Kết thúc hoạt động … trước ngày
31 tháng 5 năm 2026. Khẩn trương xây dựng … trước ngày 30 tháng 6 năm 2026." gives one task per
deadline, each ending with the clause that states it.

Only the directive's own paragraph is split, at the sentence or ";" clause that holds a firm
deadline (a date, a range's end, a relative term) or a recurrence ("vào thứ Sáu hàng tuần"). A
period ("trong năm 2025", "trong tháng 01 và tháng 02/2025") splits nothing: it is the
background the binding choice passes over.
"""

from __future__ import annotations

from typing import Any

import regex

from congvan.extractors.deadlines import binding, is_firm, kind_of

Range = tuple[int, int]
Deadline = tuple[int, int, dict[str, Any]]

# Where a clause ends: a full stop before the next sentence, or a ";" ("… vào thứ Sáu hàng tuần
# theo định kỳ; báo cáo tổng thể kết quả thực hiện trước ngày 05 tháng 7 năm 2026.").
# A comma ends one too before a clause that opens with its own deadline: "… xong trước ngày 01
# tháng 5 năm 2026 đối với chi phí năm 2023, xong trước ngày 01 tháng 8 năm 2026 đối với …".
CLAUSE_END = regex.compile(
    r"""(?: \. | ; ) \s+ (?= [\p{L}\d(] )
      | , \s+ (?= (?: xong | hoàn \s+ thành | hoàn \s+ tất ) \s+ (?: trước | chậm \s+ nhất ) \b )""",
    regex.VERBOSE | regex.IGNORECASE,
)


def _splittable(value: dict[str, Any]) -> bool:
    return bool(value.get("recurrence")) or (bool(value.get("date")) and is_firm(value))


# What follows a period that closes its own clause: "… người lao động trong tháng 10/2025; kiểm tra …".
CLAUSE_CLOSE = regex.compile(r"\s*;\s+\p{L}")


def _closes_clause(flat: str, deadline: Deadline, end: int) -> bool:
    """A month or a quarter that ends a ";" clause of its own is that clause's deadline, as a
    firm date is ("Giao Văn phòng … tổ chức phổ biến Quy chế … trong tháng 10/2025; kiểm tra …,
    báo cáo Chánh án trước ngày 15/12/2025": two duties, two deadlines; class: quyết định and
    kế hoạch whose article chains duties with ";"). A year, or a period inside its sentence, stays
    the background the binding choice passes over."""
    value = deadline[2]
    if not value.get("date") or kind_of(value) not in ("month", "quarter"):
        return False
    return CLAUSE_CLOSE.match(flat, deadline[1], end) is not None


# "… báo cáo sơ kết 6 tháng trước ngày 15/6/2026 | và báo cáo tổng kết năm trước ngày 15/12/2026":
# a deadline closed by "và" and a new verb phrase; each of the two is a task of the whole clause.
AND_NEXT_DUTY = regex.compile(r"\s*,?\s+và\s+(?=\p{Ll})")


def _joined_duties(flat: str, held: list[Deadline]) -> bool:
    """Does the clause hold firm deadlines each closed by "và" before the next (class: kế hoạch
    and thông báo of provinces and unions asking for a mid-year and a year-end report in one
    sentence)? The gold guide: one directive with two deadlines is two tasks."""
    if len(held) < 2 or not all(_splittable(d[2]) and d[2].get("date") for d in held):
        return False
    for before, after in zip(held, held[1:], strict=False):
        joint = AND_NEXT_DUTY.match(flat, before[1])
        # "… từ ngày 31/12/2026 đến hết ngày 03/01/2027 và từ ngày 04/02/2027 …": two periods of
        # one duty, the second deadline right after "và"
        if joint is None or after[0] <= joint.end():
            return False
    return True


def _clause_values(flat: str, held: list[Deadline]) -> list[dict[str, Any] | None]:
    if _joined_duties(flat, held):
        return [d[2] for d in held]
    periods = [d[2] for d in held if d[2].get("recurrence") and not d[2].get("date")]
    if len(periods) == len(held) > 1 and len({v["recurrence"] for v in periods}) == len(periods):
        # "báo cáo định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12)": one report per
        # period, each a task with the clause's text
        return list(periods)
    return [binding([d[2] for d in held])]


def split(flat: str, start: int, end: int, deadlines: list[Deadline]) -> list[tuple[Range, dict[str, Any]]]:
    """The parts of the paragraph flat[start:end], each with its deadline, when it states two or
    more different ones; [] when it stays one task."""
    inside = [
        d for d in deadlines if start <= d[0] < end and (_splittable(d[2]) or _closes_clause(flat, d, end))
    ]
    if len(inside) < 2:
        return []
    clause_ends = [m.end() for m in CLAUSE_END.finditer(flat, start, end)] + [end]
    parts: list[tuple[Range, list[Deadline]]] = []
    part_start = start
    for clause_end in clause_ends:
        held = [d for d in inside if part_start <= d[0] < clause_end]
        if held:
            parts.append(((part_start, clause_end), held))
            part_start = clause_end
    if part_start < end and parts and flat[part_start:end].strip():
        (first, _), held = parts[-1]
        parts[-1] = ((first, end), held)  # trailing words after the last deadline stay with it
    chosen = [(span, value) for span, held in parts for value in _clause_values(flat, held)]
    keys = {(v["date"], v["recurrence"]) for _, v in chosen if v}
    if len(chosen) < 2 or len(keys) < 2:
        return []
    return [((s, e), value) for (s, e), value in chosen if value is not None]
