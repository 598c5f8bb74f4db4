"""The histories' columns served by the test portal, and the sources.yml `publications:`
entries that point at them."""

from __future__ import annotations

from typing import Any

from extract.sources.config import SourcesConfig
from tests.compliance.histories import HISTORIES, History
from tests.sources.fetch_portal import Portal
from tests.sources.publication_portal import serve_columns


def publications_config(
    portal: Portal, histories: tuple[History, ...] = HISTORIES
) -> SourcesConfig:
    entries: list[dict[str, Any]] = []
    for history in histories:
        entry: dict[str, Any] = {
            "id": history.slug,
            "region_adcode": history.adcode,
            "min_interval_s": 0,
            "retries": 0,
            "columns": [
                {"url": portal.url(column.path), **history.column_config[column.key]}
                for column in history.columns
            ],
        }
        if history.grace_days is not None:
            entry["grace_days"] = history.grace_days
        if history.unit_aliases:
            entry["unit_aliases"] = dict(history.unit_aliases)
        entries.append(entry)
    return SourcesConfig.from_dict({"publications": entries})


def serve_histories(portal: Portal, histories: tuple[History, ...] = HISTORIES) -> None:
    serve_columns(portal, [column for history in histories for column in history.columns])
