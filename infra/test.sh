#!/usr/bin/env bash
# npm test: the whole suite — lint (code and API contract), types, unit specs, then integration and e2e suites against
# real Temporal, PostgreSQL and MinIO that this script starts (and stops again, if it started them). Test data is kept
# apart from `npm start`'s: its own database, Temporal namespace, task queue and bucket.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_node_modules
# pdftotext: the tests read the PDFs the service writes as a user's tool extracts them. Chromium: the console's
# journeys run in it (playwright-core drives it), with fonts to render Italian text.
ensure_debian_packages pdftotext:poppler-utils chromium:chromium
ensure_debian_files /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core

export NODE_ENV=test
# Two roles, as in production: the application's (owns nothing; INSERT/SELECT only on the audit trail) and the owner's.
export DATABASE_URL=${TEST_DATABASE_URL:-postgres://workflow_app@127.0.0.1:5432/workflow_engine_test}
export DATABASE_OWNER_URL=${TEST_DATABASE_OWNER_URL:-postgres://workflow_owner@127.0.0.1:5432/workflow_engine_test}
export TEMPORAL_NAMESPACE=wfe-test
export TEMPORAL_TASK_QUEUE=procedure-test
export S3_BUCKET=documenti-test
# Anchors are write-once for this many days: a day, so a test run leaves nothing locked for long. Each run anchors
# in a bucket of its own (named below, once MinIO runs): its database is new, and so is its trail.
export ANCORE_RITENZIONE_GIORNI=1
export LOG_LEVEL=${LOG_LEVEL:-warn}

say "lint and type check..."
npm run -s lint
# The API contract: openapi.json linted (redocly.yaml), then the typed client generated from it (libs/client, which
# the type check and the e2e suites import). That openapi.json is what the API serves is checked by the e2e suite
# contratto; that every operation is typed, summarised and documents its errors by a unit spec.
npm run -s lint:openapi
npm run -s typecheck

stop_on_exit_what_we_start

bash infra/services.sh up
npx --no-install tsx infra/scripts/ensure-db.ts --fresh
S3_ANCHOR_BUCKET=$(npx --no-install tsx infra/scripts/ancore-prova.ts ancore-test)
export S3_ANCHOR_BUCKET
npx --no-install tsx infra/scripts/temporal-setup.ts "$TEMPORAL_NAMESPACE"
say "building API and worker..."
npm run -s build

results="$DATA_DIR/jest-results.json"
set +e
# --forceExit: once every suite has reported, a process a failed test left behind (a worker it spawned, say) must
# not hold the run open until CI's limit (Jest says so when it forces the exit: "Force exiting Jest").
npx --no-install jest --ci --runInBand --forceExit --json --outputFile="$results" "$@"
rc=$?
set -e
node -e '
  const r = require(process.argv[1]);
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' "$results" || true
exit $rc
