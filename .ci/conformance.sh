#!/usr/bin/env bash
# Runs the official MCP conformance suite against the reference servers over Streamable HTTP.
#
#   apps/everything   the whole 0.1.16 suite (--suite all), then the 0.2.0 suite once per
#                     requirement set (--requirements 2025-11-25, --requirements 2026-07-28);
#                     every scored check must pass
#   every other app   the generic scenarios (initialize, ping, tools, SSE streams, DNS rebinding,
#                     logging, resources, prompts) on 0.1.16, and the generic scenarios of both
#                     revisions on 0.2.0; an app without src/main.ts yet is skipped
#
# The suite needs Node >= 22, so it and a Node 22 binary (the `node` package) are installed from
# the npm registry into a temporary directory and used for the suite only; the servers run on the
# machine's Node. Run from a clean clone after `pnpm install`. Exits non-zero on any failed check.
set -euo pipefail

SUITE_VERSION="${CONFORMANCE_VERSION:-0.1.16}"
# The suite that knows the 2026-07-28 revision; it runs by requirement set (--requirements).
NEXT_SUITE_VERSION="${CONFORMANCE_NEXT_VERSION:-0.2.0-alpha.12}"
REVISIONS=(2025-11-25 2026-07-28)
# Scenarios expected to fail on 2026-07-28 (a baseline: the suite fails on any entry that passes,
# so it cannot hide a fixed failure); names scenarios (or scenario:check), never a whole revision.
# Empty: every scored 2026-07-28 check passes.
EXPECTED_FAILURES_2026=()
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

# next_suite <app> <conformance args...>: the same with the 0.2.0 suite.
next_suite() {
  local url="${URLS[$1]}"
  shift
  NODE_COMPILE_CACHE="$WORK/.compile-cache" PATH="$WORK/node_modules/node/bin:$PATH" \
    "$WORK/next/node_modules/.bin/conformance" server --url "$url" "$@"
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
  mkdir next
  cd next
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error "@modelcontextprotocol/conformance@$NEXT_SUITE_VERSION" >/dev/null
)
log "suite node: $("$WORK/node_modules/node/bin/node" --version); servers: $(node --version)"

log "apps/everything: --suite all"
wait_healthy everything
if suite everything --suite all | tee "$WORK/everything.out"; then :; else FAILED+=("everything"); fi
grep -E '^Total:' "$WORK/everything.out" | sed "s/^/[conformance] apps\/everything (suite $SUITE_VERSION): /" >&2 || true

{
  echo "server:"
  for entry in "${EXPECTED_FAILURES_2026[@]}"; do echo "  - $entry"; done
} >"$WORK/baseline-2026-07-28.yml"
for revision in "${REVISIONS[@]}"; do
  log "apps/everything: suite $NEXT_SUITE_VERSION --requirements $revision"
  baseline=()
  if [[ "$revision" == 2026-07-28 && ${#EXPECTED_FAILURES_2026[@]} -gt 0 ]]; then
    baseline=(--expected-failures "$WORK/baseline-2026-07-28.yml")
  fi
  if next_suite everything --requirements "$revision" "${baseline[@]}" | tee "$WORK/everything-$revision.out"; then
    :
  else
    FAILED+=("everything ($revision)")
  fi
  grep -E '^Total:' "$WORK/everything-$revision.out" |
    sed "s/^/[conformance] apps\/everything (suite $NEXT_SUITE_VERSION, $revision): /" >&2 || true
done
stop_app everything

# Scenarios an app built on @mcpkit/core must pass whatever its tools; core declares logging,
# resources and prompts for every server. They run in parallel against the app.
GENERIC_2025=(server-initialize ping tools-list server-sse-multiple-streams dns-rebinding-protection
  logging-set-level resources-list prompts-list)
# 2026-07-28 has no initialize, ping or setLevel. (Its caching scenario reads a resource, which an
# offline api-gateway cannot; apps/everything runs it.)
GENERIC_2026=(tools-list server-sse-multiple-streams dns-rebinding-protection resources-list prompts-list)
# Each entry is "<suite function> <args...>": the 0.1.16 suite, then the 0.2.0 one per revision.
GENERIC=() NEXT_GENERIC=()
for scenario in "${GENERIC_2025[@]}"; do
  GENERIC+=("suite --scenario $scenario")
  NEXT_GENERIC+=("next_suite --spec-version 2025-11-25 --scenario $scenario")
done
for scenario in "${GENERIC_2026[@]}"; do
  NEXT_GENERIC+=("next_suite --spec-version 2026-07-28 --scenario $scenario")
done

# run_generic <app> <label> <entry>...: runs each entry ("<suite function> <args...>") against
# apps/<app> in parallel, and records each failure with the scenario's output.
run_generic() {
  local app="$1" label="$2" passed=0 index
  shift 2
  local entries=("$@") pids=() command=()
  for index in "${!entries[@]}"; do
    read -ra command <<<"${entries[$index]}"
    "${command[0]}" "$app" "${command[@]:1}" >"$WORK/$app-$label-$index.out" 2>&1 &
    pids+=($!)
  done
  for index in "${!entries[@]}"; do
    if wait "${pids[$index]}"; then
      passed=$((passed + 1))
    else
      FAILED+=("$app: ${entries[$index]}")
      log "apps/$app failed ${entries[$index]}:"
      cat "$WORK/$app-$label-$index.out" >&2
    fi
  done
  log "apps/$app: $passed/${#entries[@]} $label scenarios passed"
}

for app in "${APPS[@]}"; do
  [[ "$app" == "everything" ]] && continue
  log "apps/$app: generic scenarios"
  if ! wait_healthy "$app"; then
    FAILED+=("$app (did not start)")
    continue
  fi
  run_generic "$app" "suite-$SUITE_VERSION" "${GENERIC[@]}"
  run_generic "$app" "suite-$NEXT_SUITE_VERSION" "${NEXT_GENERIC[@]}"
  stop_app "$app"
done

if ((${#FAILED[@]} > 0)); then
  log "FAILED: ${FAILED[*]}"
  exit 1
fi
log "all conformance checks passed"
