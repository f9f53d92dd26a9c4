"""Corrections on the document page: a form per field beside its evidence, per obligation, and to
add or remove one; CSRF checked first, editors only; the page and its JSON twin show who fixed
what; a corrected issuer is written to the tracker's local vocabulary."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from congvan.tracker import open_store, open_tracker
from congvan.web.app import WebConfig, create_app
from tests.browser.web_corpus import EDITOR, READER, TODAY, WebCorpus, fill_tracker

CSRF_INPUT = re.compile(r'name="csrf_token" value="(?P<token>[^"]+)"')


@pytest.fixture
def corpus(tmp_path: Path) -> WebCorpus:
    return fill_tracker(tmp_path / "tracker.db")


def signed_in(corpus: WebCorpus, who: tuple[str, str]) -> TestClient:
    app = create_app(WebConfig(tracker=open_tracker(corpus.url), today=date.fromisoformat(TODAY)))
    client = TestClient(app, follow_redirects=False)
    token = CSRF_INPUT.search(client.get("/login").text)["token"]  # type: ignore[index]
    r = client.post("/login", data={"csrf_token": token, "username": who[0], "password": who[1]})
    assert r.status_code == 303
    return client


@pytest.fixture
def editor(corpus: WebCorpus) -> Iterator[TestClient]:
    with signed_in(corpus, EDITOR) as c:
        yield c


def token_of(client: TestClient, path: str) -> str:
    return CSRF_INPUT.search(client.get(path).text)["token"]  # type: ignore[index]


def test_document_page_has_a_form_per_field_beside_its_evidence(editor: TestClient, corpus: WebCorpus) -> None:
    html = editor.get(f"/documents/{corpus.report_document}").text
    for field in ("number", "issued_date", "issuer", "issuer_parent", "subject", "document_type", "signer.name"):
        assert f'name="field" value="{field}"' in html, field
    # the issuer's form sits in the issuer's row, next to its "xem vị trí" evidence link
    row = html[html.index('id="f-issuer"') : html.index('id="f-issuer_parent"')]
    assert 'data-mark="issuer"' in row and 'action="/documents/' in row
    assert html.count('action="/obligations/') >= 4 * 4  # text, assignees, deadline, remove per task
    assert "Thêm nhiệm vụ bị bỏ sót" in html


def test_a_correction_needs_the_csrf_token_and_an_editor(corpus: WebCorpus) -> None:
    doc = corpus.report_document
    with signed_in(corpus, EDITOR) as editor:
        r = editor.post(f"/documents/{doc}/correct", data={"field": "number", "value": "4516/VKSTC-T5"})
        assert r.status_code == 403
    with signed_in(corpus, READER) as reader:
        token = token_of(reader, f"/documents/{doc}")
        assert 'name="field"' not in reader.get(f"/documents/{doc}").text  # no forms for a reader
        r = reader.post(
            f"/documents/{doc}/correct", data={"csrf_token": token, "field": "number", "value": "4516/VKSTC-T5"}
        )
        assert r.status_code == 403
    with open_store(corpus.url) as store:
        assert store.corrections(doc) == []


def test_editor_corrects_a_field_and_the_page_shows_who_and_what(editor: TestClient, corpus: WebCorpus) -> None:
    doc = corpus.report_document
    token = token_of(editor, f"/documents/{doc}")
    r = editor.post(
        f"/documents/{doc}/correct", data={"csrf_token": token, "field": "number", "value": "4516 /VKSTC-T5"}
    )
    assert r.status_code == 303 and r.headers["location"].startswith(f"/documents/{doc}?corrected=")
    data = editor.get(f"/documents/{doc}?format=json").json()
    assert data["document"]["number"] == "4516/VKSTC-T5"
    [fix] = data["corrections"]
    assert (fix["field"], fix["before"], fix["after"], fix["who"]) == (
        "number", "4515/VKSTC-T5", "4516/VKSTC-T5", EDITOR[0]
    )
    html = editor.get(r.headers["location"]).text
    assert "Đã lưu phần hiệu đính" in html
    assert "Lịch sử hiệu đính (1)" in html and "đã hiệu đính" in html
    assert "<del>4515/VKSTC-T5</del> → <ins>4516/VKSTC-T5</ins>" in html

    bad = editor.post(
        f"/documents/{doc}/correct", data={"csrf_token": token, "field": "issued_date", "value": "ngày mai"}
    )
    assert bad.status_code == 400 and "không hợp lệ" in bad.text


def test_editor_corrects_adds_and_removes_obligations(editor: TestClient, corpus: WebCorpus) -> None:
    doc = corpus.report_document
    token = token_of(editor, f"/documents/{doc}")
    ob = corpus.report_obligation
    for data in (
        {"field": "assignees", "value": "Phòng 1\nPhòng 2"},
        {"field": "deadline", "date": "2021-11-30", "deadline_text": "trước ngày 30/11/2021"},
        {"field": "text", "value": "Báo cáo sơ kết 3 năm gửi Ban chỉ đạo."},
    ):
        as_json = {"accept": "application/json"}
        r = editor.post(f"/obligations/{ob}/correct", data={"csrf_token": token, **data}, headers=as_json)
        assert r.status_code == 200, r.text
        assert r.json()["field"] == "task." + data["field"]
    fixed = editor.get(f"/obligations/{ob}?format=json").json()
    text = json.dumps(fixed, ensure_ascii=False)
    assert "Phòng 2" in text and "2021-11-30" in text and "Báo cáo sơ kết 3 năm gửi Ban chỉ đạo." in text

    r = editor.post(
        f"/documents/{doc}/obligations",
        data={"csrf_token": token, "text": "Gửi danh sách cán bộ tuyên truyền.", "assignees": "Phòng 3"},
    )
    assert r.status_code == 303
    tasks = editor.get(f"/documents/{doc}?format=json").json()["obligations"]
    added = tasks[-1]
    assert added["text"] == "Gửi danh sách cán bộ tuyên truyền." and added["assignees"] == ["Phòng 3"]

    no_confirm = editor.post(f"/obligations/{added['id']}/remove", data={"csrf_token": token})
    assert no_confirm.status_code == 400
    r = editor.post(f"/obligations/{added['id']}/remove", data={"csrf_token": token, "confirm": "1"})
    assert r.status_code == 303
    assert [t["id"] for t in editor.get(f"/documents/{doc}?format=json").json()["obligations"]] == [
        t["id"] for t in tasks[:-1]
    ]
    fields = [c["field"] for c in editor.get(f"/documents/{doc}?format=json").json()["corrections"]]
    assert fields == ["task.assignees", "task.deadline", "task.text", "task.added", "task.removed"]


def test_a_corrected_issuer_goes_to_the_local_vocabulary(editor: TestClient, corpus: WebCorpus) -> None:
    doc = corpus.report_document
    token = token_of(editor, f"/documents/{doc}")
    before = editor.get(f"/documents/{doc}?format=json").json()["document"]["issuer"]
    r = editor.post(
        f"/documents/{doc}/correct",
        data={"csrf_token": token, "field": "issuer", "value": "BAN CHỈ ĐẠO TUYÊN TRUYỀN NGÀNH KIỂM SÁT"},
    )
    assert r.status_code == 303
    vocabulary = open_tracker(corpus.url).vocabulary
    names = json.loads(vocabulary.read_text(encoding="utf-8"))["names"]
    assert names == [{"printed": before, "name": "BAN CHỈ ĐẠO TUYÊN TRUYỀN NGÀNH KIỂM SÁT"}]
