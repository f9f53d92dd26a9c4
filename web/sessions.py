"""The session cookie: Starlette's signed cookie, with the signing key read from web/keys.py (so a
rotated key applies to a running server) and kept only for the browser session unless the clerk
ticked "ghi nhớ" at sign-in (then it lasts the session's lifetime across browser restarts).

The cookie carries a random session id (checked against the tracker on every request by
security.current_user) and the CSRF token; it never grants anything by itself."""

from __future__ import annotations

import re

import itsdangerous
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from congvan.web.keys import SigningKey

COOKIE = "congvan_session"
REMEMBER = "remember"  # the session key set when "ghi nhớ" was ticked
# the lifetime attribute Starlette writes: "congvan_session=…; path=/; Max-Age=28800; httponly…"
MAX_AGE_ATTR = re.compile(rb"\s*Max-Age=\d+;", re.VERBOSE | re.IGNORECASE)


class KeyedSessions(SessionMiddleware):
    def __init__(self, app: ASGIApp, keys: SigningKey, lifetime_s: int, https_only: bool) -> None:
        super().__init__(
            app,
            secret_key=keys.current(),
            session_cookie=COOKIE,
            max_age=lifetime_s,
            same_site="strict",
            https_only=https_only,
        )
        self.keys = keys
        self._key = keys.current()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        key = self.keys.current()
        if key != self._key:  # rotated (`congvan users rotate-key`): every cookie signed before is void
            self.signer = itsdangerous.TimestampSigner(key)
            self._key = key

        async def browser_session_only(message: Message) -> None:
            if message["type"] == "http.response.start" and not scope.get("session", {}).get(REMEMBER):
                prefix = COOKIE.encode() + b"="
                message["headers"] = [
                    (k, MAX_AGE_ATTR.sub(b"", v, count=1))
                    if k.lower() == b"set-cookie" and v.startswith(prefix)
                    else (k, v)
                    for k, v in message.get("headers", [])
                ]
            await send(message)

        await super().__call__(scope, receive, browser_session_only)
