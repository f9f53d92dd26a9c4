"""The web page's tables in the tracker: accounts, settings, signed-in sessions and failed sign-ins.

The SQL is portable between SQLite and PostgreSQL, so both engines share it; migration 4 creates
the first tables. `IF NOT EXISTS` because trackers used by the web before that migration already
have them (the web created them itself), and their rows must carry over as they are. Migration 5
adds the accounts' e-mail and unit for the reminder digests; migration 6 adds the sessions and
takes the cookie-signing key out of the database (web/keys.py keeps it in a file of its own now:
a copy of the database must not let anyone sign cookies).

A session row is keyed by a digest of the id the cookie carries, so the database does not hold
live session ids either. Every change to an account (password, role, removal) ends its sessions
in the same transaction.
"""

from __future__ import annotations

from congvan.tracker.api import (
    EDITING_ROLES,
    Account,
    LastAdmin,
    LastEditor,
    Role,
    SigninFailures,
    SigninRule,
    UnknownAccount,
    WebSession,
)
from congvan.tracker.sql import Row, SqlHooks, now_utc

WEB_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS web_users (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reader', 'editor')),
    created_at TEXT NOT NULL
)""",
    "CREATE TABLE IF NOT EXISTS web_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS web_signin_failures (
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    at BIGINT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS web_signin_failures_name ON web_signin_failures (name, at)",
    "CREATE INDEX IF NOT EXISTS web_signin_failures_address ON web_signin_failures (address, at)",
)

# Migration 5 (account contacts): who gets the reminder digest, and of which unit's
# obligations. Plain nullable columns, so every existing account carries over with neither.
ACCOUNT_CONTACTS = (
    "ALTER TABLE web_users ADD COLUMN email TEXT",
    "ALTER TABLE web_users ADD COLUMN unit TEXT",
)

WEB_SESSIONS_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS web_sessions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL
)""",
    "CREATE INDEX IF NOT EXISTS web_sessions_name ON web_sessions (name)",
    # the key the web kept here before v6 (web/users.SESSION_SECRET): it now lives in a file
    "DELETE FROM web_settings WHERE key = 'session_secret'",
)

ACCOUNT_COLUMNS = "name, role, password_hash, created_at, email, unit, disabled_at"
ACTIVE_EDITORS = "SELECT COUNT(*) FROM web_users WHERE role IN ('editor', 'admin') AND disabled_at IS NULL"
ACTIVE_ADMINS = "SELECT COUNT(*) FROM web_users WHERE role = 'admin' AND disabled_at IS NULL"


def account_from_row(row: Row) -> Account:
    return Account(
        name=row[0],
        role=Role(row[1]),
        password_hash=row[2],
        created_at=str(row[3]),
        email=row[4],
        unit=row[5],
        disabled_at=str(row[6]) if row[6] is not None else None,
    )


