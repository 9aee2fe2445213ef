/**
 * A child process that runs a workload behind the bootstrap transport (channel.ts): one instance of
 * the process and deno runtimes, requests on stdin, answers on fd 3 (node) or stdout (deno), run
 * as an unprivileged user when the harness is root (hardening.ts: childUser) in that user's own
 * directory. Start = spawn (until the OS reports the child started; it enters its own cgroup before
 * the runtime starts: host/child.ts) → ready (the bootstrap loaded the workload and said so with its nonce). The first response is timed by the caller. Memory = RSS/PSS of the child's process
 * tree, plus the heap its runtime reports. execa's set-up is on the cold start's critical path, so
 * its options are the lean ones (no encoding or line handling, no buffering); `npm run bench`
 * reports the harness against a raw spawn (`overhead process`).
 */
import type { Readable } from 'node:stream'
import { execa } from 'execa'
import { childSandbox, endChild, spawned } from '../../host/child.js'
import { processTree, sumProcessMemory } from '../../host/proc.js'
import { isAccessError, ownedRunDir, refusedToUser, type ChildUser } from '../../host/user.js'
import { childCgroupLimits, childUser } from '../hardening.js'
import { maxOutputOf, type Instance, type RunContext, type SandboxTimes } from '../types.js'
import { reachableArgs } from './reachable.js'
import { bootstrapTimes, bootstrapUsage, openChannel, readyPhases, readyWithin, tailOf, type Hello } from './channel.js'

/** How to start one bootstrap child. */
export interface BootstrapCommand {
  /** The executable (node, deno). */
  file: string
  args: string[]
  /** The child's whole environment (never the host's, unless the run relaxed `env`). */
  env: Record<string, string>
  /** Where the bootstrap answers (fd 3: a pipe of its own; stdout: deno, which has no other fd). */
  channel: Hello['channel']
  /** The workload's source, sent in the hello (the child needs no read access to its file). */
  source: string
  /** The child's working directory, owned by the user it runs as: its name under the run's (ownedRunDir). */
  dirName: string
  /** The clock the bootstrap reads for its timestamps, and what it is, in words. */
  clock: { kind: SandboxTimes['clock']; source: string }
  /** Threads the runtime itself needs beyond the workload's pids limit (its own thread pools). */
  pidsHeadroom?: number
}

/** A spawn refused for want of permission while the child runs as nobody says so, and how to fix it. */
export function explainSpawnError(error: Error, file: string, user: ChildUser | undefined): Error {
  if (!user || !isAccessError(error)) return error
  const { reason, fix } = refusedToUser(user, file)
  return new Error(`${error.message}: ${reason}; ${fix}`)
}

/** Spawns the child in its sandbox and resolves with a live instance once the bootstrap is ready. */
export async function startBootstrapChild(command: BootstrapCommand, ctx: RunContext): Promise<Instance> {
  const user = childUser(ctx.limits)
  const args = reachableArgs(command.args, ctx.runId, user)
  const t0 = ctx.now()
  const sandbox = await childSandbox(ctx.runId, childCgroupLimits(ctx.limits, command.pidsHeadroom))
  const onFd3 = command.channel === 'fd3'
  // Started inside its cgroup (host/child.ts: enterFirst), so node sizes its heap for its limit, not for the host.
  const spawn = sandbox.command({ file: command.file, args, user })
  const child = execa(spawn.file, spawn.args, {
    env: command.env,
    extendEnv: false,
    cwd: ownedRunDir(ctx.runId, command.dirName, user),
    ...spawn.user,
    stdio: ['pipe', onFd3 ? 'ignore' : 'pipe', 'pipe', ...(onFd3 ? ['pipe' as const] : [])],
    encoding: 'buffer',
    stripFinalNewline: false,
    buffer: false,
    reject: false,
    cleanup: true, // killed if the harness exits without stopping it
    forceKillAfterDelay: false,
  })
  child.stdin!.on('error', () => {}) // EPIPE when the child died: the channel reports it
  const stderrTail = tailOf(child.stderr)
  // Closed when the process is gone (not when its stdout ends), with how it ended.
  const output = (onFd3 ? child.stdio[3] : child.stdout) as Readable
  const channel = openChannel(output, child.stdin!, stderrTail, { closeOnEnd: false, maxOutputBytes: maxOutputOf(ctx.limits) })
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
    child.once('error', (error) => done(`the process could not run (${explainSpawnError(error, command.file, user).message})`))
  })
  const stop = async () => {
    if (stopped) return
    stopped = true
    await endChild(sandbox, child, exited)
  }
  try {
    channel.hello({ channel: command.channel, source: command.source })
    const pid = await spawned(child, ctx.limits.timeoutMs, 'the process').catch((error: Error) => Promise.reject(explainSpawnError(error, command.file, user)))
    await sandbox.hold(pid)
    const tSpawn = ctx.now()
    const report = await readyWithin(channel, ctx.limits.timeoutMs)
    const tReady = ctx.now()
    return {
      startPhases: [
        { name: 'spawn', ms: tSpawn - t0 },
        ...readyPhases(tReady - tSpawn, report),
      ],
      invoke: (input, options) => channel.request('invoke', input, ctx.limits.timeoutMs * (options?.repeat ?? 1), options),
      repeats: true,
      sandboxTimes: bootstrapTimes(report, channel, command.clock.kind, command.clock.source),
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
