"""Local user accounts of the web page, in the tracker's own database.

The table is created the way the store creates its own (plain SQL through the store's connection,
inside its write transaction) but outside the store's numbered migrations, so the tracker schema
and the web page's accounts evolve independently; the SQL is portable between SQLite and
PostgreSQL. Passwords are hashed with scrypt (stdlib, memory-hard; OWASP's n=2^17, r=8, p=1).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum

from congvan.tracker.base import SqlStore, now_utc

SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_MAXMEM = 256 * 2**20
MIN_PASSWORD = 8

USERS_TABLE = """CREATE TABLE IF NOT EXISTS web_users (
    name TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('reader', 'editor')),
    created_at TEXT NOT NULL
)"""
SETTINGS_TABLE = "CREATE TABLE IF NOT EXISTS web_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


class Role(StrEnum):
    READER = "reader"  # sees everything, changes nothing
    EDITOR = "editor"  # also changes statuses and uploads documents


@dataclass(frozen=True)
class User:
    name: str
    role: Role

    @property
    def can_edit(self) -> bool:
        return self.role is Role.EDITOR


class UserError(ValueError):
    """A name or password that cannot be used."""


def ensure_tables(store: SqlStore) -> None:
    with store._write():
        store._run(USERS_TABLE)
        store._run(SETTINGS_TABLE)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=SCRYPT_MAXMEM, dklen=32
    )
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(key).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        got = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=SCRYPT_MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


# A hash of nothing anybody knows: checked when the name is unknown, so a wrong name costs the
# same time as a wrong password and the sign-in page does not reveal which names exist.
_DECOY = hash_password(secrets.token_urlsafe(16))


def add_user(store: SqlStore, name: str, password: str, role: Role) -> User:
    name = name.strip()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise UserError("tên đăng nhập: 1–64 ký tự, không có khoảng trắng")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")
    ensure_tables(store)
    hashed = hash_password(password)
    with store._write():
        if store._run("SELECT 1 FROM web_users WHERE name = ?", (name,)):
            store._run(
                "UPDATE web_users SET password_hash = ?, role = ? WHERE name = ?", (hashed, role.value, name)
            )
        else:
            store._run(
                "INSERT INTO web_users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                (name, hashed, role.value, now_utc()),
            )
    return User(name, role)


def _editors(store: SqlStore) -> int:
    return int(store._run("SELECT COUNT(*) FROM web_users WHERE role = 'editor'")[0][0])


def remove_user(store: SqlStore, name: str) -> User:
    """Delete an account; its sessions end on their next request (security.current_user reads the
    account every time). The last editor stays: without one nobody can change anything."""
    ensure_tables(store)
    with store._write():
        user = get_user(store, name)
        if user is None:
            raise UserError(f"không có tài khoản {name}")
        if user.role is Role.EDITOR and _editors(store) <= 1:
            raise UserError(f"{name} là tài khoản biên tập cuối cùng: thêm một tài khoản biên tập trước")
        store._run("DELETE FROM web_users WHERE name = ?", (name,))
    return user


def set_role(store: SqlStore, name: str, role: Role) -> User:
    """Change an account's role; it applies to open sessions from their next request."""
    ensure_tables(store)
    with store._write():
        user = get_user(store, name)
        if user is None:
            raise UserError(f"không có tài khoản {name}")
        if user.role is Role.EDITOR and role is not Role.EDITOR and _editors(store) <= 1:
            raise UserError(f"{name} là tài khoản biên tập cuối cùng: thêm một tài khoản biên tập trước")
        store._run("UPDATE web_users SET role = ? WHERE name = ?", (role.value, name))
    return User(name, role)


def set_password(store: SqlStore, name: str, password: str) -> User:
    """A new password; sessions signed in with the old one end (see credential_stamp)."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")
    ensure_tables(store)
    hashed = hash_password(password)
    with store._write():
        user = get_user(store, name)
        if user is None:
            raise UserError(f"không có tài khoản {name}")
        store._run("UPDATE web_users SET password_hash = ? WHERE name = ?", (hashed, name))
    return user


def credential_stamp(store: SqlStore, name: str) -> str | None:
    """A short digest of the account's password hash, kept in its sessions: a session whose stamp
    no longer matches was opened with a password that has since been changed."""
    rows = store._run("SELECT password_hash FROM web_users WHERE name = ?", (name,))
    return _stamp(str(rows[0][0])) if rows else None


def _stamp(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def list_users(store: SqlStore) -> list[tuple[User, str]]:
    ensure_tables(store)
    rows = store._run("SELECT name, role, created_at FROM web_users ORDER BY name")
    return [(User(r[0], Role(r[1])), str(r[2])) for r in rows]


def get_user(store: SqlStore, name: str) -> User | None:
    rows = store._run("SELECT name, role FROM web_users WHERE name = ?", (name,))
    return User(rows[0][0], Role(rows[0][1])) if rows else None


def authenticate(store: SqlStore, name: str, password: str) -> User | None:
    rows = store._run("SELECT name, password_hash, role FROM web_users WHERE name = ?", (name.strip(),))
    if not rows:
        verify_password(password, _DECOY)
        return None
    if not verify_password(password, rows[0][1]):
        return None
    return User(rows[0][0], Role(rows[0][2]))


def session_secret(store: SqlStore) -> str:
    """The key that signs session cookies, made once and kept in the database, so every server
    process on this tracker accepts the same sessions and a restart does not sign everyone out."""
    ensure_tables(store)
    with store._write():
        rows = store._run("SELECT value FROM web_settings WHERE key = 'session_secret'")
        if rows:
            return str(rows[0][0])
        secret = secrets.token_urlsafe(48)
        store._run("INSERT INTO web_settings (key, value) VALUES ('session_secret', ?)", (secret,))
        return secret
