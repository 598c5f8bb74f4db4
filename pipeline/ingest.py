"""The ingest stages batch by batch, as the Airflow DAGs map them, paced across workers.

`notices_ingest` maps over batches (pipeline.batches) so that no backlog exceeds the
mapping limit, fetches with a pacer shared by every worker process (pipeline.politeness),
and records its run in the load task itself (pipeline.runs.load_run), so nothing after
the load needs the DuckDB writer slot. Functions take and return the typed records of
pipeline.contracts; the DAG turns them into JSON at the XCom edge. Candidates stay in
their JSON form (extract.sources.candidate.Candidate.to_dict) because Airflow maps a task
over them as they are.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from extract.printable import printable
from extract.sources.report import FetchFault
from extract.vocabulary import FailureStage, FetchFaultKind, TaskFailureKind
from pipeline.batches import capped, into_batches
from pipeline.common import warehouse
from pipeline.contracts import (
    DocumentFailure,
    ExtractJob,
    ExtractOutcome,
    FetchAttempt,
    LoadResult,
    Registered,
    RunSummary,
)
from pipeline.extracting import extract_many, pending_documents
from pipeline.fetching import fetch, register_fetched
from pipeline.loading import validate_and_load
from pipeline.politeness import RobotsRules, SharedHostPacer, pacer_folder, robots_fault
from pipeline.runs import load_and_summarise, record_summary
from pipeline.settings import Settings

Candidate = dict[str, Any]  # Candidate.to_dict(): the JSON form Airflow maps over


def _pacer(settings: Settings) -> SharedHostPacer:
    return SharedHostPacer(pacer_folder(settings.home))


def _robots_for(
    source: dict[str, Any] | None, rules: dict[str, RobotsRules], pacer: SharedHostPacer
) -> RobotsRules | None:
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
) -> list[list[Candidate]]:
    """Every candidate of every source, in at most `max_batches` batches. A source whose
    robots.txt (when it asks for it) disallows its index becomes a fault candidate."""
    from extract.sources import discover as discover_candidates
    from extract.sources import load_config
    from extract.sources.report import utc_now_iso
    from warehouse.registry import known_sha256

    config = load_config(Path(config_path or settings.default_config_path))
    with warehouse(settings) as con:
        known = known_sha256(con)
    pacer, rules = _pacer(settings), dict[str, RobotsRules]()
    kept, refused = [], []
    for source in config.sources:
        robots = _robots_for(_source_dict(source), rules, pacer)
        index_url = getattr(source, "index_url", None)
        if robots is not None and index_url and not robots.allowed(index_url):
            fault = robots_fault(source.id, index_url, utc_now_iso())
            refused.append(_fault_candidate(fault))
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


def _fault_candidate(fault: FetchFault) -> Candidate:
    from extract.sources.candidate import Candidate as CandidateRecord

    return CandidateRecord(
        fault.source_id,
        "fault",
        fault.url,
        error_kind=fault.error_kind,
        error_message=fault.error_message,
        fetched_at=fault.fetched_at,
    ).to_dict()


# ---------------------------------------------------------------- fetch


def batch_label(labels: list[str]) -> str:
    """A mapped batch's name in the grid: its first item, and how many more."""
    if not labels:
        return "(empty)"
    return printable(labels[0]) + (f" +{len(labels) - 1}" if len(labels) > 1 else "")


def failures_to_show(failures: Sequence[DocumentFailure], limit: int) -> list[DocumentFailure]:
    """One entry per failed document for the grid, kept under the mapping limit: past it,
    one entry says how many more (their names are in the summary log and raw.documents)."""
    shown, hidden = capped(list(failures), max(1, limit - 1))
    if hidden:
        shown.append(
            DocumentFailure(
                label=f"… and {hidden} more failed documents",
                stage=FailureStage.SUMMARY,
                error_kind=TaskFailureKind.MORE,
                error_message="see the summarise task log and raw.documents",
            )
        )
    return shown


def candidates_label(batch: list[Candidate]) -> str:
    """A fetch batch's name in the grid."""
    return batch_label([candidate_label(c) for c in batch])


def documents_label(jobs: Sequence[ExtractJob]) -> str:
    """An extract batch's name in the grid."""
    return batch_label([job.label for job in jobs])


def failure_label(failure: DocumentFailure) -> str:
    """A failed document's name in the grid (outside text: printed escaped)."""
    return printable(failure.label or "?")


def failure_reason(failure: DocumentFailure) -> str:
    """Why a document failed, in one line for the task log."""
    return printable(
        f"{failure.label}: {failure.stage} failed with "
        f"{failure.error_kind}: {failure.error_message}"
    )


def candidate_label(candidate: Candidate) -> str:
    """What the operator knows a candidate by: its link title, else the file name."""
    title = candidate.get("title") or candidate.get("original_name")
    if title:
        return str(title)
    url = str(candidate.get("url") or "?")
    return url.rstrip("/").rsplit("/", 1)[-1] or url


