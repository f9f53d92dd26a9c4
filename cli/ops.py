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
from typing import TYPE_CHECKING, Annotated

import typer

from congvan.cli.options import CacheOption, DbOption, OcrOption, cache_dir, tracker_of
from congvan.pipeline.settings import OcrMode, Settings

if TYPE_CHECKING:
    from rich.progress import Progress as Bar

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


def register(app: typer.Typer) -> None:
    app.command("watch")(watch_cmd)
    app.command("nightly")(nightly_cmd)


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


def _intake_config(
    ocr: OcrMode, time_limit: float, memory_limit: int, ocr_jobs: int | None = None, cache: bool = True,
    vocabulary: Path | None = None,
) -> IntakeConfig:
    """`vocabulary`: the tracker's local vocabulary (Tracker.vocabulary), names clerks corrected."""
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
) -> None:
    """Watch a drop folder: read each file once it is fully written, store it, archive or quarantine it."""
    from congvan.operations.intake import IntakeConfig, IntakeReport
    from congvan.operations.lane import LaneDied
    from congvan.operations.locks import LockHeld
    from congvan.operations.watch import FolderError, WatchOptions, watch
    from congvan.tracker.api import Outcome

    _configure_logging(verbose)
    archive = archive or inbox.resolve().parent / "archive"
    failed = failed or inbox.resolve().parent / "failed"
    tracker = tracker_of(db)
    from congvan.tracker.vocabulary import refresh_local_vocabulary

    refresh_local_vocabulary(tracker)
    config = _intake_config(ocr, time_limit, memory_limit, cache=cache, vocabulary=tracker.vocabulary)
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
    )

    def report(r: IntakeReport) -> None:
        if r.outcome is Outcome.FAILED:
            log.warning("%s", r.line())
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
        watch(options, config, stop, report)
    except (FolderError, LockHeld) as exc:
        typer.echo(f"congvan: error: {exc}", err=True)
        raise typer.Exit(2 if isinstance(exc, FolderError) else 3) from None
    except LaneDied as exc:
        typer.echo(f"congvan: error: {exc}", err=True)
        raise typer.Exit(1) from None
    log.info("stopped")


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
) -> None:
    """Sweep folders into the tracker: only new content is read; killable and re-runnable at any time."""
    from congvan.operations.lane import LaneDied
    from congvan.operations.locks import LockHeld
    from congvan.operations.nightly import NightlyOptions, run_nightly

    _configure_logging(verbose)
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        typer.echo(f"congvan: error: not a folder: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    cores = os.cpu_count() or 1
    jobs = jobs or cores
    # Pages of one document OCR in parallel only when documents do not already fill the cores.
    from congvan.tracker.vocabulary import refresh_local_vocabulary

    refresh_local_vocabulary(tracker_of(db))
    config = _intake_config(
        ocr, time_limit, memory_limit, ocr_jobs=max(1, cores // jobs), cache=cache, vocabulary=tracker_of(db).vocabulary
    )
    options = NightlyOptions(
        dirs=tuple(d.resolve() for d in dirs),
        tracker=tracker_of(db),
        jobs=jobs,
        reextract=reextract,
        retry_failed=retry_failed,
    )
    stop = _stop_on_signals()
    try:
        with _progress() as progress:
            result = run_nightly(options, config, stop, progress)
    except LockHeld as exc:
        typer.echo(f"congvan: error: {exc}", err=True)
        raise typer.Exit(3) from None
    except LaneDied as exc:
        typer.echo(f"congvan: error: {exc}", err=True)
        raise typer.Exit(1) from None
    text = result.to_text()
    payload = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    if report_file is not None:
        from congvan.files import write_atomic

        write_atomic(report_file.with_suffix(".txt"), text)
        write_atomic(report_file.with_suffix(".json"), payload)
    sys.stdout.write(payload if as_json else text)
    if stop.is_set():
        raise typer.Exit(130)


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
                TextColumn("nightly"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),  # stdout carries the report (and --json)
                transient=True,
            )
            self._bar.__enter__()
            task = self._bar.add_task("nightly", total=None)
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
            if r.outcome is Outcome.FAILED:
                log.warning("[%d/%d] %s", done, total, r.line())
            else:
                log.info("[%d/%d] %s", done, total, r.line())

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
