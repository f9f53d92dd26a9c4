"""The store queries the web page, the exports and the CLI use beyond ingest and search, on both
engines: one document or obligation by id, the overview's counts and lists (checked against the
general `obligations()` listing), web accounts, settings and sign-in failures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from tracker_fixtures import SEED_000, SEED_000_DOCX, TEXT_DOCS, corpus_record

from congvan.tracker import open_store
from congvan.tracker.api import (
    LastEditor,
    Obligation,
    ObligationFilter,
    ObligationStatus,
    Role,
    SigninFailures,
    Store,
    UnknownAccount,
    WebSession,
)

ACTIVE = (ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS)


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s


@pytest.fixture()
def filled(store: Store) -> Store:
    """The text corpus, plus a linked duplicate, with one obligation done."""
    for name in TEXT_DOCS:
        store.ingest(corpus_record(name), name)
    store.ingest(corpus_record(SEED_000_DOCX), SEED_000_DOCX)
    store.set_status(store.obligations()[0].id, ObligationStatus.DONE, "văn thư")
    return store


def everything(store: Store) -> list[Obligation]:
    return store.obligations(ObligationFilter(limit=100_000))


def active_in(store: Store, after: date | None, before: date) -> list[Obligation]:
    return [
        o
        for o in everything(store)
        if o.status in ACTIVE and o.due is not None and o.due < before and (after is None or o.due >= after)
    ]


# ---- documents and obligations --------------------------------------------------------------------
def test_one_document_and_obligation_by_id(filled: Store) -> None:
    record = corpus_record(SEED_000)
    doc_id = filled.document_id_for(record.source.sha256)
    assert doc_id is not None
    doc = filled.document(doc_id)
    assert doc is not None and doc.sha256 == record.source.sha256 and doc.number == record.number
    tasks = filled.document_obligations(doc_id)
    assert [o.text for o in tasks] == [t.text for t in record.tasks]
    assert [o.position for o in tasks] == list(range(len(record.tasks)))
    assert filled.obligation(tasks[1].id) == tasks[1]
    assert filled.document_obligations(filled.document_id_for(corpus_record(SEED_000_DOCX).source.sha256) or 0) == []
    assert filled.document(10_000) is None and filled.obligation(10_000) is None
    assert filled.document_id_for("0" * 64) is None


def test_newest_documents_leave_out_duplicates(filled: Store) -> None:
    originals = [d for d in filled.documents() if d.duplicate_of is None]
    assert len(originals) == len(TEXT_DOCS) < len(filled.documents())
    assert [d.id for d in filled.newest_documents(3)] == [d.id for d in originals[::-1][:3]]


@pytest.mark.parametrize(
    ("after", "before"),
    [(None, date(2021, 11, 21)), (None, date(2030, 1, 1)), (date(2021, 11, 20), date(2021, 11, 21))],
    ids=["overdue", "all-dated", "one-day"],
)
def test_active_due_counts_and_lists(filled: Store, after: date | None, before: date) -> None:
    expected = active_in(filled, after, before)
    assert expected, "the corpus has dated obligations in every range tested"
    assert filled.count_active_due(after, before) == len(expected)
    listed = filled.active_due(after, before, 3)
    soonest = sorted(expected, key=lambda o: (o.due, o.id))[:3]
    assert [o.id for o in listed] == [o.id for o in soonest]
    assert listed == soonest  # full rows, the same as the general listing


def test_active_due_excludes_done_and_undated(filled: Store) -> None:
    done = filled.obligations(ObligationFilter(status=ObligationStatus.DONE))
    listed = {o.id for o in filled.active_due(None, date(2100, 1, 1), 1000)}
    assert done and not listed & {o.id for o in done}
    assert all(o.due is not None for o in filled.active_due(None, date(2100, 1, 1), 1000))


def test_active_assignees_are_those_due_latest(filled: Store) -> None:
    before = date(2100, 1, 1)
    pool = active_in(filled, None, before)
    latest = sorted(pool, key=lambda o: (o.due, -o.id), reverse=True)[:2]
    got = filled.active_assignees(before, 2)
    assert sorted(got) == sorted(o.assignees for o in latest)
    assert sorted(filled.active_assignees(before, 1000)) == sorted(o.assignees for o in pool)


def test_iter_obligations_pages_through_everything(filled: Store) -> None:
    assert [o.id for o in filled.iter_obligations(page=2)] == [o.id for o in everything(filled)]


# ---- web accounts -------------------------------------------------------------------------------
def test_accounts_are_saved_changed_and_removed(store: Store) -> None:
    assert store.accounts() == [] and store.account("vanthu") is None
    boss = store.save_account("truongphong", "hash-1", Role.EDITOR)
    clerk = store.save_account("vanthu", "hash-2", Role.READER)
    assert (boss.name, boss.role, boss.password_hash) == ("truongphong", Role.EDITOR, "hash-1")
    assert [a.name for a in store.accounts()] == ["truongphong", "vanthu"]
    assert store.account("vanthu") == clerk and clerk.created_at.startswith("20")

    again = store.save_account("vanthu", "hash-3", Role.EDITOR)  # same name: new password and role
    assert (again.role, again.password_hash, again.created_at) == (Role.EDITOR, "hash-3", clerk.created_at)
    assert store.set_account_password("vanthu", "hash-4").password_hash == "hash-4"
    assert store.set_account_role("vanthu", Role.READER).role is Role.READER
    assert store.remove_account("vanthu").name == "vanthu"
    assert [a.name for a in store.accounts()] == ["truongphong"]


def test_unknown_accounts_and_the_last_editor_are_refused(store: Store) -> None:
    store.save_account("truongphong", "h", Role.EDITOR)
    for change in (
        lambda: store.set_account_role("ai", Role.READER),
        lambda: store.set_account_password("ai", "h"),
        lambda: store.remove_account("ai"),
    ):
        with pytest.raises(UnknownAccount):
            change()
    with pytest.raises(LastEditor):
        store.set_account_role("truongphong", Role.READER)
    with pytest.raises(LastEditor):
        store.remove_account("truongphong")
    kept = store.account("truongphong")
    assert kept is not None and kept.role is Role.EDITOR
    store.save_account("pho", "h", Role.EDITOR)
    assert store.set_account_role("truongphong", Role.READER).role is Role.READER  # another editor remains


# ---- sessions -----------------------------------------------------------------------------------
def test_sessions_end_with_sign_out_and_every_account_change(store: Store) -> None:
    store.save_account("truongphong", "h", Role.EDITOR)
    store.save_account("vanthu", "h", Role.EDITOR)

    def open_both(now: int) -> None:
        store.open_session(f"a{now}", "vanthu", now, 0)
        store.open_session(f"b{now}", "truongphong", now, 0)

    open_both(100)
    assert store.web_session("a100") == WebSession("a100", "vanthu", 100, 100)
    store.touch_session("a100", 160)
    assert store.web_session("a100") == WebSession("a100", "vanthu", 100, 160)
    store.end_session("a100")  # sign-out
    assert store.web_session("a100") is None and store.web_session("b100") is not None
    for n, change in enumerate(
        (
            lambda: store.set_account_password("vanthu", "h2"),
            lambda: store.set_account_role("vanthu", Role.READER),
            lambda: store.save_account("vanthu", "h3", Role.READER),
            lambda: store.remove_account("vanthu"),
        ),
        start=200,
    ):
        store.open_session(f"a{n}", "vanthu", n, 0)
        change()
        assert store.web_session(f"a{n}") is None, n
    assert store.web_session("b100") is not None  # the other account's session stays
    store.set_account_role("truongphong", Role.EDITOR)  # no change of role: nothing ends
    assert store.web_session("b100") is not None
    store.open_session("c300", "truongphong", 300, 150)  # sessions not seen since 150 are forgotten
    assert store.web_session("b100") is None and store.end_sessions(None) == 1


# ---- settings -----------------------------------------------------------------------------------
def test_a_setting_is_stored_once(store_url: str) -> None:
    with open_store(store_url) as store:
        assert store.setting("session_secret") is None
        assert store.ensure_setting("session_secret", "first") == "first"
        assert store.ensure_setting("session_secret", "second") == "first"
    with open_store(store_url) as store:  # another connection, another process: the same value
        assert store.setting("session_secret") == "first"


# ---- sign-in failures ---------------------------------------------------------------------------
def test_failures_are_counted_per_scope_and_window(store: Store) -> None:
    store.add_signin_failure("vanthu", "10.0.0.1", 100, 900)
    store.add_signin_failure("vanthu", "10.0.0.2", 200, 900)
    store.add_signin_failure("ketoan", "10.0.0.1", 300, 900)
    assert store.signin_failures("vanthu", "10.0.0.1", 0) == SigninFailures((100,), (100, 200), (100, 300))
    assert store.signin_failures("vanthu", "10.0.0.1", 150) == SigninFailures((), (200,), (300,))
    store.add_signin_failure("vanthu", "10.0.0.1", 1150, 900)  # forgets those at or before 250
    assert store.signin_failures("vanthu", "10.0.0.1", 0) == SigninFailures((1150,), (1150,), (300, 1150))
    store.clear_signin_failures("vanthu", "10.0.0.1")
    assert store.signin_failures("vanthu", "10.0.0.1", 0) == SigninFailures((), (), (300,))
    store.add_signin_failure("vanthu", "10.0.0.3", 1200, 900)
    store.add_signin_failure("vanthu", "10.0.0.4", 1200, 900)
    assert store.clear_signin_failures("vanthu") == 2  # an editor's unlock: every address
    assert store.signin_failures("vanthu", "10.0.0.3", 0).name == ()


def test_a_reservation_is_recorded_unless_the_rule_says_wait(store: Store) -> None:
    seen: list[SigninFailures] = []

    def at_most_two(failures: SigninFailures) -> int | None:
        seen.append(failures)
        return 60 if len(failures.name_address) >= 2 else None

    assert store.reserve_signin("vanthu", "10.0.0.1", 1000, 900, at_most_two) is None
    assert store.reserve_signin("vanthu", "10.0.0.1", 1001, 900, at_most_two) is None
    assert store.reserve_signin("vanthu", "10.0.0.1", 1002, 900, at_most_two) == 60
    assert seen[-1] == SigninFailures((1000, 1001), (1000, 1001), (1000, 1001))
    assert store.signin_failures("vanthu", "10.0.0.1", 0).name_address == (1000, 1001)  # the refused one is not
    # out of the window: forgotten before the rule is asked
    assert store.reserve_signin("vanthu", "10.0.0.1", 1900, 900, at_most_two) is None
    assert seen[-1].name_address == (1001,)
