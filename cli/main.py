"""`congvan` command line: thin verbs over library calls (../shared/spec/cli.md)."""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from congvan.cli.options import CacheOption, OcrOption, cache_dir
from congvan.errors import ExitCode, run_exit_code
from congvan.files import write_atomic
from congvan.pipeline.load import DocumentInput, discover
from congvan.pipeline.result import DocumentResult, Status
from congvan.pipeline.run import process_many
from congvan.pipeline.settings import OcrMode, Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Read Vietnamese official dispatches into validated JSON records.",
    pretty_exceptions_enable=False,
)
log = logging.getLogger("congvan")

JobsOption = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Documents processed in parallel.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output on stdout.")]


def fail(message: str, code: ExitCode = ExitCode.FAILED) -> typer.Exit:
    """One line on stderr and the exit to raise: `raise fail("…", ExitCode.USAGE)`."""
    typer.echo(f"congvan: error: {message}", err=True)
    return typer.Exit(code)


def output_names(docs: Sequence[DocumentInput]) -> dict[Path, str]:
    """`<stem>.json` per input; inputs sharing a stem keep their suffix so none overwrites another."""
    stems = Counter(d.stem for d in docs)
    return {d.path: (f"{d.stem}.json" if stems[d.stem] == 1 else f"{d.path.name}.json") for d in docs}


