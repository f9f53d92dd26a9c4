"""The export buttons of the search and register pages, on both engines: each export holds what the
page finds with its current filters (every page of it, not the one open), in the formats of
`congvan export` (obligations CSV, ICS, the follow-up register)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

import pytest
from icalendar import Calendar
from starlette.testclient import TestClient
from tracker_fixtures import DOC_039, SEED_000, SEED_001, TEXT_DOCS, add_account, corpus_record

from congvan.tracker import open_store, open_tracker
from congvan.tracker.api import ObligationFilter
from congvan.tracker.export import OBLIGATION_CSV_COLUMNS, SO_GIAI_QUYET_COLUMNS
from congvan.web.app import WebConfig, create_app
from congvan.web.users import Role

CSRF_INPUT = re.compile(r'name="csrf_token" value="(?P<token>[^"]+)"')
READER = ("chixem", "mat-khau-chi-xem")
DOCS = [SEED_000, SEED_001, DOC_039, *TEXT_DOCS[:5]]


@dataclass(frozen=True)
class Office:
    url: str
    client: TestClient


@pytest.fixture()
def office(store_url: str) -> Office:
    with open_store(store_url) as store:
        for name in dict.fromkeys(DOCS):
            store.ingest(corpus_record(name), f"/in/{name}")
        add_account(store, *READER, Role.READER)
    app = create_app(WebConfig(tracker=open_tracker(store_url), today=date(2021, 11, 25)))
    client = TestClient(app, follow_redirects=False)
    token = CSRF_INPUT.search(client.get("/login").text)["token"]  # type: ignore[index]
    client.post("/login", data={"csrf_token": token, "username": READER[0], "password": READER[1]})
    return Office(store_url, client)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))  # the BOM Excel wants


def test_search_page_links_its_exports_with_its_filters(office: Office) -> None:
    html = office.client.get("/search", params={"issuer": "ban chi dao", "status": "active", "page": "2"}).text
    assert 'href="/search.csv?issuer=ban+chi+dao&amp;status=active"' in html
    assert 'href="/search.ics?issuer=ban+chi+dao&amp;status=active"' in html


def test_search_csv_holds_every_obligation_the_filters_find(office: Office) -> None:
    r = office.client.get("/search.csv", params={"issuer": "ban chi dao", "page": "3"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="nhiem-vu.csv"' in r.headers["content-disposition"]
    rows = csv_rows(r.text)
    with open_store(office.url) as store:
        expected = store.obligations(ObligationFilter(issuer="ban chi dao", limit=1000))
        everything = store.obligations(ObligationFilter(limit=1000))
    assert list(rows[0]) == OBLIGATION_CSV_COLUMNS
    assert [int(row["id"]) for row in rows] == [o.id for o in expected]
    assert 0 < len(rows) < len(everything)
    assert {row["document_number"] for row in rows} == {"4515/VKSTC-T5"}
    overdue = csv_rows(office.client.get("/search.csv", params={"overdue": "1"}).text)
    assert overdue and all(row["due"] and row["due"] < "2021-11-25" for row in overdue)


def test_search_csv_with_a_query_holds_the_obligations_found(office: Office) -> None:
    page = office.client.get("/search", params={"q": "bao cao so ket", "format": "json"}).json()
    shown = {h["id"] for h in page["hits"] if h["kind"] == "obligation"}
    rows = csv_rows(office.client.get("/search.csv", params={"q": "bao cao so ket"}).text)
    assert shown and shown <= {int(row["id"]) for row in rows}
    assert all("4515" in row["document_number"] or "sơ kết" in row["task"].lower() for row in rows)
    assert csv_rows(office.client.get("/search.csv", params={"q": "khongcotukhoanay"}).text) == []


def test_search_ics_is_a_calendar_of_the_same_obligations(office: Office) -> None:
    r = office.client.get("/search.ics", params={"issuer": "ban chi dao"})
    assert r.headers["content-type"].startswith("text/calendar")
    todos = Calendar.from_ical(r.text).walk("VTODO")
    rows = csv_rows(office.client.get("/search.csv", params={"issuer": "ban chi dao"}).text)
    assert len(todos) == len(rows) > 0
    assert {str(t["uid"]).split("-")[2] for t in todos} == {row["id"] for row in rows}
    assert Calendar.from_ical(r.text).walk("VEVENT") == []  # the search page lists obligations only


def test_register_page_links_and_filters_its_exports(office: Office) -> None:
    html = office.client.get("/register", params={"issuer": "ban chi dao"}).text
    for link in ("/register.csv", "/register/so-giai-quyet.csv", "/register.ics"):
        assert f'href="{link}?issuer=ban+chi+dao"' in html
    follow_up = office.client.get("/register/so-giai-quyet.csv", params={"issuer": "ban chi dao"})
    assert 'filename="so-giai-quyet.csv"' in follow_up.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(follow_up.text.removeprefix("\ufeff"))))
    assert rows[0] == SO_GIAI_QUYET_COLUMNS and len(rows) == 2
    assert "4515/VKSTC-T5" in rows[1][2]
    every = list(csv.reader(io.StringIO(office.client.get("/register/so-giai-quyet.csv").text)))
    assert len(every) - 1 == len(dict.fromkeys(DOCS))
    with open_store(office.url) as store:
        report = [d for d in store.documents() if d.number == "4515/VKSTC-T5"][0]
        tasks = store.document_obligations(report.id)
    cal = Calendar.from_ical(office.client.get("/register.ics", params={"issuer": "ban chi dao"}).text)
    assert len(cal.walk("VTODO")) == len(tasks)
    nothing = Calendar.from_ical(office.client.get("/register.ics", params={"year": "1999"}).text)
    assert nothing.walk("VTODO") == [] and nothing.walk("VEVENT") == []
