"""`congvan serve` and `congvan users add/list/remove/set-role/passwd/disable/unlock/rotate-key`: the web page's verbs,
registered on the main app.

Imports of Starlette and uvicorn happen inside the verbs, so the other verbs pay nothing for them.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from congvan.cli.options import CacheOption, DbOption, cache_dir, tracker_of
from congvan.cli.tracker import parse_day
from congvan.errors import ExitCode
from congvan.pipeline.settings import OcrMode

if TYPE_CHECKING:
    from congvan.tracker.api import Account, Store
    from congvan.web.users import Role

T = TypeVar("T")

SecretFileOption = Annotated[
    Path | None,
    typer.Option(
        "--secret-file",
        help="The file of the key that signs session cookies (mode 0600, made if missing). Default:"
        " $CONGVAN_SECRET_KEY, else '<tracker>.key' beside a SQLite tracker (the state directory for"
        " PostgreSQL).",
    ),
]


def _fail(message: str, code: ExitCode = ExitCode.FAILED) -> typer.Exit:
    typer.echo(f"congvan: error: {message}", err=True)
    return typer.Exit(code)


def serve_cmd(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    inbox: Annotated[
        Path | None,
        typer.Option("--inbox", help="Drop folder: enables uploads, read like `congvan watch` reads it."),
    ] = None,
    archive: Annotated[
        Path | None, typer.Option("--archive", help="Default: 'archive' beside the inbox.")
    ] = None,
    failed: Annotated[
        Path | None, typer.Option("--failed", help="Default: 'failed' beside the inbox.")
    ] = None,
    ocr: Annotated[
        OcrMode, typer.Option("--ocr", help="OCR of uploaded scans: auto, always, never.")
    ] = OcrMode.AUTO,
    today: Annotated[
        str | None,
        typer.Option("--today", help="Pretend today is this day (demonstrations, tests).", hidden=True),
    ] = None,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies", help="Send the session cookie over HTTPS only (behind a TLS proxy)."
        ),
    ] = False,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            "--forwarded-allow-ips",
            metavar="IPS",
            help="Behind a reverse proxy: the proxy's addresses (comma-separated IPs or networks, or '*'"
            " when only the proxy can reach this port). Their X-Forwarded-For and X-Forwarded-Proto are"
            " trusted, so sign-in throttling counts each client's own address; without this, every"
            " client has the proxy's address and shares one count. Default: headers ignored.",
        ),
    ] = None,
    secret_file: SecretFileOption = None,
    max_upload_mb: Annotated[
        int, typer.Option("--max-upload-mb", min=1, help="Largest upload request (all its files), in MiB.")
    ] = 300,
    cache: CacheOption = True,
    broker: Annotated[
        str | None,
        typer.Option(
            "--broker",
            help="The Celery engine's broker (redis://HOST:PORT/DB; default $CONGVAN_BROKER): the overview"
            " shows its queue length. Unset: no queue shown.",
        ),
    ] = None,
) -> None:
    """Serve the clerks' web page: overview, search, documents with evidence, status changes, uploads.

    The OCR cache (--cache, $CONGVAN_CACHE) is filled by uploads and lets a scan's fields be shown
    on its page images."""
    import uvicorn

    from congvan.web.app import WebConfig, create_app
    from congvan.web.uploads import UploadFolders

    folders = None
    if inbox is not None:
        from congvan.cli.ops import intake_config
        from congvan.operations.watch import FolderError, check_folders

        archive = archive or inbox.resolve().parent / "archive"
        failed = failed or inbox.resolve().parent / "failed"
        inbox.mkdir(parents=True, exist_ok=True)
        try:
            check_folders(inbox, archive, failed)
        except FolderError as exc:
            raise _fail(str(exc), ExitCode.USAGE) from None
        folders = UploadFolders(inbox.resolve(), archive.resolve(), failed.resolve())
        intake = intake_config(ocr, 1200.0, 2048, cache=cache, vocabulary=tracker_of(db).vocabulary)
    tracker = tracker_of(db)
    config = WebConfig(
        tracker=tracker,
        today=parse_day(today, "--today"),
        folders=folders,
        secure_cookies=secure_cookies,
        ocr_cache=cache_dir(cache),
        secret_file=secret_file,
        max_upload_bytes=max_upload_mb * 2**20,
        broker=broker or os.environ.get("CONGVAN_BROKER") or None,
    )
    if folders is not None:
        config = replace(config, intake=intake)
    from congvan.web.keys import SecretKeyError

    try:
        app = create_app(config)
    except SecretKeyError as exc:
        raise _fail(f"session key: {exc}", ExitCode.USAGE) from None
    except Exception as exc:  # noqa: BLE001 — one line on stderr, whatever the driver raised
        raise _fail(f"cannot open the tracker {tracker}: {exc}", ExitCode.TRACKER_UNAVAILABLE) from exc
    typer.echo(f"congvan: serving http://{host}:{port}/ (tracker {tracker})", err=True)
    proxy = proxy_options(forwarded_allow_ips)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, **proxy)  # type: ignore[arg-type]


def proxy_options(forwarded_allow_ips: str | None) -> dict[str, object]:
    """uvicorn's proxy settings: the forwarded headers are read only from the listed proxies (uvicorn
    would otherwise trust 127.0.0.1 or $FORWARDED_ALLOW_IPS by default)."""
    if not forwarded_allow_ips:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": forwarded_allow_ips}


users_app = typer.Typer(
    help="Accounts of the web page (a reader only looks; an editor also changes; an admin also manages accounts)."
)


def _accounts(db: str | None, action: Callable[[Store], T]) -> T:
    """Run `action` on the tracker's account tables; a refused change (no such account, the
    last editor …) is a one-line error with exit code 2."""
    from congvan.tracker import open_store
    from congvan.web.users import UserError

    store = open_store(tracker_of(db))
    try:
        return action(store)
    except UserError as exc:
        raise _fail(str(exc), ExitCode.USAGE) from None
    finally:
        store.close()


def _role(value: str, what: str) -> Role:
    from congvan.web.users import Role

    try:
        return Role(value)
    except ValueError:
        raise _fail(f"{what}: want reader, editor or admin, not {value}", ExitCode.USAGE) from None


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[
        str, typer.Option(
            "--role", help="reader (look only), editor (change statuses, upload) or admin (also manage accounts)."
        )
    ] = "reader",
    db: DbOption = None,
) -> None:
    """Create an account (or reset its password and role); the password is read from stdin or a prompt."""
    from congvan.web.users import add_user

    chosen = _role(role, "--role")
    password = _read_password(name)
    user = _accounts(db, lambda store: add_user(store, name, password, chosen))
    typer.echo(f"{user.name}: {user.role.value}")


def _read_password(name: str) -> str:
    if sys.stdin.isatty():
        password = getpass.getpass(f"Mật khẩu cho {name}: ")
        if getpass.getpass("Nhập lại: ") != password:
            raise _fail("the two passwords differ", ExitCode.USAGE)
        return password
    return sys.stdin.readline().rstrip("\r\n")


@users_app.command("remove")
def users_remove(name: Annotated[str, typer.Argument(help="Sign-in name.")], db: DbOption = None) -> None:
    """Delete an account; its open sessions stop working on their next request."""
    from congvan.web.users import remove_user

    _accounts(db, lambda store: remove_user(store, name))
    typer.echo(f"{name}: removed")


@users_app.command("set-role")
def users_set_role(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[str, typer.Argument(help="reader, editor or admin.")],
    db: DbOption = None,
) -> None:
    """Change an account's role; open sessions get the new role on their next request."""
    from congvan.web.users import set_role

    chosen = _role(role, "role")
    user = _accounts(db, lambda store: set_role(store, name, chosen))
    typer.echo(f"{user.name}: {user.role.value}")


