"""One vocabulary for the whole warehouse: statuses, roles, error and note kinds, frequencies.

Every stage names these values through the enums below (a ``StrEnum`` member *is* its
string, so it travels through JSON, XCom and DuckDB unchanged). The dbt seeds and the
``accepted_values`` tests of the models hold the same lists; tests/vocabulary checks that
they agree, so a new label is added here first and the test says where else it must go.
"""

from __future__ import annotations

from enum import StrEnum


class Frequency(StrEnum):
    """Publication cadence of a task row (EXTRACTION_SCHEMA.md, "Frequencies")."""

    DAILY = "daily"
    EVERY_5_DAYS = "every_5_days"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"
    PERIODIC = "periodic"
    ONE_OFF = "one_off"
    EVENT_DRIVEN = "event_driven"
    CONTINUOUS = "continuous"
    UNSPECIFIED = "unspecified"


class Role(StrEnum):
    """What a unit does for a task."""

    LEAD = "lead"
    RESPONSIBLE = "responsible"
    COOPERATING = "cooperating"


class DocumentStatus(StrEnum):
    """``raw.documents.status``: where a fetched file stands."""

    FETCHED = "fetched"
    EXTRACTED = "extracted"
    QUARANTINED = "quarantined"
    FAILED = "failed"


class NoticeStatus(StrEnum):
    """``raw.notices.dq_status`` and the notice verdict of a validation."""

    OK = "ok"
    QUARANTINED = "quarantined"


class RowStatus(StrEnum):
    """``raw.task_rows.dq_status``: the verdict of the row expectations."""

    OK = "ok"
    WARN = "warn"
    QUARANTINED = "quarantined"


class ErrorKind(StrEnum):
    """Why a file yields no extraction (``raw.documents.error_kind`` of a ``failed``
    document, `notices extract`); what a document that did load says is a ``NoteKind``."""

    EMPTY = "empty"
    NOT_PDF = "not_pdf"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    NO_TEXT_LAYER = "no_text_layer"
    # a table header line with no table readable under it (a notice with no table at all
    # loads, with the note NoteKind.NO_TASK_TABLE)
    NO_TASK_TABLE = "no_task_table"
    TOO_LARGE = "too_large"
    UNSUPPORTED_FORMAT = "unsupported_format"
    CONVERTER_MISSING = "converter_missing"
    CONVERTER_FAILED = "converter_failed"  # LibreOffice timed out or exited with an error
    PARSER_ERROR = "parser_error"  # a bug of ours on this file: reprocess after the fix
    MISSING_FILE = "missing_file"  # the landing copy of a registered document is gone


class NoteKind(StrEnum):
    """Information about a document that did load (``raw.documents.note_kind``, status
    ``extracted`` or ``quarantined``): the kind of its first extraction problem
    (``extract.errors.Problem.kind``), or what loading it found."""

    SUPERSEDED = "superseded"  # a later document of the same notice replaced it
    NO_TASK_TABLE = "no_task_table"  # a notice without a task table: valid, but said
    UNPLACED_ROWS = "unplaced_rows"  # table content reported as problems, not rows
    MISALIGNED_ROWS = "misaligned_rows"  # rows that do not fit the spans (quarantined)
    LOW_CONFIDENCE = "low_confidence"  # OCR unsure of some characters
    UNREADABLE_PAGE = "unreadable_page"  # a scanned page with no text recognised
