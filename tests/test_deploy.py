"""deploy/: the web page's service unit and its nginx site agree with each other and with the CLI.

The unit's ExecStart is parsed by the CLI's own (typer/click) parser, as `congvan` would parse it:
an unknown verb or option, or a value the option refuses, fails here rather than at the office."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import typer
import typer.main

# typer (0.29) carries its own copy of click: its parser, its errors
from typer._click.exceptions import UsageError

from congvan.cli.main import app

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
SERVICE = DEPLOY / "congvan-serve.service"
NGINX = DEPLOY / "nginx-congvan.conf"
# An nginx directive: its name and arguments up to the ';' (comments stripped first).
NGINX_DIRECTIVE = re.compile(r"(?P<name>[a-z_0-9]+)\s+(?P<args>[^;{}]*);", re.VERBOSE)


def unit_entries(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A systemd unit's sections → (key, value) in order (keys repeat: Environment=), with
    backslash-continued lines joined as systemd joins them."""
    sections: dict[str, list[tuple[str, str]]] = {}
    section = ""
    pending = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith(("#", ";"))):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            sections.setdefault(section, [])
            continue
        key, _, value = line.partition("=")
        sections[section].append((key.strip(), value.strip()))
    return sections


def first(entries: list[tuple[str, str]], key: str) -> str:
    return next(v for k, v in entries if k == key)


def parsed_command(argv: list[str]) -> tuple[str, dict[str, object]]:
    """The verb and its parameters as the CLI parses `argv` (nothing is run)."""
    group = typer.main.get_command(app)
    ctx = typer.Context(group, info_name="congvan")
    name, *rest = argv
    command = group.get_command(ctx, name)  # type: ignore[attr-defined]
    if command is None:
        raise UsageError(f"no verb {name}")
    return name, command.make_context(name, rest, parent=ctx).params


def nginx_directives(path: Path) -> list[tuple[str, list[str]]]:
    text = "\n".join(line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines())
    return [(m["name"], m["args"].split()) for m in NGINX_DIRECTIVE.finditer(text)]


@pytest.fixture(scope="module")
def service() -> dict[str, list[tuple[str, str]]]:
    return unit_entries(SERVICE)


@pytest.fixture(scope="module")
def serve_params(service: dict[str, list[tuple[str, str]]]) -> dict[str, object]:
    argv = shlex.split(first(service["Service"], "ExecStart"))
    assert Path(argv[0]).name == "congvan" and Path(argv[0]).is_absolute()
    verb, params = parsed_command(argv[1:])
    assert verb == "serve"
    return params


def test_the_unit_runs_serve_on_this_machine_only(service: dict[str, list[tuple[str, str]]], serve_params) -> None:  # noqa: ANN001
    assert serve_params["host"] == "127.0.0.1"
    # proxy headers trusted from the proxy on this machine only, cookies over HTTPS only
    assert serve_params["forwarded_allow_ips"] == "127.0.0.1"
    assert serve_params["secure_cookies"] is True
    assert serve_params["secret_file"] == Path("/var/lib/congvan/session.key")
    entries = service["Service"]
    assert first(entries, "User") == "congvan" and first(entries, "Restart") == "on-failure"
    assert "CONGVAN_DB=sqlite:////var/lib/congvan/congvan.db" in [v for k, v in entries if k == "Environment"]
    assert first(service["Install"], "WantedBy") == "multi-user.target"
    writable = first(entries, "ReadWritePaths").split()
    for folder in ("inbox", "archive", "failed"):
        assert any(str(serve_params[folder]).startswith(w) for w in writable), folder
    assert str(serve_params["secret_file"]).startswith(tuple(writable))


def test_a_wrong_option_in_exec_start_would_be_refused() -> None:
    """The check above can fail: the parser refuses what `congvan serve` refuses."""
    with pytest.raises(UsageError):
        parsed_command(["serve", "--listen", "127.0.0.1"])
    with pytest.raises(typer.BadParameter):
        parsed_command(["serve", "--port", "80000"])
    with pytest.raises(UsageError):
        parsed_command(["web", "--host", "127.0.0.1"])


def test_the_nginx_site_proxies_to_the_unit_and_sets_the_trusted_headers(serve_params) -> None:  # noqa: ANN001
    directives = nginx_directives(NGINX)
    proxy = [args for name, args in directives if name == "proxy_pass"]
    assert proxy == [[f"http://{serve_params['host']}:{serve_params['port']}"]]
    headers = {args[0].lower(): args[1] for name, args in directives if name == "proxy_set_header"}
    # the client's address replaces any X-Forwarded-For it sent ($proxy_add_x_forwarded_for would keep it)
    assert headers["x-forwarded-for"] == "$remote_addr"
    assert headers["x-forwarded-proto"] == "$scheme"
    assert headers["host"] == "$host"
    body = [args[0] for name, args in directives if name == "client_max_body_size"]
    assert body == [f"{serve_params['max_upload_mb']}m"]
    assert any(name == "listen" and "ssl" in args for name, args in directives)
    assert ("return", ["301", "https://$host$request_uri"]) in directives


def test_the_reminders_link_to_the_site_nginx_serves() -> None:
    remind = unit_entries(DEPLOY / "congvan-remind.service")["Service"]
    base = next(v.split("=", 1)[1] for k, v in remind if k == "Environment" and v.startswith("CONGVAN_BASE_URL="))
    names = {a for name, args in nginx_directives(NGINX) if name == "server_name" for a in args}
    assert base.startswith("https://") and base.removeprefix("https://").split("/")[0] in names