def fetch_batch(
    settings: Settings,
    batch: list[Candidate],
    *,
    retries: int = 0,
    retry_delay_s: float = 0.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchAttempt]:
    """Fetch a batch of candidates, one after another, paced per host across processes.

    A transient fault (portal down, timeout, 5xx) is tried again after `retry_delay_s`,
    doubled each round, up to `retries` more rounds; only the faulty candidates are
    fetched again. Every candidate gives one attempt (a document, a fault, or unchanged).
    """
    from extract.sources import fetch_candidate
    from extract.sources.report import fetch_result_of, utc_now_iso
    from extract.vocabulary import TRANSIENT_FAULT_KINDS

    settings.ensure_dirs()
    pacer, rules = _pacer(settings), dict[str, RobotsRules]()

    def one(candidate: Candidate) -> FetchAttempt:
        label, url = candidate_label(candidate), str(candidate.get("url"))
        robots = _robots_for(candidate.get("source"), rules, pacer)
        if robots is not None and candidate.get("kind") != "fault":
            for checked in filter(None, (candidate.get("referer"), candidate.get("url"))):
                if not robots.allowed(checked):
                    fault = robots_fault(candidate["source_id"], checked, utc_now_iso())
                    return FetchAttempt(label, url, fault)
        result = fetch_candidate(
            candidate, settings.landing_dir, settings.http_state_path, pacer=pacer
        )
        return FetchAttempt(label, url, fetch_result_of(result))

    attempts = [one(c) for c in batch]
    delay = retry_delay_s
    for _round in range(retries):
        again = [
            i
            for i, a in enumerate(attempts)
            if isinstance(a.result, FetchFault) and a.result.error_kind in TRANSIENT_FAULT_KINDS
        ]
        if not again:
            break
        sleep(delay)
        delay *= 2
        for i in again:
            attempts[i] = one(batch[i])
    return attempts


def lost_fetches(
    batches: Sequence[Sequence[Candidate]], attempts: Sequence[Sequence[FetchAttempt] | None]
) -> list[FetchAttempt]:
    """A fault for every candidate of a batch whose task left no result (it failed
    outright): no candidate disappears silently."""
    from extract.sources.report import utc_now_iso

    arrived = {a.url for batch in attempts if batch for a in batch}
    return [
        FetchAttempt(
            candidate_label(c),
            str(c.get("url")),
            FetchFault(
                source_id=str(c.get("source_id")),
                url=str(c.get("url")),
                error_kind=FetchFaultKind.SOURCE_DOWN,
                error_message="the fetch task failed after its retries (see its log)",
                fetched_at=utc_now_iso(),
            ),
        )
        for batch in batches
        for c in batch
        if str(c.get("url")) not in arrived
    ]


def register_batches(
    settings: Settings,
    batches: Sequence[Sequence[Candidate]],
    attempts: Sequence[Sequence[FetchAttempt] | None],
    *,
    batch_size: int,
    max_batches: int,
) -> Registered:
    """Record documents and faults; the documents to extract (new, or left unextracted by
    an earlier run) in batches, and the faults with the names the operator knows."""
    flat = [a for batch in attempts if batch for a in batch]
    flat += lost_fetches(batches, attempts)
    registered = register_fetched(settings, [a.result for a in flat])
    labels = {a.url: a.label for a in flat}
    faults = tuple(DocumentFailure.of_fault(f, labels.get(f.url)) for f in registered.faults)
    # a document the fetch registered `failed` (no reader for its format) is named in the
    # run's summary and the grid like any other failed document
    faults += registered.failed_documents
    pending = pending_documents(settings)
    return Registered(
        batches=tuple(tuple(b) for b in into_batches(pending, batch_size, max_batches)),
        new_documents=len(registered.new_documents),
        faults=faults,
    )


# ---------------------------------------------------------------- extract


def extract_batch(settings: Settings, jobs: Sequence[ExtractJob]) -> list[ExtractOutcome]:
    """Extract a batch of stored documents (files only), one after another: the batches
    run in parallel as mapped tasks."""
    return extract_many(settings, jobs, workers=1)


def lost_extractions(
    batches: Sequence[Sequence[ExtractJob]], outcomes: Sequence[ExtractOutcome]
) -> list[DocumentFailure]:
    """A failure for every document whose extract task left no outcome (it failed
    outright, e.g. past its timeout): the document stays `fetched` and the next run
    extracts it again, but this run's summary names it."""
    done = {o.document_id for o in outcomes}
    return [
        DocumentFailure(
            label=job.label,
            stage=FailureStage.EXTRACT,
            error_kind=TaskFailureKind.EXTRACT_TASK_FAILED,
            error_message="its extract task failed (see the task log); retried next run",
            document_id=job.document_id,
        )
        for batch in batches
        for job in batch
        if job.document_id not in done
    ]


def fetch_into_batches(
    settings: Settings, config_path: Path | str | None, *, batch_size: int, max_batches: int
) -> list[list[ExtractJob]]:
    """Run every source, register what arrived, and return the documents to extract (the
    new ones and any an earlier run left unextracted) in at most `max_batches` batches:
    the one-DAG pipeline's fetch."""
    fetch(settings, config_path)
    return into_batches(pending_documents(settings), batch_size, max_batches)


def load_batches(
    settings: Settings, outcomes: Sequence[Sequence[ExtractOutcome] | None]
) -> LoadResult:
    """Validate and load the outcomes of every extract batch (the one-DAG pipeline's load)."""
    return validate_and_load(settings, [o for batch in outcomes if batch for o in batch])


def load_run(
    settings: Settings,
    batches: Sequence[Sequence[Candidate]],
    jobs: Sequence[Sequence[ExtractJob]],
    outcomes: Sequence[Sequence[ExtractOutcome] | None],
    *,
    run_id: str,
    started_at: str,
    new_documents: int,
    faults: Sequence[DocumentFailure],
) -> RunSummary:
    """notices_ingest's load: validate and load what the extract batches left (a batch
    whose task failed outright left none: its documents are named as failures), record
    the run in the same writer session, so nothing after the load needs the writer slot,
    and return its summary."""
    present = [o for batch in outcomes if batch for o in batch]
    lost = lost_extractions(jobs, present)
    summary = load_and_summarise(
        settings,
        present,
        run_id=run_id,
        started_at=started_at,
        trigger="airflow",
        candidates=sum(len(b) for b in batches),
        new_documents=new_documents,
        earlier_failures=[*faults, *lost],
    )
    record_summary(settings, summary)
    return summary
