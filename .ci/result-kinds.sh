#!/usr/bin/env bash
# Every kind of result `isobench run` writes, fed to the JSON Schema and to `isobench report` in every
# format: every shipped scenario (small sizes), warm pools, the platform rows, an interrupted run.
# Fails on an invalid file, a report that does not exit 0 or prints nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d /tmp/isobench-kinds-XXXXXX)
trap 'rm -rf "$out"' EXIT
run() { local name=$1; shift; echo "== result kind: $name"; npx isobench run -q --out "$out/$name" "$@" >/dev/null || { code=$?; [ "$code" -eq 3 ] || { echo "run $name exited $code"; exit 1; }; }; }

run all --scenario all --runtime isolate --runs 2 --warmup 0 --instances 2 --steps 1,2 --max-instances '*=2' --window 200 --time-budget 5
run pool --scenario cold-start --runtime process,isolate --pool 2 --runs 2 --warmup 0
run platforms --scenario cold-start --runtime deno,workerd,wasm,wasm:runtime,docker --runs 2 --warmup 0
echo "== result kind: interrupted"
mkdir -p "$out/interrupted"
# SIGTERM: a background job of a non-interactive shell starts with SIGINT ignored.
node bin/isobench.js run -q --scenario cold-start --runtime process,isolate --runs 500 --warmup 0 --out "$out/interrupted" &
pid=$!
until ls "$out"/interrupted/*.json >/dev/null 2>&1; do sleep 0.2; done # the first checkpoint
kill -TERM "$pid"
code=0; wait "$pid" || code=$?
[ "$code" -eq 143 ] || { echo "interrupted run exited $code, expected 143"; exit 1; }

files=$(ls "$out"/*/*.json)
node .ci/validate-result.mjs $files
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); if (r.complete !== false) { console.error("the interrupted result is not marked complete: false"); process.exit(1) }' "$(ls "$out"/interrupted/*.json)"
for file in $files; do
  for format in table csv samples-csv json md html; do
    rendered=$(npx isobench report "$file" --format "$format") || { echo "report --format $format $file failed"; exit 1; }
    [ -n "$rendered" ] || { echo "report --format $format $file printed nothing"; exit 1; }
  done
  echo "report ok in every format: $file"
done
