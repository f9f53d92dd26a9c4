"""The office administration page (/quan-tri) on both engines: an admin manages accounts (create in a
unit, role, lock out, new password) and units (create, rename, parent); editors manage units only;
readers are refused (a Vietnamese 403 page); every form checks its CSRF token; the JSON twin carries
no password hash."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from starlette.testclient import TestClient
from tracker_fixtures import add_account

from congvan.tracker import open_store, open_tracker
from congvan.web.app import WebConfig, create_app
from congvan.web.users import Role

CSRF_INPUT = re.compile(r'name="csrf_token" value="(?P<token>[^"]+)"')
ALERT = re.compile(r'role="alert">(?P<message>[^<]*)<')
NOTICE = re.compile(r'id="da-luu">(?P<message>[^<]*)<')
ADMIN = ("quantri", "mat-khau-quan-tri")
EDITOR = ("bientap", "mat-khau-bien-tap")
READER = ("chixem", "mat-khau-chi-xem")


@dataclass
class Client:
    http: TestClient
    token: str

    def post(self, path: str, **fields: str):  # noqa: ANN201 — httpx.Response
        return self.http.post(path, data={"csrf_token": self.token, **fields})


@pytest.fixture()
def app(store_url: str):  # noqa: ANN201 — Starlette
    with open_store(store_url) as store:
        for who, role in ((ADMIN, Role.ADMIN), (EDITOR, Role.EDITOR), (READER, Role.READER)):
            add_account(store, *who, role)
    return create_app(WebConfig(tracker=open_tracker(store_url)))


def sign_in(app, who: tuple[str, str]) -> tuple[Client | None, int]:  # noqa: ANN001
    http = TestClient(app, follow_redirects=False)
    token = CSRF_INPUT.search(http.get("/login").text)["token"]  # type: ignore[index]
    r = http.post("/login", data={"csrf_token": token, "username": who[0], "password": who[1]})
    if r.status_code != 303:
        return None, r.status_code
    page = http.get("/")
    return Client(http, CSRF_INPUT.search(page.text)["token"]), r.status_code  # type: ignore[index]


def signed(app, who: tuple[str, str]) -> Client:  # noqa: ANN001
    client, status = sign_in(app, who)
    assert client is not None, status
    return client


def test_admin_builds_the_office_and_the_new_account_signs_in(app) -> None:  # noqa: ANN001
    admin = signed(app, ADMIN)
    r = admin.post("/quan-tri/don-vi", name="Văn phòng")
    assert r.status_code == 303 and r.headers["location"].startswith("/quan-tri?xong=don-vi")
    units = admin.http.get("/quan-tri?format=json").json()["units"]
    office = units[0]["id"]
    assert admin.post("/quan-tri/don-vi", name="Tổ văn thư", parent=str(office)).status_code == 303
    r = admin.post("/quan-tri/tai-khoan", name="lan", password="mat-khau-cua-lan", role="editor", unit=str(office))
    assert r.status_code == 303
    assert NOTICE.search(admin.http.get(r.headers["location"]).text)["message"] == "Đã tạo tài khoản lan."  # type: ignore[index]
    data = admin.http.get("/quan-tri?format=json").json()
    assert [u["path"] for u in data["units"]] == ["Văn phòng", "Văn phòng › Tổ văn thư"]
    lan = next(a for a in data["accounts"] if a["name"] == "lan")
    assert (lan["role"], lan["unit"], lan["disabled_at"]) == ("editor", "Văn phòng", None)
    assert all("password_hash" not in a for a in data["accounts"])
    assert "scrypt$" not in admin.http.get("/quan-tri").text
    # "Việc của đơn vị" offers the units made here, the one no account is in included
    assert admin.http.get("/viec-cua-don-vi?format=json").json()["units"] == ["Tổ văn thư", "Văn phòng"]
    page = signed(app, ("lan", "mat-khau-cua-lan")).http.get("/viec-cua-don-vi")
    assert page.status_code == 200 and "Văn phòng" in page.text
    # a name taken is refused, not reset: the account keeps its password
    r = admin.post("/quan-tri/tai-khoan", name="lan", password="mat-khau-khac-1", role="reader")
    assert r.status_code == 400 and ALERT.search(r.text)["message"] == "Đã có tài khoản lan."  # type: ignore[index]
    assert sign_in(app, ("lan", "mat-khau-cua-lan"))[0] is not None


def test_readers_are_refused_and_editors_manage_units_only(app) -> None:  # noqa: ANN001
    reader = signed(app, READER)
    r = reader.http.get("/quan-tri")
    assert r.status_code == 403 and ALERT.search(r.text)["message"] == "Tài khoản chỉ được xem, không được thay đổi."  # type: ignore[index]
    assert reader.post("/quan-tri/don-vi", name="Phòng 1").status_code == 403
    editor = signed(app, EDITOR)
    page = editor.http.get("/quan-tri")
    assert page.status_code == 200 and 'id="tai-khoan"' not in page.text and 'id="don-vi"' in page.text
    assert "accounts" not in editor.http.get("/quan-tri?format=json").json()
    for path, fields in (
        ("/quan-tri/tai-khoan", {"name": "moi", "password": "mat-khau-moi-1", "role": "admin"}),
        ("/quan-tri/tai-khoan/sua", {"name": EDITOR[0], "role": "admin"}),
        ("/quan-tri/tai-khoan/khoa", {"name": ADMIN[0], "disabled": "1"}),
        ("/quan-tri/tai-khoan/mat-khau", {"name": ADMIN[0], "password": "mat-khau-chiem-1"}),
    ):
        r = editor.post(path, **fields)
        assert r.status_code == 403, path
        assert ALERT.search(r.text)["message"] == "Chỉ tài khoản quản trị được quản lý tài khoản."  # type: ignore[index]
    assert editor.post("/quan-tri/don-vi", name="Phòng 1").status_code == 303
    with open_store(app.state.config.tracker) as store:
        assert store.account(EDITOR[0]).role is Role.EDITOR  # type: ignore[union-attr]
        assert [u.name for u in store.units()] == ["Phòng 1"]
        assert sorted(a.name for a in store.accounts()) == [EDITOR[0], READER[0], ADMIN[0]]


def test_every_form_checks_its_csrf_token(app) -> None:  # noqa: ANN001
    admin = signed(app, ADMIN)
    for path in ("/quan-tri/tai-khoan", "/quan-tri/tai-khoan/khoa", "/quan-tri/don-vi"):
        r = admin.http.post(path, data={"name": "x", "password": "mat-khau-xxxx", "role": "admin", "disabled": "1"})
        assert r.status_code == 403 and "CSRF" in ALERT.search(r.text)["message"], path  # type: ignore[index]
    with open_store(app.state.config.tracker) as store:
        assert store.units() == [] and store.account("x") is None


def test_a_locked_account_is_out_at_once_and_back_when_unlocked(app) -> None:  # noqa: ANN001
    admin, reader = signed(app, ADMIN), signed(app, READER)
    r = admin.post("/quan-tri/tai-khoan/khoa", name=READER[0], disabled="1")
    assert r.status_code == 303 and "xong=khoa" in r.headers["location"]
    r = reader.http.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert sign_in(app, READER) == (None, 401)
    assert "Mở khóa chixem" in admin.http.get("/quan-tri").text
    assert admin.post("/quan-tri/tai-khoan/khoa", name=READER[0], disabled="0").status_code == 303
    assert sign_in(app, READER)[0] is not None
    r = admin.post("/quan-tri/tai-khoan/khoa", name=ADMIN[0], disabled="1")
    assert r.status_code == 400 and ALERT.search(r.text)["message"] == "Không thể tự khóa tài khoản đang dùng."  # type: ignore[index]


def test_a_new_password_ends_the_old_sessions(app) -> None:  # noqa: ANN001
    admin, editor = signed(app, ADMIN), signed(app, EDITOR)
    r = admin.post("/quan-tri/tai-khoan/mat-khau", name=EDITOR[0], password="ngan")
    assert r.status_code == 400 and ALERT.search(r.text)["message"] == "Mật khẩu cần ít nhất 8 ký tự."  # type: ignore[index]
    assert admin.post("/quan-tri/tai-khoan/mat-khau", name=EDITOR[0], password="mat-khau-moi-99").status_code == 303
    assert editor.http.get("/").status_code == 303
    assert sign_in(app, EDITOR)[1] == 401
    assert sign_in(app, (EDITOR[0], "mat-khau-moi-99"))[0] is not None
    r = admin.post("/quan-tri/tai-khoan/mat-khau", name="khongco", password="mat-khau-moi-99")
    assert r.status_code == 400 and ALERT.search(r.text)["message"] == "Không có tài khoản khongco."  # type: ignore[index]


def test_roles_and_units_of_accounts_and_the_last_admin(app) -> None:  # noqa: ANN001
    admin = signed(app, ADMIN)
    admin.post("/quan-tri/don-vi", name="Phòng Kinh tế")
    unit = admin.http.get("/quan-tri?format=json").json()["units"][0]["id"]
    r = admin.post("/quan-tri/tai-khoan/sua", name=READER[0], role="editor", unit=str(unit))
    assert r.status_code == 303
    r = admin.post("/quan-tri/tai-khoan/sua", name=ADMIN[0], role="editor")
    assert r.status_code == 400
    assert ALERT.search(r.text)["message"] == (  # type: ignore[index]
        "quantri là tài khoản quản trị cuối cùng: thêm một tài khoản quản trị trước."
    )
    r = admin.post(f"/quan-tri/don-vi/{unit}", name="Phòng Kinh tế - Hạ tầng", parent="")
    assert r.status_code == 303
    assert admin.post(f"/quan-tri/don-vi/{unit}", name="x", parent=str(unit)).status_code == 400
    assert admin.post("/quan-tri/don-vi/999", name="x").status_code == 404
    with open_store(app.state.config.tracker) as store:
        account = store.account(READER[0])
        assert account is not None and (account.role, account.unit) == (Role.EDITOR, "Phòng Kinh tế - Hạ tầng")
        assert store.account(ADMIN[0]).role is Role.ADMIN  # type: ignore[union-attr]
        assert [u.name for u in store.units()] == ["Phòng Kinh tế - Hạ tầng"]  # the refused loop changed nothing
