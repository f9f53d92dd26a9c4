"""What the web page shows, through its JSON twins and HTML, on a corpus-filled SQLite tracker."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tracker_fixtures import CORPUS

from congvan.operations.intake import IntakeConfig
from congvan.pipeline.settings import OcrMode, Settings
from congvan.tracker import open_tracker
from congvan.web.app import WebConfig, create_app
from congvan.web.uploads import UploadFolders, safe_filename
from tests.browser.web_corpus import EDITOR, TODAY, WebCorpus, fill_tracker

CSRF_INPUT = re.compile(r'name="csrf_token" value="(?P<token>[^"]+)"')


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> WebCorpus:
    return fill_tracker(tmp_path_factory.mktemp("webpages") / "tracker.db")


def sign_in(app) -> TestClient:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    token = CSRF_INPUT.search(client.get("/login").text)["token"]  # type: ignore[index]
    r = client.post("/login", data={"csrf_token": token, "username": EDITOR[0], "password": EDITOR[1]})
    assert r.status_code == 303
    return client


@pytest.fixture(scope="module")
def client(corpus: WebCorpus) -> Iterator[TestClient]:
    app = create_app(WebConfig(tracker=open_tracker(corpus.url), today=date.fromisoformat(TODAY)))
    with sign_in(app) as c:
        yield c


def test_overview_counts_overdue_on_the_chosen_day(client: TestClient, corpus: WebCorpus) -> None:
    data = client.get("/?format=json").json()
    assert data["today"] == TODAY and data["week_end"] == "2021-11-28" and data["month_end"] == "2021-11-30"
    overdue_ids = [o["id"] for o in data["overdue"]["items"]]
    assert corpus.report_obligation in overdue_ids
    assert data["overdue"]["count"] == 4  # the four tasks of 4515/VKSTC-T5, due 20/11/2021
    link = "/search?assignee=VKSND+c%C3%A1c+c%E1%BA%A5p&status=active&due_before=30%2F11%2F2021"
    assert {"name": "VKSND các cấp", "count": 4, "link": link} in data["by_assignee"]
    assert len(data["newest"]) == 8


def test_overview_html_is_vietnamese_day_first(client: TestClient) -> None:
    html = client.get("/").text
    assert "Quá hạn" in html and "20/11/2021" in html and "2021-11-20</" not in html


def test_search_without_diacritics_finds_the_report_task(client: TestClient, corpus: WebCorpus) -> None:
    hits = client.get("/search", params={"q": "bao cao so ket", "format": "json"}).json()["hits"]
    assert hits[0]["kind"] == "document" and hits[0]["id"] == corpus.report_document
    assert "[[báo cáo sơ kết]]" in hits[0]["snippet"]
    assert any(h["kind"] == "obligation" and h["id"] == corpus.report_obligation for h in hits)


def test_search_filters_as_the_cli(client: TestClient, corpus: WebCorpus) -> None:
    data = client.get(
        "/search", params={"overdue": "1", "assignee": "vksnd cac cap", "format": "json"}
    ).json()
    assert data["mode"] == "list" and {o["document_id"] for o in data["obligations"]} == {
        corpus.report_document
    }
    none = client.get(
        "/search", params={"q": "bao cao", "issued_from": "01/01/2030", "format": "json"}
    ).json()
    assert none["hits"] == []


def test_pdf_document_has_evidence_boxes(client: TestClient, corpus: WebCorpus) -> None:
    data = client.get(f"/documents/{corpus.pdf_document}?format=json").json()
    assert data["evidence"]["kind"] == "pdf_layer" and data["original_available"]
    marks = {m["key"]: m for m in data["evidence"]["marks"]}
    number = marks["number"]
    assert number["page"] == 1 and len(number["boxes"]) == 1
    box = number["boxes"][0]
    assert 0.1 < box["left"] < 0.4 and 0.08 < box["top"] < 0.2  # "Số: 542/TB-UBND", header left column
    assert marks["signer"]["page"] == 2 and marks["signer"]["boxes"]
    assert all(m["boxes"] for k, m in marks.items() if k.startswith("task-"))
    html = client.get(f"/documents/{corpus.pdf_document}").text
    assert (
        'data-mark="number"' in html
        and "<rect" in html
        and f"/documents/{corpus.pdf_document}/pages/1.png" in html
    )


def test_page_image_is_a_png(client: TestClient, corpus: WebCorpus) -> None:
    r = client.get(f"/documents/{corpus.pdf_document}/pages/1.png")
    assert r.status_code == 200 and r.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/documents/{corpus.pdf_document}/pages/3.png").status_code == 404


def test_text_document_marks_the_spans_in_its_text(client: TestClient, corpus: WebCorpus) -> None:
    html = client.get(f"/documents/{corpus.report_document}").text
    assert '<mark data-mark="number" title="Số, ký hiệu">4515 /VKSTC-T5</mark>' in html
    assert "tô sáng trong văn bản" in html


def test_original_file_link(client: TestClient, corpus: WebCorpus) -> None:
    r = client.get(f"/documents/{corpus.report_document}/original")
    assert r.status_code == 200 and r.content == (CORPUS / "000_e566c0ecd86c5a3b.txt").read_bytes()


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        pytest.param("../../etc/passwd", "passwd", id="traversal"),
        pytest.param("C:\\Users\\x\\Công văn 01.pdf", "Công văn 01.pdf", id="windows-path"),
        pytest.param(".bashrc", "bashrc", id="hidden"),
        pytest.param("a<b>|c?.txt", "a_b__c_.txt", id="odd-characters"),
    ],
)
def test_upload_names_are_made_safe(sent: str, kept: str) -> None:
    assert safe_filename(sent) == kept


def test_upload_goes_through_intake(corpus: WebCorpus, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    folders = UploadFolders(inbox, tmp_path / "archive", tmp_path / "failed")
    config = WebConfig(
        tracker=open_tracker(corpus.url), folders=folders, intake=IntakeConfig(settings=Settings(ocr=OcrMode.NEVER))
    )
    app = create_app(config)
    with sign_in(app) as client:
        token = CSRF_INPUT.search(client.get("/upload").text)["token"]  # type: ignore[index]
        files = [
            ("files", ("039.txt", (CORPUS / "039.txt").read_bytes(), "text/plain")),
            ("files", ("rong.pdf", b"", "application/pdf")),
        ]
        r = client.post("/upload?format=json", data={"csrf_token": token}, files=files)
        assert r.status_code == 200 and len(r.json()["jobs"]) == 2
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            jobs = client.get("/upload?format=json").json()["jobs"]
            if all(j["state"] == "done" for j in jobs):
                break
            time.sleep(0.5)
    outcomes = {j["name"]: j for j in jobs}
    assert outcomes["039.txt"]["outcome"] == "same_bytes" and outcomes["039.txt"]["document_id"]
    assert outcomes["rong.pdf"]["outcome"] == "failed"
    assert (tmp_path / "archive" / "039.txt").exists()
    error = json.loads((tmp_path / "failed" / "rong.pdf.error.json").read_text(encoding="utf-8"))
    assert error["stage"] and "empty" in error["reason"]
    assert not any((inbox / ".web-uploads").iterdir())  # staging folders cleaned up
