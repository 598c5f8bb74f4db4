"""Compliance status accuracy: the compliance marts built from two counties' notices and
the publication histories of their units' columns (fetched from a real HTTP portal on
127.0.0.1), against statuses written by hand (tests/compliance/histories.py).

    uv run python -m bench.compliance

Prints, per history, the share of assessable obligation-periods whose status is the
hand-written one, the event-driven obligations judged missed, the kept/late verdicts
without a linked publication, and the listing pages a second fetch reads. 梁山县 is the
history the rules were tuned on; 宁阳县 was written, with its expectations, before the
code first ran on it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb

from extract.sources.publications import run_publication_sources
from pipeline.publications import state_path
from tests.compliance.compliance_warehouse import build_compliance_warehouse
from tests.compliance.histories import HISTORIES
from tests.compliance.portal_config import publications_config
from tests.compliance.scoring import score, verdicts
from tests.sources.fetch_portal import Portal


def main() -> None:
    portal = Portal()
    portal.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-compliance-") as home:
            built = build_compliance_warehouse(Path(home), portal)
            con = duckdb.connect(str(built.path), read_only=True)
            try:
                for history in HISTORIES:
                    found = verdicts(con, history)
                    result = score(history, found)
                    unlinked = sum(
                        1 for v in found if v.status in ("kept", "late") and not v.publication_url
                    )
                    role = "tuned on" if history is HISTORIES[0] else "held out"
                    print(
                        f"{history.county} ({role}): status accuracy "
                        f"{result.correct}/{result.assessable} = {result.accuracy:.3f}; "
                        f"event-driven judged missed: {result.event_driven_missed}; "
                        f"kept/late without a publication: {unlinked}"
                    )
                    for difference in result.differences:
                        print(f"    {difference}")
            finally:
                con.close()
            first_pages = built.fetched.listing_pages
            again = run_publication_sources(
                publications_config(portal).publications, state_path(built.settings)
            )
            columns = sum(len(h.columns) for h in HISTORIES)
            print(
                f"listing pages: first fetch {first_pages}, second fetch "
                f"{sum(again.pages_read.values())} for {columns} columns, "
                f"{len(again.listings)} new items"
            )
    finally:
        portal.stop()


if __name__ == "__main__":
    main()
