"""The arrival register page (/register), its JSON twin, its CSV export and its print layout, on a
corpus-filled tracker."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import pytest
from starlette.testclient import TestClient
from test_web_pages import sign_in

from congvan.tracker import open_store, open_tracker
from congvan.tracker.export import SO_DEN_COLUMNS
from congvan.web.app import WebConfig, create_app
from tests.browser.web_corpus import TODAY, WebCorpus, fill_tracker


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> WebCorpus:
    return fill_tracker(tmp_path_factory.mktemp("register") / "tracker.db")


@pytest.fixture(scope="module")
def client(corpus: WebCorpus) -> Iterator[TestClient]:
    app = create_app(WebConfig(tracker=open_tracker(corpus.url), today=date.fromisoformat(TODAY)))
    with sign_in(app) as c:
        yield c


def stored_count(corpus: WebCorpus) -> tuple[int, int]:
    with open_store(corpus.url) as store:
        docs = store.documents()
        return len(docs), sum(d.duplicate_of is None for d in docs)


def test_register_json_lists_every_registered_document_by_arrival_number(
    client: TestClient, corpus: WebCorpus
) -> None:
    data = client.get("/register", params={"format": "json"}).json()
    assert data["columns"] == SO_DEN_COLUMNS
    _, originals = stored_count(corpus)
    numbers = [line["cells"]["Số đến"] for line in data["lines"]]
    assert numbers == list(range(1, originals + 1))
    report = next(line for line in data["lines"] if line["document_id"] == corpus.report_document)
    assert report["cells"]["Số, ký hiệu"] == "4515/VKSTC-T5"
    year = date.today().year
    assert data["years"] == [year]
    assert client.get("/register", params={"format": "json", "year": year - 1}).json()["lines"] == []
    only = client.get("/register", params={"format": "json", "issuer": "ban chi dao"}).json()["lines"]
    assert corpus.report_document in [line["document_id"] for line in only] and len(only) < originals


def test_register_refuses_a_date_it_cannot_read_in_vietnamese(client: TestClient) -> None:
    data = client.get("/register", params={"format": "json", "from": "31/02/2021"}).json()
    assert data["errors"] == ["Đến từ ngày: “31/02/2021” không phải ngày (dd/mm/yyyy)."]


def test_register_html_has_the_nghi_dinh_30_columns_a_print_button_and_the_csv_link(client: TestClient) -> None:
    html = client.get("/register", params={"issuer": "vien"}).text
    heads = ["Số đến", "Ngày đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung"]
    assert all(f'<th scope="col">{h}</th>' in html for h in heads)
    assert 'href="/register.csv?issuer=vien"' in html and "window.print()" in html
    assert "Sổ văn bản đến" in client.get("/").text  # in the menu
    css = client.get("/static/app.css").text
    assert "@media print" in css and "A4 landscape" in css


def test_register_csv_is_the_so_den_export_with_the_page_filters(client: TestClient, corpus: WebCorpus) -> None:
    r = client.get("/register.csv", params={"issuer": "ban chi dao"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows[0] == SO_DEN_COLUMNS
    json_lines = client.get("/register", params={"format": "json", "issuer": "ban chi dao"}).json()["lines"]
    assert [int(r[1]) for r in rows[1:]] == [line["cells"]["Số đến"] for line in json_lines]


def test_register_needs_a_signed_in_user(corpus: WebCorpus) -> None:
    app = create_app(WebConfig(tracker=open_tracker(corpus.url), today=date.fromisoformat(TODAY)))
    with TestClient(app, follow_redirects=False) as anonymous:
        assert anonymous.get("/register", params={"format": "json"}).status_code == 401
        assert anonymous.get("/register.csv").status_code in (303, 401)


def test_the_document_page_shows_its_arrival_number(client: TestClient, corpus: WebCorpus) -> None:
    doc = client.get(f"/documents/{corpus.report_document}", params={"format": "json"}).json()["document"]
    line = next(
        line
        for line in client.get("/register", params={"format": "json"}).json()["lines"]
        if line["document_id"] == corpus.report_document
    )
    assert doc["arrival_number"] == line["cells"]["Số đến"] and doc["arrival_year"] == date.today().year
    html = client.get(f"/documents/{corpus.report_document}").text
    expected = f'<a href="/register?year={doc["arrival_year"]}">{doc["arrival_number"]}/{doc["arrival_year"]}</a>'
    assert "Số đến (sổ văn bản đến)" in html and expected in html
