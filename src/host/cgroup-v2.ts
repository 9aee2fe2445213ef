/**
 * The cgroup v2 layout of the per-child cgroups: one directory per group, with memory.max,
 * memory.swap.max and pids.max. v2 forbids a cgroup that holds processes from handing domain
 * controllers to its children ("no internal processes", cgroup-v2.rst), and the harness lives in its
 * own cgroup, so the groups go into a subtree isobench makes beside it: `<parent>/isobench-h<pid>/`,
 * which gets memory and pids from the parent (the controllers the harness's own cgroup has) and
 * enables them for its children. At the root of the hierarchy (exempt from that rule) the subtree
 * goes directly under it. The subtree is removed with the last group (cgroup-limits.ts).
 * Reference: kernel Documentation/admin-guide/cgroup-v2.rst, "No Internal Process Constraint",
 * "Delegation", memory.max, memory.swap.max, pids.max, cgroup.kill, memory.events.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { CgroupLayout, CgroupLimits, LimitsReadBack } from './cgroup-limits.js'
import { isAlive } from './proc.js'

/** The controllers every child group needs. */
const NEEDED = ['memory', 'pids'] as const
/** Enabled too where the parent hands it down: CPU quotas (cpu.max) for a budget and its members. */
const OPTIONAL = ['cpu'] as const
const CPU_MAX_PERIOD_US = 100_000

/** Where the harness sits in the v2 hierarchy: the mount point and its own path (`0::<path>`). */
export interface V2Place {
  mount: string
  ownPath: string
  /** Names the subtree (`isobench-h<pid>`); the harness's pid. */
  pid: number
}

/** The v2 mount point in a /proc/self/mounts text (`cgroup2` file system), or undefined. */
export function cgroup2Mount(mounts: string): string | undefined {
  for (const line of mounts.split('\n')) {
    const [, mountPoint, type] = line.split(' ')
    if (type === 'cgroup2' && mountPoint) return mountPoint
  }
  return undefined
}

/** The harness's path in the v2 hierarchy from a /proc/self/cgroup text (the `0::` line). */
export function cgroup2OwnPath(procSelfCgroup: string): string | undefined {
  const line = procSelfCgroup.split('\n').find((l) => l.startsWith('0::'))
  return line?.slice(3) || undefined
}

const words = (file: string): string[] => {
  try {
    return readFileSync(file, 'utf8').split(/\s+/).filter(Boolean)
  } catch {
    return []
  }
}

/** The subtree's parent directory: the hierarchy's root when the harness is at the root, else its own cgroup's parent. */
function subtreeParent(place: V2Place): string {
  return place.ownPath === '/' ? place.mount : join(place.mount, dirname(place.ownPath))
}

/** Why the v2 layout cannot hold limited groups here (the controllers are not delegated), or undefined. */
export function v2Unavailable(place: V2Place): string | undefined {
  const own = join(place.mount, place.ownPath)
  const available = words(join(own, 'cgroup.controllers'))
  const missing = NEEDED.filter((c) => !available.includes(c))
  if (missing.length > 0) {
    return `cgroup v2 at ${place.mount}: no ${missing.join(' or ')} controller for the harness's cgroup ${place.ownPath} (cgroup.controllers: "${available.join(' ')}"; on a hybrid host they are bound to cgroup v1)`
  }
  return undefined
}

/**
 * Removes the empty subtrees of harnesses that are gone: one killed without its exit hook (SIGKILL,
 * or a test runner ending its workers with SIGTERM) leaves `isobench-h<pid>` behind. A subtree that
 * still holds groups stays (`isobench clean` ends their members and removes them first, then calls this).
 */
export function sweepGoneSubtrees(subtrees: string[], ownPid: number): void {
  for (const dir of subtrees) {
    const pid = Number(/isobench-h(\d+)$/.exec(dir)?.[1])
    if (pid === ownPid || isAlive(pid)) continue
    try {
      rmdirSync(dir)
    } catch {
      // not empty (groups in it), or gone already
    }
  }
}

