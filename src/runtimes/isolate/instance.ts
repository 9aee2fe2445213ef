/**
 * One isolate instance, whatever the variant: a fresh context in the isolate the variant leases,
 * the handler found in it, and invocations through isolated-vm's asynchronous API (`apply` with a
 * promise result): the handler runs on isolated-vm's own thread, an async handler's promise is
 * awaited, and a handler that spins cannot block the harness (or the other instances) until its
 * timeout, at the cost of a thread hop per call compared with applySync.
 */
import type IsolatedVM from 'isolated-vm'
import { withTimeout } from '../../host/timeout.js'
import { CHECKED_CALL_SOURCE, inputJson } from '../output-check.js'
import { maxOutputOf, type Availability, type Instance, type Limits, type Phase, type RunContext, type Workload } from '../types.js'
import { edgeClock } from '../edge-clock.js'
import type { Ivm } from './load.js'

/** How much longer the harness waits than the isolate's own timeout before it gives up on a promise. */
const PROMISE_TIMEOUT_GRACE_MS = 500

/** Marks the end of a timed phase of the start. */
export type MarkPhase = (name: string) => void

/** The isolate an instance runs in: its own (disposed at stop) or a shared one (released at stop). */
export interface IsolateLease {
  isolate: IsolatedVM.Isolate
  owned: boolean
  /** Called once when the instance stops. */
  release(): void
}

/** What makes the isolate variants differ: where the isolate comes from and how the handler is found in a new context. */
export interface IsolateVariant {
  readonly description: string
  /** Why this variant cannot run here beyond a working isolate (snapshots), or undefined. */
  check?(ivm: Ivm): Availability | undefined | Promise<Availability | undefined>
  prepare?(ivm: Ivm, ctx: RunContext): void
  prepareWorkload?(ivm: Ivm, ctx: RunContext, workload: Workload): void | Promise<void>
  /** Frees what stopped instances left in shared state (Runtime.quiesce). */
  quiesce?(ivm: Ivm, ctx: RunContext): void
  cleanup?(): void | Promise<void>
  /** Leases the isolate for one instance; `mark` ends each timed phase it does. Synchronous unless it must wait (a snapshot build). */
  lease(ivm: Ivm, workload: Workload, ctx: RunContext, mark: MarkPhase): IsolateLease | Promise<IsolateLease>
  /** The name of the phase that ends when the handler is found. */
  readonly handlerPhase: string
  /** Finds the handler in the instance's new context. */
  handlerIn(isolate: IsolatedVM.Isolate, context: IsolatedVM.Context, workload: Workload, ctx: RunContext): IsolatedVM.Reference<unknown> | undefined
}

/** The handler of a workload compiled, instantiated and evaluated as an ES module in the context, unchanged. */
export function moduleHandler(isolate: IsolatedVM.Isolate, context: IsolatedVM.Context, workload: Workload, ctx: RunContext): IsolatedVM.Reference<unknown> | undefined {
  const module = isolate.compileModuleSync(workload.source, { filename: `file:///${workload.name}.js` })
  module.instantiateSync(context, (specifier) => {
    throw new Error(`workloads cannot import modules (imported ${specifier})`)
  })
  module.evaluateSync({ timeout: ctx.limits.timeoutMs })
  return module.namespace.getSync('default', { reference: true }) as IsolatedVM.Reference<unknown> | undefined
}

/**
 * The handler bound to the checked call (output-check.ts) inside the context: the answer is
 * checked and serialized in the isolate, and only its JSON text (within --max-output) crosses.
 */
function checkedCall(context: IsolatedVM.Context, handler: IsolatedVM.Reference<unknown>): IsolatedVM.Reference<unknown> {
  const bind = context.evalSync(`(() => { const call = ${CHECKED_CALL_SOURCE}; return (handler) => (inputJson, maxBytes) => call(handler, inputJson, maxBytes) })()`, { reference: true }) as IsolatedVM.Reference<(handler: unknown) => unknown>
  return bind.applySync(undefined, [handler.derefInto()], { result: { reference: true } }) as IsolatedVM.Reference<unknown>
}

/** One call of the handler under the isolate's timeout, bounded by the harness's own timer for a promise that never settles. */
async function callHandler(call: IsolatedVM.Reference<unknown>, isolate: IsolatedVM.Isolate, input: unknown, limits: Limits): Promise<unknown> {
  const { timeoutMs } = limits
  try {
    // The timer also keeps the event loop alive (without it node exits with 13), and waits a little
    // longer so that a spinning handler is stopped by the isolate's own timeout and says so.
    const json = await withTimeout(
      call.apply(undefined, [inputJson(input), maxOutputOf(limits)], { result: { promise: true, copy: true }, timeout: timeoutMs }),
      timeoutMs + PROMISE_TIMEOUT_GRACE_MS,
      `no answer within ${timeoutMs} ms (timeout)`,
    )
    return JSON.parse(json as string) as unknown
  } catch (error) {
    if (isolate.isDisposed) throw new Error('the isolate was disposed (memory limit exceeded?)')
    throw error
  }
}

/** Starts one instance of the variant: lease (phases of its own) → context → compile or handler. */
export async function startIsolateInstance(variant: IsolateVariant, ivm: Ivm, workload: Workload, ctx: RunContext): Promise<Instance> {
  const rssBeforeBytes = process.memoryUsage.rss()
  const phases: Phase[] = []
  let t = ctx.now()
  const mark: MarkPhase = (name) => {
    const now = ctx.now()
    phases.push({ name, ms: now - t })
    t = now
  }
  const leased = variant.lease(ivm, workload, ctx, mark)
  const { isolate, owned, release } = leased instanceof Promise ? await leased : leased
  let context: IsolatedVM.Context | undefined
  let stopped = false
  const stop = async () => {
    if (!stopped) release()
    stopped = true
    if (!isolate.isDisposed) context?.release()
    if (owned && !isolate.isDisposed) isolate.dispose()
  }
  const clock = edgeClock(ctx.now, 'the harness around the isolate\'s calls (same process: CLOCK_MONOTONIC; a call includes the hop to isolated-vm\'s thread)')
  try {
    context = isolate.createContextSync()
    mark('context')
    clock.boot()
    const handler = variant.handlerIn(isolate, context, workload, ctx)
    if (!handler || handler.typeof !== 'function') throw new Error('workload failed to load: the workload has no default export function')
    const call = checkedCall(context, handler)
    mark(variant.handlerPhase)
    clock.loaded()
    return {
      startPhases: phases,
      invoke: (input, options) => clock.timed(() => callHandler(call, isolate, input, ctx.limits), options?.repeat),
      repeats: true,
      sandboxTimes: clock.read,
      async memory() {
        const heap = isolate.isDisposed ? undefined : isolate.getHeapStatisticsSync()
        const rssGrowthBytes = process.memoryUsage.rss() - rssBeforeBytes
        if (!owned) return { rssGrowthBytes, sharedHeapBytes: heap?.used_heap_size }
        return { rssGrowthBytes, heapBytes: heap?.used_heap_size, externalBytes: heap?.externally_allocated_size }
      },
      stop,
    }
  } catch (error) {
    void stop()
    throw error
  }
}
