#!/usr/bin/env bash
# Airflow's three services (api-server, scheduler, dag-processor) as plain processes, for a
# host without systemd (a container, WSL, a minimal VM). docs/deployment.md, step 6.
#
#   deploy/airflow-services.sh start|stop|status|restart
#
# Reads /etc/notices/airflow.env (or $NOTICES_AIRFLOW_ENV), runs /opt/notices/.venv/bin/airflow
# (or $NOTICES_DIR/.venv/bin/airflow). Each service runs in a session of its own (setsid),
# its pid in $AIRFLOW_HOME/run/<service>.pid and its output in $AIRFLOW_HOME/logs/<service>.log;
# `stop` stops each service's whole process group, so the scheduler's task processes stop
# with it (what systemd's KillMode=control-group does). The scheduler runs without its log
# server (--skip-serve-logs): with the LocalExecutor the api-server reads the task logs from
# the same disk, and Airflow's log server would listen on port 8793 of every interface.
set -euo pipefail

NOTICES_DIR="${NOTICES_DIR:-/opt/notices}"
ENV_FILE="${NOTICES_AIRFLOW_ENV:-/etc/notices/airflow.env}"
SERVICES=(api-server scheduler dag-processor)

if [[ ! -r "$ENV_FILE" ]]; then
  echo "airflow-services: cannot read $ENV_FILE (step 4 of docs/deployment.md)" >&2
  exit 1
fi
set -a
# shellcheck disable=SC1090
. "$ENV_FILE"
set +a
: "${AIRFLOW_HOME:?AIRFLOW_HOME is not set in $ENV_FILE}"
AIRFLOW="$NOTICES_DIR/.venv/bin/airflow"
RUN="$AIRFLOW_HOME/run"
LOGS="$AIRFLOW_HOME/logs"
mkdir -p "$RUN" "$LOGS"

pid_of() {
  local file="$RUN/$1.pid" pid
  [[ -r "$file" ]] || return 1
  pid=$(<"$file")
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

start_one() {
  local service="$1" args=("$1")
  if pid=$(pid_of "$service"); then
    echo "$service: already running (pid $pid)"
    return
  fi
  [[ "$service" == scheduler ]] && args+=(--skip-serve-logs)
  cd "$NOTICES_DIR"
  setsid "$AIRFLOW" "${args[@]}" >>"$LOGS/$service.log" 2>&1 </dev/null &
  echo $! >"$RUN/$service.pid"
  echo "$service: started (pid $!, log $LOGS/$service.log)"
}

stop_one() {
  local service="$1" pid
  if ! pid=$(pid_of "$service"); then
    echo "$service: not running"
    rm -f "$RUN/$service.pid"
    return
  fi
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  for _ in $(seq 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN/$service.pid"
  echo "$service: stopped"
}

status() {
  local down=0 service pid
  for service in "${SERVICES[@]}"; do
    if pid=$(pid_of "$service"); then
      echo "$service: running (pid $pid)"
    else
      echo "$service: stopped"
      down=1
    fi
  done
  return "$down"
}

case "${1:-}" in
  start) for s in "${SERVICES[@]}"; do start_one "$s"; done ;;
  stop) for s in "${SERVICES[@]}"; do stop_one "$s"; done ;;
  restart)
    for s in "${SERVICES[@]}"; do stop_one "$s"; done
    for s in "${SERVICES[@]}"; do start_one "$s"; done
    ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status|restart" >&2
    exit 2
    ;;
esac
