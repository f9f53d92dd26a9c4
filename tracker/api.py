"""The tracker's repository interface, shared by the CLI, the drop folder, the nightly run and
the web page. Two engines implement it: SQLite (default, a file) and PostgreSQL (shared office).

`open_store(url)` in tracker/__init__.py returns an implementation for a SQLAlchemy-style
URL: `sqlite:///congvan.db` (default, or $CONGVAN_DB) or `postgresql://user@host/db`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from congvan.schemas.record import Record
from congvan.tracker.arrivals import RegisterFilter


class Outcome(StrEnum):
    """What became of one document taken in: the one vocabulary of the store's `ingest`, the intake
    lane (operations/lane.py) and every producer feeding it (watch, nightly, uploads, `ingest`).

    The store returns one of STORED; the lane adds what can happen before or instead of storing.
    Not to be confused with the extraction result (pipeline/result.Status: success, partial,
    needs_ocr, failed) or the record's `status` (complete, partial, needs_ocr), which say how well
    a document was read, not what the tracker did with it."""

    NEW = "new"  # stored for the first time
    SAME_BYTES = "same_bytes"  # these exact bytes were stored before: nothing changed
    DUPLICATE_NUMBER = "duplicate_number"  # other bytes, same number+symbol+issuer (Nghị định 30): linked
    UPDATED = "updated"  # same bytes re-extracted by a newer extractor: record replaced, statuses kept
    FAILED = "failed"  # not read (the reason says why); a drop folder's file goes to `failed`
    CHANGED = "changed"  # the file changed while it was read: left where it is for the next look
    GONE = "gone"  # vanished before it could be read (someone took it back)
    INTERRUPTED = "interrupted"  # stopped (a signal, a store error): left untouched, taken again next time


STORED = frozenset({Outcome.NEW, Outcome.SAME_BYTES, Outcome.DUPLICATE_NUMBER, Outcome.UPDATED})
IngestOutcome = Outcome  # the name the store's ingest result (and its engines) use: one class


class Direction(StrEnum):
    """Which way a document went: received (văn bản đến) or sent by the office (văn bản đi)."""

    IN = "in"
    OUT = "out"


class ObligationStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class IngestResult:
    outcome: Outcome  # one of STORED
    document_id: int
    obligations_added: int
    duplicate_of: int | None = None
    proposed_done: tuple[int, ...] = ()  # an outgoing reply: obligations it proposes (or closes) as done
    closed: bool = False  # …and they were closed at once (the auto-close setting)


@dataclass(frozen=True)
class ObligationFilter:
    assignee: str | None = None
    status: ObligationStatus | None = None
    due_before: date | None = None
    due_after: date | None = None
    overdue_on: date | None = None  # open/in-progress with a deadline before this day
    issuer: str | None = None
    document_type: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None
    limit: int = 100
    offset: int = 0
    active_only: bool = False  # open or in progress only
    document_id: int | None = None
    unassigned: bool = False  # no assignee, lead or supporting unit read


@dataclass(frozen=True)
class Obligation:
    id: int
    document_id: int
    text: str
    assignees: tuple[str, ...]
    lead: tuple[str, ...]
    supporting: tuple[str, ...]
    due: date | None
    due_text: str | None
    recurrence: str | None
    status: ObligationStatus
    document_number: str | None
    document_subject: str | None
    evidence_start: int
    evidence_end: int
    position: int = 0  # index of the task in its record
    due_time: str | None = None  # HH:MM when printed
    document_issuer: str | None = None
    document_issued_date: date | None = None
    proposed_done_by: int | None = None  # the outgoing reply that answers it (proposed, or closed)
    assigned_at: datetime | None = None  # last set by a leader's direction (assign), not the extractor


@dataclass(frozen=True)
class Assignment:
    """One leader's direction on an obligation, kept like a status change (append-only)."""

    obligation_id: int
    lead: tuple[str, ...]
    supporting: tuple[str, ...]
    due: date | None
    who: str
    at: datetime
    note: str | None


