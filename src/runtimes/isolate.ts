/**
 * isolate: a fresh V8 isolate and context per instance (isolated-vm), inside the harness process.
 * The workload source is compiled as an ES module in the new context, unchanged.
 * Start = isolate (new Isolate) → context (createContext) → compile (compile, instantiate and
 * evaluate the module). The first response is timed by the scheduler. Creation uses the
 * synchronous API (the fastest an embedder can do). Invocations use the asynchronous API
 * (`apply` with a promise result): the handler runs on isolated-vm's own thread, an async handler's
 * promise is awaited, and a handler that spins cannot block the harness (or the other instances)
 * until its timeout: what a multi-tenant embedder does. That costs a thread hop per call (~0.2 ms
 * here) compared with applySync, which would let one spinning isolate stall every other one.
 */
import { createRequire } from 'node:module'
import type IsolatedVM from 'isolated-vm'
import { withTimeout } from './channel.js'
import { isolateMemoryLimitMb } from './hardening.js'
import type { RuntimeOptions } from './options.js'
import type { Instance, Runtime, RunContext, Workload } from './types.js'

/** How much longer the harness waits than the isolate's own timeout before it gives up on a promise. */
const PROMISE_TIMEOUT_GRACE_MS = 500

type Ivm = typeof IsolatedVM

let loaded: Promise<{ ivm: Ivm; version: string }> | undefined

/** Loads isolated-vm once; rejects with the loader's error (not built, wrong Node ABI). */
export function loadIsolatedVm(): Promise<{ ivm: Ivm; version: string }> {
  loaded ??= (async () => {
    const mod = (await import('isolated-vm')) as unknown as { default: Ivm }
    const require = createRequire(import.meta.url)
    const version = (require('isolated-vm/package.json') as { version: string }).version
    return { ivm: mod.default, version }
  })()
  return loaded
}

/** Whether this process runs with the flag isolated-vm needs on Node 20+. */
export const HAS_NO_NODE_SNAPSHOT = process.execArgv.includes('--no-node-snapshot')

export function createIsolateRuntime(_options: RuntimeOptions): Runtime {
  return {
    name: 'isolate',
    description: 'a fresh V8 isolate + context per instance (isolated-vm), in the harness process',
    async probe() {
      try {
        const { ivm, version } = await loadIsolatedVm()
        // A real round trip: an isolate that cannot compute cannot be measured.
        const isolate = new ivm.Isolate({ memoryLimit: 8 })
        try {
          const context = isolate.createContextSync()
          if (context.evalSync('6 * 7') !== 42) throw new Error('an isolate computed a wrong answer')
        } finally {
          isolate.dispose()
        }
        return {
          available: true,
          info: {
            version: `isolated-vm ${version}`,
            details: { isolatedVm: version, node: process.version, v8: process.versions.v8, noNodeSnapshot: HAS_NO_NODE_SNAPSHOT },
          },
        }
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
        return {
          available: false,
          reason: `isolated-vm does not load (${message})`,
          fix: 'rebuild it for this Node: `npm rebuild isolated-vm` (needs python3, make and g++)',
        }
      }
    },
    async prepare() {
      await loadIsolatedVm()
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const { ivm } = await loadIsolatedVm()
      const rssBeforeBytes = process.memoryUsage.rss()
      const t0 = ctx.now()
      const isolate = new ivm.Isolate({ memoryLimit: isolateMemoryLimitMb(ctx.limits) })
      const tIsolate = ctx.now()
      let context: IsolatedVM.Context | undefined
      const stop = async () => {
        context?.release()
        if (!isolate.isDisposed) isolate.dispose()
      }
      try {
        context = isolate.createContextSync()
        const tContext = ctx.now()
        const module = isolate.compileModuleSync(workload.source, { filename: `file:///${workload.name}.js` })
        module.instantiateSync(context, (specifier) => {
          throw new Error(`workloads cannot import modules (imported ${specifier})`)
        })
        module.evaluateSync({ timeout: ctx.limits.timeoutMs })
        const handler = module.namespace.getSync('default', { reference: true }) as IsolatedVM.Reference<unknown> | undefined
        if (!handler || handler.typeof !== 'function') throw new Error('workload failed to load: the workload has no default export function')
        const tCompiled = ctx.now()
        return {
          startPhases: [
            { name: 'isolate', ms: tIsolate - t0 },
            { name: 'context', ms: tContext - tIsolate },
            { name: 'compile', ms: tCompiled - tContext },
          ],
          invoke: async (input) => {
            try {
              // `timeout` bounds synchronous execution only: a promise that never settles is bounded by the
              // harness's own timer (which also keeps the event loop alive: without it node exits with 13).
              // The timer waits a little longer, so that a spinning handler is stopped by the isolate's own
              // timeout and says so.
              return await withTimeout(
                handler.apply(undefined, [input], {
                  arguments: { copy: true },
                  result: { promise: true, copy: true },
                  timeout: ctx.limits.timeoutMs,
                }),
                ctx.limits.timeoutMs + PROMISE_TIMEOUT_GRACE_MS,
                `no answer within ${ctx.limits.timeoutMs} ms (timeout)`,
              )
            } catch (error) {
              if (isolate.isDisposed) throw new Error('the isolate was disposed (memory limit exceeded?)')
              throw error
            }
          },
          async memory() {
            const heap = isolate.isDisposed ? undefined : isolate.getHeapStatisticsSync()
            return {
              rssGrowthBytes: process.memoryUsage.rss() - rssBeforeBytes,
              heapBytes: heap?.used_heap_size,
              externalBytes: heap?.externally_allocated_size,
            }
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
