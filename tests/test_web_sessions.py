"""Sessions that end on the server, and the key that signs their cookies kept out of the database:
a cookie replayed after sign-out is refused, the database and key files are the owner's only, a
cookie forged with the key a copy of an old database holds opens nothing, `congvan users
rotate-key` signs everyone out, readers see no server paths, HSTS behind HTTPS."""

from __future__ import annotations

import base64
import json
import re
import secrets
import stat
import time
from datetime import date
from pathlib import Path

import apsw
import itsdangerous
import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from congvan.cli.main import app as cli_app
from congvan.tracker import open_store, open_tracker
from congvan.web.app import WebConfig, create_app
from congvan.web.keys import SecretKeyError
from tests.browser.web_corpus import EDITOR, READER, TODAY, WebCorpus, fill_tracker

CSRF_INPUT = re.compile(r'name="csrf_token" value="(?P<token>[^"]+)"')
COOKIE = "congvan_session"


@pytest.fixture()
def corpus(tmp_path: Path) -> WebCorpus:
    return fill_tracker(tmp_path / "tracker.db")


def make_app(corpus: WebCorpus, **options: object):  # noqa: ANN201 — a Starlette app
    return create_app(WebConfig(tracker=open_tracker(corpus.url), today=date.fromisoformat(TODAY), **options))  # type: ignore[arg-type]


def token_of(client: TestClient, path: str = "/login") -> str:
    match = CSRF_INPUT.search(client.get(path).text)
    assert match, f"no CSRF field on {path}"
    return match["token"]


def signed_in(app, who: tuple[str, str]) -> TestClient:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    r = client.post("/login", data={"csrf_token": token_of(client), "username": who[0], "password": who[1]})
    assert r.status_code == 303, r.text[:300]
    return client


def with_cookie(app, value: str) -> TestClient:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False)
    client.cookies.set(COOKIE, value)
    return client


def status_change(client: TestClient, obligation: int, token: str) -> int:
    return client.post(f"/obligations/{obligation}/status", data={"csrf_token": token, "status": "done"}).status_code


def status_of(corpus: WebCorpus, obligation: int) -> str:
    with open_store(corpus.url) as store:
        found = store.obligation(obligation)
        assert found is not None
        return found.status.value


def test_a_cookie_replayed_after_sign_out_is_refused(corpus: WebCorpus) -> None:
    app = make_app(corpus)
    client = signed_in(app, EDITOR)
    token = token_of(client, "/")
    saved = client.cookies[COOKIE]
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    replay = with_cookie(app, saved)
    r = replay.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    replay = with_cookie(app, saved)
    assert replay.get("/?format=json").status_code == 401
    replay = with_cookie(app, saved)
    before = status_of(corpus, corpus.report_obligation)
    r = replay.post(f"/obligations/{corpus.report_obligation}/status", data={"csrf_token": token, "status": "done"})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert status_of(corpus, corpus.report_obligation) == before != "done"


def test_sign_out_ends_only_that_session(corpus: WebCorpus) -> None:
    app = make_app(corpus)
    desk, laptop = signed_in(app, EDITOR), signed_in(app, EDITOR)
    desk.post("/logout", data={"csrf_token": token_of(desk, "/")})
    assert desk.get("/").status_code == 303 and laptop.get("/").status_code == 200


def test_database_and_key_files_are_the_owners_only(corpus: WebCorpus) -> None:
    app = make_app(corpus)  # holds a connection: the WAL and SHM files exist
    signed_in(app, EDITOR)
    db = Path(corpus.url.removeprefix("sqlite:///"))
    files = [db, Path(f"{db}-wal"), Path(f"{db}-shm"), Path(f"{db}.key")]
    assert {f.name: oct(stat.S_IMODE(f.stat().st_mode)) for f in files} == {f.name: "0o600" for f in files}


def sign(key: str, session: dict[str, object]) -> str:
    data = base64.b64encode(json.dumps(session).encode())
    return itsdangerous.TimestampSigner(key).sign(data).decode()


