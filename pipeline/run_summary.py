"""What an ingest run did, counted from the warehouse rather than from what was attempted.

`validate_and_load` says how many documents it tried and how many rows they carried; a
document whose notice is held by a newer document (superseded) loads no rows, and a
notice without a task table loads none either. The summary here asks `raw` which of the
run's documents hold their notice and how many rows `raw.task_rows` really has for them,
names every failure by the file name the operator knows, and records the run in
`raw.load_runs` in the same writer session as the load, so nothing after the load needs
the writer slot.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from extract.printable import printable
from extract.vocabulary import DocumentStatus, RunStatus
from pipeline.common import warehouse
from pipeline.loading import validate_and_load
from pipeline.run_records import loaded_run_record
from pipeline.settings import Settings

log = logging.getLogger("notices.ingest")


def _failure(outcome: dict[str, Any], error: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": outcome.get("original_name") or error["document_id"][:12],
        "stage": "extract/load",
        "document_id": error["document_id"],
        "error_kind": error["error_kind"],
        "error_message": error["error_message"],
    }


def raw_counts(con: Any, document_ids: list[str]) -> dict[str, int]:
    """Disjoint counts of the run's documents as `raw` holds them now."""
    if not document_ids:
        return {
            "documents_loaded": 0,
            "documents_quarantined": 0,
            "documents_superseded": 0,
            "documents_without_task_table": 0,
            "task_rows": 0,
        }
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
    keys = (
        "documents_loaded",
        "documents_quarantined",
        "documents_superseded",
        "documents_without_task_table",
        "task_rows",
    )
    return dict(zip(keys, (int(v) for v in row), strict=True))


def load_and_summarise(
    settings: Settings,
    outcomes: list[dict[str, Any]],
    *,
    run_id: str,
    started_at: str,
    candidates: int,
    new_documents: int,
    earlier_failures: list[dict[str, Any]],
    trigger: str = "airflow",
) -> dict[str, Any]:
    """Validate and load the extracted documents, count what `raw` now holds for them,
    record the run in `raw.load_runs`; returns the summary (plain JSON).

    `earlier_failures`: what failed before the load (fetch faults, extract tasks that
    left no outcome), each with `label`, `stage`, `error_kind`, `error_message`."""
    from warehouse.runs import record_run

    loaded = validate_and_load(settings, outcomes)
    by_id = {o["document_id"]: o for o in outcomes}
    failures = [
        *earlier_failures,
        *(_failure(by_id[e["document_id"]], e) for e in loaded["errors"]),
    ]
    lost_extractions = [f for f in earlier_failures if f.get("stage") == "extract"]
    # documents the fetch registered `failed` are documents, not fetch faults
    fetch_failed = [
        f for f in earlier_failures if f.get("stage") == "fetch" and f.get("document_id")
    ]
    attempted = [o["document_id"] for o in outcomes if o.get("status") == DocumentStatus.EXTRACTED]
    with warehouse(settings) as con:
        counts = raw_counts(con, attempted)
        summary: dict[str, Any] = {
            "run_id": run_id,
            "candidates": candidates,
            "new_documents": new_documents,
            **counts,
            "documents_failed": loaded["failed"] + len(lost_extractions) + len(fetch_failed),
            "fetch_faults": len(earlier_failures) - len(lost_extractions) - len(fetch_failed),
            "failures": failures,
        }
        summary["raw_changed"] = counts["documents_loaded"] + counts["documents_quarantined"] > 0
        record_run(
            con,
            loaded_run_record(
                run_id=run_id,
                started_at=started_at,
                trigger=trigger,
                documents_fetched=new_documents,
                loaded={
                    "loaded": counts["documents_loaded"],
                    "quarantined": counts["documents_quarantined"],
                    "failed": summary["documents_failed"],
                    "task_rows": counts["task_rows"],
                },
                timings={"load_seconds": loaded["load_seconds"]},
            ),
        )
    return summary


def record_failed_run(settings: Settings, *, run_id: str, started_at: str, trigger: str) -> None:
    """Mark a run that did not finish as failed in `raw.load_runs`."""
    from warehouse.runs import record_run

    with warehouse(settings) as con:
        record_run(
            con,
            {
                "run_id": run_id,
                "started_at": started_at,
                "finished_at": datetime.now(UTC).isoformat(),
                "trigger": trigger,
                "status": RunStatus.FAILED.value,
            },
        )


def summary_lines(summary: dict[str, Any]) -> list[str]:
    """The summary as log lines: one line of counts, then one line per failure."""
    head = (
        f"ingest summary: {summary['candidates']} candidate(s), "
        f"{summary['new_documents']} new document(s); "
        f"{summary['documents_loaded']} loaded, {summary['documents_quarantined']} quarantined, "
        f"{summary['documents_superseded']} superseded, "
        f"{summary['documents_without_task_table']} without a task table, "
        f"{summary['documents_failed']} failed, {summary['fetch_faults']} fetch fault(s); "
        f"{summary['task_rows']} task rows in raw.task_rows"
    )
    return [head] + [
        printable(f"failed: {f['label']} ({f['stage']}) {f['error_kind']}: {f['error_message']}")
        for f in summary["failures"]
    ]


def airflow_run(dag_run_id: str, start_date: datetime | None) -> tuple[str, str]:
    """The id and start of an Airflow run in `raw.load_runs` (now, if it has no start yet)."""
    started = start_date or datetime.now().astimezone()
    return f"airflow:{dag_run_id}", started.isoformat()


def raw_change(summary: dict[str, Any]) -> str | None:
    """What a run changed in `raw` (for the raw Asset's event), None when it loaded nothing
    (nothing new, or only failures): then nothing downstream needs rebuilding."""
    if not summary.get("raw_changed"):
        return None
    loaded = summary["documents_loaded"] + summary["documents_quarantined"]
    return f"{loaded} document(s) loaded"


def log_summary(summary: dict[str, Any], logger: logging.Logger) -> None:
    """The summary in the log: its counts as info, each failure as a warning."""
    head, *failures = summary_lines(summary)
    logger.info(head)
    for line in failures:
        logger.warning(line)
