"""The pages (GET): overview, search, document, obligation, upload, sign-in. Each answers HTML or,
with ?format=json, the same data as JSON."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from congvan.errors import CongvanError
from congvan.schemas.fields import DOC_TYPE_LABELS, warning_field
from congvan.tracker.api import ObligationFilter, ObligationStatus, Store, StoredDocument
from congvan.tracker.corrections import HEADER_FIELDS, current_value
from congvan.tracker.search_text import folded_key
from congvan.web import queries, stash
from congvan.web.corrections import FIELD_LABELS
from congvan.web.evidence import (
    RENDER_SCALE,
    Evidence,
    evidence_for,
    extra_files,
    locate_original,
    read_text,
    record_marks,
    render_page,
)
from congvan.web.memo import LastUsed
from congvan.web.render import page
from congvan.web.security import csrf_token, current_user, safe_next, signed_in
from congvan.web.users import User

log = logging.getLogger("congvan")
PAGE_SIZE = 25
MAX_QUERY = 200  # characters of a search query kept
PAGE_IMAGE_CACHE = "private, max-age=31536000, immutable"


def store_of(request: Request) -> Store:
    return request.app.state.stores.get()


def today_of(request: Request) -> date:
    return request.app.state.today()


# ---- sign-in ------------------------------------------------------------------------------------
async def login_form(request: Request) -> Response:
    if current_user(request) is not None:
        return page(request, "login.html", {"next": "/", "error": None, "already": True}, {"signed_in": True})
    target = safe_next(request.query_params.get("next"))
    # The JSON twin hands a program the token its sign-in POST must echo (the cookie carries the session).
    return page(
        request,
        "login.html",
        {"next": target, "error": None, "already": False},
        {"signed_in": False, "csrf_token": csrf_token(request)},
    )


# ---- overview -----------------------------------------------------------------------------------
@signed_in()
async def overview(request: Request, user: User) -> Response:
    order = queries.OVERDUE_ORDERS.get(request.query_params.get("tre", ""), "most_late")
    data = await request.app.state.stores.run(queries.overview, today_of(request), order)
    broker = request.app.state.config.broker
    if broker is not None:
        data = replace(data, queue=await run_in_threadpool(broker_figures, broker))
    return page(request, "overview.html", {"o": data}, data)


def broker_figures(broker: str) -> dict[str, Any]:
    """The Celery engine's queue for the overview: waiting and running documents, or why not."""
    from congvan.operations.broker_queue import BrokerUnavailable, queue_length

    try:
        return queue_length(broker).to_json()
    except BrokerUnavailable:
        return {"error": "Không kết nối được hàng đợi xử lý (máy chủ Redis)"}


# ---- a unit's work (issue 17: "Việc của tôi", "Việc của đơn vị") ---------------------------------
MAX_UNIT = 200  # characters of a unit name kept


def unit_work(store: Store, unit: str, show_all: bool) -> dict[str, Any]:
    found = store.unit_obligations(unit, active_only=not show_all) if unit else []
    return {"unit": unit or None, "all": show_all, "obligations": found}


@signed_in()
async def my_work(request: Request, user: User) -> Response:
    """The obligations whose lead, supporting units or assignees name the signed-in user's unit."""
    account = await request.app.state.stores.run(lambda store: store.account(user.name))
    unit = account.unit if account is not None else None
    show_all = request.query_params.get("all") in ("1", "on", "true")
    data = await request.app.state.stores.run(unit_work, unit or "", show_all)
    context = {**data, "mine": True, "days_late": queries.days_late}
    return page(request, "unit_work.html", context, {**data, "user": user.name})


def unit_names(store: Store) -> list[str]:
    """The units to choose from: those of the administration page, then those accounts name that it
    lacks (one per name without diacritics)."""
    names: dict[str, str] = {}
    for name in [u.name for u in store.units()] + sorted(a.unit for a in store.accounts() if a.unit):
        names.setdefault(folded_key(name), name)
    return sorted(names.values(), key=folded_key)


@signed_in()
async def unit_page(request: Request, user: User) -> Response:
    """Any unit's obligations (?unit=…, diacritics optional), with the units the accounts belong to."""
    unit = " ".join(request.query_params.get("unit", "").split())[:MAX_UNIT]
    show_all = request.query_params.get("all") in ("1", "on", "true")
    data = await request.app.state.stores.run(unit_work, unit, show_all)
    units = await request.app.state.stores.run(unit_names)
    context = {**data, "mine": False, "units": units, "days_late": queries.days_late}
    return page(request, "unit_work.html", context, {**data, "units": units})


