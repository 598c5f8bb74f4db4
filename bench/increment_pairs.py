"""How much year-over-year matching a 100-notice increment asks for, at each size of
`bench.incremental`'s replication: the regions the held-back notices land in, the notices
and year pairs of those regions, and the rows of the candidates' bigram join (the sum, over
the pairs, of the rows each bigram pairs: the work of `int_task_match_candidates`).

    python -m bench.increment_pairs --home HOME [--sizes 3000 10000 30000] [--per-county 10]

HOME is a home whose warehouse `bench.incremental` built (its raw layer holds the 100
originals, ids without a `-k` suffix, and `int_task_versions` their rows). The placement is
`bench.incremental.replicate_nationally`'s, redone in SQL for each size without copying a
row: a copy's bigrams are its original's, so a pair's join rows are computed once per pair
of originals. Prints one JSON line per size: the pairs of the regions touched (what a build
by region compares again) and the pairs holding an added notice (what a build by year pair
compares again).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import duckdb

from bench.incremental import SEED

ORIGINALS = 100


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Each original's bigram counts (from one copy int_task_versions holds), and the join
    rows of every ordered pair of originals."""
    con.execute(
        "create temp table orig_rows as "
        "with one as (select split_part(notice_id, '-', 1) as orig, min(notice_id) as notice_id "
        "  from intermediate.int_task_versions group by 1) "
        "select one.orig, v.task_row_id, v.match_text from intermediate.int_task_versions v "
        "join one using (notice_id) where v.match_text <> ''"
    )
    con.execute(
        "create temp table orig_bigrams as select distinct orig, task_row_id, "
        "case when length(match_text) < 2 then match_text else substr(match_text, p, 2) end "
        "as bigram from (select *, unnest(range(1, greatest(length(match_text), 2))) as p "
        "from orig_rows)"
    )
    con.execute(
        "create temp table frequency as select orig, bigram, count(*) as n "
        "from orig_bigrams group by all"
    )
    con.execute(
        "create temp table join_rows as select a.orig as a, b.orig as b, sum(a.n * b.n) as rows "
        "from frequency a join frequency b using (bigram) group by all"
    )
    con.execute(
        "create temp table originals as select n.notice_id, n.year, n.publish_date, "
        "d.fetch_seq, n.dq_status, row_number() over (order by n.notice_id) - 1 as i "
        "from raw.notices n join raw.documents d using (document_id) "
        "where n.notice_id not like '%-%'"
    )
    con.execute(
        "create temp table seed_counties as select adcode from "
        f"read_csv('{SEED}', all_varchar = true) where level = 'county'"
    )


def one_size(con: duckdb.DuckDBPyConnection, notices: int, per_county: int) -> dict[str, int]:
    total = notices + ORIGINALS  # the increment is held back from N + 100
    copies = -(-total // ORIGINALS)
    con.execute(
        "create or replace temp table counties as select * from (select adcode, "
        "row_number() over (order by hash(adcode), adcode) - 1 as county_index "
        "from seed_counties) where county_index < $k",
        {"k": -(-total // per_county)},
    )
    row = con.execute("select count(*) from counties").fetchone()
    counties = int(row[0]) if row else 0
    # the last ORIGINALS registered are copy `copies - 1` of each original: the increment
    con.execute(
        "create or replace temp table placed as select o.notice_id as orig, o.year, "
        f"o.publish_date, o.fetch_seq + r.k * {ORIGINALS} as fetch_seq, o.dq_status, "
        f"r.k = {copies - 1} as added, c.adcode "
        f"from originals o, range(1, {copies}) as r(k), counties c "
        f"where c.county_index = (o.i * {copies} + r.k) % {counties}"
    )
    con.execute(
        "create or replace temp table versions as select * from placed "
        "where adcode in (select adcode from placed where added) and dq_status <> 'quarantined' "
        "qualify row_number() over (partition by adcode, year "
        "order by publish_date desc nulls last, fetch_seq desc) = 1"
    )
    con.execute(
        "create or replace temp table pairs as select * from (select adcode, "
        "lag(orig) over by_year as a, orig as b, lag(added) over by_year as a_added, "
        "added as b_added from versions window by_year as (partition by adcode order by year)) "
        "where a is not null"
    )

    def scalar(sql: str) -> int:
        found = con.execute(sql).fetchone()
        return int(found[0] or 0) if found else 0

    join = "from pairs p left join join_rows j on j.a = p.a and j.b = p.b"
    return {
        "notices": notices,
        "counties": counties,
        "regions_touched": scalar("select count(distinct adcode) from placed where added"),
        "notices_in_them": scalar(
            "select count(*) from placed where adcode in (select adcode from placed where added)"
        ),
        "versions_in_them": scalar("select count(*) from versions"),
        "pairs_by_region": scalar("select count(*) from pairs"),
        "join_rows_by_region": scalar(f"select sum(j.rows) {join}"),
        "pairs_by_pair": scalar("select count(*) from pairs where a_added or b_added"),
        "join_rows_by_pair": scalar(f"select sum(j.rows) {join} where p.a_added or p.b_added"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3_000, 10_000, 30_000])
    parser.add_argument("--per-county", type=int, default=10)
    args = parser.parse_args()
    con = duckdb.connect(str(args.home / "warehouse.duckdb"), read_only=True)
    try:
        prepare(con)
        for notices in args.sizes:
            print(json.dumps(one_size(con, notices, args.per_county)), flush=True)
    finally:
        con.close()


if __name__ == "__main__":
    main()
