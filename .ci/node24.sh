#!/usr/bin/env bash
# The same smoke run under Node 24: node@24 from the npm registry (binary + headers), a fresh copy of
# the repo installed with it (npm picks isolated-vm 6.x by `engines`; built against node@24's headers).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d /tmp/isobench-node24-XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "== Node 24: installing node@24 from the npm registry"
npm install --prefix "$work/node" --no-audit --no-fund --silent node@24 >/dev/null 2>&1
dist=$(dirname "$(find "$work/node/node_modules" -path '*/include/node/node.h' | head -n 1)")/../..
dist=$(cd "$dist" && pwd)
export PATH="$dist/bin:$PATH" npm_config_nodedir="$dist"
echo "node $(node --version) from $dist"
mkdir -p "$work/repo"
git ls-files -z | xargs -0 -I{} cp --parents {} "$work/repo/"
cd "$work/repo"
echo "== Node 24: npm install (npm picks isolated-vm 6.x by engines)"
npm install --no-audit --no-fund >/dev/null 2>&1 || { echo "npm install failed under Node 24"; npm install --no-audit --no-fund; exit 1; }
echo "isolated-vm $(node -p 'require("isolated-vm/package.json").version')"
npm run --silent build
echo "== Node 24: runtime contract tests"
npx vitest run test/runtimes/docker.test.ts test/runtimes/process.test.ts test/runtimes/isolate.test.ts
echo "== Node 24: smoke run"
npx isobench run --scenario cold-start --runs 5 --runtime docker,process,isolate --out "$work/results"
node .ci/assert-rows.mjs "$(ls "$work"/results/*-cold-start.json | head -n 1)" docker process isolate
