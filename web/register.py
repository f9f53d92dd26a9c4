"""The arrival register page (sổ đăng ký văn bản đến): its lines by số đến, filtered by year, arrival
dates, issuer and type; printable in the Nghị định 30 layout (a print stylesheet in app.css) and
exported as CSV with the same filters (the so-den export's columns)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from congvan.tracker.api import Store
from congvan.tracker.arrivals import RegisterFilter
from congvan.tracker.export import EVERY_LINE, SO_DEN_COLUMNS, csv_text, so_den_rows
from congvan.web.pages import parse_day
from congvan.web.render import page
from congvan.web.security import signed_in
from congvan.web.users import User

REGISTER_PAGE = 1000  # lines shown (a year of a small office); the CSV has them all


@dataclass(frozen=True)
class RegisterForm:
    year: str
    arrived_from: str
    arrived_to: str
    issuer: str
    doc_type: str


def read_form(params: QueryParams) -> RegisterForm:
    def text(name: str, limit: int = 100) -> str:
        return " ".join(params.get(name, "").split())[:limit]

    return RegisterForm(text("year", 4), text("from", 20), text("to", 20), text("issuer"), text("type", 40))


def register_filter(form: RegisterForm, limit: int) -> tuple[RegisterFilter, list[str]]:
    """The store's filter from the form; a field that does not parse is dropped with a message."""
    errors: list[str] = []
    year = None
    if form.year:
        if form.year.isdigit():
            year = int(form.year)
        else:
            errors.append(f"Năm: “{form.year}” không phải một năm.")
    days = {}
    for name, label in (("arrived_from", "Đến từ ngày"), ("arrived_to", "Đến đến ngày")):
        try:
            days[name] = parse_day(getattr(form, name))
        except ValueError:
            days[name] = None
            errors.append(f"{label}: “{getattr(form, name)}” không phải ngày (dd/mm/yyyy).")
    flt = RegisterFilter(
        year=year,
        arrived_from=days["arrived_from"],
        arrived_to=days["arrived_to"],
        issuer=form.issuer or None,
        document_type=form.doc_type or None,
        limit=limit,
    )
    return flt, errors


def register_data(store: Store, flt: RegisterFilter) -> dict[str, Any]:
    rows = so_den_rows(store, flt)
    docs = store.register(flt)
    lines = []
    for doc, row in zip(docs, rows, strict=True):
        stamp = doc.record.get("arrival") if isinstance(doc.record, dict) else None
        lines.append({"document_id": doc.id, "cells": dict(zip(SO_DEN_COLUMNS, row, strict=True)), "stamp": stamp})
    return {"columns": SO_DEN_COLUMNS, "lines": lines, "years": store.register_years()}


@signed_in()
async def register(request: Request, user: User) -> Response:
    form = read_form(request.query_params)
    flt, errors = register_filter(form, REGISTER_PAGE)
    data = await request.app.state.stores.run(register_data, flt)
    query = {k: v for k, v in request.query_params.items() if k != "format"}
    context = {"form": form, "errors": errors, "query": query, **data}
    return page(request, "register.html", context, {"errors": errors, **data})


@signed_in()
async def register_csv(request: Request, user: User) -> Response:
    flt, _ = register_filter(read_form(request.query_params), EVERY_LINE)
    rows = await request.app.state.stores.run(so_den_rows, flt)
    return Response(
        csv_text(SO_DEN_COLUMNS, rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="so-den.csv"'},
    )
