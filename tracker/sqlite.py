"""The SQLite engine: one file, WAL, foreign keys on, FTS5 search.

It runs on the SQLite that the `apsw` package ships (3.5x), not on the one Python links (3.40 here):
releases before 3.51.3 can corrupt a WAL database when concurrent writers race a checkpoint, and
the watcher, the nightly run and the web page all write to the same file. Every write transaction
starts with BEGIN IMMEDIATE, so writers queue on the busy timeout instead of failing mid-way.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import apsw

from congvan.errors import TrackerReadOnly
from congvan.schemas.record import Record
from congvan.tracker.accounts import ACCOUNT_CONTACTS
from congvan.tracker.api import ObligationFilter, SearchHit
from congvan.tracker.arrivals import ARRIVAL_INDEX, ARRIVAL_TABLES, arrival_columns, number_existing
from congvan.tracker.assignment import MIGRATION_9_SQLITE, SQLITE_INDEXES_9, AssignmentQueries, sqlite_columns_9
from congvan.tracker.base import (
    ACTIVE_DUE_INDEX,
    WEB_SCHEMA,
    WEB_SESSIONS_SCHEMA,
    Row,
    apply_migrations,
    as_datetime,
    document_search_text,
    filter_sql,
    has_obligation_filters,
    hit_from_row,
    obligation_search_text,
)
from congvan.tracker.search_text import Query, fts5_match, fts5_phrase, index_strings, parse_query
from congvan.tracker.units import UNITS_SQLITE, sqlite_web_users_11, units_from_accounts

MIN_SQLITE = (3, 51, 3)
BUSY_TIMEOUT_MS = 60_000
CANDIDATES = 2000  # newest matches ranked per query (see search)

SCHEMA_V1 = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    original_path TEXT NOT NULL,
    number TEXT,
    number_key TEXT,
    issuer TEXT,
    issuer_key TEXT,
    document_type TEXT NOT NULL,
    issued_date TEXT,
    issued_year INTEGER,
    subject TEXT,
    extractor_version TEXT,
    status TEXT NOT NULL,
    duplicate_of INTEGER REFERENCES documents(id),
    record TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_number_key ON documents(number_key, issuer_key);
CREATE TABLE obligations (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    assignees TEXT NOT NULL DEFAULT '[]',
    lead TEXT NOT NULL DEFAULT '[]',
    supporting TEXT NOT NULL DEFAULT '[]',
    assignees_key TEXT NOT NULL DEFAULT '',
    due TEXT,
    due_time TEXT,
    due_text TEXT,
    recurrence TEXT,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX obligations_document ON obligations(document_id);
CREATE INDEX obligations_due ON obligations(due);
CREATE INDEX obligations_status_due ON obligations(status, due);
CREATE TABLE status_history (
    id INTEGER PRIMARY KEY,
    obligation_id INTEGER NOT NULL REFERENCES obligations(id),
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
    who TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT
);
CREATE INDEX status_history_obligation ON status_history(obligation_id);
CREATE TRIGGER status_history_no_update BEFORE UPDATE ON status_history
BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END;
CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history
BEGIN SELECT RAISE(ABORT, 'status_history is append-only'); END;
"""

# Contentless: the words live in the tables above; rowid = 2*id for obligations, 2*id+1 for documents.
SCHEMA_V2 = """
CREATE VIRTUAL TABLE search_index USING fts5(
    exact, folded, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0'
);
"""

KIND_OFFSET = {"obligation": 0, "document": 1}


def create_private(path: str) -> None:
    """Create the database file readable by its owner only (0600), unless it exists. SQLite gives
    its -wal and -shm files the mode of the database file, so they are 0600 too. Not by umask:
    the umask is the whole process's, and other threads create files meanwhile."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def sqlite_version() -> tuple[int, ...]:
    return tuple(int(p) for p in apsw.sqlite_lib_version().split(".")[:3])


def check_writable(db: Path) -> None:
    """Refuse a database that cannot be written, before SQLite opens it: opened read-only, SQLite
    creates its `-shm` with the database's mode (0444), and that file keeps the database read-only
    after the database's own permissions are fixed. A `-wal`/`-shm` left unwritable by such a run
    is given the database's mode again when we own it. Raises TrackerReadOnly."""
    journal_files = [db.with_name(db.name + s) for s in ("-wal", "-shm")]
    if db.exists():
        _probe_write(db)
        mode = db.stat().st_mode & 0o666
        for extra in journal_files:
            if extra.exists() and not _writable(extra):
                with contextlib.suppress(OSError):
                    os.chmod(extra, mode)
                _probe_write(extra)
    if not all(f.exists() for f in journal_files) and not os.access(db.parent, os.W_OK | os.X_OK):
        raise TrackerReadOnly(
            f"không ghi được vào thư mục của cơ sở dữ liệu {db.parent} / the tracker's folder "
            f"{db.parent} is not writable (SQLite needs its -wal and -shm files there)"
        )


