#!/usr/bin/env bash
# npm run bench: performance benchmarks of the API against the real stack (Temporal, PostgreSQL, MinIO), each path
# compared with the same operation done directly (raw Temporal client, direct MinIO upload). Results go to
# bench/results/ and docs/benchmarks.md. Benchmark data is kept apart from `npm start`'s and `npm test`'s: its own
# database, Temporal namespace, task queue and bucket.
#
#   npm run bench                       every scenario
#   npm run bench -- workflow-start     only the named scenario(s) (see bench/run.ts for the list)
#   BENCH_PROFILO=produzione npm run bench -- workflow-start
#                                       the same against the production profile: the Temporal server of
#                                       infra/production on PostgreSQL (its own databases, BENCH_HISTORY_SHARDS shards,
#                                       port BENCH_TEMPORAL_PROD_PORT), two worker processes (BENCH_WORKERS)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

export BENCH_PROFILO=${BENCH_PROFILO:-dev}
case $BENCH_PROFILO in
  dev | produzione) ;;
  *) die "BENCH_PROFILO must be dev or produzione (got $BENCH_PROFILO)" ;;
esac

ensure_node_modules

stop_on_exit_what_we_start

bash infra/services.sh up

if [ "$BENCH_PROFILO" = produzione ]; then
  # The production server with databases, namespace and ports of the bench's own, beside the dev server (which other
  # people's tests use and which is left as it is). Started here unless it already runs; stopped at the end only then.
  PROD=infra/production/temporal-server.sh
  export TEMPORAL_PROD_PORT=${BENCH_TEMPORAL_PROD_PORT:-7333}
  export TEMPORAL_PROD_METRICS_PORT=${BENCH_TEMPORAL_PROD_METRICS_PORT:-$((TEMPORAL_PROD_PORT + 8))}
  export TEMPORAL_PROD_NAMESPACE=wfe-bench-prod
  export TEMPORAL_PROD_DB=temporal_bench TEMPORAL_PROD_VISIBILITY_DB=temporal_visibility_bench
  export TEMPORAL_PROD_HISTORY_SHARDS=${BENCH_HISTORY_SHARDS:-4}
  # Smaller pools than the production defaults (4 services × (20 + 10)): this machine's PostgreSQL, 100 connections,
  # is shared with everyone's tests, and the defaults exhausted it. 4 shards write one at a time each: 8 is plenty.
  export TEMPORAL_PROD_DB_MAX_CONNS=${TEMPORAL_PROD_DB_MAX_CONNS:-8} TEMPORAL_PROD_VISIBILITY_DB_MAX_CONNS=${TEMPORAL_PROD_VISIBILITY_DB_MAX_CONNS:-4}
  config="$DATA_DIR/temporal-prod/config/production.yaml"
  if [ -n "$(pid_of temporal-prod)" ]; then
    # Running already (an earlier bench left it, or someone brought it up from this checkout): only if it is the bench's.
    # Its databases keep the shard count they were first used with, which bench/run.ts reads and records.
    grep -q "databaseName: \"$TEMPORAL_PROD_DB\"" "$config" 2>/dev/null ||
      die "temporal-prod runs from this checkout on other databases than $TEMPORAL_PROD_DB: stop it ($PROD down) or run the bench elsewhere"
    say "temporal-prod: already running with the bench's databases: reusing it"
    bash "$PROD" up
  else
    # Fresh databases each time it starts, as the application's: a clean history, and the shard count asked for.
    bash "$PROD" drop
    trap 'bash "$ROOT/$PROD" down; [ ${#_started_here[@]} -eq 0 ] || bash "$ROOT/infra/services.sh" down "${_started_here[@]}"' EXIT
    bash "$PROD" up
  fi
  export TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PROD_PORT
  export TEMPORAL_NAMESPACE=$TEMPORAL_PROD_NAMESPACE
  # What bench/lib/profile.ts needs to tell the server's process and databases apart from everything else.
  export BENCH_TEMPORAL_ROOT="$DATA_DIR/temporal-prod" BENCH_TEMPORAL_VERSION=$(sed -n 's/^TEMPORAL_SERVER_VERSION=//p' "$PROD")
fi

# BENCH_ISOLAMENTO=<name> gives a run a database, namespace, task queue and bucket of its own (…-<name>), so two runs
# on one machine do not recreate each other's database; their figures then share the CPU (see otherLoadShare).
suffix=${BENCH_ISOLAMENTO:+-$BENCH_ISOLAMENTO}
export NODE_ENV=test
export DATABASE_URL=postgres://workflow_app@127.0.0.1:5432/workflow_engine_bench${suffix//-/_}
export DATABASE_OWNER_URL=postgres://workflow_owner@127.0.0.1:5432/workflow_engine_bench${suffix//-/_}
[ "$BENCH_PROFILO" = produzione ] || export TEMPORAL_NAMESPACE=wfe-bench$suffix
export TEMPORAL_TASK_QUEUE=procedure-bench$suffix
export S3_BUCKET=documenti-bench$suffix
export ANCORE_RITENZIONE_GIORNI=1
export LOG_LEVEL=warn
# Above the 100 MB the upload scenario sends, whatever the default becomes.
export UPLOAD_MAX_BYTES=209715200

npx --no-install tsx infra/scripts/ensure-db.ts --fresh
# A fresh database needs anchors of its own (infra/scripts/ancore-prova.ts).
S3_ANCHOR_BUCKET=$(npx --no-install tsx infra/scripts/ancore-prova.ts ancore-bench$suffix)
export S3_ANCHOR_BUCKET
npx --no-install tsx infra/scripts/temporal-setup.ts "$TEMPORAL_NAMESPACE"
say "building API and worker..."
npm run -s build

npx --no-install tsx bench/run.ts "$@"
