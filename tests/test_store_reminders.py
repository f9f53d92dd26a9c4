"""The store queries behind the reminder digests, on both engines: accounts' e-mail and unit, and
the obligations due for a unit (whole words, diacritics optional, active only, before a day)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from reminder_fixtures import TODAY, fill

from congvan.tracker import open_store
from congvan.tracker.api import Role, Store, UnknownAccount
from congvan.tracker.reminders import ReminderSettings, build_digests


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s


def test_an_account_gets_an_address_and_a_unit_and_loses_them(store: Store) -> None:
    store.save_account("lan", "h", Role.READER)
    assert (store.account("lan").email, store.account("lan").unit) == (None, None)  # type: ignore[union-attr]
    assert store.set_account_email("lan", "lan@ubnd.example.vn").email == "lan@ubnd.example.vn"
    assert store.set_account_unit("lan", "Phòng Kinh tế").unit == "Phòng Kinh tế"
    kept = store.save_account("lan", "h2", Role.EDITOR)  # a new password keeps both
    assert (kept.email, kept.unit, kept.password_hash) == ("lan@ubnd.example.vn", "Phòng Kinh tế", "h2")
    assert [a.unit for a in store.accounts()] == ["Phòng Kinh tế"]
    assert store.set_account_email("lan", None).email is None
    assert store.set_account_unit("lan", "").unit is None


def test_unknown_accounts_get_no_address_or_unit(store: Store) -> None:
    with pytest.raises(UnknownAccount):
        store.set_account_email("nobody", "x@example.vn")
    with pytest.raises(UnknownAccount):
        store.set_account_unit("nobody", "Phòng 1")


def numbers(store: Store, unit: str, days: int = 7) -> list[str | None]:
    return [o.document_number for o in store.unit_due(unit, TODAY + timedelta(days=days + 1))]


def test_unit_due_lists_the_units_active_obligations_soonest_first(store: Store) -> None:
    fill(store)
    # overdue, due today (as a supporting body), due in 4 days (a longer body's name), today + 7;
    # not: done, undated, beyond the window
    expected = ["101/UBND-KT", "108/UBND-TCKH", "102/UBND-KT", "109/UBND-KT"]
    assert numbers(store, "Phòng Kinh tế") == expected
    assert numbers(store, "phong kinh te") == expected  # diacritics optional
    assert numbers(store, "PHÒNG  KINH TẾ") == expected
    assert numbers(store, "Phòng Kinh tế", days=14) == [*expected, "110/UBND-KT", "104/UBND-KT"]
    assert numbers(store, "Phòng Tài chính - Kế hoạch") == ["108/UBND-TCKH", "103/UBND-TCKH"]


def test_unit_due_matches_whole_words_only(store: Store) -> None:
    fill(store)
    assert numbers(store, "Phòng 1") == []  # "Phòng 10" is another unit
    assert numbers(store, "Phòng 10") == ["107/UBND"]
    assert numbers(store, "Kinh") == numbers(store, "Phòng Kinh tế")  # a word of the name matches
    assert numbers(store, "inh t") == []  # a piece of a word does not
    assert numbers(store, "hoạch Phòng Kinh") == []  # never across two bodies ("… Kế hoạch | Phòng Kinh tế")
    assert numbers(store, "") == [] and numbers(store, " - ") == []


def test_unit_due_respects_the_limit(store: Store) -> None:
    fill(store)
    assert [o.document_number for o in store.unit_due("Phòng Kinh tế", TODAY + timedelta(days=8), 2)] == [
        "101/UBND-KT",
        "108/UBND-TCKH",
    ]


def test_digests_group_accounts_by_unit_and_split_overdue_from_due_soon(store: Store) -> None:
    fill(store)
    digests = {d.unit: d for d in build_digests(store, ReminderSettings(TODAY, 7, None))}
    assert sorted(digests) == ["Phòng 1", "Phòng Kinh tế", "Phòng Tài chính - Kế hoạch"]  # admin has no unit
    kt = digests["Phòng Kinh tế"]
    assert [a.name for a in kt.members] == ["lan", "minh", "tuan"]  # "phong kinh te" is the same unit
    assert [a.name for a in kt.recipients] == ["lan", "minh"] and kt.without_address == ("tuan",)
    assert [o.document_number for o in kt.overdue] == ["101/UBND-KT"]
    assert [o.document_number for o in kt.due_soon] == ["108/UBND-TCKH", "102/UBND-KT", "109/UBND-KT"]
    assert digests["Phòng 1"].empty
