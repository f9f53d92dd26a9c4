"""A small in-process memo of the last used items, for work too slow to redo on every view: a
rendered page image (~100 ms, a document page asks for each), a scan's text read again from the
OCR cache (1–5 s). Only results that depend on nothing but their key belong here."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class LastUsed(Generic[K, T]):
    def __init__(self, size: int = 48) -> None:
        self._items: OrderedDict[K, T] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: K) -> T | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            return None

    def put(self, key: K, item: T) -> None:
        with self._lock:
            self._items[key] = item
            while len(self._items) > self._size:
                self._items.popitem(last=False)
