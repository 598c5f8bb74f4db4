"""The `notices` command: the whole pipeline, or one step of it, without Airflow."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from extract.printable import printable
from extract.vocabulary import FailureStage
from pipeline import building, extracting, fetching, loading, publishing, run_records, runs
from pipeline.common import Progress as ProgressCallback
from pipeline.contracts import DocumentFailure, RunSummary
from pipeline.docs_server import DocsError
from pipeline.run_dbt import TransformError
from pipeline.settings import Settings
from pipeline.status import status as warehouse_status

app = typer.Typer(
    help="Disclosure-obligations warehouse: fetch notices, extract their task tables, "
    "validate, load DuckDB, build the dbt marts and publish reporting.duckdb.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
out = Console()


def _line(*parts: object | tuple[str, str]) -> Text:
    """A line of plain text with styled parts: (text, style) or text. Nothing in it is
    parsed as markup, so a file name, link title, URL or message holding `[/]` or
    `[bold]` prints as it is instead of crashing the command; and every part goes through
    the one printer of outside text (extract/printable.py), so a control character in it
    (ESC, CR, LF, C1) prints as an escape, never acts on the terminal."""
    return Text.assemble(
        *(
            (printable(part[0]), part[1]) if isinstance(part, tuple) else printable(part)
            for part in parts
        )
    )


ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="sources.yml (default: sources.yml at the repo root)."),
]
HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        help="Warehouse folder (default: $NOTICES_HOME, else the warehouse/ folder of this "
        "repository, whatever the working directory).",
    ),
]


@contextmanager
def _progress_bars() -> Iterator[ProgressCallback]:
    """A rich progress bar per stage, fed by the steps' progress callback."""
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bars:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, advance: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], advance=advance, total=total)

        yield progress


def _print_failures(failures: Sequence[DocumentFailure]) -> None:
    """One line per fetch fault, and per failed document (named as the operator knows
    it: its file name, else its id), whichever step failed it."""
    for failure in failures:
        if failure.stage == FailureStage.FETCH and failure.document_id is None:
            head, where = ("fetch fault", "yellow"), f" {failure.source_id} {failure.url} "
        else:
            head, where = ("failed", "red"), f" {failure.label} "
        console.print(
            _line(head, where, (str(failure.error_kind), "bold"), f": {failure.error_message}")
        )


def _print_status(report: dict[str, Any]) -> None:
    if not report.get("database"):
        out.print(_line("The warehouse is empty: run `notices run` first."))
        return
    table = Table(title=_line(f"warehouse: {report['database']}"), show_header=False)
    for key, value in report.items():
        if key == "database":
            continue
        if key == "failed_documents":
            _failed_rows(table, value, report)
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        table.add_row(_line(key.replace("_", " ")), _line(value))
    out.print(table)


def _failed_rows(table: Table, failed: list[dict[str, str]], report: dict[str, Any]) -> None:
    """Each failed document on a line of its own: name, error kind, reason."""
    if not failed:
        return
    total = (report.get("documents") or {}).get("failed", len(failed))
    label = "failed documents" + (
        f" (first {len(failed)} of {total})" if total > len(failed) else ""
    )
    for i, doc in enumerate(failed):
        table.add_row(
            _line(label if i == 0 else ""),
            _line(doc["name"], ": ", (doc["error_kind"], "bold"), f": {doc['error_message']}"),
        )


def _freshness_note(summary: RunSummary) -> str:
    if summary.transformed:
        return ""
    return (
        "; marts current, snapshot republished"
        if summary.published
        else ("; nothing new, marts unchanged")
    )


@app.command()
def run(config: ConfigOption = None, home: HomeOption = None) -> None:
    """Fetch → extract → validate → load → dbt build → publish, then print a summary."""
    settings = Settings.from_env(home)
    with _progress_bars() as progress:
        summary = runs.run(settings, config, progress=progress)
    _print_failures(summary.failures)
    counts = summary.counts
    out.print(
        _line(
            f"run {summary.run_id[:8]}: {summary.new_documents} new document(s), "
            f"{counts.documents_loaded + counts.documents_quarantined} document(s) loaded "
            f"({counts.documents_quarantined} quarantined), "
            f"{counts.documents_superseded} superseded, "
            f"{summary.documents_failed} failed, {counts.task_rows} task rows"
            + _freshness_note(summary)
        )
    )
    _print_status(warehouse_status(settings, snapshot_first=True))


@app.command()
def fetch(config: ConfigOption = None, home: HomeOption = None) -> None:
    """Fetch new documents from every source into the landing store and register them."""
    settings = Settings.from_env(home)
    with run_records.run_context(settings, "notices fetch"):
        result = fetching.fetch(settings, config)
    _print_failures(
        [*result.failed_documents, *(DocumentFailure.of_fault(f) for f in result.faults)]
    )
    out.print(
        _line(
            f"{len(result.new_documents)} new document(s) "
            f"({len(result.failed_documents)} failed), {len(result.faults)} fault(s)"
        )
    )
    published = result.publications
    if published is not None and published.columns:
        out.print(
            f"{published.new_listings} new publication listing(s) from "
            f"{published.columns} column(s), {published.listing_pages} listing page(s) read",
            markup=False,
        )


