/**
 * A shared budget group: one cgroup that holds a victim and its neighbours (noisy-neighbour), sized
 * like a small host (memory, CPU quota), so that a neighbour without limits of its own takes memory
 * or CPU time the victim needs. cgroup v1 only (this machine's): the group is `/<name>` at the root of each hierarchy, as
 * docker's own `/docker`, so child groups (cgroup-v1.ts, `parent`) and containers (HostConfig
 * CgroupParent with the cgroupfs driver) nest in the same directory. runc makes the group in every
 * hierarchy it joins; removal therefore walks every v1 hierarchy mounted here. Reference: kernel
 * Documentation/admin-guide/cgroup-v1/memory.rst (hierarchical accounting, the group's OOM killer),
 * scheduler/sched-bwc.rst (a parent's quota bounds its children together).
 */
import { mkdirSync, rmdirSync, writeFileSync } from 'node:fs'
import { readdir, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import { childCgroupsUnavailable, read } from './cgroup-limits.js'

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

/**
 * Makes the budget group `name` with a memory limit (and no swap beyond it) and a CPU quota, or says
 * why it cannot be made here (cgroup v2, not root).
 */
export async function createBudgetGroup(name: string, budget: Budget): Promise<BudgetGroup | string> {
  const reason = await childCgroupsUnavailable()
  if (reason) return reason
  const hierarchies = hierarchyMounts(read('/proc/self/mounts'))
  const memoryRoot = hierarchies.find((dir) => dir.endsWith('/memory'))
  if (!memoryRoot) return 'a shared budget needs the cgroup v1 memory hierarchy (not implemented on cgroup v2)'
  if (!hooked) {
    hooked = true
    process.once('exit', () => {
      for (const group of live) rmdirEverywhere(group)
    })
  }
  const dir = join(memoryRoot, name)
  live.add(name)
  try {
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
    return { name, memoryMaxBytes: budget.memoryMb ? memoryMax : null, cpus: quota > 0 ? quota / CFS_PERIOD_US : null, remove: () => removeBudget(name) }
  } catch (error) {
    await removeBudget(name)
    return `cannot make the budget group (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`
  }
}

/** Removes the budget groups of a killed run (`isobench-<runId>-budget-*`, or every isobench one); returns how many. */
export async function removeRunBudgets(runId?: string): Promise<number> {
  const prefix = runId ? `isobench-${runId}-budget-` : 'isobench-'
  const names = new Set<string>()
  for (const hierarchy of hierarchyMounts(read('/proc/self/mounts'))) {
    for (const entry of await readdir(hierarchy, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory() && entry.name.startsWith(prefix) && entry.name.includes('-budget-')) names.add(entry.name)
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
