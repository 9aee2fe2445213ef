/**
 * workerd: Cloudflare's open-source Workers runtime (V8 isolates), one `workerd serve` process per
 * instance serving the workload as a module worker on a loopback port (the npm package `workerd`;
 * its binary ships in `@cloudflare/workerd-linux-64` and is run directly, without npm's install
 * script). Start = config (write the worker and capnp config into a temp dir) → spawn (the OS
 * reports the process started) → listen (workerd compiled the worker and reports its port on the
 * control fd). The first response, timed by the scheduler, is the first HTTP POST answered,
 * connection set-up included. Warm requests reuse a kept-alive connection. Memory = RSS/PSS of the
 * workerd process. The memory limit maps to V8's --max-old-space-size (workerd has no per-worker
 * limit outside Cloudflare's production) and, like every child's, to a cgroup of its own with the
 * pids and memory limits (child.ts); the timeout is enforced by the harness on each request.
 * The worker's outbound network allows no address (workerd-config.ts), like `--network none`.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Readable } from 'node:stream'
import { execa } from 'execa'
import { tailOf } from '../bootstrap/channel.js'
import { withTimeout } from '../../host/timeout.js'
import { binaryLocator, probeBinary, type BinarySpec } from '../../host/locate.js'
import { loopbackClient, type LoopbackClient } from '../../host/loopback-http.js'
import { childSandbox, runtimeThreadsHeadroom, spawned } from '../../host/child.js'
import { childCgroupLimits, workloadEnv } from '../hardening.js'
import type { RuntimeOptions } from '../types.js'
import { COMPATIBILITY_DATE, CONFIG_FILE, listenPortOf, WORKER_MODULE, WORKER_SOURCE, WORKLOAD_MODULE, workerdConfig } from './config.js'
import { processTree, sumProcessMemory } from '../../host/proc.js'
import type { Instance, Runtime, RunContext, Workload } from '../types.js'

/** Where the workerd binary comes from. */
export const WORKERD_BINARY: BinarySpec = {
  wrapper: 'workerd',
  platformPackages: {
    'linux-x64': '@cloudflare/workerd-linux-64',
    'linux-arm64': '@cloudflare/workerd-linux-arm64',
    'darwin-x64': '@cloudflare/workerd-darwin-64',
    'darwin-arm64': '@cloudflare/workerd-darwin-arm64',
  },
  binaryInPackage: 'bin/workerd',
  command: 'workerd',
  installHint: 'npm install workerd',
}

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

/** How long a failed request waits to learn whether workerd exited, for the error message. */
const EXIT_GRACE_MS = 200

/** Name prefix of an instance's temp dir: the run id lets cleanup find what a killed run left. */
const tempPrefix = (runId: string) => `isobench-workerd-${runId}-`

export function createWorkerdRuntime(_options: RuntimeOptions): Runtime {
  const binary = binaryLocator(WORKERD_BINARY)
  return {
    name: 'workerd',
    description: 'a `workerd serve` process per instance (Cloudflare Workers runtime, V8 isolates), the workload as a module worker, JSON over loopback HTTP',
    probe: () =>
      probeBinary(WORKERD_BINARY, binary(), (found, output) => {
        const version = found.packageVersion ?? output.replace(/^workerd\s+/, '')
        return {
          version: `workerd ${version}`,
          details: { workerd: version, workerdBuild: output, workerdPath: found.path, workerdSource: found.source, compatibilityDate: COMPATIBILITY_DATE, workerdNetwork: 'none (globalOutbound allows no address)' },
        }
      }),
    async prepare() {
      binary()
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const found = binary()
      if (!found) throw new Error('workerd is not installed (npm install workerd)')
      const t0 = ctx.now()
      const dir = await mkdtemp(join(tmpdir(), tempPrefix(ctx.runId)))
      let client: LoopbackClient | undefined
      let stop = async () => {
        await rm(dir, { recursive: true, force: true })
      }
      try {
        await Promise.all([
          writeFile(join(dir, WORKLOAD_MODULE), workload.source),
          writeFile(join(dir, WORKER_MODULE), WORKER_SOURCE),
          writeFile(join(dir, CONFIG_FILE), workerdConfig({ memoryMb: ctx.limits.memoryMb })),
        ])
        const sandbox = await childSandbox(ctx.runId, childCgroupLimits(ctx.limits, runtimeThreadsHeadroom()))
        const tConfig = ctx.now()
        const child = execa(found.path, ['serve', CONFIG_FILE, '--control-fd=3'], {
          cwd: dir,
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
        stop = async () => {
          if (stopped) return
          stopped = true
          client?.close()
          await sandbox.killAll(child.pid)
          child.kill('SIGKILL')
          await exited
          await sandbox.release()
          await rm(dir, { recursive: true, force: true })
        }
        const pid = await spawned(child, ctx.limits.timeoutMs, 'workerd')
        await sandbox.hold(pid)
        const tSpawn = ctx.now()
        const port = await withTimeout(listenPort(child.stdio[3] as Readable, exited, stderrTail), ctx.limits.timeoutMs, `workerd did not listen within ${ctx.limits.timeoutMs} ms (timeout)`)
        const tListen = ctx.now()
        client = loopbackClient(port)
        const http = client
        return {
          startPhases: [
            { name: 'config', ms: tConfig - t0 },
            { name: 'spawn', ms: tSpawn - tConfig },
            { name: 'listen', ms: tListen - tSpawn },
          ],
          async invoke(input) {
            const answer = (await http.postJson(input, ctx.limits.timeoutMs).catch(async (error: Error) => {
              if (stopped) throw new Error('the instance was stopped')
              // A dropped connection usually means workerd died (a V8 heap limit is fatal to it): say so.
              await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, EXIT_GRACE_MS))])
              const tail = stderrTail()
              throw new Error(`${exitReason ?? error.message}${tail ? `: ${tail}` : ''}`)
            })) as { ok?: boolean; output?: unknown; error?: string }
            if (answer.ok) return answer.output
            throw new Error(answer.error ?? 'unknown error')
          },
          memory: async () => sumProcessMemory(await processTree(pid)),
          stop: () => stop(),
        }
      } catch (error) {
        await stop()
        throw error
      }
    },
    /** Removes temp dirs a killed instance of this run left (stop removes its own). */
    async cleanup(runId: string) {
      const prefix = tempPrefix(runId)
      const names = await readdir(tmpdir()).catch(() => [] as string[])
      await Promise.all(names.filter((name) => name.startsWith(prefix)).map((name) => rm(join(tmpdir(), name), { recursive: true, force: true })))
    },
  }
}