# ---- search -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SearchForm:
    q: str
    assignee: str
    status: str
    due_before: str
    due_after: str
    overdue: bool
    unassigned: bool
    issuer: str
    doc_type: str
    issued_from: str
    issued_to: str
    page: int


def parse_day(text: str) -> date | None:
    """31/12/2024 (as clerks write it) or 2024-12-31 (the date input); ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    if "/" in text:
        d, m, y = (int(p) for p in text.split("/"))
        return date(y, m, d)
    return date.fromisoformat(text)


def read_search_form(params: QueryParams) -> SearchForm:
    def text(name: str, limit: int = 100) -> str:
        return " ".join(params.get(name, "").split())[:limit]

    try:
        page_no = max(1, min(int(params.get("page", "1")), 1000))
    except ValueError:
        page_no = 1
    return SearchForm(
        q=text("q", MAX_QUERY),
        assignee=text("assignee"),
        status=text("status", 20),
        due_before=text("due_before", 20),
        due_after=text("due_after", 20),
        overdue=params.get("overdue") in ("1", "on", "true"),
        unassigned=params.get("unassigned") in ("1", "on", "true"),
        issuer=text("issuer"),
        doc_type=text("type", 40),
        issued_from=text("issued_from", 20),
        issued_to=text("issued_to", 20),
        page=page_no,
    )


def search_filter(form: SearchForm, today: date) -> tuple[ObligationFilter, list[str]]:
    """The store's filter from the form; a field that does not parse is dropped with a message."""
    errors: list[str] = []
    days: dict[str, date | None] = {}
    for name, label in (
        ("due_before", "Hạn trước ngày"),
        ("due_after", "Hạn từ ngày"),
        ("issued_from", "Ban hành từ ngày"),
        ("issued_to", "Ban hành đến ngày"),
    ):
        try:
            days[name] = parse_day(getattr(form, name))
        except ValueError:
            days[name] = None
            errors.append(f"{label}: “{getattr(form, name)}” không phải ngày (dd/mm/yyyy).")
    status = None
    if form.status and form.status != queries.ACTIVE_STATUS:
        try:
            status = ObligationStatus(form.status)
        except ValueError:
            errors.append("Trạng thái không hợp lệ.")
    flt = ObligationFilter(
        assignee=form.assignee or None,
        unassigned=form.unassigned,
        active_only=form.status == queries.ACTIVE_STATUS,
        status=status,
        due_before=days["due_before"],
        due_after=days["due_after"],
        overdue_on=today if form.overdue else None,
        issuer=form.issuer or None,
        document_type=form.doc_type or None,
        issued_from=days["issued_from"],
        issued_to=days["issued_to"],
        limit=PAGE_SIZE + 1,  # one more tells whether there is a next page
        offset=(form.page - 1) * PAGE_SIZE,
    )
    return flt, errors


def run_search(store: Store, form: SearchForm, flt: ObligationFilter) -> dict[str, Any]:
    if form.q:
        hits = store.search(form.q, flt)
        return {"mode": "search", "hits": hits[:PAGE_SIZE], "more": len(hits) > PAGE_SIZE}
    obligations = store.obligations(flt)
    return {"mode": "list", "obligations": obligations[:PAGE_SIZE], "more": len(obligations) > PAGE_SIZE}


@signed_in()
async def search(request: Request, user: User) -> Response:
    form = read_search_form(request.query_params)
    flt, errors = search_filter(form, today_of(request))
    result = await request.app.state.stores.run(run_search, form, flt)
    data = {"query": form.q, "page": form.page, "errors": errors, **result}
    base = {k: v for k, v in request.query_params.items() if k not in ("page", "format")}
    return page(request, "search.html", {"form": form, "errors": errors, "base": base, **result}, data)


# ---- documents ----------------------------------------------------------------------------------
def archives_of(request: Request) -> list[Path]:
    folders = request.app.state.config.folders
    return [folders.archive] if folders is not None else []


def load_document(request: Request, doc_id: int) -> StoredDocument:
    doc = store_of(request).document(doc_id)
    if doc is None:
        raise HTTPException(404, "Không có văn bản này.")
    return doc


def ocr_cache_of(request: Request) -> Path | None:
    cache: Path | None = request.app.state.config.ocr_cache
    return cache


