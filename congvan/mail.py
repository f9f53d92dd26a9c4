"""Sending e-mail through an SMTP server (the reminder digests): the settings, parsed once at the
door into a frozen `SmtpSettings`, and one connection that delivers a batch of messages.

On the ground floor because it knows nothing of congvan's data: it takes ready `EmailMessage`s.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parseaddr
from enum import StrEnum
from pathlib import Path

# One plain address, as an account's e-mail or the sender: "van.thu@ubnd.example.vn".
ADDRESS = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:]+$", re.VERBOSE)


class TlsMode(StrEnum):
    NONE = "none"  # plain SMTP (a relay on this machine or the office LAN)
    STARTTLS = "starttls"  # plain connection upgraded by STARTTLS (submission, port 587)
    SSL = "ssl"  # TLS from the first byte (SMTPS, port 465)


DEFAULT_PORT = {TlsMode.NONE: 25, TlsMode.STARTTLS: 587, TlsMode.SSL: 465}


class MailUnavailable(Exception):
    """The server could not be reached, refused TLS or the sign-in: nothing was sent."""


def parse_address(text: str) -> str:
    """A bare address from "addr" or "Name <addr>"; raises ValueError when it is not one."""
    _, address = parseaddr(text.strip())
    if not ADDRESS.match(address):
        raise ValueError(f"not an e-mail address: {text!r}")
    return address


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    tls: TlsMode
    sender: str  # the From: header ("Văn thư <vanthu@…>" or a bare address)
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    ca_file: Path | None = None  # trust this CA (an office's own) instead of the system's
    timeout_s: float = 30.0

    def tls_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file) if self.ca_file else None)


@dataclass(frozen=True)
class Refusal:
    """A message (by its To: header) the server would not take, and why."""

    to: str
    reason: str


def send(settings: SmtpSettings, messages: Iterable[EmailMessage]) -> list[Refusal]:
    """Deliver every message over one connection. A message the server refuses is reported and
    the others still go; a connection, TLS or sign-in failure raises MailUnavailable."""
    refused: list[Refusal] = []
    try:
        with _connect(settings) as smtp:
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            for message in messages:
                try:
                    rejected = smtp.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
                    refused.append(Refusal(str(message["To"]), str(exc)))
                    continue
                refused += [Refusal(addr, f"{code} {text!r}") for addr, (code, text) in rejected.items()]
    except (OSError, smtplib.SMTPException) as exc:  # ssl.SSLError is an OSError
        raise MailUnavailable(f"{settings.host}:{settings.port} ({settings.tls.value}): {exc}") from exc
    return refused


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.tls is TlsMode.SSL:
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout_s, context=settings.tls_context()
        )
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_s)
    if settings.tls is TlsMode.STARTTLS:
        try:
            smtp.starttls(context=settings.tls_context())
        except BaseException:
            smtp.close()
            raise
    return smtp
