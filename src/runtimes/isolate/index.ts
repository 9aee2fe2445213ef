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
 *
 * Variants (same file, same invocation path):
 * - `isolate:context`: a fresh context in one shared, warm isolate (created and used once in
 *   prepare, untimed). Start = context → compile. Contexts share the isolate's heap, GC and
 *   memory limit; a context is released at stop, its memory reclaimed by that isolate's GC.
 * - `isolate:snapshot`: an isolate made from an isolated-vm snapshot of the workload already
 *   evaluated (the module as a script, module-script.ts), made once per workload in prepareWorkload after
 *   a trial run in a plain isolate with the memory limit and timeout (createSnapshot itself has
 *   neither). Start = isolate (from the snapshot) → context → handler (read from the global).
 *   isolated-vm's README calls snapshots unstable; the probe makes and uses one for real, so a Node
 *   where they break has the row skipped with the reason.
 */
import { createRequire } from 'node:module'
import type IsolatedVM from 'isolated-vm'
import { withTimeout } from '../../host/timeout.js'
import { isolateMemoryLimitMb } from '../hardening.js'
import { moduleToScript } from '../module-script.js'
import type { RuntimeOptions } from '../types.js'
import type { Instance, Phase, Runtime, RunContext, Workload } from '../types.js'

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

/** The isolate variants: a fresh isolate, a context in a shared warm isolate, an isolate from a snapshot. */
export type IsolateVariant = 'fresh' | 'context' | 'snapshot'

/** The global a snapshot keeps the handler in. */
const SNAPSHOT_HANDLER = '__isobench_handler__'

const DESCRIPTIONS: Record<IsolateVariant, string> = {
  fresh: 'a fresh V8 isolate + context per instance (isolated-vm), in the harness process',
  context: 'a fresh context per instance in one shared, warm V8 isolate (isolated-vm): shared heap and GC',
  snapshot: 'a V8 isolate per instance made from a snapshot of the evaluated workload (isolated-vm createSnapshot; experimental)',
}

/** A plain error message from anything thrown by the loader or isolated-vm. */
function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error)
}

/** The snapshot script of a workload: the module as a script whose handler lands in a global. */
function snapshotScript(workload: Workload): string {
  return `globalThis.${SNAPSHOT_HANDLER} = ${moduleToScript(workload.source)}`
}

/** Makes a snapshot after a trial run of the same script in a plain isolate with the limits (createSnapshot has none). */
function makeSnapshot(ivm: Ivm, workload: Workload, ctx: RunContext): IsolatedVM.ExternalCopy<ArrayBuffer> {
  const code = snapshotScript(workload)
  const trial = new ivm.Isolate({ memoryLimit: isolateMemoryLimitMb(ctx.limits) })
  try {
    const context = trial.createContextSync()
    context.evalSync(code, { filename: workload.path, timeout: ctx.limits.timeoutMs })
    if (context.evalSync(`typeof ${SNAPSHOT_HANDLER}`) !== 'function') throw new Error('the workload has no default export function')
  } catch (error) {
    throw new Error(`workload failed to load: ${firstLine(error)}`)
  } finally {
    if (!trial.isDisposed) trial.dispose()
  }
  return ivm.Isolate.createSnapshot([{ code, filename: workload.path }])
}

/** A real snapshot round trip: a global set by the snapshot's script is there in a new context. */
function checkSnapshots(ivm: Ivm): void {
  const snapshot = ivm.Isolate.createSnapshot([{ code: 'globalThis.answer = (function () { "use strict"; return 6 * 7 })()' }])
  const isolate = new ivm.Isolate({ snapshot, memoryLimit: 8 })
  try {
    if (isolate.createContextSync().evalSync('answer') !== 42) throw new Error('a global made by the snapshot is missing in a new context')
  } finally {
    isolate.dispose()
  }
}

