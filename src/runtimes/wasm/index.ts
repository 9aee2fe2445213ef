/**
 * wasm: the workload evaluated by QuickJS compiled to WebAssembly (quickjs-emscripten), in the
 * harness process: the model of Fastly Compute (a JavaScript engine compiled to wasm, one fresh
 * instance per request). QuickJS is an INTERPRETER, not a JIT: CPU-bound rows compare engines
 * (QuickJS vs V8) as well as sandboxes.
 * - `wasm`: a fresh WebAssembly instance per instance, with its own linear memory, from a module
 *   compiled once per harness process. Start = instantiate (new wasm instance) → runtime (QuickJS
 *   runtime + context) → compile (evaluate the workload module).
 * - `wasm:runtime`: one shared wasm instance; a fresh QuickJS runtime + context per instance,
 *   which shows what reusing the instance saves. Start = runtime → compile.
 * The first response is timed by the caller. Calls run synchronously on the harness thread
 * (a spinning neighbour holds up the others until its timeout), under the timeout (QuickJS's
 * interrupt handler). The memory limit is the cap on a fresh instance's linear memory; QuickJS's
 * own malloc limit does not count bytes in this build (quickjs.ts), so `wasm:runtime` instances
 * have no memory limit of their own: they share the one linear memory (up to 2 GiB).
 * Memory = growth of the harness RSS, QuickJS's heap, and (wasm) the instance's linear memory.
 * A stopped instance's linear memory is freed only by V8's garbage collector (JavaScript cannot free
 * a WebAssembly.Memory), so `instantiate` includes the full GCs that reclaim earlier instances.
 * A wasmtime host frees an instance's memory when it is dropped.
 */
import { edgeClock } from '../edge-clock.js'
import type { QuickJSWASMModule } from 'quickjs-emscripten'
import { loadQuickJs, loadWorkload, type QuickJs } from './quickjs.js'
import type { RuntimeOptions } from '../types.js'
import type { Instance, Phase, Runtime, RunContext, Workload } from '../types.js'

const MIB = 1024 * 1024
const INTERPRETER_NOTE = 'QuickJS is an interpreter (no JIT): CPU-bound rows compare engines as well as sandboxes'

interface Variant {
  name: 'wasm' | 'wasm:runtime'
  description: string
  /** The caveat printed under the table. */
  note: string
  /** What bounds an instance's memory, for the environment record. */
  memoryLimit: string
  /** Whether every instance gets its own WebAssembly instance (and linear memory). */
  isFreshModule: boolean
}

function createQuickJsRuntime(variant: Variant): Runtime {
  let shared: Promise<QuickJSWASMModule> | undefined
  const sharedModule = (quickjs: QuickJs) => (shared ??= quickjs.instantiate())
  return {
    name: variant.name,
    description: variant.description,
    channel: { detail: 'no stream: the harness calls the handler in the QuickJS instance and copies the result out' },
    async probe() {
      try {
        const quickjs = await loadQuickJs()
        return {
          available: true,
          info: {
            version: `quickjs-emscripten ${quickjs.version} (QuickJS ${quickjs.engine}, interpreter)`,
            details: {
              quickjsEmscripten: quickjs.version,
              quickjs: quickjs.engine,
              quickjsBuild: 'release-sync',
              wasmInstance: variant.isFreshModule ? 'per instance' : 'shared',
              wasmBytes: quickjs.wasmBytes,
              wasmCompileOnceMs: Math.round(quickjs.compileMs * 100) / 100,
              memoryLimit: variant.memoryLimit,
              inHarness: true,
              node: process.version,
            },
            note: variant.note,
          },
        }
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
        return { available: false, reason: `quickjs-emscripten does not load (${message})`, fix: 'npm install quickjs-emscripten (an optional dependency of isobench)' }
      }
    },
    async prepare() {
      const quickjs = await loadQuickJs()
      if (!variant.isFreshModule) await sharedModule(quickjs)
    },
    async start(workload: Workload, ctx: RunContext): Promise<Instance> {
      const quickjs = await loadQuickJs()
      const rssBeforeBytes = process.memoryUsage.rss()
      const t0 = ctx.now()
      const module = variant.isFreshModule ? await quickjs.instantiate(ctx.limits.memoryMb * MIB) : await sharedModule(quickjs)
      const phases: Phase[] = variant.isFreshModule ? [{ name: 'instantiate', ms: ctx.now() - t0 }] : []
      const memoryNote = variant.isFreshModule
        ? `the instance's wasm linear memory is capped at ${Math.max(16, ctx.limits.memoryMb)} MiB`
        : 'the shared wasm linear memory (2 GiB) is full'
      const clock = edgeClock(ctx.now, 'the harness around QuickJS\'s calls (the harness\'s own thread: CLOCK_MONOTONIC; the host provides the clock)')
      const tLoad = ctx.now()
      const loaded = loadWorkload(module, workload.source, ctx.limits, ctx.now, memoryNote)
      clock.boot(tLoad + (loaded.phases[0]?.ms ?? 0)) // the runtime phase ends as the workload's first line runs
      clock.loaded()
      return {
        startPhases: [...phases, ...loaded.phases],
        ...{ sandboxTimes: clock.read, repeats: true },
        async invoke(input, options) {
          // Run after the caller's synchronous code, not inside it: a caller that starts a request and
          // then another (a noisy neighbour, then a victim) sees the second wait for the first, as it
          // does on one thread, instead of the first finishing before the caller could go on.
          await undefined
          return clock.timed(() => loaded.call(input), options?.repeat)
        },
        async memory() {
          return {
            rssGrowthBytes: process.memoryUsage.rss() - rssBeforeBytes,
            heapBytes: loaded.memoryUsedBytes(),
            linearMemoryBytes: variant.isFreshModule ? module.getWasmMemory().buffer.byteLength : undefined,
          }
        },
        async stop() {
          try {
            loaded.dispose()
          } catch {
            // QuickJS aborted (a leaked handle): a shared wasm instance is unusable after that
            if (!variant.isFreshModule) shared = undefined
          }
        },
      }
    },
  }
}

/** `wasm`: a fresh WebAssembly instance of QuickJS per instance. */
export function createWasmRuntime(_options: RuntimeOptions): Runtime {
  return createQuickJsRuntime({
    name: 'wasm',
    description: 'QuickJS compiled to WebAssembly, a fresh wasm instance (own linear memory) per instance, in the harness process; QuickJS is an interpreter',
    note: INTERPRETER_NOTE,
    memoryLimit: 'the instance\'s linear memory, capped at max(16 MiB, --memory)',
    isFreshModule: true,
  })
}

/** `wasm:runtime`: a fresh QuickJS runtime per instance inside one shared WebAssembly instance. */
export function createWasmSharedRuntime(_options: RuntimeOptions): Runtime {
  return createQuickJsRuntime({
    name: 'wasm:runtime',
    description: 'QuickJS in one shared WebAssembly instance, a fresh QuickJS runtime + context per instance, in the harness process; QuickJS is an interpreter',
    note: `${INTERPRETER_NOTE}; wasm:runtime instances share one linear memory and have no memory limit of their own`,
    memoryLimit: 'none per instance: one shared linear memory (up to 2 GiB); QuickJS\'s setMemoryLimit does not count bytes in this build (quickjs-emscripten#271)',
    isFreshModule: false,
  })
}
