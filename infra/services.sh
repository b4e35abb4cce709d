#!/usr/bin/env bash
# Builds (once) and runs the local services the platform needs: Temporal dev server, MinIO, Mailpit (an SMTP
# server that keeps what it receives, with a web UI and an API: the e-mail notices land there), PostgreSQL.
#
#   infra/services.sh build            build the pinned binaries into the cache if they are missing
#   infra/services.sh up [svc...]      start what is not running yet (temporal minio mailpit postgres); reuse what is
#   infra/services.sh down [svc...]    stop what these scripts started (pid files); leave anything else alone
#   infra/services.sh status           one line per service
#
# Every step is idempotent. Binaries live in $BIN_CACHE_DIR (git-ignored), data in $DATA_DIR (git-ignored).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEMPORAL_CLI_VERSION=v1.5.1
# MinIO publishes no semver tags; this pseudo-version is the newest commit on the proxy when pinned (2026-02-12).
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
MAILPIT_VERSION=v1.33.1

TEMPORAL_BIN="$BIN_CACHE_DIR/temporal-$TEMPORAL_CLI_VERSION/temporal"
MINIO_BIN="$BIN_CACHE_DIR/minio-$MINIO_VERSION/minio"
MAILPIT_BIN="$BIN_CACHE_DIR/mailpit-$MAILPIT_VERSION/mailpit"

TEMPORAL_HOST=127.0.0.1
TEMPORAL_PORT=${TEMPORAL_DEV_PORT:-7233}
TEMPORAL_UI_PORT=${TEMPORAL_UI_PORT:-8233}
MINIO_PORT=${MINIO_PORT:-9000}
MINIO_CONSOLE_PORT=${MINIO_CONSOLE_PORT:-9001}
MAILPIT_SMTP_PORT=${MAILPIT_SMTP_PORT:-1025}
MAILPIT_UI_PORT=${MAILPIT_UI_PORT:-8025}
MINIO_USER=${S3_ACCESS_KEY:-minioadmin}
MINIO_PASSWORD=${S3_SECRET_KEY:-minioadmin}

build() { # [temporal] [minio] [mailpit]: in parallel; on a fresh machine each takes minutes
  local which=("$@") pids=() rc=0
  [ ${#which[@]} -gt 0 ] || which=(temporal minio mailpit)
  for b in "${which[@]}"; do
    case $b in
      temporal) go_build temporal github.com/temporalio/cli/cmd/temporal "$TEMPORAL_CLI_VERSION" "$TEMPORAL_BIN" & pids+=($!) ;;
      minio) go_build minio github.com/minio/minio "$MINIO_VERSION" "$MINIO_BIN" & pids+=($!) ;;
      mailpit) go_build mailpit github.com/axllent/mailpit "$MAILPIT_VERSION" "$MAILPIT_BIN" & pids+=($!) ;;
    esac
  done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  [ $rc -eq 0 ] || die "building the services failed (see above)"
}

temporal_up() {
  if port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT"; then
    say "temporal: already listening on $TEMPORAL_HOST:$TEMPORAL_PORT, reusing it"
  else
    go_build temporal github.com/temporalio/cli/cmd/temporal "$TEMPORAL_CLI_VERSION" "$TEMPORAL_BIN"
    mkdir -p "$DATA_DIR/temporal"
    say "temporal: starting dev server (data in ${DATA_DIR#$ROOT/}/temporal)"
    start_bg temporal "$TEMPORAL_BIN" server start-dev \
      --ip "$TEMPORAL_HOST" --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
      --db-filename "$DATA_DIR/temporal/temporal.db" \
      --sqlite-pragma journal_mode=WAL --sqlite-pragma synchronous=OFF \
      --dynamic-config-value worker.batcherRPS=1000 \
      --log-level warn
    wait_for "temporal" 60 "$TEMPORAL_BIN" operator cluster health --address "$TEMPORAL_HOST:$TEMPORAL_PORT"
  fi
}