/** The isolate runtime (`isolate`), or one of its variants (`isolate:context`, `isolate:snapshot`). */
export function createIsolateRuntime(_options: RuntimeOptions, variant: IsolateVariant = 'fresh'): Runtime {
  const name = variant === 'fresh' ? 'isolate' : `isolate:${variant}`
  /** isolate:context: the shared isolate; recreated when a workload exhausted its memory limit. */
  let shared: IsolatedVM.Isolate | undefined
  /** isolate:context: contexts started and not yet stopped. */
  let liveContexts = 0
  /** isolate:snapshot: one snapshot per workload source. */
  const snapshots = new Map<string, IsolatedVM.ExternalCopy<ArrayBuffer>>()
  const sharedIsolate = (ivm: Ivm, ctx: RunContext): { isolate: IsolatedVM.Isolate; isNew: boolean } => {
    if (shared && !shared.isDisposed) return { isolate: shared, isNew: false }
    shared = new ivm.Isolate({ memoryLimit: isolateMemoryLimitMb(ctx.limits) })
    return { isolate: shared, isNew: true }
  }
  return {
    name,
    description: DESCRIPTIONS[variant],
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
        if (variant === 'snapshot') {
          try {
            checkSnapshots(ivm)
          } catch (error) {
            return { available: false, reason: `isolated-vm snapshots do not work on node ${process.version} (${firstLine(error)})`, fix: 'use the isolate or isolate:context rows' }
          }
        }
        return {
          available: true,
          info: {
            version: `isolated-vm ${version}`,
            details: { isolatedVm: version, node: process.version, v8: process.versions.v8, inHarness: true, noNodeSnapshot: HAS_NO_NODE_SNAPSHOT },
          },
        }
      } catch (error) {
        return {
          available: false,
          reason: `isolated-vm does not load (${firstLine(error)})`,
          fix: 'rebuild it for this Node: `npm rebuild isolated-vm` (needs python3, make and g++)',
        }
      }
    },
    async prepare(ctx: RunContext) {
      const { ivm } = await loadIsolatedVm()
      if (variant === 'context') {
        // Warm: the first context of an isolate costs more than the next ones.
        const { isolate } = sharedIsolate(ivm, ctx)
        isolate.createContextSync().release()
      }
    },
    async prepareWorkload(ctx: RunContext, workload: Workload) {
      if (variant !== 'snapshot' || snapshots.has(workload.source)) return
      const { ivm } = await loadIsolatedVm()
      snapshots.set(workload.source, makeSnapshot(ivm, workload, ctx))
    },
    async quiesce(ctx: RunContext) {
      // The shared isolate keeps the garbage of every context it held (seen: ~72 MiB after 500),
      // freed whenever V8 collects it; a fresh shared isolate makes that happen now.
      if (variant !== 'context' || liveContexts > 0 || !shared) return
      if (!shared.isDisposed) shared.dispose()
      shared = undefined
      await this.prepare!(ctx)
    },
    async cleanup() {
      if (shared && !shared.isDisposed) shared.dispose()
      shared = undefined
      for (const snapshot of snapshots.values()) snapshot.release()
      snapshots.clear()
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const { ivm } = await loadIsolatedVm()
      const rssBeforeBytes = process.memoryUsage.rss()
      const phases: Phase[] = []
      let t = ctx.now()
      const phase = (phaseName: string) => {
        const now = ctx.now()
        phases.push({ name: phaseName, ms: now - t })
        t = now
      }
      let snapshot: IsolatedVM.ExternalCopy<ArrayBuffer> | undefined
      if (variant === 'snapshot') {
        snapshot = snapshots.get(workload.source)
        if (!snapshot) {
          // Not prepared for this workload (tests): made now, and timed as its own phase.
          snapshot = makeSnapshot(ivm, workload, ctx)
          snapshots.set(workload.source, snapshot)
          phase('snapshot')
        }
      }
      let isolate: IsolatedVM.Isolate
      if (variant === 'context') {
        const got = sharedIsolate(ivm, ctx)
        isolate = got.isolate
        if (got.isNew) phase('isolate')
      } else {
        isolate = new ivm.Isolate({ memoryLimit: isolateMemoryLimitMb(ctx.limits), snapshot })
        phase('isolate')
      }
      const ownsIsolate = variant !== 'context'
      let context: IsolatedVM.Context | undefined
      if (!ownsIsolate) liveContexts++
      let stopped = false
      const stop = async () => {
        if (!stopped && !ownsIsolate) liveContexts--
        stopped = true
        if (!isolate.isDisposed) context?.release()
        if (ownsIsolate && !isolate.isDisposed) isolate.dispose()
      }
      try {
        context = isolate.createContextSync()
        phase('context')
        let handler: IsolatedVM.Reference<unknown> | undefined
        if (variant === 'snapshot') {
          handler = context.global.getSync(SNAPSHOT_HANDLER, { reference: true }) as IsolatedVM.Reference<unknown> | undefined
        } else {
          const module = isolate.compileModuleSync(workload.source, { filename: `file:///${workload.name}.js` })
          module.instantiateSync(context, (specifier) => {
            throw new Error(`workloads cannot import modules (imported ${specifier})`)
          })
          module.evaluateSync({ timeout: ctx.limits.timeoutMs })
          handler = module.namespace.getSync('default', { reference: true }) as IsolatedVM.Reference<unknown> | undefined
        }
        if (!handler || handler.typeof !== 'function') throw new Error('workload failed to load: the workload has no default export function')
        phase(variant === 'snapshot' ? 'handler' : 'compile')
        const callable = handler
        return {
          startPhases: phases,
          invoke: async (input) => {
            try {
              // `timeout` bounds synchronous execution only: a promise that never settles is bounded by the
              // harness's own timer (which also keeps the event loop alive: without it node exits with 13).
              // The timer waits a little longer, so that a spinning handler is stopped by the isolate's own
              // timeout and says so.
              return await withTimeout(
                callable.apply(undefined, [input], {
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
            const rssGrowthBytes = process.memoryUsage.rss() - rssBeforeBytes
            if (!ownsIsolate) return { rssGrowthBytes, sharedHeapBytes: heap?.used_heap_size }
            return { rssGrowthBytes, heapBytes: heap?.used_heap_size, externalBytes: heap?.externally_allocated_size }
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