@users_app.command("passwd")
def users_passwd(name: Annotated[str, typer.Argument(help="Sign-in name.")], db: DbOption = None) -> None:
    """Set a new password (from stdin or a prompt); sessions opened with the old one end."""
    from congvan.web.users import set_password

    if _accounts(db, lambda store: store.account(name)) is None:
        raise _fail(f"không có tài khoản {name}", ExitCode.USAGE)
    password = _read_password(name)
    _accounts(db, lambda store: set_password(store, name, password))
    typer.echo(f"{name}: password changed")


@users_app.command("set-email")
def users_set_email(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    address: Annotated[str, typer.Argument(help="Where the reminder digest goes ('' for none).")],
    db: DbOption = None,
) -> None:
    """Give an account the e-mail address its unit's reminder digest is sent to (`congvan remind`)."""
    from congvan.mail import parse_address

    try:
        email = parse_address(address) if address.strip() else None
    except ValueError as exc:
        raise _fail(str(exc), ExitCode.USAGE) from None
    account = _account_change(db, name, lambda store: store.set_account_email(name, email))
    typer.echo(f"{account.name}: {account.email or 'no e-mail'}")


@users_app.command("set-unit")
def users_set_unit(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    unit: Annotated[str, typer.Argument(help="The unit as documents name it, e.g. 'Phòng Kinh tế' ('' for none).")],
    db: DbOption = None,
) -> None:
    """Put an account in a unit: it is reminded of obligations that name the unit (diacritics optional)."""
    import unicodedata

    clean = " ".join(unicodedata.normalize("NFC", unit).split()) or None
    account = _account_change(db, name, lambda store: store.set_account_unit(name, clean))
    typer.echo(f"{account.name}: {account.unit or 'no unit'}")


