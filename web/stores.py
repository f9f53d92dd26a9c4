"""One tracker connection per server thread: apsw and psycopg connections (and the store's write
transaction depth) must not be shared between the threads Starlette runs handlers on."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from congvan.tracker import open_store
from congvan.tracker.api import Store
from congvan.tracker.url import Tracker

P = ParamSpec("P")
T = TypeVar("T")


class StorePool:
    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.tracker)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    async def run(self, fn: Callable[Concatenate[Store, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """fn(store, …) on a worker thread with that thread's connection. A connection taken on the
        event loop's thread and handed to workers would be shared by concurrent requests: their
        write transactions would nest into one another instead of queueing."""
        return await run_in_threadpool(lambda: fn(self.get(), *args, **kwargs))

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()