minio_up() {
  if port_open 127.0.0.1 "$MINIO_PORT"; then
    say "minio: already listening on 127.0.0.1:$MINIO_PORT, reusing it"
  else
    go_build minio github.com/minio/minio "$MINIO_VERSION" "$MINIO_BIN"
    mkdir -p "$DATA_DIR/minio"
    say "minio: starting single node (data in ${DATA_DIR#$ROOT/}/minio)"
    MINIO_ROOT_USER="$MINIO_USER" MINIO_ROOT_PASSWORD="$MINIO_PASSWORD" MINIO_BROWSER_REDIRECT=off \
      MINIO_UPDATE=off MINIO_CALLHOME_ENABLE=off \
      start_bg minio "$MINIO_BIN" server "$DATA_DIR/minio" --quiet \
      --address "127.0.0.1:$MINIO_PORT" --console-address "127.0.0.1:$MINIO_CONSOLE_PORT"
    wait_for "minio" 60 curl -fsS -o /dev/null "http://127.0.0.1:$MINIO_PORT/minio/health/ready"
  fi
}

mailpit_up() {
  if port_open 127.0.0.1 "$MAILPIT_SMTP_PORT"; then
    say "mailpit: already listening on 127.0.0.1:$MAILPIT_SMTP_PORT, reusing it"
  else
    go_build mailpit github.com/axllent/mailpit "$MAILPIT_VERSION" "$MAILPIT_BIN"
    mkdir -p "$DATA_DIR/mailpit"
    say "mailpit: starting (SMTP 127.0.0.1:$MAILPIT_SMTP_PORT, messages in ${DATA_DIR#$ROOT/}/mailpit)"
    start_bg mailpit "$MAILPIT_BIN" --quiet --disable-version-check --max 20000 \
      --database "$DATA_DIR/mailpit/mailpit.db" \
      --smtp "127.0.0.1:$MAILPIT_SMTP_PORT" --listen "127.0.0.1:$MAILPIT_UI_PORT"
    wait_for "mailpit" 60 curl -fsS -o /dev/null "http://127.0.0.1:$MAILPIT_UI_PORT/api/v1/info"
  fi
}

postgres_up() {
  if [ -n "${DATABASE_URL:-}" ] && ! [[ $DATABASE_URL =~ ^postgres(ql)?://[^/]*@?(127\.0\.0\.1|localhost)(:5432)?/ ]]; then
    say "postgres: using DATABASE_URL (a remote server)"
    return
  fi
  if port_open 127.0.0.1 5432; then
    say "postgres: local server on 127.0.0.1:5432"
    return
  fi
  # The machine's own cluster, stopped: start it the way the machine does (not ours to stop later).
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    say "postgres: local server not running, starting the machine's cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | tail -n1)" main start
    wait_for postgres 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/5432"
  else
    die "postgres: nothing on 127.0.0.1:5432 and no DATABASE_URL: start PostgreSQL or set DATABASE_URL"
  fi
}

status() {
  local s
  for s in temporal minio mailpit; do
    local pid; pid=$(pid_of "$s")
    case $s in
      temporal) port=$TEMPORAL_PORT ;;
      minio) port=$MINIO_PORT ;;
      mailpit) port=$MAILPIT_SMTP_PORT ;;
    esac
    if port_open 127.0.0.1 "$port"; then
      if [ -n "$pid" ]; then echo "$s: up (pid $pid, started by these scripts)"; else echo "$s: up (not started by these scripts)"; fi
    else
      echo "$s: down"
    fi
  done
  if port_open 127.0.0.1 5432; then echo "postgres: up (127.0.0.1:5432)"; else echo "postgres: down"; fi
}

cmd=${1:-status}
shift || true
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(postgres temporal minio mailpit)
case $cmd in
  build) build "${services[@]/postgres/}" ;;
  up)
    # Build, in parallel, only what is missing for a service that is not already running.
    needed=()
    for s in "${services[@]}"; do
      case $s in
        temporal) port_open "$TEMPORAL_HOST" "$TEMPORAL_PORT" || [ -x "$TEMPORAL_BIN" ] || needed+=(temporal) ;;
        minio) port_open 127.0.0.1 "$MINIO_PORT" || [ -x "$MINIO_BIN" ] || needed+=(minio) ;;
        mailpit) port_open 127.0.0.1 "$MAILPIT_SMTP_PORT" || [ -x "$MAILPIT_BIN" ] || needed+=(mailpit) ;;
      esac
    done
    [ ${#needed[@]} -eq 0 ] || build "${needed[@]}"
    for s in "${services[@]}"; do "${s}_up"; done
    ;;
  down)
    for s in "${services[@]}"; do [ "$s" = postgres ] || stop_bg "$s"; done
    ;;
  status) status ;;
  *) die "usage: $0 build|up|down|status [postgres temporal minio mailpit]" ;;
esac
