#!/usr/bin/env bash
# Production-profile Temporal server: the real server (not the dev server) on PostgreSQL, single node.
#
#   infra/production/temporal-server.sh build    build the pinned server and SQL schema tool into the cache if missing
#   infra/production/temporal-server.sh schema   create/upgrade the temporal and temporal_visibility databases (idempotent)
#   infra/production/temporal-server.sh up       build + schema, start the server, register namespace and search attributes
#   infra/production/temporal-server.sh down     stop the server if these scripts started it
#   infra/production/temporal-server.sh status   one line
#   infra/production/temporal-server.sh drop     drop both databases (refused while the server runs): every workflow goes
#
# Listens on 127.0.0.1:$TEMPORAL_PROD_PORT (default 7333) and the next 7 ports (internal services), so it runs
# beside the dev server of infra/services.sh (7233); its Prometheus metrics on $TEMPORAL_PROD_METRICS_PORT (default
# the port after those). Binaries in $BIN_CACHE_DIR, config/log/pid under $DATA_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

TEMPORAL_SERVER_VERSION=v1.29.1
TEMPORAL_CLI_VERSION=v1.5.1 # same CLI as infra/services.sh, used for the health check and the namespace

SERVER_BIN="$BIN_CACHE_DIR/temporal-server-$TEMPORAL_SERVER_VERSION/server"
SQL_TOOL_BIN="$BIN_CACHE_DIR/temporal-sql-tool-$TEMPORAL_SERVER_VERSION/sql"
TEMPORAL_BIN="$BIN_CACHE_DIR/temporal-$TEMPORAL_CLI_VERSION/temporal"

NAME=temporal-prod
HOST=127.0.0.1
PORT=${TEMPORAL_PROD_PORT:-7333}
NAMESPACE=${TEMPORAL_PROD_NAMESPACE:-default}
RETENTION_DAYS=${TEMPORAL_RETENTION_DAYS:-365}
LOG_LEVEL=${TEMPORAL_PROD_LOG_LEVEL:-warn}
METRICS_PORT=${TEMPORAL_PROD_METRICS_PORT:-$((PORT + 8))}
# Fixed for the life of the databases: started again with another count, the server keeps the first one and only logs
# a warning (v1.29.1). `drop` the databases of a test installation to change it.
HISTORY_SHARDS=${TEMPORAL_PROD_HISTORY_SHARDS:-4}

DB_HOST=${TEMPORAL_DB_HOST:-127.0.0.1}
DB_PORT=${TEMPORAL_DB_PORT:-5432}
DB_USER=${TEMPORAL_DB_USER:-postgres}
DB_PASSWORD=${TEMPORAL_DB_PASSWORD:-}
DB_NAME=${TEMPORAL_PROD_DB:-temporal}
VISIBILITY_DB_NAME=${TEMPORAL_PROD_VISIBILITY_DB:-temporal_visibility}
# Connection pool sizes. Each of the four services (frontend, history, matching, worker) opens its own pools, even in
# one process: up to 4 × (20 + 10) = 120 connections, more than PostgreSQL's default max_connections (100).
DB_MAX_CONNS=${TEMPORAL_PROD_DB_MAX_CONNS:-20}
VISIBILITY_DB_MAX_CONNS=${TEMPORAL_PROD_VISIBILITY_DB_MAX_CONNS:-10}
PLUGIN=postgres12

SERVER_ROOT="$DATA_DIR/$NAME"
CONFIG_DIR="$SERVER_ROOT/config"

build() {
  go_build temporal-server go.temporal.io/server/cmd/server "$TEMPORAL_SERVER_VERSION" "$SERVER_BIN"
  go_build temporal-sql-tool go.temporal.io/server/cmd/tools/sql "$TEMPORAL_SERVER_VERSION" "$SQL_TOOL_BIN"
}

schema_dir() { # the versioned SQL shipped in the server module (downloaded by go install, or now)
  local json dir
  json=$(cd /tmp && go mod download -json "go.temporal.io/server@$TEMPORAL_SERVER_VERSION") ||
    die "go mod download go.temporal.io/server@$TEMPORAL_SERVER_VERSION failed"
  dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  [ -d "$dir/schema/postgresql/v12" ] || die "no schema/postgresql/v12 in the module directory '$dir'"
  echo "$dir/schema/postgresql/v12"
}

