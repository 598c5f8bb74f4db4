"""What a fetch run produced: documents, faults and counters, all JSON-serialisable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from extract.vocabulary import FetchFaultKind

# The fault kinds a fetch can record (raw.fetch_faults.error_kind): the vocabulary's.
_FAULT_KINDS = frozenset(FetchFaultKind)


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FetchError(Exception):
    """A fetch of one URL or file failed in a way that becomes a FetchFault."""

    def __init__(
        self,
        kind: str,
        message: str,
        *,
        status: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if kind not in _FAULT_KINDS:
            raise ValueError(f"unknown fetch error kind {kind!r}")
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message
        self.status = status
        # The answer's headers (lower-case names) when there was one: its validators
        # let the next run ask conditionally instead of downloading the fault again.
        self.headers = headers or {}


@dataclass(frozen=True)
class FetchedDocument:
    document_id: str  # sha256 of the bytes
    source_id: str
    url: str  # URL, or the absolute path for a dir source
    fetched_at: str  # UTC ISO 8601
    content_type: str  # sniffed from the bytes
    bytes: int
    landing_path: str
    original_name: str | None
    # Set when no reader handles the format yet (unsupported_format): the bytes are kept
    # and registered as failed, so `notices reprocess` picks them up after an upgrade.
    error_kind: str | None = None
    error_message: str | None = None
    # What the notice page the file was linked from says (title, 文号, issuer, date,
    # region) and the source's declared region_adcode: extraction fills what the file
    # itself lacks (extract/sources/notice_context.py).
    notice_context: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FetchedDocument:
        return cls(**data)


@dataclass(frozen=True)
class FetchFault:
    source_id: str
    url: str
    error_kind: str
    error_message: str
    fetched_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FetchFault:
        return cls(**data)


def fetch_result_of(data: Mapping[str, Any]) -> FetchedDocument | FetchFault | None:
    """A `fetch_candidate` result read back from its JSON form (Airflow XCom): a document,
    a fault, or None for an unchanged one (a 304, or bytes already registered). Keys a
    document does not declare (a label added for the grid) are left out."""
    if data.get("unchanged"):
        return None
    if data.get("document_id"):
        names = FetchedDocument.__dataclass_fields__
        return FetchedDocument(**{k: v for k, v in data.items() if k in names})
    names = FetchFault.__dataclass_fields__
    return FetchFault(**{k: v for k, v in data.items() if k in names})


@dataclass
class FetchReport:
    documents: list[FetchedDocument] = field(default_factory=list)
    faults: list[FetchFault] = field(default_factory=list)
    # Counters that make a run's behaviour visible: requests, conditional requests,
    # 304 answers, bytes downloaded, documents skipped because already registered.
    stats: dict[str, int] = field(default_factory=dict)

    def count(self, name: str, n: int = 1) -> None:
        self.stats[name] = self.stats.get(name, 0) + n

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [d.to_dict() for d in self.documents],
            "faults": [f.to_dict() for f in self.faults],
            "stats": dict(self.stats),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FetchReport:
        return cls(
            documents=[FetchedDocument.from_dict(d) for d in data.get("documents", [])],
            faults=[FetchFault.from_dict(f) for f in data.get("faults", [])],
            stats=dict(data.get("stats", {})),
        )


def collect(
    results: list[FetchedDocument | FetchFault | dict[str, Any] | None],
) -> FetchReport:
    """Merge `fetch_candidate` results (e.g. from mapped Airflow tasks) into one report.

    Two candidates can yield the same bytes under different URLs when fetched in
    parallel; the document is kept once, under the first URL.
    """
    report = FetchReport()
    seen: set[str] = set()
    for item in results:
        if item is None:
            continue
        if isinstance(item, dict):
            if item.get("unchanged"):
                report.count("unchanged")
                continue
            item = (
                FetchedDocument.from_dict(item)
                if "document_id" in item
                else FetchFault.from_dict(item)
            )
        if isinstance(item, FetchedDocument):
            if item.document_id not in seen:
                seen.add(item.document_id)
                report.documents.append(item)
        else:
            report.faults.append(item)
    return report
