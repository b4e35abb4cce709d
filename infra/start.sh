#!/usr/bin/env bash
# npm start: everything on embedded defaults — dependencies, Temporal, MinIO, Mailpit, PostgreSQL database, migrations,
# the development identity provider (unless AUTH_JWKS_URL names another), API and worker — then prints the URLs.
# Idempotent: what is already built or running is reused.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
started=$SECONDS

ensure_node_modules
bash infra/services.sh up
npx --no-install tsx infra/scripts/ensure-db.ts
npx --no-install tsx infra/scripts/temporal-setup.ts
stamp=dist/.build-stamp
if [ -f "$stamp" ] && [ -z "$(find apps libs workflows activities package-lock.json tsconfig*.json nest-cli.json -newer "$stamp" -print -quit)" ]; then
  say "API and worker: build is up to date"
else
  say "building API and worker..."
  npm run -s build
  touch "$stamp"
fi
say "applying database migrations..."
node node_modules/typeorm/cli.js migration:run -d dist/libs/infrastructure/src/persistence/data-source.js | grep -E '^Migration .* has been|No migrations' || true

PORT=${PORT:-3000}
if [ -n "${AUTH_JWKS_URL:-}" ]; then
  idp_line="$AUTH_JWKS_URL   (AUTH_JWKS_URL: your identity provider)"
  say "identity provider: AUTH_JWKS_URL is set, tokens come from it (the development provider is not started)"
else
  [ "${NODE_ENV:-}" != production ] || die "NODE_ENV=production: set AUTH_JWKS_URL and AUTH_ISSUER to your identity provider (the development one never runs in production)"
  if [ -n "$(pid_of idp)" ]; then
    say "idp: already running (pid $(pid_of idp)); 'npm run stop' then 'npm start' to restart it"
  else
    ! port_open 127.0.0.1 "${IDP_PORT:-3100}" || die "port ${IDP_PORT:-3100} is taken by a process these scripts did not start: stop it, or set IDP_PORT"
    start_idp
    say "idp: started, supervised (log: ${LOG_DIR#$ROOT/}/idp.log)"
  fi
  wait_for idp 60 idp_discovery
  idp_line="$IDP_URL   (development, no passwords: its users are in README.md, \"Identity provider (development)\")"
fi
for app in worker api; do
  if [ -n "$(pid_of "$app")" ]; then
    say "$app: already running (pid $(pid_of "$app")); 'npm run stop' then 'npm start' to restart it"
  else
    start_app "$app"
    say "$app: started, supervised (log: ${LOG_DIR#$ROOT/}/$app.log)"
  fi
done
wait_for api 120 curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/ready"

metrics_hint=
if [ -z "${AUTH_JWKS_URL:-}" ] && [ "${AUTH_MODE:-}" != dev ] && [ -z "${METRICS_TOKEN:-}" ]; then
  metrics_hint="   (Authorization: Bearer \$(cat ${DATA_DIR#$ROOT/}/metrics-token))"
fi
cat <<MSG

Ready in $((SECONDS - started)) s.
  API              http://127.0.0.1:$PORT/api/v1
  Identity provider $idp_line
  OpenAPI UI       http://127.0.0.1:$PORT/api/docs   (document: /api/docs-json)
  Health           http://127.0.0.1:$PORT/health/ready
  Metrics          http://127.0.0.1:$PORT/metrics$metrics_hint
  Temporal UI      http://127.0.0.1:${TEMPORAL_UI_PORT:-8233}
  MinIO console    http://127.0.0.1:${MINIO_CONSOLE_PORT:-9001}   (user ${S3_ACCESS_KEY:-minioadmin})
  Mailpit (e-mail) http://127.0.0.1:${MAILPIT_UI_PORT:-8025}   (every notice e-mailed by the service lands here)
  A token:         npm run -s token -- --sub mario.rossi --roles operatore --office CPI-FI
                   (external users act for an organisation: add --soggetto <codice fiscale or partita IVA>)
  Stop everything: npm run stop
MSG
