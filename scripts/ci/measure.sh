#!/usr/bin/env bash
# What the harness checks need in CI: hyperfine, for `npm run bench` (isobench vs an independent
# tool) and `isobench doctor`'s check. Idempotent; the test suite itself does not need it.
set -euo pipefail
if ! command -v hyperfine >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends hyperfine
fi
hyperfine --version
