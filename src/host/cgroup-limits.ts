/**
 * A cgroup of its own for each child process (the process runtime's sandbox, as a container has
 * one): a pids limit stops a fork bomb, a memory limit stops what the heap cap does not cover
 * (buffers, native memory, children). cgroup v1 (cgroup-v1.ts: under the harness's own cgroups) or
 * v2 (cgroup-v2.ts: a subtree beside the harness's cgroup, with memory and pids enabled). What the
 * kernel holds after the limits were written is read back (`readBackLimits`) and recorded; where no
 * group can be made (not root, controllers absent) there is none, and the result says why.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { readdir, readFile, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import { v1Layout } from './cgroup-v1.js'
import { cgroup2Mount, cgroup2OwnPath, sweepGoneSubtrees, v2Layout } from './cgroup-v2.js'
import { sigkill } from './proc.js'

/** The limits of one instance's cgroup. */
export interface CgroupLimits {
  /** undefined: no limit (relaxed), the group still holds the tree for killing. */
  pidsMax: number | undefined
  memoryBytes: number | undefined
  /** CPU quota in cores; 0 or absent: none. */
  cpus?: number
  /** A budget group (cgroup-budget.ts) to make this group in, at the hierarchy's root; absent: under the harness's own. */
  parent?: string
  /** Make no group (the `cgroup` hardening relaxed): createChildCgroup gives none. */
  noGroup?: boolean
}

/** What the kernel holds for a group: a number, null for no limit (`max`), undefined when the file is absent. */
export interface LimitsReadBack {
  version: 'v1' | 'v2'
  pidsMax: number | null | undefined
  memoryMaxBytes: number | null | undefined
  /** Swap allowed beyond memoryMaxBytes (v1: memsw − memory; v2: memory.swap.max). */
  swapMaxBytes: number | null | undefined
  /** CPU quota in cores (v1 cfs quota ÷ period, v2 cpu.max); null: none; undefined where not read (no cpu controller). */
  cpus?: number | null
}

/** The limits in force for a child, read back, or why there are none. */
export type LimitsInForce = ({ applied: true } & LimitsReadBack) | { applied: false; reason: string }

/** How one cgroup version lays a group out on disk (cgroup-v1.ts, cgroup-v2.ts). */
export interface CgroupLayout {
  version: 'v1' | 'v2'
  /** v2: the subtree this process makes beside its own cgroup, holding every group. */
  subtree?: string
  /** v2: the hierarchy's mount point (a budget group's path is relative to it). */
  mount?: string
  /** Makes what every group needs (v2: the subtree); throws with why it cannot. Idempotent. */
  ensure(): void
  /** The directories groups are made in (v2: every isobench subtree, so `clean` finds a killed run's). */
  parents(): string[]
  /** The directories one group spans (v1: one per controller; v2: one), in `parent` (a budget group) when given; the first lists its members. */
  groupDirs(name: string, parent?: string): string[]
  writeLimits(dirs: string[], limits: CgroupLimits): void
  readLimits(dirs: string[]): Promise<LimitsReadBack>
  oomKills(dirs: string[]): Promise<number>
  /** Kills every member at once where the kernel can (v2 cgroup.kill). */
  killAll?(dirs: string[]): void
}

/** One instance's cgroup: add its process, kill everything in it, remove it. */
export interface ChildCgroup {
  /** Its directories (v1: one per controller; v2: one): a process joins by writing its pid to each one's cgroup.procs. */
  readonly dirs: readonly string[]
  add(pid: number): Promise<void>
  /** SIGKILLs every process in the group until it is empty (bounded). */
  kill(): Promise<void>
  /** Removes the group (after its processes were reaped); never rejects. */
  remove(): Promise<void>
  /** How many processes the kernel killed for the memory limit (0 when unknown). */
  oomKills(): Promise<number>
  /** What the kernel holds for this group. */
  readBack(): Promise<LimitsReadBack>
}

