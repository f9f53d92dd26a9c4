"""Sign-in state, roles and CSRF for the web page.

Sessions are Starlette's signed cookie (itsdangerous, HttpOnly, SameSite=Strict) holding the user
name, the sign-in time, a digest of the account's password hash and a CSRF token; a session older
than its lifetime or idle too long, of a removed account, or opened before a password change is
refused here even if the browser still sends it. Every POST must echo the session's CSRF token in
a form field or the X-CSRF-Token header (the upload script uses the header).
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from congvan.web.users import User, credential_stamp, get_user

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class SessionPolicy:
    lifetime_s: int = 8 * 3600  # a working day, then sign in again
    idle_s: int = 3600  # an hour without a request ends the session


def wants_json(request: Request) -> bool:
    if request.query_params.get("format") == "json" or request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def csrf_token(request: Request) -> str:
    """The session's token, made on first use (the sign-in form needs one before anyone signs in)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def start_session(request: Request, user: User) -> None:
    request.session.clear()  # a fresh token and no fixation of the anonymous session
    now = int(time.time())
    stamp = credential_stamp(request.app.state.stores.get(), user.name)
    request.session.update(
        {"user": user.name, "at": now, "seen": now, "cred": stamp, "csrf": secrets.token_urlsafe(32)}
    )


def current_user(request: Request) -> User | None:
    session = request.session
    name, at, seen = session.get("user"), session.get("at"), session.get("seen")
    if not isinstance(name, str) or not isinstance(at, int) or not isinstance(seen, int):
        return None
    policy: SessionPolicy = request.app.state.session_policy
    now = int(time.time())
    if now - at > policy.lifetime_s or now - seen > policy.idle_s:
        session.clear()
        return None
    store = request.app.state.stores.get()
    # Read on every request: a removed account, a changed role or a changed password counts now.
    user = get_user(store, name)
    if user is None or session.get("cred") != credential_stamp(store, name):
        session.clear()
        return None
    if now - seen > 60:  # refresh the idle clock without rewriting the cookie on every request
        session["seen"] = now
    return user


async def refuse_anonymous(request: Request) -> Response:
    if wants_json(request):
        return JSONResponse({"error": "unauthenticated", "message": "Cần đăng nhập."}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method == "POST":  # a form sent after the session ended: back to it, its text kept (stash.py)
        target = await request.app.state.keep_form(request)
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def signed_in(*, editor: bool = False) -> Callable[[Callable[..., Awaitable[Response]]], Handler]:
    """Route guard: anonymous → sign-in (401 for JSON); a reader on an editor route → 403."""

    def wrap(handler: Callable[..., Awaitable[Response]]) -> Handler:
        @wraps(handler)
        async def guarded(request: Request) -> Response:
            user = current_user(request)
            if user is None:
                return await refuse_anonymous(request)
            if editor and not user.can_edit:
                raise HTTPException(403, "Tài khoản chỉ được xem, không được thay đổi.")
            request.state.user = user
            return await handler(request, user)

        return guarded

    return wrap


async def checked_form(request: Request, **limits: Any) -> FormData:
    """The POSTed form, after its CSRF token matched the session's (403 otherwise)."""
    form = await request.form(**limits)
    sent = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    expected = request.session.get("csrf")
    if not isinstance(sent, str) or not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
        await form.close()
        raise HTTPException(403, "Phiên làm việc không hợp lệ (thiếu mã CSRF). Hãy tải lại trang.")
    return form


def safe_next(target: str | None) -> str:
    """Only a local path: never send a signed-in user to another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
