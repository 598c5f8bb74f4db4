"""Validate + load: extracted files → great-expectations → `raw` (one transaction per batch
of documents, each document all in or all out).

The single writer of `raw.notices` and `raw.task_rows`; a failed extraction is recorded
as `failed`, never dropped. Which problems quarantine a whole notice is a validation
rule: `expectations.problems`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path

from extract.contract import ContractError, NoticeRecords
from extract.vocabulary import FailureStage, LoadErrorKind, NoticeStatus
from pipeline.common import Progress, silent_progress, warehouse
from pipeline.contracts import DocumentFailure, ExtractOutcome, LoadResult
from pipeline.pause import pause_point
from pipeline.settings import Settings

LOAD_BATCH = 100
"""Documents validated and loaded together: bounds memory, amortises checkpoint start-up."""


def _read_extraction(outcome: ExtractOutcome) -> NoticeRecords:
    """Contract 1 as written by extraction, read back into records at the file edge.
    Raises ContractError for a file that cannot be records (no notice id, a row without
    a number or numbered twice, a file that is not JSON)."""
    assert outcome.meta_path is not None and outcome.rows_path is not None
    try:
        meta = json.loads(Path(outcome.meta_path).read_text(encoding="utf-8"))
        with open(outcome.rows_path, encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle if line.strip()]
    except (OSError, ValueError) as error:  # ours, but a disk or a kill can spoil it
        raise ContractError(
            LoadErrorKind.LOAD_ERROR, f"extraction files unreadable: {error}"
        ) from None
    return NoticeRecords.from_json(meta, rows)


class _Tally:
    """What one validate_and_load call did, counted as it goes."""

    def __init__(self) -> None:
        self.loaded = self.quarantined = self.task_rows = 0
        self.errors: list[DocumentFailure] = []
        self.validate_seconds = self.load_seconds = 0.0

    def result(self) -> LoadResult:
        return LoadResult(
            loaded=self.loaded,
            quarantined=self.quarantined,
            failed=len(self.errors),
            task_rows=self.task_rows,
            errors=tuple(self.errors),
            validate_seconds=self.validate_seconds,
            load_seconds=self.load_seconds,
        )


def validate_and_load(
    settings: Settings, outcomes: Sequence[ExtractOutcome], progress: Progress | None = None
) -> LoadResult:
    """Validate the extracted notices with great-expectations, then load each batch in one
    transaction (warehouse.loader.load_documents), each document all in or all out.
    Failed extractions are recorded as `failed`, never dropped."""
    if not outcomes:  # nothing new: do not even import great-expectations (seconds)
        return LoadResult()

    from expectations.checkpoint import validate_many
    from expectations.problems import quarantine_for_problems
    from warehouse.loader import LoadError, LoadItem, load_documents
    from warehouse.registry import mark_failed, record_formats

    progress = progress or silent_progress
    tally = _Tally()
    with warehouse(settings) as con:
        record_formats(con, {o.document_id: o.format for o in outcomes if o.format})

        def fail(outcome: ExtractOutcome, kind: str, message: str, stage: str) -> None:
            mark_failed(
                con, outcome.document_id, kind, message, parser_version=outcome.parser_version
            )
            tally.errors.append(
                DocumentFailure(
                    label=outcome.label,
                    stage=stage,
                    error_kind=kind,
                    error_message=message,
                    document_id=outcome.document_id,
                )
            )
            progress("load", 1, len(outcomes))

        good = []
        for outcome in outcomes:
            if outcome.extracted:
                good.append(outcome)
            else:
                fail(
                    outcome,
                    outcome.error_kind or LoadErrorKind.LOAD_ERROR,
                    outcome.error_message or "",
                    FailureStage.EXTRACT,
                )
        # Batches keep memory flat however many documents a run brings, while one
        # great-expectations checkpoint per batch (not per notice) keeps validation fast.
        for first in range(0, len(good), LOAD_BATCH):
            batch, extractions = [], []
            for outcome in good[first : first + LOAD_BATCH]:
                try:
                    extractions.append(_read_extraction(outcome))
                    batch.append(outcome)
                except ContractError as error:  # nothing of it is loaded; the rest go on
                    fail(outcome, error.kind, error.message, FailureStage.LOAD)
            start = time.perf_counter()
            last = first + LOAD_BATCH >= len(good)
            validations = validate_many(  # Data Docs once per run, after the last batch
                extractions, data_docs_dir=settings.data_docs_dir if last else None
            )
            tally.validate_seconds += time.perf_counter() - start
            start = time.perf_counter()
            items = [
                LoadItem(
                    outcome.document_id,
                    notice,
                    quarantine_for_problems(validation, outcome.problems),
                    outcome.parser_version,
                    note=(outcome.note_kind, outcome.note_message),
                )
                for outcome, notice, validation in zip(batch, extractions, validations, strict=True)
            ]
            # one transaction per batch, written set-based; each document all in or all out
            loaded = load_documents(con, items)
            for outcome, item, done in zip(batch, items, loaded, strict=True):
                if isinstance(done, LoadError):  # nothing was written for it
                    fail(outcome, done.kind, done.message, FailureStage.LOAD)
                    continue
                tally.task_rows += len(item.notice.rows)
                if item.validation.notice_status == NoticeStatus.QUARANTINED:
                    tally.quarantined += 1
                else:
                    tally.loaded += 1
                progress("load", 1, len(outcomes))
                pause_point("load")
            tally.load_seconds += time.perf_counter() - start
    return tally.result()
