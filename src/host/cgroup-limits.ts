/**
 * A cgroup of its own for each child process (the process runtime's sandbox, as a container has
 * one): a pids limit stops a fork bomb, a memory limit stops what the heap cap does not cover
 * (buffers, native memory, children). cgroup v1 only, created under the harness's own cgroups so
 * every limit above still applies; where that is not writable (not root, cgroup v2) there is none,
 * and the result says so.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { mkdir, readdir, readFile, rmdir } from 'node:fs/promises'
import { join } from 'node:path'
import { sigkill } from './proc.js'

const ROOT = '/sys/fs/cgroup'

/** The limits of one instance's cgroup. */
export interface CgroupLimits {
  /** undefined: no limit (relaxed), the group still holds the tree for killing. */
  pidsMax: number | undefined
  memoryBytes: number | undefined
}

/** One instance's cgroup: add its process, kill everything in it, remove it. */
export interface ChildCgroup {
  add(pid: number): Promise<void>
  /** SIGKILLs every process in the group until it is empty (bounded). */
  kill(): Promise<void>
  /** Removes the group (after its processes were reaped); never rejects. */
  remove(): Promise<void>
  /** How many processes the kernel killed for the memory limit (0 when unknown). */
  oomKills(): Promise<number>
}

/** The harness's own path in a v1 hierarchy (`/` or deeper), from /proc/self/cgroup. */
function ownPath(controller: string): string | undefined {
  try {
    for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
      const [, controllers, path] = line.split(':')
      if (controllers?.split(',').includes(controller)) return path
    }
  } catch {
    // no /proc
  }
  return undefined
}

/** Why child cgroups cannot be made here, or undefined when they can (checked once). */
let unavailable: Promise<string | undefined> | undefined
export function childCgroupsUnavailable(): Promise<string | undefined> {
  unavailable ??= (async () => {
    const paths = ['pids', 'memory'].map((c) => [c, ownPath(c)] as const)
    if (paths.some(([, path]) => path === undefined)) return 'no cgroup v1 pids and memory hierarchies'
    const probe = `isobench-probe-${process.pid}`
    try {
      for (const [controller, path] of paths) {
        await mkdir(join(ROOT, controller, path!, probe))
        await rmdir(join(ROOT, controller, path!, probe))
      }
      return undefined
    } catch (error) {
      return `cannot create cgroups (${(error as NodeJS.ErrnoException).code ?? String(error)}; needs root)`
    }
  })()
  return unavailable
}

/** Creates the cgroup `name` with the limits; undefined when cgroups are unavailable here. */
export async function createChildCgroup(name: string, limits: CgroupLimits): Promise<ChildCgroup | undefined> {
  if (await childCgroupsUnavailable()) return undefined
  const pidsDir = join(ROOT, 'pids', ownPath('pids')!, name)
  const memoryDir = join(ROOT, 'memory', ownPath('memory')!, name)
  const group = { pidsDir, memoryDir }
  // Synchronous (cgroupfs answers at once): an exit can never land between a mkdir in the thread
  // pool and its tracking, so the exit hook always knows every group that exists.
  trackGroup(group)
  try {
    mkdirSync(pidsDir)
    mkdirSync(memoryDir)
    if (limits.pidsMax !== undefined) writeFileSync(join(pidsDir, 'pids.max'), String(limits.pidsMax))
    if (limits.memoryBytes !== undefined) {
      writeFileSync(join(memoryDir, 'memory.limit_in_bytes'), String(limits.memoryBytes))
      // As for the container (Memory == MemorySwap): no swap beyond the limit, where swap is accounted.
      try {
        writeFileSync(join(memoryDir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes))
      } catch {
        // no swap accounting on this kernel
      }
    }
  } catch (error) {
    await removeGroup(group)
    throw error
  }
  return {
    async add(pid) {
      // Synchronous for the same reason as the mkdir: no write may land after the exit hook ran.
      writeFileSync(join(pidsDir, 'cgroup.procs'), String(pid))
      writeFileSync(join(memoryDir, 'cgroup.procs'), String(pid))
    },
    kill: () => killMembers(pidsDir),
    async oomKills() {
      const text = await readFile(join(memoryDir, 'memory.oom_control'), 'utf8').catch(() => '')
      return Number(/^oom_kill (\d+)/m.exec(text)?.[1] ?? 0)
    },
    remove: () => removeGroup(group),
  }
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

type Group = { pidsDir: string; memoryDir: string }

/** Groups not removed yet: an exit in the middle of a start or a stop still removes them. */
const liveGroups = new Set<Group>()
let exitHooked = false

function trackGroup(group: Group): void {
  if (!exitHooked) {
    exitHooked = true
    process.once('exit', removeGroupsSync)
  }
  liveGroups.add(group)
}

/** At exit (no more awaiting): SIGKILL each group's members, wait briefly until gone, rmdir. */
function removeGroupsSync(): void {
  for (const group of liveGroups) {
    const deadline = Date.now() + 1000
    let left = [group.pidsDir, group.memoryDir]
    while (left.length > 0 && Date.now() < deadline) {
      let pids: string[] = []
      try {
        pids = readFileSync(join(group.pidsDir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)
      } catch {
        // gone
      }
      for (const pid of pids) sigkill(Number(pid))
      left = left.filter((dir) => {
        try {
          rmdirSync(dir)
          return false
        } catch (error) {
          return (error as NodeJS.ErrnoException).code !== 'ENOENT' // EBUSY: a member is still dying
        }
      })
    }
  }
  liveGroups.clear()
}

/** rmdir of both hierarchies' groups; EBUSY until the last member is reaped, so retried. */
async function removeGroup(group: Group): Promise<void> {
  for (const dir of [group.pidsDir, group.memoryDir]) {
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
  liveGroups.delete(group)
}

/** Removes the groups of a killed run (`isobench-<runId>-*`, or every isobench group); returns how many. */
export async function removeRunCgroups(runId?: string): Promise<number> {
  if (await childCgroupsUnavailable()) return 0
  const prefix = runId ? `isobench-${runId}-` : 'isobench-'
  const pidsParent = join(ROOT, 'pids', ownPath('pids')!)
  const memoryParent = join(ROOT, 'memory', ownPath('memory')!)
  const names = new Set<string>()
  for (const parent of [pidsParent, memoryParent]) {
    for (const entry of await readdir(parent, { withFileTypes: true }).catch(() => [])) {
      if (entry.isDirectory() && entry.name.startsWith(prefix) && !entry.name.startsWith('isobench-probe-')) names.add(entry.name)
    }
  }
  for (const name of names) {
    await killMembers(join(pidsParent, name))
    await removeGroup({ pidsDir: join(pidsParent, name), memoryDir: join(memoryParent, name) })
  }
  return names.size
}
