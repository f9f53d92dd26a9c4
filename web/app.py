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
from congvan.web import actions, pages
from congvan.web.keys import SigningKey, key_source
from congvan.web.memo import LastUsed
from congvan.web.render import make_env, page
from congvan.web.security import SessionPolicy
from congvan.web.sessions import KeyedSessions
from congvan.web.stores import StorePool
from congvan.web.throttle import PasswordGate, ThrottlePolicy
from congvan.web.uploads import UploadFolders, UploadQueue

log = logging.getLogger("congvan")
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
                if scope["path"] != "/static" and not scope["path"].startswith("/static/"):
                    message["headers"].append((b"cache-control", b"no-store"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {403: "Không được phép.", 404: "Không tìm thấy.", 405: "Thao tác không hợp lệ."}
    message = (
        exc.detail if isinstance(exc.detail, str) and exc.detail else messages.get(exc.status_code, "Lỗi.")
    )
    data = {"error": exc.status_code, "message": message}
    return page(request, "error.html", {"status": exc.status_code, "message": message}, data, exc.status_code)


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
        Route("/documents/{doc_id:int}", pages.document, name="document"),
        Route("/documents/{doc_id:int}/original", pages.original, name="original"),
        Route("/documents/{doc_id:int}/pages/{number:int}.png", pages.page_image, name="page_image"),
        Route("/documents/{doc_id:int}/text", pages.document_text, name="document_text"),
        Route("/obligations/{ob_id:int}", pages.obligation, name="obligation"),
        Route("/obligations/{ob_id:int}/status", actions.change_status, methods=["POST"]),
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
    return app
