"""Zip bi/superset/export/ into the bundle Superset imports (`superset import-dashboards`
or POST /api/v1/dashboard/import/), optionally pointing the database at another file.

    python bi/superset/bundle.py OUT.zip [--reporting /abs/path/reporting.duckdb]

Standard library only: it runs in the Superset image as well as in the project.
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

EXPORT_DIR = Path(__file__).resolve().parent / "export"
DATABASE_URI = "duckdb:////app/reporting/reporting.duckdb"
ROOT = "disclosure_obligations_export"


def build_bundle(out: Path, reporting: Path | None = None, export_dir: Path = EXPORT_DIR) -> Path:
    """Superset wants one top-level folder in the zip; the database file is swapped in the
    database's sqlalchemy_uri when `reporting` is given."""
    files = sorted(p for p in export_dir.rglob("*.yaml") if p.is_file())
    if not files:
        raise FileNotFoundError(f"no export in {export_dir}")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in files:
            text = path.read_text(encoding="utf-8")
            if reporting is not None and path.parent.name == "databases":
                if DATABASE_URI not in text:
                    raise ValueError(f"{path} does not name {DATABASE_URI}")
                text = text.replace(DATABASE_URI, f"duckdb:///{Path(reporting).resolve()}")
            # a fixed member time: the same export gives the same bytes on every build
            info = zipfile.ZipInfo(f"{ROOT}/{path.relative_to(export_dir).as_posix()}")
            info.date_time = (2020, 1, 1, 0, 0, 0)
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reporting", type=Path, default=None)
    args = parser.parse_args()
    print(build_bundle(args.out, args.reporting))


if __name__ == "__main__":
    main()
