"""Airflow wiring shared by the notices DAGs: defaults, assets, the writer pool, callbacks.

No business logic lives here (that is `pipeline/`). This module must import fast and
offline: it is read by the DAG processor on every parse, so nothing here touches the
metadata database or the network at import time; Variables are read inside tasks only.
"""

from __future__ import annotations

import contextlib
import inspect
import logging
import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from airflow.sdk import Asset, Variable

if TYPE_CHECKING:
    from pipeline.settings import Settings

log = logging.getLogger("notices.airflow")

# DuckDB allows one read-write process per file: every task that opens
# warehouse.duckdb for writing takes the single slot of this pool.
WRITER_POOL = "duckdb_writer"

RAW_ASSET = Asset("duckdb://warehouse/raw")
REPORTING_ASSET = Asset("duckdb://warehouse/reporting")

START_DATE_ISO = "2024-01-01"
TAGS_BASE = ["notices", "政务公开"]

# The ingest schedule is needed at parse time, when Variables must not be read from the
# metadata DB; Airflow's own env form of the Variable (AIRFLOW_VAR_...) is read instead.
DEFAULT_INGEST_SCHEDULE = "@daily"


MANUAL_ONLY = ("none", "manual")


def ingest_schedule() -> str | None:
    """The cron (or preset) of notices_ingest; `none` or `manual`: triggered runs only."""
    value = (os.environ.get("AIRFLOW_VAR_NOTICES_INGEST_SCHEDULE") or "").strip()
    if value.lower() in MANUAL_ONLY:
        return None
    return value or DEFAULT_INGEST_SCHEDULE


def _variable(key: str) -> str | None:
    value = Variable.get(key, default=None)
    if value is None:
        return None
    return str(value).strip() or None


def notices_settings() -> Settings:
    """The pipeline settings for this task: Variable `notices_home`, else the CLI default
    (`$NOTICES_HOME` or `<repo>/warehouse`)."""
    from pipeline.settings import Settings

    return Settings.from_env(home=_variable("notices_home"))


def sources_config_path() -> str | None:
    """Variable `notices_sources_config`; None lets the step use the CLI default sources.yml."""
    path = _variable("notices_sources_config")
    if path is not None and not Path(path).is_file():
        raise FileNotFoundError(
            f"Airflow Variable notices_sources_config points to {path!r}, which is not a file"
        )
    return path


@contextlib.contextmanager
def sources_config_fails_the_run() -> Iterator[None]:
    """A sources file that cannot be read, or names a folder or a host that does not
    exist, fails the run at once, without retries: retrying cannot mend a config."""
    from airflow.sdk.exceptions import AirflowFailException

    from extract.sources.config import ConfigError

    try:
        yield
    except (ConfigError, FileNotFoundError) as exc:
        raise AirflowFailException(f"sources config error: {exc}") from exc


def task_doc(decorated: Any) -> str:
    """The docstring of a TaskFlow task, for `doc_md` of its mapped form."""
    return inspect.getdoc(decorated.function) or ""


def mapped_results(values: Any) -> list[Any]:
    """The results of a mapped task as a plain list, read in one slice.

    Airflow hands a mapped task's results over as a lazy sequence; iterating it asks for
    item after item until one is missing, and the api-server logs that last miss as an
    error ("XCom not found … offset=1" in every green run with one batch). A slice is one
    request for all of them, and no miss."""
    if not values:
        return []
    return list(values[:])


def failure_summary(context: Any) -> str:
    """One readable paragraph about a failed task, for logs, e-mail or chat."""
    ti = context.get("ti") or context.get("task_instance")
    dag_id = getattr(ti, "dag_id", "?")
    task_id = getattr(ti, "task_id", "?")
    map_index = getattr(ti, "map_index", -1)
    where = f"{dag_id}.{task_id}" + (f"[{map_index}]" if map_index not in (-1, None) else "")
    exception = context.get("exception")
    reason = f"{type(exception).__name__}: {exception}" if exception else "no exception recorded"
    from extract.printable import printable

    return printable(
        f"notices pipeline task failed: {where} run={context.get('run_id', '?')} "
        f"try={getattr(ti, 'try_number', '?')} reason={reason}"
    )


