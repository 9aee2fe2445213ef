#!/usr/bin/env bash
# cgroup v2, end to end, on a host whose cgroups are v1 (CI's, a Debian 12 hybrid): boots the host's
# kernel with cgroup2 and every controller (.ci/cgroup-v2-guest.mjs, QEMU under TCG, the host's files
# shared read-only) and there runs, with the CLI, cold-start with --require-limits (child cgroups on
# v2) and noisy-leak (v2 budget groups, a tenant host for the isolate row), then checks their
# results (.ci/assert-v2.mjs) and that no isobench cgroup is left.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
node .ci/cgroup-v2-guest.mjs "set -e; cd '$repo'; out=/tmp/isobench-v2
bin/isobench.js run -s cold-start -R process,deno -r 3 -w 1 --require-limits -o \$out
bin/isobench.js run -s noisy-leak -R process,isolate -o \$out
node .ci/assert-v2.mjs \$out/*-cold-start.json \$out/*-noisy-leak.json process isolate
left=\$(find /sys/fs/cgroup -mindepth 1 -type d -name 'isobench-*')
echo \"isobench cgroups left: \${left:-none}\"
[ -z \"\$left\" ]"
