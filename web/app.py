"""`congvan serve`: the Starlette application. `create_app(WebConfig)` builds it; pages.py and
actions.py hold the handlers, security.py the sign-in and CSRF rules."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from starlette.applications import Starlette
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from congvan.operations.intake import IntakeConfig
from congvan.pipeline.settings import Settings
from congvan.tracker.url import Tracker
from congvan.web import actions, admin, corrections, exports, pages, register, stash
from congvan.web.keys import SigningKey, key_source
from congvan.web.memo import LastUsed
from congvan.web.render import make_env, page
from congvan.web.security import SessionPolicy
from congvan.web.sessions import KeyedSessions
from congvan.web.stores import StorePool
from congvan.web.throttle import PasswordGate, ThrottlePolicy
from congvan.web.uploads import UploadFolders, UploadQueue

log = logging.getLogger("congvan")


class RowId(Convertor[int]):
    """A stored row's id: 1 to 18 digits (any such number fits the engines' 64-bit integers); a
    larger, negative or non-numeric id matches no route and is a 404, not an OverflowError."""

    regex = "[0-9]{1,18}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(int(value))


register_url_convertor("rowid", RowId())
STATIC = Path(__file__).parent / "static"

# Pages are ours only: no inline script, no framing, no sniffing, no referrer to other sites.
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]
# Behind HTTPS (--secure-cookies): browsers that saw the site once never try plain HTTP again.
HSTS = (b"strict-transport-security", b"max-age=31536000")


@dataclass(frozen=True)
class WebConfig:
    tracker: Tracker  # parsed at the door (cli/web.py: open_tracker)
    today: date | None = None  # a fixed "today" (demonstrations and tests); None: the real date
    folders: UploadFolders | None = None  # None: uploads are off
    intake: IntakeConfig = field(default_factory=lambda: IntakeConfig(settings=Settings()))
    session: SessionPolicy = field(default_factory=SessionPolicy)
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    secure_cookies: bool = False  # True behind HTTPS (a reverse proxy)
    # OCR output by page hash (Settings.cache_dir): a scan's fields are placed on its page images
    # when its pages are there; None: scans show their marked text only
    ocr_cache: Path | None = None
    # The cookie-signing key's file (web/keys.py): None: $CONGVAN_SECRET_KEY, else beside the tracker
    secret_file: Path | None = None
    # Bytes of one upload request (all its files): refused on Content-Length and while streaming
    max_upload_bytes: int = 300 * 2**20
    # The Celery engine's broker (redis://…): the overview shows its queue length; None: no engine
    broker: str | None = None


class SecurityHeaders:
    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.headers = SECURITY_HEADERS + ([HSTS] if hsts else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + self.headers
                # Pages with data are never stored; a response that chose its own caching (a page
                # image, keyed by the content hash) keeps it: two Cache-Control headers let no-store win.
                chosen = any(k.lower() == b"cache-control" for k, _ in message["headers"])
                if not chosen and scope["path"] != "/static" and not scope["path"].startswith("/static/"):
                    message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


# What a clerk reads for an HTTP error whose detail is not ours (Starlette's "Not Found",
# "Method Not Allowed", the form parser's "Too many files. …").
STATUS_MESSAGES = {
    400: "Yêu cầu không hợp lệ.",
    403: "Không được phép.",
    404: "Không tìm thấy trang này.",
    405: "Thao tác không hợp lệ với trang này.",
    413: "Tệp hoặc biểu mẫu gửi lên quá lớn.",
    429: "Quá nhiều yêu cầu; hãy thử lại sau ít phút.",
}
# The form parser's English reasons, by their first words (starlette/formparsers.py).
FORM_MESSAGES = {
    "Too many files": "Quá nhiều tệp trong một lần gửi (tối đa {files}).",
    "Too many fields": "Biểu mẫu có quá nhiều trường.",
    "Field exceeded": "Một trường của biểu mẫu quá dài.",
    "Part exceeded": "Một phần của biểu mẫu quá lớn.",
}


def clerk_message(status: int, detail: object) -> str:
    """Our own details are Vietnamese; any other (English, from the framework) is replaced."""
    text = detail if isinstance(detail, str) else ""
    for start, message in FORM_MESSAGES.items():
        if text.startswith(start):
            return message.format(files=actions.MAX_FILES)
    if text and not text.isascii():
        return text
    if text:
        log.info("HTTP %s on a request: %s", status, text)  # the English detail, for the operator
    return STATUS_MESSAGES.get(status, "Có lỗi khi xử lý yêu cầu.")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = clerk_message(exc.status_code, exc.detail)
    data = {"error": exc.status_code, "message": message}
    response = page(request, "error.html", {"status": exc.status_code, "message": message}, data, exc.status_code)
    for name, value in (exc.headers or {}).items():  # 405's Allow, 429's Retry-After
        response.headers[name] = value
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("error on %s", request.url.path, exc_info=exc)
    message = "Lỗi máy chủ; đã ghi nhật ký."
    return page(
        request, "error.html", {"status": 500, "message": message}, {"error": 500, "message": message}, 500
    )


def create_app(config: WebConfig) -> Starlette:
    stores = StorePool(config.tracker)
    stores.get()  # open (and migrate) the tracker now: a bad URL fails at start, not on a request
    keys = SigningKey(key_source(config.tracker, config.secret_file))
    uploads = None
    if config.folders is not None:
        uploads = UploadQueue(
            config.folders, config.intake, config.tracker, config.intake.settings.max_file_bytes
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if uploads is not None:
            uploads.start()
        try:
            yield
        finally:
            if uploads is not None:
                uploads.stop()
            stores.close()

    routes = [
        Route("/", pages.overview, name="overview"),
        Route("/login", pages.login_form, methods=["GET"]),
        Route("/login", actions.login, methods=["POST"]),
        Route("/logout", actions.logout, methods=["POST"]),
        Route("/search", pages.search, name="search"),
        Route("/register", register.register, name="register"),
        Route("/register.csv", register.register_csv, name="register_csv"),
        Route("/register/so-giai-quyet.csv", exports.register_follow_up_csv, name="register_follow_up_csv"),
        Route("/register.ics", exports.register_ics, name="register_ics"),
        Route("/search.csv", exports.search_csv, name="search_csv"),
        Route("/search.ics", exports.search_ics, name="search_ics"),
        Route("/documents/{doc_id:rowid}", pages.document, name="document"),
        Route("/documents/{doc_id:rowid}/original", pages.original, name="original"),
        Route("/documents/{doc_id:rowid}/pages/{number:rowid}.png", pages.page_image, name="page_image"),
        Route("/documents/{doc_id:rowid}/text", pages.document_text, name="document_text"),
        Route("/documents/{doc_id:rowid}/delete", actions.delete_document, methods=["POST"]),
        Route("/documents/{doc_id:rowid}/correct", corrections.correct_field, methods=["POST"]),
        Route("/documents/{doc_id:rowid}/obligations", corrections.add_obligation, methods=["POST"]),
        Route("/obligations/{ob_id:rowid}/correct", corrections.correct_obligation, methods=["POST"]),
        Route("/obligations/{ob_id:rowid}/remove", corrections.remove_obligation, methods=["POST"]),
        Route("/obligations/{ob_id:rowid}", pages.obligation, name="obligation"),
        Route("/obligations/{ob_id:rowid}/status", actions.change_status, methods=["POST"]),
        Route("/obligations/{ob_id:rowid}/assign", actions.assign_obligation, methods=["POST"]),
        Route("/documents/{doc_id:rowid}/assign", actions.assign_document, methods=["POST"]),
        Route("/documents/{doc_id:rowid}/confirm", actions.confirm_reply, methods=["POST"]),
        Route("/viec-cua-toi", pages.my_work, name="my_work"),
        Route("/viec-cua-don-vi", pages.unit_page, name="unit_work"),
        Route("/quan-tri", admin.admin_page, name="admin"),
        Route("/quan-tri/tai-khoan", admin.create_account, methods=["POST"]),
        Route("/quan-tri/tai-khoan/sua", admin.update_account, methods=["POST"]),
        Route("/quan-tri/tai-khoan/khoa", admin.lock_account, methods=["POST"]),
        Route("/quan-tri/tai-khoan/mat-khau", admin.reset_password, methods=["POST"]),
        Route("/quan-tri/don-vi", admin.create_unit, methods=["POST"]),
        Route("/quan-tri/don-vi/{unit_id:rowid}", admin.update_unit, methods=["POST"]),
        Route("/upload", pages.upload_page, methods=["GET"], name="upload"),
        Route("/upload", actions.upload, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders, hsts=config.secure_cookies),
        Middleware(
            KeyedSessions, keys=keys, lifetime_s=config.session.lifetime_s, https_only=config.secure_cookies
        ),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={HTTPException: http_error, 500: server_error},
    )
    app.state.config = config
    app.state.stores = stores
    app.state.uploads = uploads
    app.state.session_policy = config.session
    app.state.password_gate = PasswordGate(config.throttle.concurrent_checks)
    app.state.templates = make_env()
    app.state.today = (lambda: config.today) if config.today else date.today
    app.state.page_cache = LastUsed[tuple[str, int], bytes]()
    app.state.stash = stash.Stash(200)
    app.state.keep_form = stash.keep
    return app
