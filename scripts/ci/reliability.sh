#!/usr/bin/env bash
# CI needs of the reliability tests (idempotent):
#   - iproute2 (`ip`): the private dockerd of test/e2e/docker-down.test.ts gets a bridge of its own
#   - dockerd itself comes with docker.io (scripts/setup.sh); the tests run as root (cgroups, dockerd)
set -euo pipefail
if ! command -v ip >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 >/dev/null
fi
command -v ip >/dev/null && echo "reliability: ip $(ip -V 2>&1 | head -n 1)"
