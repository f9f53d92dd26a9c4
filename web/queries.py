"""The overview page's counts and short lists, put together from the store's queries (each
answered from an index; see bench_web.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from congvan.tracker.api import Obligation, Store, StoredDocument

OVERVIEW_LIST = 10  # obligations shown per overview section
ASSIGNEE_SAMPLE = (
    2000  # active obligations due latest (up to the end of the month) whose assignees are counted
)


@dataclass(frozen=True)
class Section:
    count: int
    items: list[Obligation]


@dataclass(frozen=True)
class Overview:
    today: date
    week_end: date
    month_end: date
    overdue: Section
    this_week: Section
    this_month: Section
    by_assignee: list[tuple[str, int]]
    newest: list[StoredDocument]


def end_of_week(today: date) -> date:
    """Sunday of this week (Vietnamese weeks run Monday to Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def end_of_month(today: date) -> date:
    first_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_next - timedelta(days=1)


def by_assignee(store: Store, month_end: date) -> list[tuple[str, int]]:
    """Who has work: assignees of the active obligations overdue or due by the end of the month,
    counted over the ASSIGNEE_SAMPLE due latest (the index on (status, due) bounds the read)."""
    counts: Counter[str] = Counter()
    for assignees in store.active_assignees(month_end + timedelta(days=1), ASSIGNEE_SAMPLE):
        for name in assignees or ("(chưa rõ)",):
            counts[" ".join(name.split())] += 1
    return counts.most_common(15)


def overview(store: Store, today: date) -> Overview:
    week_end, month_end = end_of_week(today), end_of_month(today)
    day = timedelta(days=1)

    def section(after: date | None, before: date) -> Section:
        return Section(store.count_active_due(after, before), store.active_due(after, before, OVERVIEW_LIST))

    return Overview(
        today=today,
        week_end=week_end,
        month_end=month_end,
        overdue=section(None, today),
        this_week=section(today, week_end + day),
        this_month=section(today, month_end + day),
        by_assignee=by_assignee(store, month_end),
        newest=store.newest_documents(OVERVIEW_LIST),
    )
