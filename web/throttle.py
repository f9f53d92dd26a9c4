"""Sign-in throttling: failed sign-ins are counted within a window for one name from one client
address, for one name from all addresses, and from one address for all names; once a count
reaches its limit, further attempts are refused (HTTP 429 with Retry-After) until the oldest
failures leave the window.

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

from dataclasses import dataclass

from congvan.tracker.api import SigninFailures, Store


@dataclass(frozen=True)
class ThrottlePolicy:
    window_s: int = 15 * 60
    # A clerk who forgot the password, from the desk: a few tries, then a pause. Keyed on the address
    # too, so guessing from one machine locks that machine out of the name, not the clerk.
    per_name_address: int = 5
    # One name from every address: bounds guessing spread over many addresses (a botnet gets 50 per
    # 15 minutes, under 5000 a day). It is well above per_address, so locking a name out for
    # everyone takes failures from at least three addresses (50 / 20), kept up every window.
    per_name: int = 50
    # One address, any names: bounds spraying one password over many names. Above per_name_address
    # because the clerks of one office often share one address (NAT).
    per_address: int = 20


def _key(name: str) -> str:
    return name.strip().casefold()[:64]


def wait_for(policy: ThrottlePolicy, failures: SigninFailures, now: int) -> int | None:
    """Seconds until attempts resume (enough failures have left the window to fall under every
    limit), or None when no limit is reached."""
    waits = []
    scopes = (
        (failures.name_address, policy.per_name_address),
        (failures.name, policy.per_name),
        (failures.address, policy.per_address),
    )
    for times, limit in scopes:
        if len(times) >= limit:
            waits.append(times[len(times) - limit] + policy.window_s - now)
    return max(1, max(waits)) if waits else None


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


def succeeded(store: Store, name: str, address: str) -> None:
    """A successful sign-in: the name's failures from this address (and the reservation) are
    forgotten. Failures from other addresses stay: a clerk signing in must not hand a fresh budget
    to whoever is guessing the name elsewhere."""
    store.clear_signin_failures(_key(name), address)