def document_evidence(doc: StoredDocument, archives: list[Path]) -> tuple[Path | None, Evidence]:
    """The record's marks, as the record stores them (boxes from extraction time), and the
    original file when it can still be found (the picture under them)."""
    original = locate_original(doc, archives)
    try:
        ev = evidence_for(doc, original)
    except (CongvanError, OSError) as exc:
        log.info("document %s: the original could not be read again: %s", doc.id, exc)
        why = exc.clerk if isinstance(exc, CongvanError) else "không mở được tệp"
        note = f"Không đọc lại được tệp gốc ({why}); chỉ hiển thị các trường đã trích."
        return original, Evidence("text", 0, record_marks(doc.record), note=note)
    return original, ev


@signed_in()
async def document(request: Request, user: User) -> Response:
    doc = load_document(request, request.path_params["doc_id"])
    store = store_of(request)
    obligations = store.document_obligations(doc.id)
    # the other side of a reply: the replies answering this document, or what this reply answers
    replies = store.reply_documents(doc.id)
    answered = store.answered_obligations(doc.id) if doc.direction == "out" else []
    fixes = store.corrections(doc.id)
    original, ev = await run_in_threadpool(document_evidence, doc, archives_of(request))
    marks_by_page: dict[int, list[Any]] = {}
    for m in ev.marks:
        for number in dict.fromkeys(b.page for b in m.boxes) or ([m.page] if m.page is not None else []):
            marks_by_page.setdefault(number, []).append(m)
    data = {
        "document": doc,
        "obligations": obligations,
        "evidence": {"kind": ev.kind, "note": ev.note, "pages": ev.pages, "marks": ev.marks, "frames": ev.frames},
        "original_available": original is not None,
        "replies": replies,
        "answered": answered,
        "corrections": fixes,
    }
    by_field, general = sort_warnings(doc.record)
    context = {
        "doc": doc,
        "record": doc.record,
        "field_warnings": by_field,
        "general_warnings": general,
        "obligations": obligations,
        "ev": ev,
        "marks_by_page": marks_by_page,
        "text_parts": marked_text(ev) if ev.kind == "text" and ev.text is not None else None,
        "has_original": original is not None,
        "replies": replies,
        "answered": answered,
        "proposed": [o for o in [*obligations, *answered] if o.proposed_done_by and o.status in ACTIVE],
        "corrections": fixes,
        "correction_labels": FIELD_LABELS,
        "current": {f: current_value(doc.record, f) for f in HEADER_FIELDS},
        "doc_types": DOC_TYPE_LABELS,
        "corrected": {c.field for c in fixes if c.obligation_id is None},
        "unit_names": [u.name for u in store.units()] if user.can_edit else [],
    }
    return page(request, "document.html", context, data)


ACTIVE = (ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS)


# The fields the document page lists (document.html): a warning about one of them is shown there.
SHOWN_FIELDS = frozenset(
    {"number", "document_type", "issuer", "issuer_parent", "issued_place", "issued_date", "subject"}
    | {"urgency", "secrecy", "signer"}
)


def sort_warnings(record: dict[str, object]) -> tuple[dict[str, list[str]], list[str]]:
    """The record's warnings: those that question a shown field (by their label prefix,
    schemas.fields.warning_field), by field, and the others, whole."""
    by_field: dict[str, list[str]] = {}
    general: list[str] = []
    warnings = record.get("warnings")
    for warning in warnings if isinstance(warnings, list) else []:
        name, text = warning_field(str(warning))
        if name in SHOWN_FIELDS:
            by_field.setdefault(name, []).append(text)
        else:
            general.append(str(warning))
    return by_field, general


# Fields that classify the document from another field's words (the type read from the number's
# symbol "4515/VKSTC-T5" or from the title): on shared text the field that was read there wins.
CLASSIFYING = frozenset({"document_type", "is_dispatch"})


def marked_text(ev: Evidence, keys: set[str] | None = None) -> list[tuple[str, str | None, str | None]]:
    """The text cut into (piece, mark key, label) runs; overlapping spans: the first one wins,
    classifying fields last."""
    assert ev.text is not None
    text = ev.text
    owner: list[int | None] = [None] * len(text)
    order = sorted(range(len(ev.marks)), key=lambda i: ev.marks[i].key in CLASSIFYING)
    for i, m in ((i, ev.marks[i]) for i in order):
        if keys is not None and m.key not in keys:
            continue
        for pos in range(max(0, m.start), min(len(text), m.end)):
            if owner[pos] is None:
                owner[pos] = i
    parts: list[tuple[str, str | None, str | None]] = []
    start = 0
    for pos in range(1, len(text) + 1):
        if pos == len(text) or owner[pos] != owner[start]:
            idx = owner[start]
            mark = ev.marks[idx] if idx is not None else None
            parts.append((text[start:pos], mark.key if mark else None, mark.label if mark else None))
            start = pos
    return parts


