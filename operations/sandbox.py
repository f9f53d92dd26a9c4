"""Run `congvan.pipeline.run.process` in a worker process with a time limit and a memory cap.

A decompression bomb, a zip bomb or a parser stuck in a loop must cost one document, not the
watcher: the worker has RLIMIT_AS set (inherited by the Tesseract processes it starts), lives in
its own process group, and is killed as a group on overrun; the next document gets a fresh worker.
The worker is kept between documents, so the interpreter start and the imports are paid once.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import resource
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from congvan.pipeline.load import DocumentInput
from congvan.pipeline.result import Status
from congvan.pipeline.settings import Settings

# Signals a process dies of when an allocation fails below RLIMIT_AS in C code (bad_alloc → abort).
_MEMORY_DEATHS = frozenset({signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS})
_PR_SET_PDEATHSIG = 1
# A failure after the worker's resident size came this close to its cap is a memory failure.
MEMORY_NEAR_CAP = 0.6
MEMORY_LIMIT_MARK = "memory limit reached"
READY = "ready"
PAGE = "page"  # a progress message from the worker: (PAGE, pages done, pages to read)
STARTUP_TIMEOUT_S = 300.0  # interpreter, imports and language model of a fresh worker


@dataclass(frozen=True)
class Limits:
    time_s: float = 1200.0  # per document, extraction and OCR together
    memory_bytes: int = 2 * 1024**3  # address space of the worker and each Tesseract it starts


@dataclass(frozen=True)
class SandboxResult:
    status: Status
    record_json: str | None = None
    reason: str | None = None
    stage: str | None = None
    seconds: float = 0.0
    interrupted: bool = False  # stopped by the caller: the document was not judged


def _serve(conn: Connection, settings: Settings, memory_bytes: int) -> None:
    """Worker loop: one DocumentInput in, one result tuple out, until the pipe closes."""
    os.setsid()  # own process group: the parent kills Tesseract with us, and ^C reaches only the parent
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # One Tesseract thread per page; parallelism comes from pages and documents, not OpenMP.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from congvan.pipeline.progress import listening
    from congvan.pipeline.run import process

    def page_read(done: int, total: int) -> None:
        conn.send((PAGE, done, total))

    _warm_up()
    conn.send(READY)
    while True:
        try:
            doc = conn.recv()
        except (EOFError, OSError):
            return
        try:
            with listening(page_read):
                result = process(doc, settings)
            record = result.record.model_dump_json() if result.record is not None else None
            reason = result.reason
            if result.status is Status.FAILED and _peak_bytes() > MEMORY_NEAR_CAP * memory_bytes:
                # Parsers report a failed allocation as odd errors (lxml: "XMLSyntaxError: unknown
                # error"); the peak resident size says what really happened.
                reason = f"{MEMORY_LIMIT_MARK} (then: {reason})"
            reply = (result.status.value, record, reason, result.stage, result.seconds)
        except MemoryError:
            reply = (Status.FAILED.value, None, MEMORY_LIMIT_MARK, "pipeline", 0.0)
        conn.send(reply)


def _warm_up() -> None:
    """Load the language pipeline before the first document, so its clock measures the document."""
    with contextlib.suppress(Exception):
        from congvan.pipeline.extract import run_extractors

        run_extractors("Số: 1/UBND-VP\nKính gửi: Sở Tài chính.", is_ocr=False)


def _peak_bytes() -> int:
    """The worker's own peak resident size. Not ru_maxrss: Linux carries it over execve, so a
    worker spawned from a large parent (a long test run, a busy server) would start 'near its cap'
    and every failed file would be called a memory failure. VmHWM belongs to this process image."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # ru_maxrss is KiB on Linux


class Sandbox:
    """One worker process, restarted after a kill or a crash. Not thread-safe: one per thread."""

    def __init__(self, settings: Settings, limits: Limits) -> None:
        self.settings = settings
        self.limits = limits
        self._ctx = mp.get_context("spawn")  # never fork a process that runs watchdog threads
        self._proc: BaseProcess | None = None
        self._conn: Connection | None = None
        # called with (pages read, pages) while a long document is OCR'd (the lane sets it)
        self.on_page: Callable[[int, int], None] | None = None

    def _start(self) -> tuple[BaseProcess, Connection]:
        if self._proc is not None and self._conn is not None and self._proc.is_alive():
            return self._proc, self._conn
        self._stop_worker()
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=_serve,
            args=(child, self.settings, self.limits.memory_bytes),
            daemon=True,
            name="congvan-worker",
        )
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent
        try:
            ready = parent.poll(STARTUP_TIMEOUT_S) and parent.recv() == READY
        except (EOFError, OSError):
            ready = False
        if not ready:
            self._stop_worker()
            raise RuntimeError("the congvan worker process did not start")
        return proc, parent

    def run(self, doc: DocumentInput, stop: threading.Event | None = None) -> SandboxResult:
        proc, conn = self._start()
        started = time.monotonic()
        try:
            conn.send(doc)
        except OSError:
            self._stop_worker()
            proc, conn = self._start()
            conn.send(doc)
        deadline = started + self.limits.time_s
        while True:
            if conn.poll(0.2):
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    return self._crashed(proc, started)
                if message[0] == PAGE:
                    if self.on_page is not None:
                        self.on_page(message[1], message[2])
                    continue
                status, record, reason, stage, seconds = message
                if (
                    status == Status.FAILED.value
                    and reason
                    and (MEMORY_LIMIT_MARK in reason or "MemoryError" in reason)
                ):
                    # process() turns MemoryError into an 'internal error' result. The worker's heap
                    # (and its peak-size figure) now say nothing good about the next file: restart.
                    self._stop_worker()
                    mib = self.limits.memory_bytes // 2**20
                    return SandboxResult(
                        Status.FAILED,
                        None,
                        f"memory limit: reading the file needed more than {mib} MiB",
                        stage or "pipeline",
                        time.monotonic() - started,
                    )
                return SandboxResult(Status(status), record, reason, stage, seconds)
            if not proc.is_alive() and not conn.poll(0):
                return self._crashed(proc, started)
            if stop is not None and stop.is_set():
                self._stop_worker()
                return SandboxResult(Status.FAILED, reason="interrupted", interrupted=True)
            if time.monotonic() > deadline:
                self._stop_worker()
                return SandboxResult(
                    Status.FAILED,
                    None,
                    f"time limit: reading took more than {self.limits.time_s:g} s; the worker was stopped",
                    "pipeline",
                    time.monotonic() - started,
                )

    def _crashed(self, proc: BaseProcess, started: float) -> SandboxResult:
        proc.join(5)
        code = proc.exitcode
        self._stop_worker()
        mib = self.limits.memory_bytes // 2**20
        if code is not None and code < 0 and -code in _MEMORY_DEATHS:
            reason = f"memory limit: the worker died of {signal.Signals(-code).name} (cap {mib} MiB)"
        elif code is not None and code < 0:
            reason = f"worker killed by {signal.Signals(-code).name}"
        else:
            reason = f"worker exited with code {code}"
        return SandboxResult(Status.FAILED, None, reason, "pipeline", time.monotonic() - started)

    def _stop_worker(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            conn.close()
        if proc is None:
            return
        if proc.is_alive() and proc.pid is not None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()
        proc.join(5)

    def close(self) -> None:
        self._stop_worker()
