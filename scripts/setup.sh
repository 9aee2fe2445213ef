#!/usr/bin/env bash
# isobench setup: everything a run needs on a Debian/Ubuntu machine, idempotent.
#   - Debian's docker.io (and the extra OCI runtimes crun and runsc) when absent, as root
#   - dockerd started when it is not running, waiting for its socket
#   - crun and runsc registered with dockerd (daemon.json, applied with SIGHUP)
#   - qemu-system-x86, linux-image-amd64 and busybox-static for the qemu row (a VM per instance)
#   - npm install + build of isobench itself
# Not root? It says exactly what to run instead. Skip the system part with ISOBENCH_SKIP_SYSTEM=1.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup: %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; fi
fi

need_root() {
  log "$1 needs root. Run:  sudo $(pwd)/scripts/setup.sh"
  log "or install it yourself:  sudo apt-get install -y docker.io crun runsc && sudo dockerd &"
  log "isobench still runs without Docker: the docker rows are skipped with the reason."
}

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

docker_up() { docker info >/dev/null 2>&1 || $SUDO docker info >/dev/null 2>&1; }

configure_runtimes() {
  # crun refuses cgroup v1 hybrid layouts whose hugetlb controller sits on cgroup2: mount a v1 one.
  if [ -d /sys/fs/cgroup ] && ! [ -f /sys/fs/cgroup/cgroup.controllers ] && ! mountpoint -q /sys/fs/cgroup/hugetlb 2>/dev/null; then
    $SUDO mkdir -p /sys/fs/cgroup/hugetlb 2>/dev/null || true
    $SUDO mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb 2>/dev/null || log "could not mount the hugetlb cgroup (crun may fail)"
  fi
  # Register crun and runsc with dockerd, keeping the rest of daemon.json; "changed" when it wrote.
  runtimes_changed=$($SUDO "$(command -v node)" scripts/docker-runtimes.mjs /etc/docker/daemon.json) || log "could not register crun/runsc in /etc/docker/daemon.json"
}

# A running dockerd reads a changed daemon.json on SIGHUP (no restart: containers keep running).
reload_dockerd() {
  local pid=""
  [ -f /var/run/docker.pid ] && pid=$(cat /var/run/docker.pid)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then $SUDO kill -HUP "$pid"; else $SUDO pkill -HUP -x dockerd || true; fi
}

# The docker:crun and docker:runsc rows need dockerd to report both runtimes.
check_runtimes() {
  local registered=""
  for _ in $(seq 1 20); do
    registered=$(docker info --format '{{json .Runtimes}}' 2>/dev/null || $SUDO docker info --format '{{json .Runtimes}}' 2>/dev/null || true)
    case "$registered" in *'"crun"'*'"runsc"'*|*'"runsc"'*'"crun"'*) log "dockerd runtimes: crun and runsc registered"; return 0 ;; esac
    sleep 0.5
  done
  log "dockerd does not report crun and runsc (${registered:-no answer}): the docker:crun/docker:runsc rows will be skipped"
}

start_dockerd() {
  if docker_up; then return 0; fi
  if pgrep -x dockerd >/dev/null; then
    log "dockerd is running but not answering yet"
  else
    log "starting dockerd (log: /var/log/isobench-dockerd.log)"
    $SUDO sh -c 'setsid nohup dockerd >/var/log/isobench-dockerd.log 2>&1 </dev/null &'
  fi
  for _ in $(seq 1 60); do docker_up && return 0; sleep 0.5; done
  log "dockerd did not answer within 30 s; see /var/log/isobench-dockerd.log"
  return 1
}

if [ "${ISOBENCH_SKIP_SYSTEM:-0}" != 1 ]; then
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    if ! docker_up; then need_root "Installing and starting Docker"; fi
  else
    command -v dockerd >/dev/null 2>&1 || apt_install docker.io
    apt_install crun runsc openssl   # openssl: the remote-engine test makes its TLS certificates
    # The qemu row: QEMU, a guest kernel (Debian's; any /boot/vmlinuz-* or --kernel works) and a static busybox for the guest's init.
    apt_install qemu-system-x86 linux-image-amd64 busybox-static e2fsprogs
    runtimes_changed=""
    configure_runtimes
    had_docker=0; docker_up && had_docker=1
    start_dockerd
    if [ "$had_docker" = 1 ] && [ "$runtimes_changed" = changed ]; then reload_dockerd; fi
    check_runtimes
  fi
fi

if [ ! -d node_modules/isolated-vm ] || [ ! -d node_modules/commander ]; then
  log "npm install (builds isolated-vm from source: about a minute)"
  npm install --no-audit --no-fund >&2
fi
# The shipped example workloads (scenarios/real/*) have dependencies of their own: a user's project, laid out as one.
for example in scenarios/real/*/; do
  if [ -f "$example/package.json" ] && [ ! -d "$example/node_modules" ]; then
    log "npm install in $example (example workload dependencies)"
    (cd "$example" && npm install --no-audit --no-fund --no-package-lock --omit=dev >&2)
  fi
done
log "building"
npm run --silent build >&2
log "ready: npx isobench run --scenario cold-start"
