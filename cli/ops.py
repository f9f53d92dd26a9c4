"""`congvan watch` and `congvan nightly`: the operations verbs, registered on the main CLI app.

Imports of the watcher and the sweep happen inside the verbs, so `congvan extract` pays nothing
for them (and congvan.cli.main, which registers us at its end, is complete by then).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from congvan.cli.options import (
    BrokerOption,
    CacheOption,
    DbOption,
    HighWaterOption,
    OcrOption,
    cache_dir,
    tracker_of,
)
from congvan.errors import CongvanError, ExitCode
from congvan.pipeline.settings import OcrMode, Settings

if TYPE_CHECKING:
    from rich.progress import Progress as Bar

    from congvan.operations.distributed import CeleryQueue
    from congvan.operations.intake import IntakeConfig
    from congvan.operations.nightly import Progress

log = logging.getLogger("congvan")

TimeLimitOption = Annotated[
    float,
    typer.Option("--time-limit", min=1, help="Seconds one document may take before its worker is stopped."),
]
MemoryOption = Annotated[
    int, typer.Option("--memory-limit", min=512, help="MiB of address space per worker (and its Tesseract).")
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log every file, not only problems.")]
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine", help="local: read here; celery: enqueue for `congvan worker` processes (--broker)."
    ),
]


def register(app: typer.Typer) -> None:
    app.command("watch")(watch_cmd)
    app.command("nightly")(nightly_cmd)
    app.command("status")(status_cmd)


def _stop_on_signals() -> threading.Event:
    """SIGINT and SIGTERM end the run gracefully; a second ^C is not needed and not special."""
    stop = threading.Event()

    def handler(signum: int, frame: FrameType | None) -> None:
        log.warning("received %s: finishing", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    return stop


def _configure_logging(verbose: bool) -> None:
    level = logging.INFO if verbose else logging.WARNING
    logging.getLogger("congvan").setLevel(level)
    root = logging.getLogger()
    for h in root.handlers:
        h.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S"))


def intake_config(
    ocr: OcrMode, time_limit: float, memory_limit: int, ocr_jobs: int | None = None, cache: bool = True,
    vocabulary: Path | None = None,
) -> IntakeConfig:
    """The intake configuration the CLI's verbs (watch, nightly, worker, web) build from their options.
    `vocabulary`: the tracker's local vocabulary (Tracker.vocabulary), names clerks corrected."""
    from congvan.operations.intake import IntakeConfig, tool_versions
    from congvan.operations.sandbox import Limits

    settings = Settings(ocr=ocr, cache_dir=cache_dir(cache), local_vocabulary=vocabulary)
    if ocr_jobs is not None:
        settings = Settings(ocr=ocr, cache_dir=cache_dir(cache), ocr_jobs=ocr_jobs, local_vocabulary=vocabulary)
    return IntakeConfig(
        settings=settings,
        limits=Limits(time_s=time_limit, memory_bytes=memory_limit * 2**20),
        tools=tool_versions(),
    )


