"""Fixtures shared by the tracker tests: a store URL per engine (SQLite file, PostgreSQL schema) and
records extracted once from the corpus's text documents."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.run import process
from congvan.pipeline.settings import OcrMode, Settings
from congvan.schemas.record import Record
from congvan.tracker.api import Role, Store
from tests.corpus_halves import in_first

if TYPE_CHECKING:
    from congvan.web.users import User

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
ENGINES = ["sqlite", "postgresql"]


def pg_base_url() -> str:
    url = os.environ.get("CONGVAN_TEST_PG_URL")
    if not url:
        # `make test` starts the server; every storage test runs on both engines or fails
        pytest.fail('CONGVAN_TEST_PG_URL is not set: eval "$(bash scripts/start-postgres.sh)" (or `make test`)')
    return url


@contextmanager
def fresh_store_url(engine: str, tmp_dir: Path) -> Iterator[str]:
    """A fresh, empty tracker: a SQLite file, or a schema of its own on the PostgreSQL server."""
    if engine == "sqlite":
        yield f"sqlite:///{tmp_dir / 'tracker.db'}"
        return
    import psycopg

    base = pg_base_url()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")  # type: ignore[arg-type]
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]


@pytest.fixture(params=ENGINES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with fresh_store_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture(autouse=True)
def web_store_pools_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Close, after each test, the store pools of the web apps it made. An app driven by a bare
    TestClient never runs its lifespan, so its pool kept a connection per worker thread until the
    garbage collector came: over the whole suite PostgreSQL's 100 slots ran out ("remaining
    connection slots are reserved"). The pool is the real one; it is only remembered."""
    from congvan.web import app as web_app
    from congvan.web.stores import StorePool

    made: list[StorePool] = []

    class RememberedPool(StorePool):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(self)

    monkeypatch.setattr(web_app, "StorePool", RememberedPool)
    yield
    for pool in made:
        pool.close()


@cache
def password_hash(password: str) -> str:
    """The real scrypt hash of `password`, made once per session: it costs 0.5 s by design, and the
    web tests' fixtures made ~150 accounts with a handful of passwords, test after test."""
    from congvan.web.users import hash_password

    return hash_password(password)


def add_account(store: Store, name: str, password: str, role: Role) -> User:
    """`web.users.add_user` (the same checks, the store's own query) with the session's hash of the
    password: for fixtures. Signing in still checks the password against it with scrypt."""
    from congvan.web.users import User, check_name, check_password

    return User.of(store.save_account(check_name(name), password_hash(check_password(password)), role))


@cache
def corpus_record(name: str) -> Record:
    """The record of one corpus document, extracted without OCR (scans become needs_ocr records)."""
    result = process(DocumentInput(CORPUS / name), Settings(ocr=OcrMode.NEVER))
    assert result.record is not None, f"{name}: {result.reason}"
    return result.record


# the first corpus's text documents (corpus-real-2's are scored by `congvan eval`, not held here)
TEXT_DOCS = sorted(p.name for p in CORPUS.glob("*.txt") if in_first(p.name))
SEED_000 = "000_e566c0ecd86c5a3b.txt"
SEED_000_DOCX = "000_e566c0ecd86c5a3b-docx.docx"
SEED_001 = "001_d3ba48757fc946ed.txt"
DOC_039 = "039.txt"
