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
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { CgroupLayout, CgroupLimits, LimitsReadBack } from './cgroup-limits.js'

/** The controllers every child group needs. */
const NEEDED = ['memory', 'pids'] as const

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

/** The v2 layout at `place`; `ensure()` makes the subtree (idempotent) and throws with why it cannot. */
export function v2Layout(place: V2Place): CgroupLayout {
  const parent = subtreeParent(place)
  const subtree = join(parent, `isobench-h${place.pid}`)
  let made = false
  return {
    version: 'v2',
    subtree,
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
      if (place.ownPath === '/') writeFileSync(join(place.mount, 'cgroup.subtree_control'), NEEDED.map((c) => `+${c}`).join(' '))
      try {
        mkdirSync(subtree)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      // The subtree holds no process, so it may enable the controllers for its children.
      writeFileSync(join(subtree, 'cgroup.subtree_control'), NEEDED.map((c) => `+${c}`).join(' '))
      made = true
    },
    groupDirs: (name) => [join(subtree, name)],
    writeLimits([dir], limits: CgroupLimits) {
      if (limits.pidsMax !== undefined) writeFileSync(join(dir!, 'pids.max'), String(limits.pidsMax))
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
}

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