def watch_cmd(
    inbox: Annotated[Path, typer.Argument(help="The drop folder clerks put files into.")],
    db: DbOption = None,
    archive: Annotated[
        Path | None,
        typer.Option("--archive", help="Where read files go (default: 'archive' beside the inbox)."),
    ] = None,
    failed: Annotated[
        Path | None,
        typer.Option("--failed", help="Where unreadable files go (default: 'failed' beside the inbox)."),
    ] = None,
    poll: Annotated[
        float | None,
        typer.Option("--poll", min=0.1, help="Poll every SECONDS instead of native events (SMB/NFS shares)."),
    ] = None,
    stable: Annotated[
        float, typer.Option("--stable", min=0.0, help="Seconds a file's size and mtime must stay unchanged.")
    ] = 5.0,
    rescan: Annotated[float, typer.Option("--rescan", min=0.5, help="Seconds between full rescans.")] = 60.0,
    recursive: Annotated[bool, typer.Option("--recursive", help="Also take files in sub-folders.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Documents read at once.")] = 1,
    ocr: OcrOption = OcrMode.AUTO,
    cache: CacheOption = True,
    time_limit: TimeLimitOption = 1200.0,
    memory_limit: MemoryOption = 2048,
    verbose: VerboseOption = True,
    engine: EngineOption = "local",
    broker: BrokerOption = None,
    high_water: HighWaterOption = 10_000,
) -> None:
    """Watch a drop folder: read each file once it is fully written, store it, archive or quarantine it."""
    from congvan.operations.health import Health
    from congvan.operations.intake import IntakeConfig, IntakeReport
    from congvan.operations.lane import LaneDied
    from congvan.operations.locks import LockHeld
    from congvan.operations.watch import FolderError, WatchOptions, watch
    from congvan.tracker.api import Outcome, StoreUnavailable

    _configure_logging(verbose)
    archive = archive or inbox.resolve().parent / "archive"
    failed = failed or inbox.resolve().parent / "failed"
    tracker = tracker_of(db)
    from congvan.tracker.vocabulary import refresh_local_vocabulary

    refresh_local_vocabulary(tracker)
    config = intake_config(ocr, time_limit, memory_limit, cache=cache, vocabulary=tracker.vocabulary)
    config = IntakeConfig(**{**config.__dict__, "archive": archive, "failed": failed})
    options = WatchOptions(
        inbox=inbox,
        archive=archive,
        failed=failed,
        tracker=tracker,
        poll=poll,
        stable=stable,
        rescan=rescan,
        recursive=recursive,
        jobs=jobs,
        health=Health("watch", f"{inbox.resolve()} → {tracker}"),
    )

    def report(r: IntakeReport) -> None:
        if r.outcome is Outcome.FAILED or r.needs_review:
            log.warning("%s", r.line())
        elif r.outcome is Outcome.INTERRUPTED and r.cause is not None:
            # a store or disk error: the watcher's retry log says it once per change, not per attempt
            log.debug("%s (left in the inbox: %s)", r.line(), r.reason)
        elif r.outcome in (Outcome.CHANGED, Outcome.INTERRUPTED):
            log.info("%s (left in the inbox%s)", r.line(), f": {r.reason}" if r.reason else "")
        else:
            log.info("%s", r.line())

    stop = _stop_on_signals()
    mode = f"polling every {poll:g} s" if poll is not None else "native events"
    log.info(
        "watching %s (%s, rescan every %g s); archive %s, failed %s, tracker %s",
        inbox,
        mode,
        rescan,
        archive,
        failed,
        tracker,
    )
    try:
        if _celery(engine):
            from congvan.operations.distributed import watch_celery

            log.info("--engine celery: the workers read and move files (their --archive and --failed)")

            watch_celery(options, stop, _queue(broker, time_limit), high_water, report)
        else:
            watch(options, config, stop, report)
    except FolderError as exc:
        _fail(exc, ExitCode.USAGE)
    except LockHeld as exc:
        _fail(exc, ExitCode.LOCKED)
    except LaneDied as exc:
        _fail(exc, ExitCode.STALLED)
    except StoreUnavailable as exc:
        _fail(exc, ExitCode.TRACKER_UNAVAILABLE)
    except CongvanError as exc:  # the tracker or a folder is not writable (checked at start-up)
        _fail(exc, exc.exit_code)
    log.info("stopped")  # a stop on request is how a watcher ends: exit 0 (nightly, cut short, exits 130)


