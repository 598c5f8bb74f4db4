"""The typed records the steps hand each other (docs/internal_interfaces.md names them).

Frozen dataclasses: one definition per name, checked by mypy (scripts/test.sh). They
become JSON only at the edges: `to_json()` for Airflow XCom and logs, `from_json()` when
a task reads an upstream task's value. Each step of pipeline/ (fetching, extracting,
loading, runs) takes and returns these; the CLI and the DAGs read their attributes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any, Self

from extract.errors import Problem
from extract.sources.report import FetchedDocument, FetchFault, fetch_result_of
from extract.vocabulary import DocumentStatus, FailureStage

Json = dict[str, Any]  # a JSON object at an edge (XCom, a file): never passed between stages


def _known(cls: type, data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of `cls` present in `data` (an XCom value may carry more)."""
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def _plain(value: Any) -> Any:
    """Tuples as lists, all the way down: the value as JSON gives it back."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class JsonRecord:
    """A frozen dataclass that crosses an XCom edge as a JSON object of its fields."""

    def to_json(self) -> Json:
        assert is_dataclass(self) and not isinstance(self, type)  # every subclass is one
        return _plain(asdict(self))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(**_known(cls, data))


def document_label(document_id: str, original_name: str | None) -> str:
    """What the operator knows a stored document by: its original name, else its id."""
    return original_name or document_id[:12]


@dataclass(frozen=True)
class ExtractJob(JsonRecord):
    """A stored document to extract: its id, the name its source gave it, and what the
    notice page that linked it says (raw.documents.notice_context)."""

    document_id: str
    original_name: str | None = None
    notice_context: Json | None = None

    @property
    def label(self) -> str:
        """What the operator knows the document by: its original name, else its id."""
        return document_label(self.document_id, self.original_name)


@dataclass(frozen=True)
class ExtractOutcome(JsonRecord):
    """`extracting.extract_one`: one document's extraction, written as files (no DuckDB)."""

    document_id: str
    parser_version: str
    status: str  # extracted | failed (DocumentStatus)
    extracted_at: str
    error_kind: str | None = None  # why it failed (status failed only): ErrorKind
    error_message: str | None = None
    note_kind: str | None = None  # what an extracted document says: NoteKind (first problem…)
    note_message: str | None = None
    rows: int = 0
    problems: tuple[Problem, ...] = ()
    format: str | None = None
    convert_seconds: float = 0.0
    original_name: str | None = None
    rows_path: str | None = None
    meta_path: str | None = None

    @property
    def extracted(self) -> bool:
        return self.status == DocumentStatus.EXTRACTED

    @property
    def label(self) -> str:
        return document_label(self.document_id, self.original_name)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        values = _known(cls, data)
        values["problems"] = tuple(
            p if isinstance(p, Problem) else Problem(**p) for p in values.get("problems", ())
        )
        return cls(**values)


@dataclass(frozen=True)
class DocumentFailure(JsonRecord):
    """A document (or a source entry) that did not load: at which stage, its error kind
    (ErrorKind, LoadErrorKind or FetchFaultKind) and one line of reason, under the name
    the operator knows it by."""

    label: str
    stage: str  # FailureStage: fetch | extract | load
    error_kind: str
    error_message: str
    document_id: str | None = None
    source_id: str | None = None
    url: str | None = None

    @classmethod
    def of_fault(cls, fault: FetchFault, label: str | None = None) -> DocumentFailure:
        return cls(
            label=label or fault.url.rstrip("/").rsplit("/", 1)[-1] or fault.url,
            stage=FailureStage.FETCH,
            error_kind=fault.error_kind,
            error_message=fault.error_message,
            source_id=fault.source_id,
            url=fault.url,
        )


@dataclass(frozen=True)
class FetchAttempt:
    """One candidate fetched by an Airflow fetch task: what came of it (a document, a
    fault, or None when unchanged), under the name the operator knows the candidate by."""

    label: str
    url: str
    result: FetchedDocument | FetchFault | None

    def to_json(self) -> Json:
        result = None if self.result is None else _plain(asdict(self.result))
        return {"label": self.label, "url": self.url, "result": result}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        result = data.get("result")
        return cls(
            label=str(data["label"]),
            url=str(data["url"]),
            result=None if result is None else fetch_result_of(result),
        )


