/**
 * The hardened start of any child process (bootstrap children, workerd): a cgroup of its own with
 * the instance's pids and memory limits, like a container's (cgroup-limits.ts), the wait for the
 * OS to report it started, and how to end everything it forked.
 */
import type { ChildProcess } from 'node:child_process'
import { cpus } from 'node:os'
import { createChildCgroup, type CgroupLimits } from './cgroup-limits.js'
import { processTree, sigkill } from './proc.js'
import { withTimeout } from './timeout.js'

/**
 * Pids headroom for a runtime whose own thread pools grow with the cores (deno, workerd), so that
 * the workload's pids limit means the same as for node.
 */
export function runtimeThreadsHeadroom(cpuCount = cpus().length): number {
  return 2 * cpuCount
}

/** SIGKILLs a process and its descendants (where no cgroup holds them). */
async function killTree(pid: number): Promise<void> {
  for (const member of (await processTree(pid)).reverse()) sigkill(member)
}

/** Numbers every child's cgroup across all runtimes of this harness (a `process+pool` row wraps a second process runtime). */
let childSerial = 0

/** One child's sandbox: its cgroup (where cgroups can be made here) and how to end its whole tree. */
export interface ChildSandbox {
  /** Moves the spawned child into the cgroup (its later children follow). */
  hold(pid: number): Promise<void>
  /** SIGKILLs the child and everything it forked. */
  killAll(pid: number | undefined): Promise<void>
  /** Removes the cgroup once the child was reaped; never rejects. */
  release(): Promise<void>
  /** `, out of memory: …` when the kernel killed the group for its memory limit, else ''. */
  oomNote(): Promise<string>
}

/** Resolves with the child's pid once the OS started it (rejects with why it could not, or at the timeout). */
export async function spawned(child: Pick<ChildProcess, 'once' | 'pid'>, timeoutMs: number, what: string): Promise<number> {
  await withTimeout(new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve)
    child.once('error', reject)
  }), timeoutMs, `${what} did not spawn (timeout)`)
  return child.pid!
}

/** Creates the sandbox of one child of run `runId`, before it is spawned (part of what a hardened start costs). */
export async function childSandbox(runId: string, limits: CgroupLimits): Promise<ChildSandbox> {
  const cgroup = await createChildCgroup(`isobench-${runId}-${++childSerial}`, limits)
  return {
    hold: async (pid) => cgroup?.add(pid),
    async killAll(pid) {
      if (cgroup) await cgroup.kill()
      else if (pid !== undefined) await killTree(pid)
    },
    release: async () => cgroup?.remove(),
    oomNote: async () => ((await cgroup?.oomKills()) ? ', out of memory: the cgroup memory limit' : ''),
  }
}
