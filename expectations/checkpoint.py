"""Run the suites through GX checkpoints and turn the results into row/notice verdicts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from expectations.context import checkpoints_for
from expectations.frames import Item, frequencies_frame, notices_frame, rows_frame
from expectations.labels import NOTICE_QUARANTINE_SHARE
from expectations.result import (
    NOTICE_OK,
    NOTICE_QUARANTINED,
    ROW_OK,
    ROW_QUARANTINED,
    ROW_WARN,
    ValidationResult,
)
from expectations.suites import FREQUENCIES_SUITE, HARD, NOTICES_SUITE, ROWS_SUITE
from extract.contract import TaskRow

MOST_ROWS_QUARANTINED = "most_rows_quarantined"


class SuiteError(RuntimeError):
    """An expectation could not be evaluated (a bug in the suite, not bad data)."""


_FRAMES: dict[str, Callable[[Sequence[Item]], pd.DataFrame]] = {
    ROWS_SUITE: rows_frame,
    FREQUENCIES_SUITE: frequencies_frame,
    NOTICES_SUITE: notices_frame,
}


def validate_notice(notice: Item, *, data_docs_dir: Path | None = None) -> ValidationResult:
    return validate_many([notice], data_docs_dir=data_docs_dir)[0]


def validate_many(
    items: Sequence[Item], *, data_docs_dir: Path | None = None
) -> list[ValidationResult]:
    """Validate many notices in one checkpoint run per frame (far faster than one per notice).

    Returns one ValidationResult per item, in order.
    """
    if not items:
        return []
    checkpoints = checkpoints_for(data_docs_dir)
    # failures[(notice_key, row)] -> [(name, severity)]; row None = a notice-level failure
    failures: dict[tuple[int, int | None], list[tuple[str, str]]] = defaultdict(list)
    for frame_name, build in _FRAMES.items():
        frame = build(items)
        if frame.empty:
            continue  # e.g. a notice without a task table has no rows to check
        result = checkpoints.by_frame[frame_name].run(batch_parameters={"dataframe": frame})
        for validation in result.run_results.values():
            for outcome in validation.results:
                _collect(outcome, frame_name, len(items), failures)
    by_notice: dict[int, dict[int | None, list[tuple[str, str]]]] = defaultdict(dict)
    for (key, row), found in failures.items():
        by_notice[key][row] = found
    return [_verdict(item.rows, by_notice.get(key, {})) for key, item in enumerate(items)]


def _collect(
    outcome: Any,
    frame_name: str,
    item_count: int,
    failures: dict[tuple[int, int | None], list[tuple[str, str]]],
) -> None:
    config = outcome.expectation_config
    meta = config.meta or {}
    name, severity = meta.get("name", config.type), meta.get("severity", HARD)
    info = outcome.exception_info or {}
    if info.get("raised_exception"):
        raise SuiteError(
            f"{frame_name}: {name} ({config.type}) raised: {info.get('exception_message')}"
        )
    if outcome.success:
        return
    index_list = (outcome.result or {}).get("unexpected_index_list")
    if index_list is None:
        # No per-row detail: blame every notice of the batch rather than pass silently.
        for key in range(item_count):
            failures[(key, None)].append((name, severity))
        return
    for entry in index_list:
        key = int(entry["notice_key"])
        row = entry.get("row")
        row_number = None if frame_name == NOTICES_SUITE or pd.isna(row) else int(row)
        if frame_name != NOTICES_SUITE and row_number is None:
            severity = HARD  # a row without a number cannot be placed: the notice is at fault
        failures[(key, row_number)].append((name, severity))


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _verdict(
    rows: Sequence[TaskRow], failures: dict[int | None, list[tuple[str, str]]]
) -> ValidationResult:
    """One notice's verdict from its failures (keyed by row; None = the notice itself)."""
    row_status: dict[int, tuple[str, list[str]]] = {record.row: (ROW_OK, []) for record in rows}
    for row, found in failures.items():
        if row is None:
            continue
        hard = any(severity == HARD for _, severity in found)
        row_status[row] = (ROW_QUARANTINED if hard else ROW_WARN, _unique([n for n, _ in found]))
    notice_found = failures.get(None, [])
    notice_reasons = _unique([name for name, _ in notice_found])
    quarantined = any(severity == HARD for _, severity in notice_found)
    bad_rows = sum(1 for status, _ in row_status.values() if status == ROW_QUARANTINED)
    if rows and bad_rows / len(rows) > NOTICE_QUARANTINE_SHARE:
        quarantined = True
        notice_reasons.append(MOST_ROWS_QUARANTINED)
    success = not notice_found and all(status == ROW_OK for status, _ in row_status.values())
    return ValidationResult(
        row_status=row_status,
        notice_status=NOTICE_QUARANTINED if quarantined else NOTICE_OK,
        notice_reasons=notice_reasons,
        success=success,
    )
