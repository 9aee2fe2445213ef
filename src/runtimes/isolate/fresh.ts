/** `isolate`: a fresh V8 isolate and context per instance. Start = isolate (new Isolate) → context → compile (the module, evaluated). */
import { isolateMemoryLimitMb } from '../hardening.js'
import { moduleHandler, type IsolateVariant } from './instance.js'

export function freshVariant(): IsolateVariant {
  return {
    description: 'a fresh V8 isolate + context per instance (isolated-vm), in the harness process',
    lease(ivm, _workload, ctx, mark) {
      const isolate = new ivm.Isolate({ memoryLimit: isolateMemoryLimitMb(ctx.limits) })
      mark('isolate')
      return { isolate, owned: true, release: () => {} }
    },
    handlerPhase: 'compile',
    handlerIn: moduleHandler,
  }
}
