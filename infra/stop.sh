#!/usr/bin/env bash
# npm run stop: stops the API, the worker, the development identity provider and the services that npm start started
# (nothing it did not start).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stop_bg api
stop_bg worker
stop_bg idp
bash "$ROOT/infra/services.sh" down temporal minio mailpit
