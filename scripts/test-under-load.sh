#!/usr/bin/env bash
# Runs the whole suite (`pnpm test`) several times in a row while CPU hogs keep every core busy,
# as on a busy CI machine, and fails if any run fails. Locally: `pnpm test:load`.
#
#   scripts/test-under-load.sh [--runs N] [--hogs N] [--node <node binary> [--skip <package>]...]...
#
# --runs   runs in a row (default 3)
# --hogs   busy `node -e` loops beside the suite (default: the number of cores). Each one stops
#          itself after HOG_SECONDS (default 3600) and all are killed by pid when the script ends.
# --node   run i uses the i-th --node given (the last one for later runs): its directory goes first
#          on PATH, so pnpm, turbo, vitest and every server a test spawns run on that Node, and
#          better-sqlite3 is switched to a binary for its ABI first (scripts/native-for-node.sh).
#          Without --node every run uses the `node` on PATH.
# --skip   leaves a package's own tests out of the runs on the --node before it, for a known
#          defect of that Node that is reported, not hidden: the run's line names what it skipped.
set -uo pipefail
cd "$(dirname "$0")/.."

runs=3
hogs=$(nproc 2>/dev/null || echo 2)
nodes=()
skips=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --hogs) hogs=$2; shift 2 ;;
    --node) nodes+=("$(readlink -f "$2")"); skips+=(""); shift 2 ;;
    --skip)
      [ ${#nodes[@]} -gt 0 ] || { echo "test-under-load: --skip needs a --node before it" >&2; exit 2; }
      skips[${#nodes[@]} - 1]+=" $2"
      shift 2
      ;;
    *) echo "test-under-load: unknown argument $1" >&2; exit 2 ;;
  esac
done
default_node=$(readlink -f "$(command -v node)")

hog_pids=()
logs=()
cleanup() {
  for pid in "${hog_pids[@]}"; do kill "$pid" 2>/dev/null; done
  # Leave better-sqlite3 built for the Node on PATH, as the install left it.
  [ ${#nodes[@]} -eq 0 ] || bash scripts/native-for-node.sh "$default_node" 2>/dev/null
  for log in "${logs[@]}"; do rm -f "$log"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for _ in $(seq "$hogs"); do
  node -e 'const end = Date.now() + Number(process.argv[1]) * 1000; while (Date.now() < end);' \
    "${HOG_SECONDS:-3600}" &
  hog_pids+=($!)
done
echo "test-under-load: $runs runs of pnpm test beside $hogs CPU hogs (pids ${hog_pids[*]})"

failed_runs=0
for run in $(seq "$runs"); do
  node_bin=$default_node
  filters=()
  if [ ${#nodes[@]} -gt 0 ]; then
    index=$((run <= ${#nodes[@]} ? run - 1 : ${#nodes[@]} - 1))
    node_bin=${nodes[$index]}
    for package in ${skips[$index]}; do filters+=("--filter=!$package"); done
    bash scripts/native-for-node.sh "$node_bin" || { failed_runs=$((failed_runs + 1)); continue; }
  fi
  log=$(mktemp)
  logs+=("$log")
  started=$SECONDS
  skipped=${filters[*]:+, without the tests of${skips[$index]}}
  echo "=== test-under-load: run $run/$runs on Node $("$node_bin" --version)$skipped"
  PATH="$(dirname "$node_bin"):$PATH" pnpm test "${filters[@]}" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  [ "$status" -eq 0 ] || failed_runs=$((failed_runs + 1))
  echo "=== test-under-load: run $run/$runs on Node $("$node_bin" --version)$skipped: exit $status after $((SECONDS - started)) s, $(node scripts/test-summary.mjs "$log")"
done

echo "test-under-load: $((runs - failed_runs)) of $runs runs passed"
node scripts/test-summary.mjs "${logs[@]}"
[ "$failed_runs" -eq 0 ]
