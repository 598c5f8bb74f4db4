#!/usr/bin/env bash
# Installs what the project needs on a machine that has only Python and pip:
# uv (bootstrapped with pip when missing), then the locked environment in .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
# PYTHON=/usr/bin/python3: build .venv on that interpreter (uv would otherwise pick any
# Python on the machine that fits, or download one); unset, uv chooses.
PIN=()
if [[ -n "${PYTHON:-}" ]]; then
  PIN=(--python "$PYTHON")
fi
PYTHON="${PYTHON:-python3}"
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
elif "$PYTHON" -m uv --version >/dev/null 2>&1; then
  UV=("$PYTHON" -m uv)
else
  echo "bootstrap: installing uv with pip" >&2
  "$PYTHON" -m pip install --quiet --user uv 2>/dev/null || "$PYTHON" -m pip install --quiet uv
  UV=("$PYTHON" -m uv)
fi
# NOTICES_EXTRAS="deploy": optional extras of pyproject.toml to keep installed (a plain
# `uv sync --frozen` removes them; docs/deployment.md installs `deploy` this way).
EXTRAS=()
for extra in ${NOTICES_EXTRAS:-}; do
  EXTRAS+=(--extra "$extra")
done
"${UV[@]}" sync --frozen --quiet ${PIN[@]+"${PIN[@]}"} ${EXTRAS[@]+"${EXTRAS[@]}"}
