"""The ingest steps as the Airflow DAG runs them: in batches, paced across workers.

`notices_ingest` maps over batches (pipeline.batches) so that no backlog exceeds the
mapping limit, fetches with a pacer shared by every worker process (pipeline.politeness),
and records its run in the load task itself (pipeline.run_summary), so nothing after the
load needs the DuckDB writer slot. Every function takes and returns plain JSON values.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from extract.printable import printable
from pipeline.batches import capped, into_batches
from pipeline.common import warehouse
from pipeline.contracts import LoadResult
from pipeline.extracting import extract_one, pending_documents
from pipeline.fetching import fetch, register_fetched
from pipeline.loading import validate_and_load
from pipeline.politeness import RobotsRules, SharedHostPacer, pacer_folder, robots_fault
from pipeline.run_summary import load_and_summarise
from pipeline.settings import Settings


def _pacer(settings: Settings) -> SharedHostPacer:
    return SharedHostPacer(pacer_folder(settings.home))


def _robots_for(source: dict[str, Any] | None, rules: dict[str, RobotsRules], pacer: Any):
    if not source or source.get("type") != "http" or not source.get("robots_txt"):
        return None
    agent = str(source.get("user_agent") or "*")
    if agent not in rules:
        rules[agent] = RobotsRules(
            agent, pacer=pacer, min_interval_s=float(source.get("min_interval_s") or 0)
        )
    return rules[agent]


# ---------------------------------------------------------------- discover


def discover_batches(
    settings: Settings,
    config_path: Path | str | None,
    *,
    batch_size: int,
    max_batches: int,
) -> list[list[dict[str, Any]]]:
    """Every candidate of every source, in at most `max_batches` batches. A source whose
    robots.txt (when it asks for it) disallows its index becomes a fault candidate."""
    from extract.sources import discover as discover_candidates
    from extract.sources import load_config
    from extract.sources.report import utc_now_iso
    from warehouse.registry import known_sha256

    config = load_config(Path(config_path or settings.default_config_path))
    with warehouse(settings) as con:
        known = known_sha256(con)
    pacer, rules = _pacer(settings), {}
    kept, refused = [], []
    for source in config.sources:
        robots = _robots_for(_source_dict(source), rules, pacer)
        index_url = getattr(source, "index_url", None)
        if robots is not None and index_url and not robots.allowed(index_url):
            fault = robots_fault(source.id, index_url, utc_now_iso())
            refused.append({"kind": "fault", **_fault_candidate(fault)})
        else:
            kept.append(source)
    candidates = discover_candidates(
        replace(config, sources=tuple(kept)),
        settings.http_state_path,
        known_sha256=known,
        pacer=pacer,
    )
    return into_batches([*refused, *candidates], batch_size, max_batches)


def _source_dict(source: Any) -> dict[str, Any]:
    from extract.sources.config import source_to_dict

    return source_to_dict(source)


def _fault_candidate(fault: dict[str, Any]) -> dict[str, Any]:
    from extract.sources.candidate import Candidate

    return Candidate(
        fault["source_id"],
        "fault",
        fault["url"],
        error_kind=fault["error_kind"],
        error_message=fault["error_message"],
        fetched_at=fault["fetched_at"],
    ).to_dict()


# ---------------------------------------------------------------- fetch


def document_label(document: dict[str, Any]) -> str:
    """What the operator knows a stored document by: its original name, else its id."""
    return document.get("original_name") or document["document_id"][:12]


def batch_label(labels: list[str]) -> str:
    """A mapped batch's name in the grid: its first item, and how many more."""
    if not labels:
        return "(empty)"
    return printable(labels[0]) + (f" +{len(labels) - 1}" if len(labels) > 1 else "")


