/**
 * Hardened by default: every instance runs with the limits a careful operator would set, and each
 * can be relaxed by name (`--relax network,pids` or `--no-harden` for all). The result records
 * which were in force. The per-request timeout is not relaxable: a run must always end.
 */
import { totalmem } from 'node:os'
import type { LimitsInForce } from '../host/cgroup-limits.js'
import { WORKLOAD_ENV } from '../host/env.js'
import { isRoot, NOBODY, type ChildUser } from '../host/user.js'
import type { ChildLimits, Limits, Relaxation } from './types.js'

export type { Relaxation } from './types.js'

/** What can be relaxed, and what each one means. */
export const RELAXATIONS: Readonly<Record<Relaxation, string>> = {
  network: 'containers get the daemon\'s default network instead of none',
  readonly: 'containers get a writable root filesystem',
  caps: 'containers keep the default capabilities and may gain privileges (no cap-drop ALL, no no-new-privileges)',
  pids: 'no pids limit for containers and child processes',
  memory: 'no memory limit: no container limit, no child cgroup limit, no node heap cap; isolates get the machine\'s RAM as memoryLimit',
  env: 'the host\'s environment variables reach workloads in child processes and containers',
  user: 'child processes (process, deno, workerd) run as the harness\'s user (root, when it is root) and containers as the image\'s (root), not as nobody (65534:65534)',
  logs: 'containers get the daemon\'s default log driver (json-file: their output stored on the host) instead of none',
  cgroup: 'child processes (process, deno, workerd) get no cgroup of their own: no memory or pids limit, not started inside one, ended as a plain process tree',
}

export const RELAXATION_NAMES = Object.keys(RELAXATIONS) as Relaxation[]

/** The relaxations that change what a runtime does (by base name); the others leave it as it is. */
const RELAXATIONS_OF: Readonly<Record<string, readonly Relaxation[]>> = {
  docker: RELAXATION_NAMES.filter((r) => r !== 'cgroup'),
  process: ['pids', 'memory', 'env', 'cgroup'],
  deno: ['pids', 'memory', 'env', 'cgroup'],
  workerd: ['pids', 'memory', 'env', 'cgroup'],
  isolate: ['memory'],
}

/** The relaxations that apply to a runtime (`docker:crun+pool` → docker's), none for one without hardenings. */
export function relaxationsFor(runtime: string): readonly Relaxation[] {
  return RELAXATIONS_OF[runtime.split(/[:+]/)[0]!] ?? []
}

/** Headroom above the V8 heap cap for node's own code and buffers (~40 MiB RSS at idle). */
export const MEMORY_HEADROOM_MB = 64
const MIB = 1024 * 1024

/** Whether a hardening was relaxed for this run. */
export function isRelaxed(limits: Limits, what: Relaxation): boolean {
  return limits.relax?.includes(what) ?? false
}

/** The memory limit of a container or a child's cgroup, in bytes; undefined when relaxed. */
export function instanceMemoryBytes(limits: Limits): number | undefined {
  return isRelaxed(limits, 'memory') ? undefined : (limits.memoryMb + MEMORY_HEADROOM_MB) * MIB
}

/** The pids limit of a container or a child's cgroup; undefined when relaxed. */
export function instancePidsLimit(limits: Limits): number | undefined {
  return isRelaxed(limits, 'pids') ? undefined : limits.pidsLimit
}

/** The limits of a child's cgroup: the instance's, plus `pidsHeadroom` threads the runtime itself needs. */
export function childCgroupLimits(limits: Limits, pidsHeadroom = 0): ChildLimits {
  const pidsMax = instancePidsLimit(limits)
  return {
    pidsMax: pidsMax === undefined ? undefined : pidsMax + pidsHeadroom,
    memoryBytes: instanceMemoryBytes(limits),
    ...(limits.cpus > 0 ? { cpus: limits.cpus } : {}),
    ...(limits.budgetGroup ? { parent: limits.budgetGroup } : {}),
    ...(isRelaxed(limits, 'cgroup') ? { noGroup: true } : {}),
  }
}

/** The user a child process runs as: nobody when the harness is root (it cannot switch otherwise), unless relaxed. */
export function childUser(limits: Limits): ChildUser | undefined {
  return childUserOf(limits.relax)
}

/** childUser for a run's relaxations alone (a probe, which has no limits). */
export function childUserOf(relax: readonly Relaxation[] | undefined): ChildUser | undefined {
  return isRoot() && !relax?.includes('user') ? { ...NOBODY } : undefined
}