def test_a_cookie_forged_with_the_old_database_key_is_refused(corpus: WebCorpus) -> None:
    """A tracker from before v6 kept the key in web_settings: the upgrade deletes it, and the web
    signs with a key of its own file; a cookie forged with the old key (from a backup) opens nothing."""
    old_key = secrets.token_urlsafe(48)
    db = corpus.url.removeprefix("sqlite:///")
    conn = apsw.Connection(db)
    conn.execute("INSERT INTO web_settings VALUES ('session_secret', ?)", (old_key,))
    conn.execute("DROP TABLE web_sessions")
    conn.execute("DELETE FROM schema_migrations WHERE version >= 6")  # v6 and every later one run again
    conn.close()
    app = make_app(corpus)
    with open_store(corpus.url) as store:
        assert store.setting("session_secret") is None
    assert Path(f"{db}.key").read_text().strip() != old_key
    now = int(time.time())
    forged = [
        {"user": EDITOR[0], "at": now, "seen": now, "csrf": "x"},  # the cookie of old
        {"sid": secrets.token_urlsafe(32), "csrf": "x"},  # today's shape, a made-up session
    ]
    for session in forged:
        assert with_cookie(app, sign(old_key, session)).get("/").status_code == 303
        assert status_change(with_cookie(app, sign(old_key, session)), corpus.report_obligation, "x") == 303
    # even with today's key, a session the tracker does not know is nobody's
    key = Path(f"{db}.key").read_text().strip()
    assert with_cookie(app, sign(key, forged[1])).get("/").status_code == 303


def test_rotate_key_ends_every_session(corpus: WebCorpus) -> None:
    app = make_app(corpus)
    editor, reader = signed_in(app, EDITOR), signed_in(app, READER)
    key_file = Path(corpus.url.removeprefix("sqlite:///") + ".key")
    old = key_file.read_text()
    result = CliRunner().invoke(cli_app, ["users", "rotate-key", "--db", corpus.url])
    assert result.exit_code == 0 and "2 sessions ended" in result.output, result.output
    assert key_file.read_text() != old and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert editor.get("/").status_code == 303 and reader.get("/").status_code == 303
    again = signed_in(app, EDITOR)  # the running server signs with the new key
    assert again.get("/").status_code == 200


def test_a_key_file_others_can_read_is_refused(corpus: WebCorpus, tmp_path: Path) -> None:
    loose = tmp_path / "loose.key"
    loose.write_text(secrets.token_urlsafe(48))
    loose.chmod(0o644)
    with pytest.raises(SecretKeyError, match="chmod 600"):
        make_app(corpus, secret_file=loose)
    result = CliRunner().invoke(cli_app, ["serve", "--db", corpus.url, "--secret-file", str(loose), "--no-cache"])
    assert result.exit_code == 2 and "chmod 600" in result.output


def test_the_key_can_come_from_the_environment(corpus: WebCorpus, monkeypatch: pytest.MonkeyPatch) -> None:
    key = secrets.token_urlsafe(48)
    monkeypatch.setenv("CONGVAN_SECRET_KEY", key)
    app = make_app(corpus)
    client = signed_in(app, EDITOR)
    itsdangerous.TimestampSigner(key).unsign(client.cookies[COOKIE])  # signed with it
    assert not Path(corpus.url.removeprefix("sqlite:///") + ".key").exists()
    result = CliRunner().invoke(cli_app, ["users", "rotate-key", "--db", corpus.url])
    assert result.exit_code == 2 and "CONGVAN_SECRET_KEY" in result.output


def server_paths(data: object) -> list[str]:
    """Every server path in a JSON twin: original_path, extra_files, source.path."""
    found: list[str] = []

    def walk(value: object, parent: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k in ("original_path", "extra_files") or (parent == "source" and k == "path"):
                    found.append(k)
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, parent)

    walk(data, "")
    return found


@pytest.mark.parametrize(
    ("who", "sees_paths"), [pytest.param(READER, False, id="reader"), pytest.param(EDITOR, True, id="editor")]
)
def test_json_twins_show_server_paths_to_editors_only(
    corpus: WebCorpus, who: tuple[str, str], sees_paths: bool
) -> None:
    client = signed_in(make_app(corpus), who)
    for path in (f"/documents/{corpus.report_document}", "/", f"/obligations/{corpus.report_obligation}"):
        data = client.get(path, params={"format": "json"}).json()
        if path.startswith("/documents"):
            assert bool(server_paths(data)) is sees_paths, path
        elif not sees_paths:
            assert server_paths(data) == [], path


@pytest.mark.parametrize(
    ("secure", "hsts"), [pytest.param(True, True, id="https"), pytest.param(False, False, id="http")]
)
def test_hsts_behind_https_only(corpus: WebCorpus, secure: bool, hsts: bool) -> None:
    r = TestClient(make_app(corpus, secure_cookies=secure)).get("/login")
    assert ("max-age=31536000" in r.headers.get("strict-transport-security", "")) is hsts
