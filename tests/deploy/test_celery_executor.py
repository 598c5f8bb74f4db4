"""The CeleryExecutor of the `deploy` extra starts with the locked packages (skipped where
the extra is not installed: `NOTICES_EXTRAS=deploy bash scripts/bootstrap.sh`)."""

from __future__ import annotations

import importlib

import pytest


def test_the_celery_executor_and_its_worker_app_import_with_the_locked_celery() -> None:
    pytest.importorskip("airflow.providers.celery")
    # the module the scheduler loads for executor = CeleryExecutor, and the app
    # `airflow celery worker` runs: both import celery.backends.database's helpers
    executor = importlib.import_module("airflow.providers.celery.executors.celery_executor")
    assert executor.CeleryExecutor.__name__ == "CeleryExecutor"
    assert executor.app.main == "airflow.providers.celery.executors.celery_executor"
