#!/usr/bin/env bash
# npm run stop: stops the API, the worker and the services that npm start started (nothing it did not start).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stop_bg api
stop_bg worker
bash "$ROOT/infra/services.sh" down temporal minio mailpit
