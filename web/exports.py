"""The export buttons of the search and register pages: the exports of `congvan export` (tracker/
export.py) limited to what the page shows with its current filters, whatever page of results is
open. Search: the obligations found (CSV, ICS). Register: the arrival register itself is
register.register_csv; here the follow-up register (sổ theo dõi giải quyết) and the calendar of
the listed documents' obligations and meetings."""

from __future__ import annotations

from dataclasses import replace
from itertools import islice

from starlette.requests import Request
from starlette.responses import Response

from congvan.tracker.api import Obligation, ObligationFilter, Store
from congvan.tracker.arrivals import RegisterFilter
from congvan.tracker.export import EVERY_LINE, ics_calendar, obligations_csv, so_giai_quyet_csv
from congvan.web.pages import read_search_form, search_filter, today_of
from congvan.web.register import read_form, register_filter
from congvan.web.security import signed_in
from congvan.web.users import User

EXPORT_LIMIT = 100_000  # obligations of one search export (a search ranks at most 2,000 per kind)
ICS_TYPE = "text/calendar; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"


def found_obligations(store: Store, query: str, flt: ObligationFilter) -> list[Obligation]:
    """The obligations the search page finds, every page of them: the listed ones without a query;
    with one, the obligations matched and those of the documents matched (the filters applied to
    both), in the order of the hits."""
    flt = replace(flt, limit=EXPORT_LIMIT, offset=0)
    if not query:
        return list(islice(store.iter_obligations(flt), EXPORT_LIMIT))
    out: dict[int, Obligation] = {}
    for hit in store.search(query, flt):
        if hit.kind == "obligation":
            found = store.obligation(hit.id)
            if found is not None:
                out.setdefault(found.id, found)
        else:
            for o in store.obligations(replace(flt, document_id=hit.document_id)):
                out.setdefault(o.id, o)
    return list(out.values())


def _attachment(body: str, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _search_obligations(request: Request) -> tuple[str, ObligationFilter]:
    form = read_search_form(request.query_params)
    flt, _ = search_filter(form, today_of(request))  # a field that does not parse is dropped, as on the page
    return form.q, flt


@signed_in()
async def search_csv(request: Request, user: User) -> Response:
    query, flt = _search_obligations(request)
    found = await request.app.state.stores.run(found_obligations, query, flt)
    return _attachment(obligations_csv(found), CSV_TYPE, "nhiem-vu.csv")


@signed_in()
async def search_ics(request: Request, user: User) -> Response:
    query, flt = _search_obligations(request)

    def calendar(store: Store) -> str:
        found = found_obligations(store, query, flt)
        return ics_calendar(store, obligations=found, documents=[]).to_ical().decode("utf-8")

    return _attachment(await request.app.state.stores.run(calendar), ICS_TYPE, "nhiem-vu.ics")


def _register_filter(request: Request) -> RegisterFilter:
    flt, _ = register_filter(read_form(request.query_params), EVERY_LINE)
    return flt


@signed_in()
async def register_follow_up_csv(request: Request, user: User) -> Response:
    flt = _register_filter(request)
    body = await request.app.state.stores.run(so_giai_quyet_csv, flt)
    return _attachment(body, CSV_TYPE, "so-giai-quyet.csv")


@signed_in()
async def register_ics(request: Request, user: User) -> Response:
    flt = _register_filter(request)

    def calendar(store: Store) -> str:
        docs = [d for d in store.register(flt) if d.deleted_at is None]
        ids = {d.id for d in docs}
        tasks = [o for o in store.iter_obligations() if o.document_id in ids]
        return ics_calendar(store, obligations=tasks, documents=docs).to_ical().decode("utf-8")

    return _attachment(await request.app.state.stores.run(calendar), ICS_TYPE, "so-den.ics")
