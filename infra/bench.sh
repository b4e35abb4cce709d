#!/usr/bin/env bash
# npm run bench: performance benchmarks of the API against the real stack (Temporal, PostgreSQL, MinIO), each path
# compared with the same operation done directly (raw Temporal client, direct MinIO upload). Results go to
# bench/results/ and docs/benchmarks.md. Benchmark data is kept apart from `npm start`'s and `npm test`'s: its own
# database, Temporal namespace, task queue and bucket.
#
#   npm run bench                       every scenario
#   npm run bench -- workflow-start     only the named scenario(s) (see bench/run.ts for the list)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_node_modules

stop_on_exit_what_we_start

bash infra/services.sh up

# BENCH_ISOLAMENTO=<name> gives a run a database, namespace, task queue and bucket of its own (…-<name>), so two runs
# on one machine do not recreate each other's database; their figures then share the CPU (see otherLoadShare).
suffix=${BENCH_ISOLAMENTO:+-$BENCH_ISOLAMENTO}
export NODE_ENV=test
export DATABASE_URL=postgres://workflow_app@127.0.0.1:5432/workflow_engine_bench${suffix//-/_}
export DATABASE_OWNER_URL=postgres://workflow_owner@127.0.0.1:5432/workflow_engine_bench${suffix//-/_}
export TEMPORAL_NAMESPACE=wfe-bench$suffix
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
