"""Local user accounts of the web page, kept by the tracker (its accounts and settings queries;
the tables come with its migrations). Here: the rules for names and passwords, and the hashing:
scrypt (stdlib, memory-hard; OWASP's n=2^17, r=8, p=1).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from congvan.tracker.api import EDITING_ROLES, Account, LastAdmin, LastEditor, Role, Store, UnknownAccount

SCRYPT_N = 2**17
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_MAXMEM = 256 * 2**20
MIN_PASSWORD = 8


@dataclass(frozen=True)
class User:
    name: str
    role: Role

    @property
    def can_edit(self) -> bool:
        return self.role in EDITING_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @classmethod
    def of(cls, account: Account) -> User:
        return cls(account.name, account.role)


class UserError(ValueError):
    """A name or password that cannot be used."""


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


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 64 or any(c.isspace() for c in name):
        raise UserError("tên đăng nhập: 1–64 ký tự, không có khoảng trắng")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"mật khẩu cần ít nhất {MIN_PASSWORD} ký tự")
    return password


def add_user(store: Store, name: str, password: str, role: Role) -> User:
    name = check_name(name)
    return User.of(store.save_account(name, hash_password(check_password(password)), role))


def _refused(exc: UnknownAccount | LastEditor | LastAdmin) -> UserError:
    name = exc.args[0]
    if isinstance(exc, UnknownAccount):
        return UserError(f"không có tài khoản {name}")
    if isinstance(exc, LastAdmin):
        return UserError(f"{name} là tài khoản quản trị cuối cùng: thêm một tài khoản quản trị trước")
    return UserError(f"{name} là tài khoản biên tập cuối cùng: thêm một tài khoản biên tập trước")


def remove_user(store: Store, name: str) -> User:
    """Delete an account and end its sessions. The last editor stays: without one nobody can change
    anything."""
    try:
        return User.of(store.remove_account(name))
    except (UnknownAccount, LastEditor, LastAdmin) as exc:
        raise _refused(exc) from None


def set_role(store: Store, name: str, role: Role) -> User:
    """Change an account's role; its sessions end (sign in again with the new role)."""
    try:
        return User.of(store.set_account_role(name, role))
    except (UnknownAccount, LastEditor, LastAdmin) as exc:
        raise _refused(exc) from None


def set_disabled(store: Store, name: str, disabled: bool) -> Account:
    """Lock an account out (its sessions end at once) or let it back in; the last active editor or
    admin stays."""
    try:
        return store.set_account_disabled(name, disabled)
    except (UnknownAccount, LastEditor, LastAdmin) as exc:
        raise _refused(exc) from None


def set_password(store: Store, name: str, password: str) -> User:
    """A new password; the account's sessions end."""
    check_password(password)
    try:
        return User.of(store.set_account_password(name, hash_password(password)))
    except UnknownAccount as exc:
        raise _refused(exc) from None


def list_users(store: Store) -> list[tuple[User, str]]:
    return [(User.of(a), a.created_at) for a in store.accounts()]


def get_user(store: Store, name: str) -> User | None:
    """The signed-in user of a session: None for an account gone or disabled."""
    account = store.account(name)
    return User.of(account) if account and account.active else None


def authenticate(store: Store, name: str, password: str) -> User | None:
    account = store.account(name.strip())
    if account is None:
        verify_password(password, _DECOY)
        return None
    # a disabled account is refused like a wrong password, after the same work
    if not verify_password(password, account.password_hash) or not account.active:
        return None
    return User.of(account)
