"""Fetch: sources → landing store (files named by sha256) → `raw.documents` / `raw.fetch_faults`.

`fetch_one` writes files only; `register_fetched` and `fetch` write DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from extract.vocabulary import ErrorKind
from pipeline.common import warehouse
from pipeline.contracts import FetchResult
from pipeline.lock import writer_lock
from pipeline.settings import PARSER_VERSION, Settings


def discover(settings: Settings, config_path: Path | str | None = None) -> list[dict]:
    """The documents each source offers that are not stored yet (one dict per candidate)."""
    from extract.sources import discover as discover_candidates
    from extract.sources import load_config
    from warehouse.registry import known_sha256

    config = load_config(Path(config_path or settings.default_config_path))
    with warehouse(settings) as con:
        known = known_sha256(con)
    return discover_candidates(config, settings.http_state_path, known_sha256=known)


def fetch_one(settings: Settings, candidate: dict) -> dict:
    """Download or copy one candidate into the landing store; files only, no DuckDB."""
    from extract.sources import fetch_candidate

    settings.ensure_dirs()
    return fetch_candidate(candidate, settings.landing_dir, settings.http_state_path)


def register_fetched(settings: Settings, results: Iterable[dict]) -> FetchResult:
    """Record fetched documents and fetch faults in `raw.documents` / `raw.fetch_faults`."""
    from warehouse.registry import record_formats, register_faults
    from warehouse.registry import register_fetched as register

    results = list(results)
    documents = [r for r in results if r.get("document_id")]
    # "unchanged" results (a 304, or bytes already registered) are neither.
    faults = [r for r in results if r.get("error_kind") and not r.get("document_id")]
    with warehouse(settings) as con:
        new = set(register(con, documents, parser_version=PARSER_VERSION))
        register_faults(con, faults)
        record_formats(con, _unsupported_formats(documents))
    return {
        "new_documents": [d["document_id"] for d in documents],
        "faults": faults,
        # judged at fetch (no reader handles the format): reported by the command that
        # registered them, not left for someone to find in raw.documents
        "failed_documents": [
            {
                "document_id": d["document_id"],
                "original_name": d.get("original_name") or d.get("url"),
                "error_kind": d["error_kind"],
                "error_message": d.get("error_message") or "",
            }
            for d in documents
            if d.get("error_kind") and d["document_id"] in new
        ],
    }


def _unsupported_formats(documents: list[dict]) -> dict[str, str]:
    """The format of each stored file no reader handles (ofd, zip, …), named from its
    bytes as extraction would, so `raw.documents.format` says what is waiting for a reader."""
    from extract.sniff import file_format

    formats: dict[str, str] = {}
    for doc in documents:
        if doc.get("error_kind") == ErrorKind.UNSUPPORTED_FORMAT and doc.get("landing_path"):
            try:
                kind = file_format(Path(doc["landing_path"]).read_bytes())
            except OSError:
                continue
            if kind:
                formats[doc["document_id"]] = kind
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
        results = [d.to_dict() for d in report.documents] + [f.to_dict() for f in report.faults]
        return register_fetched(settings, results)