class AccountQueries(SqlHooks):
    """Accounts, settings and sign-in failures over the engine's two hooks."""

    # ---- accounts -----------------------------------------------------------------------------
    def account(self, name: str) -> Account | None:
        rows = self._run(f"SELECT {ACCOUNT_COLUMNS} FROM web_users WHERE name = ?", (name,))
        return account_from_row(rows[0]) if rows else None

    def accounts(self) -> list[Account]:
        return [
            account_from_row(r) for r in self._run(f"SELECT {ACCOUNT_COLUMNS} FROM web_users ORDER BY name")
        ]

    def save_account(self, name: str, password_hash: str, role: Role) -> Account:
        with self._write():
            if self.account(name) is None:
                self._run(
                    "INSERT INTO web_users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                    (name, password_hash, Role(role).value, now_utc()),
                )
            else:
                self._run(
                    "UPDATE web_users SET password_hash = ?, role = ? WHERE name = ?",
                    (password_hash, Role(role).value, name),
                )
                self.end_sessions(name)
            return self._existing_account(name)

    def set_account_role(self, name: str, role: Role) -> Account:
        with self._write():
            account = self._existing_account(name)
            if Role(role) is not Role.ADMIN:
                self._keep_an_admin(account)
            if Role(role) not in EDITING_ROLES:
                self._keep_an_editor(account)
            if account.role is not Role(role):
                self._run("UPDATE web_users SET role = ? WHERE name = ?", (Role(role).value, name))
                self.end_sessions(name)
            return self._existing_account(name)

    def set_account_password(self, name: str, password_hash: str) -> Account:
        with self._write():
            self._existing_account(name)
            self._run("UPDATE web_users SET password_hash = ? WHERE name = ?", (password_hash, name))
            self.end_sessions(name)
            return self._existing_account(name)

    def remove_account(self, name: str) -> Account:
        with self._write():
            account = self._existing_account(name)
            self._keep_an_admin(account)
            self._keep_an_editor(account)
            self._run("DELETE FROM web_users WHERE name = ?", (name,))
            self.end_sessions(name)
            return account

    def set_account_disabled(self, name: str, disabled: bool) -> Account:
        with self._write():
            account = self._existing_account(name)
            if disabled and account.active:
                self._keep_an_admin(account)
                self._keep_an_editor(account)
                self._run("UPDATE web_users SET disabled_at = ? WHERE name = ?", (now_utc(), name))
                self.end_sessions(name)
            elif not disabled and not account.active:
                self._run("UPDATE web_users SET disabled_at = NULL WHERE name = ?", (name,))
            return self._existing_account(name)

    def set_account_email(self, name: str, email: str | None) -> Account:
        with self._write():
            self._existing_account(name)
            self._run("UPDATE web_users SET email = ? WHERE name = ?", (email or None, name))
            return self._existing_account(name)

    def set_account_unit(self, name: str, unit: str | None) -> Account:
        with self._write():
            self._existing_account(name)
            self._run("UPDATE web_users SET unit = ? WHERE name = ?", (unit or None, name))
            return self._existing_account(name)

    def _existing_account(self, name: str) -> Account:
        account = self.account(name)
        if account is None:
            raise UnknownAccount(name)
        return account

    def _keep_an_editor(self, leaving: Account) -> None:
        """Refuse to take the right to change anything from `leaving` when it is the last active
        account that has it (an editor or an admin; call in a write)."""
        if leaving.role not in EDITING_ROLES or not leaving.active:
            return
        if int(self._run(ACTIVE_EDITORS)[0][0]) <= 1:
            raise LastEditor(leaving.name)

    def _keep_an_admin(self, leaving: Account) -> None:
        """The same for the admin role: a tracker that has an admin keeps one (trackers that never
        had one are managed from the command line, as before; call in a write)."""
        if leaving.role is not Role.ADMIN or not leaving.active:
            return
        if int(self._run(ACTIVE_ADMINS)[0][0]) <= 1:
            raise LastAdmin(leaving.name)

    # ---- settings -----------------------------------------------------------------------------
    def setting(self, key: str) -> str | None:
        rows = self._run("SELECT value FROM web_settings WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def ensure_setting(self, key: str, value: str) -> str:
        with self._write():
            stored = self.setting(key)
            if stored is not None:
                return stored
            self._run("INSERT INTO web_settings (key, value) VALUES (?, ?)", (key, value))
            return value

    # ---- signed-in sessions -------------------------------------------------------------------
    def open_session(self, session_id: str, name: str, now: int, stale_before: int) -> None:
        with self._write():
            self._run("DELETE FROM web_sessions WHERE seen_at < ?", (stale_before,))
            self._run(
                "INSERT INTO web_sessions (id, name, created_at, seen_at) VALUES (?, ?, ?, ?)",
                (session_id, name, now, now),
            )

    def web_session(self, session_id: str) -> WebSession | None:
        rows = self._run("SELECT id, name, created_at, seen_at FROM web_sessions WHERE id = ?", (session_id,))
        if not rows:
            return None
        return WebSession(str(rows[0][0]), str(rows[0][1]), int(rows[0][2]), int(rows[0][3]))

    def touch_session(self, session_id: str, now: int) -> None:
        with self._write():
            self._run("UPDATE web_sessions SET seen_at = ? WHERE id = ?", (now, session_id))

    def end_session(self, session_id: str) -> None:
        with self._write():
            self._run("DELETE FROM web_sessions WHERE id = ?", (session_id,))

    def end_sessions(self, name: str | None = None) -> int:
        with self._write():
            where, params = ("WHERE name = ?", (name,)) if name is not None else ("", ())
            count = int(self._run(f"SELECT COUNT(*) FROM web_sessions {where}", params)[0][0])
            self._run(f"DELETE FROM web_sessions {where}", params)
            return count

    # ---- sign-in throttling -------------------------------------------------------------------
    def signin_failures(self, name: str, address: str, since: int) -> SigninFailures:
        def times(where: str, values: tuple[str, ...]) -> tuple[int, ...]:
            sql = f"SELECT at FROM web_signin_failures WHERE {where} AND at > ? ORDER BY at"
            return tuple(int(r[0]) for r in self._run(sql, (*values, since)))

        return SigninFailures(
            name_address=times("name = ? AND address = ?", (name, address)),
            name=times("name = ?", (name,)),
            address=times("address = ?", (address,)),
        )

    def reserve_signin(
        self, name: str, address: str, now: int, window_s: int, rule: SigninRule
    ) -> int | None:
        with self._write():
            self._forget_signin_failures(now - window_s)
            wait = rule(self.signin_failures(name, address, now - window_s))
            if wait is None:
                self._insert_signin_failure(name, address, now)
            return wait

    def add_signin_failure(self, name: str, address: str, now: int, window_s: int) -> None:
        with self._write():
            self._forget_signin_failures(now - window_s)
            self._insert_signin_failure(name, address, now)

    def clear_signin_failures(self, name: str, address: str | None = None) -> int:
        with self._write():
            where, params = ("name = ?", (name,)) if address is None else ("name = ? AND address = ?", (name, address))
            count = int(self._run(f"SELECT COUNT(*) FROM web_signin_failures WHERE {where}", params)[0][0])
            self._run(f"DELETE FROM web_signin_failures WHERE {where}", params)
            return count

    def _forget_signin_failures(self, until: int) -> None:
        self._run("DELETE FROM web_signin_failures WHERE at <= ?", (until,))

    def _insert_signin_failure(self, name: str, address: str, at: int) -> None:
        self._run("INSERT INTO web_signin_failures (name, address, at) VALUES (?, ?, ?)", (name, address, at))
