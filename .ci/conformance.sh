#!/usr/bin/env bash
# Runs the official MCP conformance suite against the reference servers over Streamable HTTP.
#
#   apps/everything   the whole suite (--suite all); every check must pass
#   every other app   the generic scenarios (initialize, ping, tools, SSE streams, DNS rebinding,
#                     logging, resources, prompts); an app without src/main.ts yet is skipped
#
# The suite needs Node >= 22, so it and a Node 22 binary (the `node` package) are installed from
# the npm registry into a temporary directory and used for the suite only; the servers run on the
# machine's Node. Run from a clean clone after `pnpm install`. Exits non-zero on any failed check.
set -euo pipefail

SUITE_VERSION="${CONFORMANCE_VERSION:-0.1.16}"
NODE22_VERSION="${CONFORMANCE_NODE_VERSION:-22}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mcpkit-conformance.XXXXXX")"
declare -A PIDS=() URLS=()
FAILED=()

cleanup() {
  for app in "${!PIDS[@]}"; do stop_app "$app"; done
  rm -rf "$WORK"
}
trap cleanup EXIT

STARTED=$SECONDS
log() { printf '\n[conformance %3ss] %s\n' "$((SECONDS - STARTED))" "$*" >&2; }

# Stops a server this script started, by its pid: SIGTERM (graceful), SIGKILL after 5 s.
stop_app() {
  local pid="${PIDS[$1]:-}"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  unset "PIDS[$1]"
}

free_port() {
  node -e 'const s = require("node:net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Extra flags an app needs to start with no network and no user data.
app_flags() {
  local fixture="$WORK/fixture-$1"
  case "$1" in
    file-manager | thumbnail) mkdir -p "$fixture" && printf '%s\n' --root "$fixture" ;;
    weather) printf '%s\n' --offline ;;
    api-gateway) printf '%s\n' --config examples/gateway.yaml ;;
    # The suite's SEP-1699 polling scenario needs streams that close mid-call (off by default).
    everything) printf '%s\n' --close-streams-after 250 ;;
  esac
}

# Environment an app's example configuration reads (demo values, not secrets).
app_env() {
  case "$1" in
    api-gateway) export PETSTORE_TOKEN=demo-token-123 ;;
  esac
}

# Starts apps/$1 on 127.0.0.1 in the background.
start_app() {
  local app="$1" port flags
  port="$(free_port)"
  mapfile -t flags < <(app_flags "$app")
  (
    cd "$ROOT/apps/$app"
    app_env "$app"
    exec node --conditions=@mcpkit/source --import tsx src/main.ts \
      --transport http --host 127.0.0.1 --port "$port" --log-level warning "${flags[@]}"
  ) >"$WORK/$app.log" 2>&1 &
  PIDS[$app]=$!
  URLS[$app]="http://127.0.0.1:$port/mcp"
}

# Waits for GET /health of apps/$1; on failure shows its output and stops it.
wait_healthy() {
  local app="$1" health="${URLS[$1]%/mcp}/health"
  for _ in $(seq 1 150); do
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "$health"; then return 0; fi
    kill -0 "${PIDS[$app]}" 2>/dev/null || break
    sleep 0.2
  done
  log "apps/$app did not become healthy; its output:"
  cat "$WORK/$app.log" >&2
  stop_app "$app"
  return 1
}

# suite <app> <conformance args...>
suite() {
  local url="${URLS[$1]}"
  shift
  NODE_COMPILE_CACHE="$WORK/.compile-cache" PATH="$WORK/node_modules/node/bin:$PATH" \
    "$WORK/node_modules/.bin/conformance" server --url "$url" "$@"
}

APPS=()
for dir in "$ROOT"/apps/*/; do
  app="$(basename "$dir")"
  if [[ -f "$dir/src/main.ts" ]]; then
    APPS+=("$app")
  else
    log "skipping apps/$app: no src/main.ts yet"
  fi
done

# The servers start while npm installs the suite.
for app in "${APPS[@]}"; do start_app "$app"; done
log "installing @modelcontextprotocol/conformance@$SUITE_VERSION and node@$NODE22_VERSION into $WORK"
(
  cd "$WORK"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error \
    "@modelcontextprotocol/conformance@$SUITE_VERSION" "node@$NODE22_VERSION" >/dev/null
)
log "suite node: $("$WORK/node_modules/node/bin/node" --version); servers: $(node --version)"

log "apps/everything: --suite all"
wait_healthy everything
if suite everything --suite all | tee "$WORK/everything.out"; then :; else FAILED+=("everything"); fi
grep -E '^Total:' "$WORK/everything.out" | sed "s/^/[conformance] apps\/everything (suite $SUITE_VERSION): /" >&2 || true
stop_app everything

# Scenarios an app built on @mcpkit/core must pass whatever its tools; core declares logging,
# resources and prompts for every server. They run in parallel against the app.
GENERIC=(server-initialize ping tools-list server-sse-multiple-streams dns-rebinding-protection
  logging-set-level resources-list prompts-list)
for app in "${APPS[@]}"; do
  [[ "$app" == "everything" ]] && continue
  log "apps/$app: generic scenarios"
  if ! wait_healthy "$app"; then
    FAILED+=("$app (did not start)")
    continue
  fi
  passed=0
  pids=()
  for scenario in "${GENERIC[@]}"; do
    suite "$app" --scenario "$scenario" >"$WORK/$app-$scenario.out" 2>&1 &
    pids+=($!)
  done
  for index in "${!GENERIC[@]}"; do
    scenario="${GENERIC[$index]}"
    if wait "${pids[$index]}"; then
      passed=$((passed + 1))
    else
      FAILED+=("$app: $scenario")
      log "apps/$app failed $scenario:"
      cat "$WORK/$app-$scenario.out" >&2
    fi
  done
  log "apps/$app: $passed/${#GENERIC[@]} scenarios passed"
  stop_app "$app"
done

if ((${#FAILED[@]} > 0)); then
  log "FAILED: ${FAILED[*]}"
  exit 1
fi
log "all conformance checks passed"
