/**
 * The OCI runtimes other than the daemon's default that isobench has rows for (`docker:crun`,
 * `docker:runsc`): whether the daemon and this host can run them, and what runsc needs on top.
 */
import { readFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import type { Availability } from '../types.js'

export type OciRuntime = 'crun' | 'runsc'

/**
 * Tasks runsc itself adds to the container's pids cgroup (Sentry and gofer threads, which grow
 * with the cores), added on top of the workload's own --pids-limit: below it `runsc create` hangs or fails.
 */
export function runscPidsHeadroom(cpuCount = cpus().length): number {
  return 64 + 32 * cpuCount
}

/** What registering an OCI runtime with dockerd takes (daemon.json, applied with SIGHUP). */
const REGISTER_FIX: Record<OciRuntime, string> = {
  crun: 'apt-get install crun; add "crun": {"path": "/usr/bin/crun"} under "runtimes" in /etc/docker/daemon.json and send dockerd SIGHUP (sudo scripts/setup.sh does both)',
  runsc: 'apt-get install runsc; add "runsc": {"path": "/usr/bin/runsc", "runtimeArgs": ["--network=none"]} under "runtimes" in /etc/docker/daemon.json and send dockerd SIGHUP (sudo scripts/setup.sh does both)',
}

const HUGETLB_FIX = 'mkdir -p /sys/fs/cgroup/hugetlb && mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb (sudo scripts/setup.sh does it; a mount does not survive a reboot)'

/**
 * Whether crun can run on this host's cgroup layout: on a v1 "hybrid" host (a cgroup2 hierarchy
 * mounted beside the v1 ones) crun refuses to start ("cgroups in hybrid mode not supported") unless
 * the hugetlb controller has a v1 hierarchy. Checked only for a local daemon (a unix socket: same mounts).
 */
export function crunCgroupProblem(mountinfo: string): string | undefined {
  const cgroupMounts = mountinfo.split('\n').map((line) => {
    const [, after = ''] = line.split(' - ')
    const [fstype = '', , superOptions = ''] = after.split(' ')
    return { fstype, options: superOptions.split(','), mountPoint: line.split(' ')[4] ?? '' }
  })
  const isHybrid = cgroupMounts.some((m) => m.fstype === 'cgroup') && cgroupMounts.some((m) => m.fstype === 'cgroup2')
  if (!isHybrid) return undefined
  if (cgroupMounts.some((m) => m.fstype === 'cgroup' && m.options.includes('hugetlb'))) return undefined
  return 'crun refuses this cgroup v1 hybrid layout until a v1 hugetlb hierarchy is mounted'
}

/** Why the OCI runtime cannot run here (not registered with the daemon; crun on a hybrid host), or undefined when it can. */
export async function ociRuntimeUnavailable(ociRuntime: OciRuntime, registered: string[], isLocalDaemon: boolean): Promise<Availability | undefined> {
  if (!registered.includes(ociRuntime)) {
    return { available: false, reason: `the Docker daemon has no "${ociRuntime}" runtime (it has: ${registered.join(', ')})`, fix: isLocalDaemon ? REGISTER_FIX[ociRuntime] : `on the engine's host: ${REGISTER_FIX[ociRuntime]} (scripts/docker-runtimes.mjs edits a daemon.json)` }
  }
  if (ociRuntime === 'crun' && isLocalDaemon) {
    const problem = crunCgroupProblem(await readFile('/proc/self/mountinfo', 'utf8').catch(() => ''))
    if (problem) return { available: false, reason: problem, fix: HUGETLB_FIX }
  }
  return undefined
}
