#!/usr/bin/env bash
# npm run backup [-- DIR]: a consistent copy of the local stack (database, Temporal, every object version) into DIR,
# by default .data/backups/<UTC time>. The API and the worker that npm start runs are stopped for the copy (nothing
# may write while it is taken) and started again after it, even if it fails. See docs/backup.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
dir=${1:-$DATA_DIR/backups/$(date -u +%Y%m%dT%H%M%SZ)}
bash infra/services.sh up postgres minio

fermate=()
for app in api worker; do
  if [ -n "$(pid_of "$app")" ]; then stop_bg "$app"; fermate+=("$app"); fi
done
riavvia() {
  local app
  for app in "${fermate[@]}"; do start_app "$app"; say "$app: started again"; done
  [[ " ${fermate[*]} " != *" api "* ]] || wait_for api 120 curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-3000}/health/ready"
}
trap riavvia EXIT
npx --no-install tsx infra/scripts/backup.ts crea "$dir"
