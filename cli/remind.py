"""`congvan remind`: the daily digest of what falls due and what is overdue, per unit, e-mailed
through SMTP (or printed with --dry-run). Settings come from the options or `$CONGVAN_SMTP_*`,
parsed here once into frozen `SmtpSettings` and `ReminderSettings` (tracker/reminders.py says
who receives what)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from congvan.cli.options import DbOption, tracker_of
from congvan.cli.tracker import parse_day
from congvan.errors import ExitCode
from congvan.mail import DEFAULT_PORT, MailUnavailable, SmtpSettings, TlsMode, parse_address, send
from congvan.tracker import open_store
from congvan.tracker.reminders import (
    Digest,
    ReminderSettings,
    body,
    build_digests,
    messages,
    parse_base_url,
    subject,
)


def _fail(message: str, code: ExitCode = ExitCode.USAGE) -> typer.Exit:
    typer.echo(f"congvan: error: {message}", err=True)
    return typer.Exit(code)


def smtp_settings(
    host: str,
    port: int | None,
    tls: TlsMode,
    sender: str | None,
    user: str | None,
    password_file: Path | None,
    ca_file: Path | None,
) -> SmtpSettings:
    """The door for the SMTP options: the password from the file, else $CONGVAN_SMTP_PASSWORD
    (never from the command line, where `ps` shows it); a missing piece is a usage error."""
    if not sender:
        raise _fail("--sender (or $CONGVAN_SMTP_SENDER) is needed to send")
    try:
        parse_address(sender)
    except ValueError as exc:
        raise _fail(f"--sender: {exc}") from None
    password = os.environ.get("CONGVAN_SMTP_PASSWORD")
    if password_file is not None:
        try:
            password = password_file.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise _fail(f"--smtp-password-file: {exc}") from None
    if user and password is None:
        raise _fail("--smtp-user needs a password: --smtp-password-file or $CONGVAN_SMTP_PASSWORD")
    if user and not (user.isascii() and (password or "").isascii()):
        # Python's smtplib sends AUTH credentials as ASCII only
        raise _fail("the SMTP user name and password must be ASCII")
    if ca_file is not None and not ca_file.is_file():
        raise _fail(f"--smtp-ca-file: no such file: {ca_file}")
    return SmtpSettings(
        host=host,
        port=port or DEFAULT_PORT[tls],
        tls=tls,
        sender=sender,
        user=user or None,
        password=password if user else None,
        ca_file=ca_file,
    )


def remind_cmd(
    db: DbOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the digests instead of sending them.")] = False,
    today: Annotated[
        str | None, typer.Option("--today", help="The day of the digest (31/12/2024 or 2024-12-31; default today).")
    ] = None,
    within: Annotated[int, typer.Option("--within", min=0, help="Days ahead counted as due soon.")] = 7,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", envvar="CONGVAN_BASE_URL",
            help="The web page's address, for the links (https://congvan.example/). Needed to send.",
        ),
    ] = None,
    smtp_host: Annotated[str, typer.Option("--smtp-host", envvar="CONGVAN_SMTP_HOST")] = "localhost",
    smtp_port: Annotated[
        int | None,
        typer.Option("--smtp-port", envvar="CONGVAN_SMTP_PORT", min=1, max=65535,
                     help="Default: 25 (none), 587 (starttls), 465 (ssl)."),
    ] = None,
    smtp_tls: Annotated[
        TlsMode, typer.Option("--smtp-tls", envvar="CONGVAN_SMTP_TLS", help="none, starttls or ssl.")
    ] = TlsMode.STARTTLS,
    smtp_user: Annotated[str | None, typer.Option("--smtp-user", envvar="CONGVAN_SMTP_USER")] = None,
    smtp_password_file: Annotated[
        Path | None,
        typer.Option("--smtp-password-file", envvar="CONGVAN_SMTP_PASSWORD_FILE",
                     help="File holding the password (else $CONGVAN_SMTP_PASSWORD)."),
    ] = None,
    smtp_ca_file: Annotated[
        Path | None,
        typer.Option("--smtp-ca-file", envvar="CONGVAN_SMTP_CA_FILE",
                     help="Trust this CA certificate (an office's own) for the server's TLS."),
    ] = None,
    sender: Annotated[
        str | None, typer.Option("--sender", envvar="CONGVAN_SMTP_SENDER", help="From: 'Văn thư <vanthu@…>'.")
    ] = None,
) -> None:
    """E-mail each unit's members what falls due within --within days and what is overdue.

    Accounts get a unit and an address with `congvan users set-unit` and `users set-email`; a unit
    is matched against the assignees, lead and supporting bodies of obligations, diacritics
    optional. A unit with nothing due gets no mail. Exit 6 when the SMTP server cannot be used."""
    try:
        base = parse_base_url(base_url) if base_url else None
    except ValueError as exc:
        raise _fail(f"--base-url: {exc}") from None
    settings = ReminderSettings(today=parse_day(today, "--today") or date.today(), within=within, base_url=base)
    smtp = None
    if not dry_run:
        if base is None:
            raise _fail("--base-url (or $CONGVAN_BASE_URL) is needed to send: the links point to the web page")
        smtp = smtp_settings(smtp_host, smtp_port, smtp_tls, sender, smtp_user, smtp_password_file, smtp_ca_file)
    tracker = tracker_of(db)
    try:
        store = open_store(tracker)
    except Exception as exc:  # noqa: BLE001 — one line on stderr, whatever the driver raised
        raise _fail(f"cannot open the tracker {tracker}: {exc}", ExitCode.TRACKER_UNAVAILABLE) from exc
    with store:
        digests = build_digests(store, settings)
    for digest in digests:
        if digest.without_address:
            typer.echo(f"congvan: {digest.unit}: no e-mail address for {', '.join(digest.without_address)}", err=True)
    due = [d for d in digests if not d.empty and d.recipients]
    if smtp is None:
        for digest in due:
            print_digest(digest, settings)
        typer.echo(f"congvan: {len(due)} digests (dry run, nothing sent)", err=True)
        return
    batch = [m for d in due for m in messages(d, settings, smtp.sender)]
    try:
        refused = send(smtp, batch)
    except MailUnavailable as exc:
        raise _fail(f"SMTP: {exc}", ExitCode.MAIL_UNAVAILABLE) from None
    for r in refused:
        typer.echo(f"congvan: refused: {r.to}: {r.reason}", err=True)
    typer.echo(f"congvan: {len(batch) - len(refused)} of {len(batch)} messages sent ({len(due)} units)", err=True)
    if refused:
        raise typer.Exit(ExitCode.FAILED)


def print_digest(digest: Digest, settings: ReminderSettings) -> None:
    to = ", ".join(f"{a.name} <{a.email}>" for a in digest.recipients)
    typer.echo(f"To: {to}\nSubject: {subject(settings)}\n\n{body(digest, settings)}")


def register(app: typer.Typer) -> None:
    app.command("remind")(remind_cmd)
