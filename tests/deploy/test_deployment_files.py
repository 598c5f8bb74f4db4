"""docker-compose.yml, Dockerfile and .env.example describe a complete, valid deployment.
No Docker engine runs here: the files are checked against the Compose specification and
against each other, and the Dockerfile's uv command is run for real."""

from __future__ import annotations

import re
import shutil
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
    "superset-db-init",
}
AIRFLOW_SERVICES = {s for s in SERVICES if s.startswith("airflow-")} | {"flower"}


def _uv() -> list[str]:
    """uv as scripts/bootstrap.sh finds it: on PATH, else the `uv` module of python3."""
    found = shutil.which("uv")
    return [found] if found else ["python3", "-m", "uv"]


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


def _mounts(service: dict[str, Any]) -> dict[str, bool]:
    """target → read-only, for short (`src:dst[:ro]`) and long volume syntax."""
    mounts = {}
    for volume in service.get("volumes", []):
        if isinstance(volume, str):
            parts = volume.split(":")
            mounts[parts[1]] = len(parts) > 2 and "ro" in parts[2].split(",")
        else:
            mounts[volume["target"]] = bool(volume.get("read_only"))
    return mounts


WRITERS = {"airflow-worker", "airflow-init"}
SECRETS = (
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
    "AIRFLOW__CORE__FERNET_KEY",
    "AIRFLOW__API_AUTH__JWT_SECRET",
    "AIRFLOW__API__SECRET_KEY",
)


def test_airflow_services_run_the_project_image_on_celery_with_shared_data() -> None:
    compose = _compose()
    services = compose["services"]
    for name in AIRFLOW_SERVICES:
        service = services[name]
        assert service["build"]["dockerfile"] == "Dockerfile", name
        env = service["environment"]
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert "@redis:6379/" in env["AIRFLOW__CELERY__BROKER_URL"]
        assert "/opt/notices-data" in _mounts(service), f"{name} does not see the data volume"
        assert env["NOTICES_HOME"].split(":-")[-1].rstrip("}").startswith("/opt/notices-data/")
    for name in AIRFLOW_SERVICES - {"airflow-worker", "flower"}:
        conn = services[name]["environment"]["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
        assert conn.startswith("postgresql+psycopg2://"), name
    assert "notices-data" in compose["volumes"]
    # The worker may be scaled: nothing may pin a container name or a host port on it.
    worker = services["airflow-worker"]
    assert "container_name" not in worker and "ports" not in worker
    init = " ".join(services["airflow-init"]["command"])
    assert "airflow pools import /opt/notices/deploy/pools.json" in init


def test_env_file_is_for_substitution_only_and_workers_get_no_secrets() -> None:
    services = _compose()["services"]
    for name, service in services.items():
        assert "env_file" not in service, f"{name} would get every variable of .env"
    for name in ("airflow-worker", "flower"):
        env = services[name]["environment"]
        leaked = [key for key in SECRETS if key in env]
        assert not leaked, f"{name} parses or shows untrusted input and must not get {leaked}"
        # the broker's password only: a Celery worker cannot take a task without it
        values = " ".join(map(str, env.values())).upper().replace("REDIS_PASSWORD", "")
        assert "PASSWORD" not in values


def test_the_snapshot_is_mounted_read_only_in_every_service_but_the_writers() -> None:
    services = _compose()["services"]
    for name, service in services.items():
        mounts = _mounts(service)
        if "/opt/notices-data" not in mounts:
            continue
        assert mounts["/opt/notices-data"] is (name not in WRITERS), name
    assert _mounts(services["airflow-worker"])["/opt/notices-data"] is False


def _env_example() -> dict[str, str]:
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def _substitute(text: str, values: dict[str, str]) -> str:
    """Compose's ${VAR:-default} / ${VAR:?message} / ${VAR} with `values` as the .env."""

    def one(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        value = values.get(name, "")
        return value if value or op not in (":-",) else arg

    return re.sub(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(:-|:\?)?([^}]*)\}", one, text)


def test_published_ports_bind_localhost_unless_the_operator_opts_in() -> None:
    values = _env_example()
    services = _compose()["services"]
    published = [(n, p) for n, s in services.items() for p in s.get("ports", [])]
    assert {n for n, _ in published} == {"airflow-apiserver", "flower", "superset"}
    for name, port in published:
        assert isinstance(port, str), f"{name}: long port syntax, check host_ip by hand"
        for env in (values, {}):  # with .env.example, and with no .env at all (defaults)
            resolved = _substitute(port, env)
            assert resolved.count(":") == 2, f"{name}: {resolved} binds every interface"
            assert resolved.split(":")[0] == "127.0.0.1", f"{name} publishes {resolved}"
        opted_in = _substitute(port, {**values, **{k: "0.0.0.0" for k in values if "BIND" in k}})
        assert opted_in.split(":")[0] == "0.0.0.0", f"{name}: no *_BIND setting to opt in"


def _check_secrets(env: dict[str, str], names: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(REPO / "deploy" / "check-secrets.sh"), *names],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


def _checked_secrets(command: list[str]) -> list[str]:
    script = " ".join(command).replace("\\\n", " ")
    found = re.search(r"check-secrets\.sh((?:\s+\\?\s*[A-Z_][A-Z0-9_]*)+)", script)
    assert found, "the service does not check its secrets"
    return re.findall(r"[A-Z_][A-Z0-9_]*", found.group(1))


def test_startup_refuses_the_placeholder_secrets_of_env_example() -> None:
    services = _compose()["services"]
    values = _env_example()
    names = _checked_secrets(services["airflow-init"]["command"])
    # the BI service starts on its own (profile bi) and checks its own secrets
    bi_names = _checked_secrets(services["superset"]["entrypoint"])
    secrets = {k for k in values if re.search(r"PASSWORD|SECRET|FERNET|BASIC_AUTH", k)}
    assert secrets - {"FLOWER_BASIC_AUTH"} <= set(names) | set(bi_names), "a secret escapes"
    assert _check_secrets(values, bi_names).returncode != 0
    refused = _check_secrets(values, names)
    assert refused.returncode != 0
    for name in names:
        assert name in refused.stderr, f"{name} not named in: {refused.stderr}"
    real = {name: f"s3cret-{i}-{name.lower()}" for i, name in enumerate(names)}
    assert _check_secrets(real, names).returncode == 0
    # One placeholder left is enough to refuse.
    assert _check_secrets({**real, names[0]: values.get(names[0], "")}, names).returncode != 0
    # Every Airflow service waits for airflow-init to have succeeded.
    for name in AIRFLOW_SERVICES - {"airflow-init"}:
        condition = services[name]["depends_on"]["airflow-init"]["condition"]
        assert condition == "service_completed_successfully", name


def test_postgres_refuses_a_placeholder_password_before_it_is_stored() -> None:
    postgres = _compose()["services"]["postgres"]
    assert postgres["entrypoint"][:2] == ["/bin/bash", "-c"]
    # Compose turns $$ into $; the image's entrypoint is replaced by a marker here.
    script = postgres["entrypoint"][2].replace("$$", "$")
    script = script.replace("exec docker-entrypoint.sh postgres", "echo started")
    assert "echo started" in script

    def start(password: str | None) -> subprocess.CompletedProcess[str]:
        env = {"PATH": "/usr/bin:/bin"} | ({"POSTGRES_PASSWORD": password} if password else {})
        return subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True)

    for refused in (None, _env_example()["POSTGRES_PASSWORD"]):
        done = start(refused)
        assert done.returncode != 0 and "POSTGRES_PASSWORD" in done.stderr, refused
    assert start("a-real-password").stdout.strip() == "started"


