"""Statuses of the built marts against the hand-written expectations of a history."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from tests.compliance.histories import History


@dataclass(frozen=True)
class Verdict:
    row: int
    unit: str  # as the notice prints it
    period_index: int | None
    status: str
    publication_title: str | None
    publication_date: str | None
    publication_url: str | None


def verdicts(con: duckdb.DuckDBPyConnection, history: History) -> list[Verdict]:
    notice_id = f"{history.slug}-{history.publish_date.year}"
    rows = con.execute(
        """
        select o.row_in_notice, o.unit_name_printed, p.period_index, p.compliance_status,
               p.publication_title, cast(p.publication_date as varchar), p.publication_url
        from marts.fct_obligation_periods as p
        join marts.fct_disclosure_obligations as o on p.obligation_id = o.obligation_id
        where p.notice_id = ?
        order by o.row_in_notice, o.unit_name_printed, p.period_index
        """,
        [notice_id],
    ).fetchall()
    return [Verdict(*row) for row in rows]


def by_obligation(found: list[Verdict]) -> dict[tuple[int, str], tuple[str, ...]]:
    out: dict[tuple[int, str], list[str]] = {}
    for v in found:
        out.setdefault((v.row, v.unit), []).append(v.status)
    return {key: tuple(statuses) for key, statuses in out.items()}


@dataclass(frozen=True)
class Score:
    assessable: int  # obligation-periods the expectations call kept, late, missed or not_due
    correct: int
    event_driven_missed: int
    differences: tuple[str, ...]

    @property
    def accuracy(self) -> float:
        return self.correct / self.assessable if self.assessable else 0.0


def score(history: History, found: list[Verdict]) -> Score:
    got = by_obligation(found)
    assessable = correct = 0
    differences: list[str] = []
    for key, expected in history.expected.items():
        actual = got.get(key, ())
        if expected == ("not_assessable",):
            if actual != expected:
                differences.append(f"{key}: expected not_assessable, got {actual}")
            continue
        assessable += len(expected)
        for i, status in enumerate(expected):
            have = actual[i] if i < len(actual) else None
            if have == status:
                correct += 1
            else:
                differences.append(f"{key} period #{i + 1}: expected {status}, got {have}")
        if len(actual) != len(expected):
            differences.append(f"{key}: {len(expected)} periods expected, {len(actual)} built")
    for key in sorted(set(got) - set(history.expected)):
        differences.append(f"{key}: not expected, built {got[key]}")
    event_missed = sum(
        1
        for v in found
        if v.status == "missed"
        and history.tasks[v.row - 1].frequency in ("event_driven", "continuous", "periodic")
    )
    return Score(assessable, correct, event_missed, tuple(differences))
