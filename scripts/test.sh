#!/usr/bin/env bash
# The test suite: lint, then every test (unit, integration, Airflow dag.test(), dbt build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# uv installed by `pip install --user` lives here; tests that run uv for real need it on PATH
export PATH="$HOME/.local/bin:$PATH"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# Types: mypy, strict on extract/, pipeline/, warehouse/ and expectations/ (pyproject.toml);
# the count of `type: ignore` comments it tolerates is printed, so it can only go down.
.venv/bin/mypy
echo "mypy: $(grep -rho 'type: ignore' extract pipeline warehouse expectations | wc -l) type: ignore comment(s)"
# loadfile: a module-scoped fixture (a whole `notices run`) is built once, not per worker
exec .venv/bin/pytest -n 2 --dist loadfile "$@"
