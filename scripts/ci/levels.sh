#!/usr/bin/env bash
# What the isolation-levels tests need in CI beyond scripts/setup.sh (which installs crun and runsc, registers
# them with dockerd and mounts the hugetlb cgroup crun needs): a second Node for the version-matrix
# test (test/e2e/levels.test.ts runs `isobench run --node <node 24>`; it is skipped without one).
# Idempotent: node@24 from the npm registry into /tmp/node24, only when it is not there yet.
set -euo pipefail
dir=/tmp/node24
bin="$dir/node_modules/node/bin/node"
if ! [ -x "$bin" ] || ! "$bin" --version >/dev/null 2>&1; then
  npm install --prefix "$dir" --no-audit --no-fund --silent node@24 >/dev/null 2>&1
fi
echo "second node for the version matrix: $("$bin" --version) at $bin"
# The docker:crun and docker:runsc rows are required in CI: say early when dockerd lacks them.
docker info --format '{{json .Runtimes}}' | grep -q '"crun"' && docker info --format '{{json .Runtimes}}' | grep -q '"runsc"' \
  || { echo "dockerd does not report crun and runsc: run scripts/setup.sh as root" >&2; exit 1; }
grep -q ' - cgroup cgroup [^ ]*hugetlb' /proc/self/mountinfo || [ -f /sys/fs/cgroup/cgroup.controllers ] \
  || echo "warning: no v1 hugetlb cgroup mounted: on a hybrid cgroup host docker:crun will be skipped" >&2