def _account_change(db: str | None, name: str, change: Callable[[Store], Account]) -> Account:
    from congvan.tracker.api import UnknownAccount

    try:
        return _accounts(db, change)
    except UnknownAccount:
        raise _fail(f"không có tài khoản {name}", ExitCode.USAGE) from None


@users_app.command("list")
def users_list(db: DbOption = None) -> None:
    """Accounts: name, role, created, then unit and e-mail (empty when none) for the reminders, and
    'disabled' for an account locked out."""
    for a in _accounts(db, lambda store: store.accounts()):
        state = "" if a.active else "\tdisabled"
        typer.echo(f"{a.name}\t{a.role.value}\t{a.created_at}\t{a.unit or ''}\t{a.email or ''}{state}")


@users_app.command("disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="Sign-in name.")],
    enable: Annotated[bool, typer.Option("--enable", help="Let a disabled account sign in again.")] = False,
    db: DbOption = None,
) -> None:
    """Lock an account out without deleting it: its sessions end, it cannot sign in, it gets no digest."""
    from congvan.web.users import set_disabled

    account = _accounts(db, lambda store: set_disabled(store, name, not enable))
    typer.echo(f"{account.name}: {'enabled' if account.active else 'disabled'}")


@users_app.command("unlock")
def users_unlock(name: Annotated[str, typer.Argument(help="Sign-in name.")], db: DbOption = None) -> None:
    """Forget the name's failed sign-ins from every address: its delays end now."""
    from congvan.web.throttle import unlock

    count = _accounts(db, lambda store: unlock(store, name))
    typer.echo(f"{name}: unlocked ({count} failed sign-ins forgotten)")


@users_app.command("rotate-key")
def users_rotate_key(db: DbOption = None, secret_file: SecretFileOption = None) -> None:
    """Replace the key that signs session cookies and end every session: everyone signs in again.
    Running servers read the new key on their next request."""
    from congvan.web.keys import SecretKeyError, key_source, rotate_key

    try:
        path = rotate_key(key_source(tracker_of(db), secret_file))
    except SecretKeyError as exc:
        raise _fail(str(exc), ExitCode.USAGE) from None
    count = _accounts(db, lambda store: store.end_sessions(None))
    typer.echo(f"new key in {path}; {count} sessions ended")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
    app.add_typer(users_app, name="users")
