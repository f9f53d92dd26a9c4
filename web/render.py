"""Templates, Vietnamese formatting and the JSON twin of every page."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from congvan.schemas.fields import doc_type_label
from congvan.tracker.api import ObligationStatus
from congvan.web.security import csrf_token, wants_json

TEMPLATES = Path(__file__).parent / "templates"

STATUS_LABELS = {
    ObligationStatus.OPEN: "Chưa thực hiện",
    ObligationStatus.IN_PROGRESS: "Đang thực hiện",
    ObligationStatus.DONE: "Đã hoàn thành",
    ObligationStatus.CANCELLED: "Đã hủy",
}
# What became of an upload (tracker/api.Outcome), as the upload page says it.
OUTCOME_LABELS = {
    "new": "đã lưu",
    "updated": "đã cập nhật",
    "same_bytes": "đã có từ trước",
    "duplicate_number": "trùng số với văn bản đã có",
    "failed": "không đọc được",
    "changed": "tệp thay đổi khi đang đọc",
    "gone": "tệp đã bị lấy đi trước khi đọc",
    "interrupted": "bị dừng giữa chừng",
}
# A match marked by the store's snippet: "… xây dựng [[báo cáo sơ kết]] 3 năm …"
MATCH_MARK = re.compile(r"\[\[(?P<hit>.+?)\]\]", re.VERBOSE | re.DOTALL)


def vn_date(value: date | datetime | str | None) -> str:
    """Day-first as Vietnamese forms print it: 09/11/2021 (and 14:05 for a moment)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        local = value.astimezone() if value.tzinfo else value
        return local.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def highlight(snippet: str) -> Markup:
    """Escape everything, then turn the store's [[…]] marks into <mark>."""
    escaped = str(escape(snippet))
    return Markup(MATCH_MARK.sub(lambda m: f"<mark>{m['hit']}</mark>", escaped))


def status_label(status: ObligationStatus | str) -> str:
    try:
        return STATUS_LABELS[ObligationStatus(status)]
    except ValueError:
        return str(status)




def correction_value(value: object) -> str:
    """A corrected value as the clerk reads it: a list of names, a deadline's text, "—" for none."""
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text") or value.get("date") or "—")
    return str(value)


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        vn_date=vn_date, highlight=highlight, status_label=status_label, doc_type=doc_type_label,
        correction_value=correction_value,
    )
    env.globals.update(OUTCOME_LABELS=OUTCOME_LABELS, STATUS_LABELS=STATUS_LABELS, statuses=list(ObligationStatus))
    return env


def to_json(value: Any) -> Any:
    """Dataclasses, enums and dates as JSON (ISO dates: the JSON twin is for programs)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


# Where files sit on the server: an editor may need them, a reader has no use for them.
SERVER_PATH_KEYS = frozenset({"original_path", "extra_files"})


def without_server_paths(value: Any, parent: str = "") -> Any:
    """The JSON data without server file paths (`original_path`, `source.path`, `extra_files`)."""
    if isinstance(value, dict):
        return {
            k: without_server_paths(v, str(k))
            for k, v in value.items()
            if k not in SERVER_PATH_KEYS and not (parent == "source" and k == "path")
        }
    if isinstance(value, list):
        return [without_server_paths(v, parent) for v in value]
    return value


def page(
    request: Request, template: str, context: dict[str, Any], data: Any, status_code: int = 200
) -> Response:
    """The HTML page, or its JSON twin (?format=json, or Accept: application/json)."""
    user = getattr(request.state, "user", None)
    if wants_json(request):
        data = to_json(data)
        if user is None or not user.can_edit:
            data = without_server_paths(data)
        return JSONResponse(data, status_code=status_code)
    env: Environment = request.app.state.templates
    body = env.get_template(template).render(
        request=request, user=user, csrf=csrf_token(request), today=request.app.state.today(), **context
    )
    return HTMLResponse(body, status_code=status_code)