/** The user a container's processes run as (`User`); undefined (the image's: root) when relaxed. */
export function containerUser(limits: Limits): string | undefined {
  return isRelaxed(limits, 'user') ? undefined : `${NOBODY.uid}:${NOBODY.gid}`
}

/** The container's log driver: `none` stores nothing on the host (attach still streams); the daemon's default when relaxed. */
export function containerLogDriver(limits: Limits): string | undefined {
  return isRelaxed(limits, 'logs') ? undefined : 'none'
}

/** The isolate's memoryLimit in MiB (isolated-vm's minimum is 8). */
export function isolateMemoryLimitMb(limits: Limits): number {
  return isRelaxed(limits, 'memory') ? Math.floor(totalmem() / MIB) : Math.max(8, limits.memoryMb)
}

/** The least V8 heap cap the snapshot build child's own node needs to load isolated-vm. */
const MIN_SNAPSHOT_BUILD_HEAP_MB = 16

/**
 * The V8 heap cap (`--max-heap-size`, per isolate: the snapshot creator's included) of isolate:snapshot's
 * build child, in MiB: the isolate's memoryLimit, at least what its node needs; undefined when memory is relaxed.
 */
export function snapshotBuildHeapCapMb(limits: Limits): number | undefined {
  return isRelaxed(limits, 'memory') ? undefined : Math.max(MIN_SNAPSHOT_BUILD_HEAP_MB, isolateMemoryLimitMb(limits))
}

/** The environment a workload's node gets: the minimal one, or the host's when relaxed. */
export function workloadEnv(limits: Limits): Record<string, string> {
  if (!isRelaxed(limits, 'env')) return { ...WORKLOAD_ENV }
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined))
}

/** Node flags for children and containers: the heap cap that stands in for a memory limit. */
export function workloadNodeFlags(limits: Limits): string[] {
  return isRelaxed(limits, 'memory') ? [] : [`--max-old-space-size=${limits.memoryMb}`]
}

/** Who child processes run as, in words. */
function childUserLabel(limits: Limits): string {
  const user = childUser(limits)
  if (user) return `${user.uid}:${user.gid}`
  return isRelaxed(limits, 'user') ? 'the harness\'s (relaxed)' : 'the harness\'s (not root: cannot switch)'
}

/**
 * What was in force, for the result's environment (pure). `childCgroup`: what the kernel read back
 * for a child's cgroup made with the limits (limits-in-force.ts); the child limits recorded are those
 * read, null where none applies.
 */
export function hardeningInForce(limits: Limits, childCgroup: LimitsInForce): Record<string, unknown> {
  const memoryBytes = instanceMemoryBytes(limits) ?? null
  const pidsLimit = instancePidsLimit(limits) ?? null
  return {
    relaxed: [...(limits.relax ?? [])],
    timeoutMs: limits.timeoutMs,
    container: {
      network: isRelaxed(limits, 'network') ? 'default' : 'none',
      readOnlyRootfs: !isRelaxed(limits, 'readonly'),
      capDropAll: !isRelaxed(limits, 'caps'),
      noNewPrivileges: !isRelaxed(limits, 'caps'),
      pidsLimit,
      memoryBytes,
      minimalEnv: !isRelaxed(limits, 'env'),
      user: containerUser(limits) ?? 'image default (root)',
      logDriver: containerLogDriver(limits) ?? 'daemon default',
    },
    process: {
      appliesTo: ['process', 'deno', 'workerd'],
      heapCapMb: isRelaxed(limits, 'memory') ? null : limits.memoryMb,
      cgroup: childCgroup.applied ? childCgroup.version : 'none',
      ...(childCgroup.applied ? {} : { cgroupUnavailable: childCgroup.reason }),
      cgroupPidsLimit: childCgroup.applied ? childCgroup.pidsMax ?? null : null,
      cgroupMemoryBytes: childCgroup.applied ? childCgroup.memoryMaxBytes ?? null : null,
      cgroupSwapBytes: childCgroup.applied ? childCgroup.swapMaxBytes ?? null : null,
      minimalEnv: !isRelaxed(limits, 'env'),
      user: childUserLabel(limits),
      denoRemoteImports: false,
    },
    isolate: {
      memoryLimitMb: isolateMemoryLimitMb(limits),
      // isolate:snapshot's build child (the timeout per stage is timeoutMs), with the process row's cgroup and user.
      snapshotBuild: { heapCapMb: snapshotBuildHeapCapMb(limits) ?? null, cgroup: childCgroup.applied ? childCgroup.version : 'none', user: childUserLabel(limits) },
    },
  }
}
