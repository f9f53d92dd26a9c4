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
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from congvan.errors import CLERK_CRASHED, CLERK_MEMORY_LIMIT, CLERK_TIME_LIMIT, clerk_reason
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
WORK_PREFIX = "congvan-work-"  # + the worker's pid: its temporary files
PAGE = "page"  # a progress message from the worker: (PAGE, pages done, pages to read)
STARTUP_TIMEOUT_S = 300.0  # interpreter, imports and language model of a fresh worker


@dataclass(frozen=True)
class Limits:
    time_s: float = 1200.0  # per document, extraction and OCR together
    memory_bytes: int = 2 * 1024**3  # address space of the worker and each Tesseract it starts


@dataclass(frozen=True)
class Call:
    """A request to the worker other than a document: `func(*args)` under the same limits (the
    page split's planning and page OCR, operations/pagesplit.py). `func` is a module-level function
    (sent by reference)."""

    func: Callable[..., object]
    args: tuple[object, ...]


class CallFailed(RuntimeError):
    """The call raised, overran the time limit or took its worker down; the message says which."""


@dataclass(frozen=True)
class SandboxResult:
    status: Status
    record_json: str | None = None
    reason: str | None = None
    stage: str | None = None
    seconds: float = 0.0
    interrupted: bool = False  # stopped by the caller: the document was not judged
    clerk_reason: str | None = None  # of a failure: the Vietnamese reason (errors.py), for the office


def _serve(conn: Connection, settings: Settings, memory_bytes: int, work_base: str) -> None:
    """Worker loop: one DocumentInput in, one result tuple out, until the pipe closes."""
    os.setsid()  # own process group: the parent kills Tesseract with us, and ^C reaches only the parent
    # When the parent dies (even of SIGKILL) the whole group goes: the worker and its Tesseracts.
    # Not PDEATHSIG=SIGKILL on the worker alone: that left its Tesseract processes running.
    parent = os.getppid()
    signal.signal(signal.SIGTERM, lambda signum, frame: os.killpg(0, signal.SIGKILL))
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    threading.Thread(target=_orphan_guard, args=(parent,), name="orphan-guard", daemon=True).start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Temporary files (OCR page images, pytesseract's) go to a folder named by our pid, which the
    # next worker removes if we were killed (34 MB of /tmp/congvan-ocr-* after three kills).
    work = Path(work_base) / f"{WORK_PREFIX}{os.getpid()}"
    work.mkdir(mode=0o700, exist_ok=True)
    os.environ["TMPDIR"] = str(work)
    tempfile.tempdir = str(work)
    try:
        _answer(conn, settings, memory_bytes)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _orphan_guard(parent: int) -> None:
    """Kill our process group once the parent is gone (a second line behind PDEATHSIG, whose
    handler only runs when the main thread gets a chance)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os.killpg(0, signal.SIGKILL)


def clean_stale_work(base: Path) -> int:
    """Remove work folders of workers that are dead (their pid is in the name); returns how many."""
    removed = 0
    for folder in base.glob(f"{WORK_PREFIX}*"):
        pid = folder.name.removeprefix(WORK_PREFIX)
        if not pid.isdigit() or _alive(int(pid)):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _alive(pid: int) -> bool:
    """Running (a zombie no one reaped, as in a container without an init, is dead)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    except OSError:
        return True
    return text[text.rindex(")") + 2 :].split()[0] != "Z"


def _answer(conn: Connection, settings: Settings, memory_bytes: int) -> None:
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
        if isinstance(doc, Call):
            conn.send(_called(doc))
            continue
        try:
            with listening(page_read):
                result = process(doc, settings)
            record = result.record.model_dump_json() if result.record is not None else None
            reason = result.reason
            if result.status is Status.FAILED and _peak_bytes() > MEMORY_NEAR_CAP * memory_bytes:
                # Parsers report a failed allocation as odd errors (lxml: "XMLSyntaxError: unknown
                # error"); the peak resident size says what really happened.
                reason = f"{MEMORY_LIMIT_MARK} (then: {reason})"
            clerk = clerk_reason(result.exit_code) if result.status is Status.FAILED else None
            reply = (result.status.value, record, reason, result.stage, result.seconds, clerk)
        except MemoryError:
            reply = (Status.FAILED.value, None, MEMORY_LIMIT_MARK, "pipeline", 0.0, CLERK_MEMORY_LIMIT)
        conn.send(reply)


def _called(call: Call) -> tuple[str, object]:
    try:
        return ("value", call.func(*call.args))
    except MemoryError:
        return ("error", MEMORY_LIMIT_MARK)
    except Exception as exc:  # noqa: BLE001 — any failure goes back to the caller as its message
        return ("error", f"{type(exc).__name__}: {exc}")


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
        self._work_base = Path(tempfile.gettempdir())
        # called with (pages read, pages) while a long document is OCR'd (the lane sets it)
        self.on_page: Callable[[int, int], None] | None = None

    def _start(self) -> tuple[BaseProcess, Connection]:
        if self._proc is not None and self._conn is not None and self._proc.is_alive():
            return self._proc, self._conn
        self._stop_worker()
        clean_stale_work(self._work_base)  # of workers killed (by us on a time limit, or with a killed parent)
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(
            target=_serve,
            args=(child, self.settings, self.limits.memory_bytes, str(self._work_base)),
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
                status, record, reason, stage, seconds, clerk = message
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
                        clerk_reason=CLERK_MEMORY_LIMIT,
                    )
                return SandboxResult(Status(status), record, reason, stage, seconds, clerk_reason=clerk)
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
                    clerk_reason=CLERK_TIME_LIMIT,
                )

    def call(self, func: Callable[..., object], *args: object) -> object:
        """`func(*args)` in the worker, under the time and memory limits; raises CallFailed."""
        proc, conn = self._start()
        started = time.monotonic()
        try:
            conn.send(Call(func, args))
        except OSError:
            self._stop_worker()
            proc, conn = self._start()
            conn.send(Call(func, args))
        deadline = started + self.limits.time_s
        while True:
            if conn.poll(0.2):
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    raise CallFailed(self._crashed(proc, started).reason) from None
                if message[0] == PAGE:
                    continue
                kind, value = message
                if kind == "error":
                    if MEMORY_LIMIT_MARK in str(value):
                        self._stop_worker()  # its heap says nothing good about the next call
                    raise CallFailed(str(value))
                return value
            if not proc.is_alive() and not conn.poll(0):
                raise CallFailed(self._crashed(proc, started).reason)
            if time.monotonic() > deadline:
                self._stop_worker()
                limit = self.limits.time_s
                raise CallFailed(f"time limit: the call took more than {limit:g} s; the worker was stopped")

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
        clerk = CLERK_MEMORY_LIMIT if reason.startswith("memory limit") else CLERK_CRASHED
        return SandboxResult(Status.FAILED, None, reason, "pipeline", time.monotonic() - started, clerk_reason=clerk)

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
