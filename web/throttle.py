"""Sign-in throttling by growing delays, not locks: failed sign-ins are counted within a window for
one name from one client address, for one name from all addresses, and from one address for all
names. Past a scope's free tries, each further attempt waits 2, 4, 8 … seconds after that scope's
latest failure (HTTP 429 with Retry-After), up to the scope's cap. A guesser on one machine slows
to one try per quarter hour for the name; a clerk at another desk (another address) is not held
up by it, and an office behind one NAT address waits at most a minute, never hours. An editor
can forget a name's failures at once (`congvan users unlock NAME`).

The password checks themselves are bounded too (PasswordGate): each runs a 128 MiB scrypt, so
only a few run at once and a flood of sign-ins waits (or gets 429) before any hashing.

An attempt is reserved before its password is checked: counting and inserting the attempt's row
happen in one write transaction (serialised across threads and processes by the store), so
attempts sent at the same time cannot all pass a count none of them has added to yet. The row
stays as the failure when the password is wrong; a success deletes the name's rows from that
address, its own included.

Failures are rows in the tracker's database, not process memory, so every server process on the
tracker counts the same attempts and a restart does not reset them. The client address is the
TCP peer unless `congvan serve --forwarded-allow-ips` names the reverse proxy, whose
X-Forwarded-For then gives it; without that, behind a proxy every client has the proxy's address.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass

from congvan.tracker.api import SigninFailures, Store


@dataclass(frozen=True)
class ThrottlePolicy:
    window_s: int = 15 * 60
    # One name from one address: a clerk who forgot the password gets a few free tries, then
    # delays doubling up to a quarter hour (one guess per 15 minutes from that machine).
    per_name_address: int = 3
    name_address_cap_s: int = 15 * 60
    # One name from every address: a high ceiling, as a delay only (a minute at most), so a botnet
    # spreading guesses over addresses slows down without locking the clerk out everywhere.
    per_name: int = 50
    name_cap_s: int = 60
    # One address, any names: spraying one password over many names. The clerks of one office
    # often share one address (NAT), so this delay is capped at a minute too.
    per_address: int = 20
    address_cap_s: int = 60
    first_delay_s: int = 2  # the pause after the free tries, doubled by every further failure
    # Password checks at once (each a 128 MiB scrypt), and how long an attempt waits for one.
    concurrent_checks: int = 2
    check_wait_s: float = 5.0


def _key(name: str) -> str:
    return name.strip().casefold()[:64]


def delay_s(failures: int, free: int, cap_s: int, first_s: int = 2) -> int:
    """The pause after the latest failure before the next try: none for the first `free`
    failures, then 2, 4, 8 … seconds (from `first_s`), at most `cap_s`."""
    if failures < free:
        return 0
    return min(cap_s, first_s * 2 ** min(failures - free, 30))


def wait_for(policy: ThrottlePolicy, failures: SigninFailures, now: int) -> int | None:
    """Seconds until the next attempt may go ahead (the longest of the three scopes' pauses since
    their latest failure), or None: now."""
    waits = []
    scopes = (
        (failures.name_address, policy.per_name_address, policy.name_address_cap_s),
        (failures.name, policy.per_name, policy.name_cap_s),
        (failures.address, policy.per_address, policy.address_cap_s),
    )
    for times, free, cap in scopes:
        pause = delay_s(len(times), free, cap, policy.first_delay_s)
        if pause and times[-1] + pause > now:
            waits.append(times[-1] + pause - now)
    return max(waits) if waits else None


def retry_after(store: Store, policy: ThrottlePolicy, name: str, address: str, now: int) -> int | None:
    """Seconds to wait before this name may try again from this address; None: it may try now."""
    return wait_for(policy, store.signin_failures(_key(name), address, now - policy.window_s), now)


def reserve(store: Store, policy: ThrottlePolicy, name: str, address: str, now: int) -> int | None:
    """Take one attempt for this name from this address, counted as a failure until `succeeded`;
    or, at a limit, the seconds to wait (nothing taken). One transaction: check and take are atomic."""
    return store.reserve_signin(
        _key(name), address, now, policy.window_s, lambda failures: wait_for(policy, failures, now)
    )


def record_failure(store: Store, policy: ThrottlePolicy, name: str, address: str, now: int) -> None:
    """A failure without a reservation (tools and tests filling the table)."""
    store.add_signin_failure(_key(name), address, now, policy.window_s)


def unlock(store: Store, name: str) -> int:
    """An editor's unlock: the name's failures from every address are forgotten (how many)."""
    return store.clear_signin_failures(_key(name), None)


def succeeded(store: Store, name: str, address: str) -> None:
    """A successful sign-in: the name's failures from this address (and the reservation) are
    forgotten. Failures from other addresses stay: a clerk signing in must not hand a fresh budget
    to whoever is guessing the name elsewhere."""
    store.clear_signin_failures(_key(name), address)


class PasswordGate:
    """At most `size` password checks at once in this process. A thread semaphore, taken without
    blocking and polled from the event loop: it belongs to no event loop, and a waiting attempt
    holds no worker thread and no memory."""

    def __init__(self, size: int) -> None:
        self._slots = threading.BoundedSemaphore(size)

    async def enter(self, wait_s: float) -> bool:
        deadline = time.monotonic() + wait_s
        while not self._slots.acquire(blocking=False):
            if time.monotonic() >= deadline:
                return False
            await asyncio.sleep(0.05)
        return True

    def leave(self) -> None:
        self._slots.release()
