/**
 * One workerd instance: a `workerd serve` process in its own cgroup (host/child.ts), as nobody when
 * the harness is root (hardening.ts: childUser), serving the
 * workload as a module worker on a loopback port. The clock starts before the config is written
 * and stops when workerd reports its socket listening: config (write the worker and capnp config
 * into a temp dir) → spawn (the OS reports the process started) → listen (workerd compiled the
 * worker and reports its port on the control fd). The first response, timed by the caller, is the
 * first HTTP POST answered, connection set-up included; warm requests reuse a kept-alive connection.
 * An inside-timed request's CPU time (sandbox times' cpuMs) is the workerd process's, read by the
 * harness from its threads' schedstat just before and after the request (host/proc.ts).
 */
import type { ChildProcess } from 'node:child_process'
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { execa } from 'execa'
import { childSandbox, endChild, runtimeThreadsHeadroom, spawned, type ChildSandbox } from '../../host/child.js'
import type { FoundBinary } from '../../host/locate.js'
import { loopbackClient, type LoopbackClient } from '../../host/loopback-http.js'
import { LINE_MARGIN_BYTES } from '../bootstrap/channel.js'
import { processTree, readThreadCpuNs, runMarker, sumProcessMemory, threadCpuDeltaMs } from '../../host/proc.js'
import { withTimeout } from '../../host/timeout.js'
import { tailOf } from '../bootstrap/channel.js'
import { childCgroupLimits, childUser, workloadEnv } from '../hardening.js'
import { maxOutputOf, repeatCount, type Instance, type InvokeOptions, type RunContext, type SandboxTimes, type Workload } from '../types.js'
import { CONFIG_FILE, listenPortOf, REPEAT_HEADER, WORKER_MODULE, workerSource, WORKLOAD_MODULE, workerdConfig } from './config.js'

/** How long a failed request waits to learn whether workerd exited, for the error message. */
const EXIT_GRACE_MS = 200

/** Name prefix of an instance's temp dir: the run id lets cleanup find what a killed run left. */
export const tempPrefix = (runId: string) => `isobench-workerd-${runId}-`

/** Where the instance's files are: a folder named with the run's marker, which the config's path carries into argv (`isobench clean` finds it). */
const homeIn = (dir: string, runId: string) => join(dir, runMarker(runId))

/** Resolves with the port once workerd reports its socket listening; rejects if it exits first. */
function listenPort(control: Readable, exited: Promise<unknown>, stderrTail: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: control })
    lines.on('line', (line) => {
      const port = listenPortOf(line)
      if (port !== undefined) resolve(port)
    })
    void exited.then(() => reject(new Error(`workerd exited before listening: ${stderrTail() || 'no output'}`)))
  })
}

/** A running `workerd serve`: how it ended once it did, and how to end it with everything it made. */
interface Serve {
  child: Pick<ChildProcess, 'once' | 'pid'>
  control: Readable
  exited: Promise<void>
  exitReason(): string | undefined
  stderrTail(): string
  isStopped(): boolean
  stop(): Promise<void>
}

