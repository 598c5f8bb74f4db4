"""A Candidate is one thing to fetch (a file, a notice page, an attachment) or a fault
found while discovering; plain JSON so that Airflow can map one task per candidate."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

CandidateKind = Literal["file", "page", "attachment", "fault"]


@dataclass(frozen=True)
class Candidate:
    source_id: str
    kind: CandidateKind
    url: str  # URL, or the absolute path of a file of a dir source
    title: str | None = None  # link text on the listing or notice page
    referer: str | None = None  # the notice page an attachment was linked from
    # kind == "fault": found during discovery (a source down, a foreign link, ...).
    error_kind: str | None = None
    error_message: str | None = None
    fetched_at: str | None = None
    # sha256 of the registered version at this URL/path: it allows a conditional
    # request, and the same bytes again count as unchanged.
    previous_sha256: str | None = None
    # The source's settings (config.source_to_dict), so a worker needs no sources.yml.
    source: dict[str, Any] | None = None
    # What the notice page linking an attachment says (notice_context.capture).
    context: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Candidate:
        return cls(**data)