def run_with_progress(docs: Sequence[DocumentInput], settings: Settings, jobs: int) -> Iterator[DocumentResult]:
    """A progress bar on a terminal; plain log lines otherwise."""
    if sys.stderr.isatty() and docs:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            transient=True, console=Console(stderr=True),
        ) as progress:
            task = progress.add_task("extracting", total=len(docs))
            for result in process_many(docs, settings, jobs):
                progress.advance(task)
                if result.status in (Status.FAILED, Status.NEEDS_OCR):
                    progress.console.print(result.summary_line(), markup=False)
                yield result
        return
    for result in process_many(docs, settings, jobs):
        typer.echo(result.summary_line(), err=True)
        yield result


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to extract.")],
    out: Annotated[Path | None, typer.Option("--out", help="Write DIR/<stem>.json per input.")] = None,
    ocr: OcrOption = OcrMode.AUTO,
    jobs: JobsOption = 1,
    keep_work: Annotated[
        Path | None, typer.Option("--keep-work", help="Keep extracted text, page images and OCR output here.")
    ] = None,
    as_json: JsonOption = False,
    cache: CacheOption = True,
) -> None:
    """Extract each file (or every supported file under a folder) into one record."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise fail(f"no such file or folder: {', '.join(missing)}", ExitCode.USAGE)
    docs, skipped = discover(paths)
    if not docs:
        raise fail("no documents found (PDF, DOCX, TXT, PNG, JPEG, TIFF)", ExitCode.USAGE)
    settings = Settings(ocr=ocr, keep_work=keep_work, cache_dir=cache_dir(cache))
    names = output_names(docs)
    counts: Counter[str] = Counter()
    failures: list[dict[str, Any]] = []
    failed_codes: list[ExitCode] = []
    for result in run_with_progress(docs, settings, jobs):
        counts[result.status.value] += 1
        if result.record is None:
            failures.append({"path": str(result.path), "stage": result.stage, "reason": result.reason})
            failed_codes.append(result.exit_code)
            continue
        line = result.record.model_dump_json(indent=None)
        if out is not None:
            write_atomic(out / names[result.path], result.record.model_dump_json(indent=2) + "\n")
        else:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()
    summary = {"documents": len(docs), **counts, "skipped_files": len(skipped), "failures": failures}
    if as_json and out is not None:
        typer.echo(json.dumps(summary, ensure_ascii=False))
    typer.echo(
        f"{len(docs)} documents: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        + (f"; {len(skipped)} other files skipped" if skipped else ""),
        err=True,
    )
    code = run_exit_code(failed_codes)
    if code is not ExitCode.OK:
        raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the record."""
    from congvan.schemas.record import json_schema

    typer.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="A corpus folder (docs/ + gold/), or a folder of gold records.")],
    pred: Annotated[Path | None, typer.Argument(help="Folder of predicted records (with a gold folder).")] = None,
    ocr: OcrOption = OcrMode.AUTO,
    jobs: JobsOption = 1,
    out: Annotated[Path | None, typer.Option("--out", help="Also write the predicted records here.")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the table as Markdown.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every mismatch.")] = False,
    as_json: JsonOption = False,
    cache: CacheOption = True,
    half: Annotated[str | None, typer.Option(
        "--half", help="Score one half of the corpus only (MANIFEST.tsv `half`: first, tuning, sealed).")] = None,
) -> None:
    """Per-field precision, recall and F1 (strict, soft, diacritics-folded) against gold records, by half."""
    from congvan.evaluation import evaluate as ev

    # the corpus folder's MANIFEST.tsv names each document's half (beside gold/ when given a gold folder)
    halves = ev.read_halves((gold.parent if pred is not None else gold) / "MANIFEST.tsv")
    if half is not None and half not in set(halves.values()):
        known = ", ".join(sorted(set(halves.values()))) or "none: no MANIFEST.tsv with a half column"
        raise fail(f"no half {half!r} in this corpus (halves: {known})", 2)
    if pred is not None:
        if not gold.is_dir() or not pred.is_dir():
            raise fail("both GOLD_DIR and PRED_DIR must be folders", ExitCode.USAGE)
        pairs = ev.load_pairs(gold, pred)
    else:
        docs_dir, gold_dir = (gold / "docs", gold / "gold") if (gold / "gold").is_dir() else (gold, gold / "gold")
        if not gold_dir.is_dir():
            raise fail(f"{gold} has no gold/ folder", ExitCode.USAGE)
        docs, _ = discover([docs_dir])
        if half is not None:
            docs = [d for d in docs if halves.get(d.stem, ev.UNLISTED) == half]
        settings = Settings(ocr=ocr, cache_dir=cache_dir(cache))
        names = output_names(docs)
        pairs = ev.PairList()
        for result in run_with_progress(docs, settings, jobs):
            gold_file = gold_dir / f"{result.path.stem}.json"
            if not gold_file.exists():
                continue
            predicted = result.record.model_dump(mode="json") if result.record else {}
            if out is not None and result.record is not None:
                write_atomic(out / names[result.path], result.record.model_dump_json(indent=2) + "\n")
            pairs.append((result.path.stem, json.loads(gold_file.read_text(encoding="utf-8")), predicted))
        pairs.sort(key=lambda p: p[0])
    if half is not None:
        pairs = ev.only_half(pairs, halves, half)
    report = ev.score(pairs, halves or None)
    cer_rows = []
    if pred is None and (gold / "labels").is_dir():
        from congvan.evaluation.evaluate_ocr import ocr_cer

        cer_rows = ocr_cer(docs, gold / "labels", settings)
    if as_json:
        from congvan.evaluation.evaluate_ocr import cer_json

        typer.echo(json.dumps({**report.to_json(), "ocr_cer": cer_json(cer_rows)}, ensure_ascii=False, indent=2))
    else:
        from congvan.evaluation.evaluate_ocr import cer_table

        typer.echo(report.to_markdown() if markdown else report.to_table())
        if cer_rows:
            typer.echo("\n" + cer_table(cer_rows))
        if verbose:
            # the sealed half is scored, not studied: its mismatches are listed only when asked by name
            typer.echo(report.mismatches_text(hidden_halves=() if half == "sealed" else ("sealed",)))


from congvan.cli import ops as cli_ops  # noqa: E402 — the operations verbs register themselves on `app`

cli_ops.register(app)


from congvan.cli import tracker as cli_tracker  # noqa: E402 — the tracker verbs need `app` defined above

cli_tracker.register(app)

from congvan.cli import web as cli_web  # noqa: E402 — the web verbs (serve, users)

cli_web.register(app)

from congvan.cli import remind as cli_remind  # noqa: E402 — the reminder digests

cli_remind.register(app)

from congvan.cli import worker as cli_worker  # noqa: E402 — congvan worker (the Celery engine)

cli_worker.register(app)


def main(argv: Sequence[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app(args=list(argv) if argv is not None else None, prog_name="congvan")


if __name__ == "__main__":
    main()
