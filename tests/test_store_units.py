"""The office administration in the tracker, on both engines: units in a tree (unique names without
diacritics, no loops, a rename carried to the accounts), the admin role, disabled accounts (no
digest, the last active editor and admin kept), and migration 11 carrying a v10 tracker forward."""

from __future__ import annotations

import pytest
from test_store_migrations import execute, version
from tracker_fixtures import SEED_000, corpus_record

from congvan.tracker import open_store
from congvan.tracker.api import InvalidUnit, LastAdmin, LastEditor, Role, UnknownUnit
from congvan.tracker.reminders import units as reminder_units


def test_units_form_a_tree_with_unique_names(store_url: str) -> None:
    with open_store(store_url) as store:
        office = store.add_unit("  Văn   phòng ")
        clerks = store.add_unit("Tổ văn thư", office.id)
        assert office.name == "Văn phòng" and clerks.parent_id == office.id
        assert [u.name for u in store.units()] == ["Tổ văn thư", "Văn phòng"]  # by name without diacritics
        with pytest.raises(InvalidUnit, match="Đã có đơn vị “Văn phòng”"):
            store.add_unit("VAN PHONG")
        with pytest.raises(InvalidUnit, match="trống"):
            store.add_unit("  ")
        with pytest.raises(UnknownUnit):
            store.add_unit("Phòng 1", 999)
        with pytest.raises(InvalidUnit, match="trực thuộc chính nó"):
            store.set_unit_parent(office.id, clerks.id)  # the office under its own team: a loop
        with pytest.raises(InvalidUnit):
            store.set_unit_parent(office.id, office.id)
        assert store.unit(office.id).parent_id is None  # type: ignore[union-attr]
        assert store.set_unit_parent(clerks.id, None).parent_id is None
        # a rename in case only is the same unit: allowed
        assert store.rename_unit(office.id, "Văn Phòng").name == "Văn Phòng"


def test_a_renamed_unit_takes_its_accounts_along(store_url: str) -> None:
    with open_store(store_url) as store:
        unit = store.add_unit("Phòng Kinh tế")
        for name, spelled in (("lan", "Phòng Kinh tế"), ("minh", "phong kinh te"), ("hoa", "Phòng Kinh tế và Hạ tầng")):
            store.save_account(name, "h", Role.READER)
            store.set_account_unit(name, spelled)
        store.rename_unit(unit.id, "Phòng Kinh tế - Hạ tầng")
        assert {a.name: a.unit for a in store.accounts()} == {
            "hoa": "Phòng Kinh tế và Hạ tầng",  # another unit, though its name contains the old one
            "lan": "Phòng Kinh tế - Hạ tầng",
            "minh": "Phòng Kinh tế - Hạ tầng",
        }
        store.add_unit("Phòng Tư pháp")
        with pytest.raises(InvalidUnit):
            store.rename_unit(unit.id, "phong tu phap")


