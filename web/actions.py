"""The actions (POST): sign in and out, change an obligation's status, upload files. Every one
checks the CSRF token first; changing and uploading need the editor role."""

from __future__ import annotations

import hmac
import json
import math
import time
from collections.abc import Mapping
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import Message, Receive

from congvan.tracker.api import ObligationStatus, Store, UnknownDocument, UnknownObligation
from congvan.web import stash, throttle
from congvan.web.render import page, to_json
from congvan.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    checked_form,
    csrf_token,
    end_session,
    safe_next,
    signed_in,
    start_session,
    wants_json,
)
from congvan.web.throttle import PasswordGate, ThrottlePolicy
from congvan.web.users import User, authenticate

MAX_NOTE = 1000
MAX_FILES = 20
MAX_JSON_SIGNIN = 4096  # bytes of a JSON sign-in body


async def login_fields(request: Request) -> Mapping[str, object]:
    """The sign-in form, or the same fields as a JSON object (a program signing in); either way
    after the CSRF token matched (the form field, the JSON key or the header)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return await checked_form(request, max_files=0, max_fields=10)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_JSON_SIGNIN:
            raise HTTPException(413, "Yêu cầu đăng nhập quá lớn.")
    try:
        fields = json.loads(body or b"{}")
    except ValueError:
        raise HTTPException(400, "Dữ liệu đăng nhập không phải JSON hợp lệ.") from None
    if not isinstance(fields, dict):
        raise HTTPException(400, "Dữ liệu đăng nhập phải là một đối tượng JSON.")
    sent = fields.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    expected = request.session.get("csrf")
    if not isinstance(sent, str) or not isinstance(expected, str) or not hmac.compare_digest(sent, expected):
        raise HTTPException(403, "Phiên làm việc không hợp lệ (thiếu mã CSRF). Hãy tải lại trang.")
    return fields


async def login(request: Request) -> Response:
    form = await login_fields(request)
    name = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")[:1024]
    target = safe_next(str(form.get("next") or "/"))
    remember = bool(form.get("remember"))
    stores = request.app.state.stores
    policy: ThrottlePolicy = request.app.state.config.throttle
    gate: PasswordGate = request.app.state.password_gate
    address = client_address(request)
    # A slot first: a flood waits here, before any throttle write and any 128 MiB scrypt.
    if not await gate.enter(policy.check_wait_s):
        return refused(request, target, name, "Máy chủ đang bận kiểm tra đăng nhập. Hãy thử lại sau ít giây.", 5)
    try:
        # The attempt is taken before the password is checked: concurrent guesses count each other.
        wait = await stores.run(throttle.reserve, policy, name, address, int(time.time()))
        if wait is not None:
            return refused(request, target, name, f"Đăng nhập sai nhiều lần. Hãy thử lại sau {wait_text(wait)}.", wait)
        user = await stores.run(authenticate, name, password)
    finally:
        gate.leave()
    if user is None:  # the reserved attempt stays as the failure
        context = {
            "next": target,
            "error": "Sai tên đăng nhập hoặc mật khẩu.",
            "already": False,
            "username": name,
        }
        return page(request, "login.html", context, {"error": "invalid_credentials"}, 401)
    await stores.run(throttle.succeeded, name, address)
    kept = request.session.get(stash.SESSION_KEY)  # a form waiting for this sign-in (stash.py)
    start_session(request, user, remember=remember)
    if isinstance(kept, str):
        request.session[stash.SESSION_KEY] = kept
    if wants_json(request):
        # the session's new token: the program's next POST echoes it in the X-CSRF-Token header
        return JSONResponse({"user": user.name, "role": user.role.value, "csrf_token": csrf_token(request)})
    return RedirectResponse(target, status_code=303)


def wait_text(seconds: int) -> str:
    return f"{seconds} giây" if seconds < 90 else f"{math.ceil(seconds / 60)} phút"


def refused(request: Request, target: str, name: str, message: str, wait: int) -> Response:
    """429: try again after `wait` seconds (nothing about the password was checked)."""
    context = {"next": target, "error": message, "already": False, "username": name}
    response = page(request, "login.html", context, {"error": "too_many_attempts", "message": message}, 429)
    response.headers["Retry-After"] = str(max(1, wait))
    return response


def client_address(request: Request) -> str:
    """The client's address: the TCP peer, or the X-Forwarded-For client when the server trusts the
    proxy (`congvan serve --forwarded-allow-ips`: uvicorn rewrites the peer before we see it)."""
    return request.client.host if request.client is not None else "-"


async def logout(request: Request) -> Response:
    await checked_form(request, max_files=0, max_fields=5)
    await run_in_threadpool(end_session, request)
    return RedirectResponse("/login", status_code=303)


@signed_in(editor=True)
async def change_status(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=10)
    ob_id = int(request.path_params["ob_id"])
    try:
        status = ObligationStatus(str(form.get("status") or ""))
    except ValueError:
        raise HTTPException(400, "Trạng thái không hợp lệ.") from None
    note = " ".join(str(form.get("note") or "").split())[:MAX_NOTE] or None
    try:
        await request.app.state.stores.run(lambda store: store.set_status(ob_id, status, user.name, note))
    except UnknownObligation:
        raise HTTPException(404, "Không có nhiệm vụ này.") from None
    if wants_json(request):
        return JSONResponse({"obligation_id": ob_id, "status": status.value, "who": user.name, "note": note})
    return RedirectResponse(f"/obligations/{ob_id}?saved=1", status_code=303)


# ---- assignment and replies (issue 17) ------------------------------------------------------------
MAX_UNITS = 20  # units per role in one direction
MAX_UNIT = 200  # characters of a unit name


def units_of(form: Mapping[str, object], name: str) -> list[str]:
    """Units typed one per line or separated by ';' (as a leader writes "Phòng 1; Phòng 2")."""
    raw = str(form.get(name) or "")
    units = [" ".join(u.split())[:MAX_UNIT] for line in raw.splitlines() for u in line.split(";")]
    return [u for u in units if u][:MAX_UNITS]


def due_of(form: Mapping[str, object]) -> date | None:
    text = str(form.get("due") or "").strip()[:20]
    if not text:
        return None
    try:
        if "/" in text:
            d, m, y = (int(p) for p in text.split("/"))
            return date(y, m, d)
        return date.fromisoformat(text)
    except ValueError:
        raise HTTPException(400, f"Hạn “{text}” không phải ngày (dd/mm/yyyy).") from None


Direction = tuple[FormData, list[str], list[str], date | None, str | None]  # form, lead, supporting, due, note


async def read_direction(request: Request) -> Direction:
    form = await checked_form(request, max_files=0, max_fields=60)
    lead, supporting, due = units_of(form, "lead"), units_of(form, "supporting"), due_of(form)
    if not lead and not supporting and due is None:
        raise HTTPException(400, "Hãy nhập đơn vị chủ trì, đơn vị phối hợp hoặc hạn.")
    note = " ".join(str(form.get("note") or "").split())[:MAX_NOTE] or None
    return form, lead, supporting, due, note


def assigned_json(obligations: list[object], who: str) -> JSONResponse:
    return JSONResponse({"assigned": to_json(obligations), "who": who})


@signed_in(editor=True)
async def assign_obligation(request: Request, user: User) -> Response:
    """A leader's direction on one obligation: lead, supporting units, deadline."""
    _, lead, supporting, due, note = await read_direction(request)
    ob_id = int(request.path_params["ob_id"])
    try:
        done = await request.app.state.stores.run(
            lambda store: store.assign([ob_id], lead, supporting, due, user.name, note)
        )
    except UnknownObligation:
        raise HTTPException(404, "Không có nhiệm vụ này.") from None
    if wants_json(request):
        return assigned_json(done, user.name)
    return RedirectResponse(f"/obligations/{ob_id}?assigned=1", status_code=303)


