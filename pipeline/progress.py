"""Per-page progress of a long document, from the OCR stage up to whoever runs the pipeline.

A 60-page scan takes minutes; the drop folder's log and a terminal show its pages as they are
read. The caller (the sandboxed worker) sets a listener for the duration of one document with
`listening(fn)`; the OCR stage calls `page_done(done, total)`. A ContextVar, not a global: each
thread (the web server's requests) sees only its own listener, and none by default.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar

PageListener = Callable[[int, int], None]  # (pages done, pages to read)

_LISTENER: ContextVar[PageListener | None] = ContextVar("congvan_page_listener", default=None)


@contextlib.contextmanager
def listening(listener: PageListener | None) -> Iterator[None]:
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def page_done(done: int, total: int) -> None:
    listener = _LISTENER.get()
    if listener is not None:
        listener(done, total)
