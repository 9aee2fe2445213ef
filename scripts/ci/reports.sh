#!/usr/bin/env bash
# CI setup for the report tests: Debian's Chromium for the HTML report's browser test.
# Idempotent: installs only what is missing. Then run the tests with ISOBENCH_REQUIRE_BROWSER=1,
# so that a missing browser fails the browser test instead of skipping it.
set -euo pipefail

CHROMIUM="${ISOBENCH_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  echo "reports: chromium present: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "reports: chromium is missing; run as root: apt-get update && apt-get install -y --no-install-recommends chromium" >&2
  exit 2
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
echo "reports: installed $("$CHROMIUM" --version)"
