#!/usr/bin/env bash
# Prepares the API of an earlier commit for the `controlli-accesso` benchmark: a detached checkout under
# .data/bench-prima sharing this checkout's node_modules, with its API built. Prints the directory to pass as
# BENCH_PRIMA_DIR:
#   BENCH_PRIMA_DIR=$(bash infra/bench-prima.sh <commit>) npm run bench -- controlli-accesso
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
commit=${1:?usage: bash infra/bench-prima.sh <commit>}
dir="$DATA_DIR/bench-prima"
ensure_node_modules >&2
if [ -d "$dir" ]; then git worktree remove --force "$dir" >&2 || rm -rf "$dir"; fi
git worktree prune >&2
git worktree add --detach "$dir" "$commit" >&2
ln -s "$ROOT/node_modules" "$dir/node_modules"
(cd "$dir" && npx --no-install nest build api >&2)
echo "$dir"
