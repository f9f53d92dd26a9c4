"""The web page's tables in the tracker: accounts, settings (the session key) and failed sign-ins.

The SQL is portable between SQLite and PostgreSQL, so both engines share it; migration 4 creates
the tables (`IF NOT EXISTS` because trackers used by the web before that migration already have
them: the web created them itself, and their rows must carry over as they are); the "account
contacts" migration adds the accounts' e-mail and unit for the reminder digests.
"""

from __future__ import annotations

from congvan.tracker.api import Account, LastEditor, Role, SigninFailures, SigninRule, UnknownAccount
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

# Migration "account contacts" (5 when written): who gets the reminder digest, and of which unit's
# obligations. Plain nullable columns, so every existing account carries over with neither.
ACCOUNT_CONTACTS = (
    "ALTER TABLE web_users ADD COLUMN email TEXT",
    "ALTER TABLE web_users ADD COLUMN unit TEXT",
)

ACCOUNT_COLUMNS = "name, role, password_hash, created_at, email, unit"


def account_from_row(row: Row) -> Account:
    return Account(
        name=row[0], role=Role(row[1]), password_hash=row[2], created_at=str(row[3]), email=row[4], unit=row[5]
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
            return self._existing_account(name)

    def set_account_role(self, name: str, role: Role) -> Account:
        with self._write():
            if Role(role) is not Role.EDITOR:
                self._keep_an_editor(self._existing_account(name))
            self._run("UPDATE web_users SET role = ? WHERE name = ?", (Role(role).value, name))
            return self._existing_account(name)

    def set_account_password(self, name: str, password_hash: str) -> Account:
        with self._write():
            self._existing_account(name)
            self._run("UPDATE web_users SET password_hash = ? WHERE name = ?", (password_hash, name))
            return self._existing_account(name)

    def remove_account(self, name: str) -> Account:
        with self._write():
            account = self._existing_account(name)
            self._keep_an_editor(account)
            self._run("DELETE FROM web_users WHERE name = ?", (name,))
            return account

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
        """Refuse to take the editor role from `leaving` when it is the last one (call in a write)."""
        if leaving.role is not Role.EDITOR:
            return
        if int(self._run("SELECT COUNT(*) FROM web_users WHERE role = 'editor'")[0][0]) <= 1:
            raise LastEditor(leaving.name)

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

    def clear_signin_failures(self, name: str, address: str) -> None:
        with self._write():
            self._run("DELETE FROM web_signin_failures WHERE name = ? AND address = ?", (name, address))

    def _forget_signin_failures(self, until: int) -> None:
        self._run("DELETE FROM web_signin_failures WHERE at <= ?", (until,))

    def _insert_signin_failure(self, name: str, address: str, at: int) -> None:
        self._run("INSERT INTO web_signin_failures (name, address, at) VALUES (?, ?, ?)", (name, address, at))
