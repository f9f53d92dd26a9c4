"""The daily reminder digests: for each unit that has accounts, what falls due within N days and
what is overdue, as a Vietnamese e-mail with a link to each obligation.

Who receives what. Until obligations can be given to one person, an account is reminded of its
unit's obligations (`Store.unit_due`: the unit named among assignees, lead or supporting, matched
as whole words without diacritics). So the digest is built once per unit and sent to each member
with an address as a message of its own (To: that member only): members do not see each other's
addresses, and a refused address does not hold back the others. Accounts without a unit get
nothing; a unit with nothing due or overdue gets no mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from urllib.parse import urlsplit

from congvan.tracker.api import Account, Obligation, Store
from congvan.tracker.export import vn_date
from congvan.tracker.search_text import folded_key

TASK_CHARS = 110  # a task's text is cut here (at a word) so a line reads at a glance
MAX_PER_UNIT = 500  # a unit's digest lists at most this many obligations


@dataclass(frozen=True)
class ReminderSettings:
    """What the digests cover and where their links point; parsed once at the door."""

    today: date
    within: int  # days ahead: due in [today, today + within] is "due soon"
    base_url: str | None  # "https://congvan.example" (no trailing slash); None: links are paths

    def link(self, obligation_id: int) -> str:
        return f"{self.base_url or ''}/obligations/{obligation_id}"


def parse_base_url(text: str) -> str:
    """The web page's address as links start with it; raises ValueError unless http(s)://host[/path]."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"want http(s)://host[/path], not {text!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


@dataclass(frozen=True)
class Digest:
    unit: str  # as the first member's account spells it
    members: tuple[Account, ...]  # every account of the unit, by name
    overdue: tuple[Obligation, ...]
    due_soon: tuple[Obligation, ...]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon)

    @property
    def recipients(self) -> tuple[Account, ...]:
        return tuple(a for a in self.members if a.email)

    @property
    def without_address(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.members if not a.email)


def units(accounts: Sequence[Account]) -> dict[str, list[Account]]:
    """Accounts by unit, units told apart by their folded name ("Phòng Kinh tế" = "phong kinh te");
    disabled accounts are nobody's member (they get no digest)."""
    out: dict[str, list[Account]] = {}
    for account in sorted(accounts, key=lambda a: a.name):
        key = folded_key(account.unit)
        if key and account.active:
            out.setdefault(key, []).append(account)
    return out


def build_digests(store: Store, settings: ReminderSettings) -> list[Digest]:
    """One digest per unit with members, in unit order (empty ones included: the caller decides)."""
    horizon = settings.today + timedelta(days=settings.within + 1)
    digests: list[Digest] = []
    for _, members in sorted(units(store.accounts()).items()):
        # the spelling with the most diacritics: "Phòng Kinh tế" rather than a member's "phong kinh te"
        unit = max((a.unit or "" for a in members), key=lambda u: sum(not c.isascii() for c in u))
        due = store.unit_due(unit, horizon, MAX_PER_UNIT)
        digests.append(
            Digest(
                unit=unit,
                members=tuple(members),
                overdue=tuple(o for o in due if o.due is not None and o.due < settings.today),
                due_soon=tuple(o for o in due if o.due is not None and o.due >= settings.today),
            )
        )
    return digests


def subject(settings: ReminderSettings) -> str:
    return f"Việc đến hạn và quá hạn — {vn_date(settings.today)}"


def shorten(text: str, limit: int = TASK_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def days_late(o: Obligation, today: date) -> int:
    return (today - o.due).days if o.due else 0


def line(o: Obligation, settings: ReminderSettings, *, overdue: bool) -> str:
    who = ", ".join(dict.fromkeys([*o.lead, *o.assignees, *o.supporting])) or "chưa rõ đơn vị"
    when = f"hạn {vn_date(o.due)}"
    if overdue:
        when += f" (trễ {days_late(o, settings.today)} ngày)"
    head = f"- {o.document_number or 'Không số'}: {shorten(o.text)}"
    return f"{head}\n  {who} — {when}\n  {settings.link(o.id)}"


def body(digest: Digest, settings: ReminderSettings) -> str:
    parts = [
        f"Đơn vị: {digest.unit}",
        f"Ngày {vn_date(settings.today)}: {len(digest.overdue)} việc quá hạn, "
        f"{len(digest.due_soon)} việc đến hạn trong {settings.within} ngày.",
    ]
    if digest.overdue:
        parts += ["", f"Quá hạn ({len(digest.overdue)} việc)"]
        parts += [line(o, settings, overdue=True) for o in digest.overdue]
    if digest.due_soon:
        parts += [
            "",
            f"Đến hạn trong {settings.within} ngày ({len(digest.due_soon)} việc)",
            *(line(o, settings, overdue=False) for o in digest.due_soon),
        ]
    parts += ["", "Thư gửi tự động từ congvan; việc đã xong xin đánh dấu trên trang theo dõi để không nhắc lại."]
    return "\n".join(parts) + "\n"


def messages(digest: Digest, settings: ReminderSettings, sender: str) -> list[EmailMessage]:
    """One message per member with an address (see the module's note)."""
    text = body(digest, settings)
    domain = parseaddr(sender)[1].rpartition("@")[2] or None
    out: list[EmailMessage] = []
    for account in digest.recipients:
        msg = EmailMessage()
        msg["Subject"] = subject(settings)
        msg["From"] = sender
        msg["To"] = formataddr((account.name, account.email or ""))
        msg["Date"] = format_datetime(datetime.now(UTC))
        msg["Message-ID"] = make_msgid("congvan-remind", domain=domain)
        msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
        msg.set_content(text)
        out.append(msg)
    return out

