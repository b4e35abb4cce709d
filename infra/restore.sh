#!/usr/bin/env bash
# npm run restore -- DIR [--sostituisci]: puts a copy made by npm run backup back into the local stack. The API, the
# worker and the Temporal dev server are stopped first (its file is replaced); the database, the Temporal file and the
# documents' bucket must be empty unless --sostituisci is given, which replaces what they hold. Then: npm start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
[ $# -ge 1 ] || die "usage: npm run restore -- DIR [--sostituisci]"
for app in api worker; do stop_bg "$app"; done
if port_open 127.0.0.1 "${TEMPORAL_DEV_PORT:-7233}"; then
  [ -n "$(pid_of temporal)" ] || die "a Temporal server these scripts did not start listens on ${TEMPORAL_DEV_PORT:-7233}: stop it first"
  bash infra/services.sh down temporal
fi
bash infra/services.sh up postgres minio
npx --no-install tsx infra/scripts/backup.ts ripristina "$@"
