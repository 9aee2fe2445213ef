#!/usr/bin/env bash
# cgroup v2, end to end, on a host whose cgroups are v1 (CI's, a Debian 12 hybrid): boots the host's
# kernel with cgroup2 and every controller (.ci/cgroup-v2-guest.mjs, QEMU under TCG, the host's files
# shared read-only) and there runs .ci/cgroup-v2-in-guest.sh: with the CLI, cold-start with
# --require-limits (child cgroups on v2) and noisy-leak (v2 budget groups, a tenant host for the
# isolate row), then checks their results (.ci/assert-v2.mjs) and that no isobench cgroup is left.
set -euo pipefail
cd "$(dirname "$0")/.."
node .ci/cgroup-v2-guest.mjs "cd '$(pwd)' && sh .ci/cgroup-v2-in-guest.sh"
