"""What a run did, counted from the warehouse rather than from what was attempted, and
how it is told (CLI lines, Airflow task log, the raw Asset's event).

`validate_and_load` says how many documents it tried and how many rows they carried; a
document whose notice is held by a newer document (superseded) loads no rows, and a
notice without a task table loads none either. `raw_counts` asks `raw` which of the
run's documents hold their notice and how many rows `raw.task_rows` really has for them.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import duckdb

from extract.printable import printable
from extract.vocabulary import RunStatus
from pipeline.common import warehouse
from pipeline.contracts import RawCounts, RunSummary
from pipeline.settings import Settings

log = logging.getLogger("notices.ingest")


def raw_counts(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> RawCounts:
    """Disjoint counts of the run's documents as `raw` holds them now."""
    if not document_ids:
        return RawCounts()
    row = con.execute(
        """
        with run_docs as (select unnest($ids::varchar[]) as document_id)
        select
            count(*) filter (where n.notice_id is not null and d.status = 'extracted'),
            count(*) filter (where n.notice_id is not null and d.status = 'quarantined'),
            count(*) filter (where n.notice_id is null and d.note_kind = 'superseded'),
            count(*) filter (where n.notice_id is not null and not coalesce(n.has_task_table, false)),
            (select count(*) from raw.task_rows t
              where t.document_id in (select document_id from run_docs))
        from run_docs r
        join raw.documents d using (document_id)
        left join raw.notices n on n.document_id = r.document_id
        """,
        {"ids": document_ids},
    ).fetchone()
    assert row is not None  # an aggregate always gives a row
    loaded, quarantined, superseded, without_table, task_rows = (int(v) for v in row)
    return RawCounts(loaded, quarantined, superseded, without_table, task_rows)


def record_failed_run(settings: Settings, *, run_id: str, started_at: str, trigger: str) -> None:
    """Mark a run that did not finish as failed in `raw.load_runs`."""
    from warehouse.load_runs import LoadRun, record_run

    with warehouse(settings) as con:
        record_run(
            con,
            LoadRun(
                run_id=run_id,
                started_at=started_at,
                finished_at=datetime.now(UTC).isoformat(),
                trigger=trigger,
                status=RunStatus.FAILED.value,
            ),
        )


def summary_lines(summary: RunSummary) -> list[str]:
    """The summary as log lines: one line of counts, then one line per failure."""
    counts = summary.counts
    head = (
        f"ingest summary: {summary.candidates} candidate(s), "
        f"{summary.new_documents} new document(s); "
        f"{counts.documents_loaded} loaded, {counts.documents_quarantined} quarantined, "
        f"{counts.documents_superseded} superseded, "
        f"{counts.documents_without_task_table} without a task table, "
        f"{summary.documents_failed} failed, {len(summary.fetch_faults)} fetch fault(s); "
        f"{counts.task_rows} task rows in raw.task_rows"
    )
    return [head] + [
        printable(f"failed: {f.label} ({f.stage}) {f.error_kind}: {f.error_message}")
        for f in summary.failures
    ]


def airflow_run(dag_run_id: str, start_date: datetime | None) -> tuple[str, str]:
    """The id and start of an Airflow run in `raw.load_runs` (now, if it has no start yet)."""
    started = start_date or datetime.now().astimezone()
    return f"airflow:{dag_run_id}", started.isoformat()


def raw_change(summary: RunSummary) -> str | None:
    """What a run changed in `raw` (for the raw Asset's event), None when it loaded nothing
    (nothing new, or only failures): then nothing downstream needs rebuilding."""
    if not summary.raw_changed:
        return None
    loaded = summary.counts.documents_loaded + summary.counts.documents_quarantined
    return f"{loaded} document(s) loaded"


def log_summary(summary: RunSummary, logger: logging.Logger) -> None:
    """The summary in the log: its counts as info, each failure as a warning."""
    head, *failures = summary_lines(summary)
    logger.info(head)
    for line in failures:
        logger.warning(line)
