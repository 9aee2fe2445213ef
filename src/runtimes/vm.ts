/**
 * vm: a fresh `node:vm` context per instance, in the harness's own isolate and event loop. The
 * floor of in-process isolation: a new global object and built-ins, nothing else. NOT a security
 * boundary (Node's docs say so): the context shares the heap, the event loop and the process, and
 * code in it can reach the host's realm.
 *
 * The same workload bytes are run as a classic script: `vm.SourceTextModule` needs
 * --experimental-vm-modules, which isobench does not put on the harness, so the module is turned
 * into a script by the minimal transform of module-script.ts (`export default` removed or bound,
 * the source wrapped in a strict function); a workload of another shape fails to load, saying why.
 * Start = context (vm.createContext) → compile (compile the script and run it in the context, which
 * yields the handler). Inputs and outputs cross as JSON text, as they do over the process and
 * docker channels, so the handler only ever sees objects of its own realm. The context runs its
 * own promise jobs (microtaskMode 'afterEvaluate'), so the timeout covers an async handler too.
 */
import { getHeapStatistics } from 'node:v8'
import vm from 'node:vm'
import { edgeClock } from './edge-clock.js'
import { moduleToScript } from './module-script.js'
import { CHECKED_CALL_SOURCE, inputJson } from './output-check.js'
import { maxOutputOf, type RuntimeOptions } from './types.js'
import type { Instance, Runtime, RunContext, Workload } from './types.js'

/**
 * Calls the handler (a global of the context) on the JSON text of the input and leaves
 * `{ ok: <JSON text> }` or `{ error }` in a global once it settles, the answer checked in the
 * context first (output-check.ts). The context's microtasks run
 * before runInContext returns (microtaskMode 'afterEvaluate'), inside its timeout, so an async
 * handler has settled by then, or never will: a context has no event loop of its own.
 */
const INVOKER_SOURCE = `(() => {
  const settle = (result) => { globalThis.__isobench_result__ = result }
  const call = ${CHECKED_CALL_SOURCE}
  globalThis.__isobench_result__ = undefined
  call(globalThis.__isobench_handler__, globalThis.__isobench_input__, globalThis.__isobench_max_output__)
    .then((json) => settle({ ok: json }), (error) => settle({ error }))
})()`

/** An Error of the harness's realm from anything thrown in a context (whose Errors are not `instanceof Error` here). */
function hostError(thrown: unknown): Error {
  const message = (thrown as { message?: unknown } | null)?.message
  return new Error(typeof message === 'string' ? message : String(thrown))
}

/** The vm runtime: a node:vm context per instance. */
export function createVmRuntime(_options: RuntimeOptions): Runtime {
  const invoker = new vm.Script(INVOKER_SOURCE, { filename: 'isobench-invoke.js' })
  return {
    name: 'vm',
    description: 'a node:vm context per instance in the harness isolate (NOT a security boundary: shared heap and process)',
    channel: { detail: 'no stream: the harness calls the handler in its own isolate and process (not a security boundary)', shares: 'in the harness process' },
    async probe() {
      const context = vm.createContext({})
      const answer = vm.runInContext('6 * 7', context)
      if (answer !== 42) return { available: false, reason: 'a vm context computed a wrong answer', fix: 'check the Node installation' }
      return {
        available: true,
        info: {
          version: `node ${process.version} vm`,
          details: { node: process.version, v8: process.versions.v8, inHarness: true },
          note: 'not a security boundary: the context shares the harness\'s heap, event loop and process, and its code can reach the host',
        },
      }
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      // The text transform is the harness's (a platform would do it once per workload): not timed; a shape it refuses fails the load.
      let scriptSource: string
      try {
        scriptSource = moduleToScript(workload.source)
      } catch (error) {
        throw new Error(`workload failed to load: ${hostError(error).message}`)
      }
      const rssBeforeBytes = process.memoryUsage.rss()
      const t0 = ctx.now()
      // afterEvaluate: the context's promise jobs run within runInContext and its timeout; on the
      // harness's shared queue an async handler that loops would hang the harness for good.
      const context = vm.createContext({}, { microtaskMode: 'afterEvaluate' })
      const tContext = ctx.now()
      const clock = edgeClock(ctx.now, 'the harness around runInContext (the harness\'s own thread: CLOCK_MONOTONIC; a pause of the harness counts against the call)')
      clock.boot()
      try {
        const script = new vm.Script(scriptSource, { filename: workload.path })
        context.__isobench_handler__ = script.runInContext(context, { timeout: ctx.limits.timeoutMs })
      } catch (error) {
        throw new Error(`workload failed to load: ${hostError(error).message}`)
      }
      if (typeof context.__isobench_handler__ !== 'function') throw new Error('workload failed to load: the workload has no default export function')
      const tCompiled = ctx.now()
      clock.loaded()
      let stopped = false
      return {
        startPhases: [
          { name: 'context', ms: tContext - t0 },
          { name: 'compile', ms: tCompiled - tContext },
        ],
        sandboxTimes: clock.read,
        repeats: true,
        async invoke(input, options) {
          if (stopped) throw new Error('the vm instance was stopped')
          try {
            context.__isobench_input__ = inputJson(input)
            context.__isobench_max_output__ = maxOutputOf(ctx.limits)
            await clock.timed(() => invoker.runInContext(context, { timeout: ctx.limits.timeoutMs }), options?.repeat)
          } catch (error) {
            throw hostError(error)
          }
          const result = context.__isobench_result__ as { ok?: string; error?: unknown } | undefined
          if (!result) throw new Error('the handler\'s promise never settled (a vm context runs only while it is evaluated: it cannot wait for anything)')
          if (result.ok === undefined) throw hostError(result.error)
          return JSON.parse(result.ok) as unknown
        },
        async memory() {
          return { rssGrowthBytes: process.memoryUsage.rss() - rssBeforeBytes, sharedHeapBytes: getHeapStatistics().used_heap_size }
        },
        async stop() {
          // Nothing to free but references: the context is garbage once nothing points at it.
          stopped = true
          delete context.__isobench_handler__
        },
      }
    },
  }
}
