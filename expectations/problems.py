"""Extraction problems that quarantine a whole notice: a validation rule, applied to the
great-expectations verdict before the load (pipeline/loading.py)."""

from __future__ import annotations

from collections.abc import Iterable

from expectations.result import NOTICE_QUARANTINED, ROW_QUARANTINED, ValidationResult
from extract.errors import Problem
from extract.vocabulary import NoteKind

QUARANTINING_PROBLEMS: frozenset[str] = frozenset({NoteKind.MISALIGNED_ROWS})
"""Problems that make every row of the table suspect: a table whose rows do not fit its
spans has fields shifted in rows nobody can point at with certainty."""


def quarantine_for_problems(
    validation: ValidationResult, problems: Iterable[Problem]
) -> ValidationResult:
    """The validation with every row (and the notice) quarantined for each problem of a
    kind in QUARANTINING_PROBLEMS; unchanged without one."""
    kinds = sorted({p.kind for p in problems if p.kind in QUARANTINING_PROBLEMS})
    if not kinds:
        return validation
    rows: dict[int, tuple[str, list[str]]] = {
        row: (ROW_QUARANTINED, list(dict.fromkeys([*reasons, *kinds])))
        for row, (_, reasons) in validation.row_status.items()
    }
    return ValidationResult(
        row_status=rows,
        notice_status=NOTICE_QUARANTINED,
        notice_reasons=list(dict.fromkeys([*validation.notice_reasons, *kinds])),
        success=False,
    )
