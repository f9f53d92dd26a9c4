"""Account management and sign-in throttling on a real SQLite tracker: a removed account's cookie
stops working at once, a role change or a password change ends the open sessions, the last editor
cannot be removed, and repeated failed sign-ins wait growing delays (429) an editor can lift."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from tracker_fixtures import add_account
from typer.testing import CliRunner

from congvan.cli.main import app as cli_app
from congvan.tracker import open_store, open_tracker
from congvan.web.app import WebConfig, create_app
from congvan.web.throttle import ThrottlePolicy
from congvan.web.users import Role, UserError, list_users, remove_user, set_role

CSRF_INPUT = re.compile(r'name="csrf_token" value="(?P<token>[^"]+)"')
BOSS = ("truongphong", "mat-khau-truong-phong")
CLERK = ("vanthu", "mat-khau-van-thu")


@pytest.fixture()
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    store = open_store(url)
    try:
        add_account(store, *BOSS, Role.EDITOR)
        add_account(store, *CLERK, Role.EDITOR)
    finally:
        store.close()
    return url


def sign_in(app, who: tuple[str, str]):  # noqa: ANN001, ANN201 — (client, response)
    client = TestClient(app, follow_redirects=False)
    token = CSRF_INPUT.search(client.get("/login").text)["token"]  # type: ignore[index]
    r = client.post("/login", data={"csrf_token": token, "username": who[0], "password": who[1]})
    return client, r


def run_cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli_app, list(args), input=stdin)
    return result.exit_code, result.output


def test_removed_user_cookie_stops_working(url: str) -> None:
    app = create_app(WebConfig(tracker=open_tracker(url)))
    client, r = sign_in(app, CLERK)
    assert r.status_code == 303 and client.get("/").status_code == 200
    code, out = run_cli("users", "remove", CLERK[0], "--db", url)
    assert code == 0, out
    r = client.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert sign_in(app, CLERK)[1].status_code == 401


def test_role_change_ends_open_sessions(url: str) -> None:
    app = create_app(WebConfig(tracker=open_tracker(url)))
    client, _ = sign_in(app, CLERK)
    token = CSRF_INPUT.search(client.get("/upload").text)["token"]  # type: ignore[index]
    code, out = run_cli("users", "set-role", CLERK[0], "reader", "--db", url)
    assert code == 0 and "vanthu: reader" in out
    r = client.post("/obligations/1/status", data={"csrf_token": token, "status": "done"})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert client.get("/").status_code == 303
    reader, r = sign_in(app, CLERK)  # signed in again: a reader now
    assert r.status_code == 303 and reader.get("/").status_code == 200
    token = CSRF_INPUT.search(reader.get("/").text)["token"]  # type: ignore[index]
    assert reader.post("/obligations/1/status", data={"csrf_token": token, "status": "done"}).status_code == 403


def test_password_change_ends_old_sessions(url: str) -> None:
    app = create_app(WebConfig(tracker=open_tracker(url)))
    client, _ = sign_in(app, CLERK)
    code, out = run_cli("users", "passwd", CLERK[0], "--db", url, stdin="mat-khau-moi-123\n")
    assert code == 0, out
    assert client.get("/").status_code == 303
    assert sign_in(app, CLERK)[1].status_code == 401
    assert sign_in(app, (CLERK[0], "mat-khau-moi-123"))[1].status_code == 303


def test_the_last_editor_stays(url: str) -> None:
    store = open_store(url)
    try:
        set_role(store, CLERK[0], Role.READER)
        with pytest.raises(UserError):
            remove_user(store, BOSS[0])
        with pytest.raises(UserError):
            set_role(store, BOSS[0], Role.READER)
        remove_user(store, CLERK[0])  # a reader may go
        assert [(u.name, u.role) for u, _ in list_users(store)] == [(BOSS[0], Role.EDITOR)]
    finally:
        store.close()
    code, out = run_cli("users", "remove", BOSS[0], "--db", url)
    assert code == 2 and "cuối cùng" in out


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("remove", "khong-co"), id="remove-unknown"),
        pytest.param(("set-role", "khong-co", "reader"), id="role-unknown"),
        pytest.param(("set-role", CLERK[0], "owner"), id="role-invalid"),
    ],
)
def test_cli_refuses_unknown_names_and_roles(url: str, args: tuple[str, ...]) -> None:
    code, _ = run_cli("users", *args, "--db", url)
    assert code == 2


def test_failures_for_a_name_bring_growing_delays_not_a_lock(url: str) -> None:
    from congvan.web import throttle

    policy = ThrottlePolicy(first_delay_s=30)
    app = create_app(WebConfig(tracker=open_tracker(url), throttle=policy))
    for _ in range(3):  # the free tries
        assert sign_in(app, (CLERK[0], "sai-mat-khau"))[1].status_code == 401
    client, r = sign_in(app, CLERK)  # the right password too: wait first
    assert r.status_code == 429 and "thử lại sau" in r.text and "giây" in r.text
    assert 0 < int(r.headers["retry-after"]) <= 30
    assert client.get("/").status_code == 303
    # the same three failures, the last 31 s ago: the pause is over, nothing stays locked
    store = open_store(url)
    try:
        for _ in range(3):
            throttle.record_failure(store, policy, BOSS[0], "testclient", int(time.time()) - 31)
    finally:
        store.close()
    assert sign_in(app, BOSS)[1].status_code == 303


def test_the_delay_doubles_up_to_its_cap() -> None:
    from congvan.tracker.api import SigninFailures
    from congvan.web.throttle import delay_s, wait_for

    assert [delay_s(n, 3, 900) for n in range(2, 14)] == [0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]
    policy = ThrottlePolicy()
    many = tuple(range(1000, 1000 + 500))  # 500 failures in the window, the latest at 1499
    # one address guessing one name: a quarter hour between tries at most
    assert wait_for(policy, SigninFailures(many, many, many), 1500) == 900 - 1
    # the name guessed from many addresses, an office's NAT address spraying: a minute at most
    assert wait_for(policy, SigninFailures((), many, ()), 1500) == 60 - 1
    assert wait_for(policy, SigninFailures((), (), many), 1500) == 60 - 1
    assert wait_for(policy, SigninFailures((), many, many), 1560) is None


def test_success_resets_the_count_and_the_count_survives_a_restart(url: str) -> None:
    policy = ThrottlePolicy(per_name_address=3, per_address=50, first_delay_s=30)
    for _ in range(2):
        first = create_app(WebConfig(tracker=open_tracker(url), throttle=policy))
        assert sign_in(first, (CLERK[0], "sai"))[1].status_code == 401
    app = create_app(WebConfig(tracker=open_tracker(url), throttle=policy))  # another server process on the tracker
    assert sign_in(app, CLERK)[1].status_code == 303
    for _ in range(2):
        assert sign_in(app, (CLERK[0], "sai"))[1].status_code == 401
    assert sign_in(app, CLERK)[1].status_code == 303  # 2 failures since the success: under 3
    for _ in range(3):
        sign_in(app, (CLERK[0], "sai"))
    assert sign_in(create_app(WebConfig(tracker=open_tracker(url), throttle=policy)), CLERK)[1].status_code == 429


def test_failures_leave_the_window(url: str) -> None:
    from congvan.web import throttle

    policy = ThrottlePolicy(window_s=900, per_name_address=3)
    store = open_store(url)
    try:
        for t in range(1000, 1005):
            throttle.record_failure(store, policy, "VanThu ", "10.0.0.7", t)
        assert throttle.retry_after(store, policy, "vanthu", "10.0.0.7", 1010) == 1004 + 8 - 1010
        assert throttle.retry_after(store, policy, "vanthu", "10.0.0.9", 1010) is None  # another desk
        assert throttle.retry_after(store, policy, "vanthu", "10.0.0.7", 1012) is None
    finally:
        store.close()


def test_an_editor_unlocks_a_name(url: str) -> None:
    """`congvan users unlock NAME` forgets the name's failures from every address at once."""
    from congvan.web import throttle

    policy = ThrottlePolicy()
    store = open_store(url)
    try:
        now = int(time.time())
        for i in range(60):
            throttle.record_failure(store, policy, CLERK[0], f"203.0.113.{i % 6}", now)
    finally:
        store.close()
    app = create_app(WebConfig(tracker=open_tracker(url), throttle=policy))
    assert sign_in_from(app, "203.0.113.1", CLERK) == 429
    code, out = run_cli("users", "unlock", CLERK[0], "--db", url)
    assert code == 0 and "60 failed sign-ins forgotten" in out
    assert sign_in_from(app, "203.0.113.1", CLERK) == 303