sql_tool() { # database args... : run the schema tool against one database (password via env, not argv)
  local db=$1; shift
  SQL_PLUGIN=$PLUGIN SQL_HOST=$DB_HOST SQL_PORT=$DB_PORT SQL_USER=$DB_USER SQL_PASSWORD=$DB_PASSWORD SQL_DATABASE=$db \
    "$SQL_TOOL_BIN" "$@"
}

schema() {
  [ -x "$SQL_TOOL_BIN" ] || go_build temporal-sql-tool go.temporal.io/server/cmd/tools/sql "$TEMPORAL_SERVER_VERSION" "$SQL_TOOL_BIN"
  port_open "$DB_HOST" "$DB_PORT" || die "postgres: nothing listening on $DB_HOST:$DB_PORT (TEMPORAL_DB_HOST/TEMPORAL_DB_PORT)"
  local dir db sub log="$LOG_DIR/$NAME-schema.log"
  dir=$(schema_dir)
  : >"$log"
  for db in "$DB_NAME:temporal" "$VISIBILITY_DB_NAME:visibility"; do
    sub=${db#*:}; db=${db%%:*}
    say "schema: $db on $DB_HOST:$DB_PORT ($PLUGIN, ${dir#"$(go env GOMODCACHE)/"}/$sub/versioned)"
    # create-database ignores an existing database; setup-schema -v 0.0 only creates the version tables and
    # leaves a newer version alone; update-schema applies only the versions above the current one.
    { sql_tool "$db" create-database &&
      sql_tool "$db" setup-schema -v 0.0 &&
      sql_tool "$db" update-schema -d "$dir/$sub/versioned"; } >>"$log" 2>&1 ||
      { tail -n 20 "$log" >&2; die "schema set-up of $db failed (log: ${log#$ROOT/})"; }
  done
  say "schema: up to date (log: ${log#$ROOT/})"
}

drop() { # both databases, for a fresh start (the bench's own, or a new shard count); never under a running server
  local pid; pid=$(pid_of "$NAME")
  [ -z "$pid" ] || die "$NAME: running (pid $pid): run down first"
  port_open "$HOST" "$PORT" && die "$NAME: $HOST:$PORT answers (a server not started by these scripts?): not dropping its databases"
  [ -x "$SQL_TOOL_BIN" ] || go_build temporal-sql-tool go.temporal.io/server/cmd/tools/sql "$TEMPORAL_SERVER_VERSION" "$SQL_TOOL_BIN"
  local db log="$LOG_DIR/$NAME-schema.log"
  for db in "$DB_NAME" "$VISIBILITY_DB_NAME"; do
    sql_tool "$db" drop-database --force >>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "dropping $db failed (log: ${log#$ROOT/})"; }
    say "$NAME: database $db dropped"
  done
}

write_config() { # services on PORT..PORT+7: frontend, history, matching, worker (gRPC, then membership)
  mkdir -p "$CONFIG_DIR"
  q() { printf "'%s'" "${1//\'/\'\'}"; } # YAML single-quoted string
  store() { cat <<YAML
      sql:
        pluginName: "$PLUGIN"
        databaseName: "$1"
        connectAddr: "$DB_HOST:$DB_PORT"
        connectProtocol: "tcp"
        user: $(q "$DB_USER")
        password: $(q "$DB_PASSWORD")
        maxConns: $2
        maxIdleConns: $2
        maxConnLifetime: "1h"
YAML
  }
  (umask 077 && cat >"$CONFIG_DIR/production.yaml" <<YAML
# Generated by infra/production/temporal-server.sh: edit the script, not this file.
log:
  stdout: true
  level: $LOG_LEVEL

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: $HISTORY_SHARDS
  datastores:
    postgres-default:
$(store "$DB_NAME" "$DB_MAX_CONNS")
    postgres-visibility:
$(store "$VISIBILITY_DB_NAME" "$VISIBILITY_DB_MAX_CONNS")

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "$HOST"
  metrics:
    prometheus:
      framework: "tally"
      listenAddress: "$HOST:$METRICS_PORT"

services:
  frontend:
    rpc: { grpcPort: $PORT, membershipPort: $((PORT + 1)), bindOnIP: "$HOST" }
  history:
    rpc: { grpcPort: $((PORT + 2)), membershipPort: $((PORT + 3)), bindOnIP: "$HOST" }
  matching:
    rpc: { grpcPort: $((PORT + 4)), membershipPort: $((PORT + 5)), bindOnIP: "$HOST" }
  worker:
    rpc: { grpcPort: $((PORT + 6)), membershipPort: $((PORT + 7)), bindOnIP: "$HOST" }

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "$HOST:$PORT"

dcRedirectionPolicy:
  policy: "noop"
YAML
  )
}

