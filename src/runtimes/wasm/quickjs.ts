/**
 * QuickJS compiled to WebAssembly (quickjs-emscripten, release-sync build), for the wasm runtimes.
 * The wasm binary is compiled once per harness process (as an edge platform compiles a deployed
 * module ahead of time); every `instantiate()` then makes a new WebAssembly instance with its own
 * linear memory. QuickJS is an interpreter: CPU-bound workloads measure the engine as well as the
 * sandbox. Everything here is synchronous and runs on the harness's thread.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten'
import { maxOutputOf, type Clock, type Limits, type Phase } from '../types.js'
import { CHECKED_CALL_SOURCE, inputJson } from '../output-check.js'

type QuickJsLibrary = typeof import('quickjs-emscripten')
type VariantOptions = Parameters<QuickJsLibrary['newVariant']>[1]
type WasmModule = NonNullable<VariantOptions['wasmModule']>
type WasmMemory = NonNullable<VariantOptions['wasmMemory']>
/** Node's WebAssembly global (its types live in lib.dom, which a Node project does not load). */
const wasm = (globalThis as unknown as {
  WebAssembly: {
    compile(bytes: Uint8Array): Promise<WasmModule>
    Memory: new (descriptor: { initial: number; maximum: number }) => WasmMemory
  }
}).WebAssembly

const WASM_PAGE_BYTES = 65536
/** The build's initial linear memory (its INITIAL_MEMORY, 16 MiB), which its memory import requires. */
const INITIAL_MEMORY_BYTES = 16 * 1024 * 1024
/** The build's own maximum (2 GiB), used when no cap is asked for. */
const MAXIMUM_MEMORY_BYTES = 2 * 1024 * 1024 * 1024

/**
 * A linear memory for one instance, growable up to `maxBytes` (at least the build's initial 16 MiB).
 * This is the memory limit that holds: QuickJS's own setMemoryLimit does not count bytes in the
 * emscripten build (malloc_usable_size is 0 there; justjake/quickjs-emscripten#255, #271), while a
 * capped memory makes malloc fail, and QuickJS then throws "out of memory".
 */
export function linearMemory(maxBytes: number): WasmMemory {
  const maximum = Math.ceil(Math.min(MAXIMUM_MEMORY_BYTES, Math.max(INITIAL_MEMORY_BYTES, maxBytes)) / WASM_PAGE_BYTES)
  return new wasm.Memory({ initial: INITIAL_MEMORY_BYTES / WASM_PAGE_BYTES, maximum })
}

/** The library, its version and the compiled wasm module. */
export interface QuickJs {
  /** quickjs-emscripten's version. */
  version: string
  /** QuickJS's own release (`2025-09-13`). */
  engine: string
  /** The one-time compile of the wasm binary (not part of any cold start), and its size. */
  compileMs: number
  wasmBytes: number
  /**
   * A new WebAssembly instance of QuickJS from the precompiled module, with its own linear memory,
   * capped at `maxMemoryBytes` when given (else the build's 2 GiB).
   */
  instantiate(maxMemoryBytes?: number): Promise<QuickJSWASMModule>
}

let loaded: Promise<QuickJs> | undefined

/** Loads quickjs-emscripten and compiles its wasm once; rejects when the package is absent. */
export function loadQuickJs(): Promise<QuickJs> {
  loaded ??= (async () => {
    const library = (await import('quickjs-emscripten')) as QuickJsLibrary
    const require = createRequire(createRequire(import.meta.url).resolve('quickjs-emscripten/package.json'))
    const version = (require('quickjs-emscripten/package.json') as { version: string }).version
    const bytes = await readFile(require.resolve('@jitl/quickjs-wasmfile-release-sync/wasm'))
    const tCompile = performance.now()
    const wasmModule = await wasm.compile(bytes)
    const compileMs = performance.now() - tCompile
    // One variant per instance: variants do not compose (an outer one's options never reach the loader).
    const instantiate = (maxMemoryBytes?: number) =>
      library.newQuickJSWASMModule(library.newVariant(library.RELEASE_SYNC, { wasmModule, wasmMemory: linearMemory(maxMemoryBytes ?? MAXIMUM_MEMORY_BYTES) }))
    const probe = (await instantiate()).newRuntime()
    const engine = quickJsVersionOf(probe.dumpMemoryUsage()) ?? 'unknown'
    probe.dispose()
    return { version, engine, compileMs, wasmBytes: bytes.byteLength, instantiate }
  })()
  loaded.catch(() => (loaded = undefined))
  return loaded
}


/** A workload loaded in one QuickJS runtime + context. */
export interface QuickJsWorkload {
  /** How loading went, phase by phase. */
  phases: Phase[]
  /** One request through the handler (runs to completion on the calling thread). */
  call(input: unknown): unknown
  /** Bytes QuickJS has allocated for this runtime (its heap inside the linear memory). */
  memoryUsedBytes(): number | undefined
  /** Frees the context and runtime. Idempotent. */
  dispose(): void
}

