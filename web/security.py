"""Sign-in state, roles and CSRF for the web page.

Sessions live in the tracker (its web_sessions rows); the signed cookie (web/sessions.py:
HttpOnly, SameSite=Strict) carries the session's random id and its CSRF token. A session is
refused here when its row is gone (signed out, the account's password or role changed, the account
removed, the key rotated), it is older than its lifetime or idle too long, even if the browser
still sends the cookie. Every POST must echo the session's CSRF token in
a form field or the X-CSRF-Token header (the upload script uses the header).
"""

from __future__ import annotations

import hashlib
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

from congvan.web.sessions import REMEMBER
from congvan.web.users import User, get_user

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


def session_key(session_id: str) -> str:
    """What the tracker keeps of a session id: its digest (a copy of the database opens nothing)."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def start_session(request: Request, user: User, *, remember: bool = False) -> None:
    request.session.clear()  # a fresh id and token: no fixation of the anonymous session
    policy: SessionPolicy = request.app.state.session_policy
    now = int(time.time())
    session_id = secrets.token_urlsafe(32)
    request.app.state.stores.get().open_session(session_key(session_id), user.name, now, now - policy.idle_s)
    request.session.update({"sid": session_id, "csrf": secrets.token_urlsafe(32)})
    if remember:
        request.session[REMEMBER] = True


def end_session(request: Request) -> None:
    """Sign out: the tracker forgets the session, so a copy of the cookie is worthless too."""
    session_id = request.session.get("sid")
    if isinstance(session_id, str):
        request.app.state.stores.get().end_session(session_key(session_id))
    request.session.clear()


def current_user(request: Request) -> User | None:
    session_id = request.session.get("sid")
    if not isinstance(session_id, str):
        if "user" in request.session:  # a cookie from before server-side sessions: sign in again
            request.session.clear()
        return None
    policy: SessionPolicy = request.app.state.session_policy
    store = request.app.state.stores.get()
    key = session_key(session_id)
    row = store.web_session(key)
    now = int(time.time())
    if row is not None and (now - row.created_at > policy.lifetime_s or now - row.seen_at > policy.idle_s):
        store.end_session(key)
        row = None
    # The account is read on every request: a changed role counts now.
    user = get_user(store, row.name) if row is not None else None
    if user is None:
        request.session.clear()
        return None
    if now - row.seen_at > 60:  # refresh the idle clock without a write on every request
        store.touch_session(key, now)
    return user


async def refuse_anonymous(request: Request) -> Response:
    if wants_json(request):
        return JSONResponse({"error": "unauthenticated", "message": "Cần đăng nhập."}, status_code=401)
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method == "POST":  # a form sent after the session ended: back to it, its text kept (stash.py)
        target = await request.app.state.keep_form(request)
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def signed_in(*, editor: bool = False, admin: bool = False) -> Callable[[Callable[..., Awaitable[Response]]], Handler]:
    """Route guard: anonymous → sign-in (401 for JSON); a reader on an editor route, anyone but an
    admin on an admin route → 403."""

    def wrap(handler: Callable[..., Awaitable[Response]]) -> Handler:
        @wraps(handler)
        async def guarded(request: Request) -> Response:
            user = current_user(request)
            if user is None:
                return await refuse_anonymous(request)
            if editor and not user.can_edit:
                raise HTTPException(403, "Tài khoản chỉ được xem, không được thay đổi.")
            if admin and not user.is_admin:
                raise HTTPException(403, "Chỉ tài khoản quản trị được quản lý tài khoản.")
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