@dataclass(frozen=True)
class StoredDocument:
    id: int
    sha256: str
    original_path: str
    number: str | None
    issuer: str | None
    document_type: str
    issued_date: date | None
    subject: str | None
    extractor_version: str | None
    duplicate_of: int | None
    status: str  # the record's status: complete, partial, needs_ocr
    ingested_at: datetime
    record: dict[str, object]
    deleted_at: datetime | None = None  # soft-deleted (junk stored by mistake): hidden from lists and search
    deleted_by: str | None = None
    arrival_number: int | None = None  # số đến in its register and year (None: a duplicate copy)
    arrival_date: date | None = None  # ngày đến: the day the tracker took it in
    arrival_year: int | None = None
    direction: Direction = Direction.IN


@dataclass(frozen=True)
class Correction:
    """A clerk's fix of one extracted value, kept for ever: who, when, before and after. `field` is
    a header field ("issuer", "signer.name"), an obligation's ("task.text", "task.assignees",
    "task.deadline"), or "task.added" / "task.removed" (before or after is then the whole task)."""

    id: int
    document_id: int
    obligation_id: int | None
    field: str
    before: object  # JSON values: a string, a list of names, a deadline {"date", "text"}, a task, None
    after: object
    who: str
    at: datetime


class InvalidCorrection(ValueError):
    """The correction cannot be made (an unknown field, a value the record contract refuses, nothing
    changed); the message is Vietnamese, for the clerk."""


class UnknownObligation(LookupError):
    """No obligation has this id."""


class UnknownDocument(LookupError):
    """No document has this id (or it is deleted already)."""


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "obligation" or "document"
    id: int
    document_id: int
    title: str
    snippet: str  # with the match marked as [[…]]
    rank: float


@dataclass(frozen=True)
class StatusChange:
    obligation_id: int
    status: ObligationStatus
    who: str
    at: datetime
    note: str | None


class Role(StrEnum):
    """What a web account may do."""

    READER = "reader"  # sees everything, changes nothing
    EDITOR = "editor"  # also changes statuses and uploads documents
    ADMIN = "admin"  # an editor who also manages the accounts (the office administration page)


# The roles that may change the tracker (an admin is an editor too).
EDITING_ROLES = frozenset({Role.EDITOR, Role.ADMIN})


@dataclass(frozen=True)
class Account:
    """A web page account; the password only as its scrypt hash (web/users.py makes and checks it)."""

    name: str
    role: Role
    password_hash: str
    created_at: str  # ISO 8601, UTC
    email: str | None = None  # where the reminder digest goes (`congvan users set-email`)
    unit: str | None = None  # the unit (phòng, ban) whose obligations the account is reminded of
    disabled_at: str | None = None  # ISO 8601, UTC: locked out (no sign-in, no digest), kept for its history

    @property
    def active(self) -> bool:
        return self.disabled_at is None


@dataclass(frozen=True)
class Unit:
    """A unit of the office (phòng, ban, tổ), in a tree: accounts belong to one by its name (Account.unit),
    as documents and directions name it."""

    id: int
    name: str
    parent_id: int | None
    created_at: str  # ISO 8601, UTC


class UnknownUnit(LookupError):
    """No unit has this id."""


class InvalidUnit(ValueError):
    """The unit cannot be made so (an empty or taken name, a parent under itself); the message is
    Vietnamese, for the clerk."""


class UnknownAccount(LookupError):
    """No account has this name."""


class LastEditor(ValueError):
    """The change would leave the tracker without an editor, and so nobody could change anything."""


class LastAdmin(ValueError):
    """The change would leave a tracker that has an admin without one (an active one), and so nobody
    could manage the accounts on the web page."""


