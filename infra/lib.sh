# Shared helpers for the infra scripts (sourced, not run).
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA_DIR=${DATA_DIR:-$ROOT/.data}
BIN_CACHE_DIR=${BIN_CACHE_DIR:-$ROOT/.cache/bin}
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"
mkdir -p "$RUN_DIR" "$LOG_DIR"

say() { printf '[infra] %s\n' "$*"; }
die() { printf '[infra] error: %s\n' "$*" >&2; exit 1; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

pid_of() { # prints the pid of a service we started, if it or anything of its process group is still alive
  local f="$RUN_DIR/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  # A supervisor killed on its own leaves what it ran in the group (start_bg makes each a group leader).
  if kill -0 "$pid" 2>/dev/null || kill -0 -- "-$pid" 2>/dev/null; then echo "$pid"; else rm -f "$f"; fi
}

start_bg() { # name command... : run detached, log to $LOG_DIR/name.log, remember the pid
  local name=$1; shift
  nohup setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

stop_bg() { # name : stop a service we started (TERM, then KILL after 15 s)
  local name=$1 pid
  pid=$(pid_of "$name")
  if [ -z "$pid" ]; then say "$name: not started by these scripts, leaving it alone"; return 0; fi
  say "$name: stopping (pid $pid)"
  # The whole process group (start_bg runs each in a session of its own): a supervisor and what it runs.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$RUN_DIR/$name.pid"
}

# The development identity provider (infra/idp), which `npm start` runs unless AUTH_JWKS_URL names another one.
IDP_URL=${IDP_ISSUER:-http://127.0.0.1:${IDP_PORT:-3100}}
IDP_URL=${IDP_URL%/}

idp_discovery() { # prints "<issuer> <jwks_uri>" as the development identity provider publishes them, if it answers
  curl -fs --max-time 5 "$IDP_URL/.well-known/openid-configuration" | node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      try {
        const d = JSON.parse(s);
        if (d.issuer && d.jwks_uri) return console.log(`${d.issuer} ${d.jwks_uri}`);
      } catch {}
      process.exit(1);
    });'
}

start_idp() { # the development identity provider, supervised; its console URLs follow the API's port
  local port=${PORT:-3000}
  IDP_CONSOLE_URLS=${IDP_CONSOLE_URLS:-http://127.0.0.1:$port/console/,http://localhost:$port/console/} \
    start_bg idp bash "$ROOT/infra/supervise.sh" idp node --import tsx "$ROOT/infra/idp/main.ts"
}

start_app() { # api|worker : the built app, supervised: restarted after a crash, with a pause that grows to 30 s and a log line
  local run=(bash "$ROOT/infra/supervise.sh" "$1" node "$ROOT/dist/apps/$1/src/main.js")
  # A real deployment sets AUTH_JWKS_URL (and AUTH_ISSUER) to its identity provider: the apps take them as they are.
  if [ -n "${AUTH_JWKS_URL:-}" ]; then start_bg "$1" "${run[@]}"; return; fi
  # Else the development provider: the apps trust the keys and the issuer it publishes. Its key is the development
  # key the token CLI signs with, so `npm run -s token` works too; AUTH_MODE=dev (the key read from disk) stays possible.
  local d
  d=$(idp_discovery) || die "the development identity provider does not answer at $IDP_URL (npm start starts it; log: ${LOG_DIR#$ROOT/}/idp.log)"
  if [ "${AUTH_MODE:-}" = dev ]; then AUTH_MODE=dev AUTH_ISSUER=${d% *} start_bg "$1" "${run[@]}"
  # /metrics, open with AUTH_MODE=dev only, asks for a bearer token otherwise: a local one, kept in .data.
  else AUTH_JWKS_URL=${d#* } AUTH_ISSUER=${d% *} METRICS_TOKEN=${METRICS_TOKEN:-$(metrics_token)} start_bg "$1" "${run[@]}"; fi
}

metrics_token() { # the embedded stack's /metrics token, created on first use
  local f="$DATA_DIR/metrics-token"
  [ -s "$f" ] || (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$f")
  cat "$f"
}

wait_for() { # name seconds command... : poll until the command succeeds
  local name=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$(cat "$RUN_DIR/$name.pid" 2>/dev/null)" ] && ! kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null; then
      tail -n 20 "$LOG_DIR/$name.log" >&2 || true
      die "$name exited during start-up (log: ${LOG_DIR#$ROOT/}/$name.log)"
    fi
    [ $SECONDS -lt $deadline ] || { tail -n 20 "$LOG_DIR/$name.log" >&2 || true; die "$name not ready after ${secs}s"; }
    sleep 0.5
  done
  say "$name: ready"
}

# `go install module@version` once, into target's own versioned folder under $BIN_CACHE_DIR, with progress.
go_build() { # name module version target
  local name=$1 module=$2 version=$3 target=$4
  if [ -x "$target" ]; then
    say "$name $version: cached at ${target#$ROOT/}"
    return
  fi
  command -v go >/dev/null || die "go is not installed: it is needed once to build $name"
  say "$name $version: building from the Go module proxy (first time only, takes a few minutes)..."
  local gobin tmp start=$SECONDS
  gobin=$(dirname "$target")
  tmp="$gobin.tmp.$$"
  mkdir -p "$tmp"
  # -v prints each package as it is compiled: show a running count so a long build is visibly alive.
  (cd /tmp && GOBIN="$tmp" GOFLAGS=-buildvcs=false go install -v "$module@$version" 2>&1) |
    awk -v n="$name" '{c++; if (c % 100 == 0) { printf "  %s: %d packages compiled...\n", n, c; fflush() } } /^(go: |#|.*error)/ { print "  " $0; fflush() }'
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] && [ -x "$tmp/$(basename "$target")" ] || { rm -rf "$tmp"; die "building $name failed (exit $rc)"; }
  rm -rf "$gobin" && mv "$tmp" "$gobin"
  say "$name $version: built in $((SECONDS - start)) s"
}

ensure_debian_packages() { # command:package... : install from Debian's packages what is missing (root, apt-get)
  local missing=() pair
  for pair in "$@"; do command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null || die "missing ${missing[*]}: install them (Debian: apt-get install ${missing[*]})"
  say "installing ${missing[*]} (apt-get)..."
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    die "apt-get could not install ${missing[*]}"
}

ensure_debian_files() { # path:package... : as ensure_debian_packages, for packages that install files, not commands (fonts)
  local pair
  for pair in "$@"; do [ -e "${pair%%:*}" ] || ensure_debian_packages "__${pair#*:}__:${pair#*:}"; done
}

ensure_node_modules() {
  if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm dependencies (npm ci)..."
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# For a script that brings services up for its own run (tests, bench): at exit, stop the services that were not
# running before, and only those.
stop_on_exit_what_we_start() {
  _started_here=()
  local s port
  for s in temporal minio mailpit; do
    case $s in
      temporal) port=${TEMPORAL_DEV_PORT:-7233} ;;
      minio) port=${MINIO_PORT:-9000} ;;
      mailpit) port=${MAILPIT_SMTP_PORT:-1025} ;;
    esac
    port_open 127.0.0.1 "$port" || _started_here+=("$s")
  done
  trap '[ ${#_started_here[@]} -eq 0 ] || bash "$ROOT/infra/services.sh" down "${_started_here[@]}"' EXIT
}