def document_targets(store: Store, doc_id: int, chosen: list[str]) -> list[int]:
    """The obligations a direction on the document covers: those ticked, else all its open ones."""
    active = (ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS)
    own = store.document_obligations(doc_id)
    if chosen:
        picked = {int(c) for c in chosen if c.isdigit()}
        return [o.id for o in own if o.id in picked]
    return [o.id for o in own if o.status in active]


@signed_in(editor=True)
async def assign_document(request: Request, user: User) -> Response:
    """A leader's direction on a document: for the obligations ticked, or all its open ones."""
    form, lead, supporting, due, note = await read_direction(request)
    doc_id = int(request.path_params["doc_id"])
    chosen = [str(v) for v in form.getlist("ob")]

    def run(store: Store) -> list[object]:
        if store.document(doc_id) is None:
            raise HTTPException(404, "Không có văn bản này.")
        ids = document_targets(store, doc_id, chosen)
        if not ids:
            raise HTTPException(400, "Văn bản không có nhiệm vụ nào đang mở để giao.")
        return list(store.assign(ids, lead, supporting, due, user.name, note))

    done = await request.app.state.stores.run(run)
    if wants_json(request):
        return assigned_json(done, user.name)
    return RedirectResponse(f"/documents/{doc_id}?assigned={len(done)}#nhiem-vu", status_code=303)


