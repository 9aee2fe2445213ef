/**
 * A child process that runs a workload behind the bootstrap protocol over stdio (channel.ts):
 * the process and deno runtimes. Start = spawn (until the OS reports the child started) → ready
 * (the bootstrap loaded the workload and said so on stdout). The first response is timed by the
 * scheduler. Memory = RSS/PSS of the child's process tree, plus the heap its runtime reports.
 * execa's options are the lean ones (process.ts says why: its set-up is on the critical path).
 */
import { execa } from 'execa'
import { bootstrapUsage, openChannel, readyWithin, tailOf, withTimeout } from './channel.js'
import { WORKLOAD_ENV } from './node-env.js'
import { processTree, sumProcessMemory } from '../measure/proc.js'
import type { Instance, RunContext } from './types.js'

/** How to start one bootstrap child. */
export interface BootstrapCommand {
  /** The executable (node, deno). */
  file: string
  args: string[]
  /** Written to the child's stdin before any request (deno gets the workload source this way). */
  preamble?: string
  /** Extra variables on top of WORKLOAD_ENV (never the host's environment). */
  env?: Record<string, string>
}

/** Spawns the child and resolves with a live instance once the bootstrap is ready. */
export async function startBootstrapChild(command: BootstrapCommand, ctx: RunContext): Promise<Instance> {
  const t0 = ctx.now()
  const child = execa(command.file, command.args, {
    env: { ...WORKLOAD_ENV, ...command.env },
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
  const channel = openChannel(child.stdout, child.stdin, stderrTail)
  const exited = new Promise<void>((resolve) => {
    const done = (why: string) => {
      channel.close(why)
      resolve()
    }
    child.once('close', (code, signal) => done(`the process exited (${signal ?? `code ${code}`})`))
    child.once('error', (error) => done(`the process could not run (${error.message})`))
  })
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    child.kill('SIGKILL')
    await exited
  }
  try {
    if (command.preamble !== undefined) child.stdin.write(command.preamble)
    await withTimeout(new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve)
      child.once('error', reject)
    }), ctx.limits.timeoutMs, 'the process did not spawn (timeout)')
    const tSpawn = ctx.now()
    await readyWithin(channel, ctx.limits.timeoutMs)
    const tReady = ctx.now()
    const pid = child.pid!
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
