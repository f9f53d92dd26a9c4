"""Issue #16, "Broken details": what a clerk trips over on the web page, reproduced on a
corpus-filled tracker (SQLite file; the store methods on both engines)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from starlette.requests import Request
from starlette.routing import Route
from starlette.testclient import TestClient
from tracker_fixtures import CORPUS, SEED_000, corpus_record

from congvan import errors
from congvan.schemas.fields import DOC_TYPE_LABELS, doc_type_label, field_warning, warning_field
from congvan.schemas.record import DocumentType
from congvan.tracker import open_store, open_tracker
from congvan.tracker.api import ObligationFilter, ObligationStatus, UnknownDocument
from congvan.web.app import WebConfig, create_app
from congvan.web.uploads import MAX_NAME_BYTES, UploadFolders, UploadQueue, safe_filename
from tests.browser.web_corpus import EDITOR, TODAY, WebCorpus, fill_tracker

CSRF_INPUT = re.compile(r'name="csrf_token" value="(?P<token>[^"]+)"')
# Common English words that never occur in our Vietnamese pages ("to", "in", "do", "an", "no",
# "can" are Vietnamese words too and are left out). Codes and names (PDF, OCR, DOCX) are allowed.
ENGLISH = re.compile(
    r"\b(the|and|not|found|file|files|error|page|read|with|without|named|bytes|start|too|many|method|"
    r"allowed|invalid|missing|failed|unknown|please|number|disagrees|handwritten|signature|warning|"
    r"server|internal|request|field|fields|exceeded|maximum|document|should|could|which|this|that|"
    r"from|been|only|dropped|contract|value|check|low|confidence|is|are|was|of|for|unreadable)\b",
    re.IGNORECASE | re.VERBOSE,
)
TAG = re.compile(r"<code>.*?</code>|<[^>]+>", re.DOTALL)


def english_in(html: str) -> list[str]:
    """English words in the text a clerk reads (tags, attribute values and <code> left out)."""
    body = html.split("<body>", 1)[-1]
    return ENGLISH.findall(unescape(TAG.sub(" ", body)))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> WebCorpus:
    return fill_tracker(tmp_path_factory.mktemp("webdetails") / "tracker.db")


def token_of(client: TestClient, path: str = "/login") -> str:
    return CSRF_INPUT.search(client.get(path).text)["token"]  # type: ignore[index]


def sign_in(client: TestClient, next_path: str = "/") -> Any:
    token = token_of(client)
    return client.post(
        "/login",
        data={"csrf_token": token, "username": EDITOR[0], "password": EDITOR[1], "next": next_path},
    )


def make_app(corpus: WebCorpus, **extra: Any) -> Any:
    return create_app(WebConfig(tracker=open_tracker(corpus.url), today=date.fromisoformat(TODAY), **extra))


@pytest.fixture(scope="module")
def client(corpus: WebCorpus) -> Iterator[TestClient]:
    with TestClient(make_app(corpus), follow_redirects=False) as c:
        assert sign_in(c).status_code == 303
        yield c


# ---- document types -----------------------------------------------------------------------------
def test_every_type_has_its_own_label_and_unknown_is_never_another_type() -> None:
    assert set(DOC_TYPE_LABELS) == {t.value for t in DocumentType}
    assert doc_type_label("cong_van") == "Công văn"
    assert doc_type_label("other") == "Văn bản khác"
    assert doc_type_label("khong-co") == doc_type_label(None) == "Không rõ loại"
    assert "Thông tư liên tịch" not in DOC_TYPE_LABELS.values()


def test_a_cong_van_page_shows_its_type(client: TestClient, corpus: WebCorpus) -> None:
    doc = client.get(f"/documents/{corpus.report_document}?format=json").json()["document"]
    assert doc["document_type"] == "cong_van"
    html = client.get(f"/documents/{corpus.report_document}").text
    assert re.search(r"<h1>Công văn 4515/VKSTC-T5</h1>", html)
    assert re.search(r"<dt>Loại văn bản</dt><dd>Công văn", html)


# ---- a form kept across sign-in ---------------------------------------------------------------
def test_a_note_sent_after_the_session_ended_comes_back_in_the_form(corpus: WebCorpus) -> None:
    ob = corpus.report_obligation
    with TestClient(make_app(corpus), follow_redirects=False) as c:
        assert sign_in(c).status_code == 303
        page = c.get(f"/obligations/{ob}").text
        form_token = CSRF_INPUT.findall(page)[-1]
        c.cookies.clear()  # the session ended (expired, or signed out elsewhere)
        note = "Đã nhắc các đơn vị gửi báo cáo trước ngày 30/11; chờ Kế hoạch bổ sung."
        sent = c.post(
            f"/obligations/{ob}/status",
            data={"csrf_token": form_token, "status": "in_progress", "note": note},
            headers={"referer": f"http://testserver/obligations/{ob}"},
        )
        assert sent.status_code == 303 and sent.headers["location"] == f"/login?next=%2Fobligations%2F{ob}"
        stashed = list(c.app.state.stash._items.values())  # type: ignore[attr-defined]
        assert stashed and "csrf_token" not in stashed[0][1]
        signed = sign_in(c, f"/obligations/{ob}")
        assert signed.status_code == 303 and signed.headers["location"] == f"/obligations/{ob}"
        back = c.get(f"/obligations/{ob}")
        assert back.status_code == 200
        assert f">{note}</textarea>" in back.text
        assert re.search(r'value="in_progress" checked', back.text)
        assert "nội dung bạn nhập đã được giữ lại" in back.text
        again = c.get(f"/obligations/{ob}").text  # restored once only
        assert f">{note}</textarea>" not in again
        assert ObligationStatus.IN_PROGRESS.value not in [
            h["status"] for h in c.get(f"/obligations/{ob}?format=json").json()["history"]
        ]  # nothing was saved without the clerk sending it again


# ---- JSON sign-in ----------------------------------------------------------------------------------
def test_a_json_client_signs_in_and_changes_a_status(corpus: WebCorpus) -> None:
    with TestClient(make_app(corpus), follow_redirects=False) as c:
        first = c.get("/login?format=json")
        assert first.status_code == 200 and "congvan_session" in first.headers.get("set-cookie", "")
        token = first.json()["csrf_token"]
        refused = c.post("/login", json={"username": EDITOR[0], "password": EDITOR[1]})
        assert refused.status_code == 403
        signed = c.post(
            "/login?format=json", json={"username": EDITOR[0], "password": EDITOR[1], "csrf_token": token}
        )
        assert signed.status_code == 200 and signed.json()["user"] == EDITOR[0]
        wrong = c.post("/login?format=json", json={"username": EDITOR[0], "password": "x", "csrf_token": token})
        assert wrong.status_code in (401, 403)
        overview = c.get("/?format=json")
        assert overview.status_code == 200 and "overdue" in overview.json()
        changed = c.post(
            f"/obligations/{corpus.report_obligation}/status?format=json",
            data={"status": "open", "note": "mở lại"},
            headers={"x-csrf-token": signed.json()["csrf_token"]},
        )
        assert changed.status_code == 200 and changed.json()["who"] == EDITOR[0]


# ---- page images are cached, pages with data are not ---------------------------------------------
def test_page_images_are_cached_by_content_hash_and_pages_are_not(client: TestClient, corpus: WebCorpus) -> None:
    page = client.get(f"/documents/{corpus.pdf_document}")
    assert page.headers.get_list("cache-control") == ["no-store"]
    image = client.get(f"/documents/{corpus.pdf_document}/pages/1.png")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    assert image.headers.get_list("cache-control") == ["private, max-age=31536000, immutable"]
    etag = image.headers["etag"]
    again = client.get(f"/documents/{corpus.pdf_document}/pages/1.png", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.get(f"/documents/{corpus.pdf_document}/pages/2.png", headers={"if-none-match": etag})
    assert other.status_code in (200, 404) and other.headers.get("etag") != etag


# ---- no 500 on fuzzed routes ------------------------------------------------------------------------
ID_ROUTES = [
    "/documents/{}",
    "/documents/{}/original",
    "/documents/{}/pages/1.png",
    "/documents/{}/text",
    "/documents/{}/delete",
    "/obligations/{}",
    "/obligations/{}/status",
]
BAD_IDS = ["9223372036854775808", "99999999999999999999999", "-1", "0", "abc", "1e9", "%00", "١٢"]


def test_fuzzed_ids_names_and_methods_never_give_500(corpus: WebCorpus) -> None:
    with TestClient(make_app(corpus), follow_redirects=False) as client:
        sign_in(client)
        fuzz(client, corpus)


def fuzz(client: TestClient, corpus: WebCorpus) -> None:
    token = token_of(client, f"/documents/{corpus.report_document}")
    seen: dict[int, int] = {}
    paths = [r.format(i) for r in ID_ROUTES for i in BAD_IDS]
    paths += ["/", "/login", "/logout", "/search", "/upload", "/documents/1/pages/99999999999999999999.png"]
    for path in paths:
        for method in ("GET", "POST", "PUT", "DELETE", "PATCH"):
            r = client.request(method, path, data={"csrf_token": token})
            assert r.status_code < 500, (method, path, r.status_code)
            seen[r.status_code] = seen.get(r.status_code, 0) + 1
    assert client.get("/documents/9223372036854775808").status_code == 404
    assert seen.get(405) and seen.get(404)


def test_a_long_vietnamese_upload_name_is_shortened_keeping_its_extension(tmp_path: Path) -> None:
    long_name = "Kế hoạch " + "ệ" * 120 + ".pdf"  # the 120 Vietnamese letters: 360 bytes
    assert len(long_name.encode()) > 255
    short = safe_filename(long_name)
    assert short.endswith(".pdf") and len(short.encode()) <= MAX_NAME_BYTES and short.startswith("Kế hoạch")
    assert safe_filename("../../" + "đ" * 300) == "đ" * (MAX_NAME_BYTES // 2)
    folders = UploadFolders(tmp_path / "inbox", tmp_path / "archive", tmp_path / "failed")
    queue = UploadQueue(folders, WebConfig.__dataclass_fields__["intake"].default_factory(), None, 1 << 20)  # type: ignore[misc,arg-type]
    job = queue.submit(long_name, open(CORPUS / "039.txt", "rb"), "bientap")  # noqa: SIM115
    assert job.staged is not None and job.staged.read_bytes() == (CORPUS / "039.txt").read_bytes()


# ---- every message a clerk reads is Vietnamese ----------------------------------------------------
def test_no_english_on_any_page_or_error(corpus: WebCorpus, tmp_path: Path) -> None:
    folders = UploadFolders(tmp_path / "inbox", tmp_path / "archive", tmp_path / "failed")
    app = make_app(corpus, folders=folders)

    async def boom(request: Request) -> Any:
        raise RuntimeError("an English internal detail")

    app.router.routes.append(Route("/boom", boom))
    ob, doc = corpus.report_obligation, corpus.report_document
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as c:
        login = c.get("/login")
        pages: dict[str, Any] = {"login": login}
        assert sign_in(c).status_code == 303
        token = token_of(c, "/")
        pages |= {
            "overview": c.get("/"),
            "search": c.get("/search?q=bao+cao"),
            "search list": c.get("/search?status=active&unassigned=1"),
            "search errors": c.get("/search?due_before=31/02/2021&issued_from=abc&status=xyz"),
            "document": c.get(f"/documents/{doc}"),
            "pdf document": c.get(f"/documents/{corpus.pdf_document}"),
            "obligation": c.get(f"/obligations/{ob}"),
            "upload": c.get("/upload"),
            "404": c.get("/khong-co"),
            "404 id": c.get("/documents/9223372036854775808"),
            "405": c.get("/logout"),
            "400 no file": c.post("/upload", data={"csrf_token": token}),
            "400 too many files": c.post(
                "/upload",
                data={"csrf_token": token},
                files=[("files", (f"{i}.txt", b"x", "text/plain")) for i in range(25)],
            ),
            "400 status": c.post(f"/obligations/{ob}/status", data={"csrf_token": token, "status": "x"}),
            "400 delete unconfirmed": c.post(f"/documents/{doc}/delete", data={"csrf_token": token}),
            "403 csrf": c.post(f"/obligations/{ob}/status", data={"status": "done"}),
            "413": c.post("/login", content=b"{" + b" " * 5000 + b"}", headers={"content-type": "application/json"}),
            "500": c.get("/boom"),
        }
        for _ in range(25):
            last = c.post("/login", data={"csrf_token": token_of(c), "username": "ai-do", "password": "sai"})
            if last.status_code == 429:
                break
        pages["429"] = last
    expected = {"404": 404, "404 id": 404, "405": 405, "400 no file": 400, "400 too many files": 400}
    expected |= {"413": 413, "500": 500, "429": 429, "403 csrf": 403}
    for name, status in expected.items():
        assert pages[name].status_code == status, name
    for name, response in pages.items():
        assert not english_in(response.text), (name, english_in(response.text))
    assert "Quá nhiều tệp" in pages["400 too many files"].text


def test_upload_failure_reasons_and_reading_warnings_are_vietnamese() -> None:
    for cls in (errors.EmptyFile, errors.UnsupportedMediaType, errors.CorruptFile, errors.EncryptedFile):
        assert not ENGLISH.findall(cls.clerk) and errors.clerk_reason(cls.exit_code) == cls.clerk
    for cls in (errors.FileTooLarge, errors.NeedsOCR, errors.OCRFailed):
        assert not ENGLISH.findall(cls.clerk)
    for text in (errors.CLERK_TIME_LIMIT, errors.CLERK_MEMORY_LIMIT, errors.CLERK_CRASHED, errors.CLERK_NOT_DISPATCH):
        assert not ENGLISH.findall(text)
    assert warning_field(field_warning("issued_date", "ngày viết tay 15 khác ngày ký số 16")) == (
        "issued_date",
        "ngày viết tay 15 khác ngày ký số 16",
    )
    assert warning_field("Trang 2: lớp chữ của PDF hỏng") == (None, "Trang 2: lớp chữ của PDF hỏng")
    for name in (SEED_000, "003.pdf", "039.txt", "t20.txt"):
        if (CORPUS / name).exists():
            for w in corpus_record(name).warnings:
                assert not ENGLISH.findall(w), (name, w)


def test_a_warning_about_a_field_is_shown_next_to_it(corpus: WebCorpus, tmp_path: Path) -> None:
    record = corpus_record("003.pdf").model_dump(mode="json")
    record["warnings"] = [field_warning("issued_date", "ngày viết tay 15 khác ngày ký số 16"), "Trang 1: xoay"]
    record["source"]["sha256"] = "f" * 64
    from congvan.schemas.record import Record

    with open_store(corpus.url) as store:
        doc_id = store.ingest(Record.model_validate(record), str(CORPUS / "003.pdf")).document_id
    with TestClient(make_app(corpus), follow_redirects=False) as c:
        sign_in(c)
        html = c.get(f"/documents/{doc_id}").text
    field = re.search(r'<div id="f-issued_date".*?</div>', html, re.DOTALL)
    assert field and "⚠ ngày viết tay 15 khác ngày ký số 16" in field.group(0)
    assert "<details><summary>Cảnh báo" not in html and "Trang 1: xoay" in html


# ---- "Theo đơn vị": counts and links agree ---------------------------------------------------------
def test_each_assignee_count_is_the_length_of_the_list_its_link_opens(client: TestClient) -> None:
    rows = client.get("/?format=json").json()["by_assignee"]
    assert rows
    for row in rows:
        listed: list[Any] = []
        for page_no in range(1, 50):
            data = client.get(f"{row['link']}&format=json&page={page_no}").json()
            listed += data["obligations"]
            if not data["more"]:
                break
        assert len(listed) == row["count"] > 0, row
    html = client.get("/").text
    assert "?assignee=%28ch" not in html  # the "(chưa rõ)" row, if any, opens the unassigned list


# ---- soft delete ----------------------------------------------------------------------------------
def test_delete_document_hides_it_and_keeps_its_history(store_url: str) -> None:
    with open_store(store_url) as store:
        kept = store.ingest(corpus_record("039.txt"), "/tmp/039.txt").document_id
        junk = store.ingest(corpus_record(SEED_000), "/tmp/000.txt").document_id
        tasks = store.document_obligations(junk)
        assert tasks
        deleted = store.delete_document(junk, "bientap")
        assert deleted.deleted_by == "bientap" and deleted.deleted_at is not None
        assert [d.id for d in store.documents()] == [kept]
        assert all(o.document_id != junk for o in store.obligations(ObligationFilter(limit=1000)))
        assert junk not in [d.id for d in store.newest_documents(10)]
        assert not any(h.document_id == junk for h in store.search("4515/VKSTC-T5"))
        history = store.history(tasks[0].id)
        assert history[-1].status is ObligationStatus.CANCELLED and history[-1].who == "bientap"
        assert store.document(junk) is not None  # the row stays: its page says it was deleted
        with pytest.raises(UnknownDocument):
            store.delete_document(junk, "bientap")
        with pytest.raises(UnknownDocument):
            store.delete_document(999999, "bientap")


def test_an_editor_deletes_a_document_from_its_page(corpus: WebCorpus) -> None:
    with open_store(corpus.url) as store:
        record = corpus_record("039.txt").model_dump(mode="json")
        record["source"]["sha256"] = "e" * 64
        from congvan.schemas.record import Record

        doc_id = store.ingest(Record.model_validate(record), str(CORPUS / "039.txt")).document_id
    with TestClient(make_app(corpus), follow_redirects=False) as c:
        sign_in(c)
        token = token_of(c, f"/documents/{doc_id}")
        assert "Xóa văn bản" in c.get(f"/documents/{doc_id}").text
        assert c.post(f"/documents/{doc_id}/delete", data={"confirm": "1"}).status_code == 403
        done = c.post(f"/documents/{doc_id}/delete", data={"csrf_token": token, "confirm": "1"})
        assert done.status_code == 303
        page = c.get(f"/documents/{doc_id}").text
        assert "đã bị xóa khỏi sổ theo dõi" in page and EDITOR[0] in page
        assert doc_id not in [d["id"] for d in c.get("/?format=json").json()["newest"]]
