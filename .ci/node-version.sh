#!/usr/bin/env bash
# The runtime contract suite and a smoke run under another Node major (22, 24): node@<major> from the
# npm registry (binary + headers) into a fresh directory (nothing cached under /tmp is trusted), a
# fresh copy of the repo installed with it (npm picks isolated-vm by `engines`: 6.x on 22 and 24,
# built against that node's headers), then every contract test of a runtime that runs in the harness
# (isolate, isolate:context, isolate:snapshot, vm, worker, wasm, wasm:runtime) plus process and
# docker, with no unexplained skip (.ci/check-skips.mjs).
# Usage: bash .ci/node-version.sh 22
set -euo pipefail
major=${1:?usage: node-version.sh <node major, e.g. 22>}
cd "$(dirname "$0")/.."
work=$(mktemp -d "/tmp/isobench-node$major-XXXXXX")
# As root, isobench runs child processes as nobody (65534): they must be able to reach and run this node and the repo copy.
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
echo "== Node $major: installing node@$major from the npm registry"
npm install --prefix "$work/node" --no-audit --no-fund --silent "node@$major" >/dev/null 2>&1
dist=$(dirname "$(find "$work/node/node_modules" -path '*/include/node/node.h' | head -n 1)")/../..
dist=$(cd "$dist" && pwd)
export PATH="$dist/bin:$PATH" npm_config_nodedir="$dist"
[ "$(node --version | cut -d. -f1)" = "v$major" ] || { echo "expected node $major, got $(node --version)"; exit 1; }
echo "node $(node --version) from $dist"
mkdir -p "$work/repo"
git ls-files -z | xargs -0 -I{} cp --parents {} "$work/repo/"
cd "$work/repo"
echo "== Node $major: npm install (npm picks isolated-vm by engines)"
npm install --no-audit --no-fund >/dev/null 2>&1 || { echo "npm install failed under Node $major"; npm install --no-audit --no-fund; exit 1; }
echo "isolated-vm $(node -p 'require("isolated-vm/package.json").version')"
npm run --silent build
echo "== Node $major: runtime contract tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$work/vitest.json" \
  test/runtimes/isolate.test.ts test/runtimes/isolate-context.test.ts test/runtimes/isolate-snapshot.test.ts \
  test/runtimes/vm.test.ts test/runtimes/worker.test.ts test/runtimes/wasm.test.ts \
  test/runtimes/process.test.ts test/runtimes/docker.test.ts
node .ci/check-skips.mjs "$work/vitest.json"
echo "== Node $major: smoke run"
npx isobench run --scenario cold-start --runs 3 --runtime docker,process,isolate,isolate:context,isolate:snapshot,vm,worker,wasm,wasm:runtime --out "$work/results"
node .ci/assert-rows.mjs "$(ls "$work"/results/*-cold-start.json | head -n 1)" docker process isolate isolate:context isolate:snapshot vm worker wasm wasm:runtime
