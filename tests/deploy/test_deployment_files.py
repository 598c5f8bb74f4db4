"""docker-compose.yml, Dockerfile and .env.example describe a complete, valid deployment.
No Docker engine runs here: the files are checked against the Compose specification and
against each other, and the Dockerfile's uv command is run for real."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVICES = {
    "postgres",
    "redis",
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
    "flower",
    "superset",
}
AIRFLOW_SERVICES = {s for s in SERVICES if s.startswith("airflow-")} | {"flower"}


def _compose() -> dict[str, Any]:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))


def _locked_version(package: str) -> str:
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    return next(p["version"] for p in lock["package"] if p["name"] == package)


def test_compose_file_validates_against_the_compose_specification() -> None:
    done = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(REPO / "docker-compose.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_compose_names_every_service_and_each_has_a_healthcheck() -> None:
    services = _compose()["services"]
    assert set(services) == SERVICES
    for name, service in services.items():
        assert service.get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"].startswith("redis:")
    assert services["flower"]["profiles"] == ["flower"]


def test_airflow_services_run_the_project_image_on_celery_with_shared_data() -> None:
    compose = _compose()
    services = compose["services"]
    for name in AIRFLOW_SERVICES:
        service = services[name]
        assert service["build"]["dockerfile"] == "Dockerfile", name
        env = service["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://redis:") or env[
            "AIRFLOW__CELERY__BROKER_URL"
        ].startswith("redis://:@redis:")
        mounts = {v.split(":")[1] for v in service["volumes"]}
        assert "/opt/notices-data" in mounts, f"{name} does not share the data volume"
        assert env["NOTICES_HOME"].split(":-")[-1].rstrip("}").startswith("/opt/notices-data/")
    assert "notices-data" in compose["volumes"]
    # The worker may be scaled: nothing may pin a container name or a host port on it.
    worker = services["airflow-worker"]
    assert "container_name" not in worker and "ports" not in worker
    init = " ".join(services["airflow-init"]["command"])
    assert 'airflow pools set duckdb_writer 1 "DuckDB single writer"' in init


def test_dockerfile_extends_the_locked_airflow_image_and_installs_from_uv_lock() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    version = re.search(r"^ARG AIRFLOW_VERSION=(\S+)$", dockerfile, re.M)
    assert version and version.group(1) == _locked_version("apache-airflow")
    assert re.search(r"^FROM apache/airflow:\$\{AIRFLOW_VERSION\}", dockerfile, re.M)
    assert "uv export --frozen --no-dev" in dockerfile
    assert "--editable ." in dockerfile


def test_the_dockerfile_uv_export_works_on_this_lock(tmp_path: Path) -> None:
    out = tmp_path / "requirements.txt"
    done = subprocess.run(
        [
            "uv",
            "export",
            "--frozen",
            "--no-dev",
            "--no-emit-project",
            "--no-hashes",
            "--output-file",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    pins = out.read_text(encoding="utf-8")
    assert f"apache-airflow=={_locked_version('apache-airflow')}" in pins
    assert f"dbt-duckdb=={_locked_version('dbt-duckdb')}" in pins
    assert "pytest==" not in pins, "dev tools must stay out of the image"


def test_env_example_defines_every_setting_and_no_real_secret() -> None:
    compose_text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    # `$${HOSTNAME}` is the container's shell variable, not a compose setting.
    used = set(re.findall(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)", compose_text))
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    defined = dict(
        line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")
    )
    assert used <= set(defined), f"missing in .env.example: {sorted(used - set(defined))}"
    secrets = [k for k in defined if re.search(r"PASSWORD|SECRET|FERNET", k)]
    assert secrets, "the secrets must be listed"
    for key in secrets:
        assert "CHANGE-ME" in defined[key], f"{key} looks like a real secret"
    for ignore in (".gitignore", ".dockerignore"):
        assert ".env" in (REPO / ignore).read_text(encoding="utf-8").split(), ignore