@app.command()
def extract(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="PDF, HTML, Word (.docx/.doc/.wps) or Excel (.xlsx/.xls) files to extract."
        ),
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs.")],
    workers: Annotated[int | None, typer.Option(help="Processes (default: all cores).")] = None,
) -> None:
    """Extract task rows and notice metadata: <stem>.jsonl and <stem>.meta.json per file.

    A bad file prints its error kind and a one-line reason, writes nothing, and the
    other files go on; the exit code is non-zero if any file failed.
    """
    from extract.cli_extract import extract_paths
    from pipeline.children import dies_with_this_process

    scratch = Settings.from_env().scratch_dir
    raise typer.Exit(
        extract_paths(
            files, out_dir, workers, scratch=scratch, initializer=dies_with_this_process()
        )
    )


@app.command()
def load(home: HomeOption = None) -> None:
    """Extract, validate and load every registered document not loaded yet."""
    settings = Settings.from_env(home)
    with run_records.run_context(settings, "notices load"), _progress_bars() as progress:
        outcomes = extracting.extract_many(
            settings, extracting.pending_documents(settings), progress=progress
        )
        result = loading.validate_and_load(settings, outcomes, progress=progress)
    _print_failures(result.errors)
    out.print(
        _line(
            f"{result.loaded} loaded, {result.quarantined} quarantined, "
            f"{result.failed} failed, {result.task_rows} task rows"
        )
    )


@app.command()
def transform(
    home: HomeOption = None,
    select: Annotated[str | None, typer.Option(help="dbt selector.")] = None,
    full_refresh: Annotated[
        bool,
        typer.Option(
            "--full-refresh",
            help="Rebuild the marts built by notice from scratch (after a seed or rule change).",
        ),
    ] = False,
) -> None:
    """Build the dbt models (seeds, models, tests) and the dbt docs; the fact table is
    built incrementally by notice unless --full-refresh."""
    settings = Settings.from_env(home)
    with run_records.run_context(settings, "notices transform"):
        building.transform(settings, select=select, full_refresh=full_refresh)
    out.print("dbt build passed")


@app.command()
def publish(home: HomeOption = None) -> None:
    """Atomically replace reporting.duckdb with a snapshot of the warehouse."""
    settings = Settings.from_env(home)
    with run_records.run_context(settings, "notices publish"):
        published = publishing.publish(settings)
    out.print(_line(f"published {published}"))


@app.command()
def reprocess(
    home: HomeOption = None,
    source: Annotated[str | None, typer.Option(help="Only this source id.")] = None,
    since: Annotated[str | None, typer.Option(help="Fetched on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Fetched before (YYYY-MM-DD).")] = None,
) -> None:
    """Re-extract stored documents with the current parser, reload, rebuild, publish."""
    settings = Settings.from_env(home)
    with _progress_bars() as progress:
        summary = runs.reprocess(
            settings, source_id=source, since=since, until=until, progress=progress
        )
    _print_failures(summary.failures)
    counts = summary.counts
    processed = (
        counts.documents_loaded
        + counts.documents_quarantined
        + counts.documents_superseded
        + summary.documents_failed
    )
    out.print(_line(f"reprocessed {processed} document(s): {counts.task_rows} task rows"))


@app.command()
def status(
    home: HomeOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Documents by status, notices, task rows, obligations by frequency, unit coverage."""
    report = warehouse_status(Settings.from_env(home))
    if as_json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        _print_status(report)


def _fail(exc: BaseException) -> None:
    """One plain line (never markup, never a traceback): `notices: <kind>: <reason>`."""
    kind, reason = run_records.error_kind(exc), run_records.one_line(exc)
    sys.stderr.write(f"notices: {printable(kind)}: {printable(reason)}\n")
    sys.exit(1)


@app.command()
def calendar(
    unit: Annotated[
        str, typer.Option("--unit", "-u", help="Canonical unit, a spelling, or a unit key.")
    ],
    home: HomeOption = None,
) -> None:
    """Print the path of a unit's iCalendar file (its dated obligations)."""
    from warehouse.calendar import calendar_dir, unit_files

    try:
        paths = unit_files(calendar_dir(Settings.from_env(home).home), unit)
    except FileNotFoundError as exc:
        console.print(_line(("no calendars", "red"), f": {exc}"))
        raise typer.Exit(1) from exc
    if not paths:
        console.print(
            _line(
                ("no calendar", "red"),
                f" for {unit!r}: no unit of that name has a dated obligation",
            )
        )
        raise typer.Exit(1)
    for path in paths:
        # plain: a path is for scripts, never wrapped or marked up
        typer.echo(printable(path))


@app.command()
def docs(
    home: HomeOption = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8580,
) -> None:
    """Serve the dbt docs of reporting.duckdb (every model and column) over HTTP."""
    from pipeline.docs_server import bound_server, generate, require_snapshot

    settings = Settings.from_env(home)
    require_snapshot(settings)
    # the port first: one taken fails in one line now, not after a minute of dbt
    httpd = bound_server(port)
    try:
        out.print(_line("generating the dbt docs of reporting.duckdb (dbt takes a minute)…"))
        target = generate(settings)
    except BaseException:
        httpd.server_close()
        raise
    httpd.serve_from(target)
    out.print(_line(f"dbt docs of the published snapshot: http://127.0.0.1:{port}/ (Ctrl-C stops)"))
    out.print(_line(f"one-file copy that opens from disk: {target / 'static_index.html'}"))
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


def main() -> None:
    """Entry point: a failing step prints its reason, not a traceback, and exits 1."""
    from pipeline.lock import LockTimeout

    expected = (run_records.StepFailed, TransformError, DocsError, LockTimeout, FileNotFoundError)
    try:
        app()
    except expected as exc:
        _fail(exc)
    except Exception as exc:
        if run_records.error_kind(exc) in ("config", "publish_failed", "warehouse_busy"):
            _fail(exc)
        raise


if __name__ == "__main__":
    main()
