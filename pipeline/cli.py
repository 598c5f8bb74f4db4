"""The `notices` command: the whole pipeline, or one step of it, without Airflow."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline import steps
from pipeline.docs_server import DocsError
from pipeline.settings import Settings
from pipeline.transform import TransformError

app = typer.Typer(
    help="Disclosure-obligations warehouse: fetch notices, extract their task tables, "
    "validate, load DuckDB, build the dbt marts and publish reporting.duckdb.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
out = Console()

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", help="sources.yml (default: sources.yml at the repo root)."),
]
HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Warehouse folder (default: $NOTICES_HOME or ./warehouse)."),
]


@contextmanager
def _progress_bars():
    """A rich progress bar per stage, fed by the steps' progress callback."""
    with Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bars:
        tasks: dict[str, int] = {}

        def progress(stage: str, advance: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bars.add_task(stage, total=total)
            bars.update(tasks[stage], advance=advance, total=total)

        yield progress


def _print_errors(errors: list[dict], faults: list[dict]) -> None:
    for error in errors:
        console.print(
            f"[red]failed[/red] {error['document_id'][:12]} "
            f"[bold]{error['error_kind']}[/bold]: {error['error_message']}"
        )
    for fault in faults:
        console.print(
            f"[yellow]fetch fault[/yellow] {fault.get('source_id')} {fault.get('url')} "
            f"[bold]{fault.get('error_kind')}[/bold]: {fault.get('error_message')}"
        )


def _print_status(report: dict) -> None:
    if not report.get("database"):
        out.print("The warehouse is empty: run `notices run` first.")
        return
    table = Table(title=f"warehouse: {report['database']}", show_header=False)
    for key, value in report.items():
        if key == "database":
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "-"
        table.add_row(key.replace("_", " "), str(value))
    out.print(table)


@app.command()
def run(config: ConfigOption = None, home: HomeOption = None) -> None:
    """Fetch → extract → validate → load → dbt build → publish, then print a summary."""
    settings = Settings.from_env(home)
    with _progress_bars() as progress:
        summary = steps.run(settings, config, progress=progress)
    _print_errors(summary["errors"], summary["fetch_faults"])
    out.print(
        f"run {summary['run_id'][:8]}: {summary['documents_fetched']} new document(s), "
        f"{summary['notices_loaded']} document(s) loaded "
        f"({summary['documents_quarantined']} quarantined), "
        f"{summary['documents_failed']} failed, {summary['task_rows_loaded']} task rows"
        + ("" if summary["transformed"] else "; nothing new, marts unchanged")
    )
    _print_status(steps.status(settings))


@app.command()
def fetch(config: ConfigOption = None, home: HomeOption = None) -> None:
    """Fetch new documents from every source into the landing store and register them."""
    settings = Settings.from_env(home)
    result = steps.fetch(settings, config)
    _print_errors([], result["faults"])
    out.print(f"{len(result['new_documents'])} new document(s), {len(result['faults'])} fault(s)")


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="PDF or HTML files to extract.")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the outputs.")],
    workers: Annotated[int | None, typer.Option(help="Processes (default: all cores).")] = None,
) -> None:
    """Extract task rows and notice metadata: <stem>.jsonl and <stem>.meta.json per file.

    A bad file prints its error kind and a one-line reason, writes nothing, and the
    other files go on; the exit code is non-zero if any file failed.
    """
    from extract.cli_extract import extract_paths

    raise typer.Exit(extract_paths(files, out_dir, workers))


@app.command()
def load(home: HomeOption = None) -> None:
    """Extract, validate and load every registered document not loaded yet."""
    settings = Settings.from_env(home)
    with _progress_bars() as progress:
        outcomes = steps.extract_many(
            settings, steps.pending_documents(settings), progress=progress
        )
        result = steps.validate_and_load(settings, outcomes, progress=progress)
    _print_errors(result["errors"], [])
    out.print(
        f"{result['loaded']} loaded, {result['quarantined']} quarantined, "
        f"{result['failed']} failed, {result['task_rows']} task rows"
    )


@app.command()
def transform(
    home: HomeOption = None,
    select: Annotated[str | None, typer.Option(help="dbt selector.")] = None,
) -> None:
    """Build the dbt models (seeds, models, tests) and the dbt docs."""
    steps.transform(Settings.from_env(home), select=select)
    out.print("dbt build passed")


@app.command()
def publish(home: HomeOption = None) -> None:
    """Atomically replace reporting.duckdb with a snapshot of the warehouse."""
    out.print(f"published {steps.publish(Settings.from_env(home))}")


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
        summary = steps.reprocess(
            settings, source_id=source, since=since, until=until, progress=progress
        )
    _print_errors(summary["errors"], [])
    out.print(
        f"reprocessed {summary['documents_extracted'] + summary['documents_failed']} "
        f"document(s): {summary['task_rows_loaded']} task rows"
    )


@app.command()
def status(
    home: HomeOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Documents by status, notices, task rows, obligations by frequency, unit coverage."""
    report = steps.status(Settings.from_env(home))
    if as_json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    else:
        _print_status(report)


@app.command()
def docs(
    home: HomeOption = None,
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8580,
) -> None:
    """Serve the dbt docs of reporting.duckdb (every model and column) over HTTP."""
    from pipeline.docs_server import generate, server

    target = generate(Settings.from_env(home))
    httpd = server(target, port)
    out.print(f"dbt docs of the published snapshot: http://127.0.0.1:{port}/ (Ctrl-C stops)")
    out.print(f"one-file copy that opens from disk: {target / 'static_index.html'}")
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()


def main() -> None:
    """Entry point: a failing step prints its reason, not a traceback, and exits 1."""
    try:
        app()
    except steps.StepFailed as exc:
        console.print(f"[red]run failed[/red]: {exc}")
        sys.exit(1)
    except TransformError as exc:
        console.print(f"[red]dbt failed[/red]: {exc}")
        sys.exit(1)
    except DocsError as exc:
        console.print(f"[red]docs failed[/red]: {escape(str(exc))}")
        sys.exit(1)


if __name__ == "__main__":
    main()