def failures_to_show(failures: list[dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """One entry per failed document for the grid, kept under the mapping limit: past it,
    one entry says how many more (their names are in the summary log and raw.documents)."""
    shown, hidden = capped(failures, max(1, limit - 1))
    if hidden:
        shown.append(
            {
                "label": f"… and {hidden} more failed documents",
                "stage": "summary",
                "error_kind": "more",
                "error_message": "see the summarise task log and raw.documents",
            }
        )
    return shown


def candidates_label(batch: list[dict[str, Any]]) -> str:
    """A fetch batch's name in the grid."""
    return batch_label([candidate_label(c) for c in batch])


def documents_label(documents: list[dict[str, Any]]) -> str:
    """An extract batch's name in the grid."""
    return batch_label([document_label(d) for d in documents])


def failure_label(failure: dict[str, Any]) -> str:
    """A failed document's name in the grid."""
    return printable(failure.get("label") or "?")


def failure_reason(failure: dict[str, Any]) -> str:
    """Why a document failed, in one line for the task log."""
    return printable(
        f"{failure.get('label')}: {failure.get('stage')} failed with "
        f"{failure.get('error_kind')}: {failure.get('error_message')}"
    )


def candidate_label(candidate: dict[str, Any]) -> str:
    """What the operator knows a candidate by: its link title, else the file name."""
    title = candidate.get("title") or candidate.get("original_name")
    if title:
        return str(title)
    url = str(candidate.get("url") or "?")
    return url.rstrip("/").rsplit("/", 1)[-1] or url


def fetch_batch(
    settings: Settings,
    batch: list[dict[str, Any]],
    *,
    retries: int = 0,
    retry_delay_s: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, Any]]:
    """Fetch a batch of candidates, one after another, paced per host across processes.

    A transient fault (portal down, timeout, 5xx) is tried again after `retry_delay_s`,
    doubled each round, up to `retries` more rounds; only the faulty candidates are
    fetched again. Every candidate gives one result (a document, a fault, or unchanged).
    """
    from extract.sources import fetch_candidate
    from extract.sources.report import utc_now_iso
    from extract.vocabulary import TRANSIENT_FAULT_KINDS

    settings.ensure_dirs()
    pacer, rules = _pacer(settings), {}

    def one(candidate: dict[str, Any]) -> dict[str, Any]:
        robots = _robots_for(candidate.get("source"), rules, pacer)
        if robots is not None and candidate.get("kind") != "fault":
            for url in filter(None, (candidate.get("referer"), candidate.get("url"))):
                if not robots.allowed(url):
                    return robots_fault(candidate["source_id"], url, utc_now_iso())
        result = fetch_candidate(
            candidate, settings.landing_dir, settings.http_state_path, pacer=pacer
        )
        return {**result, "label": candidate_label(candidate)}

    results = [one(c) for c in batch]
    delay = retry_delay_s
    for _round in range(retries):
        again = [
            i
            for i, r in enumerate(results)
            if not r.get("document_id") and r.get("error_kind") in TRANSIENT_FAULT_KINDS
        ]
        if not again:
            break
        sleep(delay)
        delay *= 2
        for i in again:
            results[i] = one(batch[i])
    return results


def lost_fetches(
    batches: list[list[dict[str, Any]]], results: list[list[dict[str, Any]] | None]
) -> list[dict[str, Any]]:
    """A fault for every candidate of a batch whose task left no result (it failed
    outright): no candidate disappears silently."""
    from extract.sources.report import utc_now_iso

    arrived = {r.get("url") for batch in results if batch for r in batch}
    return [
        {
            "source_id": c.get("source_id"),
            "url": c.get("url"),
            "label": candidate_label(c),
            "error_kind": "source_down",
            "error_message": "the fetch task failed after its retries (see its log)",
            "fetched_at": utc_now_iso(),
        }
        for batch in batches
        for c in batch
        if c.get("url") not in arrived
    ]


def register_batches(
    settings: Settings,
    batches: list[list[dict[str, Any]]],
    results: list[list[dict[str, Any]] | None],
    *,
    batch_size: int,
    max_batches: int,
) -> dict[str, Any]:
    """Record documents and faults; the documents to extract (new, or left unextracted by
    an earlier run) in batches, and the faults with the names the operator knows."""
    flat = [r for batch in results if batch for r in batch]
    flat += lost_fetches(batches, results)
    registered = register_fetched(settings, flat)
    faults = [
        {**f, "label": f.get("label") or candidate_label(f), "stage": "fetch"}
        for f in registered["faults"]
    ] + [
        # a document the fetch registered `failed` (no reader for its format) is named in
        # the run's summary and the grid like any other failed document
        {**d, "label": d.get("original_name") or d["document_id"][:12], "stage": "fetch"}
        for d in registered["failed_documents"]
    ]
    pending = pending_documents(settings)
    return {
        "documents": into_batches(pending, batch_size, max_batches),
        "new_documents": len(registered["new_documents"]),
        "faults": faults,
    }


# ---------------------------------------------------------------- extract


def extract_batch(settings: Settings, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Extract a batch of stored documents (files only); each outcome carries the
    document's original name, so a failure is reported under the name the operator knows."""
    return [
        {
            **extract_one(
                settings, d["document_id"], d.get("original_name"), d.get("notice_context")
            ),
            "original_name": d.get("original_name"),
        }
        for d in documents
    ]


def lost_extractions(
    documents: list[list[dict[str, Any]]], outcomes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A failure for every document whose extract task left no outcome (it failed
    outright, e.g. past its timeout): the document stays `fetched` and the next run
    extracts it again, but this run's summary names it."""
    done = {o["document_id"] for o in outcomes}
    return [
        {
            "label": document_label(d),
            "stage": "extract",
            "document_id": d["document_id"],
            "error_kind": "extract_task_failed",
            "error_message": "its extract task failed (see the task log); retried next run",
        }
        for batch in documents
        for d in batch
        if d["document_id"] not in done
    ]


def fetch_into_batches(
    settings: Settings, config_path: Path | str | None, *, batch_size: int, max_batches: int
) -> list[list[dict[str, Any]]]:
    """Run every source, register what arrived, and return the documents to extract (the
    new ones and any an earlier run left unextracted) in at most `max_batches` batches:
    the one-DAG pipeline's fetch."""
    fetch(settings, config_path)
    return into_batches(pending_documents(settings), batch_size, max_batches)


def load_batches(settings: Settings, outcomes: list[list[dict[str, Any]] | None]) -> LoadResult:
    """Validate and load the outcomes of every extract batch (the one-DAG pipeline's load)."""
    return validate_and_load(settings, [o for batch in outcomes if batch for o in batch])


def load_run(
    settings: Settings,
    batches: list[list[dict[str, Any]]] | None,
    documents: list[list[dict[str, Any]]] | None,
    outcomes: list[list[dict[str, Any]] | None] | None,
    *,
    run_id: str,
    started_at: str,
    new_documents: int,
    faults: list[dict[str, Any]],
) -> dict[str, Any]:
    """notices_ingest's load: validate and load what the extract batches left (a batch
    whose task failed outright left none: its documents are named as failures), record
    the run, and return its summary (pipeline.run_summary)."""
    present = [o for batch in outcomes or [] if batch for o in batch]
    lost = lost_extractions(list(documents or []), present)
    return load_and_summarise(
        settings,
        present,
        run_id=run_id,
        started_at=started_at,
        candidates=sum(len(b) for b in batches or []),
        new_documents=new_documents,
        earlier_failures=[*faults, *lost],
    )
