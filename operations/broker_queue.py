"""How much work the Celery engine has in hand, read straight from the broker (Redis): what the web
overview shows when a broker is configured. Redis only, no Celery: the web pays one round trip.

Celery's Redis transport keeps a queue as one list named after it (`live`, `batch`) and a message
delivered to a worker but not yet acknowledged in the hash `unacked`; with `acks_late` and a
prefetch of one, that hash holds the documents (and page tasks) being read right now.
"""

from __future__ import annotations

from dataclasses import dataclass

LIVE = "live"  # the queue of the drop folder and uploads, served first
BATCH = "batch"  # the queue of nightly sweeps and backlogs
UNACKED = "unacked"  # kombu's Redis transport: delivered, not yet acknowledged
TIMEOUT_S = 1.0  # a broker that does not answer within this costs the page one second, no more


@dataclass(frozen=True)
class QueueLength:
    live: int  # waiting in the `live` queue (drop folder, uploads)
    batch: int  # waiting in the `batch` queue (nightly, backlog)
    running: int  # delivered to a worker and not yet done

    @property
    def waiting(self) -> int:
        return self.live + self.batch

    def to_json(self) -> dict[str, int]:
        return {"live": self.live, "batch": self.batch, "waiting": self.waiting, "running": self.running}


class BrokerUnavailable(RuntimeError):
    """The broker did not answer (down, wrong address, refused)."""


def queue_length(broker: str) -> QueueLength:
    """The broker's queues now; raises BrokerUnavailable rather than wait."""
    import redis

    client = redis.Redis.from_url(broker, socket_connect_timeout=TIMEOUT_S, socket_timeout=TIMEOUT_S)
    try:
        with client.pipeline(transaction=False) as pipe:
            pipe.llen(LIVE)
            pipe.llen(BATCH)
            pipe.hlen(UNACKED)
            live, batch, running = pipe.execute()
    except (redis.exceptions.RedisError, OSError) as exc:
        raise BrokerUnavailable(f"{broker}: {exc}") from exc
    finally:
        client.close()
    return QueueLength(int(live), int(batch), int(running))