WEAK_SECRETS = (
    " ",
    "change-me",
    "changeme",
    "CHANGE_ME",
    "Change Me Later please",
    "x",
    "airflow",
    "Admin",
    "password",
    "short-one",
    "aaaaaaaaaaaaaaaa",
    "an-example-secret-value",
)


def test_the_secrets_check_refuses_short_placeholder_and_default_values() -> None:
    """deploy/check-secrets.sh's rule: 12+ characters, 6+ different ones, no placeholder
    (any spelling of change-me, example, placeholder), no default word."""
    for weak in WEAK_SECRETS:
        refused = _check_secrets({"SECRET": weak}, ["SECRET"])
        assert refused.returncode != 0, weak
        assert "SECRET" in refused.stderr
        if len(weak) > 8:  # long enough not to be a word of the message itself
            assert weak not in refused.stderr, "a secret was printed"
    for strong in ("kJ8#mQ2vL9xR4tW1", "s3cret-0-postgres_password"):
        assert _check_secrets({"SECRET": strong}, ["SECRET"]).returncode == 0, strong
    auth = "AIRFLOW__CELERY__FLOWER_BASIC_AUTH"
    for weak in ("admin:", "admin: ", ":a-long-password", "ops", "ops:a-long-password,bob:x"):
        assert _check_secrets({auth: weak}, [auth]).returncode != 0, weak
    assert (
        _check_secrets({auth: "ops:a-long-password,bob:an0ther-l0ng-one"}, [auth]).returncode == 0
    )


