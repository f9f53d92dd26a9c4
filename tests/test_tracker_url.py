"""open_tracker: the tracker URL parsed once, at the door, into engine, target and lock base."""

from __future__ import annotations

from pathlib import Path

import pytest

from congvan.tracker import Engine, open_store, open_tracker


def test_a_sqlite_url_names_the_file_and_keeps_its_locks_beside_it(tmp_path: Path) -> None:
    tracker = open_tracker(f"sqlite:///{tmp_path / 'office' / 'congvan.db'}")
    assert tracker.engine is Engine.SQLITE and tracker.target == str(tmp_path / "office" / "congvan.db")
    assert tracker.lock_base == tmp_path / "office" / "congvan.db"
    assert open_tracker(tracker) is tracker  # parsed once: a parsed tracker passes through
    with open_store(tracker) as store:
        assert not store.has_document("0" * 64)
    assert (tmp_path / "office" / "congvan.db").is_file()


def test_a_relative_sqlite_path_locks_by_its_absolute_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    tracker = open_tracker("sqlite:///congvan.db")
    assert tracker.target == "congvan.db" and tracker.lock_base == tmp_path / "congvan.db"


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_locks_in_the_state_directory(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONGVAN_STATE_DIR", str(tmp_path))
    tracker = open_tracker(url)
    assert tracker.target == ":memory:" and tracker.lock_base.parent == tmp_path / "congvan"


@pytest.mark.parametrize(
    ("url", "dsn"),
    [
        pytest.param("postgresql://congvan@db:5432/office", "postgresql://congvan@db:5432/office", id="plain"),
        pytest.param("postgres://congvan@db/office", "postgresql://congvan@db/office", id="short-scheme"),
        pytest.param("postgresql+psycopg://congvan@db/office", "postgresql://congvan@db/office", id="driver"),
    ],
)
def test_a_postgres_url_becomes_a_libpq_dsn_with_locks_named_by_the_url(
    url: str, dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONGVAN_STATE_DIR", str(tmp_path))
    tracker = open_tracker(url)
    assert tracker.engine is Engine.POSTGRES and tracker.target == dsn
    assert tracker.lock_base.parent == tmp_path / "congvan" and tracker.lock_base.name.startswith("db-")
    assert open_tracker(url).lock_base == tracker.lock_base  # two processes on one database share locks


def test_the_default_is_congvan_db_unless_the_environment_names_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONGVAN_DB", raising=False)
    assert open_tracker(None).url == "sqlite:///congvan.db"
    monkeypatch.setenv("CONGVAN_DB", f"sqlite:///{tmp_path / 'x.db'}")
    assert open_tracker(None).target == str(tmp_path / "x.db")


@pytest.mark.parametrize("url", ["mysql://x", "sqlite:relative.db", "sqlite:///", "congvan.db"])
def test_a_url_no_engine_takes_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="URL"):
        open_tracker(url)