def test_admin_role_and_disabled_accounts(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_account("quantri", "h", Role.ADMIN)
        store.save_account("bientap", "h", Role.EDITOR)
        store.save_account("lan", "h", Role.READER)
        store.set_account_unit("lan", "Văn phòng")
        store.open_session("s1", "lan", 100, 0)
        lan = store.set_account_disabled("lan", True)
        assert not lan.active and lan.disabled_at is not None
        assert store.web_session("s1") is None  # its sessions ended with it
        assert reminder_units(store.accounts()) == {}  # a disabled account gets no digest
        assert store.set_account_disabled("lan", False).active
        assert list(reminder_units(store.accounts())) == ["van phong"]
        # the only admin keeps the role, stays active and stays
        for change in (
            lambda: store.set_account_role("quantri", Role.EDITOR),
            lambda: store.set_account_disabled("quantri", True),
            lambda: store.remove_account("quantri"),
        ):
            with pytest.raises(LastAdmin):
                change()
        # an admin counts as an editor: the editor may go while the admin stays
        assert store.set_account_disabled("bientap", True).disabled_at is not None
        store.save_account("quantri2", "h", Role.ADMIN)
        assert store.set_account_role("quantri", Role.READER).role is Role.READER
        with pytest.raises(LastAdmin):  # quantri2 is the only active admin now
            store.set_account_disabled("quantri2", True)
        store.set_account_disabled("bientap", False)
        store.set_account_role("quantri", Role.ADMIN)
        store.set_account_disabled("quantri2", True)
        with pytest.raises(LastAdmin):
            store.set_account_role("quantri", Role.READER)


def test_a_tracker_without_admin_keeps_its_last_editor_rule(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_account("bientap", "h", Role.EDITOR)
        store.save_account("cu", "h", Role.EDITOR)
        store.set_account_disabled("cu", True)
        with pytest.raises(LastEditor):  # the other editor is locked out: this one is the last
            store.set_account_role("bientap", Role.READER)
        with pytest.raises(LastEditor):
            store.set_account_disabled("bientap", True)


def make_v10(url: str) -> None:
    """A tracker as the release before migration 11 left it: a document, accounts with units (the
    reminders' column), the accounts table refusing any role but reader and editor, no units."""
    with open_store(url) as store:
        store.ingest(corpus_record(SEED_000), "000.txt")
        store.save_account("truongphong", "scrypt$1$8$1$c2FsdA==$a2V5", Role.EDITOR)
        store.save_account("lan", "scrypt$1$8$1$c2FsdA==$a2V6", Role.READER)
        store.save_account("minh", "scrypt$1$8$1$c2FsdA==$a2V7", Role.READER)
        store.set_account_unit("lan", "Phòng Kinh tế")
        store.set_account_unit("minh", "phong kinh te")
        store.set_account_email("lan", "lan@example.vn")
    old_users = """CREATE TABLE web_users (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('reader', 'editor')), created_at TEXT NOT NULL, email TEXT, unit TEXT)"""
    if url.startswith("sqlite"):
        execute(
            url,
            [
                "CREATE TABLE web_users_10 AS SELECT name, password_hash, role, created_at, email, unit FROM web_users",
                "DROP TABLE web_users",
                old_users,
                "INSERT INTO web_users SELECT * FROM web_users_10",
                "DROP TABLE web_users_10",
                "DROP TABLE units",
                "DELETE FROM schema_migrations WHERE version = 11",
            ],
        )
    else:
        execute(
            url,
            [
                "ALTER TABLE web_users DROP CONSTRAINT web_users_role_check",
                "ALTER TABLE web_users ADD CONSTRAINT web_users_role_check CHECK (role IN ('reader', 'editor'))",
                "ALTER TABLE web_users DROP COLUMN disabled_at",
                "DROP TABLE units",
                "DELETE FROM schema_migrations WHERE version = 11",
            ],
        )


def test_migration_11_carries_a_v10_tracker_forward(store_url: str) -> None:
    make_v10(store_url)
    with pytest.raises(Exception, match="(?i)check"):  # the v10 table indeed refuses an admin
        execute(store_url, ["UPDATE web_users SET role = 'admin' WHERE name = 'lan'"])
    with open_store(store_url) as store:
        assert version(store) == 11
        assert [(a.name, a.role.value, a.password_hash, a.unit, a.email, a.disabled_at) for a in store.accounts()] == [
            ("lan", "reader", "scrypt$1$8$1$c2FsdA==$a2V6", "Phòng Kinh tế", "lan@example.vn", None),
            ("minh", "reader", "scrypt$1$8$1$c2FsdA==$a2V7", "phong kinh te", None, None),
            ("truongphong", "editor", "scrypt$1$8$1$c2FsdA==$a2V5", None, None, None),
        ]
        # the units the accounts named became rows, one per unit whatever its spelling
        assert [(u.name, u.parent_id) for u in store.units()] == [("Phòng Kinh tế", None)]
        assert len(store.obligations()) == 4
        assert store.set_account_role("truongphong", Role.ADMIN).role is Role.ADMIN
        assert store.set_account_disabled("minh", True).disabled_at is not None
    with open_store(store_url) as store:  # reopened: nothing left to do, nothing lost
        assert version(store) == 11 and store.account("truongphong").role is Role.ADMIN  # type: ignore[union-attr]
        assert len(store.units()) == 1


def test_migration_11_reruns_without_loss(store_url: str) -> None:
    """A tracker restored to an older version after migration 11 ran runs it again: nothing twice."""
    with open_store(store_url) as store:
        store.save_account("quantri", "h", Role.ADMIN)
        store.set_account_unit("quantri", "Văn phòng")
        store.add_unit("Phòng 1")
        store.set_account_disabled(
            store.save_account("cu", "h", Role.READER).name, True
        )
    execute(store_url, ["DELETE FROM schema_migrations WHERE version = 11"])
    with open_store(store_url) as store:
        assert version(store) == 11
        assert {a.name: (a.role.value, a.active) for a in store.accounts()} == {
            "quantri": ("admin", True),
            "cu": ("reader", False),
        }
        assert [u.name for u in store.units()] == ["Phòng 1", "Văn phòng"]
