"""The office administration page (/quan-tri): accounts and units.

Who: an admin manages the accounts (create, role, unit, lock out, new password); editors and admins
manage the units (create, rename, put under another). A reader is refused the page (403), an editor
every account action (403). Every POST checks the CSRF token first and answers with a redirect to the
page and a notice, or a Vietnamese 400 saying why the tracker refused (the last editor or admin, a
name taken); the JSON twin never carries a password hash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from congvan.tracker.api import Account, InvalidUnit, Role, Store, Unit, UnknownAccount, UnknownUnit
from congvan.web.render import page
from congvan.web.security import checked_form, signed_in, wants_json
from congvan.web.users import (
    User,
    UserError,
    check_name,
    check_password,
    hash_password,
    set_disabled,
    set_password,
    set_role,
)

T = TypeVar("T")
ROLE_LABELS = {Role.READER: "Chỉ xem", Role.EDITOR: "Biên tập", Role.ADMIN: "Quản trị"}
# What the page says after an action (the redirect's ?xong=…).
DONE_NOTICES = {
    "tao": "Đã tạo tài khoản {name}.",
    "sua": "Đã lưu vai trò và đơn vị của {name}.",
    "khoa": "Đã khóa tài khoản {name}; các phiên đăng nhập của tài khoản đã kết thúc.",
    "mo": "Đã mở khóa tài khoản {name}.",
    "mat-khau": "Đã đặt mật khẩu mới cho {name}; các phiên đăng nhập cũ đã kết thúc.",
    "don-vi": "Đã lưu đơn vị {name}.",
}
MAX_FIELD = 300
# The first words of users.UserError's messages that are not an account's name.
LOWER_STARTS = frozenset({"tên", "mật", "không", "đã"})


def _text(form: FormData, name: str, limit: int = MAX_FIELD) -> str:
    value = form.get(name)
    return str(value)[:limit].strip() if isinstance(value, str) else ""


def _role(form: FormData) -> Role:
    try:
        return Role(_text(form, "role"))
    except ValueError:
        raise HTTPException(400, "Vai trò không hợp lệ.") from None


def _unit_id(form: FormData, name: str) -> int | None:
    raw = _text(form, name)
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise HTTPException(400, "Đơn vị không hợp lệ.")
    return int(raw)


def unit_paths(units: list[Unit]) -> dict[int, str]:
    """Each unit's name with the units above it ("Văn phòng › Tổ văn thư"), for the lists."""
    by_id = {u.id: u for u in units}

    def path(u: Unit) -> str:
        names, seen = [u.name], {u.id}
        while u.parent_id is not None and u.parent_id in by_id and u.parent_id not in seen:
            u = by_id[u.parent_id]
            seen.add(u.id)
            names.append(u.name)
        return " › ".join(reversed(names))

    return {u.id: path(u) for u in units}


def account_json(a: Account) -> dict[str, Any]:
    """An account as the page's JSON twin shows it: never its password hash."""
    return {
        "name": a.name,
        "role": a.role.value,
        "unit": a.unit,
        "email": a.email,
        "created_at": a.created_at,
        "disabled_at": a.disabled_at,
    }


def admin_data(store: Store, with_accounts: bool) -> dict[str, Any]:
    units = store.units()
    paths = unit_paths(units)
    rows = sorted(units, key=lambda u: paths[u.id].casefold())
    data: dict[str, Any] = {
        "units": [{"id": u.id, "name": u.name, "parent_id": u.parent_id, "path": paths[u.id]} for u in rows]
    }
    if with_accounts:
        data["accounts"] = [account_json(a) for a in store.accounts()]
    return data


@signed_in(editor=True)
async def admin_page(request: Request, user: User) -> Response:
    data = await request.app.state.stores.run(admin_data, user.is_admin)
    done = request.query_params.get("xong", "")
    who = request.query_params.get("ten", "")[:200]
    notice = DONE_NOTICES[done].format(name=who) if done in DONE_NOTICES else ""
    context = {"notice": notice, "roles": list(Role), "role_labels": ROLE_LABELS, **data}
    return page(request, "admin.html", context, data)


