"""Extract: stored documents → `extracted/<document_id>.{jsonl,meta.json}`.

Files only, never DuckDB (but for reading which documents to extract), so extraction
runs in parallel: on every core from the CLI, in mapped tasks from Airflow.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from extract.vocabulary import DocumentStatus, ErrorKind, NoteKind
from pipeline.children import dies_with_this_process
from pipeline.common import Progress, now, silent_progress, warehouse
from pipeline.contracts import ExtractOutcome
from pipeline.pause import pause_point
from pipeline.settings import PARSER_VERSION, Settings


def landing_file(settings: Settings, document_id: str) -> Path:
    """The stored bytes of a document (named by sha256, whatever the extension)."""
    matches = sorted((settings.landing_dir / document_id[:2]).glob(f"{document_id}*"))
    if not matches:
        raise FileNotFoundError(f"no landing file for document {document_id}")
    return matches[0]


def extract_one(
    settings: Settings,
    document_id: str,
    original_name: str | None = None,
    notice_context: dict | None = None,
) -> ExtractOutcome:
    """Extract one stored document into `extracted/<document_id>.{jsonl,meta.json}`.

    `notice_context` (raw.documents.notice_context) fills the metadata the file lacks
    from the notice page it was linked from and the source's declared region.
    Never raises for a bad document: the outcome carries the error kind and message,
    so one broken file never stops the others.
    """
    from extract.api import Failed, NoticePage, extract_to

    outcome: dict[str, Any] = {
        "document_id": document_id,
        "parser_version": PARSER_VERSION,
        "status": DocumentStatus.FAILED.value,
        "error_kind": None,
        "error_message": None,
        "note_kind": None,
        "note_message": None,
        "rows": 0,
        "problems": [],
        "extracted_at": now(),
        "original_name": original_name,
    }
    try:
        pause_point("extract")
        path = landing_file(settings, document_id)
    except FileNotFoundError as exc:
        outcome.update(error_kind=ErrorKind.MISSING_FILE.value, error_message=str(exc))
        return outcome
    written = extract_to(
        path,
        settings.extracted_dir,
        document_id,
        limits=settings.limits,
        name=original_name,
        page=NoticePage(notice_context, document_id),
        scratch=settings.scratch_dir,
    )
    if isinstance(written, Failed):
        outcome.update(
            error_kind=written.kind, error_message=written.message, format=written.format
        )
        return outcome
    extraction, rows_path, meta_path = written.extraction, written.rows_path, written.meta_path

    problems = [{"kind": p.kind, "page": p.page, "text": p.text} for p in extraction.problems]
    outcome.update(
        status=DocumentStatus.EXTRACTED.value,
        format=extraction.kind,
        convert_seconds=extraction.timings.get("convert_seconds", 0.0),
        rows=len(extraction.rows),
        problems=problems,
        rows_path=str(rows_path),
        meta_path=str(meta_path),
    )
    if problems:
        # the first problem names the kind (unplaced_rows, no_text_layer, ...); all of
        # them stay in the outcome for the run's report
        first = problems[0]
        kinds = sorted({p["kind"] for p in problems})
        outcome.update(
            note_kind=first["kind"],
            note_message=f"{len(problems)} problem(s) ({', '.join(kinds)}); "
            f"first on page {first['page']}: {first['text'][:120]}",
        )
    elif not extraction.meta.get("has_task_table"):
        outcome.update(
            note_kind=NoteKind.NO_TASK_TABLE.value, note_message="the notice carries no task table"
        )
    return outcome


def _extract_in_worker(args: tuple[Settings, str, str | None, dict | None]) -> ExtractOutcome:
    return extract_one(*args)


def extract_many(
    settings: Settings,
    documents: list[dict],
    workers: int | None = None,
    progress: Progress | None = None,
) -> list[ExtractOutcome]:
    """Extract documents (dicts with `document_id` and, when known, `original_name`) on
    every core; outcomes in the order of `documents`."""
    progress = progress or silent_progress
    workers = workers or settings.workers or os.cpu_count() or 1
    jobs = [
        (settings, d["document_id"], d.get("original_name"), d.get("notice_context"))
        for d in documents
    ]
    if len(jobs) <= 1 or workers == 1:
        outcomes = []
        for job in jobs:
            outcomes.append(_extract_in_worker(job))
            progress("extract", 1, len(jobs))
        return outcomes
    # Workers die with this process (a SIGKILL included): an orphan would keep extracting
    # and keep the writer lock's descriptor it inherited.
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)), initializer=dies_with_this_process()
    ) as pool:
        outcomes = []
        for outcome in pool.map(_extract_in_worker, jobs, chunksize=1):
            outcomes.append(outcome)
            progress("extract", 1, len(jobs))
        return outcomes


def pending_documents(settings: Settings) -> list[dict]:
    """Registered documents not extracted yet by the current parser."""
    from warehouse.registry import documents_to_extract

    with warehouse(settings) as con:
        return _refs(documents_to_extract(con, PARSER_VERSION))


def documents_to_reprocess(
    settings: Settings,
    *,
    source_id: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict]:
    """Every stored document (of one source, fetched in [since, until)) as extract input."""
    from warehouse.registry import documents_to_extract

    with warehouse(settings) as con:
        return _refs(
            documents_to_extract(
                con, PARSER_VERSION, source_id=source_id, since=since, until=until, all=True
            )
        )


def _refs(documents: Iterable) -> list[dict]:
    """Registry rows as the plain dicts the extract step takes."""
    return [
        {
            "document_id": d["document_id"],
            "original_name": d["original_name"],
            "notice_context": d["notice_context"],
        }
        for d in documents
    ]
