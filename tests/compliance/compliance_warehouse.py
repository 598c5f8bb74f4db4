"""A warehouse holding the notices of tests/compliance/histories.py (loaded the way the
pipeline loads them) and their units' columns fetched from a real HTTP portal on
127.0.0.1 by the pipeline's publications step, then `dbt build` of the compliance marts
and everything upstream (a child process, as `notices transform` runs it)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline import building
from pipeline.contracts import PublicationsResult
from pipeline.publications import fetch_configured
from pipeline.settings import Settings
from tests.compliance.histories import HISTORIES
from tests.compliance.portal_config import publications_config, serve_histories
from tests.dbt.fixture_loader import load_extractions
from tests.sources.fetch_portal import Portal

COMPLIANCE_MARTS = "+fct_unit_compliance +dim_publication +fct_disclosure_obligations"


@dataclass(frozen=True)
class ComplianceWarehouse:
    settings: Settings
    fetched: PublicationsResult

    @property
    def path(self) -> Path:
        return self.settings.warehouse_path


def build_compliance_warehouse(home: Path, portal: Portal) -> ComplianceWarehouse:
    as_of = {h.as_of for h in HISTORIES}
    assert len(as_of) == 1, "one build, one as-of date"
    settings = Settings.from_env(home)
    settings.ensure_dirs()
    outcomes = load_extractions(
        settings.warehouse_path, [h.extraction() for h in HISTORIES], source_id="compliance"
    )
    assert [o.status for o in outcomes] == ["extracted"] * len(HISTORIES), outcomes
    serve_histories(portal)
    fetched = fetch_configured(settings, publications_config(portal))
    previous = os.environ.get("NOTICES_COMPLIANCE_AS_OF")
    os.environ["NOTICES_COMPLIANCE_AS_OF"] = next(iter(as_of)).isoformat()
    try:
        building.transform(
            settings, select=COMPLIANCE_MARTS, docs=False, indirect_selection="cautious"
        )
    finally:
        if previous is None:
            os.environ.pop("NOTICES_COMPLIANCE_AS_OF", None)
        else:
            os.environ["NOTICES_COMPLIANCE_AS_OF"] = previous
    return ComplianceWarehouse(settings, fetched)
