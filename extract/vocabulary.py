"""One vocabulary for the whole warehouse: statuses, roles, error, fault and note kinds,
frequencies.

Every stage names these values through the enums below (a ``StrEnum`` member *is* its
string, so it travels through JSON, XCom and DuckDB unchanged). The dbt seeds and the
``accepted_values`` tests of the models hold the same lists; tests/vocabulary checks that
they agree, so a new label is added here first and the test says where else it must go.
"""

from __future__ import annotations

from enum import StrEnum


class Frequency(StrEnum):
    """Publication cadence of a task row (docs/extraction_schema.md, "Frequencies")."""

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
    # an archive (.zip, .rar, .7z) opened at registration: its members are documents
    UNPACKED = "unpacked"


class RunStatus(StrEnum):
    """``raw.load_runs.status``: where a command's run stands."""

    RUNNING = "running"
    SUCCESS = "success"
    FAILED = "failed"
    INTERRUPTED = "interrupted"  # found still running by a later run: it was killed


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
    # a task row without a unit although its table has unit columns (cut by a page,
    # misread): validation warns on it, and it yields no obligation in the fact table
    NO_UNITS = "no_units"
    READER_FALLBACK = "reader_fallback"  # a PDF read by pdfplumber: PDFium would differ
    # the table read by OCR from a picture inside another format (a scan pasted into a
    # Word file; a scanned PDF page whose invisible OCR text layer was set aside)
    READ_BY_OCR = "read_by_ocr"
    # evidence in the extraction itself that table rows were lost: a gap in the printed
    # row numbers, a row holding two numbers, a table page whose text gave no rows
    MISSING_ROWS = "missing_rows"


class LoadErrorKind(StrEnum):
    """Why an extracted document could not be loaded (``raw.documents.error_kind`` of a
    ``failed`` document, beside the ``ErrorKind`` of extraction); nothing was written."""

    NO_NOTICE_ID = "no_notice_id"
    BAD_ROW_NUMBER = "bad_row_number"
    DUPLICATE_ROW = "duplicate_row"
    NOT_VALIDATED = "not_validated"  # a row without a validation verdict
    UNKNOWN_DOCUMENT = "unknown_document"  # not registered in raw.documents
    LOAD_ERROR = "load_error"  # DuckDB refused the transaction (rolled back)


# Every value raw.documents.error_kind may hold (dbt's accepted_values on stg_documents).
DOCUMENT_ERROR_KINDS: tuple[str, ...] = (*ErrorKind, *LoadErrorKind)


class FetchFaultKind(StrEnum):
    """What went wrong fetching one URL or file (``raw.fetch_faults.error_kind``)."""

    SOURCE_DOWN = "source_down"
    TIMEOUT = "timeout"
    HTTP_ERROR = "http_error"
    NOT_FOUND = "not_found"
    TOO_LARGE = "too_large"
    FOREIGN_REDIRECT = "foreign_redirect"
    FOREIGN_LINK = "foreign_link"
    UNSAFE_NAME = "unsafe_name"
    BAD_CONTENT_TYPE = "bad_content_type"
    UNREADABLE = "unreadable"
    TRUNCATED = "truncated"  # a body shorter than its Content-Length
    LISTING_CUT = "listing_cut"  # a listing with more matching links than max_notices
    SYMLINK = "symlink"  # a link in a folder source that is not followed
    SPECIAL_FILE = "special_file"  # a FIFO, socket or device in a folder source
    NOT_A_FILE = "not_a_file"  # a folder whose name matches the source's glob (x.pdf/)
    ROBOTS_DISALLOWED = "robots_disallowed"  # robots.txt keeps us away (robots_txt: true)
    UNDATED_ITEM = "undated_item"  # a column item whose listing and page print no date


# Faults worth another attempt later (the portal may be back); the others are final.
TRANSIENT_FAULT_KINDS: frozenset[FetchFaultKind] = frozenset(
    {
        FetchFaultKind.SOURCE_DOWN,
        FetchFaultKind.TIMEOUT,
        FetchFaultKind.HTTP_ERROR,
        FetchFaultKind.TRUNCATED,
    }
)


class FailureStage(StrEnum):
    """Where a document of a run failed (``pipeline.contracts.DocumentFailure.stage``)."""

    FETCH = "fetch"
    EXTRACT = "extract"
    LOAD = "load"
    SUMMARY = "summary"  # an entry of the run's summary that stands for several documents


class TaskFailureKind(StrEnum):
    """Failures an Airflow run names in its summary that are not a document's own error
    (never stored in ``raw.documents``)."""

    # an extract task that failed outright (timeout, killed): its documents stay `fetched`
    # and the next run extracts them again
    EXTRACT_TASK_FAILED = "extract_task_failed"
    # the grid's last failed_document entry when failures outnumber the mapped instances
    MORE = "more"


class RunErrorKind(StrEnum):
    """Why a whole command failed (``raw.load_runs.error_kind``, the CLI's one line)."""

    LOCKED = "locked"  # another command held the writer lock past NOTICES_LOCK_TIMEOUT
    DBT_FAILED = "dbt_failed"
    MISSING_FILE = "missing_file"
    INTERRUPTED = "interrupted"  # killed or stopped; marked by the next run
    CONFIG = "config"  # the sources file cannot be read
    WAREHOUSE_BUSY = "warehouse_busy"  # a process outside the pipeline holds the file
    PUBLISH_FAILED = "publish_failed"
    ERROR = "error"  # anything else, named in the message


class Layout(StrEnum):
    """How a notice printed a task row (Contract 1 ``layout``): a table row, or a
    paragraph of a 工作要点 read by the prose stages (extract/prose/)."""

    TABLE = "table"
    PROSE = "prose"


class NoticeKind(StrEnum):
    """What a document is (Contract 1 meta ``kind``): a binding notice, or an
    interpretation (解读, 图解, 问答) that restates one for the public and yields no rows."""

    NOTICE = "notice"
    INTERPRETATION = "interpretation"


class ComplianceStatus(StrEnum):
    """Whether a unit kept one period of an obligation (``fct_obligation_periods``)."""

    KEPT = "kept"  # a matching publication dated on or before the period's due date
    LATE = "late"  # the matching publication is dated after the due date
    MISSED = "missed"  # due (before the as-of date) and no matching publication
    NOT_DUE = "not_due"  # not yet due on the as-of date, nothing published yet
    # event-driven, continuous, periodic or unspecified cadence, a one-off without a
    # deadline, or a requirement with no topic word: no period can be judged
    NOT_ASSESSABLE = "not_assessable"
