"""`congvan worker`: a Celery worker whose one task is the intake lane's `take(document)`, and the
options `--engine celery` adds to `congvan nightly` and `congvan watch` (operations/celery_app.py,
operations/distributed.py)."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from congvan.cli.options import (
    BrokerOption,
    CacheOption,
    DbOption,
    OcrOption,
    VisibilityOption,
    check_broker,
    tracker_of,
)
from congvan.errors import ExitCode
from congvan.pipeline.settings import OcrMode


def register(app: typer.Typer) -> None:
    app.command("worker")(worker_cmd)


def worker_cmd(
    db: DbOption = None,
    broker: BrokerOption = None,
    concurrency: Annotated[
        int | None, typer.Option("--concurrency", "-c", min=1, help="Documents read at once (default: the cores).")
    ] = None,
    queues: Annotated[
        str,
        typer.Option("--queues", "-Q", help="Queues to serve, first served first: live (drop folder), batch."),
    ] = "live,batch",
    archive: Annotated[
        Path | None,
        typer.Option("--archive", help="Where live documents go once stored (default: 'archive' beside their inbox)."),
    ] = None,
    failed: Annotated[
        Path | None,
        typer.Option(
            "--failed",
            help="Where unreadable documents go (default: 'failed' beside the inbox for live ones; "
            "nightly ones stay in place).",
        ),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="Worker name (default: congvan@HOST); unique per machine.")
    ] = None,
    ocr: OcrOption = OcrMode.AUTO,
    cache: CacheOption = True,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=1, help="Seconds one document may take before its reader is stopped.")
    ] = 1200.0,
    memory_limit: Annotated[int, typer.Option("--memory-limit", min=512, help="MiB per reader process.")] = 2048,
    visibility_timeout: VisibilityOption = None,
    loglevel: Annotated[str, typer.Option("--loglevel", help="Celery's log level.")] = "INFO",
    split_pages: Annotated[
        int,
        typer.Option(
            "--split-pages",
            min=0,
            help="OCR the pages of a scan with more pages than this on several workers at once (while"
            " the queue is short); needs the OCR cache. 0: a document is read by one worker.",
        ),
    ] = 0,
) -> None:
    """Read documents from the broker's queues into the shared tracker (the Celery engine)."""
    from dataclasses import replace

    from congvan.cli.ops import intake_config
    from congvan.operations.celery_app import WorkerContext, broker_url, install, make_app
    from congvan.operations.celery_app import visibility_timeout as default_visibility
    from congvan.tracker import open_store

    url = broker_url(broker)
    check_broker(url)
    tracker = tracker_of(db)
    try:
        open_store(tracker).close()  # create and migrate once, before the pool processes race on it
    except Exception as exc:  # noqa: BLE001 — any engine's error: say it once and stop
        typer.echo(f"congvan: error: cannot open the tracker {tracker}: {exc}", err=True)
        raise typer.Exit(ExitCode.TRACKER_UNAVAILABLE) from None
    cores = os.cpu_count() or 1
    concurrency = concurrency or cores
    config = intake_config(ocr, time_limit, memory_limit, ocr_jobs=max(1, cores // concurrency), cache=cache)
    visibility = visibility_timeout or default_visibility(time_limit)
    if visibility <= time_limit:
        typer.echo(
            f"congvan: error: --visibility-timeout {visibility} must exceed --time-limit {time_limit:g}: "
            "a document still being read would be given to a second worker",
            err=True,
        )
        raise typer.Exit(ExitCode.USAGE)
    app = make_app(url, visibility)
    context = WorkerContext(tracker, replace(config), url, archive=archive, failed=failed, split_pages=split_pages)
    install(app, context)
    worker = app.Worker(
        hostname=name or f"congvan@{socket.gethostname()}",
        concurrency=concurrency,
        queues=[q.strip() for q in queues.split(",") if q.strip()],
        loglevel=loglevel,
        pool="prefork",
        without_gossip=True,
        without_mingle=True,
        optimization="fair",
    )
    worker.start()
    raise typer.Exit(worker.exitcode or 0)
