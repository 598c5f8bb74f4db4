#!/usr/bin/env bash
# Refuses to start the stack while a secret is empty or still a CHANGE-ME placeholder of
# .env.example. Usage: check-secrets.sh VAR...  (the names of the variables to check).
# airflow-init runs it first; every Airflow service waits for airflow-init to succeed.
set -euo pipefail
unsafe=()
for name in "$@"; do
  value="${!name:-}"
  if [[ -z "$value" || "$value" == *CHANGE-ME* ]]; then
    unsafe+=("$name")
  fi
done
if ((${#unsafe[@]})); then
  echo "refusing to start: ${unsafe[*]} still empty or a CHANGE-ME placeholder; set real values in .env" >&2
  exit 1
fi
echo "secrets set: $*"
