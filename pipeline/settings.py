"""Where the warehouse lives and what limits apply: one object, built from the environment.

The CLI, the Airflow DAGs and the benchmarks all build their `Settings` here, so a
`NOTICES_HOME` set for one of them moves the warehouse for all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from extract.limits import Limits
from extract.version import PARSER_VERSION  # noqa: F401  (the pipeline records it)

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    home: Path
    dbt_project_dir: Path
    limits: Limits = field(default_factory=Limits)
    workers: int | None = None

    @classmethod
    def from_env(cls, home: Path | str | None = None) -> Settings:
        env_home = home or os.environ.get("NOTICES_HOME") or REPO_ROOT / "warehouse"
        dbt_dir = os.environ.get("NOTICES_DBT_PROJECT_DIR") or REPO_ROOT / "dbt_project"
        workers = os.environ.get("NOTICES_WORKERS")
        return cls(
            home=Path(env_home).resolve(),
            dbt_project_dir=Path(dbt_dir).resolve(),
            limits=Limits.from_env(),
            workers=int(workers) if workers else None,
        )

    @property
    def warehouse_path(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def reporting_path(self) -> Path:
        return self.home / "reporting.duckdb"

    @property
    def landing_dir(self) -> Path:
        return self.home / "landing"

    @property
    def extracted_dir(self) -> Path:
        return self.home / "extracted"

    @property
    def bi_dir(self) -> Path:
        """A folder holding only the published snapshot (pipeline/publishing.py): what a
        BI container mounts, so it can open reporting.duckdb and nothing else of the
        warehouse (not warehouse.duckdb's raw layer, the landing store or extractions)."""
        return self.home / "bi"

    @property
    def scratch_dir(self) -> Path:
        """Converters' work folders (extract/office/convert.py): under the warehouse, never
        the system's /tmp, and swept by the next run (pipeline/publishing.py)."""
        return self.home / "tmp"

    @property
    def data_docs_dir(self) -> Path:
        return self.home / "data_docs"

    @property
    def http_state_path(self) -> Path:
        return self.landing_dir / "http_state.json"

    @property
    def default_config_path(self) -> Path:
        return REPO_ROOT / "sources.yml"

    def ensure_dirs(self) -> None:
        for path in (self.home, self.landing_dir, self.extracted_dir):
            path.mkdir(parents=True, exist_ok=True)
