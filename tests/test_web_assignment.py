"""Issue 17 on the web page, on both engines: the direction forms (CSRF checked, editors only) on the
document and obligation pages, "Việc của tôi" and "Việc của đơn vị" with their JSON twins, the
overview's undated obligations and late days, and a reply's proposal confirmed by a button."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tracker_fixtures import SEED_000, add_account, corpus_record

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.tracker import open_store, open_tracker
from congvan.tracker.api import Direction
from congvan.web.app import WebConfig, create_app
from congvan.web.users import Role

CSRF_INPUT = re.compile(r'name="csrf_token" value="(?P<token>[^"]+)"')
REPLY = Path(__file__).resolve().parent / "data" / "replies" / "reply_4515.txt"
EDITOR = ("lanhdao", "mat-khau-lanh-dao")
CLERK = ("vanphong", "mat-khau-van-phong")  # a reader of the Văn phòng
TODAY = date(2021, 11, 25)  # 4515/VKSTC-T5's tasks were due 20/11/2021: 5 days late


@dataclass(frozen=True)
class Office:
    url: str
    incoming: int
    tasks: list[int]


@pytest.fixture()
def office(store_url: str) -> Office:
    with open_store(store_url) as store:
        doc = store.ingest(corpus_record(SEED_000), "/in/000.txt").document_id
        store.ingest(corpus_record("001_d3ba48757fc946ed.txt"), "/in/001.txt")  # undated tasks
        add_account(store, *EDITOR, Role.EDITOR)
        add_account(store, *CLERK, Role.READER)
        store.set_account_unit(CLERK[0], "Văn phòng")
        tasks = [o.id for o in store.document_obligations(doc)]
    return Office(store_url, doc, tasks)


def signed_in(office: Office, who: tuple[str, str]) -> TestClient:
    app = create_app(WebConfig(tracker=open_tracker(office.url), today=TODAY))
    client = TestClient(app, follow_redirects=False)
    token = CSRF_INPUT.search(client.get("/login").text)["token"]  # type: ignore[index]
    r = client.post("/login", data={"csrf_token": token, "username": who[0], "password": who[1]})
    assert r.status_code == 303
    return client


@pytest.fixture()
def editor(office: Office) -> Iterator[TestClient]:
    with signed_in(office, EDITOR) as c:
        yield c


def token_of(client: TestClient, path: str) -> str:
    return CSRF_INPUT.search(client.get(path).text)["token"]  # type: ignore[index]


def test_document_form_assigns_all_open_tasks_and_needs_csrf(office: Office, editor: TestClient) -> None:
    page = f"/documents/{office.incoming}"
    html = editor.get(page).text
    assert f'action="/documents/{office.incoming}/assign"' in html and "Giao việc" in html
    direction = {"lead": "Văn phòng", "supporting": "Phòng 1; Phòng 2", "due": "30/11/2021", "note": "giao VP"}
    assert editor.post(f"{page}/assign", data=direction).status_code == 403  # no token
    r = editor.post(f"{page}/assign", data={**direction, "csrf_token": token_of(editor, page)})
    assert r.status_code == 303 and r.headers["location"].startswith(f"{page}?assigned=4")
    data = editor.get(f"{page}?format=json").json()
    assert [(o["lead"], o["supporting"], o["due"]) for o in data["obligations"]] == [
        (["Văn phòng"], ["Phòng 1", "Phòng 2"], "2021-11-30")
    ] * 4
    ob = editor.get(f"/obligations/{office.tasks[0]}?format=json").json()
    assert [(a["who"], a["note"]) for a in ob["assignments"]] == [("lanhdao", "giao VP")]
    bad = editor.post(f"{page}/assign", data={"due": "31/02/2021", "csrf_token": token_of(editor, page)})
    assert bad.status_code == 400 and "không phải ngày" in bad.text


def test_obligation_form_assigns_one_task_with_json(office: Office, editor: TestClient) -> None:
    path = f"/obligations/{office.tasks[1]}"
    html = editor.get(path).text
    assert f'action="{path}/assign"' in html and "trễ 5 ngày" in html
    token = token_of(editor, path)
    r = editor.post(
        f"{path}/assign",
        data={"lead": "Phòng 1", "csrf_token": token},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 200
    got = [(o["id"], o["lead"], o["due"]) for o in r.json()["assigned"]]
    assert got == [(office.tasks[1], ["Phòng 1"], "2021-11-20")]  # the deadline kept
    assert editor.post(f"{path}/assign", data={"csrf_token": token}).status_code == 400  # nothing to give
    assert editor.post("/obligations/999999/assign", data={"lead": "X", "csrf_token": token}).status_code == 404
    html = editor.get(path).text
    assert "Lịch sử giao việc" in html and "Phòng 1" in html


def datalist_of(html: str, action: str) -> list[str]:
    """The unit names offered to the lead and supporting fields of the form posting to `action`."""
    form = html[html.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    key = action.replace("/", "-")
    assert f'name="lead" list="units{key}"' in form and f'name="supporting" list="units{key}"' in form
    listed = re.search(rf'<datalist id="units{key}">(?P<options>.*?)</datalist>', form, re.S)
    assert listed is not None
    return re.findall(r'<option value="([^"]*)">', listed["options"])


def test_direction_forms_offer_the_trackers_units_and_take_free_text(office: Office, editor: TestClient) -> None:
    page, action = f"/documents/{office.incoming}", f"/documents/{office.incoming}/assign"
    assert datalist_of(editor.get(page).text, action) == []  # no unit made yet: free text only
    with open_store(office.url) as store:
        store.add_unit("Văn phòng")
        store.add_unit("Phòng Kiểm sát án hình sự")
    assert datalist_of(editor.get(page).text, action) == ["Phòng Kiểm sát án hình sự", "Văn phòng"]
    ob_path = f"/obligations/{office.tasks[0]}"
    assert datalist_of(editor.get(ob_path).text, f"{ob_path}/assign") == ["Phòng Kiểm sát án hình sự", "Văn phòng"]
    # a unit of the list and one the leader's direction names that the tracker does not know
    direction = {"lead": "Văn phòng", "supporting": "Công an tỉnh; Phòng Kiểm sát án hình sự"}
    r = editor.post(action, data={**direction, "csrf_token": token_of(editor, page)})
    assert r.status_code == 303
    data = editor.get(f"{page}?format=json").json()
    assert {(tuple(o["lead"]), tuple(o["supporting"])) for o in data["obligations"]} == {
        (("Văn phòng",), ("Công an tỉnh", "Phòng Kiểm sát án hình sự"))
    }


def test_readers_cannot_assign_or_confirm(office: Office) -> None:
    with signed_in(office, CLERK) as clerk:
        page = f"/documents/{office.incoming}"
        assert "Giao việc" not in clerk.get(page).text
        token = token_of(clerk, page)
        assert clerk.post(f"{page}/assign", data={"lead": "X", "csrf_token": token}).status_code == 403
        assert clerk.post(f"{page}/confirm", data={"csrf_token": token}).status_code == 403


def test_my_work_and_unit_views_with_json_twins(office: Office, editor: TestClient) -> None:
    with open_store(office.url) as store:
        store.assign(office.tasks[:2], ["Văn phòng"], [], None, "lanhdao")
        store.assign(office.tasks[2:3], ["Phòng 1"], ["Văn phòng"], None, "lanhdao")
    with signed_in(office, CLERK) as clerk:
        mine = clerk.get("/viec-cua-toi?format=json").json()
        assert mine["unit"] == "Văn phòng" and [o["id"] for o in mine["obligations"]] == office.tasks[:3]
        html = clerk.get("/viec-cua-toi").text
        assert "Việc của tôi — Văn phòng" in html and "trễ 5 ngày" in html
    # the editor has no unit: told so
    assert "chưa thuộc đơn vị nào" in editor.get("/viec-cua-toi").text
    assert editor.get("/viec-cua-toi?format=json").json()["obligations"] == []
    unit = editor.get("/viec-cua-don-vi", params={"unit": "phong 1", "format": "json"}).json()
    assert [o["id"] for o in unit["obligations"]] == office.tasks[2:3] and unit["units"] == ["Văn phòng"]
    html = editor.get("/viec-cua-don-vi").text
    assert '<option value="Văn phòng">' in html


def test_overview_shows_undated_and_sorts_the_late(office: Office, editor: TestClient) -> None:
    data = editor.get("/?format=json").json()
    assert data["undated"]["count"] > 0 and all(o["due"] is None for o in data["undated"]["items"])
    ids = [o["id"] for o in data["undated"]["items"]]
    assert ids == sorted(ids)  # oldest first
    html = editor.get("/").text
    assert "chưa có hạn" in html and "trễ 5 ngày" in html and 'href="/?tre=it#qua-han"' in html
    with open_store(office.url) as store:
        store.assign(office.tasks[:1], [], [], date(2021, 11, 10), "x")  # 15 days late now
    most = [o["id"] for o in editor.get("/?format=json").json()["overdue"]["items"]]
    least = editor.get("/?tre=it&format=json").json()
    assert most[0] == office.tasks[0] and least["overdue_order"] == "least_late"
    assert [o["id"] for o in least["overdue"]["items"]][-1] == office.tasks[0]


def test_reply_links_both_sides_and_confirm_button_closes(office: Office, editor: TestClient) -> None:
    record = process(DocumentInput(REPLY), Settings(ocr=OcrMode.NEVER)).record
    assert record is not None
    with open_store(office.url) as store:
        store.assign(office.tasks, ["Văn phòng"], [], None, "lanhdao")
        reply = store.ingest(record, str(REPLY), Direction.OUT).document_id
    incoming = editor.get(f"/documents/{office.incoming}")
    assert f'href="/documents/{reply}"' in incoming.text and "Xác nhận hoàn thành" in incoming.text
    sent = editor.get(f"/documents/{reply}?format=json").json()
    assert sent["document"]["direction"] == "out" and [o["id"] for o in sent["answered"]] == office.tasks
    assert f'href="/documents/{office.incoming}"' in editor.get(f"/documents/{reply}").text
    assert "Đề nghị hoàn thành" in editor.get("/").text
    path = f"/documents/{reply}/confirm"
    assert editor.post(path, data={}).status_code == 403
    token = token_of(editor, f"/documents/{reply}")
    r = editor.post(path, data={"csrf_token": token}, headers={"accept": "application/json"})
    assert r.status_code == 200 and r.json()["closed"] == office.tasks
    overdue = editor.get("/?format=json").json()["overdue"]
    assert office.tasks[0] not in [o["id"] for o in overdue["items"]]
    ob = editor.get(f"/obligations/{office.tasks[0]}").text
    assert 'id="van-ban-tra-loi"' in ob and "312/VP-VKS" in ob
