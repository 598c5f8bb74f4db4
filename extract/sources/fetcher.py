"""Run the configured sources: discover candidates, fetch each, report.

`run_sources` does it all in one process. `discover` + `fetch_candidate` split the same
work so that Airflow can map one task per candidate; both take and give plain JSON
(Candidate.to_dict / from_dict, FetchedDocument.to_dict, FetchFault.to_dict), and
`report.collect` merges the mapped results.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Set
from dataclasses import replace
from pathlib import Path
from typing import Any

from extract.sources.candidate import Candidate
from extract.sources.config import (
    DirSourceConfig,
    HttpSourceConfig,
    SourcesConfig,
    check_sources_exist,
    source_from_dict,
    source_to_dict,
)
from extract.sources.dir_source import discover_dir, fetch_file
from extract.sources.http_client import HostPacer, Pacer, SourceClient
from extract.sources.http_source import PageCache, discover_http, fetch_http
from extract.sources.report import (
    FetchedDocument,
    FetchError,
    FetchFault,
    FetchReport,
    utc_now_iso,
)
from extract.sources.state import FetchState, load_state, locked_state, save_state


class _Session:
    """Clients, pacing and the page cache shared by the candidates of one run."""

    def __init__(self, report: FetchReport, pacer: Pacer | None = None) -> None:
        self.report = report
        self.pacer = pacer or HostPacer()
        self.page_cache: PageCache = {}
        self._clients: dict[str, SourceClient] = {}

    def client(self, cfg: HttpSourceConfig) -> SourceClient:
        if cfg.id not in self._clients:
            self._clients[cfg.id] = SourceClient(cfg, self.report, self.pacer)
        return self._clients[cfg.id]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()


@contextlib.contextmanager
def _session(report: FetchReport | None = None, pacer: Pacer | None = None) -> Iterator[_Session]:
    session = _Session(report or FetchReport(), pacer)
    try:
        yield session
    finally:
        session.close()


def _discover(
    config: SourcesConfig, state: FetchState, known: Set[str], session: _Session
) -> list[Candidate]:
    check_sources_exist(config)  # a missing folder or host: ConfigError, before any fetch
    candidates: list[Candidate] = []
    for source in config.sources:
        if isinstance(source, DirSourceConfig):
            candidates += discover_dir(source, state, known, session.report)
        else:
            candidates += discover_http(
                source, session.client(source), state, known, session.page_cache
            )
    return candidates


def _fetch(
    candidate: Candidate,
    config: SourcesConfig,
    *,
    landing_dir: Path,
    known: Set[str],
    state: FetchState,
    session: _Session,
) -> FetchedDocument | FetchFault | None:
    if candidate.kind == "fault":
        return FetchFault(
            candidate.source_id,
            candidate.url,
            candidate.error_kind or "http_error",
            candidate.error_message or "",
            candidate.fetched_at or utc_now_iso(),
        )
    source = config.by_id(candidate.source_id)
    try:
        if isinstance(source, DirSourceConfig):
            return fetch_file(
                candidate, source, landing_dir=landing_dir, known_sha256=known, state=state
            )
        return fetch_http(
            candidate,
            source,
            session.client(source),
            landing_dir=landing_dir,
            known_sha256=known,
            state=state,
            page_cache=session.page_cache,
        )
    except FetchError as err:
        return FetchFault(candidate.source_id, candidate.url, err.kind, err.message, utc_now_iso())


def discover(
    config: SourcesConfig,
    state: FetchState | Path | str,
    *,
    known_sha256: Set[str] = frozenset(),
    pacer: Pacer | None = None,
) -> list[dict[str, Any]]:
    """Everything that may be new, one plain dict (Candidate.to_dict) per candidate;
    faults found on the way (a source down, a foreign link) are candidates of kind
    "fault". Each carries its source's settings, so `fetch_candidate` needs no config.

    With a Path, the state file is read and written back (listing/page validators).
    """
    if isinstance(state, str):
        state = Path(state)
    loaded = load_state(state) if isinstance(state, Path) else state
    with _session(pacer=pacer) as session:
        candidates = _discover(config, loaded, known_sha256, session)
    if isinstance(state, Path):
        with locked_state(state) as current:
            current.entries.update(loaded.entries)
    out = []
    for candidate in candidates:
        previous = loaded.get(candidate.url).get("sha256")
        source = config.by_id(candidate.source_id)
        out.append(
            replace(
                candidate,
                previous_sha256=previous if previous in known_sha256 else None,
                source=source_to_dict(source),
            ).to_dict()
        )
    return out


def fetch_candidate(
    candidate: Candidate | dict[str, Any],
    landing_dir: Path | str,
    state: FetchState | Path | str | None = None,
    *,
    config: SourcesConfig | None = None,
    known_sha256: Set[str] = frozenset(),
    pacer: Pacer | None = None,
) -> dict[str, Any]:
    """Fetch one candidate from `discover`; safe to run in parallel workers.

    Returns a plain dict: a FetchedDocument (has `document_id`), a FetchFault (has
    `error_kind`), or `{"source_id", "url", "unchanged": True, ...}` when the server
    answered 304 or sent bytes that are already registered. With a Path, only this
    candidate's state entry is merged back, under a lock.
    """
    if isinstance(candidate, dict):
        candidate = Candidate.from_dict(candidate)
    if isinstance(state, str):
        state = Path(state)
    landing_dir = Path(landing_dir)
    if config is None:
        if candidate.source is None and candidate.kind != "fault":
            raise ValueError(f"candidate {candidate.url} carries no source settings; pass config")
        config = SourcesConfig(
            sources=(source_from_dict(candidate.source),) if candidate.source else ()
        )
    known = set(known_sha256)
    if candidate.previous_sha256:
        known.add(candidate.previous_sha256)
    if isinstance(state, Path):
        scratch = FetchState({candidate.url: dict(load_state(state).get(candidate.url))})
    else:
        scratch = state if state is not None else FetchState()
    # `pacer`: a shared one (pipeline.politeness) paces parallel workers against each other.
    with _session(pacer=pacer) as session:
        result = _fetch(
            candidate,
            config,
            landing_dir=landing_dir,
            known=known,
            state=scratch,
            session=session,
        )
    if isinstance(state, Path) and scratch.get(candidate.url):
        with locked_state(state) as current:
            current.entries[candidate.url] = scratch.entries[candidate.url]
    if result is None:
        return {
            "source_id": candidate.source_id,
            "url": candidate.url,
            "unchanged": True,
            "fetched_at": utc_now_iso(),
        }
    return result.to_dict()


def run_sources(
    config: SourcesConfig, landing_dir: Path, known_sha256: Set[str], state_path: Path
) -> FetchReport:
    """Fetch every source; each new file once. Faults are recorded, never raised."""
    report = FetchReport()
    state = load_state(state_path)
    seen = set(known_sha256)
    try:
        with _session(report) as session:
            candidates = _discover(config, state, seen, session)
            report.count("candidates", len(candidates))
            for candidate in candidates:
                result = _fetch(
                    candidate,
                    config,
                    landing_dir=landing_dir,
                    known=seen,
                    state=state,
                    session=session,
                )
                if isinstance(result, FetchedDocument):
                    seen.add(result.document_id)
                    report.documents.append(result)
                elif isinstance(result, FetchFault):
                    report.faults.append(result)
                else:
                    report.count("unchanged")
    finally:
        # Whatever was learnt before an interruption still saves requests next time.
        save_state(state_path, state)
    return report