async def _apply(request: Request, change: Callable[[Store], T]) -> T:
    """The change on the tracker; a refusal is the clerk's 400 (404 for what is not there)."""
    try:
        return await request.app.state.stores.run(change)
    except (UserError, InvalidUnit) as exc:
        raise HTTPException(400, _sentence(str(exc))) from None
    except UnknownAccount as exc:
        raise HTTPException(404, f"Không có tài khoản {exc.args[0]}.") from None
    except UnknownUnit:
        raise HTTPException(404, "Không có đơn vị này.") from None


def _sentence(message: str) -> str:
    """users.UserError's messages are command-line style (lower case, no stop): a sentence here,
    an account's name left as it is spelled ("bientap là tài khoản …")."""
    if message.split(" ", 1)[0] in LOWER_STARTS:
        message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


def _done(request: Request, what: str, name: str, data: dict[str, Any]) -> Response:
    if wants_json(request):
        return JSONResponse(data)
    anchor = "don-vi" if what == "don-vi" else "tai-khoan"
    return RedirectResponse(f"/quan-tri?xong={what}&ten={quote(name)}#{anchor}", status_code=303)


def _unit_name(store: Store, unit_id: int | None) -> str | None:
    """The name an account's unit column takes from the chosen unit (None: no unit)."""
    if unit_id is None:
        return None
    unit = store.unit(unit_id)
    if unit is None:
        raise UnknownUnit(unit_id)
    return unit.name


# ---- accounts (admins) ----------------------------------------------------------------------------
@signed_in(admin=True)
async def create_account(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=8)
    role, unit_id = _role(form), _unit_id(form, "unit")
    try:
        name, password = check_name(_text(form, "name", 64)), check_password(_text(form, "password", 1024))
    except UserError as exc:
        raise HTTPException(400, _sentence(str(exc))) from None
    password_hash = await run_in_threadpool(hash_password, password)  # scrypt: not on the event loop

    def create(store: Store) -> Account:
        if store.account(name) is not None:  # save_account would reset it: a new account only here
            raise UserError(f"đã có tài khoản {name}")
        unit = _unit_name(store, unit_id)
        store.save_account(name, password_hash, role)
        return store.set_account_unit(name, unit)

    account = await _apply(request, create)
    return _done(request, "tao", name, account_json(account))


@signed_in(admin=True)
async def update_account(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=8)
    name, role, unit_id = _text(form, "name", 64), _role(form), _unit_id(form, "unit")

    def update(store: Store) -> Account:
        unit = _unit_name(store, unit_id)
        set_role(store, name, role)
        return store.set_account_unit(name, unit)

    account = await _apply(request, update)
    return _done(request, "sua", name, account_json(account))


@signed_in(admin=True)
async def lock_account(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=5)
    name, disable = _text(form, "name", 64), _text(form, "disabled") == "1"
    if disable and name == user.name:
        raise HTTPException(400, "Không thể tự khóa tài khoản đang dùng.")
    account = await _apply(request, lambda store: set_disabled(store, name, disable))
    return _done(request, "khoa" if disable else "mo", name, account_json(account))


@signed_in(admin=True)
async def reset_password(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=5)
    name, password = _text(form, "name", 64), _text(form, "password", 1024)
    try:
        check_password(password)
    except UserError as exc:
        raise HTTPException(400, _sentence(str(exc))) from None
    # set_password hashes (scrypt, ~0.3 s): it runs on the store's worker thread, off the event loop
    changed = await _apply(request, lambda store: set_password(store, name, password))
    return _done(request, "mat-khau", changed.name, {"name": changed.name})


# ---- units (editors and admins) -------------------------------------------------------------------
def unit_json(u: Unit) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "parent_id": u.parent_id, "created_at": u.created_at}


@signed_in(editor=True)
async def create_unit(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=5)
    name, parent = _text(form, "name"), _unit_id(form, "parent")
    unit = await _apply(request, lambda store: store.add_unit(name, parent))
    return _done(request, "don-vi", unit.name, unit_json(unit))


@signed_in(editor=True)
async def update_unit(request: Request, user: User) -> Response:
    form = await checked_form(request, max_files=0, max_fields=5)
    unit_id = int(request.path_params["unit_id"])
    name, parent = _text(form, "name"), _unit_id(form, "parent")

    def update(store: Store) -> Unit:
        # the parent first: a loop is refused before anything changed
        unit = store.set_unit_parent(unit_id, parent)
        return store.rename_unit(unit_id, name) if name and name != unit.name else unit

    unit = await _apply(request, update)
    return _done(request, "don-vi", unit.name, unit_json(unit))
