"""The web page's access rules, through its test client on a real SQLite tracker filled from the
corpus: nobody unauthenticated, readers cannot change, forged forms are refused, hostile search
input never makes an error page, sessions end."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import date

import pytest
from starlette.testclient import TestClient

from congvan.tracker import open_store, open_tracker
from congvan.tracker.api import ObligationStatus
from congvan.web.app import WebConfig, create_app
from congvan.web.security import SessionPolicy
from tests.browser.web_corpus import EDITOR, READER, TODAY, WebCorpus, fill_tracker

CSRF_INPUT = re.compile(r'name="csrf_token" value="(?P<token>[^"]+)"')


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> WebCorpus:
    return fill_tracker(tmp_path_factory.mktemp("web") / "tracker.db")


@pytest.fixture(scope="module")
def app(corpus: WebCorpus):  # noqa: ANN201 — a Starlette app
    return create_app(WebConfig(tracker=open_tracker(corpus.url), today=date.fromisoformat(TODAY)))


def token_of(client: TestClient, path: str = "/login") -> str:
    match = CSRF_INPUT.search(client.get(path).text)
    assert match, f"no CSRF field on {path}"
    return match["token"]


def signed_in(app, who: tuple[str, str]) -> TestClient:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    r = client.post(
        "/login", data={"csrf_token": token_of(client), "username": who[0], "password": who[1], "next": "/"}
    )
    assert r.status_code == 303 and r.headers["location"] == "/", r.text[:300]
    return client


@pytest.fixture()
def editor(app) -> Iterator[TestClient]:  # noqa: ANN001
    with signed_in(app, EDITOR) as client:
        yield client


@pytest.fixture()
def reader(app) -> Iterator[TestClient]:  # noqa: ANN001
    with signed_in(app, READER) as client:
        yield client


def status_of(corpus: WebCorpus, obligation_id: int) -> ObligationStatus:
    store = open_store(corpus.url)
    try:
        return next(o.status for o in store.obligations() if o.id == obligation_id)
    finally:
        store.close()


PROTECTED = [
    pytest.param("/", id="overview"),
    pytest.param("/search?q=bao+cao", id="search"),
    pytest.param("/documents/{doc}", id="document"),
    pytest.param("/documents/{doc}/original", id="original-file"),
    pytest.param("/documents/{pdf}/pages/1.png", id="page-image"),
    pytest.param("/documents/{doc}/text", id="document-text"),
    pytest.param("/obligations/{ob}", id="obligation"),
    pytest.param("/upload", id="upload"),
]


def fill(path: str, corpus: WebCorpus) -> str:
    return path.format(doc=corpus.report_document, pdf=corpus.pdf_document, ob=corpus.report_obligation)


@pytest.mark.parametrize("path", PROTECTED)
def test_anonymous_page_redirects_to_sign_in(app, corpus: WebCorpus, path: str) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    r = client.get(fill(path, corpus))
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=%2F")


@pytest.mark.parametrize("path", PROTECTED)
def test_anonymous_json_is_401(app, corpus: WebCorpus, path: str) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    r = client.get(fill(path, corpus), headers={"accept": "application/json"})
    assert r.status_code == 401 and r.json()["error"] == "unauthenticated"
    assert "Báo cáo" not in r.text


def test_sign_in_page_is_the_only_open_page(app) -> None:  # noqa: ANN001
    r = TestClient(app).get("/login")
    assert r.status_code == 200 and 'lang="vi"' in r.text and "Đăng nhập" in r.text


def test_anonymous_status_change_refused(app, corpus: WebCorpus) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    token = token_of(client)
    r = client.post(
        f"/obligations/{corpus.report_obligation}/status", data={"csrf_token": token, "status": "done"}
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert status_of(corpus, corpus.report_obligation) is ObligationStatus.OPEN


def test_wrong_password_refused(app) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    r = client.post(
        "/login", data={"csrf_token": token_of(client), "username": EDITOR[0], "password": "sai-mat-khau"}
    )
    assert r.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in r.text
    assert client.get("/").status_code == 303


def test_unknown_user_gets_the_same_answer(app) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    r = client.post(
        "/login", data={"csrf_token": token_of(client), "username": "khong-co", "password": "x" * 10}
    )
    assert r.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in r.text


def test_reader_cannot_change_status(reader: TestClient, corpus: WebCorpus) -> None:
    page = reader.get(f"/obligations/{corpus.report_obligation}")
    assert page.status_code == 200 and "chỉ được xem" in page.text and 'action="/obligations' not in page.text
    token = token_of(reader, "/")
    r = reader.post(
        f"/obligations/{corpus.report_obligation}/status", data={"csrf_token": token, "status": "done"}
    )
    assert r.status_code == 403
    assert status_of(corpus, corpus.report_obligation) is ObligationStatus.OPEN


def test_reader_cannot_upload(reader: TestClient) -> None:
    token = token_of(reader, "/")
    r = reader.post("/upload", data={"csrf_token": token}, files={"files": ("a.txt", b"CONG VAN")})
    assert r.status_code == 403


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(None, id="no-token"),
        pytest.param("", id="empty-token"),
        pytest.param("forged" * 7, id="wrong-token"),
    ],
)
def test_forged_status_form_refused(editor: TestClient, corpus: WebCorpus, token: str | None) -> None:
    data = {"status": "cancelled", "note": "forged"}
    if token is not None:
        data["csrf_token"] = token
    r = editor.post(f"/obligations/{corpus.report_obligation}/status", data=data)
    assert r.status_code == 403 and "CSRF" in r.text
    assert status_of(corpus, corpus.report_obligation) is ObligationStatus.OPEN


def test_token_of_another_session_refused(app, editor: TestClient, corpus: WebCorpus) -> None:  # noqa: ANN001
    other = signed_in(app, EDITOR)
    stolen = token_of(other, "/")
    r = editor.post(
        f"/obligations/{corpus.report_obligation}/status", data={"csrf_token": stolen, "status": "done"}
    )
    assert r.status_code == 403
    assert status_of(corpus, corpus.report_obligation) is ObligationStatus.OPEN


def test_sign_in_without_csrf_refused(app) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    r = client.post("/login", data={"username": EDITOR[0], "password": EDITOR[1]})
    assert r.status_code == 403
    assert client.get("/").status_code == 303


def test_sign_out_needs_csrf_and_ends_session(editor: TestClient) -> None:
    assert editor.post("/logout", data={}).status_code == 403
    assert editor.get("/").status_code == 200
    r = editor.post("/logout", data={"csrf_token": token_of(editor, "/")})
    assert r.status_code == 303 and editor.get("/").status_code == 303


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("//evil.example/x", id="scheme-relative"),
        pytest.param("https://evil.example/", id="absolute"),
        pytest.param("/\\evil.example", id="backslash"),
    ],
)
def test_sign_in_never_redirects_off_site(app, target: str) -> None:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    data = {"csrf_token": token_of(client), "username": EDITOR[0], "password": EDITOR[1], "next": target}
    r = client.post("/login", data=data)
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_session_expires(corpus: WebCorpus) -> None:
    short = create_app(WebConfig(tracker=open_tracker(corpus.url), session=SessionPolicy(lifetime_s=1, idle_s=1)))
    with signed_in(short, EDITOR) as client:
        assert client.get("/").status_code == 200
        time.sleep(2.1)
        r = client.get("/")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


@pytest.mark.parametrize(
    ("remember", "max_age"),
    [pytest.param(None, False, id="browser-session"), pytest.param("1", True, id="ghi-nho")],
)
def test_session_cookie_flags(app, remember: str | None, max_age: bool) -> None:  # noqa: ANN001
    """The cookie ends with the browser unless "ghi nhớ" was ticked (then it lasts the 8 h)."""
    client = TestClient(app, follow_redirects=False)
    data = {"csrf_token": token_of(client), "username": EDITOR[0], "password": EDITOR[1]}
    if remember:
        data["remember"] = remember
    r = client.post("/login", data=data)
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert ("max-age=28800" in cookie) is max_age
    client.get("/")  # the cookie written again (the idle clock) keeps its kind
    assert client.get("/").status_code == 200


def test_security_headers(editor: TestClient) -> None:
    r = editor.get("/")
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["cache-control"] == "no-store"


HOSTILE = [
    pytest.param('"', id="quote"),
    pytest.param("'; DROP TABLE obligations; --", id="sql"),
    pytest.param('bao cao" OR 1=1 --', id="fts-quote-or"),
    pytest.param("NEAR(bao cao, 2)", id="fts-near"),
    pytest.param("* ^ : - + ( ) { }", id="fts-operators"),
    pytest.param("exact:bao", id="fts-column"),
    pytest.param("AND OR NOT", id="fts-keywords"),
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param("[[báo cáo]]", id="snippet-marks"),
    pytest.param("%_%\\", id="like-wildcards"),
    pytest.param("\x00\x01\x7f", id="control-chars"),
    pytest.param("a\u0301\u0323\u0300" * 20, id="combining-marks"),
    pytest.param("🙂 𝔟𝔞𝔬", id="astral"),
    pytest.param("báo " * 3000, id="very-long"),
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_search_never_errors(editor: TestClient, query: str) -> None:
    r = editor.get("/search", params={"q": query})
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    j = editor.get("/search", params={"q": query, "format": "json"})
    assert j.status_code == 200 and isinstance(j.json()["hits"], list)


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({"due_before": "31/02/2021"}, id="impossible-day"),
        pytest.param({"due_after": "<b>x</b>", "issued_from": "2021-13-01"}, id="junk-dates"),
        pytest.param({"status": "deleted"}, id="unknown-status"),
        pytest.param({"page": "-5"}, id="negative-page"),
        pytest.param({"page": "99999999999999999999"}, id="huge-page"),
        pytest.param({"assignee": "%", "issuer": "_", "type": "'"}, id="wildcard-filters"),
        pytest.param({"q": "bao cao", "overdue": "1", "due_before": "1/1/1"}, id="year-one"),
    ],
)
def test_hostile_filters_never_error(editor: TestClient, params: dict[str, str]) -> None:
    r = editor.get("/search", params=params)
    assert r.status_code == 200 and "<b>x</b>" not in r.text


def test_snippet_is_escaped_except_the_marks(editor: TestClient) -> None:
    r = editor.get("/search", params={"q": "bao cao so ket"})
    assert "<mark>báo cáo sơ kết</mark>" in r.text
    assert "[[" not in r.text


def test_editor_changes_status_with_token(app, corpus: WebCorpus) -> None:  # noqa: ANN001
    store = open_store(corpus.url)
    try:
        other = next(o for o in store.obligations() if o.document_id == corpus.pdf_document)
    finally:
        store.close()
    with signed_in(app, EDITOR) as client:
        token = token_of(client, f"/obligations/{other.id}")
        r = client.post(
            f"/obligations/{other.id}/status",
            data={"csrf_token": token, "status": "in_progress", "note": "đã giao <phòng> 1"},
        )
        assert r.status_code == 303 and r.headers["location"] == f"/obligations/{other.id}?saved=1"
        page = client.get(r.headers["location"])
        assert "Đang thực hiện" in page.text and "đã giao &lt;phòng&gt; 1" in page.text
        history = client.get(f"/obligations/{other.id}?format=json").json()["history"]
        assert history[-1]["who"] == EDITOR[0] and history[-1]["status"] == "in_progress"
    assert status_of(corpus, other.id) is ObligationStatus.IN_PROGRESS


def test_unknown_ids_are_404_pages(editor: TestClient) -> None:
    for path in ("/documents/999999", "/obligations/999999", "/documents/999999/pages/1.png"):
        r = editor.get(path)
        assert r.status_code == 404 and "Không" in r.text
