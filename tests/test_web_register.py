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
from tracker_fixtures import SEED_000, SEED_001, corpus_record

from congvan.schemas.record import Arrival, Record, Span
from congvan.tracker import open_store, open_tracker
from congvan.tracker.export import SO_DEN_COLUMNS
from congvan.web.app import WebConfig, create_app
from congvan.web.users import Role, add_user
from tests.browser.web_corpus import EDITOR, TODAY, WebCorpus, fill_tracker


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


def test_register_json_lists_every_registered_document_by_arrival_number(client: TestClient, corpus: WebCorpus) -> None:
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


def stamped(name: str, number: str | None, day: str | None) -> Record:
    """A corpus record as the receiving-stamp reader leaves it on a scan (pipeline/ocr/receiving.py)."""
    arrival = Arrival(number=number, date=day, confidence=0.97, evidence=Span(start=0, end=10))
    return corpus_record(name).model_copy(update={"arrival": arrival})


def test_a_register_line_says_what_the_receiving_stamp_reads(store_url: str) -> None:
    with open_store(store_url) as store:
        read = store.ingest(stamped(SEED_000, "1875", "2025-02-05"), "/in/000.txt").document_id
        date_only = store.ingest(stamped(SEED_001, None, "2018-03-21"), "/in/001.txt").document_id
        plain = store.ingest(corpus_record("003.pdf"), "/in/003.pdf").document_id
        add_user(store, *EDITOR, Role.EDITOR)
    app = create_app(WebConfig(tracker=open_tracker(store_url), today=date.fromisoformat(TODAY)))
    with sign_in(app) as client:
        html = client.get("/register").text
        data = client.get("/register", params={"format": "json"}).json()

    def cell(doc_id: int) -> str:
        start = html.index(f'<a href="/documents/{doc_id}">')
        return " ".join(html[start : html.index("</td>", start)].split())

    # the số đến the register gave at intake stays the line's number; the stamp's reading is marked beside it
    numbers = {line["document_id"]: line["cells"]["Số đến"] for line in data["lines"]}
    assert [numbers[read], numbers[date_only], numbers[plain]] == [1, 2, 3]
    assert cell(read).startswith(f'<a href="/documents/{read}">1</a> <span class="stamp"')
    assert "(theo dấu đến: số 1875, ngày 05/02/2025)" in cell(read)
    assert "(theo dấu đến: số …, ngày 21/03/2018)" in cell(date_only)
    assert "dấu đến" not in cell(plain)
    stamps = {line["document_id"]: line["stamp"] for line in data["lines"]}
    assert (stamps[read]["number"], stamps[read]["date"], stamps[plain]) == ("1875", "2025-02-05", None)