def test_redis_asks_for_a_password_it_is_never_given_on_the_command_line() -> None:
    services = _compose()["services"]
    redis = services["redis"]
    script = redis["entrypoint"][2]
    assert "check-secrets.sh REDIS_PASSWORD" in script
    assert "requirepass" in script and "redis-server -" in script  # config on stdin
    assert "--requirepass" not in script
    assert redis["environment"]["REDISCLI_AUTH"].startswith("${REDIS_PASSWORD")
    env = services["airflow-worker"]["environment"]
    for key in ("AIRFLOW__CELERY__BROKER_URL", "AIRFLOW__CELERY__RESULT_BACKEND"):
        assert env[key].startswith("redis://:${REDIS_PASSWORD:?"), key


def test_superset_has_its_own_role_and_sees_only_the_snapshot() -> None:
    services = _compose()["services"]
    superset = services["superset"]
    uri = superset["environment"]["SUPERSET_METADATA_URI"]
    assert "POSTGRES_USER" not in uri and "POSTGRES_PASSWORD" not in uri
    assert uri.startswith(
        "postgresql+psycopg2://${SUPERSET_DB_USER:-superset}:${SUPERSET_DB_PASSWORD"
    )
    assert "POSTGRES_PASSWORD" not in " ".join(map(str, superset["environment"].values()))
    (data,) = [v for v in superset["volumes"] if v.get("source") == "notices-data"]
    assert data["read_only"] is True
    assert data["volume"]["subpath"] == "warehouse/bi"  # holds only reporting.duckdb
    database = yaml.safe_load(
        (REPO / "bi/superset/export/databases/reporting.yaml").read_text(encoding="utf-8")
    )
    assert database["sqlalchemy_uri"] == f"duckdb:///{data['target']}/reporting.duckdb"
    init = services["superset-db-init"]
    assert superset["depends_on"]["superset-db-init"]["condition"] == (
        "service_completed_successfully"
    )
    assert "deploy/superset-db.sql" in init["entrypoint"][2]


def test_flower_starts_only_behind_basic_auth() -> None:
    flower = _compose()["services"]["flower"]
    names = _checked_secrets(flower["command"])
    assert names == ["AIRFLOW__CELERY__FLOWER_BASIC_AUTH"]
    assert "FLOWER_BASIC_AUTH" in flower["environment"]["AIRFLOW__CELERY__FLOWER_BASIC_AUTH"]
    assert _check_secrets({}, names).returncode != 0
    placeholder = _env_example()["FLOWER_BASIC_AUTH"]
    assert _check_secrets({names[0]: placeholder}, names).returncode != 0
    assert _check_secrets({names[0]: "ops:a-long-password"}, names).returncode == 0


def test_dockerfile_extends_the_locked_airflow_image_and_installs_from_uv_lock() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    version = re.search(r"^ARG AIRFLOW_VERSION=(\S+)$", dockerfile, re.M)
    assert version and version.group(1) == _locked_version("apache-airflow")
    assert re.search(r"^FROM apache/airflow:\$\{AIRFLOW_VERSION\}", dockerfile, re.M)
    assert "uv export --frozen --no-dev --extra deploy" in dockerfile
    assert "--editable ." in dockerfile


def test_the_dockerfile_uv_export_works_on_this_lock(tmp_path: Path) -> None:
    out = tmp_path / "requirements.txt"
    done = subprocess.run(
        [
            *_uv(),
            "export",
            "--frozen",
            "--no-dev",
            "--extra",
            "deploy",
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
    # the PostgreSQL driver and the providers docker-compose.yml runs
    for package in (
        "psycopg2-binary",
        "apache-airflow-providers-celery",
        "apache-airflow-providers-fab",
    ):
        assert f"{package}=={_locked_version(package)}" in pins, package


def test_env_example_defines_every_setting_and_no_real_secret() -> None:
    compose_text = (REPO / "docker-compose.yml").read_text(encoding="utf-8")
    # `$${HOSTNAME}` is the container's shell variable, not a compose setting.
    used = set(re.findall(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)", compose_text))
    lines = (REPO / ".env.example").read_text(encoding="utf-8").splitlines()
    defined = dict(
        line.split("=", 1) for line in lines if line.strip() and not line.startswith("#")
    )
    assert used <= set(defined), f"missing in .env.example: {sorted(used - set(defined))}"
    secrets = [k for k in defined if re.search(r"PASSWORD|SECRET|FERNET|BASIC_AUTH", k)]
    assert secrets, "the secrets must be listed"
    for key in secrets:
        assert "CHANGE-ME" in defined[key], f"{key} looks like a real secret"
    for ignore in (".gitignore", ".dockerignore"):
        assert ".env" in (REPO / ignore).read_text(encoding="utf-8").split(), ignore
