#!/usr/bin/env bash
# Keeps one process of the platform running under `npm start`: runs the command, and when it exits on its own (a crash,
# an unhandled error) starts it again after a pause that doubles from 1 s up to 30 s (back to 1 s once it has run
# for a minute), with a log line each time. SIGTERM or SIGINT (npm run stop) is passed on to the process, which shuts
# down gracefully (the API finishes its requests, the worker its tasks); then the supervisor exits too.
#
#   bash infra/supervise.sh <name> <command...>
set -uo pipefail
name=$1
shift
child=
stopping=
stop() {
  stopping=1
  if [ -n "$child" ]; then
    kill -TERM "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  exit 0
}
trap stop TERM INT
delay=1
while :; do
  started=$SECONDS
  "$@" &
  child=$!
  wait "$child"
  rc=$?
  [ -n "$stopping" ] && exit 0
  ran=$((SECONDS - started))
  [ "$ran" -ge 60 ] && delay=1
  echo "[supervise] $(date -u +%FT%TZ) $name exited (code $rc) after ${ran} s; restarting in ${delay} s"
  sleep "$delay" &
  wait $!
  [ -n "$stopping" ] && exit 0
  delay=$((delay * 2))
  [ "$delay" -gt 30 ] && delay=30
done
