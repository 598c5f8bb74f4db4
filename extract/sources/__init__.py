"""Fetching notices from folders and government portals into the landing store."""

from extract.sources.candidate import Candidate
from extract.sources.config import (
    ConfigError,
    DirSourceConfig,
    HttpSourceConfig,
    SourcesConfig,
    load_config,
)
from extract.sources.fetcher import discover, fetch_candidate, run_sources
from extract.sources.report import (
    FetchedDocument,
    FetchFault,
    FetchReport,
    collect,
)
from extract.sources.state import FetchState, load_state, save_state

__all__ = [
    "Candidate",
    "ConfigError",
    "DirSourceConfig",
    "FetchFault",
    "FetchReport",
    "FetchState",
    "FetchedDocument",
    "HttpSourceConfig",
    "SourcesConfig",
    "collect",
    "discover",
    "fetch_candidate",
    "load_config",
    "load_state",
    "run_sources",
    "save_state",
]
