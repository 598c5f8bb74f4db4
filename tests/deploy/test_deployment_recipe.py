"""docs/deployment.md's single-machine recipe, read as a newcomer follows it: literally.
Each check is a point where following it to the letter went wrong before."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from extract.sources.config import SourcesConfig, check_sources_exist

REPO = Path(__file__).resolve().parents[2]
RECIPE = (
    (REPO / "docs" / "deployment.md")
    .read_text(encoding="utf-8")
    .split("## Single machine with PostgreSQL")[1]
    .split("## Why one task per dbt layer")[0]
)


def _step(number: int) -> str:
    return RECIPE.split(f"**{number}. ")[1].split(f"**{number + 1}. ")[0]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_the_sources_file_of_step_4_names_folders_that_exist() -> None:
    """Copying the repository's sources.yml to /etc/notices made `path: samples/` point at
    /etc/notices/samples: the first run spent 7 minutes and ended green."""
    (text,) = _blocks(_step(4), "yaml")
    data = yaml.safe_load(text)
    paths = [Path(s["path"]) for s in data["sources"] if s["type"] == "dir"]
    assert paths and all(p.is_absolute() for p in paths)
    # where the recipe cloned the repository, this one is
    here = text.replace("/opt/notices/", f"{REPO}/")
    check_sources_exist(SourcesConfig.from_dict(yaml.safe_load(here), base_dir=Path("/etc")))


def test_postgresql_is_started_and_checked_without_systemd() -> None:
    step = _step(2)
    assert "pg_ctlcluster" in step and "start" in step
    assert "pg_isready" in step


def test_libreoffice_packages_are_the_nogui_ones() -> None:
    (install,) = [b for b in _blocks(_step(1), "bash") if "apt-get install" in b]
    packages = set(install.replace("\\\n", " ").split())
    assert {"libreoffice-writer-nogui", "libreoffice-calc-nogui"} <= packages
    assert not {"libreoffice-writer", "libreoffice-calc"} & packages


def test_the_venv_is_built_on_the_python_step_3_names() -> None:
    assert "PYTHON=/usr/bin/python3 NOTICES_EXTRAS=deploy bash scripts/bootstrap.sh" in _step(3)
    assert '--python "$PYTHON"' in (REPO / "scripts" / "bootstrap.sh").read_text()


def test_services_run_with_and_without_systemd_and_no_log_server_on_every_interface() -> None:
    step = _step(6)
    assert "deploy/airflow-services.sh start" in step
    assert "airflow scheduler --skip-serve-logs" in step  # the systemd drop-in
    script = (REPO / "deploy" / "airflow-services.sh").read_text(encoding="utf-8")
    assert "--skip-serve-logs" in script


def test_step_8_starts_one_first_run_not_two() -> None:
    """Unpausing notices_ingest starts a run; the recipe then triggered a second one."""
    (unpause, *_) = [b for b in _blocks(_step(8), "bash") if "is_paused" in b]
    assert (
        "notices_ingest/dagRuns" not in unpause.replace("dagRuns?order_by", "list-runs")
        or "-X POST" not in unpause
    )
