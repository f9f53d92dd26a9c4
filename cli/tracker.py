"""The tracker's verbs — ingest, search, tasks, export — registered on the `congvan` app by
`register(app)` (../shared/spec/cli.md). Thin: each verb parses flags and calls the store."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sys
import threading
from collections import Counter
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from congvan.cli.ops import MemoryOption, TimeLimitOption
from congvan.cli.options import CacheOption, DbOption, cache_dir, tracker_of
from congvan.errors import ExitCode
from congvan.operations.intake import IntakeConfig, IntakeReport
from congvan.operations.lane import LanePool
from congvan.operations.sandbox import Limits
from congvan.pipeline.load import DocumentInput
from congvan.tracker import Tracker, open_store
from congvan.tracker.api import (
    Direction,
    Obligation,
    ObligationFilter,
    ObligationStatus,
    Outcome,
    SearchHit,
    Store,
    UnknownObligation,
)
from congvan.tracker.export import ExportFormat, export, obligation_json, vn_date

JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout (ISO dates).")]
AssigneeOption = Annotated[
    str | None, typer.Option("--assignee", help="Body or person (diacritics optional).")
]
StatusOption = Annotated[
    ObligationStatus | None, typer.Option("--status", help="open, in_progress, done, cancelled.")
]


class TaskAction(StrEnum):
    LIST = "list"
    DONE = "done"
    REOPEN = "reopen"
    START = "start"
    CANCEL = "cancel"
    ASSIGN = "assign"  # a leader's direction: --lead, --support, --due
    CONFIRM = "confirm"  # close what an outgoing reply proposes as done


ACTION_STATUS = {
    TaskAction.DONE: ObligationStatus.DONE,
    TaskAction.REOPEN: ObligationStatus.OPEN,
    TaskAction.START: ObligationStatus.IN_PROGRESS,
    TaskAction.CANCEL: ObligationStatus.CANCELLED,
}


def fail(message: str, code: ExitCode = ExitCode.FAILED) -> typer.Exit:
    typer.echo(f"congvan: error: {message}", err=True)
    return typer.Exit(code)


def parse_day(value: str | None, flag: str) -> date | None:
    """ISO (2024-12-31) or day-first as clerks write it (31/12/2024)."""
    if value is None:
        return None
    text = value.strip()
    try:
        if "/" in text:
            d, m, y = (int(p) for p in text.split("/"))
            return date(y, m, d)
        return date.fromisoformat(text)
    except ValueError:
        raise fail(f"{flag}: not a date (want 31/12/2024 or 2024-12-31): {value}", ExitCode.USAGE) from None


def connect(tracker: Tracker) -> Store:
    try:
        return open_store(tracker)
    except Exception as exc:  # noqa: BLE001 — one line on stderr, whatever the driver raised
        raise fail(f"cannot open the tracker {tracker}: {exc}", ExitCode.TRACKER_UNAVAILABLE) from exc


def resolved(doc: DocumentInput) -> DocumentInput:
    """The tracker keeps where a document was read from: an absolute path, whatever the shell gave."""
    return DocumentInput(doc.path.resolve(), tuple(p.resolve() for p in doc.extra_pages))


def take_in(tracker: Tracker, config: IntakeConfig, docs: list[DocumentInput], jobs: int) -> list[IntakeReport]:
    """`docs` through `jobs` intake lanes; the reports in the order of `docs`. A progress bar on a
    terminal (problems printed above it), else one line per document on stderr."""
    stop = threading.Event()
    by_path: dict[Path, IntakeReport] = {}
    bar = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(
            TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            transient=True, console=Console(stderr=True),
        )  # fmt: skip
    with contextlib.ExitStack() as stack:
        if bar is not None:
            stack.enter_context(bar)
            task = bar.add_task("ingest", total=len(docs))
        lanes = stack.enter_context(LanePool(tracker, config, min(jobs, len(docs)), stop, name="ingest"))
        for report in lanes.take_all(docs):
            by_path[report.path] = report
            if bar is None:
                typer.echo(report.line(), err=True)
                continue
            bar.advance(task)
            if not report.stored:
                bar.console.print(report.line(), markup=False)
    return [by_path[d.path] for d in docs]


def ingest_json(r: IntakeReport) -> dict[str, Any]:
    if not r.stored:
        return {"path": str(r.path), "outcome": r.outcome.value, "stage": r.stage, "reason": r.reason}
    return {
        "path": str(r.path),
        "outcome": r.outcome.value,
        "document_id": r.document_id,
        "obligations_added": r.obligations_added,
        "duplicate_of": r.duplicate_of,
        "number": r.number,
        "status": r.record_status,
    }


def status_summary(counts: dict[ObligationStatus, int]) -> str:
    total = sum(counts.values())
    return f"{total} nhiệm vụ: " + ", ".join(f"{n} {s.value}" for s, n in counts.items())


def task_line(o: Obligation, today: date) -> str:
    due = vn_date(o.due) if o.due else "—"
    if o.due and o.due < today and o.status in (ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS):
        due += " (quá hạn)"
    who = "; ".join(o.lead or o.assignees) or "—"
    text = " ".join(o.text.split())
    text = text if len(text) <= 100 else text[:99] + "…"
    return f"#{o.id:<5} {o.status.value:<11} {due:<22} {o.document_number or '(không số)':<18} {who[:40]:<40} {text}"


def register(app: typer.Typer) -> None:
    """Add the tracker verbs to the `congvan` app."""

    @app.command()
    def ingest(
        paths: Annotated[list[Path], typer.Argument(help="Files or folders to extract and store.")],
        db: DbOption = None,
        ocr: Annotated[str, typer.Option("--ocr", help="auto, always or never.")] = "auto",
        cache: CacheOption = True,
        jobs: Annotated[
            int, typer.Option("--jobs", "-j", min=1, help="Documents extracted in parallel.")
        ] = 1,
        time_limit: TimeLimitOption = 1200.0,
        memory_limit: MemoryOption = 2048,
        outgoing: Annotated[
            bool, typer.Option("--outgoing", help="The office's own documents (văn bản đi), e.g. replies.")
        ] = False,
        auto_close: Annotated[
            bool,
            typer.Option("--auto-close", help="With --outgoing: close what a reply answers, without confirmation."),
        ] = False,
        as_json: JsonOption = False,
    ) -> None:
        """Extract and store into the tracker; idempotent by file content. Each document is read in a
        worker process with a time limit and a memory cap, as in the drop folder; files stay where they are."""
        from congvan.pipeline.load import discover
        from congvan.pipeline.settings import OcrMode, Settings

        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise fail(f"no such file or folder: {', '.join(missing)}", ExitCode.USAGE)
        tracker = tracker_of(db)
        try:
            settings = Settings(ocr=OcrMode(ocr), cache_dir=cache_dir(cache), local_vocabulary=tracker.vocabulary)
        except ValueError:
            raise fail(f"--ocr: want auto, always or never, not {ocr}", ExitCode.USAGE) from None
        docs, _ = discover(paths)
        if not docs:
            raise fail("no documents found (PDF, DOCX, TXT, PNG, JPEG, TIFF)", ExitCode.USAGE)
        connect(tracker).close()  # a tracker that cannot be opened is one line, before any worker starts
        from congvan.tracker.vocabulary import refresh_local_vocabulary

        refresh_local_vocabulary(tracker)  # names clerks corrected, for extraction to read
        if auto_close and not outgoing:
            raise fail("--auto-close goes with --outgoing", ExitCode.USAGE)
        config = IntakeConfig(
            settings,
            Limits(time_s=time_limit, memory_bytes=memory_limit * 2**20),
            direction=Direction.OUT if outgoing else Direction.IN,
            auto_close=auto_close,
        )
        reports = take_in(tracker, config, [resolved(d) for d in docs], jobs)
        outcomes = Counter(r.outcome.value for r in reports)
        for r in reports:
            if r.outcome is Outcome.DUPLICATE_NUMBER:
                typer.echo(
                    f"{r.path}: trùng số {r.number} với văn bản #{r.duplicate_of} — liên kết", err=True
                )
        answered = replies_of(tracker, reports) if outgoing else {}
        for doc_id, found in answered.items():
            verb = "đã đóng" if auto_close else "đề nghị hoàn thành"
            ids = ", ".join(f"#{o.id}" for o in found)
            typer.echo(f"văn bản đi #{doc_id}: {verb} {len(found)} nhiệm vụ ({ids})", err=True)
        if as_json:
            for r in reports:
                line = ingest_json(r)
                if outgoing and r.document_id is not None:
                    line["answers"] = [o.id for o in answered.get(r.document_id, [])]
                typer.echo(json.dumps(line, ensure_ascii=False))
        typer.echo(
            f"{len(docs)} documents: " + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())), err=True
        )
        if any(not r.stored for r in reports):
            raise typer.Exit(ExitCode.FAILED)

    @app.command()
    def search(
        query: Annotated[str, typer.Argument(help="Words, a number or a symbol; diacritics optional.")],
        db: DbOption = None,
        assignee: AssigneeOption = None,
        status: StatusOption = None,
        due_before: Annotated[
            str | None, typer.Option("--due-before", help="31/12/2024 or 2024-12-31.")
        ] = None,
        due_after: Annotated[str | None, typer.Option("--due-after")] = None,
        overdue: Annotated[bool, typer.Option("--overdue", help="Open tasks past their deadline.")] = False,
        issuer: Annotated[str | None, typer.Option("--issuer")] = None,
        doc_type: Annotated[
            str | None, typer.Option("--type", help="Document type slug, e.g. cong_van.")
        ] = None,
        issued_from: Annotated[str | None, typer.Option("--issued-from")] = None,
        issued_to: Annotated[str | None, typer.Option("--issued-to")] = None,
        limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 20,
        as_json: JsonOption = False,
    ) -> None:
        """Full-text search over obligations and documents, ranked, diacritics-insensitive."""
        flt = ObligationFilter(
            assignee=assignee,
            status=status,
            due_before=parse_day(due_before, "--due-before"),
            due_after=parse_day(due_after, "--due-after"),
            overdue_on=date.today() if overdue else None,
            issuer=issuer,
            document_type=doc_type,
            issued_from=parse_day(issued_from, "--issued-from"),
            issued_to=parse_day(issued_to, "--issued-to"),
            limit=limit,
        )
        store = connect(tracker_of(db))
        try:
            hits = store.search(query, flt)
        finally:
            store.close()
        if as_json:
            for h in hits:
                typer.echo(json.dumps(hit_json(h), ensure_ascii=False))
            return
        for h in hits:
            label = "nhiệm vụ" if h.kind == "obligation" else "văn bản"
            typer.echo(f"[{label} #{h.id}] {h.title}\n    {h.snippet}")
        typer.echo(f"{len(hits)} kết quả", err=True)

    @app.command()
    def tasks(
        action: Annotated[
            TaskAction,
            typer.Argument(help="list, done ID, reopen ID, start ID, cancel ID, assign ID, confirm ID."),
        ] = (TaskAction.LIST),
        obligation_id: Annotated[
            int | None, typer.Argument(metavar="ID", help="Task id (a document id with --document).")
        ] = None,
        lead: Annotated[
            list[str] | None, typer.Option("--lead", help="assign: the unit in charge (chủ trì); repeatable.")
        ] = None,
        support: Annotated[
            list[str] | None, typer.Option("--support", help="assign: a supporting unit (phối hợp); repeatable.")
        ] = None,
        due: Annotated[
            str | None, typer.Option("--due", help="assign: the deadline (31/12/2024 or 2024-12-31).")
        ] = None,
        whole_document: Annotated[
            bool, typer.Option("--document", help="assign/confirm: ID is a document: all its open tasks.")
        ] = False,
        unit: Annotated[
            str | None, typer.Option("--unit", help="list: a unit's open tasks, undated ones included.")
        ] = None,
        proposed: Annotated[
            bool, typer.Option("--proposed", help="list: tasks a reply proposes as done, awaiting confirmation.")
        ] = False,
        db: DbOption = None,
        overdue: Annotated[bool, typer.Option("--overdue", help="Open tasks past their deadline.")] = False,
        due_within: Annotated[
            int | None, typer.Option("--due-within", min=0, help="Open tasks due in the next DAYS days.")
        ] = None,
        assignee: AssigneeOption = None,
        status: StatusOption = None,
        show_all: Annotated[bool, typer.Option("--all", help="Include done and cancelled tasks.")] = False,
        note: Annotated[str | None, typer.Option("--note", help="Why (kept in the task's history).")] = None,
        who: Annotated[
            str | None, typer.Option("--who", help="Who changes the status (default: $USER).")
        ] = None,
        limit: Annotated[int, typer.Option("--limit", min=1)] = 200,
        as_json: JsonOption = False,
    ) -> None:
        """The obligation tracker: list tasks, mark them done or reopen them with a note."""
        store = connect(tracker_of(db))
        try:
            if action is not TaskAction.LIST:
                if obligation_id is None:
                    raise fail(f"tasks {action.value} needs a task ID", ExitCode.USAGE)
                if action in (TaskAction.ASSIGN, TaskAction.CONFIRM):
                    ids = task_ids(store, obligation_id, whole_document)
                    if action is TaskAction.CONFIRM:
                        confirm(store, ids, who or current_user(), as_json)
                        return
                    if not lead and not support and due is None:
                        raise fail("tasks assign needs --lead, --support or --due", ExitCode.USAGE)
                    day = parse_day(due, "--due")
                    assign(store, ids, lead or [], support or [], day, who or current_user(), note, as_json)
                    return
                change_status(
                    store, obligation_id, ACTION_STATUS[action], who or current_user(), note, as_json
                )
                return
            today = date.today()
            flt = ObligationFilter(
                assignee=assignee,
                status=status,
                active_only=not show_all and status is None,
                overdue_on=today if overdue else None,
                due_after=today if due_within is not None else None,
                due_before=today + timedelta(days=due_within) if due_within is not None else None,
                limit=limit,
            )
            if unit is not None:
                found = store.unit_obligations(unit, active_only=flt.active_only, limit=limit)
            elif proposed:
                found = store.proposed_done(limit)
            else:
                found = store.obligations(flt)
            counts = store.status_counts(ObligationFilter(assignee=assignee))
        finally:
            store.close()
        if as_json:
            for o in found:
                typer.echo(json.dumps(obligation_json(o), ensure_ascii=False))
            typer.echo(json.dumps({"summary": {s.value: n for s, n in counts.items()}}), err=True)
            return
        for o in found:
            typer.echo(task_line(o, today))
        typer.echo(status_summary(counts))

    @app.command("export")
    def export_cmd(
        fmt: Annotated[
            ExportFormat, typer.Option("--format", help="csv, jsonl, ics, so-den, so-giai-quyet, gold.")
        ],
        db: DbOption = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="Write here instead of stdout (gold: the folder).")
        ] = None,
    ) -> None:
        """Obligations out to other tools; the Nghị định 30 registers as CSV; gold: each corrected
        document as a gold record (named by its SHA-256) for `congvan eval`."""
        if fmt is ExportFormat.GOLD:
            export_gold(db, out)
            return
        store = connect(tracker_of(db))
        try:
            text = export(store, fmt)
        finally:
            store.close()
        if out is None:
            sys.stdout.write(text)
            return
        from congvan.files import write_atomic

        write_atomic(out, text)
        typer.echo(f"wrote {out}", err=True)


def replies_of(tracker: Tracker, reports: list[IntakeReport]) -> dict[int, list[Obligation]]:
    """The obligations each stored outgoing document answers (proposed or closed), by its id."""
    store = connect(tracker)
    try:
        return {
            r.document_id: found
            for r in reports
            if r.stored and r.document_id is not None and (found := store.answered_obligations(r.document_id))
        }
    finally:
        store.close()


def task_ids(store: Store, number: int, whole_document: bool) -> list[int]:
    """The task `number`, or with --document the open tasks of document `number`."""
    if not whole_document:
        return [number]
    active = (ObligationStatus.OPEN, ObligationStatus.IN_PROGRESS)
    ids = [o.id for o in store.document_obligations(number) if o.status in active]
    if not ids:
        raise fail(f"document #{number} has no open task", ExitCode.FAILED)
    return ids


def assign(
    store: Store,
    ids: list[int],
    lead: list[str],
    support: list[str],
    due: date | None,
    who: str,
    note: str | None,
    as_json: bool,
) -> None:
    try:
        done = store.assign(ids, lead, support, due, who, note)
    except UnknownObligation as exc:
        raise fail(f"no task #{exc.args[0]}", ExitCode.FAILED) from None
    for o in done:
        if as_json:
            typer.echo(json.dumps(obligation_json(o), ensure_ascii=False))
        else:
            due_text = vn_date(o.due) if o.due else "chưa có hạn"
            heads, helpers = "; ".join(o.lead) or "—", "; ".join(o.supporting) or "—"
            typer.echo(f"#{o.id} → chủ trì: {heads}; phối hợp: {helpers}; hạn {due_text}")


def confirm(store: Store, ids: list[int], who: str, as_json: bool) -> None:
    closed = store.confirm_done(ids, who)
    if as_json:
        typer.echo(json.dumps({"closed": closed, "who": who}, ensure_ascii=False))
    else:
        listed = ": " + ", ".join(f"#{i}" for i in closed) if closed else ""
        typer.echo(f"{len(closed)} nhiệm vụ đã hoàn thành{listed}")
    if not closed:
        raise fail("no task proposed as done by a reply among these", ExitCode.FAILED)


def export_gold(db: str | None, out: Path | None) -> None:
    from congvan.tracker.gold import write_gold

    if out is None:
        raise fail("--format gold writes a folder: give --out DIR", ExitCode.USAGE)
    store = connect(tracker_of(db))
    try:
        written = write_gold(store, out)
    finally:
        store.close()
    typer.echo(f"wrote {len(written)} gold records to {out}", err=True)


def current_user() -> str:
    try:
        return os.environ.get("CONGVAN_USER") or getpass.getuser()
    except OSError:
        return "unknown"


def change_status(
    store: Store, obligation_id: int, status: ObligationStatus, who: str, note: str | None, as_json: bool
) -> None:
    try:
        store.set_status(obligation_id, status, who, note)
    except UnknownObligation:
        raise fail(f"no task #{obligation_id}", ExitCode.FAILED) from None
    if as_json:
        typer.echo(
            json.dumps(
                {"id": obligation_id, "status": status.value, "who": who, "note": note}, ensure_ascii=False
            )
        )
    else:
        typer.echo(f"#{obligation_id} → {status.value}" + (f" ({note})" if note else ""))


def hit_json(h: SearchHit) -> dict[str, Any]:
    return {
        "kind": h.kind,
        "id": h.id,
        "document_id": h.document_id,
        "title": h.title,
        "snippet": h.snippet,
        "rank": h.rank,
    }
