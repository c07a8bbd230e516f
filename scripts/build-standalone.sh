#!/usr/bin/env bash
# Builds what ships: `next build` with `output: 'standalone'`, then assembles the self-contained
# server directory .next/standalone (server.js, its traced node_modules, .next/server, plus the
# static assets and public/ that Next leaves for the deployer to copy). The Dockerfile runs this
# script and copies that directory; `switchboard serve`, the e2e harness and the benchmarks start
# `node server.js` in it, so what is tested is what ships.
#
# Checks that the directory stands alone: every symlink in it resolves inside it (Next links
# server-external packages such as @kubernetes/client-node into .next/node_modules), and the
# packages the server loads at run time are present.
#
# One build at a time per checkout: `npm test` builds beside the unit stage, whose tests start
# `switchboard serve`, which builds when there is no build. A second build waits for the first
# (a lock on this file) instead of failing on Next's own lock or deleting the directory the first
# is filling. With --if-missing it then builds only when no finished build is there (the marker
# .next/standalone.ready is written last, so a build that stopped halfway is not taken for one).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

out=.next/standalone
ready=.next/standalone.ready
exec 9<scripts/build-standalone.sh
if ! flock -n 9; then
  echo "build-standalone: another build of this checkout is running; waiting for it"
  flock 9
fi
if [ "${1:-}" = "--if-missing" ]; then
  if [ -f "$ready" ] && [ -f "$out/server.js" ]; then exit 0; fi
  echo "build-standalone: no finished build yet; building"
fi
rm -f "$ready"
rm -rf "$out"
# The lock is this script's: what the build starts does not hold it.
node_modules/.bin/next build 9<&-

if [ ! -f "$out/server.js" ]; then
  echo "build-standalone: $out/server.js missing (is output: 'standalone' set?)" >&2
  exit 1
fi
cp -R .next/static "$out/.next/static"
if [ -d public ]; then cp -R public "$out/public"; fi

# A link out of the directory would work here and break in the image: copy what it points at.
while IFS= read -r -d '' link; do
  target=$(readlink -f "$link")
  case "$target" in
    "$(pwd)/$out"/*) ;;
    *)
      rm "$link"
      cp -RL "$target" "$link"
      ;;
  esac
done < <(find "$out" -type l -print0)

for pkg in next react react-dom @kubernetes/client-node; do
  if [ ! -e "$out/node_modules/$pkg/package.json" ]; then
    echo "build-standalone: $out/node_modules/$pkg missing" >&2
    exit 1
  fi
done
# The embedded history database reads these at run time (file tracing must have copied them).
for file in pglite.wasm pglite.data initdb.wasm; do
  if [ ! -e "$out/node_modules/@electric-sql/pglite/dist/$file" ]; then
    echo "build-standalone: $out/node_modules/@electric-sql/pglite/dist/$file missing" >&2
    exit 1
  fi
done
touch "$ready"
echo "build-standalone: $out ready (node server.js)"
