#!/usr/bin/env bash
# The main job: the whole pipeline on the sources of sources.yml (by default samples/),
# leaving warehouse/warehouse.duckdb and the published warehouse/reporting.duckdb.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/notices run "$@"
