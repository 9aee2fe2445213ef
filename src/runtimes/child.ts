/**
 * A child process that runs a workload behind the bootstrap protocol over stdio (channel.ts):
 * the process and deno runtimes. Start = spawn (until the OS reports the child started) → ready
 * (the bootstrap loaded the workload and said so on stdout). The first response is timed by the
 * scheduler. Memory = RSS/PSS of the child's process tree, plus the heap its runtime reports.
 *
 * Every child is sandboxed the same way (`childSandbox`, also used by workerd): a cgroup of its
 * own with the instance's pids and memory limits, like a container's, and stop kills everything
 * in it. execa's own set-up is on the cold start's critical path: about 1 ms more than a bare
 * child_process.spawn here (2.1 vs 1.15 ms median, n=25; 25.0 vs 23.9 ms to the first output), so
 * its options are the lean ones (no encoding or line handling, no buffering). `npm run bench`
 * reports the harness against a raw spawn (`overhead process`).
 */
import type { ChildProcess } from 'node:child_process'
import { cpus } from 'node:os'
import { execa } from 'execa'
import { bootstrapUsage, openChannel, readyWithin, tailOf, withTimeout } from './channel.js'
import { createChildCgroup } from './cgroup.js'
import { instanceMemoryBytes, instancePidsLimit } from './hardening.js'
import { processTree, sigkill, sumProcessMemory } from '../measure/proc.js'
import type { Instance, RunContext } from './types.js'

/** How to start one bootstrap child. */
export interface BootstrapCommand {
  /** The executable (node, deno). */
  file: string
  args: string[]
  /** The child's whole environment (never the host's, unless the run relaxed `env`). */
  env: Record<string, string>
  /** Written to the child's stdin before any request (deno gets the workload source this way). */
  preamble?: string
  /** Threads the runtime itself needs beyond the workload's pids limit (its own thread pools). */
  pidsHeadroom?: number
}

/**
 * Pids headroom for a runtime whose own thread pools grow with the cores (deno, workerd: 6 threads
 * on 2 cores here), so that the workload's pids limit means the same as for node.
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

/** Creates the sandbox of one child of this run, before it is spawned (part of what a hardened start costs). */
export async function childSandbox(ctx: RunContext, pidsHeadroom = 0): Promise<ChildSandbox> {
  const pidsMax = instancePidsLimit(ctx.limits)
  const cgroup = await createChildCgroup(`isobench-${ctx.runId}-${++childSerial}`, {
    pidsMax: pidsMax === undefined ? undefined : pidsMax + pidsHeadroom,
    memoryBytes: instanceMemoryBytes(ctx.limits),
  })
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

/** Spawns the child in its sandbox and resolves with a live instance once the bootstrap is ready. */
export async function startBootstrapChild(command: BootstrapCommand, ctx: RunContext): Promise<Instance> {
  const t0 = ctx.now()
  const sandbox = await childSandbox(ctx, command.pidsHeadroom)
  const child = execa(command.file, command.args, {
    env: command.env,
    extendEnv: false,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    encoding: 'buffer',
    stripFinalNewline: false,
    buffer: false,
    reject: false,
    cleanup: true, // killed if the harness exits without stopping it
    forceKillAfterDelay: false,
  })
  child.stdin.on('error', () => {}) // EPIPE when the child died: the channel reports it
  const stderrTail = tailOf(child.stderr)
  // Closed when the process is gone (not when its stdout ends), with how it ended.
  const channel = openChannel(child.stdout, child.stdin, stderrTail, { closeOnEnd: false })
  let stopped = false
  const exited = new Promise<void>((resolve) => {
    const done = (why: string) => {
      channel.close(why)
      resolve()
    }
    child.once('close', async (code, signal) => {
      const oom = !stopped && signal === 'SIGKILL' ? await sandbox.oomNote() : ''
      done(`the process exited (${signal ?? `code ${code}`}${oom})`)
    })
    child.once('error', (error) => done(`the process could not run (${error.message})`))
  })
  const stop = async () => {
    if (stopped) return
    stopped = true
    await sandbox.killAll(child.pid)
    child.kill('SIGKILL')
    await exited
    await sandbox.release()
  }
  try {
    if (command.preamble !== undefined) child.stdin.write(command.preamble)
    const pid = await spawned(child, ctx.limits.timeoutMs, 'the process')
    await sandbox.hold(pid)
    const tSpawn = ctx.now()
    await readyWithin(channel, ctx.limits.timeoutMs)
    const tReady = ctx.now()
    return {
      startPhases: [
        { name: 'spawn', ms: tSpawn - t0 },
        { name: 'ready', ms: tReady - tSpawn },
      ],
      invoke: (input) => channel.request('invoke', input, ctx.limits.timeoutMs),
      async memory() {
        const summed = await sumProcessMemory(await processTree(pid))
        const usage = await bootstrapUsage(channel, ctx.limits.timeoutMs)
        return { ...summed, heapBytes: usage.heapUsed, externalBytes: usage.external }
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