/**
 * QuickJS's own count of bytes in use, from its memory dump (`memory used  <count>  <bytes>`).
 * The dump is read instead of computeMemoryUsage(), which allocates a helper context to answer.
 */
export function memoryUsedOf(dump: string): number | undefined {
  const match = /^memory used\s+\d+\s+(\d+)/m.exec(dump)
  return match ? Number(match[1]) : undefined
}

/** The QuickJS release date from the memory dump's first line (`QuickJS memory usage -- 2025-09-13 version`). */
export function quickJsVersionOf(dump: string): string | undefined {
  return /QuickJS memory usage -- (\S+) version/.exec(dump)?.[1]
}

/** What a full memory means, per runtime: `out of memory (<memoryNote>)`. */
function messageOf(context: QuickJSContext, error: QuickJSHandle, memoryNote: string): string {
  const dumped = context.dump(error) as unknown
  error.dispose()
  if (dumped && typeof dumped === 'object' && 'message' in dumped) {
    const { name, message } = dumped as { name?: string; message: unknown }
    if (name === 'InternalError' && message === 'interrupted') return 'the handler was interrupted at the time limit (timeout)'
    if (name === 'InternalError' && message === 'out of memory') return `out of memory (${memoryNote})`
    return String(message)
  }
  return typeof dumped === 'string' ? dumped : JSON.stringify(dumped)
}

/**
 * Evaluates the workload as an ES module in a new runtime + context of `module`, with the run's
 * limits. Phases: runtime (new runtime and context) → compile (evaluate the module, find the handler).
 * `memoryNote` says what bounds memory, for the "out of memory" message.
 */
export function loadWorkload(module: QuickJSWASMModule, source: string, limits: Limits, now: Clock, memoryNote: string): QuickJsWorkload {
  const t0 = now()
  const runtime: QuickJSRuntime = module.newRuntime()
  let deadline = Infinity
  runtime.setInterruptHandler(() => Date.now() > deadline)
  runtime.setMemoryLimit(limits.memoryMb * 1024 * 1024)
  runtime.setModuleLoader((name) => ({ error: new Error(`workloads cannot import modules (imported ${name})`) }))
  const context = runtime.newContext()
  const tRuntime = now()
  const handles: QuickJSHandle[] = []
  let disposed = false
  const dispose = () => {
    if (disposed) return
    disposed = true
    for (const handle of handles) if (handle.alive) handle.dispose()
    context.dispose()
    runtime.dispose()
  }
  // Runs `run` under the time limit, settles a returned promise, and hands back the value handle.
  const settle = (result: ReturnType<QuickJSContext['evalCode']>): QuickJSHandle => {
    if (result.error) throw new Error(messageOf(context, result.error, memoryNote))
    const handle = result.value
    runtime.executePendingJobs().dispose()
    const state = context.getPromiseState(handle)
    if (state.type === 'fulfilled') {
      if (!state.notAPromise) handle.dispose()
      return state.value
    }
    handle.dispose()
    if (state.type === 'rejected') throw new Error(messageOf(context, state.error, memoryNote))
    throw new Error('the handler\'s promise never settled (QuickJS runs no timers or I/O here)')
  }
  const limited = <T>(run: () => T): T => {
    deadline = Date.now() + limits.timeoutMs
    try {
      return run()
    } finally {
      deadline = Infinity
    }
  }
  try {
    const namespace = limited(() => settle(context.evalCode(source, 'workload.js', { type: 'module' })))
    handles.push(namespace)
    const handler = context.getProp(namespace, 'default')
    handles.push(handler)
    if (context.typeof(handler) !== 'function') throw new Error('workload failed to load: the workload has no default export function')
    // The handler's answer is checked inside QuickJS (output-check.ts): JSON text in, checked JSON text out.
    const glue = context.unwrapResult(context.evalCode(CHECKED_CALL_SOURCE, 'isobench-glue.js'))
    handles.push(glue)
    const tCompiled = now()
    return {
      phases: [
        { name: 'runtime', ms: tRuntime - t0 },
        { name: 'compile', ms: tCompiled - tRuntime },
      ],
      call(input) {
        if (disposed) throw new Error('the instance was stopped')
        const json = context.newString(inputJson(input))
        const maxBytes = context.newNumber(maxOutputOf(limits))
        try {
          const output = limited(() => settle(context.callFunction(glue, context.undefined, handler, json, maxBytes)))
          try {
            return JSON.parse(context.getString(output)) as unknown
          } finally {
            output.dispose()
          }
        } finally {
          json.dispose()
          maxBytes.dispose()
        }
      },
      memoryUsedBytes: () => memoryUsedOf(runtime.dumpMemoryUsage()),
      dispose,
    }
  } catch (error) {
    dispose()
    throw error instanceof Error && !/^workload failed to load/.test(error.message) ? new Error(`workload failed to load: ${error.message}`) : error
  }
}
