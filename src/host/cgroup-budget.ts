/**
 * A shared budget group: one cgroup that holds a victim and its neighbours (noisy-neighbour), sized
 * like a small host (memory, CPU quota), so that a neighbour without limits of its own takes memory
 * or CPU time the victim needs. Its name (Limits.budgetGroup) is its path from the hierarchy's root,
 * which is what child groups (`parent`) and containers (HostConfig CgroupParent with the cgroupfs
 * driver) take.
 * - cgroup v1: `/<name>` at the root of each hierarchy, as docker's own `/docker`. runc makes the
 *   group in every hierarchy it joins; removal therefore walks every hierarchy mounted here.
 * - cgroup v2: `<subtree>/<name>` in isobench's subtree beside the harness (cgroup-v2.ts: no
 *   internal processes), with memory, pids and (where delegated) cpu enabled for its members.
 * Reference: kernel Documentation/admin-guide/cgroup-v1/memory.rst (hierarchical accounting, the
 * group's OOM killer), scheduler/sched-bwc.rst (a parent's quota bounds its children together),
 * cgroup-v2.rst (memory.max, cpu.max, cgroup.subtree_control).
 */
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { readdir, rmdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { childCgroupsUnavailable, layoutHere, read, type CgroupLayout } from './cgroup-limits.js'
import { controllersOf, cpuMax, readCpuMax, readLimit, subtreeLine } from './cgroup-v2.js'

/** What a budget holds: memory in MiB and CPU in cores; absent: unbounded. */
export interface Budget {
  memoryMb?: number
  cpus?: number
}

/** A budget group in force: its name (for Limits.budgetGroup) and what the kernel holds. */
export interface BudgetGroup {
  name: string
  /** null: unbounded. */
  memoryMaxBytes: number | null
  /** CPU quota in cores; null: unbounded. */
  cpus: number | null
  /** Removes the group from every hierarchy, once its members are gone; never rejects. */
  remove(): Promise<void>
}

/**
 * The hierarchy mount points in a /proc/self/mounts text: every v1 one (`/sys/fs/cgroup/memory`, …)
 * and the hybrid's cgroup2 (`/sys/fs/cgroup/unified`), where runc makes the group too. Pure.
 */
export function hierarchyMounts(mounts: string): string[] {
  return mounts.split('\n').flatMap((line) => {
    const [, dir, type] = line.split(' ')
    return (type === 'cgroup' || type === 'cgroup2') && dir ? [dir] : []
  })
}

const CFS_PERIOD_US = 100_000

function writeMemory(dir: string, bytes: number): void {
  writeFileSync(join(dir, 'memory.limit_in_bytes'), String(bytes))
  try {
    writeFileSync(join(dir, 'memory.memsw.limit_in_bytes'), String(bytes))
  } catch {
    // no swap accounting on this kernel
  }
}

/** Budget groups not removed yet: the exit hook removes them (after the child groups: it is registered later). */
const live = new Set<string>()
let hooked = false

function rmdirEverywhere(name: string): boolean {
  let gone = true
  for (const hierarchy of hierarchyMounts(read('/proc/self/mounts'))) {
    try {
      rmdirSync(join(hierarchy, name))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') gone = false
    }
  }
  return gone
}

async function removeBudget(name: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (rmdirEverywhere(name)) break
    // EBUSY: a container's group is still being torn down by runc
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  live.delete(name)
}

/** What a budget group holds, read back from the kernel; its path from the hierarchy's root. */
type Made = Omit<BudgetGroup, 'remove'>

/** v1: the group at the root of the pids, memory and cpu hierarchies (`hierarchies`: the mount points). */
function makeV1Budget(hierarchies: string[], name: string, budget: Budget): Made {
  const memoryRoot = hierarchies.find((dir) => dir.endsWith('/memory'))
  if (!memoryRoot) throw new Error('a shared budget needs the cgroup v1 memory hierarchy')
  const dir = join(memoryRoot, name)
  // The child groups of process, deno and workerd nest in these three (cgroup-v1.ts); runc makes the rest.
  for (const hierarchy of hierarchies.filter((h) => /\/(pids|memory|cpu)$/.test(h))) mkdirSync(join(hierarchy, name))
  if (budget.memoryMb) writeMemory(dir, budget.memoryMb * 1024 * 1024)
  const cpuDir = hierarchies.find((h) => h.endsWith('/cpu'))
  if (budget.cpus && !cpuDir) throw new Error('a CPU budget needs the cgroup v1 cpu hierarchy')
  if (budget.cpus && cpuDir) {
    writeFileSync(join(cpuDir, name, 'cpu.cfs_period_us'), String(CFS_PERIOD_US))
    writeFileSync(join(cpuDir, name, 'cpu.cfs_quota_us'), String(Math.round(budget.cpus * CFS_PERIOD_US)))
  }
  const memoryMax = Number(read(join(dir, 'memory.limit_in_bytes')).trim())
  const quota = cpuDir ? Number(read(join(cpuDir, name, 'cpu.cfs_quota_us')).trim()) : -1
  return { name, memoryMaxBytes: budget.memoryMb ? memoryMax : null, cpus: quota > 0 ? quota / CFS_PERIOD_US : null }
}

/**
 * v2: the group `name` in the layout's subtree, its members' controllers enabled, memory.max (no
 * swap beyond it) and cpu.max written and read back; its name becomes its path from the mount.
 */
export async function makeV2Budget(layout: Pick<CgroupLayout, 'ensure' | 'subtree' | 'mount'>, name: string, budget: Budget): Promise<Made> {
  layout.ensure()
  const dir = join(layout.subtree!, name)
  if (budget.cpus && !controllersOf(layout.subtree!).includes('cpu')) throw new Error(`a CPU budget needs the cpu controller, which is not delegated to ${layout.subtree}`)
  mkdirSync(dir)
  // The group holds no process itself, so it hands its controllers (the subtree's) to its members.
  writeFileSync(join(dir, 'cgroup.subtree_control'), subtreeLine(controllersOf(layout.subtree!)))
  if (budget.memoryMb) {
    writeFileSync(join(dir, 'memory.max'), String(budget.memoryMb * 1024 * 1024))
    try {
      writeFileSync(join(dir, 'memory.swap.max'), '0')
    } catch {
      // no swap accounting
    }
  }
  if (budget.cpus) writeFileSync(join(dir, 'cpu.max'), cpuMax(budget.cpus))
  const memoryMax = await readLimit(join(dir, 'memory.max'))
  const cpus = await readCpuMax(join(dir, 'cpu.max'))
  return { name: relative(layout.mount!, dir), memoryMaxBytes: budget.memoryMb ? memoryMax ?? null : null, cpus: cpus ?? null }
}

/**
 * Makes the budget group `name` with a memory limit (and no swap beyond it) and a CPU quota, or says
 * why it cannot be made here (no cgroups one can write, a controller not delegated).
 */
export async function createBudgetGroup(name: string, budget: Budget): Promise<BudgetGroup | string> {
  const reason = await childCgroupsUnavailable()
  if (reason) return reason
  const layout = layoutHere() as CgroupLayout
  if (!hooked) {
    hooked = true
    process.once('exit', () => {
      for (const group of live) rmdirEverywhere(group)
    })
  }
  const path = layout.version === 'v2' ? relative(layout.mount!, join(layout.subtree!, name)) : name
  live.add(path)
  try {
    const made = layout.version === 'v2' ? await makeV2Budget(layout, name, budget) : makeV1Budget(hierarchyMounts(read('/proc/self/mounts')), name, budget)
    return { ...made, remove: () => removeBudget(path) }
  } catch (error) {
    await removeBudget(path)
    return `cannot make the budget group (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
  }
}

/** Removes the budget groups of a killed run (`isobench-<runId>-budget-*`, or every isobench one); returns how many. */
export async function removeRunBudgets(runId?: string): Promise<number> {
  const prefix = runId ? `isobench-${runId}-budget-` : 'isobench-'
  const names = new Set<string>()
  const layout = layoutHere()
  // v1: at each hierarchy's root; v2: in the subtree of each harness (isobench-h<pid>), as a path from the mount
  const v2 = typeof layout === 'object' && layout.version === 'v2' ? layout : undefined
  const roots = [...hierarchyMounts(read('/proc/self/mounts')), ...(v2 ? v2.parents() : [])]
  for (const root of roots) {
    for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory() && entry.name.startsWith(prefix) && entry.name.includes('-budget-')) names.add(v2 && root !== v2.mount ? relative(v2.mount!, join(root, entry.name)) : entry.name)
    }
  }
  for (const name of names) {
    for (const hierarchy of hierarchyMounts(read('/proc/self/mounts'))) {
      for (const child of await readdir(join(hierarchy, name), { withFileTypes: true }).catch(() => [])) {
        if (child.isDirectory()) await rmdir(join(hierarchy, name, child.name)).catch(() => {})
      }
    }
    await removeBudget(name)
  }
  return names.size
}
