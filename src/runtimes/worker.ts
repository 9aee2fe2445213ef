/**
 * worker: a `worker_threads` Worker per instance: a fresh V8 isolate and event loop on a new
 * thread of the harness process, running the same bootstrap as the process and docker runtimes
 * (the workload loaded from its source through a data: URL, the same JSON lines over the worker's
 * own stdin/stdout streams). What a fresh isolate costs inside Node, without a process or sandbox
 * around it; it always runs on the harness's node, whatever --node says.
 * Start = thread (until the worker is online) → ready (the bootstrap loaded the workload).
 * The heap cap is the worker's resourceLimits.maxOldGenerationSizeMb; its env is the same minimal
 * one every node gets. The harness's --no-node-snapshot (for isolated-vm) applies to the whole
 * process, so workers start without Node's startup snapshot too, slower than a plain node would;
 * the table says so in a note.
 */
import { Worker } from 'node:worker_threads'
import { bootstrapTimes, bootstrapUsage, NODE_BOOTSTRAP_CLOCK, openChannel, readyPhases, readyWithin, tailOf } from './bootstrap/channel.js'
import { withTimeout } from '../host/timeout.js'
import { WORKLOAD_ENV } from '../host/env.js'
import { BOOTSTRAP_PATH } from './bootstrap/paths.js'
import { maxOutputOf, type RuntimeOptions } from './types.js'
import type { Instance, Runtime, RunContext, Workload } from './types.js'

/** Said under the table: the harness flag isolated-vm needs slows worker start-up. */
const NO_SNAPSHOT_NOTE = 'started without Node\'s startup snapshot: the harness runs with --no-node-snapshot (isolated-vm needs it), which applies to its workers too, so they start slower than in a plain node process'

/** Said under the table, as for vm: a worker has the whole of Node inside the harness process. */
const NOT_A_BOUNDARY_NOTE = 'NOT a security boundary: the workload has Node\'s whole API (files, network, child processes, the harness\'s own fds) inside the isobench process'

/** The worker runtime: a worker_threads Worker per instance. */
export function createWorkerRuntime(_options: RuntimeOptions): Runtime {
  return {
    name: 'worker',
    description: 'a worker_threads Worker per instance: fresh isolate + event loop on a thread of the harness process',
    channel: { detail: 'answers on the worker\'s stdout with a nonce, but the workload has Node\'s whole API inside the harness process (not a security boundary)', shares: 'in the harness process' },
    async probe() {
      const noNodeSnapshot = process.execArgv.includes('--no-node-snapshot')
      return {
        available: true,
        info: {
          version: `node ${process.version} worker_threads`,
          details: { node: process.version, v8: process.versions.v8, inHarness: true, noNodeSnapshot },
          note: noNodeSnapshot ? `${NOT_A_BOUNDARY_NOTE}; ${NO_SNAPSHOT_NOTE}` : NOT_A_BOUNDARY_NOTE,
        },
      }
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const rssBeforeBytes = process.memoryUsage.rss()
      const t0 = ctx.now()
      const worker = new Worker(BOOTSTRAP_PATH, {
        argv: [workload.path],
        env: { ...WORKLOAD_ENV },
        execArgv: [],
        stdin: true,
        stdout: true,
        stderr: true,
        resourceLimits: { maxOldGenerationSizeMb: ctx.limits.memoryMb },
      })
      const channel = openChannel(worker.stdout, worker.stdin!, tailOf(worker.stderr), { maxOutputBytes: maxOutputOf(ctx.limits) })
      channel.hello({ channel: 'stdout', source: workload.source })
      const exited = new Promise<void>((resolve) => {
        worker.once('error', (error) => channel.close(`the worker failed (${error.message})`))
        worker.once('exit', (code) => {
          channel.close(`the worker exited (code ${code})`)
          resolve()
        })
      })
      let stopped = false
      const stop = async () => {
        if (stopped) return
        stopped = true
        await worker.terminate().catch(() => {})
        await exited
      }
      try {
        await withTimeout(new Promise<void>((resolve) => worker.once('online', resolve)), ctx.limits.timeoutMs, 'the worker did not come online (timeout)')
        const tOnline = ctx.now()
        const report = await readyWithin(channel, ctx.limits.timeoutMs)
        const tReady = ctx.now()
        return {
          startPhases: [
            { name: 'thread', ms: tOnline - t0 },
            ...readyPhases(tReady - tOnline, report),
          ],
          invoke: (input, options) => channel.request('invoke', input, ctx.limits.timeoutMs * (options?.repeat ?? 1), options),
          repeats: true,
          sandboxTimes: bootstrapTimes(report, channel, NODE_BOOTSTRAP_CLOCK.kind, NODE_BOOTSTRAP_CLOCK.source),
          async memory() {
            // process.memoryUsage() in a worker: heapUsed/external are its own isolate's, rss the whole process's.
            const usage = await bootstrapUsage(channel, ctx.limits.timeoutMs)
            return { rssGrowthBytes: process.memoryUsage.rss() - rssBeforeBytes, heapBytes: usage.heapUsed, externalBytes: usage.external }
          },
          stop,
        }
      } catch (error) {
        await stop()
        throw error
      }
    },
  }
}
