#!/usr/bin/env bash
# Makes the native addons load in the given Node: scripts/native-for-node.sh <path to node>
#
# sharp ships N-API prebuilt binaries that load in every Node version. better-sqlite3 has no
# reachable prebuilt binary here: it was compiled from source at install, for the ABI of the Node
# that ran the install. For another Node it is compiled again with that Node's own headers (the npm
# `node` package ships them in include/node; node-gyp's --nodedir points at them, so nothing is
# downloaded). Each binary is kept in the user's cache (like pnpm's store, it outlives a clone),
# keyed by better-sqlite3 version, platform, architecture and ABI, so switching is a copy and a
# fresh clone compiles nothing it compiled before. MCPKIT_NATIVE_CACHE moves that directory.
set -euo pipefail
cd "$(dirname "$0")/.."
node_bin=$(readlink -f "$1")
abi=$("$node_bin" -p process.versions.modules)
addon_dir=$(ls -d node_modules/.pnpm/better-sqlite3@*/node_modules/better-sqlite3 | head -n 1)
addon="$addon_dir/build/Release/better_sqlite3.node"
version=$(node -p 'require(process.argv[1]).version' "$PWD/$addon_dir/package.json")
platform=$("$node_bin" -p '`${process.platform}-${process.arch}`')
cache="${MCPKIT_NATIVE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mcpkit-native}/better-sqlite3-$version-$platform-abi$abi"
loads() { "$node_bin" -e 'require(process.argv[1])' "$PWD/$addon" 2>/dev/null; }

# pnpm hard-links node_modules to its store (and so to every other clone on the machine): a plain
# cp onto the addon would write through that link and put this ABI's binary into the store, so
# the next `pnpm install` anywhere would get it. Unlink first; the store's copy stays as built.
if [ -f "$cache/better_sqlite3.node" ]; then
  rm -f "$addon"
  cp "$cache/better_sqlite3.node" "$addon"
elif ! loads; then
  prefix=$(dirname "$(dirname "$node_bin")")
  nodedir=""
  for candidate in "$prefix" "$prefix"/node_modules/node-*; do
    [ -f "$candidate/include/node/node.h" ] && { nodedir=$candidate; break; }
  done
  [ -n "$nodedir" ] || { echo "native-for-node: no headers (include/node) beside $node_bin" >&2; exit 1; }
  node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
  echo "native-for-node: compiling better-sqlite3 for Node $("$node_bin" --version) (ABI $abi)" >&2
  log=$(mktemp)
  (cd "$addon_dir" && PATH="$(dirname "$node_bin"):$PATH" "$node_bin" "$node_gyp" rebuild --release \
    --nodedir="$nodedir" --jobs="$(nproc)" >"$log" 2>&1) || { cat "$log" >&2; exit 1; }
  rm -f "$log"
fi
loads || { echo "native-for-node: better-sqlite3 does not load in $node_bin" >&2; exit 1; }
mkdir -p "$cache"
cp "$addon" "$cache/better_sqlite3.node"
"$node_bin" -e 'require(process.argv[1])' "$PWD/$(ls -d node_modules/.pnpm/sharp@*/node_modules/sharp | head -n 1)"
echo "native-for-node: better-sqlite3 and sharp load in Node $("$node_bin" --version)" >&2
