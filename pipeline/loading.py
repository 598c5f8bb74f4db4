"""Validate + load: extracted files → great-expectations → `raw` (one transaction per notice).

The single writer of `raw.notices` and `raw.task_rows`; a failed extraction is recorded
as `failed`, never dropped.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from extract.vocabulary import DocumentStatus, LoadErrorKind, NoteKind, NoticeStatus
from pipeline.common import Progress, silent_progress, warehouse
from pipeline.contracts import LoadResult
from pipeline.pause import pause_point
from pipeline.settings import Settings

LOAD_BATCH = 100
"""Documents validated and loaded together: bounds memory, amortises checkpoint start-up."""


def _read_extraction(outcome: dict) -> tuple[dict, list[dict]]:
    meta = json.loads(Path(outcome["meta_path"]).read_text(encoding="utf-8"))
    with open(outcome["rows_path"], encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return meta, rows


def validate_and_load(
    settings: Settings, outcomes: list[dict], progress: Progress | None = None
) -> LoadResult:
    """Validate the extracted notices with great-expectations, then load each in one
    transaction. Failed extractions are recorded as `failed`, never dropped."""
    result: dict[str, Any] = {
        "loaded": 0,
        "quarantined": 0,
        "failed": 0,
        "task_rows": 0,
        "errors": [],
        "validate_seconds": 0.0,
        "load_seconds": 0.0,
    }
    if not outcomes:  # nothing new: do not even import great-expectations (seconds)
        return result
    import duckdb

    from expectations.checkpoint import validate_many
    from warehouse.load import LoadError, load_document
    from warehouse.registry import mark_failed, record_formats

    progress = progress or silent_progress
    with warehouse(settings) as con:
        record_formats(con, {o["document_id"]: o["format"] for o in outcomes if o.get("format")})

        def fail(outcome: dict, kind: str, message: str) -> None:
            mark_failed(
                con,
                outcome["document_id"],
                kind,
                message,
                parser_version=outcome.get("parser_version"),
            )
            result["failed"] += 1
            result["errors"].append(
                {
                    "document_id": outcome["document_id"],
                    "original_name": outcome.get("original_name"),
                    "error_kind": kind,
                    "error_message": message,
                }
            )
            progress("load", 1, len(outcomes))

        good = []
        for outcome in outcomes:
            if outcome.get("status") == DocumentStatus.EXTRACTED:
                good.append(outcome)
            else:
                fail(outcome, outcome["error_kind"], outcome["error_message"])
        # Batches keep memory flat however many documents a run brings, while one
        # great-expectations checkpoint per batch (not per notice) keeps validation fast.
        for first in range(0, len(good), LOAD_BATCH):
            batch = good[first : first + LOAD_BATCH]
            extractions = [_read_extraction(o) for o in batch]
            start = time.perf_counter()
            last = first + LOAD_BATCH >= len(good)
            validations = validate_many(  # Data Docs once per run, after the last batch
                extractions, data_docs_dir=settings.data_docs_dir if last else None
            )
            result["validate_seconds"] += time.perf_counter() - start
            start = time.perf_counter()
            for outcome, (meta, rows), validation in zip(
                batch, extractions, validations, strict=True
            ):
                validation = quarantine_for_problems(validation, outcome.get("problems") or [])
                try:
                    load_document(
                        con,
                        outcome["document_id"],
                        meta,
                        rows,
                        validation,
                        outcome["parser_version"],
                        note=(outcome.get("note_kind"), outcome.get("note_message")),
                    )
                except LoadError as exc:  # nothing was written for it; the others go on
                    fail(outcome, exc.kind, exc.message)
                    continue
                except duckdb.Error as exc:  # the document's transaction was rolled back
                    fail(outcome, LoadErrorKind.LOAD_ERROR.value, f"{type(exc).__name__}: {exc}")
                    continue
                result["task_rows"] += len(rows)
                if validation.notice_status == NoticeStatus.QUARANTINED:
                    result["quarantined"] += 1
                else:
                    result["loaded"] += 1
                progress("load", 1, len(outcomes))
                pause_point("load")
            result["load_seconds"] += time.perf_counter() - start
    return result


QUARANTINING_PROBLEMS = (NoteKind.MISALIGNED_ROWS,)
"""Problems that make every row of the table suspect: a table whose rows do not fit its
spans has fields shifted in rows nobody can point at with certainty."""


def quarantine_for_problems(validation, problems: list[dict]):
    """The validation with every row (and the notice) quarantined for each problem of a
    kind in QUARANTINING_PROBLEMS; unchanged without one."""
    from expectations.result import NOTICE_QUARANTINED, ROW_QUARANTINED, ValidationResult

    kinds = sorted({p["kind"] for p in problems if p.get("kind") in QUARANTINING_PROBLEMS})
    if not kinds:
        return validation
    rows = {
        row: (ROW_QUARANTINED, list(dict.fromkeys([*reasons, *kinds])))
        for row, (_, reasons) in validation.row_status.items()
    }
    return ValidationResult(
        row_status=rows,
        notice_status=NOTICE_QUARANTINED,
        notice_reasons=list(dict.fromkeys([*validation.notice_reasons, *kinds])),
        success=False,
    )
