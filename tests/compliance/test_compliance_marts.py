"""Kept, late, missed, not due: the compliance marts on two counties' publication
histories against statuses written by hand (tests/compliance/histories.py)."""

from __future__ import annotations

import duckdb
import pytest

from extract.vocabulary import ComplianceStatus
from tests.compliance.compliance_warehouse import ComplianceWarehouse
from tests.compliance.histories import HISTORIES, LIANGSHAN, NINGYANG, History
from tests.compliance.scoring import score, verdicts

pytestmark = pytest.mark.slow  # a real dbt build (tests/compliance/conftest.py)

TARGET_ACCURACY = 0.95


@pytest.mark.parametrize("history", HISTORIES, ids=lambda h: h.slug)
def test_status_of_every_obligation_period_is_the_one_written_by_hand(
    compliance_db: duckdb.DuckDBPyConnection, history: History
) -> None:
    result = score(history, verdicts(compliance_db, history))
    assert result.assessable >= 15
    assert result.accuracy >= TARGET_ACCURACY, "\n".join(result.differences)
    # and, on the history the rules were tuned on, every one of them
    if history is LIANGSHAN:
        assert result.differences == ()


def test_no_event_driven_continuous_or_periodic_obligation_is_judged_missed(
    compliance_db: duckdb.DuckDBPyConnection,
) -> None:
    rows = compliance_db.execute(
        """
        select frequency_label, compliance_status, count(*)
        from marts.fct_obligation_periods
        where frequency_label in ('event_driven', 'continuous', 'periodic', 'unspecified')
        group by all
        """
    ).fetchall()
    assert rows, "the histories hold such obligations"
    assert {status for _, status, _ in rows} == {"not_assessable"}


def test_every_kept_or_late_verdict_links_the_publication_it_rests_on(
    compliance_db: duckdb.DuckDBPyConnection,
) -> None:
    found = [v for h in HISTORIES for v in verdicts(compliance_db, h)]
    judged = [v for v in found if v.status in ("kept", "late")]
    assert len(judged) >= 20
    for v in judged:
        assert v.publication_title and v.publication_date, v
        assert v.publication_url and v.publication_url.startswith("http://127.0.0.1:"), v
    others = [v for v in found if v.status not in ("kept", "late")]
    assert all(v.publication_url is None for v in others)


def test_a_late_period_says_how_late_and_the_evidence_is_the_periods_own_report(
    compliance_db: duckdb.DuckDBPyConnection,
) -> None:
    row = compliance_db.execute(
        """
        select publication_title, cast(due_date as varchar), days_late
        from marts.fct_obligation_periods
        where notice_id = ? and requirement like '%财政收支%' and period_index = 4
        """,
        [f"{LIANGSHAN.slug}-2021"],
    ).fetchone()
    # April's figures, published 25 May, due 15 May (grace 15 days, the default)
    assert row == ("2021年4月全县财政收支情况", "2021-05-15", 10)


def test_a_source_grace_overrides_the_default(compliance_db: duckdb.DuckDBPyConnection) -> None:
    dues = compliance_db.execute(
        """
        select distinct notice_id, grace_days from marts.fct_obligation_periods
        where frequency_label = 'monthly'
        """
    ).fetchall()
    assert set(dues) == {(f"{LIANGSHAN.slug}-2021", 15), (f"{NINGYANG.slug}-2021", 20)}


def test_a_repost_in_two_columns_is_one_publication(
    compliance_db: duckdb.DuckDBPyConnection,
) -> None:
    rows = compliance_db.execute(
        "select columns_listing from marts.dim_publication where title = ?",
        ["2021年县财政局部门预算公开"],
    ).fetchall()
    assert rows == [(2,)]


def test_unit_compliance_adds_up_its_periods(compliance_db: duckdb.DuckDBPyConnection) -> None:
    totals = compliance_db.execute(
        """
        select sum(periods_kept), sum(periods_late), sum(periods_missed), sum(periods_due)
        from marts.fct_unit_compliance
        """
    ).fetchone()
    by_status = dict(
        compliance_db.execute(
            "select compliance_status, count(*) from marts.fct_obligation_periods group by all"
        ).fetchall()
    )
    assert totals == (
        by_status["kept"],
        by_status["late"],
        by_status["missed"],
        by_status["kept"] + by_status["late"] + by_status["missed"],
    )
    assert set(by_status) <= {status.value for status in ComplianceStatus}
    rate = compliance_db.execute(
        """
        select periods_kept, periods_due, compliance_rate from marts.fct_unit_compliance
        where unit_name like '%统计%' and region_adcode = '370832'
        """
    ).fetchone()
    # 县统计局: March, April, May, July kept; June late; August (posted in the finance
    # bureau's column), September and October missed; November, December not due
    assert rate == (4, 8, 0.5)


def test_the_fetch_recorded_the_undated_item_as_a_fault(
    compliance_warehouse: ComplianceWarehouse, compliance_db: duckdb.DuckDBPyConnection
) -> None:
    kinds = {f.error_kind for f in compliance_warehouse.fetched.faults}
    assert kinds == {"undated_item"}
    stored = compliance_db.execute(
        "select count(*) from raw.fetch_faults where error_kind = 'undated_item'"
    ).fetchone()
    assert stored == (1,)
