"""discover + fetch_candidate: the split Airflow maps over, with plain-JSON candidates and
results, parallel workers sharing one state file, and an unchanged second pass."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from extract.sources import collect, discover, fetch_candidate, load_state
from tests.sources.fetch_portal import (
    EXPECTED_DOCUMENTS,
    FAULT_PATHS,
    Portal,
    http_source,
    make_config,
)


def as_json(value: Any) -> Any:
    """What a value looks like after a trip through Airflow XCom."""
    return json.loads(json.dumps(value))


def test_mapped_fetch_matches_run_sources_and_second_pass_is_unchanged(
    portal: Portal, closed_port: int, tmp_path: Path
) -> None:
    config = make_config(
        http_source("portal", portal.url("/col/col1/index.html")),
        http_source("down", f"http://127.0.0.1:{closed_port}/index.html"),
        base_dir=tmp_path,
    )
    landing, state = tmp_path / "landing", tmp_path / "state.json"

    candidates = as_json(discover(config, state, known_sha256=set()))
    kinds = {(c["kind"], c["url"].removeprefix(portal.base)) for c in candidates}
    assert ("page", "/art/2018/notice_b.html") in kinds
    assert ("fault", f"http://127.0.0.1:{closed_port}/index.html") in kinds
    assert all(c["source"]["id"] == c["source_id"] for c in candidates)

    def fetch(candidate: dict[str, Any]) -> dict[str, Any]:
        return as_json(fetch_candidate(candidate, landing, state))

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(fetch, candidates))
    report = collect(results)

    assert sorted(d.url for d in report.documents) == sorted(
        portal.url(p) for p in EXPECTED_DOCUMENTS
    )
    assert {f.url: f.error_kind for f in report.faults if f.source_id == "portal"} == {
        **{portal.url(p): kind for kind, p in FAULT_PATHS.items()},
        "http://www.other-county.gov.cn/art/x.html": "foreign_link",
        "http://cdn.elsewhere.example/att.pdf": "foreign_link",
    }
    # Every parallel worker's validators reached the shared state file.
    entries = load_state(state).entries
    for path in EXPECTED_DOCUMENTS:
        assert entries[portal.url(path)]["sha256"] in {d.document_id for d in report.documents}

    known = {d.document_id for d in report.documents}
    start = len(portal.hits)
    again = as_json(discover(config, state, known_sha256=known))
    assert not [c for c in again if c["kind"] == "page"]  # notice B is registered
    with ThreadPoolExecutor(max_workers=2) as pool:
        second = list(pool.map(fetch, again))
    assert not [r for r in second if "document_id" in r]
    unchanged = {r["url"] for r in second if r.get("unchanged")}
    assert portal.url("/files/2018/yishui.pdf") in unchanged
    assert portal.url("/files/dup/ningyang-copy") in unchanged
    assert collect(second).stats["unchanged"] == len(unchanged)
    downloads = {h.path for h in portal.hits_since(start) if h.status == 200}
    assert downloads <= set(FAULT_PATHS.values())
