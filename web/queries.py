"""The overview page's counts and short lists, put together from the store's queries (each
answered from an index; see bench_web.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from congvan.tracker.api import Obligation, ObligationFilter, Store, StoredDocument

ACTIVE_STATUS = "active"  # the search form's status for open or in progress
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
    by_assignee: list[AssigneeRow]
    newest: list[StoredDocument]
    undated: Section  # open, without a deadline ("chưa có hạn"), oldest first
    proposed: Section  # proposed as done by an outgoing reply, awaiting an editor
    overdue_order: str = "most_late"  # or "least_late" (?tre=it)
    # the Celery engine's queue (pages.broker_figures) when a broker is configured, else None
    queue: dict[str, Any] | None = None


def end_of_week(today: date) -> date:
    """Sunday of this week (Vietnamese weeks run Monday to Sunday)."""
    return today + timedelta(days=6 - today.weekday())


def end_of_month(today: date) -> date:
    first_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_next - timedelta(days=1)


UNASSIGNED = "(chưa rõ)"


@dataclass(frozen=True)
class AssigneeRow:
    name: str  # UNASSIGNED: no unit read
    count: int
    link: str  # the search listing exactly the obligations counted


def assignee_filter(name: str, month_end: date) -> ObligationFilter:
    """The obligations a row counts, as the search page filters them: active, due by the end of
    the month (overdue included), the name matched as the search matches it."""
    if name == UNASSIGNED:
        return ObligationFilter(unassigned=True, active_only=True, due_before=month_end)
    return ObligationFilter(assignee=name, active_only=True, due_before=month_end)


def assignee_link(name: str, month_end: date) -> str:
    who = {"unassigned": "1"} if name == UNASSIGNED else {"assignee": name}
    return "/search?" + urlencode({**who, "status": ACTIVE_STATUS, "due_before": month_end.strftime("%d/%m/%Y")})


def by_assignee(store: Store, month_end: date) -> list[AssigneeRow]:
    """Who has work: the assignees most often named on the active obligations overdue or due by
    the end of the month (the ASSIGNEE_SAMPLE due latest; the index on (status, due) bounds the
    read), each counted with the search filter its link opens, so the number is the list's length."""
    names: Counter[str] = Counter()
    for assignees in store.active_assignees(month_end + timedelta(days=1), ASSIGNEE_SAMPLE):
        for name in assignees or (UNASSIGNED,):
            names[" ".join(name.split())] += 1
    rows = []
    for name, _ in names.most_common(15):
        count = sum(store.status_counts(assignee_filter(name, month_end)).values())
        rows.append(AssigneeRow(name, count, assignee_link(name, month_end)))
    return sorted(rows, key=lambda r: (-r.count, r.name))


# The overdue list's orders (?tre=…): the longest late first (the default) or the most recent.
OVERDUE_ORDERS = {"nhieu": "most_late", "it": "least_late"}


def days_late(o: Obligation, today: date) -> int:
    """Days past the deadline (0: not late, or not open)."""
    active = o.status.value in ("open", "in_progress")
    return (today - o.due).days if active and o.due is not None and o.due < today else 0


def overview(store: Store, today: date, overdue_order: str = "most_late") -> Overview:
    week_end, month_end = end_of_week(today), end_of_month(today)
    day = timedelta(days=1)
    least_late = overdue_order == "least_late"
    overdue = Section(
        store.count_active_due(None, today), store.active_due(None, today, OVERVIEW_LIST, latest_first=least_late)
    )

    def section(after: date | None, before: date) -> Section:
        return Section(store.count_active_due(after, before), store.active_due(after, before, OVERVIEW_LIST))

    return Overview(
        today=today,
        week_end=week_end,
        month_end=month_end,
        overdue=overdue,
        this_week=section(today, week_end + day),
        this_month=section(today, month_end + day),
        by_assignee=by_assignee(store, month_end),
        newest=store.newest_documents(OVERVIEW_LIST),
        undated=Section(store.count_undated_active(), store.undated_active(OVERVIEW_LIST)),
        proposed=Section(len(pending := store.proposed_done(OVERVIEW_LIST + 1)), pending[:OVERVIEW_LIST]),
        overdue_order="least_late" if least_late else "most_late",
    )
