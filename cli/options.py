"""Options shared by the CLI verbs (extract/eval, the tracker, the drop folder, the web)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from congvan.errors import ExitCode
from congvan.pipeline.settings import OcrMode
from congvan.tracker.url import Tracker, open_tracker

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Tracker URL: sqlite:///FILE or postgresql://… (default $CONGVAN_DB or sqlite:///congvan.db).",
    ),
]
OcrOption = Annotated[OcrMode, typer.Option("--ocr", help="auto: OCR image pages only; always; never.")]
CacheOption = Annotated[
    bool, typer.Option("--cache/--no-cache", help="Reuse OCR output of pages seen before ($CONGVAN_CACHE).")
]


def cache_dir(enabled: bool) -> Path | None:
    """Where OCR output is cached by page-content hash: $CONGVAN_CACHE, else the user cache. The
    web draws a scan's evidence from it, so every verb that reads documents fills it."""
    if not enabled:
        return None
    root = os.environ.get("CONGVAN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "congvan"
    )
    return Path(root)


def tracker_of(db: str | None) -> Tracker:
    """The door for --db: the URL (or $CONGVAN_DB, or the default) parsed once; a URL no engine
    takes is a usage error (exit code 2)."""
    try:
        return open_tracker(db)
    except ValueError as exc:
        typer.echo(f"congvan: error: --db: {exc}", err=True)
        raise typer.Exit(2) from None


BrokerOption = Annotated[
    str | None,
    typer.Option("--broker", help="Celery broker: redis://HOST:PORT/DB (default $CONGVAN_BROKER or redis://localhost:6379/0)."),
]
HighWaterOption = Annotated[
    int,
    typer.Option("--high-water", min=1, help="--engine celery: stop enqueuing while the queue holds this many."),
]
VisibilityOption = Annotated[
    int | None,
    typer.Option(
        "--visibility-timeout",
        min=1,
        help="Seconds before an unacknowledged document goes to another worker (default: 1.25 × time limit + 300).",
    ),
]


def check_broker(url: str) -> None:
    """A usage error for a broker URL Celery's Redis transport does not take; exit 4 if it is down."""
    import redis

    if not url.startswith(("redis://", "rediss://", "unix://")):
        typer.echo(f"congvan: error: --broker: want redis://HOST:PORT/DB, got {url}", err=True)
        raise typer.Exit(ExitCode.USAGE)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.exceptions.RedisError as exc:
        typer.echo(f"congvan: error: cannot reach the broker {url}: {exc}", err=True)
        raise typer.Exit(ExitCode.TRACKER_UNAVAILABLE) from None
