"""Fetch: sources → landing store (files named by sha256) → `raw.documents` / `raw.fetch_faults`.

`fetch_one` writes files only; `register_fetched` and `fetch` write DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from extract.sources.report import FetchedDocument, FetchFault
from extract.version import PARSER_VERSION
from extract.vocabulary import ErrorKind, FailureStage
from pipeline.common import warehouse
from pipeline.contracts import DocumentFailure, FetchResult
from pipeline.lock import writer_lock
from pipeline.settings import Settings


def discover(settings: Settings, config_path: Path | str | None = None) -> list[dict[str, Any]]:
    """The documents each source offers that are not stored yet (Candidate.to_dict each:
    plain JSON, so that Airflow can map a task over them)."""
    from extract.sources import discover as discover_candidates
    from extract.sources import load_config
    from warehouse.registry import known_sha256

    config = load_config(Path(config_path or settings.default_config_path))
    with warehouse(settings) as con:
        known = known_sha256(con)
    return discover_candidates(config, settings.http_state_path, known_sha256=known)


def fetch_one(settings: Settings, candidate: dict[str, Any]) -> FetchedDocument | FetchFault | None:
    """Download or copy one candidate into the landing store; files only, no DuckDB.
    None: unchanged (a 304, or bytes already registered)."""
    from extract.sources import fetch_candidate
    from extract.sources.report import fetch_result_of

    settings.ensure_dirs()
    return fetch_result_of(
        fetch_candidate(candidate, settings.landing_dir, settings.http_state_path)
    )


def register_fetched(
    settings: Settings, results: Iterable[FetchedDocument | FetchFault | None]
) -> FetchResult:
    """Record fetched documents and fetch faults in `raw.documents` / `raw.fetch_faults`."""
    from extract.sources.archives import expand_archives
    from warehouse.registry import (
        record_formats,
        register_faults,
        set_archive_outcome,
        unopened_archives,
    )
    from warehouse.registry import register_fetched as register

    results = list(results)
    with warehouse(settings) as con:
        # archives registered before archives were opened (failed unsupported_format):
        # opened now, so nothing a portal once sent stays unread
        earlier = unopened_archives(con)
    # Archives are opened here, in the one step every fetch path ends in (the CLI run and
    # the Airflow mapped fetches alike): their members are registered as documents.
    fetched = [r for r in results if isinstance(r, FetchedDocument)]
    documents = expand_archives(fetched + earlier, settings.landing_dir)
    faults = [r for r in results if isinstance(r, FetchFault)]
    with warehouse(settings) as con:
        reopened = {d.document_id for d in earlier}
        for document in documents:
            if document.document_id in reopened:
                set_archive_outcome(con, document)
        new = set(register(con, documents, parser_version=PARSER_VERSION))
        register_faults(con, faults)
        record_formats(con, _unsupported_formats(documents))
    # judged at fetch (no reader handles the format): reported by the command that
    # registered them, not left for someone to find in raw.documents
    failed = tuple(
        DocumentFailure(
            label=d.original_name or d.url,
            stage=FailureStage.FETCH,
            error_kind=d.error_kind,
            error_message=d.error_message or "",
            document_id=d.document_id,
            source_id=d.source_id,
            url=d.url,
        )
        for d in documents
        if d.error_kind and d.document_id in new
    )
    return FetchResult(
        new_documents=tuple(d.document_id for d in documents),
        faults=tuple(faults),
        failed_documents=failed,
    )


def _unsupported_formats(documents: list[FetchedDocument]) -> dict[str, str]:
    """The format of each stored file no reader handles (gif, …) and of each archive (zip,
    rar, 7z), named from its bytes as extraction would, so `raw.documents.format` says what
    is waiting for a reader."""
    from extract.sniff import file_format
    from extract.sources.archives import ARCHIVE_CONTENT_TYPES

    formats: dict[str, str] = {}
    for doc in documents:
        archive = doc.content_type in ARCHIVE_CONTENT_TYPES
        if (doc.error_kind == ErrorKind.UNSUPPORTED_FORMAT or archive) and doc.landing_path:
            try:
                kind = file_format(Path(doc.landing_path).read_bytes())
            except OSError:
                continue
            if kind:
                formats[doc.document_id] = kind
    return formats


def fetch(settings: Settings, config_path: Path | str | None = None) -> FetchResult:
    """Run every source of the config and register what it brought in."""
    from extract.sources import load_config, run_sources
    from warehouse.registry import known_sha256

    config = load_config(Path(config_path or settings.default_config_path))
    settings.ensure_dirs()
    with writer_lock(settings.home):  # the HTTP state and the landing store are ours too
        with warehouse(settings) as con:
            known = known_sha256(con)
        report = run_sources(config, settings.landing_dir, known, settings.http_state_path)
        registered = register_fetched(settings, [*report.documents, *report.faults])
        # What units published on their columns (sources.yml `publications:`).
        from pipeline.publications import fetch_configured

        published = fetch_configured(settings, config)
        return replace(
            registered, faults=registered.faults + published.faults, publications=published
        )