/** A cgroup file's text, '' when it cannot be read (the group or the controller is absent). */
export const read = (file: string): string => {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

/**
 * The layout for this host: v1 where the pids and memory controllers are on v1 hierarchies (v1 or
 * hybrid), else v2 where a cgroup2 file system is mounted; otherwise why there is none. Pure.
 */
export function selectLayout(procSelfCgroup: string, mounts: string, pid: number, v1Root = '/sys/fs/cgroup'): CgroupLayout | string {
  const v1 = v1Layout(procSelfCgroup, v1Root)
  if (v1) return v1
  const mount = cgroup2Mount(mounts)
  const ownPath = cgroup2OwnPath(procSelfCgroup)
  if (mount && ownPath) return v2Layout({ mount, ownPath, pid })
  return 'neither cgroup v1 pids and memory hierarchies nor a cgroup v2 mount'
}

let hostLayout: CgroupLayout | string | undefined
export const layoutHere = (): CgroupLayout | string => (hostLayout ??= selectLayout(read('/proc/self/cgroup'), read('/proc/self/mounts'), process.pid))

let probeSerial = 0
/** Why child cgroups cannot be made here, or undefined when they can (checked once). */
let unavailable: Promise<string | undefined> | undefined
export function childCgroupsUnavailable(): Promise<string | undefined> {
  unavailable ??= (async () => {
    const layout = layoutHere()
    if (typeof layout === 'string') return layout
    try {
      trackLayout(layout)
      layout.ensure()
      const dirs = layout.groupDirs(`isobench-probe-${process.pid}-${++probeSerial}`)
      for (const dir of dirs) mkdirSync(dir)
      for (const dir of dirs) rmdirSync(dir)
      return undefined
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      return code ? `cannot create cgroup ${layout.version} groups (${code}; needs root or a delegated cgroup)` : (error as Error).message
    }
  })()
  return unavailable
}

/** Makes a probe group with `limits`, reads back what the kernel holds, removes it: what a child would get. */
export async function readBackLimits(limits: CgroupLimits): Promise<LimitsInForce> {
  if (limits.noGroup) return { applied: false, reason: 'relaxed (--relax cgroup): child processes get no cgroup of their own' }
  const reason = await childCgroupsUnavailable()
  if (reason) return { applied: false, reason }
  try {
    const group = await createChildCgroup(`isobench-probe-${process.pid}-${++probeSerial}`, limits)
    try {
      return { applied: true, ...(await group!.readBack()) }
    } finally {
      await group!.remove()
    }
  } catch (error) {
    return { applied: false, reason: `cannot write the limits (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }
  }
}

/** Creates the cgroup `name` with the limits; undefined when cgroups are unavailable here or the group is relaxed (noGroup). */
export async function createChildCgroup(name: string, limits: CgroupLimits): Promise<ChildCgroup | undefined> {
  if (limits.noGroup || (await childCgroupsUnavailable())) return undefined
  const layout = layoutHere() as CgroupLayout
  const dirs = layout.groupDirs(name, limits.parent)
  // Synchronous (cgroupfs answers at once): an exit can never land between a mkdir in the thread
  // pool and its tracking, so the exit hook always knows every group that exists.
  trackGroup(dirs)
  try {
    for (const dir of dirs) mkdirSync(dir)
    layout.writeLimits(dirs, limits)
  } catch (error) {
    await removeGroup(dirs)
    throw error
  }
  return {
    dirs,
    async add(pid) {
      // Synchronous for the same reason as the mkdir: no write may land after the exit hook ran.
      for (const dir of dirs) writeProcs(dir, pid)
    },
    async kill() {
      layout.killAll?.(dirs)
      await killMembers(dirs[0]!)
    },
    oomKills: () => layout.oomKills(dirs),
    readBack: () => layout.readLimits(dirs),
    remove: () => removeGroup(dirs),
  }
}

/** A plain write of the pid moves the process and its threads (cgroup.procs, both versions). */
function writeProcs(dir: string, pid: number): void {
  writeFileSync(join(dir, 'cgroup.procs'), String(pid))
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** SIGKILLs the processes listed in a group until it is empty (a fork bomb refills it). */
async function killMembers(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const pids = (await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean)
    if (pids.length === 0) return
    for (const pid of pids) sigkill(Number(pid))
    await pause(10)
  }
}

/** Groups not removed yet (each as its directories): an exit in the middle of a start or a stop still removes them. */
const liveGroups = new Set<string[]>()
/** The layouts whose subtree (v2) this process made: removed at exit, after the groups. */
const layouts = new Set<CgroupLayout>()
let exitHooked = false

function hookExit(): void {
  if (exitHooked) return
  exitHooked = true
  process.once('exit', removeGroupsSync)
}

function trackGroup(dirs: string[]): void {
  hookExit()
  liveGroups.add(dirs)
}

function trackLayout(layout: CgroupLayout): void {
  hookExit()
  layouts.add(layout)
}

/** rmdir that says whether the directory is gone (EBUSY: a member is still dying; ENOTEMPTY: a child group). */
function rmdirGone(dir: string): boolean {
  try {
    rmdirSync(dir)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
  }
}

/** At exit (no more awaiting): SIGKILL each group's members, wait briefly until gone, rmdir; then the v2 subtree. */
function removeGroupsSync(): void {
  for (const dirs of liveGroups) {
    const deadline = Date.now() + 1000
    let left = dirs
    while (left.length > 0 && Date.now() < deadline) {
      for (const pid of read(join(dirs[0]!, 'cgroup.procs')).split('\n').filter(Boolean)) sigkill(Number(pid))
      left = left.filter((dir) => !rmdirGone(dir))
    }
  }
  liveGroups.clear()
  for (const layout of layouts) if (layout.subtree) rmdirGone(layout.subtree)
}

/** rmdir of a group's directories; EBUSY until the last member is reaped, so retried. */
async function removeGroup(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await rmdir(dir)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') break
        await killMembers(dir)
        await pause(10)
      }
    }
  }
  liveGroups.delete(dirs)
}

/**
 * Removes the groups of a killed run (`isobench-<runId>-*`, or every isobench group); returns how
 * many. On v2 it also removes the subtree of a harness that is gone (`isobench-h<pid>`).
 */
export async function removeRunCgroups(runId?: string): Promise<number> {
  if (await childCgroupsUnavailable()) return 0
  const layout = layoutHere() as CgroupLayout
  const prefix = runId ? `isobench-${runId}-` : 'isobench-'
  const parents = layout.parents()
  const names = new Set<string>()
  for (const parent of parents) {
    for (const entry of await readdir(parent, { withFileTypes: true }).catch(() => [])) {
      // budget groups (cgroup-budget.ts) sit at the same roots on v1; they are removed after the containers in them
      if (entry.isDirectory() && entry.name.startsWith(prefix) && !entry.name.startsWith('isobench-probe-') && !entry.name.includes('-budget-')) names.add(`${parent}\0${entry.name}`)
    }
  }
  const groups = layout.version === 'v1'
    ? [...new Set([...names].map((key) => key.split('\0')[1]!))].map((name) => layout.groupDirs(name))
    : [...names].map((key) => [key.replace('\0', '/')])
  for (const dirs of groups) {
    await killMembers(dirs[0]!)
    await removeGroup(dirs)
  }
  if (layout.version === 'v2') sweepGoneSubtrees(parents, process.pid)
  return groups.length
}