def nightly_cmd(
    dirs: Annotated[list[Path], typer.Argument(help="Folders to sweep (recursively), left in place.")],
    db: DbOption = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Documents in parallel (default: the cores).")
    ] = None,
    report_file: Annotated[
        Path | None,
        typer.Option("--report", help="Write the summary to FILE (.txt) and its JSON twin (.json)."),
    ] = None,
    reextract: Annotated[
        bool,
        typer.Option("--reextract", help="Also re-read files whose record an older extractor version made."),
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Retry files that failed before with this version.")
    ] = False,
    ocr: OcrOption = OcrMode.AUTO,
    cache: CacheOption = True,
    time_limit: TimeLimitOption = 1200.0,
    memory_limit: MemoryOption = 2048,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON summary instead of the text.")
    ] = False,
    verbose: VerboseOption = False,
    engine: EngineOption = "local",
    broker: BrokerOption = None,
    high_water: HighWaterOption = 10_000,
) -> None:
    """Sweep folders into the tracker: only new content is read; killable and re-runnable at any time."""
    from congvan.operations.health import Health
    from congvan.operations.lane import LaneDied
    from congvan.operations.locks import LockHeld
    from congvan.operations.nightly import NightlyOptions, run_nightly
    from congvan.tracker.api import StoreUnavailable

    _configure_logging(verbose)
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        typer.echo(f"congvan: error: not a folder: {', '.join(missing)}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    cores = os.cpu_count() or 1
    jobs = jobs or cores
    # Pages of one document OCR in parallel only when documents do not already fill the cores.
    from congvan.tracker.vocabulary import refresh_local_vocabulary

    tracker = tracker_of(db)
    refresh_local_vocabulary(tracker)
    config = intake_config(
        ocr, time_limit, memory_limit, ocr_jobs=max(1, cores // jobs), cache=cache, vocabulary=tracker.vocabulary
    )
    swept = tuple(d.resolve() for d in dirs)
    options = NightlyOptions(
        dirs=swept,
        tracker=tracker,
        jobs=jobs,
        reextract=reextract,
        retry_failed=retry_failed,
        health=Health("nightly", f"{', '.join(map(str, swept))} → {tracker}"),
    )
    stop = _stop_on_signals()
    try:
        with (bar := _progress()) as progress:
            if options.health is not None:
                options.health.on_page = bar.page
            if _celery(engine):
                from congvan.operations.distributed import BrokerGone, run_nightly_celery

                queue = _queue(broker, time_limit)
                try:
                    result = run_nightly_celery(options, config, stop, queue, high_water, progress)
                except BrokerGone as exc:  # enqueued documents stay queued; the next run re-plans the rest
                    typer.echo(f"congvan: error: {exc}", err=True)
                    raise typer.Exit(ExitCode.TRACKER_UNAVAILABLE) from None
            else:
                result = run_nightly(options, config, stop, progress)
    except LockHeld as exc:
        _fail(exc, ExitCode.LOCKED)
    except StoreUnavailable as exc:
        _fail(exc, ExitCode.TRACKER_UNAVAILABLE)
    except LaneDied as exc:
        _fail(exc, ExitCode.STALLED)
    except CongvanError as exc:  # the tracker is not writable (checked at start-up)
        _fail(exc, exc.exit_code)
    text = result.to_text()
    payload = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if report_file is not None:
        from congvan.files import write_atomic

        write_atomic(report_file.with_suffix(".txt"), text)
        write_atomic(report_file.with_suffix(".json"), payload)
    sys.stdout.write(payload if as_json else text)
    code = result.exit_code(stop.is_set())
    if code is not ExitCode.OK:
        raise typer.Exit(code)


def _fail(exc: Exception, code: ExitCode) -> NoReturn:
    typer.echo(f"congvan: error: {exc}", err=True)
    raise typer.Exit(code) from None


def _celery(engine: str) -> bool:
    if engine not in ("local", "celery"):
        typer.echo(f"congvan: error: --engine: want local or celery, got {engine}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    return engine == "celery"


def _queue(broker: str | None, time_limit: float) -> CeleryQueue:
    from congvan.cli.options import check_broker
    from congvan.operations.celery_app import broker_url, visibility_timeout
    from congvan.operations.distributed import CeleryQueue

    url = broker_url(broker)
    check_broker(url)
    return CeleryQueue(url, visibility_timeout(time_limit))


class _progress:
    """A rich progress bar on a terminal; a log line per problem (and per file with -v) otherwise."""

    def __enter__(self) -> Progress:
        from congvan.operations.intake import IntakeReport
        from congvan.tracker.api import Outcome

        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self._bar: Bar | None = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),  # stdout carries the report (and --json)
                transient=True,
            )
            self._bar.__enter__()
            task = self._bar.add_task("nightly", total=None)
            self._pages = self._bar.add_task("", total=None, visible=False)
        else:
            self._bar = None

        def update(done: int, total: int, r: IntakeReport | None) -> None:
            if self._bar is not None:
                self._bar.update(task, completed=done, total=total)
                if r is not None and r.outcome is Outcome.FAILED:
                    self._bar.console.print(r.line(), markup=False)
                return
            if r is None:
                return
            if r.outcome is Outcome.FAILED or r.needs_review:
                log.warning("[%d/%d] %s", done, total, r.line())
            else:
                log.info("[%d/%d] %s", done, total, r.line())

        return update

    def page(self, name: str, done: int, total: int) -> None:
        """A second bar for the pages of a long scan (the log has one line per page with -v)."""
        if self._bar is not None:
            self._bar.update(
                self._pages, description=f"  {name[:40]}", completed=done, total=total, visible=done < total
            )

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


def status_cmd(
    stall_after: Annotated[
        float,
        typer.Option("--stall-after", min=1, help="Seconds with documents waiting and none done: stalled."),
    ] = 900.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of lines.")] = False,
) -> None:
    """Say whether the watcher and nightly runs are working, retrying (and why) or stalled.

    Exits 0 when every running service is fine, 5 (stalled) when one is stalled or died without
    stopping, 4 when one is retrying because the tracker is unavailable, 1 when retrying for another reason."""
    from congvan.operations.health import judge, read_all, status_folder

    verdicts = [judge(s, stall_after=stall_after) for s in read_all()]
    if as_json:
        payload = [
            {**v.state.__dict__, "health": v.health, "why": v.why} for v in verdicts
        ]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif not verdicts:
        typer.echo(f"no watch or nightly service has run (nothing in {status_folder()})")
    for v in verdicts if not as_json else ():
        s = v.state
        counts = ", ".join(f"{n} {k}" for k, n in sorted(s.counts.items())) or "nothing yet"
        typer.echo(
            f"{s.service} {v.health.upper()}: {v.why}; pid {s.pid}, since {s.started}, "
            f"last progress {s.last_progress or '-'}; {counts}\n  {s.about}"
        )
    healths = {v.health for v in verdicts}
    if healths & {"stalled", "dead"}:
        raise typer.Exit(ExitCode.STALLED)
    if "retrying" in healths:
        tracker_down = any(v.health == "retrying" and (v.state.reason or "").startswith("tracker unavailable")
                           for v in verdicts)
        raise typer.Exit(ExitCode.TRACKER_UNAVAILABLE if tracker_down else ExitCode.FAILED)