def sign_in_from(app, address: str, who: tuple[str, str]) -> int:  # noqa: ANN001
    client = TestClient(app, follow_redirects=False, client=(address, 50000))
    token = CSRF_INPUT.search(client.get("/login").text)["token"]  # type: ignore[index]
    return client.post("/login", data={"csrf_token": token, "username": who[0], "password": who[1]}).status_code


def test_concurrent_wrong_passwords_are_counted_before_verification(url: str) -> None:
    """Eight guesses sent at once from one address: only the limit's worth reach the password
    check (401), the rest are refused (429) even though none had failed yet when they arrived."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    policy = ThrottlePolicy(per_name_address=3, per_address=100, first_delay_s=30)
    app = create_app(WebConfig(tracker=open_tracker(url), throttle=policy))

    async def attempt(i: int) -> int:
        transport = httpx.ASGITransport(app=app, client=("10.0.0.1", 1234))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            token = CSRF_INPUT.search((await c.get("/login")).text)["token"]  # type: ignore[index]
            r = await c.post("/login", data={"csrf_token": token, "username": CLERK[0], "password": f"sai-{i}"})
            return r.status_code

    async def all_at_once() -> list[int]:
        return await asyncio.gather(*(attempt(i) for i in range(8)))

    # a loop of its own on a thread of its own: the browser tests leave a running loop behind
    with ThreadPoolExecutor(max_workers=1) as pool:
        codes = pool.submit(lambda: asyncio.run(all_at_once())).result()
    assert sorted(codes) == [401] * 3 + [429] * 5


def test_guessing_from_one_address_does_not_lock_the_name_elsewhere(url: str) -> None:
    # the shipped policy (3 free tries per name and address), a longer first pause for a slow machine
    app = create_app(WebConfig(tracker=open_tracker(url), throttle=ThrottlePolicy(first_delay_s=30)))
    wrong = (CLERK[0], "sai-mat-khau")
    assert [sign_in_from(app, "198.51.100.7", wrong) for _ in range(3)] == [401] * 3
    assert sign_in_from(app, "198.51.100.7", CLERK) == 429  # that machine is paused for this name
    assert sign_in_from(app, "10.1.1.20", CLERK) == 303  # the clerk's desk is not


def test_guesses_spread_over_addresses_meet_the_name_limit(url: str) -> None:
    policy = ThrottlePolicy(per_name_address=2, per_name=5, per_address=100, first_delay_s=30)
    app = create_app(WebConfig(tracker=open_tracker(url), throttle=policy))
    wrong = (CLERK[0], "sai-mat-khau")
    for address in ("203.0.113.7", "203.0.113.8"):
        assert [sign_in_from(app, address, wrong) for _ in range(2)] == [401, 401]
    assert sign_in_from(app, "203.0.113.9", wrong) == 401
    assert sign_in_from(app, "10.1.1.20", CLERK) == 429  # 5 for the name: paused for every address
    assert sign_in_from(app, "10.1.1.20", BOSS) == 303


def test_a_success_does_not_wipe_failures_from_other_addresses(url: str) -> None:
    """A clerk signing in forgets the failures of the clerk's own address only: whoever guesses the
    name elsewhere gets no fresh budget from it."""
    policy = ThrottlePolicy(per_name_address=5, per_name=3, per_address=100, first_delay_s=30)
    app = create_app(WebConfig(tracker=open_tracker(url), throttle=policy))
    wrong = (CLERK[0], "sai-mat-khau")
    assert [sign_in_from(app, "203.0.113.8", wrong) for _ in range(2)] == [401, 401]
    assert sign_in_from(app, "10.1.1.20", CLERK) == 303
    assert sign_in_from(app, "203.0.113.8", wrong) == 401
    assert sign_in_from(app, "10.1.1.20", CLERK) == 429  # the guesser's three meet the name's limit


@pytest.mark.parametrize(
    ("trusted", "counted_as", "other_client"),
    [
        pytest.param("127.0.0.1", "198.51.100.7", 303, id="forwarded-allow-ips-proxy"),
        pytest.param(None, "127.0.0.1", 429, id="headers-ignored-by-default"),
    ],
)
def test_behind_a_proxy_throttling_counts_the_forwarded_client(
    url: str, tmp_path: Path, trusted: str | None, counted_as: str, other_client: int
) -> None:
    """`congvan serve` behind a reverse proxy on this machine: every request comes from 127.0.0.1
    and names its client in X-Forwarded-For. With --forwarded-allow-ips naming the proxy, the
    guesses of one client (3, the free tries per name+address) leave another client of the same
    name free; without it, they pause the name for every client."""
    import os
    import subprocess
    import sys

    import httpx

    from congvan.web import throttle
    from tests.browser.web_corpus import free_port, wait_until_up

    port = free_port()
    args = [sys.executable, "-m", "congvan", "serve", "--db", url, "--port", str(port), "--no-cache"]
    if trusted is not None:
        args += ["--forwarded-allow-ips", trusted]
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        args, cwd=Path(__file__).resolve().parents[1], env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"

    def attempt(client_ip: str, password: str) -> int:
        with httpx.Client(base_url=base, headers={"X-Forwarded-For": client_ip}) as c:
            token = CSRF_INPUT.search(c.get("/login").text)["token"]  # type: ignore[index]
            data = {"csrf_token": token, "username": CLERK[0], "password": password}
            return c.post("/login", data=data).status_code

    try:
        wait_until_up(base, proc)
        assert [attempt("198.51.100.7", "sai-mat-khau") for _ in range(3)] == [401] * 3
        store = open_store(url)
        try:
            assert store.signin_failures(CLERK[0], counted_as, 0).name_address != ()
            # five more failures now: a minute's pause, whatever the speed of this machine
            for _ in range(5):
                throttle.record_failure(store, ThrottlePolicy(), CLERK[0], counted_as, int(time.time()))
        finally:
            store.close()
        assert attempt("198.51.100.7", CLERK[1]) == 429
        assert attempt("203.0.113.20", CLERK[1]) == other_client
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_cli_disables_and_enables_an_account(url: str) -> None:
    app = create_app(WebConfig(tracker=open_tracker(url)))
    client, _ = sign_in(app, CLERK)
    code, out = run_cli("users", "disable", CLERK[0], "--db", url)
    assert code == 0 and out.strip() == "vanthu: disabled"
    assert client.get("/").status_code == 303  # its session ended at once
    code, out = run_cli("users", "list", "--db", url)
    assert "vanthu\teditor\t" in out and out.splitlines()[-1].endswith("\tdisabled")
    assert sign_in(app, CLERK)[1].status_code == 401
    code, out = run_cli("users", "disable", CLERK[0], "--enable", "--db", url)
    assert code == 0 and out.strip() == "vanthu: enabled"
    assert sign_in(app, CLERK)[1].status_code == 303
    code, out = run_cli("users", "disable", BOSS[0], "--db", url)  # vanthu is the other editor: allowed
    assert code == 0
    code, out = run_cli("users", "disable", CLERK[0], "--db", url)
    assert code == 2 and "biên tập cuối cùng" in out