@signed_in(editor=True)
async def confirm_reply(request: Request, user: User) -> Response:
    """Close what a reply proposes as done: on an incoming document its proposed obligations, on an
    outgoing reply the obligations it answers."""
    await checked_form(request, max_files=0, max_fields=5)
    doc_id = int(request.path_params["doc_id"])

    def run(store: Store) -> list[int]:
        doc = store.document(doc_id)
        if doc is None:
            raise HTTPException(404, "Không có văn bản này.")
        outgoing = doc.direction == "out"
        related = store.answered_obligations(doc_id) if outgoing else store.document_obligations(doc_id)
        return store.confirm_done([o.id for o in related if o.proposed_done_by], user.name)

    closed = await request.app.state.stores.run(run)
    if wants_json(request):
        return JSONResponse({"document_id": doc_id, "closed": closed, "who": user.name})
    return RedirectResponse(f"/documents/{doc_id}?closed={len(closed)}", status_code=303)


class UploadTooLarge(Exception):
    """The request body went past the upload limit while it was read."""


class BoundedBody:
    """The request's receive channel, counting body bytes as the form parser pulls them: past the
    limit it raises, so a body without Content-Length (or with a false one) stops there instead of
    being spooled to disk in full."""

    def __init__(self, receive: Receive, limit: int) -> None:
        self.receive = receive
        self.limit = limit
        self.seen = 0

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] == "http.request":
            self.seen += len(message.get("body", b""))
            if self.seen > self.limit:
                raise UploadTooLarge(self.seen)
        return message


@signed_in(editor=True)
async def upload(request: Request, user: User) -> Response:
    uploads = request.app.state.uploads
    if uploads is None:
        raise HTTPException(404, "Máy chủ này chưa bật tải lên (congvan serve --inbox THƯ_MỤC).")
    limit: int = request.app.state.config.max_upload_bytes
    too_large = HTTPException(413, f"Tệp tải lên quá lớn: tối đa {limit // 2**20} MiB mỗi lần tải.")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large  # refused before a byte of the body is read
    body = BoundedBody(request.receive, limit)
    try:
        form = await checked_form(Request(request.scope, body), max_files=MAX_FILES, max_fields=5)
    except UploadTooLarge:  # the parser stopped mid-stream and closed what it had spooled
        raise too_large from None
    jobs = []
    try:
        for item in form.getlist("files"):
            if isinstance(item, UploadFile) and item.filename:
                jobs.append(await run_in_threadpool(uploads.submit, item.filename, item.file, user.name))
    finally:
        await form.close()
    if not jobs:
        raise HTTPException(400, "Chưa chọn tệp nào.")
    if wants_json(request):
        return JSONResponse(
            {"jobs": [to_json({k: v for k, v in vars(j).items() if k != "staged"}) for j in jobs]}
        )
    return RedirectResponse("/upload", status_code=303)


@signed_in(editor=True)
async def delete_document(request: Request, user: User) -> Response:
    """Soft delete (the store keeps the row and says who deleted it): for junk stored by mistake."""
    form = await checked_form(request, max_files=0, max_fields=5)
    doc_id = int(request.path_params["doc_id"])
    if form.get("confirm") != "1":
        raise HTTPException(400, "Hãy đánh dấu ô xác nhận trước khi xóa văn bản.")
    try:
        doc = await request.app.state.stores.run(lambda store: store.delete_document(doc_id, user.name))
    except UnknownDocument:
        raise HTTPException(404, "Không có văn bản này, hoặc văn bản đã bị xóa.") from None
    if wants_json(request):
        return JSONResponse(
            {"document_id": doc.id, "deleted_by": doc.deleted_by, "deleted_at": to_json(doc.deleted_at)}
        )
    return RedirectResponse(f"/documents/{doc_id}", status_code=303)
