"""The typed results the steps hand each other (docs/internal_interfaces.md names them).

They are ``TypedDict``s: plain dicts at run time, so they travel through Airflow XCom and
JSON unchanged, while a type checker and a reader see every key a step returns. Each step
(pipeline/fetching.py, extracting.py, loading.py, runs.py) returns one of these; the CLI
and the DAGs read them by these keys.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class FetchFault(TypedDict):
    """A source entry that did not become a document (raw.fetch_faults)."""

    source_id: str | None
    url: str | None
    error_kind: str
    error_message: str
    fetched_at: str


class FailedDocument(TypedDict):
    """A document registered as `failed` by the step that judged it (a fetch registers
    one no reader handles as `unsupported_format`), named as the operator knows it."""

    document_id: str
    original_name: str | None
    error_kind: str
    error_message: str


class FetchResult(TypedDict):
    """`fetching.fetch` / `fetching.register_fetched`: what a fetch registered."""

    new_documents: list[str]  # document ids (sha256) registered by this fetch
    faults: list[dict[str, Any]]  # FetchFault dicts
    failed_documents: list[FailedDocument]  # new documents registered `failed`


class Problem(TypedDict):
    kind: str
    page: int
    text: str


class ExtractOutcome(TypedDict):
    """`extracting.extract_one`: one document's extraction, written as files (no DuckDB)."""

    document_id: str
    parser_version: str
    status: str  # "extracted" or "failed" (extract.vocabulary.DocumentStatus)
    error_kind: str | None  # why it failed (status "failed" only): ErrorKind
    error_message: str | None
    note_kind: str | None  # what an extracted document says: NoteKind (first problem, ...)
    note_message: str | None
    rows: int
    problems: list[Problem]
    extracted_at: str
    format: NotRequired[str | None]
    convert_seconds: NotRequired[float]
    original_name: NotRequired[str | None]


class LoadError(TypedDict):
    document_id: str
    error_kind: str
    error_message: str
    original_name: NotRequired[str | None]


class LoadResult(TypedDict):
    """`loading.validate_and_load`: what the single writer loaded."""

    loaded: int
    quarantined: int
    failed: int
    task_rows: int
    errors: list[LoadError]
    validate_seconds: float
    load_seconds: float


class RunSummary(TypedDict, total=False):
    """`runs.run` / `runs.reprocess`: the raw.load_runs record of a run, plus what the
    CLI prints."""

    run_id: str
    started_at: str
    finished_at: str
    trigger: str
    status: str
    documents_fetched: int
    documents_extracted: int
    documents_failed: int
    documents_quarantined: int
    documents_superseded: int  # loaded, then replaced by a later document of the notice
    notices_loaded: int
    task_rows_loaded: int
    errors: list[LoadError]
    transformed: bool
    published: bool
    fetch_faults: list[dict[str, Any]]
    fetch_failed: list[FailedDocument]  # new documents the fetch registered `failed`