@dataclass(frozen=True)
class Registered:
    """What the ingest's register step recorded: the documents to extract (in batches),
    how many were new, and the fetch faults under the names the operator knows."""

    batches: tuple[tuple[ExtractJob, ...], ...]
    new_documents: int
    faults: tuple[DocumentFailure, ...]

    def to_json(self) -> Json:
        return {
            "batches": [[j.to_json() for j in batch] for batch in self.batches],
            "new_documents": self.new_documents,
            "faults": [f.to_json() for f in self.faults],
        }


@dataclass(frozen=True)
class PublicationsResult(JsonRecord):
    """`publications.fetch_publications`: what a read of the portal columns stored."""

    sources: int = 0
    columns: int = 0
    new_listings: int = 0  # listing rows (column × item) written
    listing_pages: int = 0  # listing pages read
    faults: tuple[FetchFault, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        values = _known(cls, data)
        values["faults"] = tuple(
            f if isinstance(f, FetchFault) else FetchFault.from_dict(f)
            for f in values.get("faults", ())
        )
        return cls(**values)


@dataclass(frozen=True)
class FetchResult:
    """`fetching.fetch` / `fetching.register_fetched`: what a fetch registered."""

    new_documents: tuple[str, ...]  # document ids (sha256) registered by this fetch
    faults: tuple[FetchFault, ...]
    # the portal columns of `publications:` read by `notices fetch` / `run` (their faults
    # are in `faults` too); None when the fetch read none
    publications: PublicationsResult | None = None
    # new documents the fetch registered `failed` (no reader for their format): reported
    # by the command that registered them, in the words extraction uses
    failed_documents: tuple[DocumentFailure, ...] = ()


@dataclass(frozen=True)
class LoadResult:
    """`loading.validate_and_load`: what the single writer did with the outcomes."""

    loaded: int = 0
    quarantined: int = 0
    failed: int = 0
    task_rows: int = 0
    errors: tuple[DocumentFailure, ...] = ()
    validate_seconds: float = 0.0
    load_seconds: float = 0.0


@dataclass(frozen=True)
class RawCounts:
    """A run's documents as `raw` holds them after the load (disjoint counts)."""

    documents_loaded: int = 0
    documents_quarantined: int = 0
    documents_superseded: int = 0  # loaded, then replaced by a later document of the notice
    documents_without_task_table: int = 0
    task_rows: int = 0


@dataclass(frozen=True)
class RunSummary(JsonRecord):
    """What a run did, counted from the warehouse: one shape for `notices run`,
    `notices reprocess` and the Airflow ingest (recorded in raw.load_runs, printed by the
    CLI, logged by the DAG)."""

    run_id: str
    started_at: str
    trigger: str
    candidates: int = 0  # entries the sources offered (Airflow discovery)
    new_documents: int = 0  # documents this run registered
    counts: RawCounts = field(default_factory=RawCounts)
    documents_failed: int = 0
    failures: tuple[DocumentFailure, ...] = ()  # fetch faults, failed extractions and loads
    transformed: bool = False
    published: bool = False
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def fetch_faults(self) -> tuple[DocumentFailure, ...]:
        # a document the fetch registered `failed` is a failed document, not a fault
        return tuple(
            f for f in self.failures if f.stage == FailureStage.FETCH and f.document_id is None
        )

    @property
    def raw_changed(self) -> bool:
        """Whether the run loaded anything (then the marts need rebuilding)."""
        return self.counts.documents_loaded + self.counts.documents_quarantined > 0

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        values = _known(cls, data)
        values["counts"] = RawCounts(**values.get("counts", {}))
        values["failures"] = tuple(DocumentFailure.from_json(f) for f in values.get("failures", ()))
        values["timings"] = dict(values.get("timings", {}))
        return cls(**values)


@dataclass(frozen=True)
class Freshness:
    """`building.freshness`: whether the marts and the snapshot are behind raw."""

    raw_version: str
    marts_behind: bool
    snapshot_behind: bool


@dataclass(frozen=True)
class BuildResult(JsonRecord):
    """`building.transform` / `transform_layer`: what dbt built, from which raw version."""

    select: str  # the dbt selector, "all" for a complete build
    raw_version: str
    layer: str | None = None


def jobs_from_json(batch: Sequence[Mapping[str, Any]]) -> list[ExtractJob]:
    return [ExtractJob.from_json(d) for d in batch]


def outcomes_from_json(batch: Sequence[Mapping[str, Any]]) -> list[ExtractOutcome]:
    return [ExtractOutcome.from_json(o) for o in batch]
