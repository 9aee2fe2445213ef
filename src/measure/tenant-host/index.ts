/**
 * The harness side of a tenant host (child.ts): spawns it on the harness's own node, in a cgroup of
 * its own inside a budget group (host/cgroup-budget.ts), and offers its instances as a Runtime of the
 * same name, so that noisy-neighbour measures them as it measures any other. The host holds every
 * tenant of one variant; when it dies (the budget's OOM killer), every pending and later request
 * rejects with how it died, which is the finding: the victim died with its neighbour's process.
 * The host runs harness code (the adapters) with the harness's user, as the in-process runtimes do
 * in the harness itself; its cgroup carries no limit of its own, the budget is its bound.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { childSandbox, endChild, spawned } from '../../host/child.js'
import { WORKLOAD_ENV } from '../../host/env.js'
import { PACKAGE_ROOT } from '../../package-root.js'
import { runMarker } from '../../host/proc.js'
import { tailOf } from '../../runtimes/bootstrap/channel.js'
import type { Instance, RunContext, Runtime, RuntimeOptions, Workload } from '../../runtimes/types.js'
import type { HostCall, HostReply, HostRequest } from './protocol.js'

/** The host's script: this folder's compiled child.js (from a source checkout, e.g. under vitest: dist's). */
export function tenantHostPath(): string {
  const sibling = fileURLToPath(new URL('./child.js', import.meta.url))
  return existsSync(sibling) ? sibling : `${PACKAGE_ROOT}dist/measure/tenant-host/child.js`
}

/** A running tenant host: the runtime whose instances live in it, and how to end it. */
export interface TenantHost {
  runtime: Runtime
  /** Kills the host and everything in it, removes its cgroup; never rejects. */
  close(): Promise<void>
}

type Pending = { resolve: (reply: HostReply) => void; reject: (error: Error) => void }

/** Starts a tenant host for `runtime` (an in-process one) inside budget group `budgetGroup`. */
export async function startTenantHost(runtime: Runtime, options: RuntimeOptions, budgetGroup: string, ctx: RunContext): Promise<TenantHost> {
  const sandbox = await childSandbox(ctx.runId, { pidsMax: undefined, memoryBytes: undefined, parent: budgetGroup })
  const spawn = sandbox.command({ file: process.execPath, args: ['--no-node-snapshot', tenantHostPath(), runMarker(ctx.runId)], user: undefined })
  const child = execa(spawn.file, spawn.args, {
    env: { ...WORKLOAD_ENV },
    extendEnv: false,
    cwd: '/',
    stdio: ['ignore', 'ignore', 'pipe'],
    ipc: true,
    serialization: 'json',
    buffer: false,
    reject: false,
    cleanup: true,
    forceKillAfterDelay: false,
  })
  const stderr = tailOf(child.stderr)
  const pending = new Map<number, Pending>()
  let died: string | undefined
  let closing = false
  let serial = 0
  const exited = new Promise<void>((resolve) => {
    child.once('exit', async (code, signal) => {
      const oom = !closing && signal === 'SIGKILL' ? await sandbox.oomNote() : ''
      const tail = stderr()
      died = closing ? 'the tenant host was stopped' : `the tenant host holding it exited (${signal ?? `code ${code}`}${oom})${tail ? `: ${tail}` : ''}`
      for (const { reject } of pending.values()) reject(new Error(died))
      pending.clear()
      resolve()
    })
  })
  child.on('message', (message: HostReply) => {
    const waiter = pending.get(message.id)
    pending.delete(message.id)
    waiter?.resolve(message)
  })
  const request = async (body: HostCall): Promise<HostReply> => {
    if (died) throw new Error(died)
    const id = ++serial
    const reply = await new Promise<HostReply>((resolve, reject) => {
      pending.set(id, { resolve, reject })
      child.send({ ...body, id } as HostRequest, (error) => {
        if (error && pending.delete(id)) reject(new Error(died ?? `the tenant host took no request: ${error.message}`))
      })
    })
    if (!reply.ok) throw new Error(reply.error ?? 'unknown error')
    return reply
  }
  const close = async () => {
    closing = true
    await endChild(sandbox, child, exited)
  }
  try {
    await sandbox.hold(await spawned(child, ctx.limits.timeoutMs, 'the tenant host'))
    await request({ op: 'init', runtime: runtime.name, options, runId: ctx.runId, limits: ctx.limits })
  } catch (error) {
    await close()
    throw error
  }
  return { runtime: hostedRuntime(runtime, request), close }
}

/** The runtime whose instances are the host's, each call one request to it. */
function hostedRuntime(runtime: Runtime, request: (body: HostCall) => Promise<HostReply>): Runtime {
  return {
    name: runtime.name,
    description: `${runtime.description} (in a tenant host process)`,
    probe: () => runtime.probe(),
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const started = await request({ op: 'start', workload, limits: ctx.limits })
      const n = started.instance!
      let times = undefined as HostReply['sandboxTimes']
      let stopped = false
      return {
        startPhases: started.startPhases ?? [],
        repeats: started.repeats,
        sandboxTimes: () => times ?? { clock: 'monotonic', source: 'the tenant host', resolutionMs: 0 },
        async invoke(input, options) {
          const reply = await request({ op: 'invoke', instance: n, input, options })
          times = reply.sandboxTimes
          return reply.output
        },
        memory: async () => (await request({ op: 'memory', instance: n })).memory ?? {},
        async stop() {
          if (stopped) return
          stopped = true
          await request({ op: 'stop', instance: n }).catch(() => {})
        },
      }
    },
  }
}
