"""Extract: stored documents → `extracted/<document_id>.{jsonl,meta.json}`.

Files only, never DuckDB (but for reading which documents to extract), so extraction
runs in parallel: on every core from the CLI, in mapped tasks from Airflow.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import Problem
from extract.version import PARSER_VERSION
from extract.vocabulary import DocumentStatus, ErrorKind, NoteKind
from pipeline.children import dies_with_this_process
from pipeline.common import Progress, now, silent_progress, warehouse
from pipeline.contracts import ExtractJob, ExtractOutcome
from pipeline.pause import pause_point
from pipeline.settings import Settings

if TYPE_CHECKING:
    from warehouse.registry import DocumentRef


def landing_file(settings: Settings, document_id: str) -> Path:
    """The stored bytes of a document (named by sha256, whatever the extension)."""
    matches = sorted((settings.landing_dir / document_id[:2]).glob(f"{document_id}*"))
    if not matches:
        raise FileNotFoundError(f"no landing file for document {document_id}")
    return matches[0]


def extract_one(settings: Settings, job: ExtractJob) -> ExtractOutcome:
    """Extract one stored document into `extracted/<document_id>.{jsonl,meta.json}`.

    `job.notice_context` (raw.documents.notice_context) fills the metadata the file lacks
    from the notice page it was linked from and the source's declared region.
    Never raises for a bad document: the outcome carries the error kind and message,
    so one broken file never stops the others.
    """
    from extract.api import Failed, NoticePage, extract_to

    failed = ExtractOutcome(
        document_id=job.document_id,
        parser_version=PARSER_VERSION,
        status=DocumentStatus.FAILED.value,
        extracted_at=now(),
        original_name=job.original_name,
    )
    try:
        pause_point("extract")
        path = landing_file(settings, job.document_id)
    except FileNotFoundError as exc:
        return replace(failed, error_kind=ErrorKind.MISSING_FILE.value, error_message=str(exc))
    written = extract_to(
        path,
        settings.extracted_dir,
        job.document_id,
        limits=settings.limits,
        name=job.original_name,
        page=NoticePage(job.notice_context, job.document_id),
        scratch=settings.scratch_dir,
    )
    if isinstance(written, Failed):
        return replace(
            failed, error_kind=written.kind, error_message=written.message, format=written.format
        )
    extraction = written.extraction
    problems = tuple(extraction.problems)
    note_kind, note_message = _note(problems, extraction.notice.has_task_table)
    return replace(
        failed,
        status=DocumentStatus.EXTRACTED.value,
        format=extraction.kind,
        convert_seconds=extraction.timings.get("convert_seconds", 0.0),
        rows=len(extraction.tasks),
        problems=problems,
        rows_path=str(written.rows_path),
        meta_path=str(written.meta_path),
        note_kind=note_kind,
        note_message=note_message,
    )


def _note(problems: tuple[Problem, ...], has_task_table: bool) -> tuple[str | None, str | None]:
    """What an extracted document says (note_kind, note_message): the first problem names
    the kind (unplaced_rows, no_text_layer, ...), all of them stay in the outcome."""
    if problems:
        first = problems[0]
        kinds = sorted({p.kind for p in problems})
        return (
            first.kind,
            f"{len(problems)} problem(s) ({', '.join(kinds)}); "
            f"first on page {first.page}: {first.text[:120]}",
        )
    if not has_task_table:
        return NoteKind.NO_TASK_TABLE.value, "the notice carries no task table"
    return None, None


def _extract_in_worker(args: tuple[Settings, ExtractJob]) -> ExtractOutcome:
    return extract_one(*args)


def extract_many(
    settings: Settings,
    jobs: Sequence[ExtractJob],
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[ExtractOutcome]:
    """Extract documents on `workers` processes (default: every core); outcomes in the
    order of `jobs`. The CLI extracts a whole run this way, an Airflow task one batch."""
    progress = progress or silent_progress
    workers = workers or settings.workers or os.cpu_count() or 1
    args = [(settings, job) for job in jobs]
    if len(args) <= 1 or workers == 1:
        outcomes = []
        for arg in args:
            outcomes.append(_extract_in_worker(arg))
            progress("extract", 1, len(args))
        return outcomes
    # Workers die with this process (a SIGKILL included): an orphan would keep extracting
    # and keep the writer lock's descriptor it inherited.
    with ProcessPoolExecutor(
        max_workers=min(workers, len(args)), initializer=dies_with_this_process()
    ) as pool:
        outcomes = []
        for outcome in pool.map(_extract_in_worker, args, chunksize=1):
            outcomes.append(outcome)
            progress("extract", 1, len(args))
        return outcomes


def pending_documents(settings: Settings) -> list[ExtractJob]:
    """Registered documents not extracted yet by the current parser."""
    from warehouse.registry import documents_to_extract

    with warehouse(settings) as con:
        return _jobs(documents_to_extract(con, PARSER_VERSION))


def documents_to_reprocess(
    settings: Settings,
    *,
    source_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[ExtractJob]:
    """Every stored document (of one source, fetched in [since, until)) as extract input."""
    from warehouse.registry import documents_to_extract

    with warehouse(settings) as con:
        return _jobs(
            documents_to_extract(
                con, PARSER_VERSION, source_id=source_id, since=since, until=until, all=True
            )
        )


def _jobs(documents: Iterable[DocumentRef]) -> list[ExtractJob]:
    return [ExtractJob(d.document_id, d.original_name, d.notice_context) for d in documents]
