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
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

out=.next/standalone
rm -rf "$out"
node_modules/.bin/next build

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
echo "build-standalone: $out ready (node server.js)"
