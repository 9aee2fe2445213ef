/**
 * `isolate:context`: a fresh context per instance in one shared, warm isolate (created and used
 * once in prepare, untimed). Start = context → compile. Contexts share the isolate's heap, GC and
 * memory limit; a context is released at stop, its memory reclaimed by that isolate's GC.
 */
import type IsolatedVM from 'isolated-vm'
import { isolateMemoryLimitMb } from '../hardening.js'
import type { RunContext } from '../types.js'
import { moduleHandler, type IsolateVariant } from './instance.js'
import type { Ivm } from './load.js'

export function contextVariant(): IsolateVariant {
  /** The shared isolate; recreated when a workload exhausted its memory limit. */
  let shared: IsolatedVM.Isolate | undefined
  let sharedLimitMb = 0
  /** Contexts started and not yet stopped. */
  let liveContexts = 0
  const sharedIsolate = (ivm: Ivm, ctx: RunContext): { isolate: IsolatedVM.Isolate; isNew: boolean } => {
    const limitMb = isolateMemoryLimitMb(ctx.limits)
    // With no context in it, the shared isolate takes the limit the next instance asks for (a
    // scenario's own limits, after a prepare under the run's).
    const stale = liveContexts === 0 && limitMb !== sharedLimitMb
    if (shared && !shared.isDisposed && !stale) return { isolate: shared, isNew: false }
    if (shared && !shared.isDisposed) shared.dispose()
    shared = new ivm.Isolate({ memoryLimit: limitMb })
    sharedLimitMb = limitMb
    return { isolate: shared, isNew: true }
  }
  const dispose = () => {
    if (shared && !shared.isDisposed) shared.dispose()
    shared = undefined
  }
  /** Warm: the first context of an isolate costs more than the next ones. */
  const warm = (ivm: Ivm, ctx: RunContext) => sharedIsolate(ivm, ctx).isolate.createContextSync().release()
  return {
    description: 'a fresh context per instance in one shared, warm V8 isolate (isolated-vm): shared heap and GC',
    prepare: warm,
    quiesce(ivm, ctx) {
      // The shared isolate keeps the garbage of every context it held, freed whenever V8 collects
      // it; a fresh shared isolate makes that happen now.
      if (liveContexts > 0 || !shared) return
      dispose()
      warm(ivm, ctx)
    },
    cleanup: dispose,
    lease(ivm, _workload, ctx, mark) {
      const { isolate, isNew } = sharedIsolate(ivm, ctx)
      if (isNew) mark('isolate')
      liveContexts++
      return { isolate, owned: false, release: () => void liveContexts-- }
    },
    handlerPhase: 'compile',
    handlerIn: moduleHandler,
  }
}
