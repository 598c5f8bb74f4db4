"""Two mapped fetch batches, in two processes, against one host of the test portal
(tests/sources/fetch_portal.py): with the pacer shared through NOTICES_HOME their requests
are never closer than the source's min_interval_s; with only a per-process pacer (what a
single `notices run` uses) the same two processes hit the host closer than that."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sources.fetch_portal import Portal, Resource

MIN_INTERVAL_S = 1.5
PER_WORKER = 3

_WORKER = """
import json, sys, time
from pathlib import Path
from pipeline.settings import Settings
from pipeline import ingest
from extract.sources import fetch_candidate
from extract.sources.report import FetchedDocument

home, batch, mode, go = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
settings = Settings.from_env(home=home)
while not go.exists():  # start together with the other worker
    time.sleep(0.01)
if mode == "shared":
    fetched = [isinstance(a.result, FetchedDocument) for a in ingest.fetch_batch(settings, batch)]
else:
    settings.ensure_dirs()
    fetched = [bool(fetch_candidate(c, settings.landing_dir).get("document_id")) for c in batch]
print(json.dumps(fetched))
"""


@pytest.fixture()
def portal() -> Iterator[tuple[Portal, list[float]]]:
    arrivals: list[float] = []
    server = Portal()
    for i in range(2 * PER_WORKER):

        def body(i: int = i) -> bytes:
            arrivals.append(time.time())
            return b"%PDF-1.4\n% attachment " + str(i).encode() + b"\n%%EOF\n"

        server.routes[f"/files/{i}.pdf"] = Resource(body, "application/pdf")
    server.start()
    try:
        yield server, arrivals
    finally:
        server.stop()


def _candidates(portal: Portal) -> list[dict]:
    from extract.sources.candidate import Candidate
    from extract.sources.config import SourcesConfig, source_to_dict

    config = SourcesConfig.from_dict(
        {
            "sources": [
                {
                    "id": "county",
                    "type": "http",
                    "index_url": portal.url("/index.html"),
                    "min_interval_s": MIN_INTERVAL_S,
                    "retries": 0,
                }
            ]
        }
    )
    source = source_to_dict(config.sources[0])
    return [
        Candidate("county", "attachment", portal.url(f"/files/{i}.pdf"), source=source).to_dict()
        for i in range(2 * PER_WORKER)
    ]


def _two_workers(portal: Portal, home: Path, mode: str) -> None:
    candidates = _candidates(portal)
    home.parent.mkdir(parents=True, exist_ok=True)
    go = home.parent / f"go-{mode}"
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WORKER,
                str(home),
                json.dumps(candidates[n::2]),
                mode,
                str(go),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    try:
        time.sleep(0.5)
        go.touch()
        outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    finally:
        for worker in workers:
            worker.kill()
            worker.wait()
    for worker, out in zip(workers, outputs, strict=True):
        assert worker.returncode == 0
        assert json.loads(out.strip().splitlines()[-1]) == [True] * PER_WORKER


def _gaps(arrivals: list[float]) -> list[float]:
    times = sorted(arrivals)
    return [b - a for a, b in zip(times, times[1:], strict=False)]


def test_two_mapped_fetches_never_hit_one_host_closer_than_min_interval(
    portal: tuple[Portal, list[float]], tmp_path: Path
) -> None:
    server, arrivals = portal
    _two_workers(server, tmp_path / "shared" / "warehouse", "shared")
    assert len(arrivals) == 2 * PER_WORKER
    gaps = _gaps(arrivals)
    print("gaps with the shared pacer:", [round(g, 3) for g in gaps])
    # Arrival times carry the jitter of a loaded machine on top of the client's spacing.
    assert min(gaps) >= MIN_INTERVAL_S - 0.3, gaps


def test_without_the_shared_pacer_two_workers_would_hit_the_host_together(
    portal: tuple[Portal, list[float]], tmp_path: Path
) -> None:
    server, arrivals = portal
    _two_workers(server, tmp_path / "local" / "warehouse", "local")
    gaps = _gaps(arrivals)
    print("gaps with per-process pacers:", [round(g, 3) for g in gaps])
    # fetch_candidate paces within one call only; the two workers' requests interleave.
    assert min(gaps) < MIN_INTERVAL_S / 2, gaps