@dataclass(frozen=True)
class SigninFailures:
    """Times (seconds since the epoch, ascending) of the failed sign-ins still in the window, in the
    three scopes the throttle limits: one name from one address, one name, one address."""

    name_address: tuple[int, ...]
    name: tuple[int, ...]
    address: tuple[int, ...]


@dataclass(frozen=True)
class WebSession:
    """A signed-in session of the web page: the cookie carries a random id, the tracker a digest of
    it (`id`), so ending the row ends the session whatever the browser still sends."""

    id: str
    name: str
    created_at: int  # seconds since the epoch
    seen_at: int


# Given the failures in the window, the seconds to wait before another attempt, or None: go ahead.
SigninRule = Callable[[SigninFailures], int | None]


class Store(Protocol):
    def has_document(self, sha256: str, extractor_version: str | None = None) -> bool:
        """True if these bytes are stored (and, when a version is given, extracted by that version).

        A needs-OCR record does not count: its text was never read, so a later run should retry."""

    def ingest(
        self,
        record: Record,
        original_path: str,
        direction: Direction = Direction.IN,
        auto_close: bool = False,
    ) -> IngestResult:
        """Store one record idempotently (keyed on source.sha256), in one transaction.

        An outgoing document (Direction.OUT) gets no obligations of its own (its tasks fall on its
        recipients); the incoming documents it cites by number (its `references`) get their open
        obligations proposed as done by it (tracker/assignment.py), or closed when `auto_close`."""

    def search(
        self, query: str, flt: ObligationFilter | None = None, *, candidates: int = ...
    ) -> list[SearchHit]: ...

    def obligations(self, flt: ObligationFilter | None = None) -> list[Obligation]: ...

    def set_status(
        self, obligation_id: int, status: ObligationStatus, who: str, note: str | None = None
    ) -> None: ...

    def history(self, obligation_id: int) -> list[StatusChange]: ...

    def documents(self, flt: ObligationFilter | None = None) -> list[StoredDocument]:
        """Stored documents in arrival order (issuer, type and issued-date filters apply)."""

    def register(self, flt: RegisterFilter | None = None) -> list[StoredDocument]:
        """The arrival register's lines (numbered documents, deleted ones included: a register keeps
        its lines) by year and số đến. See tracker/arrivals.py."""

    def register_years(self, register: str = ...) -> list[int]:
        """The years the register has numbers in, latest first."""

    def duplicates_of(self, document_ids: list[int]) -> list[StoredDocument]:
        """The live copies linked to these documents as Nghị định 30 duplicates, in arrival order."""

    def status_counts(self, flt: ObligationFilter | None = None) -> dict[ObligationStatus, int]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    # ---- documents and obligations, one at a time and for the overview -------------------------
    def iter_obligations(self, flt: ObligationFilter | None = None, page: int = 5000) -> Iterator[Obligation]:
        """Every obligation matching `flt`, fetched a page at a time (for exports)."""

    def obligation(self, obligation_id: int) -> Obligation | None: ...

    def document(self, document_id: int) -> StoredDocument | None: ...

    def delete_document(self, document_id: int, who: str) -> StoredDocument:
        """Soft delete: the document stays (its page says who deleted it and when) but leaves every
        list, count and search; its open obligations are cancelled, each with a history entry.
        Raises UnknownDocument for an unknown or already deleted id."""

    def document_id_for(self, sha256: str) -> int | None:
        """The id of the document stored with these bytes, if any."""

    def document_obligations(self, document_id: int) -> list[Obligation]:
        """The document's obligations in the order of its tasks."""

    def newest_documents(self, limit: int) -> list[StoredDocument]:
        """The latest documents stored (duplicates left out), newest first."""

    def count_active_due(self, after: date | None, before: date) -> int:
        """Open or in-progress obligations due in [after, before) (no lower bound when None)."""

    def active_due(
        self, after: date | None, before: date, limit: int, latest_first: bool = False
    ) -> list[Obligation]:
        """The first `limit` of those, soonest due first (latest due first: the least late)."""

    def active_assignees(self, before: date, limit: int) -> list[tuple[str, ...]]:
        """The assignees of the `limit` open or in-progress obligations due latest before `before`."""

    def unit_due(self, unit: str, before: date, limit: int = 1000) -> list[Obligation]:
        """Open or in-progress obligations due before `before` (overdue included) that name `unit`
        among their assignees, lead or supporting bodies, soonest due first. The unit matches as
        whole words without diacritics: "Phong Kinh te" finds "Phòng Kinh tế" and "Phòng Kinh tế
        và Hạ tầng", never "Phòng Kinh tế" inside another word."""

    # ---- assignment and replies (tracker/assignment.py) -----------------------------------------
    def assign(
        self,
        obligation_ids: list[int],
        lead: list[str],
        supporting: list[str],
        due: date | None,
        who: str,
        note: str | None = None,
    ) -> list[Obligation]:
        """A leader's direction: these obligations get this lead and these supporting units (and the
        deadline, when given; None keeps theirs), one history entry each, in one transaction. A later
        re-extraction keeps them. Raises UnknownObligation (nothing changed) for an unknown id."""

    def assignments(self, obligation_id: int) -> list[Assignment]:
        """The directions given on this obligation, oldest first."""

    def unit_obligations(self, unit: str, active_only: bool = True, limit: int = 500) -> list[Obligation]:
        """Obligations naming `unit` among their lead, supporting units or assignees (whole words, no
        diacritics, as unit_due), undated included: dated first by deadline, then the oldest."""

    def undated_active(self, limit: int) -> list[Obligation]:
        """Open or in-progress obligations without a deadline, oldest first."""

    def count_undated_active(self) -> int: ...

    def proposed_done(self, limit: int = 500) -> list[Obligation]:
        """Open or in-progress obligations an outgoing reply proposes as done, awaiting an editor."""

    def confirm_done(self, obligation_ids: list[int], who: str) -> list[int]:
        """Close the proposed ones among `obligation_ids` (done, with the reply's number in the
        history note); returns the ids closed."""

    def reply_documents(self, document_id: int) -> list[StoredDocument]:
        """The outgoing replies that answer this document's obligations."""

    def answered_obligations(self, reply_id: int) -> list[Obligation]:
        """The obligations (of other documents) this outgoing reply answers."""

    # ---- corrections (tracker/corrections.py) ---------------------------------------------------
    def correct_field(self, document_id: int, field: str, value: str | None, who: str) -> Correction:
        """Set one header field (corrections.HEADER_FIELDS) of the stored record; an empty value is
        null. Kept across re-extraction of the same bytes. Raises UnknownDocument, InvalidCorrection."""

    def correct_obligation(self, obligation_id: int, field: str, value: object, who: str) -> Correction:
        """Set an obligation's "text" (str), "assignees" (list of names) or "deadline" ({"date": ISO or
        None, "text": str} or None). Raises UnknownObligation, InvalidCorrection."""

    def add_obligation(
        self, document_id: int, text: str, assignees: list[str], deadline: dict[str, object] | None, who: str
    ) -> Correction:
        """A task the extractor missed, appended to the record (its correction names the new obligation)."""

    def remove_obligation(self, obligation_id: int, who: str) -> Correction:
        """A task that is none: out of the record and the tracker. One with status history is refused
        (InvalidCorrection: cancel it instead, so nobody's notes are lost)."""

    def corrections(self, document_id: int) -> list[Correction]:
        """The document's corrections, oldest first."""

    def corrected_documents(self) -> list[StoredDocument]:
        """Live documents with at least one correction, by id (the gold export)."""

    def learned_names(self) -> list[tuple[str, str]]:
        """(printed, corrected) body names from issuer and issuer_parent corrections, oldest first:
        the local vocabulary extraction reads (tracker/vocabulary.py writes it)."""

    # ---- web accounts -------------------------------------------------------------------------
    def account(self, name: str) -> Account | None: ...

    def accounts(self) -> list[Account]:
        """Every account, by name."""

    def save_account(self, name: str, password_hash: str, role: Role) -> Account:
        """Create the account, or give an existing one this password and role."""

    def set_account_role(self, name: str, role: Role) -> Account:
        """Raises UnknownAccount, or LastEditor / LastAdmin when it would demote the only active
        editor (an admin counts as one) or the only active admin."""

    def set_account_password(self, name: str, password_hash: str) -> Account:
        """Raises UnknownAccount."""

    def remove_account(self, name: str) -> Account:
        """Delete it and return what it was; raises UnknownAccount, or LastEditor / LastAdmin for the
        only active editor or admin."""

    def set_account_disabled(self, name: str, disabled: bool) -> Account:
        """Lock the account out (its sessions end, it cannot sign in, gets no digest) or let it back
        in. Raises UnknownAccount, or LastEditor / LastAdmin for the only active editor or admin."""

    def set_account_email(self, name: str, email: str | None) -> Account:
        """Give the account this address (None: none). Raises UnknownAccount."""

    def set_account_unit(self, name: str, unit: str | None) -> Account:
        """Put the account in this unit (None: none). Raises UnknownAccount."""

    # ---- units of the office (tracker/units.py) -------------------------------------------------
    def units(self) -> list[Unit]:
        """Every unit, by name."""

    def unit(self, unit_id: int) -> Unit | None: ...

    def add_unit(self, name: str, parent_id: int | None = None) -> Unit:
        """A new unit. Raises InvalidUnit (empty name, or one taken, diacritics and case aside),
        UnknownUnit (no such parent)."""

    def rename_unit(self, unit_id: int, name: str) -> Unit:
        """A new name; the accounts in the unit follow it. Raises UnknownUnit, InvalidUnit."""

    def set_unit_parent(self, unit_id: int, parent_id: int | None) -> Unit:
        """Put the unit under another (None: at the top). Raises UnknownUnit, or InvalidUnit when the
        parent is the unit itself or one below it."""

    # ---- web settings -------------------------------------------------------------------------
    def setting(self, key: str) -> str | None: ...

    def ensure_setting(self, key: str, value: str) -> str:
        """The stored value of `key`; when there is none, `value`, stored now (atomic: concurrent first
        callers all get the one value stored)."""

    # ---- sign-in throttling -------------------------------------------------------------------
    def signin_failures(self, name: str, address: str, since: int) -> SigninFailures:
        """Failures after `since` for this name and address, in the three scopes."""

    def reserve_signin(
        self, name: str, address: str, now: int, window_s: int, rule: SigninRule
    ) -> int | None:
        """In one write transaction: forget failures older than the window, ask `rule` about those
        left, and unless it says wait, record this attempt as a failure at `now` (the check and the
        record are atomic across processes). Returns the rule's wait."""

    def add_signin_failure(self, name: str, address: str, now: int, window_s: int) -> None:
        """Record a failure at `now` (older than the window are forgotten)."""

    def clear_signin_failures(self, name: str, address: str | None = None) -> int:
        """Forget this name's failures from this address (None: from every address: an editor's
        unlock); returns how many were forgotten."""

    # ---- signed-in sessions (changing, demoting or removing an account ends its sessions) -------
    def open_session(self, session_id: str, name: str, now: int, stale_before: int) -> None:
        """Record a new session (sessions not seen since `stale_before` are forgotten)."""

    def web_session(self, session_id: str) -> WebSession | None: ...

    def touch_session(self, session_id: str, now: int) -> None: ...

    def end_session(self, session_id: str) -> None: ...

    def end_sessions(self, name: str | None = None) -> int:
        """End every session of `name` (None: of everyone); returns how many ended."""


class StoreUnavailable(ConnectionError):
    """The database server cannot be reached (restarted, network cut) and did not come back within
    the store's reconnect window; the unit of work was not done and can be taken again later."""
