"""Fetch publications: the configured portal columns → raw.publication_listings,
raw.publication_sources and raw.fetch_faults. Called by `notices fetch` / `notices run`
(through pipeline.fetching.fetch) and by the ingest DAG's `fetch_publications` task."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.common import warehouse
from pipeline.contracts import PublicationsResult
from pipeline.lock import writer_lock
from pipeline.settings import Settings

if TYPE_CHECKING:
    from extract.sources.config import SourcesConfig


def compliance_as_of() -> str:
    """The date compliance verdicts are made on: NOTICES_COMPLIANCE_AS_OF (YYYY-MM-DD),
    else the build's UTC date."""
    import datetime as dt
    import os

    given = os.environ.get("NOTICES_COMPLIANCE_AS_OF", "").strip()
    if given:
        return dt.date.fromisoformat(given).isoformat()  # a bad date fails loudly here
    return dt.datetime.now(dt.UTC).date().isoformat()


def dbt_vars() -> str:
    """`dbt build --vars`: the as-of date of the compliance marts."""
    import json

    return json.dumps({"compliance_as_of": compliance_as_of()})


def state_path(settings: Settings) -> Path:
    """The column listings' incremental state (apart from the notices' HTTP state)."""
    return settings.landing_dir / "publications_state.json"


def fetch_publications(
    settings: Settings, config_path: Path | str | None = None
) -> PublicationsResult:
    """Read every publication source of the config and store what is new."""
    from extract.sources import load_config

    config = load_config(Path(config_path or settings.default_config_path))
    return fetch_configured(settings, config)


def fetch_configured(settings: Settings, config: SourcesConfig) -> PublicationsResult:
    """Read the publication sources of a loaded config (the notices' fetch passes its own)."""
    from extract.sources.publications import run_publication_sources
    from pipeline.politeness import SharedHostPacer, pacer_folder
    from warehouse.publications import StoredListing, StoredSource, store_publications
    from warehouse.registry import register_faults

    if not config.publications:
        return PublicationsResult()
    settings.ensure_dirs()
    with writer_lock(settings.home):  # the state file and raw are ours while we fetch
        # The pacer shared with the notice fetches: a portal is paced across both.
        report = run_publication_sources(
            config.publications, state_path(settings), SharedHostPacer(pacer_folder(settings.home))
        )
        listings = [StoredListing(**item.to_dict()) for item in report.listings]
        sources = [
            StoredSource(s.source_id, s.region_adcode, s.grace_days, s.columns)
            for s in report.sources
        ]
        with warehouse(settings) as con:
            written = store_publications(con, listings, sources)
            register_faults(con, report.faults)
    return PublicationsResult(
        sources=len(config.publications),
        columns=sum(len(s.columns) for s in config.publications),
        new_listings=written,
        listing_pages=sum(report.pages_read.values()),
        faults=tuple(report.faults),
    )
