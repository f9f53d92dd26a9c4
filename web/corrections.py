"""Corrections on the document page (POST, editors, CSRF first): a form per header field and per
obligation, beside its evidence; obligations added and removed. The store keeps who, when, before
and after (tracker/corrections.py); a corrected body name is written to the local vocabulary the
next extractions read (tracker/vocabulary.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from congvan.schemas.fields import LABELS
from congvan.tracker.api import Correction, InvalidCorrection, Store, UnknownDocument, UnknownObligation
from congvan.tracker.corrections import HEADER_FIELDS, LEARNED_FIELDS
from congvan.tracker.vocabulary import write_local_vocabulary
from congvan.web.render import to_json
from congvan.web.security import checked_form, signed_in, wants_json
from congvan.web.users import User

MAX_VALUE = 2000  # characters of one corrected value (a subject, a task's text)
MAX_NAMES = 50  # assignees of one obligation

# What the page calls each correctable value (field labels from schemas.fields where they exist).
FIELD_LABELS: dict[str, str] = {
    **{f: LABELS.get(f, f) for f in HEADER_FIELDS if "." not in f},
    "signer.name": "Họ tên người ký",
    "signer.title": "Chức vụ người ký",
    "task.text": "Nội dung nhiệm vụ",
    "task.assignees": "Đơn vị, người thực hiện",
    "task.deadline": "Hạn xử lý",
    "task.added": "Thêm nhiệm vụ",
    "task.removed": "Bỏ nhiệm vụ",
}


def _text(form: FormData, name: str) -> str:
    value = form.get(name)
    return str(value)[:MAX_VALUE] if isinstance(value, str) else ""


def _names(form: FormData, name: str) -> list[str]:
    """One name a line (or separated by ';'), as a clerk types a list."""
    raw = _text(form, name).replace(";", "\n")
    return [n.strip() for n in raw.splitlines() if n.strip()][:MAX_NAMES]


def _deadline(form: FormData) -> dict[str, object] | None:
    day, text = _text(form, "date").strip(), _text(form, "deadline_text").strip()
    if not day and not text:
        return None
    return {"date": day or None, "text": text or None}


def correction_json(c: Correction) -> dict[str, Any]:
    return {
        "id": c.id,
        "document_id": c.document_id,
        "obligation_id": c.obligation_id,
        "field": c.field,
        "before": c.before,
        "after": c.after,
        "who": c.who,
        "at": to_json(c.at),
    }


async def _apply(request: Request, change: Callable[[Store], Correction]) -> Correction:
    """Run the change on the store; a refused one is the clerk's 400 with the store's reason."""
    try:
        return await request.app.state.stores.run(change)
    except InvalidCorrection as exc:
        raise HTTPException(400, str(exc)) from None
    except UnknownDocument:
        raise HTTPException(404, "Không có văn bản này, hoặc văn bản đã bị xóa.") from None
    except UnknownObligation:
        raise HTTPException(404, "Không có nhiệm vụ này.") from None


def _done(request: Request, c: Correction, anchor: str) -> Response:
    if wants_json(request):
        return JSONResponse(correction_json(c))
    return RedirectResponse(f"/documents/{c.document_id}?corrected={c.id}#{anchor}", status_code=303)


@signed_in(editor=True)
async def correct_field(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=5)
    doc_id = int(request.path_params["doc_id"])
    field = _text(form, "field")
    if field not in HEADER_FIELDS:
        raise HTTPException(400, "Trường này không sửa được trên trang.")
    value = _text(form, "value")
    vocabulary = request.app.state.config.tracker.vocabulary

    def change(store: Store) -> Correction:
        done = store.correct_field(doc_id, field, value, user.name)
        if field in LEARNED_FIELDS:
            write_local_vocabulary(store, vocabulary)  # the next documents from this body read it
        return done

    fixed = await _apply(request, change)
    return _done(request, fixed, "f-" + field.split(".")[0])


@signed_in(editor=True)
async def correct_obligation(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=6)
    ob_id = int(request.path_params["ob_id"])
    field = _text(form, "field")
    value: object
    if field == "text":
        value = _text(form, "value")
    elif field == "assignees":
        value = _names(form, "value")
    elif field == "deadline":
        value = _deadline(form)
    else:
        raise HTTPException(400, "Trường này của nhiệm vụ không sửa được.")
    fixed = await _apply(request, lambda store: store.correct_obligation(ob_id, field, value, user.name))
    return _done(request, fixed, "nhiem-vu")


@signed_in(editor=True)
async def add_obligation(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=6)
    doc_id = int(request.path_params["doc_id"])
    text, names, deadline = _text(form, "text"), _names(form, "assignees"), _deadline(form)
    added = await _apply(request, lambda store: store.add_obligation(doc_id, text, names, deadline, user.name))
    return _done(request, added, "nhiem-vu")


@signed_in(editor=True)
async def remove_obligation(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=5)
    ob_id = int(request.path_params["ob_id"])
    if form.get("confirm") != "1":
        raise HTTPException(400, "Hãy đánh dấu ô xác nhận trước khi bỏ nhiệm vụ.")
    removed = await _apply(request, lambda store: store.remove_obligation(ob_id, user.name))
    return _done(request, removed, "nhiem-vu")
