#!/usr/bin/env bash
# isobench's own performance gate: a fresh cold-start run compared with the committed baseline
# (results/baselines/cold-start.json). Fails (exit 1) when the isolate cold start regressed beyond
# 50% in two fresh runs, or memory per instance (RSS, harness RSS growth, cgroup: the harness's own
# readings, never the heap the sandbox reports) beyond 10%; everything else is reported, never
# gating. Any other failure keeps its own code (2 bad files, 70 a crash). Why these thresholds:
# docs/github-actions.md, "isobench's own gate".
# Knobs: ISOBENCH_GATE_TIMING_RUNTIMES (default isolate), ISOBENCH_GATE_TIMING_THRESHOLD (50%),
# ISOBENCH_GATE_MEMORY_THRESHOLD (10%), ISOBENCH_GATE_RUNS (20), ISOBENCH_BASELINE.
# Docker is measured when ISOBENCH_REQUIRE_DOCKER=1 (then it must work) or when it answers.
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=${ISOBENCH_BASELINE:-results/baselines/cold-start.json}
runs=${ISOBENCH_GATE_RUNS:-20}
timing_runtimes=${ISOBENCH_GATE_TIMING_RUNTIMES:-isolate}
timing_threshold=${ISOBENCH_GATE_TIMING_THRESHOLD:-50%}
memory_threshold=${ISOBENCH_GATE_MEMORY_THRESHOLD:-10%}
# Only what the harness observes itself (/proc, cgroup): a workload can patch the heap figure it reports.
memory_metrics=memory_rss_bytes,memory_rss_growth_bytes,memory_cgroup_bytes
isobench() { node --no-node-snapshot bin/isobench.js "$@"; }

[ -f dist/cli.js ] || npm run --silent build >&2
runtimes=process,isolate
if [ "${ISOBENCH_REQUIRE_DOCKER:-0}" = 1 ] || docker info >/dev/null 2>&1; then runtimes=process,isolate,docker; fi

out=$(mktemp -d /tmp/isobench-gate-XXXXXX)
trap 'rm -rf "$out"' EXIT
echo "gate: fresh cold-start run ($runtimes, $runs runs) against $baseline"
isobench run --scenario cold-start --runtime "$runtimes" --runs "$runs" --warmup 3 --out "$out" --quiet
current=$(ls "$out"/*-cold-start.json)

# Everything, for the log (and the job summary on GitHub): a regression (1) never fails the gate,
# any other code does (2 bad files, 70 a crash). GITHUB_ACTIONS=false: no ::error annotation here.
report() { GITHUB_ACTIONS=false isobench compare "$baseline" "$current" "$@" || [ $? -eq 1 ]; }
echo "gate: report (not gating)"
report
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then report --format md >> "$GITHUB_STEP_SUMMARY"; fi

gate_timing() { isobench compare "$baseline" "$1" --metric cold_start_ms --runtime "$timing_runtimes" --threshold "$timing_threshold"; }
echo "gate: cold start of $timing_runtimes, threshold $timing_threshold"
status=0
gate_timing "$current" || status=$?
if [ $status -eq 1 ]; then
  # A burst of load passes; a slower build does not: it must regress twice.
  echo "gate: cold start regressed; measuring again to tell a slower build from a busier machine"
  isobench run --scenario cold-start --runtime "$timing_runtimes" --runs "$runs" --warmup 3 --out "$out/confirm" --quiet
  status=0
  gate_timing "$(ls "$out"/confirm/*-cold-start.json)" || status=$?
fi
echo "gate: memory per instance, threshold $memory_threshold"
isobench compare "$baseline" "$current" --metric "$memory_metrics" --threshold "$memory_threshold" || { code=$?; [ $status -ne 0 ] || status=$code; }

# The gate must also be able to fail: the same scenario name with a workload that busy-waits 25 ms
# at load (test/fixtures/scenarios/cold-start-slow.json) has to be caught by the timing gate.
echo "gate: self-check, a real 25 ms slowdown must fail the timing gate"
isobench run --scenario test/fixtures/scenarios/cold-start-slow.json --runtime isolate --runs 10 --warmup 1 --out "$out/slow" --quiet > /dev/null
check=0
isobench compare "$baseline" "$(ls "$out"/slow/*-cold-start.json)" --metric cold_start_ms --runtime isolate --threshold "$timing_threshold" > "$out/slow.txt" 2>&1 || check=$?
grep -E 'isolate|regress' "$out/slow.txt" | grep -v '^warning' || true
if [ $check -ne 1 ]; then echo "gate: self-check FAILED: the slowdown gave exit $check, not 1"; [ $status -ne 0 ] || status=2; fi

if [ $status -eq 0 ]; then echo "gate: passed"; else echo "gate: FAILED (exit $status)"; fi
exit $status
