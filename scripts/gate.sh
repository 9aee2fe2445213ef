#!/usr/bin/env bash
# isobench's own performance gate. Timing: `isobench ab`, base and head of this build interleaved in
# one run (an A/A test: load falls on both sides alike), must not cry wolf (exit 1 only when two A/A
# runs in a row both call a regression), and a head whose workload busy-waits 25 ms at load
# (test/fixtures/workloads/hello-slow.js) must fail it: the gate can fail. Memory per instance
# (RSS, harness RSS growth, cgroup: the harness's own readings, never the heap the sandbox reports)
# is compared with the committed baseline (results/baselines/cold-start.json), which load does not
# move: beyond 10% fails. Timing against that baseline is reported, never gating (another machine,
# another hour). Any other failure keeps its own code (2 bad files, 70 a crash). Why:
# docs/github-actions.md, "isobench's own gate".
# Knobs: ISOBENCH_GATE_TIMING_THRESHOLD (10%), ISOBENCH_GATE_MEMORY_THRESHOLD (10%),
# ISOBENCH_GATE_MAX_TIME (45s, per A/A run), ISOBENCH_BASELINE.
# Docker is measured when ISOBENCH_REQUIRE_DOCKER=1 (then it must work) or when it answers.
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=${ISOBENCH_BASELINE:-results/baselines/cold-start.json}
timing_threshold=${ISOBENCH_GATE_TIMING_THRESHOLD:-10%}
memory_threshold=${ISOBENCH_GATE_MEMORY_THRESHOLD:-10%}
max_time=${ISOBENCH_GATE_MAX_TIME:-45s}
# Only what the harness observes itself (/proc, cgroup): a workload can patch the heap figure it reports.
memory_metrics=memory_rss_bytes,memory_rss_growth_bytes,memory_cgroup_bytes
isobench() { node --no-node-snapshot bin/isobench.js "$@"; }

[ -f dist/cli.js ] || npm run --silent build >&2
runtimes=process,isolate
if [ "${ISOBENCH_REQUIRE_DOCKER:-0}" = 1 ] || docker info >/dev/null 2>&1; then runtimes=process,isolate,docker; fi

out=$(mktemp -d /tmp/isobench-gate-XXXXXX)
trap 'rm -rf "$out"' EXIT

# One A/A ab run into $1; prints the paired table; exit 0, 1 (it called a regression) or another code.
aa() {
  isobench ab --scenario cold-start --base . --head . --runtime "$runtimes" --precision 5% --max-time "$max_time" \
    --threshold "$timing_threshold" --metric cold_start_ms --out "$1" --quiet 2> >(grep -v '^warning: --base' >&2)
}
status=0
echo "gate: timing, an A/A ab run ($runtimes, --precision 5%, at most $max_time, threshold $timing_threshold)"
aa "$out/aa" || status=$?
if [ $status -eq 1 ]; then
  # A chance false alarm (each at most ~1 in 20) passes; a gate that cries wolf twice in a row does not.
  echo "gate: the A/A run called a regression; running it again"
  status=0
  aa "$out/aa2" || status=$?
  [ $status -ne 1 ] || echo "gate: two A/A runs in a row called a regression: the paired statistics cry wolf"
fi
current=$(ls "$out"/aa/*-cold-start-base.json)

# Everything against the committed baseline, for the log (and the job summary on GitHub): never
# gating; a regression (1) is reported, any other code fails (2 bad files, 70 a crash).
report() { GITHUB_ACTIONS=false isobench compare "$baseline" "$current" "$@" || [ $? -eq 1 ]; }
echo "gate: the A/A run's base side against $baseline (report, not gating)"
report
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then report --format md >> "$GITHUB_STEP_SUMMARY"; fi

echo "gate: memory per instance against $baseline, threshold $memory_threshold"
isobench compare "$baseline" "$current" --metric "$memory_metrics" --threshold "$memory_threshold" || { code=$?; [ $status -ne 0 ] || status=$code; }

# The gate must also be able to fail: a head that busy-waits 25 ms at load has to be caught.
echo "gate: self-check, a real 25 ms slowdown must fail the timing gate"
check=0
isobench ab --scenario cold-start --base . --head workload=test/fixtures/workloads/hello-slow.js --runtime isolate --runs 10 --warmup 1 \
  --threshold "$timing_threshold" --metric cold_start_ms --out "$out/slow" --quiet > "$out/slow.txt" 2>&1 || check=$?
grep -E 'isolate|regress' "$out/slow.txt" | grep -v '^note' || true
if [ $check -ne 1 ]; then echo "gate: self-check FAILED: the slowdown gave exit $check, not 1"; cat "$out/slow.txt"; [ $status -ne 0 ] || status=2; fi

if [ $status -eq 0 ]; then echo "gate: passed"; else echo "gate: FAILED (exit $status)"; fi
exit $status
