"""The outcome of validating one notice: plain data, importable without great-expectations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from extract.vocabulary import NoticeStatus, RowStatus

ROW_OK = RowStatus.OK
ROW_WARN = RowStatus.WARN
ROW_QUARANTINED = RowStatus.QUARANTINED
# The notice verdict is the same word raw.notices.dq_status stores.
NOTICE_OK = NoticeStatus.OK
NOTICE_QUARANTINED = NoticeStatus.QUARANTINED


@dataclass
class ValidationResult:
    """Per-row and per-notice verdicts of the checkpoint for one notice.

    `row_status` maps the row number to (status, names of the failed expectations).
    `success` is true only when every expectation, soft ones included, passed.
    """

    row_status: dict[int, tuple[str, list[str]]]
    notice_status: str
    notice_reasons: list[str] = field(default_factory=list)
    success: bool = True

    def quarantined_rows(self) -> list[int]:
        return sorted(r for r, (status, _) in self.row_status.items() if status == ROW_QUARANTINED)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (row keys become strings, as JSON/XCom would make them)."""
        return {
            "row_status": {
                str(r): [s, list(reasons)] for r, (s, reasons) in self.row_status.items()
            },
            "notice_status": self.notice_status,
            "notice_reasons": list(self.notice_reasons),
            "success": self.success,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ValidationResult:
        return cls(
            row_status={
                int(r): (s, list(reasons)) for r, (s, reasons) in data["row_status"].items()
            },
            notice_status=data["notice_status"],
            notice_reasons=list(data.get("notice_reasons", [])),
            success=bool(data.get("success", True)),
        )
