/**
 * isolate: one instance is a V8 isolate and context made with isolated-vm inside the harness
 * process, the workload compiled as an ES module in it, unchanged. The clock starts before the
 * isolate is made and stops when the handler is found: isolate → context → compile (fresh.ts; the
 * variants' phases in context.ts and snapshot.ts). Creation uses the synchronous API (the fastest
 * an embedder can do); invocations the asynchronous one (instance.ts). The first response is
 * timed by the caller. Each variant is a strategy (IsolateVariant) on the same start and invocation path.
 */
import type { Instance, Runtime, RunContext, RuntimeOptions, Workload } from '../types.js'
import { contextVariant } from './context.js'
import { freshVariant } from './fresh.js'
import { startIsolateInstance, type IsolateVariant } from './instance.js'
import { loadIsolatedVm, probeIsolates } from './load.js'
import { snapshotVariant } from './snapshot.js'

/** The isolate variants: a fresh isolate, a context in a shared warm isolate, an isolate from a snapshot. */
const VARIANTS = { fresh: freshVariant, context: contextVariant, snapshot: snapshotVariant } as const satisfies Record<string, (options: RuntimeOptions) => IsolateVariant>

export type IsolateVariantName = keyof typeof VARIANTS

/** The isolate runtime (`isolate`), or one of its variants (`isolate:context`, `isolate:snapshot`). */
export function createIsolateRuntime(options: RuntimeOptions, variantName: IsolateVariantName = 'fresh'): Runtime {
  const variant = VARIANTS[variantName](options)
  const ivm = async () => (await loadIsolatedVm()).ivm
  return {
    name: variantName === 'fresh' ? 'isolate' : `isolate:${variantName}`,
    description: variant.description,
    channel: { detail: 'no stream: the harness calls the handler through isolated-vm and copies the result out' },
    probe: () => probeIsolates(variant.check),
    async prepare(ctx: RunContext) {
      variant.prepare?.(await ivm(), ctx)
    },
    async prepareWorkload(ctx: RunContext, workload: Workload) {
      if (variant.prepareWorkload) await variant.prepareWorkload(await ivm(), ctx, workload)
    },
    async quiesce(ctx: RunContext) {
      if (variant.quiesce) variant.quiesce(await ivm(), ctx)
    },
    async cleanup() {
      await variant.cleanup?.()
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      return startIsolateInstance(variant, await ivm(), workload, ctx)
    },
  }
}
