"""A form sent after the session ended is not lost: its fields (never the CSRF token, never files)
wait here while the clerk signs in again, then fill the same form on the page it came from.

The fields stay in the server's memory under a random key; the session cookie carries only the
key (a 1000-character Vietnamese note would not fit in a cookie). A restart forgets them.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from starlette.datastructures import UploadFile
from starlette.requests import Request

from congvan.web.memo import LastUsed
from congvan.web.security import CSRF_FIELD, safe_next

SESSION_KEY = "stash"
MAX_FIELDS = 10
MAX_VALUE = 4000  # characters of one field kept
Stash = LastUsed[str, tuple[str, dict[str, str]]]


def form_page(request: Request) -> str:
    """The page whose form was sent: the Referer when it is ours, else the action's parent path
    (/obligations/7/status → /obligations/7)."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.path and (not referer.netloc or referer.netloc == request.url.netloc):
        return safe_next(referer.path)
    parent = request.url.path.rstrip("/").rsplit("/", 1)[0]
    return safe_next(parent or "/")


async def keep(request: Request) -> str:
    """Keep a POSTed form's fields for after sign-in; the page to come back to."""
    target = form_page(request)
    fields: dict[str, str] = {}
    try:
        form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    except Exception:  # noqa: BLE001 — an upload or a malformed body: nothing worth keeping
        return target
    try:
        for name, value in form.multi_items():
            if name != CSRF_FIELD and not isinstance(value, UploadFile) and name not in fields:
                fields[name] = str(value)[:MAX_VALUE]
    finally:
        await form.close()
    if fields:
        key = secrets.token_urlsafe(16)
        store: Stash = request.app.state.stash
        store.put(key, (target, fields))
        request.session[SESSION_KEY] = key
    return target


def take(request: Request) -> dict[str, str]:
    """The fields kept for this page (once), or none."""
    key = request.session.get(SESSION_KEY)
    if not isinstance(key, str):
        return {}
    store: Stash = request.app.state.stash
    kept = store.get(key)
    if kept is None or kept[0] != request.url.path:
        return {}
    del request.session[SESSION_KEY]
    store.put(key, ("", {}))  # used: nothing left to restore
    return kept[1]