def send_alert(summary: str) -> None:
    """Hook point for e-mail/Slack: posts `{"text": summary}` to the Slack-compatible webhook
    in Variable `notices_alert_webhook` when it is set. A failing alert never masks the task
    failure, so errors here are logged, not raised."""
    try:
        url = _variable("notices_alert_webhook")
        if url is None:
            return
        import httpx

        httpx.post(url, json={"text": summary}, timeout=10).raise_for_status()
    except Exception as exc:
        log.warning("could not send the failure alert: %s", exc)


def on_failure(context: Any) -> None:
    summary = failure_summary(context)
    log.error(summary)
    send_alert(summary)


def _minutes(name: str, default: float) -> timedelta:
    return timedelta(minutes=float(os.environ.get(name, default)))


# Timeouts, from the environment because they are needed at parse time. A task past its
# execution_timeout is interrupted (its dbt or LibreOffice child is killed with it, since
# subprocess.run kills its child when interrupted) and fails, so it never holds the
# writer slot for ever; a run past its dagrun_timeout fails as a whole.
TASK_TIMEOUT = _minutes("NOTICES_TASK_TIMEOUT_MIN", 60)
FETCH_TIMEOUT = _minutes("NOTICES_FETCH_TIMEOUT_MIN", 90)
EXTRACT_TIMEOUT = _minutes("NOTICES_EXTRACT_TIMEOUT_MIN", 90)
LOAD_TIMEOUT = _minutes("NOTICES_LOAD_TIMEOUT_MIN", 120)
DBT_TIMEOUT = _minutes("NOTICES_DBT_TIMEOUT_MIN", 60)
SHORT_TIMEOUT = _minutes("NOTICES_SHORT_TASK_TIMEOUT_MIN", 10)
INGEST_RUN_TIMEOUT = _minutes("NOTICES_INGEST_RUN_TIMEOUT_MIN", 12 * 60)
TRANSFORM_RUN_TIMEOUT = _minutes("NOTICES_TRANSFORM_RUN_TIMEOUT_MIN", 4 * 60)
REPROCESS_RUN_TIMEOUT = _minutes("NOTICES_REPROCESS_RUN_TIMEOUT_MIN", 24 * 60)
PIPELINE_RUN_TIMEOUT = _minutes("NOTICES_PIPELINE_RUN_TIMEOUT_MIN", 16 * 60)


def batch_size() -> int:
    """Documents per mapped fetch/extract task, `NOTICES_BATCH_SIZE` (default 20); grown
    when a backlog would need more mapped instances than `max_map_length` allows. Read
    when a task runs, like the mapping limit it goes with."""
    from pipeline.batches import DEFAULT_BATCH_SIZE

    return int(os.environ.get("NOTICES_BATCH_SIZE") or DEFAULT_BATCH_SIZE)


def max_map_length() -> int:
    """Airflow's `[core] max_map_length`: the most instances one task may be mapped to."""
    from airflow.configuration import conf

    return conf.getint("core", "max_map_length", fallback=1024)


# Retry settings come from the environment (not Variables) because they are needed at
# parse time; the defaults suit production, tests shorten the delays.
DEFAULT_ARGS: dict[str, Any] = {
    "owner": "notices",
    "retries": int(os.environ.get("NOTICES_RETRIES", "2")),
    "retry_delay": timedelta(seconds=float(os.environ.get("NOTICES_RETRY_DELAY", "30"))),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=10),
    "on_failure_callback": on_failure,
    "execution_timeout": TASK_TIMEOUT,
}

# Fetching talks to government portals that time out and throttle: a transient fault is
# tried again inside the batch task (only the faulty candidates), after a delay doubled
# each round, so one slow portal never re-downloads the batch's other documents.
FETCH_RETRIES = int(os.environ.get("NOTICES_FETCH_RETRIES", "3"))
FETCH_RETRY_DELAY_S = float(os.environ.get("NOTICES_FETCH_RETRY_DELAY", "60"))


def dag_arguments(
    dag_id: str,
    *,
    schedule: Any,
    run_timeout: timedelta,
    tags: list[str],
    doc_md: str | None,
    **extra: Any,
) -> dict[str, Any]:
    """The `@dag` arguments every notices DAG shares: no catchup, one active run at a
    time (they all write the one warehouse), the default task arguments and tags."""
    return {
        "dag_id": dag_id,
        "schedule": schedule,
        "start_date": datetime.fromisoformat(START_DATE_ISO),
        "catchup": False,
        "max_active_runs": 1,
        "dagrun_timeout": run_timeout,
        "default_args": DEFAULT_ARGS,
        "tags": [*TAGS_BASE, *tags],
        "doc_md": doc_md,
        **extra,
    }
