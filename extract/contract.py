"""Contract 1 as typed records: a notice's meta and its task rows (docs/extraction_schema.md).

Extraction builds these; validation (expectations/) and the loader (warehouse/loader.py)
take them. They become JSON only at the file edge (`to_json` when extraction writes
``<stem>.jsonl`` / ``<stem>.meta.json``, `from_json` when the pipeline reads them back).

`from_json` refuses only what cannot be placed at all (a notice without an id, a row
without a whole-number position): those are load errors, named by kind. Everything else
is carried as found, with texts as text and lists as tuples of text, because judging
content (an empty requirement, an unknown cadence label, a malformed date) is
validation's rule, in one home (expectations/suites.py), not the parser's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from extract.vocabulary import LoadErrorKind


class ContractError(ValueError):
    """A Contract 1 file that cannot be read as records: nothing is loaded from it."""

    def __init__(self, kind: LoadErrorKind, message: str) -> None:
        super().__init__(f"{kind.value}: {message}")
        self.kind = kind
        self.message = message


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _texts(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if v is not None)
    return (str(value),)  # a bare string is one item, never split into characters


def _whole(value: object) -> int | None:
    """An int, or a string of digits as a JSON writer may quote it; never a bool."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return None


@dataclass(frozen=True)
class Region:
    """The issuing government: names as resolved, and its 6-digit division code."""

    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    adcode: str | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "province": self.province,
            "prefecture": self.prefecture,
            "county": self.county,
            "adcode": self.adcode,
        }

    @classmethod
    def from_json(cls, data: object) -> Region:
        if not isinstance(data, Mapping):
            return cls()
        return cls(
            province=_text(data.get("province")),
            prefecture=_text(data.get("prefecture")),
            county=_text(data.get("county")),
            adcode=_text(data.get("adcode")),
        )

    @property
    def known(self) -> bool:
        return any((self.province, self.prefecture, self.county, self.adcode))


@dataclass(frozen=True)
class NoticeMeta:
    """One notice's metadata (Contract 1 ``<stem>.meta.json``)."""

    notice_id: str
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    publish_date: str | None = None  # ISO date as printed; validation checks the format
    year: int | None = None
    region: Region = Region()
    table_title: str | None = None
    columns: tuple[str, ...] = ()
    has_task_table: bool = False
    body: str | None = None
    kind: str | None = None  # extract.vocabulary.NoticeKind

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "notice_id": self.notice_id,
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "publish_date": self.publish_date,
            "year": self.year,
            "region": self.region.to_json(),
            "table_title": self.table_title,
            "columns": list(self.columns),
            "has_task_table": self.has_task_table,
            "body": self.body,
        }
        if self.kind is not None:
            out["kind"] = self.kind
        return out

    @classmethod
    def from_json(cls, data: object) -> NoticeMeta:
        if not isinstance(data, Mapping):
            raise ContractError(LoadErrorKind.NO_NOTICE_ID, "meta is not a JSON object")
        notice_id = data.get("notice_id")
        if not isinstance(notice_id, str) or not notice_id:
            raise ContractError(LoadErrorKind.NO_NOTICE_ID, "meta has no notice_id")
        return cls(
            notice_id=notice_id,
            title=_text(data.get("title")),
            doc_number=_text(data.get("doc_number")),
            issuer=_text(data.get("issuer")),
            publish_date=_text(data.get("publish_date")),
            year=_whole(data.get("year")),
            region=Region.from_json(data.get("region")),
            table_title=_text(data.get("table_title")),
            columns=_texts(data.get("columns")),
            has_task_table=bool(data.get("has_task_table")),
            body=_text(data.get("body")),
            kind=_text(data.get("kind")),
        )

    def with_id(self, notice_id: str) -> NoticeMeta:
        return replace(self, notice_id=notice_id)


@dataclass(frozen=True)
class TaskRow:
    """One task row (a line of Contract 1 ``<stem>.jsonl``)."""

    notice_id: str
    row: int  # 1-based position in the document
    requirement: str | None
    seq: str | None = None
    section: tuple[str, ...] = ()
    lead_units_text: str | None = None
    responsible_units_text: str | None = None
    deadline_text: str | None = None
    lead_units: tuple[str, ...] = ()
    responsible_units: tuple[str, ...] = ()
    cooperating_units: tuple[str, ...] = ()
    frequencies: tuple[str, ...] = ()  # extract.vocabulary labels; validation checks them
    deadline_date: str | None = None  # ISO date; validation checks the format
    layout: str | None = None  # extract.vocabulary.Layout

    @property
    def units(self) -> tuple[str, ...]:
        return self.lead_units + self.responsible_units + self.cooperating_units

    def to_json(self) -> dict[str, Any]:
        return {
            "notice_id": self.notice_id,
            "row": self.row,
            "seq": self.seq,
            "section": list(self.section),
            "requirement": self.requirement,
            "lead_units_text": self.lead_units_text,
            "responsible_units_text": self.responsible_units_text,
            "deadline_text": self.deadline_text,
            "lead_units": list(self.lead_units),
            "responsible_units": list(self.responsible_units),
            "cooperating_units": list(self.cooperating_units),
            "frequencies": list(self.frequencies),
            "deadline_date": self.deadline_date,
            "layout": self.layout,
        }

    @classmethod
    def from_json(cls, data: object, *, notice_id: str, position: int) -> TaskRow:
        """`position` is the line's place in the file (for the message); the row's
        own `row` is its identity and must be a whole number."""
        if not isinstance(data, Mapping):
            raise ContractError(
                LoadErrorKind.BAD_ROW_NUMBER,
                f"notice {notice_id}: line {position} is not a JSON object",
            )
        number = data.get("row")
        if not isinstance(number, int) or isinstance(number, bool):
            raise ContractError(
                LoadErrorKind.BAD_ROW_NUMBER,
                f"notice {notice_id}: row #{position} has row={number!r}",
            )
        return cls(
            notice_id=notice_id,
            row=number,
            seq=_text(data.get("seq")),
            section=_texts(data.get("section")),
            requirement=_text(data.get("requirement")),
            lead_units_text=_text(data.get("lead_units_text")),
            responsible_units_text=_text(data.get("responsible_units_text")),
            deadline_text=_text(data.get("deadline_text")),
            lead_units=_texts(data.get("lead_units")),
            responsible_units=_texts(data.get("responsible_units")),
            cooperating_units=_texts(data.get("cooperating_units")),
            frequencies=_texts(data.get("frequencies")),
            deadline_date=_text(data.get("deadline_date")),
            layout=_text(data.get("layout")),
        )


@dataclass(frozen=True)
class NoticeRecords:
    """A notice as extraction gives it: its meta and its task rows, in document order."""

    meta: NoticeMeta
    rows: tuple[TaskRow, ...]

    @classmethod
    def from_json(cls, meta: object, rows: Iterable[object]) -> NoticeRecords:
        """Records of a meta object and its row objects; rows numbered twice are refused
        (which of the two would stand?)."""
        notice = NoticeMeta.from_json(meta)
        out: list[TaskRow] = []
        seen: set[int] = set()
        for position, data in enumerate(rows, start=1):
            row = TaskRow.from_json(data, notice_id=notice.notice_id, position=position)
            if row.row in seen:
                raise ContractError(
                    LoadErrorKind.DUPLICATE_ROW,
                    f"notice {notice.notice_id}: row {row.row} appears twice",
                )
            seen.add(row.row)
            out.append(row)
        return cls(notice, tuple(out))

    def json_rows(self) -> list[dict[str, Any]]:
        return [row.to_json() for row in self.rows]