running_port() { cat "$RUN_DIR/$NAME.port" 2>/dev/null || echo "$PORT"; } # the port the running server was given

healthy() { "$TEMPORAL_BIN" operator cluster health --address "$HOST:$PORT"; }

namespace_up() {
  if "$TEMPORAL_BIN" operator namespace describe --address "$HOST:$PORT" --namespace "$NAMESPACE" >/dev/null 2>&1; then
    say "$NAME: namespace $NAMESPACE exists"
  else
    "$TEMPORAL_BIN" operator namespace create --address "$HOST:$PORT" --namespace "$NAMESPACE" \
      --retention "${RETENTION_DAYS}d" >/dev/null
    say "$NAME: namespace $NAMESPACE created (retention $RETENTION_DAYS days)"
  fi
  # Retention (kept in step) and the project's search attributes; idempotent.
  [ -x "$ROOT/node_modules/.bin/tsx" ] || die "node_modules missing: run npm ci, then this command again"
  (cd "$ROOT" && TEMPORAL_ADDRESS="$HOST:$PORT" TEMPORAL_NAMESPACE="$NAMESPACE" TEMPORAL_RETENTION_DAYS="$RETENTION_DAYS" \
    TEMPORAL_TLS=false TEMPORAL_API_KEY= TEMPORAL_TLS_CERT_PATH= TEMPORAL_TLS_KEY_PATH= \
    npx --no-install tsx infra/scripts/temporal-setup.ts "$NAMESPACE")
}

up() {
  local pid; pid=$(pid_of "$NAME")
  if [ -n "$pid" ]; then
    [ "$(running_port)" = "$PORT" ] || die "$NAME: already running (pid $pid) on $HOST:$(running_port), not $PORT: run down first"
    say "$NAME: already running (pid $pid) on $HOST:$PORT"
  else
    local p
    for p in $(seq "$PORT" $((PORT + 7))) "$METRICS_PORT"; do
      port_open "$HOST" "$p" && die "$NAME: port $HOST:$p is already in use by another process (set TEMPORAL_PROD_PORT)"
    done
    build
    [ -x "$TEMPORAL_BIN" ] || die "temporal CLI missing at ${TEMPORAL_BIN#$ROOT/}: run infra/services.sh build"
    schema
    write_config
    say "$NAME: starting server $TEMPORAL_SERVER_VERSION on $HOST:$PORT, $HISTORY_SHARDS history shards, databases $DB_NAME and $VISIBILITY_DB_NAME (config ${CONFIG_DIR#$ROOT/}/production.yaml, log ${LOG_DIR#$ROOT/}/$NAME.log)"
    start_bg "$NAME" "$SERVER_BIN" --root "$SERVER_ROOT" --config config --env production --allow-no-auth start
    echo "$PORT" >"$RUN_DIR/$NAME.port"
    wait_for "$NAME" 120 healthy
  fi
  namespace_up
}

status() {
  local pid; pid=$(pid_of "$NAME")
  [ -z "$pid" ] || PORT=$(running_port)
  if port_open "$HOST" "$PORT"; then
    if [ -n "$pid" ]; then echo "$NAME: up (pid $pid, $HOST:$PORT, started by these scripts)"; else echo "$NAME: $HOST:$PORT in use (not started by these scripts)"; fi
  elif [ -n "$pid" ]; then
    echo "$NAME: starting or unhealthy (pid $pid, $HOST:$PORT not answering)"
  else
    echo "$NAME: down"
  fi
}

case ${1:-status} in
  build) build ;;
  schema) schema ;;
  up) up ;;
  down) stop_bg "$NAME"; rm -f "$RUN_DIR/$NAME.port" ;;
  status) status ;;
  drop) drop ;;
  *) die "usage: $0 build|schema|up|down|status|drop" ;;
esac
