#!/usr/bin/env bash
# CI setup for the remote-engine tests: Debian's openssh-server, whose sshd the ssh:// Docker
# endpoint test starts privately on 127.0.0.1 (test/e2e/own-sshd.ts); the system sshd is not started.
# Idempotent: installs only what is missing.
set -euo pipefail

if [ -x /usr/sbin/sshd ]; then
  echo "remote: openssh-server present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "remote: sshd is missing; run as root: apt-get update && apt-get install -y --no-install-recommends openssh-server" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d: the package must not start the system sshd (the test starts its own).
made_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1; fi
apt-get install -y -qq --no-install-recommends openssh-server >/dev/null
if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
echo "remote: installed $(/usr/sbin/sshd -V 2>&1 | head -n 1)"