# Asked with access(2), never by opening the file: closing any descriptor of a database file
# drops every POSIX lock this process holds on it, so a probe beside an open connection (the web
# server's pool, a test's second store) would break that connection's locks ("disk I/O error").
# access(2) also says no for a read-only mount (EROFS) and an immutable file (EPERM), as root too.


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _probe_write(path: Path) -> None:
    if not _writable(path):
        raise TrackerReadOnly(
            f"cơ sở dữ liệu chỉ đọc, không ghi được: {path} / the tracker database "
            f"{path} is read-only: fix its permissions (chmod u+w) or the mount, then start again"
        )


def rowid(kind: str, row_id: int) -> int:
    return 2 * row_id + KIND_OFFSET[kind]


class SqliteStore(AssignmentQueries):
    def __init__(self, path: str) -> None:
        """`path`: the database file, or ":memory:" (tracker/url.py parses the URL)."""
        if sqlite_version() < MIN_SQLITE:
            raise RuntimeError(f"SQLite {apsw.sqlite_lib_version()} is older than 3.51.3 (WAL-reset bug)")
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            check_writable(Path(path))
            create_private(path)
        self.path = path
        self._conn = apsw.Connection(path)
        self._conn.setbusytimeout(BUSY_TIMEOUT_MS)
        self._depth = 0
        # apsw's stub wants a variadic callback; density_rank takes the API object only
        self._conn.register_fts5_function("congvan_rank", density_rank)  # type: ignore[arg-type]
        self._enter_wal()
        self._run("PRAGMA foreign_keys = ON")
        self._run("PRAGMA synchronous = NORMAL")  # durable at checkpoints; WAL keeps it consistent
        migrate(self)

    def _enter_wal(self) -> None:
        # Switching a new file to WAL takes an exclusive lock from a shared one; when several processes
        # open a fresh tracker at once SQLite answers BUSY at once instead of calling the busy handler
        # (it would deadlock otherwise), so the wait is ours: back off and ask again, within the same
        # bound the busy handler keeps for every other statement.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.005
        while True:
            try:
                self._run("PRAGMA journal_mode = WAL")
                return
            except apsw.BusyError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.2)

    # ---- engine hooks -------------------------------------------------------------------------
    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self._conn.execute(sql, tuple(params)))

    @contextmanager
    def _write(self) -> Iterator[None]:
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._run("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._run("ROLLBACK")
            raise
        self._depth = 0
        try:
            self._run("COMMIT")
        except BaseException:
            # A COMMIT that fails (SQLITE_FULL on a full disk) leaves the transaction open, and every
            # later BEGIN would fail on this connection for good: end it, and let the caller retry.
            if not self._conn.getautocommit():
                with contextlib.suppress(apsw.Error):
                    self._run("ROLLBACK")
            raise

    def _index(self, kind: str, row_id: int, text: str, *, replace: bool = True) -> None:
        exact, folded = index_strings(text)
        rid = rowid(kind, row_id)
        if replace:
            self._run("DELETE FROM search_index WHERE rowid = ?", (rid,))
        self._run("INSERT INTO search_index (rowid, exact, folded) VALUES (?, ?, ?)", (rid, exact, folded))

    def _unindex(self, kind: str, row_id: int) -> None:
        self._run("DELETE FROM search_index WHERE rowid = ?", (rowid(kind, row_id),))

    def close(self) -> None:
        # Keep the planner's statistics current (SQLite's advice for every connection that wrote):
        # without them it sorts half a million overdue rows instead of walking the due index.
        # analysis_limit bounds the cost on a large file to a sample.
        with contextlib.suppress(apsw.Error):  # a read-only or busy file: the next writer does it
            self._conn.execute("PRAGMA analysis_limit=1000; PRAGMA optimize;")
        self._conn.close()

    # ---- search -------------------------------------------------------------------------------
    def search(
        self, query: str, flt: ObligationFilter | None = None, *, candidates: int = CANDIDATES
    ) -> list[SearchHit]:
        flt = flt or ObligationFilter()
        q = parse_query(query)
        if q.empty:
            return []
        o_where, o_params = filter_sql(flt)
        d_where, d_params = filter_sql(flt, obligations=False)
        folded_match = fts5_match(fold_only(q))

        # Candidates: the newest CANDIDATES matches of each kind that pass the filters, ranked by match
        # density among themselves. This bounds the work of a common two-word query on a million rows.
        def newest(kind_sql: str, joins: str, where: list[str]) -> str:
            return (
                "SELECT * FROM (SELECT search_index.rowid AS rid, congvan_rank(search_index) AS score "
                f"FROM search_index {joins} WHERE search_index MATCH ? AND search_index.rowid % 2 = {kind_sql}"
                + "".join(f" AND {w}" for w in where)
                + " ORDER BY search_index.rowid DESC LIMIT ?)"
            )

        params: list[Any]
        if not (o_where or d_where):
            # No filter: one index scan serves both kinds (duplicates are never indexed).
            cand = [
                "SELECT * FROM (SELECT rowid AS rid, congvan_rank(search_index) AS score FROM search_index "
                "WHERE search_index MATCH ? ORDER BY rowid DESC LIMIT ?)"
            ]
            params = [folded_match, 2 * candidates]
        else:
            cand = [
                newest(
                    "0",
                    "CROSS JOIN obligations o ON o.id = search_index.rowid / 2 "
                    "CROSS JOIN documents d ON d.id = o.document_id",
                    o_where,
                )
            ]
            params = [folded_match, *o_params, candidates]
            if not has_obligation_filters(flt):
                cand.append(
                    newest(
                        "1",
                        "CROSS JOIN documents d ON d.id = (search_index.rowid - 1) / 2",
                        ["d.duplicate_of IS NULL", *d_where],
                    )
                )
                params += [folded_match, *d_params, candidates]
        # Tiers before density: the words with their marks as typed, then the whole query as one phrase;
        # looked up only over the candidates' rowid range.
        lookup = (
            "(s.rid IN (SELECT rowid FROM search_index WHERE search_index MATCH ? "
            "AND rowid >= (SELECT MIN(rid) FROM s)))"
        )
        tier_params: list[Any] = []
        exact_sql = phrase_sql = "0"
        if q.has_diacritics:
            exact_sql = lookup
            tier_params.append("exact : (" + " AND ".join(fts5_phrase(p) for p in q.exact) + ")")
        if len(q.all_folded_tokens) > 1:
            phrase_sql = lookup
            tier_params.append("folded : " + fts5_phrase(tuple(q.all_folded_tokens)))
        # Rank the candidates first, then join only the page shown.
        sql = (
            "WITH s AS MATERIALIZED (" + " UNION ALL ".join(cand) + "), "
            f"top AS MATERIALIZED (SELECT s.rid, s.score, {exact_sql} AS exact_hit, {phrase_sql} AS phrase_hit "
            "FROM s ORDER BY exact_hit DESC, phrase_hit DESC, s.score, s.rid DESC LIMIT ? OFFSET ?) "
            "SELECT CASE t.rid % 2 WHEN 0 THEN 'obligation' ELSE 'document' END, "
            "COALESCE(o.id, d.id), d.id, COALESCE(o.text, d.subject), COALESCE(o.assignees, d.issuer), "
            "d.number, d.subject, t.exact_hit, t.phrase_hit, t.score "
            "FROM top t LEFT JOIN obligations o ON t.rid % 2 = 0 AND o.id = t.rid / 2 "
            "JOIN documents d ON d.id = CASE t.rid % 2 WHEN 0 THEN o.document_id ELSE (t.rid - 1) / 2 END "
            "ORDER BY t.exact_hit DESC, t.phrase_hit DESC, t.score, t.rid DESC"
        )
        rows = self._run(sql, [*params, *tier_params, flt.limit, flt.offset])
        return [hit_from_row(r, q) for r in rows]


def density_rank(api: apsw.FTS5ExtensionApi) -> float:
    """Lower is better, like bm25: matched words per word of the row's folded text.

    Every candidate contains every query word (AND), so bm25's IDF factor is the same for all of
    them; leaving it out spares the full doclist scans FTS5 makes to count rows per word, which
    cost ~50 ms per common two-word query on a million obligations.
    """
    return -api.inst_count / (api.column_size(1) + 8.0)


def fold_only(q: Query) -> Query:
    """The folded half of a query (exact matches are ranked by a separate lookup)."""
    return Query(q.folded, q.folded)


# ---- migrations ---------------------------------------------------------------------------------
# Append-only, as status_history: the record of what clerks fixed is the gold they made.
CORRECTIONS_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS corrections (
        id INTEGER PRIMARY KEY,
        document_id BIGINT NOT NULL REFERENCES documents(id),
        obligation_id BIGINT,
        field TEXT NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        who TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS corrections_document ON corrections(document_id)",
    "CREATE INDEX IF NOT EXISTS corrections_field ON corrections(field)",
    """CREATE TRIGGER IF NOT EXISTS corrections_no_update BEFORE UPDATE ON corrections
    BEGIN SELECT RAISE(ABORT, 'corrections is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS corrections_no_delete BEFORE DELETE ON corrections
    BEGIN SELECT RAISE(ABORT, 'corrections is append-only'); END""",
]


def _v1(store: SqliteStore) -> None:
    for statement in split_sql(SCHEMA_V1):
        store._run(statement)


def _v2(store: SqliteStore) -> None:
    store._run(SCHEMA_V2)
    # Rows stored by a v1 tracker get indexed from their records.
    for doc_id, record_json, dup in store._run("SELECT id, record, duplicate_of FROM documents"):
        record = Record.model_validate(json.loads(record_json))
        if dup is None:
            store._index("document", int(doc_id), document_search_text(record))
        for oid, pos in store._run("SELECT id, position FROM obligations WHERE document_id = ?", (doc_id,)):
            if 0 <= pos < len(record.tasks):
                store._index("obligation", int(oid), obligation_search_text(record.tasks[pos], record.number))


def _v3(store: SqliteStore) -> None:
    # the overdue and active lists read obligations in due order from this index (1M rows: no sort)
    store._run(ACTIVE_DUE_INDEX)
    store._run("ANALYZE")


def _v4(store: SqliteStore) -> None:
    for statement in WEB_SCHEMA:  # the web page's tables (IF NOT EXISTS: the web made them before v4)
        store._run(statement)


def _v5_account_contacts(store: SqliteStore) -> None:
    # the reminder digests: an account's e-mail address and unit (tracker/accounts.py)
    for statement in ACCOUNT_CONTACTS:
        store._run(statement)


def _v6_sessions(store: SqliteStore) -> None:
    for statement in WEB_SESSIONS_SCHEMA:  # server-side sessions; the cookie key leaves the database
        store._run(statement)


def _v7_soft_delete(store: SqliteStore) -> None:
    # soft delete (delete_document): a document stored by mistake leaves the lists, its row stays
    have = {str(r[1]) for r in store._run("PRAGMA table_info(documents)")}
    for column in ("deleted_at", "deleted_by"):
        if column not in have:  # a rerun (a tracker restored to v4 after the columns came) adds none twice
            store._run(f"ALTER TABLE documents ADD COLUMN {column} TEXT")


def _v8_arrival(store: SqliteStore) -> None:
    # the arrival register (tracker/arrivals.py): documents already stored are numbered in ingest order
    for statement in ARRIVAL_TABLES:
        store._run(statement)
    have = {str(r[1]) for r in store._run("PRAGMA table_info(documents)")}
    for column, kind in arrival_columns("TEXT"):
        if column not in have:  # a rerun (a tracker restored to an older version) adds none twice
            store._run(f"ALTER TABLE documents ADD COLUMN {column} {kind}")
    store._run(ARRIVAL_INDEX)
    number_existing(store._run, as_datetime)


def _v9_assignment(store: SqliteStore) -> None:
    # issue 17: documents sent (direction), a leader's direction on obligations (assignment_history,
    # assigned_at) and the reply proposing one done (proposed_done_by); tracker/assignment.py
    have = {t: {str(r[1]) for r in store._run(f"PRAGMA table_info({t})")} for t in ("documents", "obligations")}
    for statement in [*sqlite_columns_9(have), *MIGRATION_9_SQLITE, *SQLITE_INDEXES_9]:
        store._run(statement)


def _v10_corrections(store: SqliteStore) -> None:
    # a clerk's fixes of extracted values (tracker/corrections.py): who, when, before, after
    for statement in CORRECTIONS_SCHEMA:
        store._run(statement)


def _v11_administration(store: SqliteStore) -> None:
    # the office administration page (tracker/units.py): the admin role, disabled accounts, units
    table_sql = str(store._run("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'web_users'")[0][0])
    for statement in [*sqlite_web_users_11(table_sql), UNITS_SQLITE]:
        store._run(statement)
    units_from_accounts(store._run)


MIGRATIONS: list[tuple[int, Callable[[SqliteStore], None]]] = [
    (1, _v1),
    (2, _v2),
    (3, _v3),
    (4, _v4),
    (5, _v5_account_contacts),
    (6, _v6_sessions),
    (7, _v7_soft_delete),
    (8, _v8_arrival),
    (9, _v9_assignment),
    (10, _v10_corrections),
    (11, _v11_administration),
]
LATEST = MIGRATIONS[-1][0]


def split_sql(script: str) -> list[str]:
    """Statements of a schema script; trigger bodies (BEGIN … END;) stay whole."""
    out: list[str] = []
    current: list[str] = []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        in_trigger = joined.upper().startswith("CREATE TRIGGER") and not joined.upper().endswith("END;")
        if joined.endswith(";") and not in_trigger:
            out.append(joined)
            current = []
    if "\n".join(current).strip():
        out.append("\n".join(current).strip())
    return out


def schema_version(store: SqliteStore) -> int:
    rows = store._run("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    if not rows:
        return 0
    return int(store._run("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0])


def migrate(store: SqliteStore) -> None:
    apply_migrations(store, MIGRATIONS, schema_version, "TEXT")