/** The v2 layout at `place`; `ensure()` makes the subtree (idempotent) and throws with why it cannot. */
export function v2Layout(place: V2Place): CgroupLayout {
  const parent = subtreeParent(place)
  const subtree = join(parent, `isobench-h${place.pid}`)
  let made = false
  const layout: CgroupLayout = {
    version: 'v2',
    subtree,
    mount: place.mount,
    parents() {
      let names: string[] = []
      try {
        names = readdirSync(parent).filter((name) => /^isobench-h\d+$/.test(name))
      } catch {
        // parent not readable
      }
      return names.map((name) => join(parent, name))
    },
    ensure() {
      if (made) return
      const why = v2Unavailable(place)
      if (why) throw new Error(why)
      // At the hierarchy's root (exempt from the rule) the controllers are enabled for its children first.
      // One line each (the kernel refuses a whole line naming a controller the group lacks): cpu where it is there.
      if (place.ownPath === '/') writeFileSync(join(place.mount, 'cgroup.subtree_control'), subtreeLine(words(join(place.mount, 'cgroup.controllers'))))
      sweepGoneSubtrees(layout.parents(), place.pid)
      try {
        mkdirSync(subtree)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      // The subtree holds no process, so it may enable the controllers for its children.
      writeFileSync(join(subtree, 'cgroup.subtree_control'), subtreeLine(words(join(subtree, 'cgroup.controllers'))))
      made = true
    },
    // A budget group (cgroup-budget.ts) is a path under the mount; the groups in it nest there.
    groupDirs: (name, parent) => [parent ? join(place.mount, parent, name) : join(subtree, name)],
    writeLimits([dir], limits: CgroupLimits) {
      if (limits.pidsMax !== undefined) writeFileSync(join(dir!, 'pids.max'), String(limits.pidsMax))
      // cpu.max is there only where the cpu controller reached the group (a budget that has it); elsewhere the read-back says none.
      if (limits.cpus && existsSync(join(dir!, 'cpu.max'))) writeFileSync(join(dir!, 'cpu.max'), cpuMax(limits.cpus))
      if (limits.memoryBytes !== undefined) {
        writeFileSync(join(dir!, 'memory.max'), String(limits.memoryBytes))
        // As for the container (Memory == MemorySwap): no swap beyond the limit, where swap is accounted.
        try {
          writeFileSync(join(dir!, 'memory.swap.max'), '0')
        } catch {
          // no swap accounting (CONFIG_MEMCG_SWAP off, or swapaccount=0)
        }
      }
    },
    async readLimits([dir]): Promise<LimitsReadBack> {
      return {
        version: 'v2',
        pidsMax: await readLimit(join(dir!, 'pids.max')),
        memoryMaxBytes: await readLimit(join(dir!, 'memory.max')),
        swapMaxBytes: await readLimit(join(dir!, 'memory.swap.max')),
        cpus: await readCpuMax(join(dir!, 'cpu.max')),
      }
    },
    async oomKills([dir]) {
      const text = await readFile(join(dir!, 'memory.events'), 'utf8').catch(() => '')
      return Number(/^oom_kill (\d+)/m.exec(text)?.[1] ?? 0)
    },
    killAll([dir]) {
      // cgroup.kill (Linux 5.14+) SIGKILLs the whole group at once, a fork bomb included.
      try {
        writeFileSync(join(dir!, 'cgroup.kill'), '1')
      } catch {
        // older kernel: the caller's loop over cgroup.procs does it
      }
    },
  }
  return layout
}

/** cpu.max for a quota of `cpus` cores: "<quota> <period>" in µs (at least 1 ms of quota). */
export function cpuMax(cpus: number): string {
  return `${Math.max(1000, Math.round(cpus * CPU_MAX_PERIOD_US))} ${CPU_MAX_PERIOD_US}`
}

/** The quota in cores a cpu.max file holds; null for "max"; undefined when absent (no cpu controller). */
export async function readCpuMax(file: string): Promise<number | null | undefined> {
  const text = (await readFile(file, 'utf8').catch(() => undefined))?.trim()
  if (text === undefined) return undefined
  const [quota, period] = text.split(/\s+/)
  return quota === 'max' ? null : Number(quota) / Number(period ?? CPU_MAX_PERIOD_US)
}

/** The `+controller` line for the children of a group that has `available`: the needed ones, and cpu where it has it. */
export function subtreeLine(available: string[]): string {
  return [...NEEDED, ...OPTIONAL.filter((c) => available.includes(c))].map((c) => `+${c}`).join(' ')
}

/** The controllers a v2 group has (its cgroup.controllers). */
export const controllersOf = (dir: string): string[] => words(join(dir, 'cgroup.controllers'))

/**
 * One limit file as the kernel holds it: a number, `null` for `max` (no limit), undefined when the
 * file is absent (no such controller or accounting).
 */
export async function readLimit(file: string): Promise<number | null | undefined> {
  let text: string
  try {
    text = (await readFile(file, 'utf8')).trim()
  } catch {
    return undefined
  }
  if (text === 'max') return null
  const value = Number(text)
  // v1 writes "no limit" as the largest page-aligned 64-bit value (9223372036854771712).
  return Number.isFinite(value) && value < 2 ** 62 ? value : null
}
