"""`congvan remind` end to end: digests built from a real tracker, sent through the real CLI to a
real SMTP server (aiosmtpd) started here — plain, with STARTTLS and with implicit TLS (a
certificate made for the test and trusted with --smtp-ca-file), with and without a sign-in — then
parsed with the email package and read."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword
from reminder_fixtures import fill
from typer.testing import CliRunner

from congvan.cli.main import app
from congvan.errors import ExitCode
from congvan.tracker import open_store

SUBJECT = "Việc đến hạn và quá hạn — 06/12/2026"
BASE = "https://congvan.example/so"
SENDER = "Văn thư <vanthu@ubnd.example.vn>"


class Inbox:
    """aiosmtpd handler keeping every message it accepts, with the envelope recipients."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:  # noqa: N802
        assert isinstance(envelope.content, bytes)
        self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def by_recipient(self) -> dict[str, EmailMessage]:
        out: dict[str, EmailMessage] = {}
        for rcpts, raw in self.received:
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            assert isinstance(msg, EmailMessage)
            for r in rcpts:
                out[r] = msg
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed(tmp: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (the test's own CA: the client trusts it by file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp / "smtp.crt", tmp / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    return ctx


def password_check(user: bytes, password: bytes) -> Any:
    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (user, password)
        return AuthResult(success=ok, handled=False)  # not handled: aiosmtpd answers 535 on a failure

    return authenticator


@contextmanager
def smtp_server(**options: Any) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@pytest.fixture()
def tracker(tmp_path: Path) -> tuple[str, dict[str, int]]:
    db = f"sqlite:///{tmp_path / 'congvan.db'}"
    with open_store(db) as store:
        ids = fill(store)
    return db, ids


runner = CliRunner()


def remind(db: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["remind", "--db", db, "--today", "06/12/2026", *args], env={"CONGVAN_SMTP_PASSWORD": "", **(env or {})}
    )
    return result.exit_code, result.stdout, result.stderr


def send_args(port: int, tls: str, *more: str) -> list[str]:
    return [
        "--base-url", BASE + "/", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
        "--smtp-tls", tls, "--sender", SENDER, *more,
    ]


def check_the_digests(inbox: Inbox, ids: dict[str, int]) -> None:
    """Phòng Kinh tế's digest to lan and minh, Phòng Tài chính - Kế hoạch's to ha; nobody else."""
    got = inbox.by_recipient()
    assert sorted(got) == ["ha@ubnd.example.vn", "lan@ubnd.example.vn", "minh@ubnd.example.vn"]
    assert all(len(rcpts) == 1 for rcpts, _ in inbox.received)  # one message per member

    kt = got["lan@ubnd.example.vn"]
    assert kt["Subject"] == SUBJECT
    raw = inbox.received[0][1].decode("ascii")  # every header travels as ASCII (RFC 2047 words)
    raw_subject = next(h for h in raw.split("\r\n") if h.lower().startswith("subject:"))
    assert "=?utf-8?" in raw_subject.lower()
    assert kt["To"] == "lan <lan@ubnd.example.vn>" and kt["From"] == SENDER
    assert kt["Auto-Submitted"] == "auto-generated" and kt["Message-ID"].endswith("@ubnd.example.vn>")
    text = kt.get_content()
    assert text.startswith("Đơn vị: Phòng Kinh tế\nNgày 06/12/2026: 1 việc quá hạn, 3 việc đến hạn trong 7 ngày.")
    overdue, soon = text.split("Quá hạn (1 việc)\n")[1].split("Đến hạn trong 7 ngày (3 việc)\n")
    assert overdue.strip() == (
        "- 101/UBND-KT: Báo cáo tình hình thu ngân sách quý IV\n"
        "  Phòng Kinh tế — hạn 01/12/2026 (trễ 5 ngày)\n"
        f"  {BASE}/obligations/{ids['101/UBND-KT']}"
    )
    lines = soon.split("\n- ")
    assert [ln.lstrip("- ").split(":")[0] for ln in lines] == ["108/UBND-TCKH", "102/UBND-KT", "109/UBND-KT"]
    assert "Phòng Tài chính - Kế hoạch, Phòng Kinh tế — hạn 06/12/2026\n" in lines[0]  # due today: not late
    assert "trễ" not in soon
    long_task = lines[1].split("\n")[0]
    assert long_task.endswith("…") and len(long_task) < 140  # the task text shortened at a word
    assert f"Phòng Kinh tế và Hạ tầng — hạn 10/12/2026\n  {BASE}/obligations/{ids['102/UBND-KT']}" in lines[1]
    for absent in ("104/", "105/", "106/", "107/", "110/", "103/"):
        assert absent not in text
    assert got["minh@ubnd.example.vn"].get_content() == text

    ha = got["ha@ubnd.example.vn"].get_content()
    assert "Quá hạn" not in ha and "Đến hạn trong 7 ngày (2 việc)" in ha
    assert f"{BASE}/obligations/{ids['103/UBND-TCKH']}" in ha and "101/" not in ha


def test_dry_run_prints_the_digests_and_sends_nothing(tracker: tuple[str, dict[str, int]]) -> None:
    db, ids = tracker
    code, out, err = remind(db, "--dry-run")
    assert code == 0, err
    assert out.count(f"Subject: {SUBJECT}") == 2
    assert "To: lan <lan@ubnd.example.vn>, minh <minh@ubnd.example.vn>" in out
    assert f"/obligations/{ids['101/UBND-KT']}" in out and "(trễ 5 ngày)" in out  # paths without --base-url
    assert "Phòng Kinh tế: no e-mail address for tuan" in err and "2 digests (dry run" in err
    code, out, _ = remind(db, "--dry-run", "--within", "14")
    assert code == 0 and "Đến hạn trong 14 ngày (5 việc)" in out and "104/UBND-KT" in out


def test_digests_arrive_over_plain_smtp_with_a_sign_in(tracker: tuple[str, dict[str, int]]) -> None:
    db, ids = tracker
    auth = password_check(b"congvan", b"mat-khau")
    with smtp_server(authenticator=auth, auth_require_tls=False) as (inbox, port):
        code, _, err = remind(
            db, *send_args(port, "none", "--smtp-user", "congvan"), env={"CONGVAN_SMTP_PASSWORD": "mat-khau"}
        )
    assert code == 0, err
    assert "3 of 3 messages sent (2 units)" in err
    check_the_digests(inbox, ids)


def test_digests_arrive_over_starttls(tracker: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    db, ids = tracker
    cert, key = self_signed(tmp_path)
    secret = tmp_path / "smtp-password"
    secret.write_text("bi-mat\n", encoding="utf-8")
    auth = password_check(b"congvan", b"bi-mat")
    with smtp_server(tls_context=server_context(cert, key), require_starttls=True, authenticator=auth) as (
        inbox,
        port,
    ):
        code, _, err = remind(
            db,
            *send_args(port, "starttls", "--smtp-ca-file", str(cert), "--smtp-user", "congvan"),
            env={"CONGVAN_SMTP_PASSWORD_FILE": str(secret)},
        )
    assert code == 0, err
    check_the_digests(inbox, ids)


def test_digests_arrive_over_implicit_tls(tracker: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    db, ids = tracker
    cert, key = self_signed(tmp_path)
    with smtp_server(ssl_context=server_context(cert, key)) as (inbox, port):
        code, _, err = remind(db, *send_args(port, "ssl"), env={"CONGVAN_SMTP_CA_FILE": str(cert)})
    assert code == 0, err
    check_the_digests(inbox, ids)


def test_an_untrusted_certificate_sends_nothing(tracker: tuple[str, dict[str, int]], tmp_path: Path) -> None:
    db, _ = tracker
    cert, key = self_signed(tmp_path)
    with smtp_server(tls_context=server_context(cert, key), require_starttls=True) as (inbox, port):
        code, _, err = remind(db, *send_args(port, "starttls"))
    assert code == ExitCode.MAIL_UNAVAILABLE and "SMTP: 127.0.0.1" in err and "CERTIFICATE" in err.upper()
    assert inbox.received == []


def test_a_refused_sign_in_sends_nothing(tracker: tuple[str, dict[str, int]]) -> None:
    db, _ = tracker
    with smtp_server(authenticator=password_check(b"congvan", b"right"), auth_require_tls=False) as (inbox, port):
        code, _, err = remind(
            db, *send_args(port, "none", "--smtp-user", "congvan"), env={"CONGVAN_SMTP_PASSWORD": "wrong"}
        )
    assert code == ExitCode.MAIL_UNAVAILABLE and "Authentication" in err
    assert inbox.received == []


def test_no_server_exits_6(tracker: tuple[str, dict[str, int]]) -> None:
    db, _ = tracker
    code, _, err = remind(db, *send_args(free_port(), "none"))
    assert code == ExitCode.MAIL_UNAVAILABLE and "congvan: error: SMTP: 127.0.0.1:" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--sender", SENDER], "--base-url", id="no-base-url"),
        pytest.param(["--base-url", BASE], "--sender", id="no-sender"),
        pytest.param(["--base-url", "congvan.example", "--dry-run"], "--base-url", id="bad-base-url"),
        pytest.param(["--base-url", BASE, "--sender", "văn thư"], "--sender", id="bad-sender"),
        pytest.param(["--base-url", BASE, "--sender", SENDER, "--smtp-user", "u"], "password", id="no-password"),
        pytest.param(["--dry-run", "--today", "31/02/2026"], "--today", id="bad-day"),
        pytest.param(
            ["--base-url", BASE, "--sender", SENDER, "--smtp-user", "u", "--smtp-password-file", "/nonexistent"],
            "--smtp-password-file",
            id="no-password-file",
        ),
    ],
)
def test_bad_settings_are_usage_errors(tracker: tuple[str, dict[str, int]], args: list[str], message: str) -> None:
    db, _ = tracker
    result = runner.invoke(app, ["remind", "--db", db, *args], env={"CONGVAN_SMTP_PASSWORD": None})  # type: ignore[dict-item]
    assert result.exit_code == ExitCode.USAGE and message in result.stderr


def test_users_set_email_and_unit(tracker: tuple[str, dict[str, int]]) -> None:
    db, _ = tracker
    result = runner.invoke(app, ["users", "set-email", "son", "Sơn <son.nv@ubnd.example.vn>", "--db", db])
    assert result.exit_code == 0 and result.stdout == "son: son.nv@ubnd.example.vn\n"
    result = runner.invoke(app, ["users", "set-unit", "son", "  Phòng   Kinh tế ", "--db", db])
    assert result.exit_code == 0 and result.stdout == "son: Phòng Kinh tế\n"
    assert runner.invoke(app, ["users", "set-email", "son", "không-phải-thư", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["users", "set-unit", "nobody", "Phòng 1", "--db", db]).exit_code == 2
    with open_store(db) as store:
        son = store.account("son")
        assert son is not None and (son.email, son.unit) == ("son.nv@ubnd.example.vn", "Phòng Kinh tế")
    listed = runner.invoke(app, ["users", "list", "--db", db]).stdout.splitlines()
    assert [line.split("\t")[3:] for line in listed if line.startswith("son\t")] == [
        ["Phòng Kinh tế", "son.nv@ubnd.example.vn"]
    ]
    code, out, _ = remind(db, "--dry-run")
    assert "son <son.nv@ubnd.example.vn>" in out
    assert runner.invoke(app, ["users", "set-email", "son", "", "--db", db]).stdout == "son: no e-mail\n"
