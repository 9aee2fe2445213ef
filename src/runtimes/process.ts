/**
 * process: a `node` child process per instance, started with execa, running the bootstrap
 * (child.ts: start = spawn → ready; the first response is timed by the scheduler).
 * execa's own set-up is on the cold start's critical path: about 1 ms more than a bare
 * child_process.spawn here (2.1 vs 1.15 ms median, n=25; 25.0 vs 23.9 ms to the first output), so
 * its options are the lean ones (no encoding or line handling, no buffering). `npm run bench`
 * reports the harness against a raw spawn (`overhead process`).
 */
import { execa } from 'execa'
import { bootstrapUsage, openChannel, readyWithin, tailOf, withTimeout } from './channel.js'
import { childCgroupsUnavailable, createChildCgroup } from './cgroup.js'
import { instanceMemoryBytes, instancePidsLimit, workloadEnv, workloadNodeFlags } from './hardening.js'
import { BOOTSTRAP_PATH, WORKLOAD_ENV } from './node-env.js'
import type { RuntimeOptions } from './options.js'
import { processTree, runMarker, sumProcessMemory } from '../measure/proc.js'
import type { Instance, Runtime, RunContext, Workload } from './types.js'

/** Reads `node --version` of a binary, with the same clean environment the workloads get. */
export async function nodeVersionOf(nodePath: string): Promise<string> {
  const { stdout } = await execa(nodePath, ['-p', 'process.version + " " + process.versions.v8'], {
    env: WORKLOAD_ENV,
    extendEnv: false,
    timeout: 10_000,
  })
  return stdout.trim()
}

/** SIGKILLs a process and its descendants (where no cgroup holds them). */
async function killTree(pid: number): Promise<void> {
  for (const member of (await processTree(pid)).reverse()) {
    try {
      process.kill(member, 'SIGKILL')
    } catch {
      // gone
    }
  }
}

/** Numbers every child's cgroup across all process runtimes of this harness (a `process+pool` row wraps a second one). */
let childSerial = 0

export function createProcessRuntime(options: RuntimeOptions): Runtime {
  return {
    name: 'process',
    description: 'a node child process per instance (execa), bootstrap over stdio',
    async probe() {
      try {
        const [node, v8] = (await nodeVersionOf(options.nodePath)).split(' ')
        const noCgroup = await childCgroupsUnavailable()
        const cgroup = noCgroup ? `none: ${noCgroup}` : 'pids+memory (v1)'
        return { available: true, info: { version: `node ${node}`, details: { nodePath: options.nodePath, node: node ?? '', v8: v8 ?? '', cgroup } } }
      } catch (error) {
        return { available: false, reason: `cannot run ${options.nodePath}`, fix: 'pass --node PATH to a working node binary' }
      }
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const t0 = ctx.now()
      // Its own cgroup (pids + memory), like a container's; part of what a hardened start costs.
      const cgroup = await createChildCgroup(`isobench-${ctx.runId}-${++childSerial}`, {
        pidsMax: instancePidsLimit(ctx.limits),
        memoryBytes: instanceMemoryBytes(ctx.limits),
      })
      // The run id rides along in argv (the bootstrap ignores it) so `isobench clean` can find the
      // children of a run that was killed with SIGKILL: nothing else can end a child stuck in a loop.
      const child = execa(options.nodePath, [...workloadNodeFlags(ctx.limits), BOOTSTRAP_PATH, workload.path, runMarker(ctx.runId)], {
        env: workloadEnv(ctx.limits),
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
          const oom = !stopped && signal === 'SIGKILL' && (await cgroup?.oomKills()) ? ', out of memory: the cgroup memory limit' : ''
          done(`the process exited (${signal ?? `code ${code}`}${oom})`)
        })
        child.once('error', (error) => done(`the process could not run (${error.message})`))
      })
      const stop = async () => {
        if (stopped) return
        stopped = true
        if (cgroup) await cgroup.kill() // the child and everything it forked
        else if (child.pid !== undefined) await killTree(child.pid)
        child.kill('SIGKILL')
        await exited
        await cgroup?.remove()
      }
      try {
        await withTimeout(new Promise<void>((resolve, reject) => {
          child.once('spawn', resolve)
          child.once('error', reject)
        }), ctx.limits.timeoutMs, 'the process did not spawn (timeout)')
        await cgroup?.add(child.pid!)
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
    },
  }
}