/** Spawns `workerd serve` in the instance's directory and sandbox. */
function spawnServe(binary: string, dir: string, ctx: RunContext, sandbox: ChildSandbox, client: () => LoopbackClient | undefined): Serve {
  const home = homeIn(dir, ctx.runId)
  const spawn = sandbox.command({ file: binary, args: ['serve', join(home, CONFIG_FILE), '--control-fd=3'], user: childUser(ctx.limits) })
  const child = execa(spawn.file, spawn.args, {
    cwd: home,
    ...spawn.user,
    env: workloadEnv(ctx.limits),
    extendEnv: false,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    cleanup: true,
    forceKillAfterDelay: false,
  })
  const stderrTail = tailOf(child.stderr)
  child.stdout?.resume()
  let exitReason: string | undefined
  let stopped = false
  const exited = child.then(async (result) => {
    const oom = !stopped && result.signal === 'SIGKILL' ? await sandbox.oomNote() : ''
    exitReason = `workerd exited (${result.signal ?? `code ${result.exitCode}`}${oom})`
  })
  return {
    child,
    control: child.stdio[3] as Readable,
    exited,
    exitReason: () => exitReason,
    stderrTail,
    isStopped: () => stopped,
    async stop() {
      if (stopped) return
      stopped = true
      client()?.close()
      await endChild(sandbox, child, exited)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Where one instance's requests go, and the times its answers update. */
interface Target {
  http: LoopbackClient
  serve: Serve
  /** The workerd process, whose threads' CPU time brackets each request. */
  pid: number
  timeoutMs: number
  maxBytes: number
  times: SandboxTimes
}

/**
 * One request as a JSON POST. A request that asks for a repeat count (the inside-timed ones:
 * warm-loop.ts insideTimes) sends it in REPEAT_HEADER and has the workerd process's CPU time read
 * from the kernel just before and after it: cpuMs is that ÷ the calls, a mean per call with the
 * request's HTTP handling in it. A plain request skips those reads (~30 µs each here, harness time
 * that would lengthen the round trip other runtimes are compared on) and reports no cpuMs.
 * A dropped connection says how workerd died (a V8 heap limit is fatal to it).
 */
async function invokeOver(target: Target, input: unknown, options?: InvokeOptions): Promise<unknown> {
  const { http, serve, times } = target
  const timed = options?.repeat !== undefined
  const repeat = repeatCount(options?.repeat)
  const headers = timed ? { [REPEAT_HEADER]: String(repeat) } : undefined
  const cpuBefore = timed ? readThreadCpuNs(target.pid) : undefined
  const answer = (await http.postJson(input, target.timeoutMs, target.maxBytes, headers).catch(async (error: Error) => {
    if (serve.isStopped()) throw new Error('the instance was stopped')
    await Promise.race([serve.exited, new Promise((resolve) => setTimeout(resolve, EXIT_GRACE_MS))])
    const tail = serve.stderrTail()
    throw new Error(`${serve.exitReason() ?? error.message}${tail ? `: ${tail}` : ''}`)
  })) as { ok?: boolean; output?: unknown; error?: string; callMs?: unknown; at?: unknown }
  const cpuAfter = timed ? readThreadCpuNs(target.pid) : undefined
  if (answer.ok) {
    times.callMs = typeof answer.callMs === 'number' ? answer.callMs : undefined
    times.answerAt = typeof answer.at === 'number' ? answer.at : undefined
    times.cpuMs = cpuBefore && cpuAfter ? threadCpuDeltaMs(cpuBefore, cpuAfter) / repeat : undefined
    return answer.output
  }
  throw new Error(answer.error ?? 'unknown error')
}

/** What a workerd instance's sandbox times are read with. */
const WORKERD_TIMES_SOURCE =
  'callMs: Date.now() in the worker (wall time, whole ms), the fastest call; cpuMs: the workerd process\'s CPU time during the whole request (its HTTP handling too), ' +
  'read by the harness from the kernel (/proc/<pid>/task/*/schedstat, ns) just before and after it, ÷ the calls: a mean per call, not the fastest'

/** Why a workerd start has no sandbox-side marks. */
const WORKERD_START_HIDDEN = 'boot and load: workerd shows its modules no clock while they load (Date.now() reads 0)'

/** Starts one instance; resolves once workerd listens. */
export async function startWorkerd(binary: FoundBinary, workload: Workload, ctx: RunContext): Promise<Instance> {
  const t0 = ctx.now()
  const dir = await mkdtemp(join(tmpdir(), tempPrefix(ctx.runId)))
  let client: LoopbackClient | undefined
  let stop = async () => {
    await rm(dir, { recursive: true, force: true })
  }
  try {
    const home = homeIn(dir, ctx.runId)
    await mkdir(home)
    await Promise.all([
      writeFile(join(home, WORKLOAD_MODULE), workload.source),
      writeFile(join(home, WORKER_MODULE), workerSource(maxOutputOf(ctx.limits))),
      writeFile(join(home, CONFIG_FILE), workerdConfig({ memoryMb: ctx.limits.memoryMb })),
    ])
    const user = childUser(ctx.limits)
    if (user) for (const owned of [dir, home]) await chown(owned, user.uid, user.gid) // its files stay the harness's, read-only to workerd
    const sandbox = await childSandbox(ctx.runId, childCgroupLimits(ctx.limits, runtimeThreadsHeadroom()))
    const times: SandboxTimes = { clock: 'wall', source: WORKERD_TIMES_SOURCE, resolutionMs: 1, missing: WORKERD_START_HIDDEN }
    const tConfig = ctx.now()
    const serve = spawnServe(binary.path, dir, ctx, sandbox, () => client)
    stop = serve.stop
    const pid = await spawned(serve.child, ctx.limits.timeoutMs, 'workerd')
    await sandbox.hold(pid)
    const tSpawn = ctx.now()
    const port = await withTimeout(listenPort(serve.control, serve.exited, serve.stderrTail), ctx.limits.timeoutMs, `workerd did not listen within ${ctx.limits.timeoutMs} ms (timeout)`)
    const tListen = ctx.now()
    const http = (client = loopbackClient(port))
    const target: Target = { http, serve, pid, timeoutMs: ctx.limits.timeoutMs, maxBytes: maxOutputOf(ctx.limits) + LINE_MARGIN_BYTES, times }
    return {
      startPhases: [
        { name: 'config', ms: tConfig - t0 },
        { name: 'spawn', ms: tSpawn - tConfig },
        { name: 'listen', ms: tListen - tSpawn },
      ],
      invoke: (input, options) => invokeOver(target, input, options),
      repeats: true,
      sandboxTimes: () => ({ ...times }),
      memory: async () => sumProcessMemory(await processTree(pid)),
      stop: () => stop(),
    }
  } catch (error) {
    await stop()
    throw error
  }
}