@signed_in()
async def document_text(request: Request, user: User) -> Response:
    """The document's text with every evidence span marked; a scan is read again (with OCR)."""
    doc = load_document(request, request.path_params["doc_id"])
    original = locate_original(doc, archives_of(request))
    if original is None:
        raise HTTPException(404, "Không tìm thấy tệp gốc.")
    try:
        # A scan is read again with OCR here (the OCR cache spares the recognition when it holds the page).
        text = await run_in_threadpool(
            read_text, original, extra_files(doc.record), True, ocr_cache_of(request)
        )
    except CongvanError as exc:
        raise HTTPException(404, f"Không đọc được văn bản: {exc.clerk}.") from exc
    marks = record_marks(doc.record)
    ev = Evidence("text", len(text.pages), marks, text=text.text)
    data = {"document_id": doc.id, "text": text.text, "marks": marks}
    return page(request, "document_text.html", {"doc": doc, "text_parts": marked_text(ev)}, data)


@signed_in()
async def original(request: Request, user: User) -> Response:
    doc = load_document(request, request.path_params["doc_id"])
    path = await run_in_threadpool(locate_original, doc, archives_of(request))
    if path is None:
        raise HTTPException(404, "Không tìm thấy tệp gốc.")
    source = doc.record.get("source")
    media = str((source.get("media_type") if isinstance(source, dict) else None) or "application/octet-stream")
    disposition = (
        "inline" if media in ("application/pdf", "image/png", "image/jpeg", "text/plain") else "attachment"
    )
    return FileResponse(path, media_type=media, filename=path.name, content_disposition_type=disposition)


@signed_in()
async def page_image(request: Request, user: User) -> Response:
    doc = load_document(request, request.path_params["doc_id"])
    number = int(request.path_params["number"])
    # The picture depends on nothing but the file's bytes and the page: the content hash names it
    # for good, so the browser keeps it and asks again only with If-None-Match.
    etag = f'"{doc.sha256[:32]}-{number}-{RENDER_SCALE}"'
    caching = {"cache-control": PAGE_IMAGE_CACHE, "etag": etag}
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=caching)
    cache: LastUsed[tuple[str, int], bytes] = request.app.state.page_cache
    png = cache.get((doc.sha256, number))
    if png is None:
        path = await run_in_threadpool(locate_original, doc, archives_of(request))
        if path is None:
            raise HTTPException(404, "Không tìm thấy tệp gốc.")
        try:
            png = await run_in_threadpool(render_page, path, number, RENDER_SCALE, extra_files(doc.record))
        except (IndexError, CongvanError, OSError) as exc:
            raise HTTPException(404, "Không có trang này.") from exc
        cache.put((doc.sha256, number), png)
    return Response(png, media_type="image/png", headers=caching)


# ---- obligations --------------------------------------------------------------------------------
@signed_in()
async def obligation(request: Request, user: User) -> Response:
    store = store_of(request)
    ob = store.obligation(request.path_params["ob_id"])
    if ob is None:
        raise HTTPException(404, "Không có nhiệm vụ này.")
    history = store.history(ob.id)
    assignments = store.assignments(ob.id)
    reply = store.document(ob.proposed_done_by) if ob.proposed_done_by else None
    today = today_of(request)
    overdue = (
        ob.due is not None
        and ob.due < today
        and ob.status in (ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS)
    )
    data = {
        "obligation": ob,
        "history": history,
        "assignments": assignments,
        "reply": {"id": reply.id, "number": reply.number} if reply else None,
        "overdue": overdue,
        "can_edit": user.can_edit,
    }
    saved = request.query_params.get("saved") == "1"
    restored = stash.take(request)  # the form sent when the session had ended, to send again
    context = {
        "ob": ob,
        "history": history,
        "assignments": assignments,
        "reply": reply,
        "overdue": overdue,
        "saved": saved,
        "restored": restored,
        "assigned": request.query_params.get("assigned") == "1",
        "unit_names": [u.name for u in store.units()] if user.can_edit else [],
    }
    return page(request, "obligation.html", context, data)


# ---- upload -------------------------------------------------------------------------------------
@signed_in()
async def upload_page(request: Request, user: User) -> Response:
    uploads = request.app.state.uploads
    jobs = uploads.jobs() if uploads is not None else []
    data = {
        "enabled": uploads is not None,
        "jobs": [{k: v for k, v in vars(j).items() if k != "staged"} for j in jobs],
    }
    return page(request, "upload.html", {"enabled": uploads is not None, "jobs": jobs}, data)
